"""Who may see a dossier and who may record which step.

Seeing: the dossier's cell in the user's subtree. Acting, by who acts in procedure.md:
- the cell's steps (application to the cell's vote, the ceremony, the cell's recognition vote, withdrawal):
  cell secretaries, staff and admins whose subtree holds the cell;
- the grassroots committee's votes: committee members, staff and admins whose subtree holds the grassroots unit;
- decisions (admission, recognition, striking off, rejection): committee members, staff and admins whose subtree
  holds the competent committee (units.selectors.unit_competent_committee)."""

from django.db.models import QuerySet
from django.http import Http404

from ptdv.accounts.models import Role
from ptdv.units import rules as unit_rules
from ptdv.units.models import subtree_q
from ptdv.units.selectors import unit_competent_committee, unit_grassroots

from .models import Dossier

CELL, GRASSROOTS, COMPETENT = "cell", "grassroots", "competent"
ACTOR_ROLES = {
    CELL: (Role.CELL_SECRETARY, Role.STAFF, Role.ADMIN),
    GRASSROOTS: (Role.COMMITTEE, Role.STAFF, Role.ADMIN),
    COMPETENT: (Role.COMMITTEE, Role.STAFF, Role.ADMIN),
}


def dossiers_visible_to(user) -> QuerySet[Dossier]:
    if not user.is_authenticated or not user.is_active or user.unit_id is None:
        return Dossier.objects.none()
    return Dossier.objects.filter(subtree_q(user.unit.path, "unit__path"))


def acting_unit(dossier: Dossier, actor_kind: str):
    """The unit whose body records a step of `actor_kind`."""
    if actor_kind == CELL:
        return dossier.unit
    if actor_kind == GRASSROOTS:
        return unit_grassroots(unit=dossier.unit) or dossier.unit
    return dossier.decided_by or unit_competent_committee(unit=dossier.unit)


def can_act(user, dossier: Dossier, actor_kind: str) -> bool:
    unit = acting_unit(dossier, actor_kind)
    return (
        unit is not None
        and user.is_authenticated
        and user.is_active
        and user.unit_id is not None
        and user.has_role(*ACTOR_ROLES[actor_kind])
        and unit_rules.is_in_subtree(unit.path, user.unit.path)
    )


def access_dossier(user, pk) -> Dossier:
    try:
        return dossiers_visible_to(user).select_related("person", "unit").get(pk=int(pk))
    except (Dossier.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
