"""Every write of the follow-up (one transaction, one audit event per row changed). A write the actor may not make,
or that does not fit the member, is refused with a Vietnamese message and a code, and writes nothing."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ptdv.audit.services import event_record
from ptdv.membership.models import Membership, MembershipStatus
from ptdv.membership.movements import may_record
from ptdv.units.models import Unit, subtree_q
from ptdv.units.selectors import unit_grassroots

from . import rules
from .models import (
    Band,
    ExemptionReason,
    Period,
    ProposalState,
    QuarterlyRating,
    Rating,
    ResidenceComment,
    ResidenceExemption,
    ResidenceLiaison,
    StrikeOffProposal,
)

ON_ROLL = (MembershipStatus.PROBATIONARY, MembershipStatus.FULL)


def followup_settings() -> rules.Settings:
    return rules.Settings(
        introduction_days=settings.PTDV_RESIDENCE_INTRODUCTION_WORKING_DAYS,
        min_months=settings.PTDV_RATING_MIN_MONTHS,
        cap_percent=settings.PTDV_RATING_EXCELLENT_CAP_PERCENT,
        screening_years=settings.PTDV_SCREENING_NOT_COMPLETED_YEARS,
    )


def refuse(code: str, message: str):
    raise ValidationError(message, code=code)


def _scope(actor, unit: Unit) -> None:
    if not may_record(actor, unit):
        refuse("out_of_scope", _("This member or unit is not in your units: contact the committee above."))


def _on_roll(membership: Membership) -> None:
    if membership.status not in ON_ROLL:
        refuse("not_on_roll", _("This member is no longer on the roll."))


def _not_future(day: datetime.date) -> None:
    if day > timezone.localdate():
        refuse("future", _("The date %(date)s is in the future.") % {"date": day.strftime("%d/%m/%Y")})


@transaction.atomic
def residence_introduce(
    *,
    actor,
    membership: Membership,
    letter_date: datetime.date,
    residence_unit: Unit | None = None,
    residence_place: str = "",
    letter_number: str = "",
) -> ResidenceLiaison:
    """The work cell's letter introducing the member to the cell where they live (213-QĐ/TW)."""
    _scope(actor, membership.unit)
    _on_roll(membership)
    _not_future(letter_date)
    residence_place = residence_place.strip()
    if (residence_unit is None) == (not residence_place):
        refuse("residence", _("Name the residence cell: a unit code of the system, or an organisation outside it."))
    if residence_unit is not None and residence_unit.pk == membership.unit_id:
        refuse("residence", _("The residence cell cannot be the member's own work cell."))
    if letter_date < membership.decision_date:
        refuse("before_admission", _("The letter cannot be dated before the admission."))
    if ResidenceLiaison.objects.filter(membership=membership, letter_date=letter_date).exists():
        refuse("duplicate", _("A letter of this date is already recorded for this member."))
    liaison = ResidenceLiaison.objects.create(
        membership=membership, work_unit=membership.unit, residence_unit=residence_unit,
        residence_place=residence_place, letter_date=letter_date, letter_number=letter_number.strip(),
        recorded_by=actor,
    )  # fmt: skip
    event_record(
        actor=actor, action="followup.residence_introduce", target=membership, unit=membership.unit,
        after={"residence_unit": residence_unit.pk if residence_unit else None, "residence_place": residence_place,
               "letter_date": letter_date.isoformat(), "letter_number": liaison.letter_number},
    )  # fmt: skip
    return liaison


@transaction.atomic
def residence_exempt(
    *,
    actor,
    membership: Membership,
    reason: str,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
    note: str = "",
) -> ResidenceExemption:
    """A member not introduced to a residence cell, for a reason of 33-HD/BTCTW (barracks, mobile work, students
    away): the introduction is not due while it lasts."""
    _scope(actor, membership.unit)
    _on_roll(membership)
    if reason not in ExemptionReason.values:
        refuse("reason", _("Choose the reason for the exemption."))
    if reason == ExemptionReason.OTHER and not note.strip():
        refuse("reason", _("Say what the other reason is."))
    if valid_to is not None and valid_to < valid_from:
        refuse("dates", _("The exemption cannot end before it starts."))
    exemption = ResidenceExemption.objects.create(
        membership=membership, reason=reason, note=note.strip(), valid_from=valid_from, valid_to=valid_to,
        recorded_by=actor,
    )  # fmt: skip
    event_record(
        actor=actor, action="followup.residence_exempt", target=membership, unit=membership.unit,
        after={"reason": reason, "valid_from": valid_from.isoformat(),
               "valid_to": valid_to.isoformat() if valid_to else None},
    )  # fmt: skip
    return exemption


