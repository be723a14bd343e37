"""`ptdv demo`: an invented province with both kinds of units, one account per role, safe to run twice."""

import pytest
from django.core.management import call_command

from ptdv.accounts.models import Role, User
from ptdv.audit.models import Event
from ptdv.units.access import units_visible_to
from ptdv.units.models import Unit
from ptdv.units.selectors import unit_competent_committee, unit_subtree_counts

pytestmark = pytest.mark.django_db


def test_demo_loads_once_and_is_idempotent(capsys):
    call_command("demo")
    first = capsys.readouterr().out
    units, users, events = Unit.objects.count(), User.objects.count(), Event.objects.count()
    call_command("demo")
    second = capsys.readouterr().out
    assert (Unit.objects.count(), User.objects.count(), Event.objects.count()) == (units, users, events)
    assert "Đã tạo" in first and "Dữ liệu mẫu đã có sẵn" in second
    for username in ["quantri", "bantochuc", "dhbs.dangu", "cb.cntt", "xem.thanhpho"]:
        assert username in second
    assert "ptdv-demo-2026" in second


def test_demo_has_the_units_the_issue_describes():
    call_command("demo")
    names = set(Unit.objects.values_list("name", flat=True))
    for expected in ["Trường Đại học", "Cao đẳng Y tế", "Xi măng", "May xuất khẩu", "Cục Thuế", "Điện lực",
                     "thành phố Bình Sơn", "phường", "xã Tân An", "xã Yên Lạc"]:  # fmt: skip
        assert any(expected in name for name in names), expected
    province = Unit.objects.get(code="BS")
    counts = unit_subtree_counts(unit=province)
    assert counts.members > 500 and counts.units > 40
    merged = Unit.objects.get(code="BS.TP.YP")
    assert merged.valid_to is not None and merged.successor.code == "BS.TP.YL"
    cell = Unit.objects.get(code="BS.KCQ.DH.02")
    assert unit_competent_committee(unit=cell).code == "BS.KCQ"


def test_one_demo_account_per_role_each_scoped_to_its_unit():
    call_command("demo")
    roles = set()
    for user in User.objects.all():
        roles |= user.roles
        assert user.check_password("ptdv-demo-2026")
        assert units_visible_to(user).filter(pk=user.unit_id).exists()
    assert roles == set(Role.values)
    university_committee = User.objects.get(username="dhbs.dangu")
    assert not units_visible_to(university_committee).filter(code="BS.KCQ.XM").exists()


@pytest.mark.django_db
def test_the_demo_shows_a_referred_dossier_and_a_late_ceremony_with_its_approval():
    """issue #15: a dossier after three failed recognition votes waits for the committee above; a ceremony held
    late carries the approval of the committee above."""
    from django.core.management import call_command

    from ptdv.admission.models import Dossier

    call_command("demo", verbosity=0)
    referred = Dossier.objects.get(referred_on__isnull=False)
    assert referred.failed_recognition_votes == 3 and referred.failed_votes.count() == 3 and referred.is_open
    late = Dossier.objects.get(ceremony_allowed_until__isnull=False)
    assert late.stage == "ceremony" and late.ceremony_on <= late.ceremony_allowed_until
