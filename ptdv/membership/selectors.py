"""Reads of the roll that other areas need: who may help or introduce a candidate."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ptdv.people.models import Person
from ptdv.units.models import Unit, subtree_q
from ptdv.units.selectors import unit_grassroots

from .models import MembershipStatus


def full_members_of_grassroots(*, unit: Unit, exclude_person_id: int | None = None) -> QuerySet[Person]:
    """Full members of the grassroots organisation `unit` belongs to: the helpers and introducers it may have."""
    grassroots = unit_grassroots(unit=unit) or unit
    return (
        Person.objects.filter(
            subtree_q(grassroots.path, "membership__unit__path"), membership__status=MembershipStatus.FULL
        )
        .exclude(pk=exclude_person_id)
        .select_related("membership__unit")
        .order_by("full_name")
    )


def helper_problem(*, unit: Unit, person_id: int, helper: Person) -> str | None:
    """Why `helper` may not help the person `person_id` of `unit` (a candidate or a probationary member), or None:
    a helper is a full member of the same grassroots organisation (procedure.md, stages 0 and 10)."""
    membership = getattr(helper, "membership", None)
    if helper.pk == person_id:
        return _("A candidate cannot be their own helper.")
    if membership is None:
        return _("%(name)s is not a party member: a helper must be a full member.") % {"name": helper.full_name}
    if membership.status != MembershipStatus.FULL:
        return _("%(name)s is a probationary member: a helper must be a full member.") % {"name": helper.full_name}
    grassroots, helper_grassroots = unit_grassroots(unit=unit), unit_grassroots(unit=membership.unit)
    if grassroots is None or helper_grassroots is None or grassroots.pk != helper_grassroots.pk:
        return _(
            "%(name)s is a member of another grassroots organisation: the helper must be a full member of "
            "%(organisation)s."
        ) % {"name": helper.full_name, "organisation": grassroots.name if grassroots else unit.name}
    return None
