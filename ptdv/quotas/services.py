from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ptdv.audit.services import event_record
from ptdv.units.access import can_edit_unit

from .models import Quota, Term, TermQuota


def _quota_write(*, actor, model, lookup: dict, quota: int, reason: str, problems: list, action: str, after: dict):
    """The rules every quota shares: set by the unit above (the actor manages the unit's parent; a root unit's quota
    only by the system), a whole number ≥ 0, a change needs a reason; the event keeps before, after and reason."""
    unit = lookup["unit"]
    if actor is not None and (unit.parent is None or not can_edit_unit(actor, unit.parent)):
        problems.insert(0, _("The quota of %(unit)s is set by the unit above it.") % {"unit": unit.name})
    if quota < 0:
        problems.append(_("The quota is a whole number, 0 or more."))
    existing = model.objects.select_for_update().filter(**lookup).first()
    if existing is not None and existing.quota != quota and not reason.strip():
        problems.append(_("Say why the quota changes from %(old)s to %(new)s.") % {"old": existing.quota, "new": quota})
    if problems:
        raise ValidationError({"__all__": problems})
    before = {"quota": existing.quota} if existing else None
    defaults = {"quota": quota, **({"set_by": actor} if model is Quota else {})}
    record, _created = model.objects.update_or_create(**lookup, defaults=defaults)
    if before is None or before["quota"] != quota:
        event_record(
            actor=actor,
            action=action,
            target=record,
            unit=unit,
            before=before,
            after={"quota": quota, **after, "reason": reason.strip()},
        )
    return record


@transaction.atomic
def quota_set(*, actor, unit, year: int, quota: int, reason: str = "") -> Quota:
    """Set a unit's quota for a year, by the unit above; a change needs a reason."""
    problems = [] if 2000 <= year <= 2100 else [_("Check the year %(year)s.") % {"year": year}]
    return _quota_write(
        actor=actor,
        model=Quota,
        lookup={"unit": unit, "year": year},
        quota=quota,
        reason=reason,
        problems=problems,
        action="quota.set",
        after={"year": year},
    )


@transaction.atomic
def term_quota_set(*, actor, unit, term: Term, quota: int, reason: str = "") -> TermQuota:
    """Set a unit's quota for a whole term, by the same rules as a yearly quota."""
    return _quota_write(
        actor=actor,
        model=TermQuota,
        lookup={"unit": unit, "term": term},
        quota=quota,
        reason=reason,
        problems=[],
        action="quota.term_set",
        after={"term": term.name},
    )
