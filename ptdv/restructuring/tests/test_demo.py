"""The demo's 2025 reform: the district dissolved, its communes under the province, two merged into a new one;
reports before the date show the old communes, after it the new one."""

import datetime

import pytest
from django.core.management import call_command

from ptdv.reports.movements import movements_report
from ptdv.reports.selectors import admissions_report
from ptdv.restructuring.models import RestructureAct
from ptdv.units.models import Unit

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_demo_shows_the_2025_reform():
    call_command("demo")
    district, new = Unit.objects.get(code="BS.XS"), Unit.objects.get(code="BS.XH")
    assert district.valid_to == D(2025, 6, 30) and district.successor.code == "BS"
    assert Unit.objects.get(code="BS.XS.SL").parent.code == "BS"
    assert Unit.objects.get(code="BS.XS.XA").successor == new
    assert Unit.objects.filter(parent=new).count() == 5
    early = admissions_report(unit=district, date_from=D(2025, 1, 1), date_to=D(2025, 6, 30))
    assert {row["code"] for row in early["units"]} == {"BS.XS.XA", "BS.XS.XB", "BS.XS.SL"}
    assert early["admitted"] == 7
    late = admissions_report(unit=new, date_from=D(2025, 7, 1), date_to=D(2025, 12, 31))
    assert late["admitted"] == 5
    province = movements_report(unit=Unit.objects.get(code="BS"), date_from=D(2025, 1, 1), date_to=D(2025, 12, 31))
    assert province["start"]["count"] + sum(g["count"] for g in province["gains"].values()) - sum(
        loss["count"] for loss in province["losses"].values()) == province["end"]["count"]  # fmt: skip
    call_command("demo")
    assert RestructureAct.objects.count() == 1
