"""The roll's history kept true: a membership's events replayed (membership.rules.replay) into the derived fields of
each event, the periods "the roll on a date" reads, and the membership's current unit and status.

Called in the transaction of every write that adds an event (the services, the imports, the admission steps)."""

from collections import defaultdict

from django.core.exceptions import ValidationError

from . import counts, rules
from .models import Membership, MembershipStatus, RollEvent, RollPeriod

CHUNK = 1000
DERIVED = ["unit_before", "unit_after", "status_before", "status_after"]


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def step_of(event: RollEvent) -> rules.Step:
    return rules.Step(
        key=event.pk,
        kind=event.kind,
        date=event.date,
        unit=event.unit_id,
        origin=event.origin_id,
        status=event.status,
        seq=event.pk or 0,
    )


def check(membership: Membership, new: RollEvent) -> rules.History:
    """Replay the membership's events with `new` among them (strict): ValidationError with the rule's code and
    message when it does not fit the member's history."""
    steps = [step_of(e) for e in RollEvent.objects.filter(membership=membership)]
    steps.append(rules.Step(key=None, kind=new.kind, date=new.date, unit=new.unit_id, origin=new.origin_id,
                            status=new.status, seq=10**12))  # fmt: skip
    try:
        return rules.replay(steps)
    except rules.HistoryProblem as problem:
        raise ValidationError(problem.message, code=problem.code) from None


def _status_of(final: rules.State, membership) -> tuple[str, int | None]:
    if final.on_roll:
        return final.status, final.unit
    return {
        rules.TRANSFER_OUT: MembershipStatus.TRANSFERRED_OUT,
        rules.DIED: MembershipStatus.DIED,
        rules.EXPELLED: MembershipStatus.EXPELLED,
        rules.STRUCK_OFF: MembershipStatus.STRUCK_OFF,
        rules.RESIGNED: MembershipStatus.RESIGNED,
    }.get(final.left, membership.status), final.unit


def history_rebuild(membership_ids, *, lenient: bool = False) -> dict[int, rules.History]:
    """Replay the events of these memberships and rewrite what derives from them. Strict by default (a problem
    raises ValidationError); `lenient` skips events that do not fit (bulk loads of an old roll)."""
    ids = sorted(set(membership_ids))
    results = {}
    for chunk in _chunks(ids):
        events = defaultdict(list)
        for event in RollEvent.objects.filter(membership_id__in=chunk):
            events[event.membership_id].append(event)
        memberships = {m.pk: m for m in Membership.objects.filter(pk__in=chunk)}
        old_periods = list(RollPeriod.objects.filter(membership_id__in=chunk).values_list(*counts.PERIOD_FIELDS))
        periods, changed_events, changed_members = [], [], []
        leave_dates = {}
        for pk in chunk:
            by_key = {e.pk: e for e in events.get(pk, [])}
            try:
                history = rules.replay([step_of(e) for e in by_key.values()], lenient=lenient)
            except rules.HistoryProblem as problem:
                raise ValidationError(problem.message, code=problem.code) from None
            results[pk] = history
            for item in history.replayed:
                event = by_key[item.step.key]
                values = (
                    item.before.unit if item.before.on_roll else None,
                    item.after.unit if item.after.on_roll else None,
                    item.before.status if item.before.on_roll else "",
                    item.after.status if item.after.on_roll else "",
                )
                if values != (event.unit_before_id, event.unit_after_id, event.status_before, event.status_after):
                    event.unit_before_id, event.unit_after_id, event.status_before, event.status_after = values
                    changed_events.append(event)
                if item.step.kind in rules.LEAVES:
                    leave_dates[pk] = item.step.date
            periods.extend(
                RollPeriod(
                    membership_id=pk,
                    unit_id=period.unit,
                    status=period.status,
                    exempted=period.exempted,
                    away_id=period.away or None,
                    away_outside=period.away == 0,
                    valid_from=period.valid_from,
                    valid_to=period.valid_to,
                )
                for period in history.periods
            )
            membership = memberships[pk]
            if not history.replayed:
                continue
            status, unit = _status_of(history.final, membership)
            ended = None if history.final.on_roll else leave_dates.get(pk)
            exempted = history.final.exempted
            if (membership.status, membership.unit_id, membership.ended_on, membership.exempted) != (
                status,
                unit or membership.unit_id,
                ended,
                exempted,
            ):
                membership.status, membership.unit_id = status, unit or membership.unit_id
                membership.ended_on, membership.exempted = ended, exempted
                changed_members.append(membership)
        new_periods = [(p.unit_id, p.status, p.exempted, p.away_id, p.away_outside, p.valid_from, p.valid_to)
                       for p in periods]  # fmt: skip
        if sorted(old_periods, key=repr) != sorted(new_periods, key=repr):
            # The roll's counts (membership.counts) follow the periods in this transaction.
            days = counts.days_ensure(min((p[5] for p in new_periods), default=None))
            counts.counts_change(old_periods, new_periods, days)
            RollPeriod.objects.filter(membership_id__in=chunk).delete()
            RollPeriod.objects.bulk_create(periods, batch_size=2000)
        RollEvent.objects.bulk_update(changed_events, [f"{name}_id" if name.startswith("unit") else name
                                                       for name in DERIVED], batch_size=2000)  # fmt: skip
        Membership.objects.bulk_update(changed_members, ["status", "unit", "ended_on", "exempted"], batch_size=2000)
    return results