@transaction.atomic
def residence_comment_record(
    *,
    actor,
    membership: Membership,
    year: int,
    received: bool,
    received_on: datetime.date | None = None,
    summary: str = "",
) -> ResidenceComment:
    """The residence cell's comments on the year: received (date, summary) or recorded as not received."""
    _scope(actor, membership.unit)
    if year > timezone.localdate().year or year < 1930:
        refuse("year", _("Choose a year up to this year."))
    if received and received_on is None:
        refuse("received_on", _("Give the date the comments were received."))
    if received_on is not None:
        _not_future(received_on)
    comment, created = ResidenceComment.objects.get_or_create(
        membership=membership, year=year,
        defaults={"received": received, "received_on": received_on if received else None,
                  "summary": summary.strip(), "recorded_by": actor},
    )  # fmt: skip
    before = None
    if not created:
        before = {"received": comment.received, "summary": comment.summary}
        comment.received, comment.received_on = received, received_on if received else None
        comment.summary, comment.recorded_by = summary.strip(), actor
        comment.save()
    event_record(
        actor=actor, action="followup.residence_comment", target=membership, unit=membership.unit, before=before,
        after={"year": year, "received": received, "summary": comment.summary},
    )  # fmt: skip
    return comment


def quarterly_for(unit: Unit) -> bool:
    """Whether `unit` or a unit above it rates its members quarterly too."""
    prefixes = [unit.path[:end] for end in range(4, len(unit.path) + 1, 4)]
    return QuarterlyRating.objects.filter(unit__path__in=prefixes).exists()


@transaction.atomic
def quarterly_set(*, actor, unit: Unit, quarterly: bool) -> None:
    """A committee's choice to rate quarterly too (366-QĐ/TW), for its whole subtree."""
    from ptdv.units.access import can_edit_unit

    if actor is not None and not can_edit_unit(actor, unit):
        refuse("out_of_scope", _("Only the unit's staff may change how its members are rated."))
    existing = QuarterlyRating.objects.filter(unit=unit).first()
    if quarterly and existing is None:
        QuarterlyRating.objects.create(unit=unit, since=timezone.localdate())
    elif not quarterly and existing is not None:
        existing.delete()
    else:
        return
    event_record(actor=actor, action="followup.quarterly", target=unit, unit=unit, after={"quarterly": quarterly})


@dataclass
class RatingResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)


def cap_warning(*, unit: Unit, year: int, period: str) -> str | None:
    """The 20% cap of statistics.md over the grassroots organisation of `unit`: a warning, not a refusal."""
    config = followup_settings()
    grassroots = unit_grassroots(unit=unit) or unit
    counts = Rating.objects.filter(subtree_q(grassroots.path, "unit__path"), year=year, period=period).aggregate(
        excellent=Count("pk", filter=Q(band=Band.EXCELLENT)), good=Count("pk", filter=Q(band=Band.GOOD))
    )
    if not rules.over_cap(counts["excellent"], counts["good"], config.cap_percent):
        return None
    return _(
        "%(unit)s rates %(excellent)s members excellent for %(period)s, more than %(cap)s%% of the %(good)s rated "
        "good (at most %(most)s): review the ratings."
    ) % {
        "unit": grassroots.name,
        "excellent": counts["excellent"],
        "good": counts["good"],
        "cap": f"{config.cap_percent:g}",
        "most": rules.excellent_cap(counts["good"], config.cap_percent),
        "period": period_label(year, period),
    }


def period_label(year: int, period: str) -> str:
    if period == Period.YEAR:
        return _("the year %(year)s") % {"year": year}
    return f"{Period(period).label} {year}"


def _check_rating(membership: Membership, year: int, period: str, band: str, config: rules.Settings) -> None:
    if period not in Period.values:
        refuse("period", _("Choose the whole year or a quarter."))
    if band not in Band.values:
        refuse("band", _("Choose one of the four rating bands."))
    if year < 1930 or rules.period_start(year, period) > timezone.localdate():
        refuse("year", _("This period has not started yet."))
    if not rules.rated(membership.decision_date, year, period, config.min_months):
        refuse(
            "too_new",
            _("Admitted less than %(months)s months before the end of the period: reviewed, not rated.")
            % {"months": config.min_months},
        )


