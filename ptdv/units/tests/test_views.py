"""Unit pages: scoped to the user's subtree (404 outside it), editable only by staff and admin (403)."""

import datetime

import pytest
from django.urls import reverse

from ptdv.audit.models import Event
from ptdv.units.models import Unit
from ptdv.units.selectors import UnitCounts

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Chi bộ Phòng Hành chính",
    "unit_type": "cell",
    "sector": "",
    "valid_from": "01/09/2024",
    "member_count": "9",
}


def page_urls(unit):
    return [
        reverse("units:detail", args=[unit.pk]),
        reverse("units:children", args=[unit.pk]),
        reverse("units:create", args=[unit.pk]),
        reverse("units:edit", args=[unit.pk]),
        reverse("units:close", args=[unit.pk]),
    ]


def test_every_unit_page_is_404_for_a_user_of_a_sibling_unit(client, tree, make_user):
    client.force_login(make_user(tree.cement, "staff", "committee", "cell_secretary", "viewer"))
    for unit in (tree.university, tree.cell_it, tree.bloc, tree.province, tree.city, tree.cell_village):
        for index, url in enumerate(page_urls(unit)):
            response = client.get(url)
            assert response.status_code == 404, url
            # the page's body (the header names the user's own unit, "Đơn vị P.B.C", which contains "Đơn vị P.B")
            assert unit.name.encode() not in response.content.split(b"<main", 1)[1]
            if index >= 2:  # the pages that write
                assert client.post(url, {**FORM, "code": "HACK", "parent_code": "P.B.C"}).status_code == 404, url
    assert not Unit.objects.filter(code="HACK").exists()


def test_unknown_and_malformed_ids_are_404(client, tree, make_user):
    client.force_login(make_user(tree.province, "admin"))
    assert client.get("/units/999999/").status_code == 404
    assert client.get("/units/abc/").status_code == 404


