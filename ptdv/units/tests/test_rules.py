"""The organisation tree's rules (procedure.md, "Authority to decide")."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ptdv.units import rules
from ptdv.units.models import UnitType
from ptdv.units.rules import UnitNode, competent_committee


def node(unit_type, may_admit=False, code=None):
    return UnitNode(code=code or unit_type, unit_type=unit_type, may_admit=may_admit)


def test_an_authorised_grassroots_committee_decides_for_its_cells():
    cell = node("cell")
    grassroots = node("grassroots_committee", may_admit=True)
    bloc = node("bloc", may_admit=True)
    assert competent_committee([cell, grassroots, bloc]) is grassroots


def test_an_authorised_unit_decides_for_itself():
    grassroots = node("grassroots_committee", may_admit=True)
    assert competent_committee([grassroots, node("bloc")]) is grassroots


def test_without_authorisation_the_level_above_grassroots_decides():
    cell, sub = node("cell"), node("sub_committee")
    grassroots, district, province = node("grassroots_committee"), node("district"), node("province", True)
    assert competent_committee([cell, sub, grassroots, district, province]) is province
    # nearest authorised first; when nobody is authorised, the nearest ancestor above grassroots
    assert competent_committee([cell, sub, grassroots, district, node("province")]) is district


@pytest.mark.parametrize("above", ["province", "bloc", "district", "commune", "ward"])
def test_every_level_above_grassroots_counts(above):
    cell, grassroots, top = node("cell"), node("grassroots_cell"), node(above)
    assert competent_committee([cell, grassroots, top]) is top


def test_the_unit_itself_is_not_its_own_level_above():
    commune = node("commune")
    province = node("province")
    assert competent_committee([commune, province]) is province
    assert competent_committee([commune]) is None


def test_no_competent_committee_in_a_chain_of_grassroots_units_only():
    assert competent_committee([node("cell"), node("grassroots_committee")]) is None
    assert competent_committee([]) is None


def test_every_unit_type_is_placed_in_exactly_one_level():
    levels = [rules.ABOVE_GRASSROOTS_TYPES, rules.GRASSROOTS_TYPES, rules.BELOW_GRASSROOTS_TYPES]
    for unit_type in UnitType.values:
        assert sum(unit_type in level for level in levels) == 1, unit_type


chains = st.lists(
    st.builds(
        UnitNode,
        code=st.text(max_size=3),
        unit_type=st.sampled_from(UnitType.values),
        may_admit=st.booleans(),
    ),
    max_size=8,
)


@given(chains)
def test_competent_committee_matches_the_rule_for_any_chain(chain):
    found = competent_committee(chain)
    authorised = [i for i, n in enumerate(chain) if n.may_admit]
    if authorised:
        assert found is chain[authorised[0]]
    else:
        above = [i for i, n in enumerate(chain) if i > 0 and n.unit_type in rules.ABOVE_GRASSROOTS_TYPES]
        assert found is (chain[above[0]] if above else None)


@given(st.integers(min_value=0, max_value=rules.MAX_CHILDREN - 1))
def test_path_steps_round_trip_and_keep_order(number):
    step = rules.path_step(number)
    assert len(step) == rules.PATH_STEP
    assert rules.step_number(step) == number
    if number:
        assert rules.path_step(number - 1) < step  # binary order = numeric order, so sorting by path works


def test_path_step_limits():
    assert rules.path_step(0) == "0000"
    assert rules.path_step(rules.MAX_CHILDREN - 1) == "ZZZZ"
    with pytest.raises(ValueError):
        rules.path_step(rules.MAX_CHILDREN)
    with pytest.raises(ValueError):
        rules.path_step(-1)


def test_next_child_path():
    assert rules.next_child_path("", None) == "0000"
    assert rules.next_child_path("0001", None) == "00010000"
    assert rules.next_child_path("0001", "00010009") == "0001000A"
    with pytest.raises(ValueError):
        rules.next_child_path("0" * (rules.PATH_MAX_LENGTH - 3), None)


def test_subtree_membership_is_by_whole_steps():
    assert rules.is_in_subtree("00010002", "0001")
    assert rules.is_in_subtree("0001", "0001")
    assert not rules.is_in_subtree("0002", "0001")
    assert not rules.is_in_subtree("0001", "00010002")
    assert rules.depth_of("00010002") == 2


def test_grassroots_of_a_cell_is_its_grassroots_committee():
    cell, sub, grassroots, bloc = node("cell"), node("sub_committee"), node("grassroots_committee"), node("bloc")
    assert rules.grassroots_of([cell, sub, grassroots, bloc]) is grassroots
    assert rules.grassroots_of([grassroots, bloc]) is grassroots
    single = node("grassroots_cell")
    assert rules.grassroots_of([single, bloc]) is single
    assert rules.grassroots_of([bloc, node("province")]) is None


def test_edit_roles_are_the_accounts_roles():
    """units.access names the editing roles by value (accounts sits above units): they are accounts' roles."""
    from ptdv.accounts.models import Role
    from ptdv.units.access import EDIT_ROLES

    assert EDIT_ROLES == (Role.STAFF, Role.ADMIN)
