"""Rules of the organisation tree, as plain Python (no database).

Sources: ../shared/domain/procedure.md ("Authority to decide", "Organisation levels") and statistics.md (unit types).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

# Levels, from statistics.md. Commune/ward committees have sat directly under the province since 1/7/2025 and act
# as the level above grassroots organisations (294-QĐ/TW); districts did so before.
ABOVE_GRASSROOTS_TYPES = frozenset({"province", "bloc", "district", "commune", "ward", "special_zone"})
GRASSROOTS_TYPES = frozenset({"grassroots_committee", "grassroots_cell"})
BELOW_GRASSROOTS_TYPES = frozenset({"sub_committee", "cell", "group"})

# Materialized path: each level adds one fixed-width step of base-36 digits, so a subtree is a prefix range and
# sorting by path lists a tree depth-first. 4 characters give 1,679,616 children per unit.
PATH_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
PATH_STEP = 4
PATH_MAX_LENGTH = 255
MAX_CHILDREN = len(PATH_ALPHABET) ** PATH_STEP


class AuthorityNode(Protocol):
    """What the authority rule needs to know about a unit (a Unit or a UnitNode)."""

    code: str
    unit_type: str
    may_admit: bool


@dataclass(frozen=True)
class UnitNode:
    """A unit as plain data."""

    code: str
    unit_type: str
    may_admit: bool


def competent_committee[T: AuthorityNode](chain: Sequence[T]) -> T | None:
    """The committee competent to decide admissions for the first unit of `chain`.

    `chain` is the unit itself, then its parent, and so on up to the root. The competent committee is the
    nearest unit (the unit itself included) authorised to admit (`may_admit`); failing that, the nearest
    ancestor above the grassroots level (procedure.md, "Authority to decide"). None when neither exists.
    """
    for node in chain:
        if node.may_admit:
            return node
    for node in chain[1:]:
        if node.unit_type in ABOVE_GRASSROOTS_TYPES:
            return node
    return None


def grassroots_of[T: AuthorityNode](chain: Sequence[T]) -> T | None:
    """The grassroots organisation a unit belongs to: the nearest grassroots unit in `chain` (the unit first)."""
    for node in chain:
        if node.unit_type in GRASSROOTS_TYPES:
            return node
    return None


def path_step(number: int) -> str:
    """The path step for the `number`-th child (0-based)."""
    if not 0 <= number < MAX_CHILDREN:
        raise ValueError(f"a unit can have at most {MAX_CHILDREN} children")
    digits = []
    for _ in range(PATH_STEP):
        number, rest = divmod(number, len(PATH_ALPHABET))
        digits.append(PATH_ALPHABET[rest])
    return "".join(reversed(digits))


def step_number(step: str) -> int:
    """Inverse of path_step."""
    if len(step) != PATH_STEP:
        raise ValueError(f"a path step has {PATH_STEP} characters")
    return int(step, 36)


def next_child_path(parent_path: str, last_child_path: str | None) -> str:
    """The path for a new child after the child with `last_child_path` (None when there is none yet)."""
    number = 0 if last_child_path is None else step_number(last_child_path[-PATH_STEP:]) + 1
    path = parent_path + path_step(number)
    if len(path) > PATH_MAX_LENGTH:
        raise ValueError("the unit tree is too deep")
    return path


def is_in_subtree(path: str, root_path: str) -> bool:
    """True when the unit at `path` is the unit at `root_path` or below it."""
    return path.startswith(root_path)


def depth_of(path: str) -> int:
    """1 for a root unit, 2 for its children, ..."""
    return len(path) // PATH_STEP
