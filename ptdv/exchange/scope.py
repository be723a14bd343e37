"""What an import may touch: scope decided per existing record, not only per target unit (issue #14).

A row of a file names a target unit, but also — by its citizen ID, helper's citizen ID, card number or unit code —
records that already exist. Each such record is checked against the actor's units (their unit's subtree, for the
roles that import), so that a file can neither change nor pull in anything of another organisation.

**A person's units** (their anchors) are every unit that holds something of them:
- the unit of their record, `Person.unit` — it decides who sees them (people.access);
- the unit of their open pool entry;
- the unit of their membership, whatever its status (a struck-off member stays on their cell's roll);
- the unit of each of their open admission dossiers (not withdrawn, rejected, struck off nor completed).

An import may touch a person only when **every** anchor lies in the actor's units: one anchor elsewhere means
another organisation holds them (a member there, a dossier there, a record there), and moving or editing them would
take them from it. A person without pool entry, membership nor open dossier still has `Person.unit`, which is never
empty: the cell that last had them (a candidate who left the pool keeps it). So no person is unanchored, and
nobody may claim a person from below: only the managers of that cell and of the units above it — up to the
root, and the system (`actor=None`, the command line), which is unscoped. A person who moves to another organisation
is brought over by the committee both organisations share, as a transfer would be.

Refusals use the neutral messages below: the same words whatever makes the record unusable — it belongs to
someone of another organisation (a candidate, a member, full or probationary, struck off, anyone with a dossier) —
so that a file cannot be used to ask the database whose an ID is or what their party status is. Inside the actor's
units the importers keep their precise messages (the user may see those persons anyway)."""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from ptdv.admission.models import Dossier
from ptdv.admission.rules import TERMINAL
from ptdv.membership.models import Membership
from ptdv.people.models import Candidate, Person
from ptdv.units.access import EDIT_ROLES
from ptdv.units.rules import is_in_subtree


def person_unusable() -> str:
    return _("This citizen ID cannot be imported into your units: contact the organisation committee above.")


def helper_unusable() -> str:
    return _(
        "This citizen ID cannot be used for a helper in your units: a helper is a full member of the same "
        "grassroots organisation."
    )


def card_unusable() -> str:
    return _("This card number cannot be used in your units: contact the organisation committee above.")


def unit_not_yours(code: str) -> str:
    return _("None of the units you manage has the code %(code)s.") % {"code": code}


def parent_not_yours(code: str) -> str:
    return _("None of the units you manage has the code %(code)s, in the file or in the system.") % {"code": code}


def unit_code_unusable(code: str) -> str:
    return _(
        "The unit code %(code)s cannot be used in your units: choose another code, or contact the organisation "
        "committee above."
    ) % {"code": code}


def changed_meanwhile() -> str:
    return _("This person's records changed while the file was being imported: import the file again.")


class Scope:
    """The units an import's actor may touch. `actor` None (the command line) is unscoped."""

    def __init__(self, actor):
        self.unlimited = actor is None
        self.path: str | None = None
        if actor is not None and actor.is_active and actor.unit_id is not None and actor.has_role(*EDIT_ROLES):
            self.path = actor.unit.path

    def holds(self, path: str) -> bool:
        """Is the unit at `path` one of the actor's?"""
        return self.unlimited or (self.path is not None and is_in_subtree(path, self.path))

    def holds_unit(self, unit) -> bool:
        return self.holds(unit.path)

    def persons_outside(self, person_ids: Iterable[int], *, lock: bool = False) -> set[int]:
        """The persons among `person_ids` with an anchor outside the actor's units, in four queries whatever their
        number. With `lock`, the rows read are locked (SELECT … FOR UPDATE on PostgreSQL) until the transaction
        ends: the check made just before a write stays true while the write is made."""
        ids = sorted(set(person_ids))
        if self.unlimited or not ids:
            return set()

        def rows(queryset, person_field):
            if lock:
                queryset = queryset.select_for_update(of=("self",)).order_by("pk")  # one order: no deadlock
            return queryset.values_list(person_field, "unit__path")

        anchors = [
            rows(Person.objects.filter(pk__in=ids), "pk"),
            rows(Membership.objects.filter(person_id__in=ids), "person_id"),
            rows(Candidate.objects.filter(person_id__in=ids, left_on__isnull=True), "person_id"),
            rows(Dossier.objects.filter(person_id__in=ids).exclude(stage__in=[s.value for s in TERMINAL]), "person_id"),
        ]
        return {person_id for queryset in anchors for person_id, path in queryset if not self.holds(path)}