def test_the_tree_shows_only_the_users_subtree(client, tree, make_user):
    client.force_login(make_user(tree.university, "viewer"))
    response = client.get(reverse("units:tree"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "P.B.U.1" in body and "P.B.U.2" in body
    assert "P.B.C" not in body and "P.T" not in body
    response = client.get(reverse("units:tree"), {"q": "Đơn vị P"})
    assert "P.B.C" not in response.content.decode()  # search is scoped too


def test_tree_counts_members_and_units_per_node(client, tree, make_user):
    client.force_login(make_user(tree.province, "viewer"))
    response = client.get(reverse("units:tree"))
    nodes = dict(response.context["children"])
    by_code = {unit.code: counts for unit, counts in nodes.items()}
    # No roll is loaded: every figure is the units' declared one, and says so.
    assert by_code["P.B"].declared == 5 + 3 + 20 + 15 + 2 + 30 and by_code["P.B"].units == 5
    assert by_code["P.T"].declared == 4 + 1 + 12 and by_code["P.T"].units == 2
    assert by_code["P.B"].members == 0
    body = response.content.decode()
    bloc_node = body[body.index('data-code="P.B"') :]
    assert "75 đảng viên theo số liệu khai báo" in bloc_node[: bloc_node.index("</li>")]
    children = client.get(reverse("units:children", args=[tree.bloc.pk]))
    assert children.status_code == 200 and "P.B.U" in children.content.decode()
    assert "<html" not in children.content.decode()  # a fragment for htmx


def test_a_viewer_can_read_but_not_edit(client, tree, make_user):
    client.force_login(make_user(tree.bloc, "viewer", "committee", "cell_secretary"))
    assert client.get(reverse("units:detail", args=[tree.university.pk])).status_code == 200
    for url in page_urls(tree.university)[2:]:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {**FORM, "code": "NEW", "parent_code": "P.B"}).status_code == 403, url
    assert not Unit.objects.filter(code="NEW").exists()
    detail = client.get(reverse("units:detail", args=[tree.university.pk])).content.decode()
    assert reverse("units:edit", args=[tree.university.pk]) not in detail


def test_staff_creates_a_unit_and_sees_it(client, tree, make_user):
    staff = make_user(tree.bloc, "staff")
    client.force_login(staff)
    response = client.post(reverse("units:create", args=[tree.cement.pk]), {**FORM, "code": "P.B.C.9"})
    unit = Unit.objects.get(code="P.B.C.9")
    assert response.status_code == 302 and response["Location"] == reverse("units:detail", args=[unit.pk])
    assert unit.parent == tree.cement and unit.member_count == 9
    assert Event.objects.filter(action="unit.create", actor=staff, target_id=str(unit.pk)).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Chi bộ Phòng Hành chính" in page and "Đã thêm đơn vị" in page


def test_bad_input_gets_a_vietnamese_message_and_writes_nothing(client, tree, make_user):
    client.force_login(make_user(tree.province, "staff"))
    events = Event.objects.count()
    response = client.post(reverse("units:create", args=[tree.cement.pk]), {**FORM, "code": "p.b.u.1"})
    assert response.status_code == 422
    body = response.content.decode()
    assert "Mã đơn vị P.B.U.1 đã được dùng cho đơn vị khác" in body and "Chưa lưu" in body
    response = client.post(
        reverse("units:edit", args=[tree.bloc.pk]),
        {**FORM, "code": "P.B", "name": "Khối", "unit_type": "bloc", "parent_code": "P.B.U.1"},
    )
    assert response.status_code == 422
    assert "Không thể đặt đơn vị trực thuộc chính nó" in response.content.decode()
    response = client.post(reverse("units:close", args=[tree.university.pk]), {"valid_to": "30/06/2025"})
    assert response.status_code == 422
    assert "còn 2 đơn vị trực thuộc đang hoạt động" in response.content.decode()
    response = client.post(
        reverse("units:create", args=[tree.cement.pk]), {**FORM, "code": "Z", "valid_from": "31/02/2024"}
    )
    assert response.status_code == 422 and "valid_from" in response.context["form"].errors
    assert Event.objects.count() == events
    tree.bloc.refresh_from_db()
    assert tree.bloc.parent == tree.province and tree.bloc.valid_to is None
    assert not Unit.objects.filter(code="Z").exists()


def test_staff_edits_moves_and_closes(client, tree, make_user):
    client.force_login(make_user(tree.province, "staff"))
    response = client.post(
        reverse("units:edit", args=[tree.university.pk]),
        {**FORM, "code": "P.B.U", "name": "Đảng bộ Trường Đại học", "unit_type": "grassroots_committee",
         "parent_code": "p.t"},
    )  # fmt: skip
    assert response.status_code == 302
    tree.university.refresh_from_db()
    assert tree.university.parent == tree.city and tree.university.name == "Đảng bộ Trường Đại học"
    response = client.post(
        reverse("units:close", args=[tree.cell_kiln.pk]),
        {"valid_to": "30/06/2025", "successor_code": "P.B.U.2"},
    )
    assert response.status_code == 302
    tree.cell_kiln.refresh_from_db()
    assert str(tree.cell_kiln.valid_to) == "2025-06-30" and tree.cell_kiln.successor == tree.cell_econ
    detail = client.get(reverse("units:detail", args=[tree.cell_kiln.pk])).content.decode()
    assert "kết thúc hoạt động ngày 30/06/2025" in detail


def test_staff_cannot_close_or_move_their_own_unit(client, tree, make_user):
    client.force_login(make_user(tree.bloc, "staff"))
    assert client.get(reverse("units:close", args=[tree.bloc.pk])).status_code == 403
    form = client.get(reverse("units:edit", args=[tree.bloc.pk])).context["form"]
    assert "parent_code" not in form.fields


def test_unit_page_names_the_competent_committee(client, tree, make_user):
    client.force_login(make_user(tree.province, "viewer"))
    response = client.get(reverse("units:detail", args=[tree.cell_it.pk]))
    assert response.context["competent"] == tree.bloc
    assert "Cấp ủy có thẩm quyền quyết định kết nạp" in response.content.decode()


def test_anonymous_users_are_sent_to_login(client, tree):
    for url in [*page_urls(tree.university), reverse("units:tree"), "/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url


def test_user_without_unit_sees_nothing(client, tree, make_user):
    user = make_user(tree.bloc, "viewer")
    user.unit = None
    user.save()
    client.force_login(user)
    assert client.get(reverse("units:tree")).status_code == 403
    assert client.get(reverse("units:detail", args=[tree.bloc.pk])).status_code == 404


def _roll(unit, full=0, probationary=0, struck_off=0):
    from ptdv.reports.tests.factories import admit_many

    for status, count in (("full", full), ("probationary", probationary), ("struck_off", struck_off)):
        if count:
            admit_many(unit, count, datetime.date(2020, 6, 1), status=status)


def test_the_tree_and_the_unit_page_show_the_rolls_count_and_mark_what_is_declared(client, tree, make_user):
    """One member count (issue 15 item 10): where a unit's roll is loaded, the tree and the unit page count the roll
    (probationary and full members, as the roll page and the reports do) and its declared figure no longer counts;
    units whose roll is not loaded yet keep their declared figure, marked "theo số liệu khai báo"."""
    _roll(tree.cell_it, full=2, probationary=1, struck_off=1)  # declared 20: the roll says 3
    client.force_login(make_user(tree.province, "viewer"))
    response = client.get(reverse("units:tree"))
    by_code = {unit.code: counts for unit, counts in response.context["children"]}
    assert (by_code["P.B"].members, by_code["P.B"].declared) == (3, 5 + 3 + 15 + 2 + 30)
    assert (by_code["P.T"].members, by_code["P.T"].declared) == (0, 17)
    body = response.content.decode()
    bloc_node = body[body.index('data-code="P.B"') :]
    bloc_node = bloc_node[: bloc_node.index("</li>")]
    assert "3 đảng viên" in bloc_node and "+ 55 theo số liệu khai báo" in bloc_node and "75" not in bloc_node
    assert response.context["root_counts"] == UnitCounts(units=9, members=3, declared=55 + 10 + 17)

    cell = client.get(reverse("units:detail", args=[tree.cell_it.pk]))
    assert cell.context["counts"] == UnitCounts(units=0, members=3, declared=0)
    assert cell.context["own_counts"] == UnitCounts(units=0, members=3, declared=0)
    figures = cell.content.decode()
    assert (
        "khai báo"
        not in figures[
            figures.index('data-figure="members"') : figures.index("</dl>", figures.index('data-figure="members"'))
        ]
    )
    university = client.get(reverse("units:detail", args=[tree.university.pk]))
    assert university.context["counts"] == UnitCounts(units=2, members=3, declared=3 + 15)
    assert university.context["own_counts"] == UnitCounts(units=0, members=0, declared=3)
    rows = {unit.code: counts for unit, counts in university.context["children"]}
    assert rows["P.B.U.1"] == UnitCounts(units=0, members=3, declared=0)
    assert rows["P.B.U.2"] == UnitCounts(units=0, members=0, declared=15)
    # The roll page, the reports' composition and the API say the same 3 for the cell.
    roll = client.get(reverse("membership:list"), {"unit_code": "P.B.U.1"})
    assert roll.context["total"] == 3
    assert client.get("/reports/", {"unit": "P.B.U.1"}).context["composition"]["total"] == 3
    from ptdv.api.tests.conftest import Api

    api = Api(make_user(tree.province, "viewer"))
    units = {row["code"]: row for row in api.get("/units", limit=20).json()["items"]}
    assert (units["P.B.U.1"]["members_on_roll"], units["P.B.U.2"]["members_on_roll"]) == (3, 0)
    assert api.get(f"/units/{tree.cell_it.pk}").json()["members_on_roll"] == 3

    _roll(tree.cell_econ, struck_off=1)  # a roll with nobody current is loaded: 0 members, nothing declared
    econ = client.get(reverse("units:detail", args=[tree.cell_econ.pk]))
    assert econ.context["counts"] == UnitCounts(units=0, members=0, declared=0)


def test_the_trees_counts_cost_the_same_queries_whatever_the_number_of_children(tree, make_user):
    """Counting the roll per node is one grouped query for all the children, not a query per node."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ptdv.units.selectors import unit_children_with_counts
    from ptdv.units.services import unit_create

    user = make_user(tree.province, "viewer")
    _roll(tree.cell_it, full=2)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            rows = unit_children_with_counts(user=user, unit=tree.bloc)
        return len(captured), rows

    few, rows = queries()
    assert len(rows) == 2
    for n in range(6):
        cell = unit_create(
            actor=None, parent=tree.bloc, code=f"P.B.X{n}", name=f"Chi bộ X{n}", unit_type="cell",
            valid_from=datetime.date(2020, 1, 1), member_count=9,
        )  # fmt: skip
        _roll(cell, full=n + 1)
    many, rows = queries()
    assert len(rows) == 8 and many == few
    assert {unit.code: counts.members for unit, counts in rows}["P.B.X5"] == 6


def test_the_edit_form_asks_for_declared_members_only_while_the_roll_is_not_loaded(client, tree, make_user):
    client.force_login(make_user(tree.bloc, "staff"))
    edit = reverse("units:edit", args=[tree.cell_it.pk])
    assert "member_count" in client.get(edit).context["form"].fields
    _roll(tree.cell_it, full=1)
    form = client.get(edit).context["form"]
    assert "member_count" not in form.fields  # the roll counts the members now
    data = {**FORM, "code": "P.B.U.1", "name": "Chi bộ Khoa CNTT", "parent_code": "P.B.U"}
    del data["member_count"]
    assert client.post(edit, data).status_code == 302
    tree.cell_it.refresh_from_db()
    assert tree.cell_it.name == "Chi bộ Khoa CNTT" and tree.cell_it.member_count == 20  # kept as it was


def test_a_sibling_code_gets_the_words_of_an_unknown_code(client, tree, make_user):
    """Issue #14: moving a unit under, or closing it into, another organisation's unit answers as for a code that
    does not exist; nothing tells that the code is in use."""
    client.force_login(make_user(tree.cement, "staff", "admin"))
    edit = reverse("units:edit", args=[tree.cell_kiln.pk])
    close = reverse("units:close", args=[tree.cell_kiln.pk])
    base = {"code": "P.B.C.1", "name": "Chi bộ Lò nung", "unit_type": "cell", "sector": "", "valid_from": "01/01/2020",
            "member_count": 30}  # fmt: skip
    words = {}
    for code in ["P.B.U", "KHONG-CO"]:
        page = client.post(edit, {**base, "parent_code": code})
        words.setdefault("parent", set()).add(str(page.context["form"].errors["parent_code"]).replace(code, "…"))
        page = client.post(close, {"valid_to": "01/06/2026", "successor_code": code})
        words.setdefault("successor", set()).add(str(page.context["form"].errors["successor_code"]).replace(code, "…"))
    assert all(len(found) == 1 for found in words.values()), words
    assert Unit.objects.get(pk=tree.cell_kiln.pk).parent_id == tree.cement.pk


def test_unit_update_checks_the_actor_itself(tree, make_user):
    from django.core.exceptions import PermissionDenied

    from ptdv.units.services import unit_update

    sibling = make_user(tree.cement, "staff", "admin")
    unit = tree.cell_it
    with pytest.raises(PermissionDenied):
        unit_update(
            actor=sibling, unit=unit, code=unit.code, name="Đổi tên", unit_type=unit.unit_type, sector=unit.sector,
            may_admit=unit.may_admit, valid_from=unit.valid_from, parent=unit.parent, member_count=0,
        )  # fmt: skip
    assert Unit.objects.get(pk=unit.pk).name == unit.name
