"""A year of movements in the demo province, so that Biểu 1 reads like a real one: graduates leaving the
university's cells (some to other provinces, some to the city's wards), retirements from the tax office to the
residence cells, a move between the city and the bloc, a letter still awaiting receipt, deaths, an expulsion, a
strike-off, internal transfers, a temporary stay, exemptions for age, and members arriving from other provinces
(through the `movements` import, as an organisation would load them). Safe to run again: nothing is added once the
demo has movements."""

import datetime
import io
import random

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook

from ptdv.units.models import Unit, subtree_q

from . import movements as mv
from . import rules
from .models import Membership, MembershipStatus, RollEvent

OUTSIDE = ["Đảng bộ tỉnh Lào Cai", "Đảng bộ Khối các cơ quan Trung ương", "Đảng bộ thành phố Hà Nội",
           "Đảng bộ tỉnh Nghệ An"]  # fmt: skip


def _members(code: str, count: int, rng: random.Random, taken: set[int], *, full_only=True) -> list[Membership]:
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        return []
    statuses = [MembershipStatus.FULL] if full_only else [MembershipStatus.FULL, MembershipStatus.PROBATIONARY]
    found = list(
        Membership.objects.filter(subtree_q(unit.path, "unit__path"), status__in=statuses)
        .exclude(pk__in=taken)
        .select_related("unit", "person")
        .order_by("pk")[:200]
    )
    chosen = rng.sample(found, min(count, len(found)))
    taken.update(m.pk for m in chosen)
    return chosen


