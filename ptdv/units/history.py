"""The tree as it stood on past days, answered from the placement history in memory for a batch of questions (the
reports ask it for thousands of admissions at once)."""

import datetime
from collections.abc import Iterable

from .models import UnitPlacement
from .rules import PATH_STEP

CHUNK = 2000  # ids per IN (…): far below SQLite's 32,766 parameters


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _covers(valid_from: datetime.date, valid_to: datetime.date | None, first: bool, day: datetime.date) -> bool:
    """Whether a placement holds on `day` (a unit's first placement also holds before its start date)."""
    return (first or valid_from <= day) and (valid_to is None or day <= valid_to)


class TreeHistory:
    """Where units stood, and which unit held a path, on given days."""

    def __init__(self):
        self._by_unit: dict[int, list[tuple]] = {}
        self._by_path: dict[str, list[tuple]] = {}

    def load_units(self, unit_ids: Iterable[int]) -> "TreeHistory":
        missing = sorted({pk for pk in unit_ids if pk not in self._by_unit})
        for pk in missing:
            self._by_unit[pk] = []
        for chunk in _chunks(missing):
            rows = UnitPlacement.objects.filter(unit_id__in=chunk).values_list(
                "unit_id", "valid_from", "valid_to", "is_first", "path"
            )
            for unit_id, valid_from, valid_to, first, path in rows:
                self._by_unit[unit_id].append((valid_from, valid_to, first, path))
        return self

    def last_day(self, unit_id: int) -> datetime.date | None:
        """The unit's last day in the tree (None while it stands)."""
        ends = [valid_to for _from, valid_to, _first, _path in self._by_unit.get(unit_id, ())]
        return None if not ends or None in ends else max(ends)

    def path_on(self, unit_id: int, day: datetime.date) -> str | None:
        for valid_from, valid_to, first, path in self._by_unit.get(unit_id, ()):
            if _covers(valid_from, valid_to, first, day):
                return path
        return None

    def _load_paths(self, paths: set[str]) -> None:
        missing = sorted(path for path in paths if path not in self._by_path)
        for path in missing:
            self._by_path[path] = []
        for chunk in _chunks(missing):
            rows = UnitPlacement.objects.filter(path__in=chunk).values_list(
                "path", "valid_from", "valid_to", "is_first", "unit_id"
            )
            for path, valid_from, valid_to, first, unit_id in rows:
                self._by_path[path].append((valid_from, valid_to, first, unit_id))

    def ancestors_on(self, pairs: Iterable[tuple[int, datetime.date]]) -> dict[tuple[int, datetime.date], list[int]]:
        """{(unit, day): the unit and every unit above it on that day} — for units that stood in the tree then."""
        pairs = set(pairs)
        self.load_units(unit_id for unit_id, _day in pairs)
        paths = {pair: self.path_on(*pair) for pair in pairs}
        prefixes = {path[:end] for path in paths.values() if path for end in range(PATH_STEP, len(path) + 1, PATH_STEP)}
        self._load_paths(prefixes)
        result = {}
        for (unit_id, day), path in paths.items():
            if path is None:
                result[(unit_id, day)] = []
                continue
            found = []
            for end in range(PATH_STEP, len(path) + 1, PATH_STEP):
                holders = [
                    (valid_from > day, holder)  # a placement that began by then before a first one reaching back
                    for valid_from, valid_to, first, holder in self._by_path.get(path[:end], ())
                    if _covers(valid_from, valid_to, first, day)
                ]
                if holders:
                    found.append(min(holders)[1])
            result[(unit_id, day)] = found
        return result


def moved_units(paths: list[str], date_from: datetime.date, date_to: datetime.date) -> set[int]:
    """Units that stood below any of `paths` at some time in [from, to] and moved during it (with their subtree,
    or alone): a placement of theirs that is not their first begins after `from` and by `to`. A unit created or
    closed in the period has not moved."""
    if not paths:
        return set()
    from django.db.models import Q

    from .models import subtree_q

    under = Q()
    for path in paths:
        under |= subtree_q(path)
    touched = UnitPlacement.objects.filter(under).filter(
        Q(valid_from__gt=date_from, valid_from__lte=date_to) | Q(valid_to__gte=date_from, valid_to__lt=date_to)
    )
    candidates = sorted(set(touched.values_list("unit_id", flat=True)))
    moved = set()
    for chunk in _chunks(candidates):
        moved.update(
            UnitPlacement.objects.filter(
                unit_id__in=chunk, valid_from__gt=date_from, valid_from__lte=date_to, is_first=False
            ).values_list("unit_id", flat=True)
        )
    return moved