BASE_KINDS = (rules.ADMITTED, rules.CEREMONY, rules.FULL)


def base_sync(memberships, *, actor=None, lenient: bool = True) -> None:
    """Make the admission's own events (decision, ceremony, recognition) match the memberships' fields, then
    replay: for members put on the roll or corrected by the members import, the admission services and the
    migration. A member loaded as struck off (a probationary member) gets their struck-off event too."""
    memberships = list(memberships)
    user = actor if getattr(actor, "pk", None) else None
    for chunk in _chunks(memberships):
        by_id = {m.pk: m for m in chunk}
        existing = defaultdict(dict)
        moved = set()
        for event in RollEvent.objects.filter(membership_id__in=list(by_id)):
            if event.kind in BASE_KINDS:
                existing[event.membership_id][event.kind] = event
            elif event.kind != rules.STRUCK_OFF:
                moved.add(event.membership_id)
        create, update, delete = [], [], []
        for pk, m in by_id.items():
            wanted = {rules.ADMITTED: m.decision_date, rules.CEREMONY: m.ceremony_date, rules.FULL: m.full_member_date}
            if m.arrived_on:  # arrived from outside the system: the history here starts with the transfer in
                later = m.full_member_date and m.full_member_date > m.arrived_on
                wanted = {rules.ADMITTED: None, rules.CEREMONY: None, rules.FULL: m.full_member_date if later else None}
            for kind, day in wanted.items():
                event = existing[pk].get(kind)
                if day is None:
                    if event is not None:
                        delete.append(event.pk)
                    continue
                unit_id = m.unit_id if kind == rules.ADMITTED and (event is None or pk not in moved) else None
                if event is None:
                    create.append(RollEvent(membership_id=pk, kind=kind, date=day, recorded_by=user,
                                            unit_id=unit_id if kind == rules.ADMITTED else None,
                                            document_number=m.decision_number if kind == rules.ADMITTED else "",
                                            status=rules.PROBATIONARY if kind == rules.ADMITTED else ""))  # fmt: skip
                elif event.date != day or (kind == rules.ADMITTED and unit_id and event.unit_id != unit_id):
                    event.date = day
                    if kind == rules.ADMITTED and unit_id:
                        event.unit_id = unit_id
                    update.append(event)
            if (
                m.status == MembershipStatus.STRUCK_OFF
                and m.ended_on
                and not RollEvent.objects.filter(membership_id=pk, kind=rules.STRUCK_OFF).exists()
            ):
                create.append(RollEvent(membership_id=pk, kind=rules.STRUCK_OFF, date=m.ended_on,
                                            recorded_by=user))  # fmt: skip
        RollEvent.objects.filter(pk__in=delete).delete()
        RollEvent.objects.bulk_update(update, ["date", "unit"], batch_size=2000)
        RollEvent.objects.bulk_create(create, batch_size=2000)
        history_rebuild(list(by_id), lenient=lenient)
