"""The term report's outcome sentences against the demo, figure by figure: each figure counted again here from the
raw rows, member by member (not by the grouped queries of ptdv/followup/outcomes.py)."""

import datetime
import io
import json
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from docx import Document

from ptdv.accounts.models import User
from ptdv.calendar.selectors import working_calendar
from ptdv.conftest import party_term
from ptdv.followup import rules
from ptdv.followup.models import Rating, ResidenceExemption, ResidenceLiaison
from ptdv.membership.models import Membership
from ptdv.people.rules import add_months
from ptdv.units.models import Unit

pytestmark = pytest.mark.django_db
D = datetime.date
BANDS = [("excellent", "hoàn thành xuất sắc nhiệm vụ"), ("good", "hoàn thành tốt nhiệm vụ"),
         ("completed", "hoàn thành nhiệm vụ"), ("not_completed", "không hoàn thành nhiệm vụ")]  # fmt: skip


def n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def expected_figures(root: Unit, date_from, date_to, today):
    """The figures counted member by member from the roll, the letters, the exemptions and the ratings."""
    units = {u.pk: u for u in Unit.objects.all()}

    def under(unit_id):
        return units[unit_id].path.startswith(root.path)

    def works(unit_id):
        path = units[unit_id].path
        return any(u.sector in rules.WORK_SECTORS and path.startswith(u.path) for u in units.values())

    admitted = Membership.objects.filter(decision_date__range=(date_from, date_to), admission_unit__isnull=False)
    cohort = [m for m in admitted if under(m.admission_unit_id)]
    calendar = working_calendar()
    residence = {"required": 0, "exempt": 0, "on_time": 0, "late": 0, "not_yet": 0}
    for m in cohort:
        if not works(m.admission_unit_id):
            continue
        residence["required"] += 1
        letters = sorted(
            x.letter_date for x in ResidenceLiaison.objects.filter(membership=m) if x.letter_date >= m.decision_date
        )
        exempt = any(
            e.valid_to is None or e.valid_to >= m.decision_date for e in ResidenceExemption.objects.filter(membership=m)
        )
        if exempt and not letters:
            residence["exempt"] += 1
            continue
        due = rules.introduction_deadline(m.ceremony_date or m.decision_date, calendar, 30).due
        if not letters:
            residence["not_yet"] += 1
        else:
            residence["on_time" if letters[0] <= due else "late"] += 1
    ratings = {}
    for rating in Rating.objects.filter(period="year", membership__in=cohort):
        ratings.setdefault(rating.year, {}).setdefault(rating.band, 0)
        ratings[rating.year][rating.band] += 1
    on_roll = {
        year: sum(1 for m in cohort if m.decision_date <= D(year, 12, 31) and not (m.ended_on and m.ended_on <= D(year, 12, 31)))  # noqa: E501
        for year in ratings
    }  # fmt: skip
    probation = {
        "full": sum(1 for m in cohort if m.full_member_date),
        "probationary": sum(1 for m in cohort if m.status == "probationary"),
        "struck_off": sum(1 for m in cohort if m.status == "struck_off"),
    }
    assert all(add_months(m.decision_date, 0) <= today for m in cohort)
    return len(cohort), residence, ratings, on_roll, probation


def test_the_term_report_reads_the_demo_figure_by_figure():
    call_command("demo")
    user = User.objects.get(username="bantochuc")
    client = Client()
    client.force_login(user)
    term = party_term("2020-2025")
    province = Unit.objects.get(code="BS")
    query = {"unit": "BS", "period": "term", "term": term.pk}
    page = client.get("/reports/admissions/", query)
    assert page.status_code == 200
    text = page.content.decode()
    section = text[text.index('id="outcomes"') :]
    section = section[: section.index("</section>")]
    sentences = [re.sub(r"\s+", " ", s) for s in re.findall(r"<p>(.*?)</p>", section, re.S)]
    admitted, residence, ratings, on_roll, probation = expected_figures(
        province, term.starts_on, term.ends_on, timezone.localdate()
    )
    assert admitted > 50 and residence["required"] > 20 and len(ratings) == 2  # the demo's two years of ratings
    expected = residence["required"] - residence["exempt"]
    head = sentences[0]
    assert head.startswith(f"Của {n(admitted)} đảng viên kết nạp trong nhiệm kỳ, {n(residence['required'])} đồng chí")
    assert f": {n(residence['on_time'])} đồng chí được giới thiệu đúng thời gian quy định (đạt " in head
    share = f"{residence['on_time'] * 100 / expected:.1f}".replace(".", ",")
    assert (
        f"(đạt {share}%)" in head
        or abs(float(head.split("(đạt ")[1].split("%")[0].replace(",", ".")) - residence["on_time"] * 100 / expected)
        < 0.051
    )
    assert f"{n(residence['late'])} đồng chí giới thiệu chậm" in head
    assert f"{n(residence['not_yet'])} đồng chí chưa được giới thiệu" in head
    for year, bands in sorted(ratings.items()):
        [sentence] = [s for s in sentences if s.startswith(f"Năm {year}, ")]
        assert f"của {n(on_roll[year])} đảng viên kết nạp trong nhiệm kỳ" in sentence
        for band, words in BANDS:
            assert re.search(rf"(^|[ :,]){n(bands.get(band, 0))} {words} \(", sentence), (band, sentence)
    last = sentences[-1]
    assert last.startswith(f"Đã có {n(probation['full'])} đồng chí được công nhận đảng viên chính thức")
    assert f"{n(probation['struck_off'])} đồng chí bị xóa tên" in last
    # The same figures in the JSON, the Excel rows and the Word report's sentences.
    data = json.loads(client.get("/reports/admissions/json/", query).content)
    assert data["outcomes"]["admitted"] == admitted
    assert data["outcomes"]["residence"]["on_time"]["count"] == residence["on_time"]
    assert "names" not in data["outcomes"]["residence"]
    word = Document(io.BytesIO(client.get("/reports/admissions/docx/", query).content))
    paragraphs = [p.text for p in word.paragraphs]
    assert head.replace("&#x27;", "'") in paragraphs
    assert client.get("/reports/admissions/xlsx/", query).status_code == 200
    # The dashboard shows the outcome sentences too; the names of the late are for the unit's own staff.
    assert "đúng thời gian quy định" in client.get("/reports/").content.decode()
    late = Unit.objects.get(code="BS.TP.TA")
    commune = client.get("/reports/admissions/", {**query, "unit": late.code}).content.decode()
    assert "Introduced late" not in commune
