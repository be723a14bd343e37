"""Who may manage which account, as plain Python (no database). `access.py` and the services apply these rules to
users; the tests check them at their edges (hypothesis over paths and role sets).

An administrator manages the accounts of their own unit's subtree, with these limits:
- never their own account's unit, roles or status (their own password: the profile page);
- never a superuser's account, and never superuser or staff status (only a superuser sets those);
- an account holding the `admin` role only strictly below their own unit (peers at the same unit do not manage
  each other, so one cannot lock the other out); likewise, the `admin` role is granted only strictly below;
- only roles their own roles cover: the `admin` role covers every role (an administrator already acts with the
  rights of each, see admission/access.py, units/access.py), any other role only itself.
A superuser manages every account but their own roles and unit (done on the command line, `ptdv createadmin`)."""

from collections.abc import Iterable
from dataclasses import dataclass

from ptdv.units.rules import is_in_subtree

VIEWER, CELL_SECRETARY, STAFF, COMMITTEE, ADMIN = "viewer", "cell_secretary", "staff", "committee", "admin"
ALL_ROLES = frozenset({VIEWER, CELL_SECRETARY, STAFF, COMMITTEE, ADMIN})


@dataclass(frozen=True)
class Account:
    """What the rules need to know about an account."""

    pk: int | None
    unit_path: str | None
    roles: frozenset[str]
    is_superuser: bool = False
    is_active: bool = True


def covered_roles(roles: Iterable[str]) -> frozenset[str]:
    """The roles an administrator holding `roles` may grant: every role for the `admin` role, else none (only
    administrators manage accounts)."""
    return ALL_ROLES if ADMIN in set(roles) else frozenset()


def _strictly_below(path: str | None, root: str | None) -> bool:
    return path is not None and root is not None and path != root and is_in_subtree(path, root)


def may_see_account(actor: Account, target: Account) -> bool:
    """May `actor` see `target` in the lists of accounts? Superusers see every account; an administrator the
    accounts of their subtree except superusers'; nobody else any."""
    if not actor.is_active:
        return False
    if actor.is_superuser:
        return True
    if ADMIN not in actor.roles or actor.unit_path is None:
        return False
    if target.is_superuser or target.unit_path is None:
        return False
    return is_in_subtree(target.unit_path, actor.unit_path)


def may_manage_account(actor: Account, target: Account) -> bool:
    """May `actor` change `target` (names, unit, roles, active, password)?"""
    if not may_see_account(actor, target) or (actor.pk is not None and actor.pk == target.pk):
        return False
    if actor.is_superuser:
        return True
    if ADMIN in target.roles:
        return _strictly_below(target.unit_path, actor.unit_path)
    return True


def placement_problems(actor: Account, *, unit_path: str | None, roles: Iterable[str]) -> list[str]:
    """What is wrong with giving an account `roles` in the unit at `unit_path`, done by `actor`: codes of
    the problems (the services turn them into messages), empty when allowed."""
    roles = frozenset(roles)
    problems = []
    unknown = roles - ALL_ROLES
    if unknown:
        problems.append("unknown_role")
    if actor.is_superuser:
        if roles and unit_path is None:
            problems.append("no_unit")
        return problems
    if unit_path is None:
        problems.append("no_unit")
        return problems
    if actor.unit_path is None or not is_in_subtree(unit_path, actor.unit_path):
        problems.append("unit_outside")
    if roles - unknown - covered_roles(actor.roles):
        problems.append("role_not_covered")
    if ADMIN in roles and not _strictly_below(unit_path, actor.unit_path or ""):
        problems.append("admin_not_below")
    return problems


def change_problems(actor: Account, before: Account, after: Account) -> list[str]:
    """What is wrong with changing the account `before` into `after` (same account), done by `actor`."""
    if not may_manage_account(actor, before):
        return ["not_manageable"]
    if after.is_superuser != before.is_superuser and not actor.is_superuser:
        return ["superuser"]
    problems = []
    if after.unit_path != before.unit_path or after.roles != before.roles:
        problems = placement_problems(actor, unit_path=after.unit_path, roles=after.roles)
        # Taking away a role is never an escalation: only the roles added must be covered.
        if "role_not_covered" in problems and not (after.roles - before.roles - covered_roles(actor.roles)):
            problems.remove("role_not_covered")
    return problems


# ---------------------------------------------------------------- password resets by the unit's staff


def may_see_for_reset(actor: Account, target: Account) -> bool:
    """May `actor`, holding the `staff` role, see `target` in the list of accounts whose passwords they reset? The
    accounts of their unit's subtree, superusers excepted."""
    if not actor.is_active or STAFF not in actor.roles or actor.unit_path is None:
        return False
    if target.is_superuser or target.unit_path is None:
        return False
    return is_in_subtree(target.unit_path, actor.unit_path)


def may_reset_password(actor: Account, target: Account) -> bool:
    """May `actor` set a new password on `target` (a user who forgot theirs)?

    An administrator: every account they manage (may_manage_account). The unit's staff (`staff` role): the accounts
    of their unit and the units below, with these limits, so that a reset never lets them act with more rights than
    their own:
    - never their own account (their own password: the profile page), a superuser's or an administrator's;
    - never an account of a unit above or beside theirs;
    - an account holding a role they do not hold themselves (committee, say) only strictly below their unit: a peer
      at their own unit with other rights is reset by an administrator."""
    if may_manage_account(actor, target):
        return True
    if not may_see_for_reset(actor, target) or (actor.pk is not None and actor.pk == target.pk):
        return False
    if ADMIN in target.roles:
        return False
    if target.roles - actor.roles:
        return _strictly_below(target.unit_path, actor.unit_path)
    return True
