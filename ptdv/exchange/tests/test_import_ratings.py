"""The `ratings` import: citizen ID, year, period, band, note (exchange.md's style)."""

import datetime

import pytest

from ptdv.audit.models import Event
from ptdv.exchange.services import import_file
from ptdv.followup.models import Rating
from ptdv.followup.tests.conftest import new_member

from .conftest import xlsx
from .test_imports import run

pytestmark = pytest.mark.django_db
D = datetime.date
HEADER = ["Số CCCD", "Năm", "Kỳ", "Xếp loại", "Ghi chú"]


def test_ratings_import_labels_codes_idempotent_and_audited(tree, write_xlsx):
    a = new_member(tree.cell_it, decided=D(2020, 1, 1))
    b = new_member(tree.cell_kiln, decided=D(2020, 1, 1))
    rows = [HEADER, [a.person.citizen_id, 2025, "Cả năm", "Hoàn thành tốt nhiệm vụ", ""],
            [b.person.citizen_id, "2025", "", "excellent", "Gương mẫu"]]  # fmt: skip
    code, out, _err = run("ratings", write_xlsx(rows))
    assert code == 0 and "Đã thêm mới 2, cập nhật 0, giữ nguyên 0." in out
    assert Rating.objects.get(membership=b).band == "excellent"
    assert (
        run("ratings", write_xlsx(rows, "again.xlsx"))[1].strip().endswith("Đã thêm mới 0, cập nhật 0, giữ nguyên 2.")
    )
    assert Event.objects.filter(action="followup.rating").count() == 2


def test_ratings_import_all_or_nothing_with_the_six_month_rule(tree, write_xlsx):
    old = new_member(tree.cell_it, decided=D(2020, 1, 1))
    new = new_member(tree.cell_it, decided=D(2025, 7, 1))
    rows = [HEADER, [old.person.citizen_id, 2025, "Cả năm", "Tốt", ""],
            [new.person.citizen_id, 2025, "Cả năm", "Tốt", ""],
            ["001999999999", 2025, "Cả năm", "Tốt", ""],
            [old.person.citizen_id, 2025, "Quý V", "Tốt", ""]]  # fmt: skip
    code, out, err = run("ratings", write_xlsx(rows))
    assert code == 1 and not Rating.objects.exists()
    text = out + err
    assert 'dòng 3, cột "Năm"' in text and "6" in text  # reviewed, not rated
    assert 'dòng 4, cột "Số CCCD"' in text
    assert 'dòng 5, cột "Kỳ"' in text


def test_ratings_import_is_scoped_and_warns_of_the_cap(tree, make_user):
    staff = make_user(tree.cement, "staff")
    ours = [new_member(tree.cell_kiln, decided=D(2020, 1, 1)) for _ in range(3)]
    theirs = new_member(tree.cell_it, decided=D(2020, 1, 1))
    file = xlsx([HEADER, [theirs.person.citizen_id, 2025, "", "Tốt", ""]])
    refused = import_file(actor=staff, kind="ratings", file=file, dry_run=False, file_name="x.xlsx")
    assert not refused.ok and not Rating.objects.exists()
    rows = [
        HEADER,
        *[[m.person.citizen_id, 2025, "", band, ""] for m, band in zip(ours, ["Xuất sắc", "Tốt", "Tốt"], strict=True)],
    ]
    result = import_file(actor=staff, kind="ratings", file=xlsx(rows), dry_run=False, file_name="y.xlsx")
    assert result.ok and result.created == 3
    assert result.warnings and "20" in result.warnings[0]