def _day(rng, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _attempt(call) -> bool:
    """Record one movement; one that does not fit the member's history (a probationer recognised after the chosen
    date, say) is left out, as the page would refuse it."""
    try:
        with transaction.atomic():
            call()
        return True
    except ValidationError:
        return False


def _unit(code: str) -> Unit | None:
    return Unit.objects.filter(code=code).first()


@transaction.atomic
def demo_movements_load(*, rng: random.Random) -> int:
    """Returns how many movements were recorded (0 when the demo already has them)."""
    if RollEvent.objects.filter(kind__in=rules.MOVEMENT_KINDS).exists():
        return 0
    today = timezone.localdate()
    year_ago = today - datetime.timedelta(days=330)
    taken: set[int] = set()
    count = 0
    number = iter(range(1, 1000))

    def letter() -> str:
        return ""  # the letter takes the next number of the issuing unit's register (…-GGT/CB)

    def official(m, destination_code, cell_code, on, reason, receive_after=(5, 25)):
        nonlocal count
        destination, cell = _unit(destination_code), _unit(cell_code)
        if destination is None or cell is None:
            return
        received = on + datetime.timedelta(days=rng.randint(*receive_after))

        def both():
            transfer = mv.transfer_issue(actor=None, membership=m, origin=m.unit, letter_date=on,
                                         letter_number=letter(), destination=destination, reason=reason)  # fmt: skip
            if received <= today:
                mv.transfer_receive(actor=None, transfer=transfer, cell=cell, on=received)

        count += _attempt(both)

    # Graduates of the university: to other provinces, and to the city's wards.
    summer = (datetime.date(today.year, 6, 15), datetime.date(today.year, 8, 31))
    if summer[1] > today:
        summer = (datetime.date(today.year - 1, 6, 15), datetime.date(today.year - 1, 8, 31))
    for m in _members("BS.KCQ.DH.05", 4, rng, taken, full_only=False):
        on, place = _day(rng, *summer), rng.choice(OUTSIDE)
        count += _attempt(lambda m=m, on=on, place=place: mv.transfer_issue(
            actor=None, membership=m, origin=m.unit, letter_date=on, letter_number=letter(), other_place=place,
            reason="study"))  # fmt: skip
    for m in _members("BS.KCQ.DH.05", 2, rng, taken, full_only=False):
        official(m, "BS.TP.HB", "BS.TP.HB.01", _day(rng, *summer), "new_job")
    # Retirements from the tax office to the residence cells.
    for m, (destination, cell) in zip(
        _members("BS.KCQ.THUE", 3, rng, taken),
        [("BS.TP.QT", "BS.TP.QT.01"), ("BS.TP.TA", "BS.TP.TA.02"), ("BS.TP.HB", "BS.TP.HB.03")],
        strict=False,
    ):
        official(m, destination, cell, _day(rng, year_ago, today - datetime.timedelta(days=40)), "retirement")
    # Between the city and the bloc.
    for m in _members("BS.TP.HB.05", 1, rng, taken):
        official(m, "BS.KCQ.DL", "BS.KCQ.DL.01", _day(rng, year_ago, today - datetime.timedelta(days=60)), "new_job")
    for m in _members("BS.KCQ.XM.02", 1, rng, taken):
        official(m, "BS.TP.YL", "BS.TP.YL.01", _day(rng, year_ago, today - datetime.timedelta(days=60)), "residence")
    # A letter issued ten days ago, still awaiting receipt (the transfers page of Yên Lạc shows it).
    for m in _members("BS.KCQ.XM.01", 1, rng, taken):
        destination = _unit("BS.TP.YL")
        if destination is not None:
            _attempt(lambda m=m, destination=destination: mv.transfer_issue(
                actor=None, membership=m, origin=m.unit, letter_date=today - datetime.timedelta(days=10),
                letter_number=letter(), destination=destination, reason="residence"))  # fmt: skip
    # Exits.
    exits = [("BS.TP.TA.01", "died", "TB/CB"), ("BS.TP.QT.02", "died", "TB/CB"),
             ("BS.KCQ.XM.03", "expelled", "QĐ/ĐU"), ("BS.KCQ.MAY.01", "struck_off", "QĐ/ĐU")]  # fmt: skip
    for code, kind, document in exits:
        for m in _members(code, 1, rng, taken):
            on = _day(rng, year_ago, today - datetime.timedelta(days=5))
            text = f"{next(number)}-{document}"
            count += _attempt(lambda m=m, kind=kind, on=on, text=text: mv.member_leave(
                actor=None, membership=m, kind=kind, on=on, document_number=text, document_date=on))  # fmt: skip
    # Internal transfers.
    for code, to in [("BS.KCQ.DH.01", "BS.KCQ.DH.04"), ("BS.KCQ.XM.01", "BS.KCQ.XM.03")]:
        target = _unit(to)
        for m in _members(code, 1, rng, taken):
            if target is not None:
                on = _day(rng, year_ago, today - datetime.timedelta(days=5))
                count += _attempt(lambda m=m, target=target, on=on: mv.transfer_internal(
                    actor=None, membership=m, to=target, on=on))  # fmt: skip
    # A temporary stay in a commune's cell (work on a project), and exemptions for age.
    host = _unit("BS.TP.TA.03")
    for m in _members("BS.KCQ.DL.03", 1, rng, taken):
        if host is not None:
            on = today - datetime.timedelta(days=rng.randint(30, 90))
            count += _attempt(lambda m=m, on=on: mv.transfer_temporary(
                actor=None, membership=m, host=host, on=on, until=on + datetime.timedelta(days=180),
                letter_number=letter(), reason="new_job"))  # fmt: skip
    for m in _members("BS.TP.HB.02", 2, rng, taken):
        on = _day(rng, year_ago, today)
        count += _attempt(lambda m=m, on=on: mv.member_exempt(actor=None, membership=m, on=on,
                                                              note="Tuổi cao, sức yếu"))  # fmt: skip
    count += _arrivals(rng, today, year_ago)
    return count


def _arrivals(rng: random.Random, today: datetime.date, year_ago: datetime.date) -> int:
    """Members arriving from other provinces, loaded as a `movements` workbook (exchange.md)."""
    from ptdv.exchange.formats import MOVEMENTS
    from ptdv.exchange.services import import_file

    workbook = Workbook()
    sheet = workbook.active
    sheet.append([column.header for column in MOVEMENTS])
    keys = [column.key for column in MOVEMENTS]
    rows = [
        ("038190000901", "BS.TP.HB.02", "Vũ Thị Thu Hà", "Nữ", datetime.date(1988, 4, 2), "Viên chức đơn vị sự nghiệp "
         "công lập", datetime.date(2014, 3, 3), datetime.date(2015, 3, 10)),
        ("038191000902", "BS.KCQ.CDYT.01", "Hoàng Văn Minh", "Nam", datetime.date(1991, 9, 14), "Viên chức đơn vị sự "
         "nghiệp công lập", datetime.date(2018, 5, 19), datetime.date(2019, 5, 28)),
    ]  # fmt: skip
    for citizen_id, unit, name, sex, birth, occupation, decided, full in rows:
        on = _day(rng, year_ago, today - datetime.timedelta(days=20))
        values = {
            "citizen_id": citizen_id, "kind": "Chuyển đến", "date": on.strftime("%d/%m/%Y"), "unit_code": unit,
            "other_place": rng.choice(OUTSIDE), "document_number": f"{rng.randint(10, 99)}-GGT/BTCTU",
            "document_date": (on - datetime.timedelta(days=7)).strftime("%d/%m/%Y"), "full_name": name,
            "birth_date": birth.strftime("%d/%m/%Y"), "sex": sex, "occupation": occupation,
            "decision_date": decided.strftime("%d/%m/%Y"), "full_member_date": full.strftime("%d/%m/%Y"),
        }  # fmt: skip
        sheet.append([values.get(key, "") for key in keys])
    stream = io.BytesIO()
    workbook.save(stream)
    stream.seek(0)
    result = import_file(actor=None, kind="movements", file=stream, file_name="bien-dong-chuyen-den.xlsx")
    return result.created
