"""The roll page (Đảng viên): the members of the user's units only, with counts by status, filters by unit, status,
name (no diacritics needed), card number and year of admission."""

import datetime
from urllib.parse import parse_qs

import pytest
from django.urls import reverse

from ptdv.membership.models import Membership
from ptdv.membership.services import membership_record, membership_strike_off
from ptdv.people.services import person_create

pytestmark = pytest.mark.django_db
D = datetime.date
_numbers = iter(range(1, 10_000))


ADMITTED = D(2020, 5, 19)


def member(unit, name, status="full", decided=ADMITTED, **extra):
    person = person_create(
        actor=None, unit=unit, full_name=name, sex="male", birth_date=D(1990, 1, 2),
        citizen_id=f"0010900{next(_numbers):05d}", occupation="public_employee", general_education="12/12",
    )  # fmt: skip
    full = D(decided.year + 1, decided.month, decided.day) if status == "full" else None
    return membership_record(
        actor=None, person=person, unit=unit, status="probationary" if status == "struck_off" else status,
        decision_date=decided, full_member_date=full, **extra,
    )  # fmt: skip


@pytest.fixture
def roll(tree):
    m = {
        "dung": member(tree.cell_it, "Nguyễn Văn Dũng"),
        "hoa": member(tree.cell_it, "Lê Thị Hoa", "probationary", D(2026, 2, 3)),
        "binh": member(tree.cell_econ, "Trần Văn Bình"),
        "kiln": member(tree.cell_kiln, "Phạm Văn Cường"),
        "gone": member(tree.cell_it, "Đỗ Văn Tâm", "struck_off", D(2025, 3, 3)),
    }
    membership_strike_off(actor=None, person=m["gone"].person, on=D(2025, 9, 1))
    m["dung"].card_number = "01234567"
    m["dung"].save()
    return m


def names(client, **params):
    if "q" in params:  # the filter form as the page sends it: POSTed, then its redirect without the words
        posted = client.post(reverse("membership:list"), params)
        assert posted.status_code == 302 and "q=" not in posted["Location"]
        response = client.get(posted["Location"])
    else:
        response = client.get(reverse("membership:list"), params)
    assert response.status_code == 200
    html = response.content.decode()
    return {n for n in ["Nguyễn Văn Dũng", "Lê Thị Hoa", "Trần Văn Bình", "Phạm Văn Cường", "Đỗ Văn Tâm"] if n in html}


def test_the_roll_shows_the_users_units_only_with_counts(client, tree, make_user, roll):
    client.force_login(make_user(tree.university, "viewer"))
    assert names(client) == {"Nguyễn Văn Dũng", "Lê Thị Hoa", "Trần Văn Bình"}  # not the kiln, not struck off
    html = client.get(reverse("membership:list")).content.decode()
    assert "3 đảng viên" in html and "Dự bị: 1; chính thức: 2." in html
    client.force_login(make_user(tree.cell_econ, "cell_secretary"))
    assert names(client) == {"Trần Văn Bình"}


def test_filters_by_status_unit_name_card_and_year(client, tree, make_user, roll):
    client.force_login(make_user(tree.bloc, "staff"))
    assert names(client, status="struck_off") == {"Đỗ Văn Tâm"}
    assert names(client, status="probationary") == {"Lê Thị Hoa"}
    assert len(names(client, status="all")) == 5
    assert names(client, unit_code="p.b.u.1") == {"Nguyễn Văn Dũng", "Lê Thị Hoa"}
    assert names(client, q="dung") == {"Nguyễn Văn Dũng"}  # no diacritics needed
    assert names(client, q="van cuong") == {"Phạm Văn Cường"}
    assert names(client, q="0123") == {"Nguyễn Văn Dũng"}  # the card number's start
    assert names(client, admitted_year=2026) == {"Lê Thị Hoa"}


def test_a_unit_outside_the_users_scope_is_refused_like_an_unknown_code(client, tree, make_user, roll):
    client.force_login(make_user(tree.cell_econ, "cell_secretary"))
    outside = client.get(reverse("membership:list"), {"unit_code": "P.B.C.1"}).content.decode()
    unknown = client.get(reverse("membership:list"), {"unit_code": "NOPE"}).content.decode()
    assert "Không có đơn vị nào mang mã P.B.C.1" in outside and "Phạm Văn Cường" not in outside
    assert "Không có đơn vị nào mang mã NOPE" in unknown
    assert names(client, unit_code="P.B.C.1") == {"Trần Văn Bình"}  # the filter is dropped, the scope stays


def test_bad_filters_say_what_to_fix(client, tree, make_user, roll):
    client.force_login(make_user(tree.university, "viewer"))
    html = client.get(reverse("membership:list"), {"admitted_year": "abc", "status": "x"}).content.decode()
    assert "Nhập năm bằng số, ví dụ 2025." in html
    assert "Hãy chọn một lựa chọn hợp lệ." in html
    assert "Nguyễn Văn Dũng" in html  # the roll stays, unfiltered


def test_the_roll_pages_by_fifty_with_the_count_from_the_status_counts(client, tree, make_user):
    for number in range(55):
        member(tree.cell_village, f"Hoàng Văn {number:02d}")
    client.force_login(make_user(tree.commune, "viewer"))
    first = client.get(reverse("membership:list")).content.decode()
    assert "55 đảng viên" in first and "Trang 1/2" in first and first.count("Hoàng Văn") == 50
    second = client.get(reverse("membership:list"), {"page": 2}).content.decode()
    assert second.count("Hoàng Văn") == 5 and "Hoàng Văn 54" in second


def test_a_card_number_or_citizen_id_never_goes_into_a_url_and_pages_keep_the_search(client, tree, make_user):
    for number in range(55):
        member(tree.cell_village, f"Hoàng Văn {number:02d}")
    client.force_login(make_user(tree.commune, "viewer"))
    posted = client.post(reverse("membership:list"), {"q": "hoang van", "status": "all", "unit_code": "P.T.X.1"})
    location = posted["Location"]
    assert posted.status_code == 302 and "hoang" not in location and "status=all" in location
    first = client.get(location).content.decode()
    assert "55 đảng viên" in first and 'value="hoang van"' in first
    key = parse_qs(location.split("?")[1])["s"][0]
    assert f"s={key}&amp;page=2" in first  # the next page's link carries the key, not the words
    second = client.get(location, {"page": 2}).content.decode()
    assert second.count("Hoàng Văn") == 5
    citizen_id = Membership.objects.filter(unit=tree.cell_village).first().person.citizen_id
    posted = client.post(reverse("membership:list"), {"q": citizen_id})
    assert citizen_id not in posted["Location"] and not any(c.isdigit() for c in posted["Location"])
    assert client.get(posted["Location"]).content.decode().count("Hoàng Văn") == 1
    typed = client.get(reverse("membership:list"), {"q": citizen_id}).content.decode()
    assert typed.count("Hoàng Văn") == 50 and "ô tìm kiếm" in typed  # not searched: the page says where to type


def test_a_bad_posted_filter_says_what_to_fix(client, tree, make_user, roll):
    client.force_login(make_user(tree.university, "viewer"))
    response = client.post(reverse("membership:list"), {"q": "dung", "admitted_year": "abc"})
    assert response.status_code == 422 and "Nhập năm bằng số, ví dụ 2025." in response.content.decode()