def _write_rating(actor, membership: Membership, unit: Unit, year: int, period: str, band: str, note: str) -> str:
    """Create or update one rating with its event; 'created', 'updated' or 'unchanged'."""
    rating = Rating.objects.filter(membership=membership, year=year, period=period).first()
    note = note.strip()
    if rating is not None and rating.band == band and rating.note == note:
        return "unchanged"
    before = None
    if rating is None:
        rating = Rating(membership=membership, year=year, period=period)
    else:
        before = {"band": rating.band, "note": rating.note}
    rating.unit, rating.band, rating.note, rating.recorded_by = unit, band, note, actor
    rating.save()
    event_record(
        actor=actor, action="followup.rating", target=membership, unit=unit, before=before,
        after={"year": year, "period": period, "band": band, "note": note},
    )  # fmt: skip
    return "created" if before is None else "updated"


@transaction.atomic
def rating_set(
    *, actor, membership: Membership, year: int, period: str = "year", band: str, note: str = ""
) -> RatingResult:
    """One member's rating (the import, the API)."""
    _scope(actor, membership.unit)
    _check_rating(membership, year, period, band, followup_settings())
    result = RatingResult()
    outcome = _write_rating(actor, membership, membership.unit, year, period, band, note)
    setattr(result, outcome, 1)
    warning = cap_warning(unit=membership.unit, year=year, period=period)
    if warning:
        result.warnings.append(warning)
    return result


@transaction.atomic
def cell_ratings_record(
    *, actor, cell: Unit, year: int, period: str, bands: dict[int, tuple[str, str]]
) -> RatingResult:
    """The whole cell rated in one form after its year-end meeting: `bands` maps a membership id to (band, note);
    an empty band leaves the member unrated. Every member must be on the cell's roll; a problem with any member
    refuses the whole form (nothing written), naming the member."""
    _scope(actor, cell)
    config = followup_settings()
    members = {m.pk: m for m in Membership.objects.filter(unit=cell, status__in=ON_ROLL).select_related("person")}
    problems = []
    for membership_id, (band, _note) in bands.items():
        membership = members.get(membership_id)
        if membership is None:
            problems.append(_("A member in the form is not on this cell's roll."))
            continue
        if not band:
            continue
        try:
            _check_rating(membership, year, period, band, config)
        except ValidationError as error:
            problems.append(f"{membership.person.full_name}: {error.messages[0]}")
    if problems:
        raise ValidationError(problems, code="ratings")
    result = RatingResult()
    for membership_id, (band, note) in sorted(bands.items()):
        if band:
            outcome = _write_rating(actor, members[membership_id], cell, year, period, band, note)
            setattr(result, outcome, getattr(result, outcome) + 1)
    warning = cap_warning(unit=cell, year=year, period=period)
    if warning:
        result.warnings.append(warning)
    return result


@transaction.atomic
def strike_off_propose(*, actor, membership: Membership, proposed_on: datetime.date, reason: str) -> StrikeOffProposal:
    """The cell's proposal to strike the member off (roll.md); the competent committee decides on the roll."""
    _scope(actor, membership.unit)
    _on_roll(membership)
    _not_future(proposed_on)
    if not reason.strip():
        refuse("reason", _("Give the reason for the proposal."))
    if StrikeOffProposal.objects.filter(membership=membership, state=ProposalState.PENDING).exists():
        refuse("duplicate", _("A proposal to strike this member off is already pending."))
    proposal = StrikeOffProposal.objects.create(
        membership=membership, proposed_on=proposed_on, reason=reason.strip(), recorded_by=actor
    )
    event_record(
        actor=actor, action="followup.strike_off_propose", target=membership, unit=membership.unit,
        after={"proposed_on": proposed_on.isoformat()},
    )  # fmt: skip
    return proposal


@transaction.atomic
def strike_off_withdraw(*, actor, proposal: StrikeOffProposal) -> None:
    _scope(actor, proposal.membership.unit)
    if proposal.state != ProposalState.PENDING:
        refuse("state", _("This proposal is no longer pending."))
    proposal.state = ProposalState.WITHDRAWN
    proposal.save(update_fields=["state"])
    event_record(
        actor=actor, action="followup.strike_off_withdraw", target=proposal.membership,
        unit=proposal.membership.unit, before={"state": "pending"}, after={"state": "withdrawn"},
    )  # fmt: skip
