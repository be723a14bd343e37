"""Who may manage which account (accounts/rules.py), at the edges and over generated trees."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ptdv.accounts import rules
from ptdv.accounts.rules import ADMIN, ALL_ROLES, CELL_SECRETARY, STAFF, VIEWER, Account

PROVINCE, DISTRICT, COMMUNE, OTHER_DISTRICT = "0001", "00010001", "000100010001", "00010002"


def admin_at(path, pk=1, **kw):
    return Account(pk=pk, unit_path=path, roles=frozenset({ADMIN}), **kw)


def account(path, *roles, pk=2, **kw):
    return Account(pk=pk, unit_path=path, roles=frozenset(roles), **kw)


def test_an_administrator_manages_the_accounts_of_their_subtree_only():
    district = admin_at(DISTRICT)
    assert rules.may_manage_account(district, account(COMMUNE, STAFF))
    assert rules.may_manage_account(district, account(DISTRICT, VIEWER))
    assert not rules.may_manage_account(district, account(PROVINCE, VIEWER))
    assert not rules.may_manage_account(district, account(OTHER_DISTRICT, VIEWER))
    assert not rules.may_see_account(district, account(PROVINCE, VIEWER))


def test_never_their_own_account_nor_a_peer_administrator_nor_a_superuser():
    district = admin_at(DISTRICT, pk=7)
    assert not rules.may_manage_account(district, admin_at(DISTRICT, pk=7))
    assert not rules.may_manage_account(district, admin_at(DISTRICT, pk=8))  # a peer at the same unit
    assert rules.may_manage_account(district, admin_at(COMMUNE, pk=9))  # an administrator below
    assert not rules.may_see_account(district, account(COMMUNE, pk=10, is_superuser=True))
    assert not rules.may_see_account(district, account(None, VIEWER))


def test_only_active_administrators_manage_accounts():
    assert not rules.may_manage_account(account(PROVINCE, STAFF, pk=1), account(COMMUNE, VIEWER))
    assert not rules.may_manage_account(admin_at(PROVINCE, is_active=False), account(COMMUNE, VIEWER))
    assert not rules.may_manage_account(admin_at(None), account(COMMUNE, VIEWER))


def test_a_unit_outside_the_subtree_or_the_admin_role_at_ones_own_level_is_refused():
    district = admin_at(DISTRICT)
    assert rules.placement_problems(district, unit_path=COMMUNE, roles={STAFF, CELL_SECRETARY}) == []
    assert rules.placement_problems(district, unit_path=PROVINCE, roles={VIEWER}) == ["unit_outside"]
    assert rules.placement_problems(district, unit_path=OTHER_DISTRICT, roles={VIEWER}) == ["unit_outside"]
    assert rules.placement_problems(district, unit_path=DISTRICT, roles={ADMIN}) == ["admin_not_below"]
    assert rules.placement_problems(district, unit_path=COMMUNE, roles={ADMIN}) == []
    assert rules.placement_problems(district, unit_path=COMMUNE, roles={"superuser"}) == ["unknown_role"]
    assert rules.placement_problems(district, unit_path=None, roles={VIEWER}) == ["no_unit"]


def test_a_change_that_widens_the_account_beyond_the_subtree_is_refused():
    district = admin_at(DISTRICT)
    staff = account(COMMUNE, STAFF)
    assert rules.change_problems(district, staff, account(PROVINCE, STAFF)) == ["unit_outside"]
    assert rules.change_problems(district, staff, account(COMMUNE, STAFF, is_superuser=True)) == ["superuser"]
    assert rules.change_problems(district, staff, account(COMMUNE, STAFF, is_active=False)) == []
    own = admin_at(DISTRICT, pk=2)
    assert rules.change_problems(admin_at(DISTRICT, pk=2), own, admin_at(PROVINCE, pk=2)) == ["not_manageable"]


def test_a_superuser_manages_everyone_but_themselves():
    root = Account(pk=1, unit_path=None, roles=frozenset(), is_superuser=True)
    assert rules.may_manage_account(root, admin_at(PROVINCE, pk=3))
    assert not rules.may_manage_account(root, Account(pk=1, unit_path=None, roles=frozenset(), is_superuser=True))
    assert rules.placement_problems(root, unit_path=PROVINCE, roles={ADMIN}) == []


def test_the_admin_role_covers_every_role_and_no_other_role_grants_any():
    assert rules.covered_roles({ADMIN}) == ALL_ROLES
    assert rules.covered_roles({STAFF, CELL_SECRETARY}) == frozenset()


steps = st.sampled_from(["0001", "0002"]).flatmap(
    lambda root: st.lists(st.sampled_from(["0001", "0002", "0003"]), max_size=3).map(lambda rest: root + "".join(rest))
)
role_sets = st.frozensets(st.sampled_from(sorted(ALL_ROLES)))


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)  # a shared, busy machine
@given(actor_path=steps, target_path=steps, new_path=steps, roles=role_sets, new_roles=role_sets)
def test_no_change_ever_places_an_account_outside_the_actors_subtree(
    actor_path, target_path, new_path, roles, new_roles
):
    actor = admin_at(actor_path)
    before = account(target_path, *roles)
    after = account(new_path, *new_roles)
    if not rules.change_problems(actor, before, after):
        changed = (new_path, new_roles) != (target_path, roles)
        assert target_path.startswith(actor_path)
        if changed:
            assert new_path.startswith(actor_path)
            if ADMIN in new_roles:
                assert new_path != actor_path
        if ADMIN in roles:
            assert target_path != actor_path
