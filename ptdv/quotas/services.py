from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ptdv.audit.services import event_record
from ptdv.units.access import can_edit_unit

from .models import Quota, Term, TermQuota


class StaleQuota(ValidationError):
    """The quota changed after the form (or the API client) read it: nothing is written."""


def _quota_write(
    *,
    actor,
    model,
    lookup: dict,
    quota: int,
    reason: str,
    problems: list,
    action: str,
    after: dict,
    expected_version: int | None,
):
    """The rules every quota shares: set by the unit above (the actor manages the unit's parent; a root unit's quota
    only by the system), a whole number ≥ 0, a change needs a reason; the event keeps before, after and reason.

    `expected_version` is the version the user saw (0: no quota was set), checked here on the locked row: a save
    based on an older state is refused with StaleQuota and writes nothing. None skips the check (imports)."""
    unit = lookup["unit"]
    if actor is not None and (unit.parent is None or not can_edit_unit(actor, unit.parent)):
        problems.insert(0, _("The quota of %(unit)s is set by the unit above it.") % {"unit": unit.name})
    if quota < 0:
        problems.append(_("The quota is a whole number, 0 or more."))
    existing = model.objects.select_for_update().filter(**lookup).first()
    if not problems and expected_version is not None and (existing.version if existing else 0) != expected_version:
        stale = StaleQuota(
            _(
                "The quota of %(unit)s is now %(quota)s: someone set or changed it after this form was opened. "
                "Nothing was saved; check the figure, then save again."
            )
            % {"unit": unit.name, "quota": existing.quota if existing else "—"}
        )
        stale.current_version = existing.version if existing else 0
        raise stale
    if existing is not None and existing.quota != quota and not reason.strip():
        problems.append(_("Say why the quota changes from %(old)s to %(new)s.") % {"old": existing.quota, "new": quota})
    if problems:
        raise ValidationError({"__all__": problems})
    before = {"quota": existing.quota} if existing else None
    if existing is None:
        record = model.objects.create(**lookup, quota=quota, **({"set_by": actor} if model is Quota else {}))
    else:
        record = existing
        if existing.quota != quota:
            record.quota = quota
            record.version += 1
            if model is Quota:
                record.set_by = actor
            record.save()
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
def quota_set(*, actor, unit, year: int, quota: int, reason: str = "", expected_version: int | None = None) -> Quota:
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
        expected_version=expected_version,
    )


@transaction.atomic
def term_quota_set(
    *, actor, unit, term: Term, quota: int, reason: str = "", expected_version: int | None = None
) -> TermQuota:
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
        expected_version=expected_version,
    )
