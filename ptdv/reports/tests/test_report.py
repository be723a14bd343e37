"""The admissions report (statistics.md): a bloc with known admissions and quota, every figure checked."""

import datetime

import pytest

from ptdv.quotas.services import quota_set
from ptdv.reports.selectors import UnitNotInTree, admissions_report
from ptdv.reports.services import rollups_rebuild
from ptdv.units.services import unit_close, unit_update

from .factories import admit_many

pytestmark = pytest.mark.django_db
D = datetime.date
H1 = (D(2026, 1, 1), D(2026, 6, 30))


@pytest.fixture
def bloc_2026(tree):
    """227 admitted in the first half of 2026 against a yearly quota of 300: 110 workers at the cement works,
    41 students (8 of them pupils) and 76 employees at the university; 200 in the first half of 2025."""
    quota_set(actor=None, unit=tree.bloc, year=2026, quota=300)
    quota_set(actor=None, unit=tree.university, year=2026, quota=120)
    quota_set(actor=None, unit=tree.cement, year=2026, quota=200)
    admit_many(tree.cell_kiln, 100, D(2026, 3, 15), occupation="worker", youth_union=True)
    admit_many(tree.cell_kiln, 10, D(2026, 6, 30), occupation="worker", sex="female")  # the period's last day
    admit_many(tree.cell_it, 33, D(2026, 1, 1), occupation="university_student", birth_date=D(2005, 1, 1))
    admit_many(tree.cell_it, 8, D(2026, 5, 20), occupation="pupil", birth_date=D(2008, 5, 20))  # 18 that day
    admit_many(tree.cell_econ, 70, D(2026, 4, 2), sex="female", birth_date=D(1990, 4, 3))  # 35 the day before 36
    admit_many(tree.cell_econ, 6, D(2026, 2, 10), ethnicity="Tày", birth_date=D(1960, 1, 1))  # 66: over-60
    admit_many(tree.cell_econ, 5, D(2026, 7, 1))  # the day after: not counted
    admit_many(tree.cell_kiln, 3, D(2025, 12, 31), occupation="worker")  # the day before: not counted
    admit_many(tree.cell_kiln, 170, D(2025, 2, 1), occupation="worker")  # a year earlier
    admit_many(tree.cell_it, 30, D(2025, 6, 30), occupation="university_student")
    admit_many(tree.cell_it, 3, D(2025, 9, 1), occupation="university_student")  # 2025, second half
    return tree


def test_the_bloc_report_counts_every_figure(bloc_2026):
    report = admissions_report(unit=bloc_2026.bloc, date_from=H1[0], date_to=H1[1], today=D(2026, 11, 22))
    assert report["admitted"] == 227
    assert report["quota"] == 300
    assert report["quota_percent"] == pytest.approx(75.6667, abs=1e-4)
    occupation = report["by_occupation"]
    assert occupation["worker"] == {"count": 110, "percent": pytest.approx(110 / 227 * 100)}
    assert occupation["university_student"]["count"] == 33 and occupation["pupil"]["count"] == 8
    assert occupation["public_employee"]["count"] == 76 and occupation["farmer"] == {"count": 0, "percent": 0.0}
    assert report["student"] == {"count": 41, "percent": pytest.approx(41 / 227 * 100)}
    category = report["by_category"]
    assert category["woman"]["count"] == 80 and category["youth_union"]["count"] == 100
    assert category["ethnic_minority"]["count"] == 6 and category["readmitted"]["count"] == 0
    bands = report["by_age_band"]
    # Workers born 5/5/1995 are 30 in March and 31 on 30 June; pupils born 20/5/2008 turn 18 on their decision day.
    assert bands["18-30"]["count"] == 100 + 41 and bands["31-35"]["count"] == 10 + 70 and bands["over-60"]["count"] == 6
    assert sum(band["count"] for band in bands.values()) == 227
    ages = 100 * 30 + 10 * 31 + 33 * 21 + 8 * 18 + 70 * 35 + 6 * 66
    assert report["average_age"] == pytest.approx(ages / 227)


def test_the_comparison_with_a_year_earlier_and_the_whole_previous_year(bloc_2026):
    report = admissions_report(unit=bloc_2026.bloc, date_from=H1[0], date_to=H1[1], today=D(2026, 11, 22))
    previous = report["previous"]
    assert (previous["from"], previous["to"]) == ("2025-01-01", "2025-06-30")
    assert previous["admitted"] == 200 and previous["change"] == 27
    assert report["previous_year"]["year"] == 2025 and report["previous_year"]["admitted"] == 206
    # "học sinh, sinh viên là 41 đồng chí, vượt 8 đồng chí so với cả năm 2025"
    assert report["student"]["count"] - report["previous_year"]["student"]["count"] == 8


