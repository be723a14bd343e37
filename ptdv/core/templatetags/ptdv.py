from django import template

from ptdv.core.formatting import format_number, format_percent
from ptdv.core.registry import event_label as registry_event_label

register = template.Library()


@register.filter
def number(value, places=None):
    """{{ 3044|number }} → 3.044"""
    if value is None or value == "":
        return "—"
    return format_number(value, None if places is None else int(places))


@register.filter
def percent(value, places=1):
    """{{ 75.652|percent }} → 75,7%"""
    return format_percent(value, int(places))


@register.filter
def percent_of_one(value, places=1):
    """{{ 0.8|percent_of_one }} → 80,0%"""
    return format_percent(None if value is None else value * 100, int(places))


@register.filter
def changed_fields(event) -> str:
    """The names, in the user's language, of the fields an audit event changed."""
    from django.apps import apps
    from django.core.exceptions import FieldDoesNotExist

    try:
        model = apps.get_model(event.target_type)
    except (LookupError, ValueError):
        model = None
    labels = []
    for key in event.after or {}:
        try:
            labels.append(str(model._meta.get_field(key).verbose_name) if model else key)
        except FieldDoesNotExist:
            labels.append(key)
    return ", ".join(labels)


@register.filter
def get_item(mapping, key):
    """{{ labels|get_item:code }}"""
    return mapping.get(key, "") if mapping else ""


@register.filter
def event_label(event) -> str:
    """An audit event's action in the user's language: the app that writes the action names it
    (ptdv.core.registry; dossier moves by their stage's label), else a generic word."""
    from django.utils.translation import gettext as _

    label = registry_event_label(event.action)
    return _("Changed") if label is None else label
