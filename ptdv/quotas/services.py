from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ptdv.audit.services import event_record
from ptdv.units.access import can_edit_unit

from .models import Quota, Term, TermQuota


def _setter_problems(actor, unit) -> list[str]:
    if actor is not None and (unit.parent is None or not can_edit_unit(actor, unit.parent)):
        return [_("The quota of %(unit)s is set by the unit above it.") % {"unit": unit.name}]
    return []


@transaction.atomic
def quota_set(*, actor, unit, year: int, quota: int, reason: str = "") -> Quota:
    """Set a unit's quota for a year. The unit above sets it: the actor must manage the unit's parent (a root unit's
    quota only by the system). A change of an existing quota needs a reason; the event keeps before and after."""
    problems = _setter_problems(actor, unit)
    if not 2000 <= year <= 2100:
        problems.append(_("Check the year %(year)s.") % {"year": year})
    if quota < 0:
        problems.append(_("The quota is a whole number, 0 or more."))
    existing = Quota.objects.select_for_update().filter(unit=unit, year=year).first()
    if existing is not None and existing.quota != quota and not reason.strip():
        problems.append(_("Say why the quota changes from %(old)s to %(new)s.") % {"old": existing.quota, "new": quota})
    if problems:
        raise ValidationError({"__all__": problems})
    before = {"quota": existing.quota} if existing else None
    record, _created = Quota.objects.update_or_create(unit=unit, year=year, defaults={"quota": quota, "set_by": actor})
    if before is None or before["quota"] != quota:
        event_record(
            actor=actor,
            action="quota.set",
            target=record,
            unit=unit,
            before=before,
            after={"quota": quota, "year": year, "reason": reason.strip()},
        )
    return record


@transaction.atomic
def term_quota_set(*, actor, unit, term: Term, quota: int, reason: str = "") -> TermQuota:
    """Set a unit's quota for a whole term, by the same rules as a yearly quota."""
    problems = _setter_problems(actor, unit)
    if quota < 0:
        problems.append(_("The quota is a whole number, 0 or more."))
    existing = TermQuota.objects.select_for_update().filter(unit=unit, term=term).first()
    if existing is not None and existing.quota != quota and not reason.strip():
        problems.append(_("Say why the quota changes from %(old)s to %(new)s.") % {"old": existing.quota, "new": quota})
    if problems:
        raise ValidationError({"__all__": problems})
    before = {"quota": existing.quota} if existing else None
    record, _created = TermQuota.objects.update_or_create(unit=unit, term=term, defaults={"quota": quota})
    if before is None or before["quota"] != quota:
        event_record(
            actor=actor,
            action="quota.term_set",
            target=record,
            unit=unit,
            before=before,
            after={"quota": quota, "term": term.name, "reason": reason.strip()},
        )
    return record
