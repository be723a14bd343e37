from typing import Any

from django.db import models, transaction

from .models import Event


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """The values of `fields` as JSON-friendly data (foreign keys by id, dates as ISO text)."""
    data: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        value = getattr(instance, field.attname)
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        data[name] = value
    return data


def event_record(
    *,
    actor,
    action: str,
    target: models.Model,
    unit=None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> Event:
    """Record a change. Must run inside the transaction that makes the change."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("event_record must be called inside the transaction that makes the change")
    if before is not None and after is not None:
        changed = {k for k in after if before.get(k) != after.get(k)}
        before = {k: v for k, v in before.items() if k in changed}
        after = {k: v for k, v in after.items() if k in changed}
    return Event.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        unit=unit,
        before=before,
        after=after,
    )