def test_child_units_lagging_and_units_that_admitted_nobody(bloc_2026):
    report = admissions_report(unit=bloc_2026.bloc, date_from=H1[0], date_to=H1[1], today=D(2026, 11, 22))
    units = {row["code"]: row for row in report["units"]}
    assert units["P.B.U"]["admitted"] == 117 and units["P.B.U"]["quota"] == 120
    assert units["P.B.C"]["admitted"] == 110 and units["P.B.C"]["quota_percent"] == pytest.approx(55.0)
    # Half a year of a 200 quota is 99.2 (181 of 365 days): the cement works are ahead, the university too.
    assert report["lagging"] == []
    quarter = admissions_report(unit=bloc_2026.bloc, date_from=D(2026, 4, 1), date_to=D(2026, 6, 30))
    lagging = {row["code"]: row for row in quarter["lagging"]}
    assert set(lagging) == {"P.B.C"}  # 10 against 200 × 91/365 ≈ 49.9
    assert lagging["P.B.C"]["prorated_quota"] == pytest.approx(200 * 91 / 365)
    assert quarter["none_admitted"] == []
    july = admissions_report(unit=bloc_2026.bloc, date_from=D(2026, 7, 1), date_to=D(2026, 7, 31))
    assert [row["code"] for row in july["none_admitted"]] == ["P.B.C"]
    assert [row["code"] for row in july["lagging"]] == ["P.B.C", "P.B.U"]


def test_a_unit_moved_later_still_reports_its_past_where_it_stood(bloc_2026, settings):
    # On 1 September 2026 the economics cell moves from the university to the cement works.
    import time_machine

    with time_machine.travel(datetime.datetime(2026, 9, 1, 8, 0, tzinfo=datetime.UTC), tick=False):
        cell = bloc_2026.cell_econ
        unit_update(
            actor=None, unit=cell, code=cell.code, name=cell.name, unit_type=cell.unit_type, sector=cell.sector,
            may_admit=False, valid_from=cell.valid_from, parent=bloc_2026.cement, member_count=0,
        )  # fmt: skip
    first_half = admissions_report(unit=bloc_2026.university, date_from=H1[0], date_to=H1[1])
    assert first_half["admitted"] == 117
    year = admissions_report(unit=bloc_2026.university, date_from=D(2026, 1, 1), date_to=D(2026, 12, 31))
    assert year["admitted"] == 41  # the tree at the end of the year: the cell is at the cement works now
    cement_year = admissions_report(unit=bloc_2026.cement, date_from=D(2026, 1, 1), date_to=D(2026, 12, 31))
    assert cement_year["admitted"] == 110 + 81


def test_a_closed_unit_reports_its_past_and_not_after_it_closed(bloc_2026):
    unit_close(actor=None, unit=bloc_2026.cell_kiln, valid_to=D(2026, 8, 31))
    assert admissions_report(unit=bloc_2026.cell_kiln, date_from=H1[0], date_to=H1[1])["admitted"] == 110
    assert admissions_report(unit=bloc_2026.cement, date_from=H1[0], date_to=H1[1])["admitted"] == 110
    with pytest.raises(UnitNotInTree):
        admissions_report(unit=bloc_2026.cell_kiln, date_from=D(2026, 1, 1), date_to=D(2026, 12, 31))


def test_struck_off_probationary_members_stay_counted_and_are_shown_apart(tree):
    admit_many(tree.cell_it, 3, D(2026, 2, 1))
    admit_many(tree.cell_it, 2, D(2026, 2, 1), status="struck_off")
    report = admissions_report(unit=tree.university, date_from=D(2026, 1, 1), date_to=D(2026, 12, 31))
    assert report["admitted"] == 5 and report["struck_off"] == 2


def test_an_empty_period_with_no_quota_and_a_unit_without_children(tree):
    report = admissions_report(unit=tree.cell_it, date_from=D(2026, 3, 1), date_to=D(2026, 3, 31))
    assert report["admitted"] == 0 and report["quota"] is None and report["quota_percent"] is None
    assert report["average_age"] is None and report["units"] == []
    assert report["by_occupation"]["worker"] == {"count": 0, "percent": None}


def test_partial_months_and_whole_months_give_the_same_counts_as_the_rollup_rebuild(bloc_2026):
    before = admissions_report(unit=bloc_2026.bloc, date_from=D(2026, 1, 2), date_to=D(2026, 6, 29))
    rollups_rebuild()
    after = admissions_report(unit=bloc_2026.bloc, date_from=D(2026, 1, 2), date_to=D(2026, 6, 29))
    assert before == after
    assert before["admitted"] == 227 - 33 - 10  # 1 January and 30 June left out


def test_the_rebuild_in_sql_gives_the_rollups_kept_admission_by_admission(bloc_2026):
    from ptdv.reports.models import AdmissionRollup

    def rows():
        return sorted(AdmissionRollup.objects.filter(value__gt=0).values_list("unit_id", "month", "key", "value"))

    admit_many(bloc_2026.cell_it, 2, D(2026, 2, 2), status="struck_off", ethnicity="Thái", readmitted=True)
    kept = rows()
    assert ("total" in {key for _u, _m, key, _v in kept}) and len(kept) > 50
    records, count = rollups_rebuild()
    assert records == 227 + 5 + 3 + 170 + 30 + 3 + 2 and rows() == kept and count == len(kept)
