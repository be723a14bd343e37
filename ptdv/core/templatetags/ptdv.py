from django import template

from ptdv.core.formatting import format_number, format_percent

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
    """An audit event's action in the user's language (dossier moves by their stage's label)."""
    from django.utils.translation import gettext as _

    from ptdv.admission.models import DossierStage

    prefix, _sep, name = event.action.partition(".")
    if prefix == "dossier":
        if name in DossierStage.values:
            return str(DossierStage(name).label)
        return {
            "open": _("Dossier opened"),
            "failed_vote": _("Record a vote that did not pass"),
            "returned": _("Return for correction"),
            "introduction_redone": _("Introduction papers redone"),
            "corrected": _("Correct the last step"),
            "ceremony_approval": _("Approval of a later ceremony by the committee directly above"),
            "particulars": _("Over 60, re-admission"),
            "probation": _("Probation"),
        }.get(name, _("Dossier changed"))
    return _("Changed")
