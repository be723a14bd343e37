"""What the step forms start with (issue 15, items 10 and 14): nothing that would pass a check on its own — the
introducers' months together are left to the cell — and, where the system knows it, what is recorded: the roll's
full members for the votes' denominators, the pool's helper for probation, the committee's signer for 9-KNĐ and
16-KNĐ, which the documents and the register carry."""

import pytest
from django.urls import reverse
from django.utils import timezone

from ptdv.admission import services
from ptdv.documents.filling import form_context
from ptdv.documents.models import IssuedDocument
from ptdv.documents.selectors import dossier_facts
from ptdv.people.services import helper_assign
from ptdv.units.services import unit_create

from .conftest import D, cell_vote, member, up_to_comments

pytestmark = pytest.mark.django_db


def step_url(dossier, stage):
    return reverse("admission:step", args=[dossier.pk, stage])


def test_the_introducers_months_start_empty_and_11_is_refused(client, world, frozen_today):
    """procedure.md "Introducers": each introducer has worked, studied or lived with the applicant for at least 12
    months. The form no longer offers 12: the cell states the months, and 11 is refused."""
    w = world
    dossier = services.dossier_open(actor=w["secretary"], candidate=w["candidate"], opened_on=D(2025, 1, 6))
    dossier = services.dossier_record_application(
        actor=w["secretary"], dossier=dossier, application_on=D(2025, 1, 6), cv_on=D(2025, 1, 20)
    )
    client.force_login(w["secretary"])
    url = step_url(dossier, "introduction")
    form = client.get(url).context["form"]
    assert form["months_1"].value() is None and form["months_2"].value() is None
    data = {
        "version": dossier.version, "kind_1": "member", "member_1": w["intro1"].pk, "months_1": "11",
        "dated_1": "03/02/2025", "kind_2": "member", "member_2": w["intro2"].pk, "months_2": "24",
        "dated_2": "03/02/2025",
    }  # fmt: skip
    refused = client.post(url, data)
    assert refused.status_code == 422
    assert (
        "người giới thiệu thứ 1 mới công tác, học tập hoặc sinh sống cùng người xin vào Đảng 11 tháng: "
        "cần ít nhất 12 tháng" in refused.content.decode()
    )
    assert client.post(url, {**data, "months_1": "12"}).status_code == 302


def test_the_cell_votes_denominator_starts_from_the_full_members_the_roll_counts(client, world, frozen_today):
    """procedure.md "Votes": the denominator is the cell's full members (probationary members do not vote) — the
    roll's figure, its groups' members included, as the unit page and the roll page count them."""
    w = world
    group = unit_create(
        actor=None, parent=w["tree"].cell_it, code="P.B.U.1.T1", name="Tổ đảng 1", unit_type="group",
        valid_from=D(2020, 1, 1),
    )  # fmt: skip
    member(group, "001080000009", "Vũ Văn Hải")
    dossier = up_to_comments(w)
    client.force_login(w["secretary"])
    form = client.get(step_url(dossier, "cell_vote")).context["form"]
    roll = client.get(reverse("membership:list"), {"unit_code": "P.B.U.1"}).context["counts"]
    assert form["denominator"].value() == roll["full"] == 2  # Hùng and Hải; Tâm is probationary


def to_ceremony(w):
    dossier = cell_vote(w, up_to_comments(w))
    dossier = services.dossier_record_committee_vote(
        actor=w["committee"], dossier=dossier, vote_on=D(2025, 4, 8), committee_size=9, votes_for=8, resolution="12"
    )
    dossier = services.dossier_record_decision(
        actor=w["bloc"], dossier=dossier, decision_on=D(2025, 5, 19), number="215-QĐ/ĐUK", signer="Hoàng Văn Thụ"
    )
    return services.dossier_record_ceremony(actor=w["secretary"], dossier=dossier, ceremony_on=D(2025, 6, 2))


@pytest.fixture
def at_ceremony(world, frozen_today):
    return to_ceremony(world)


def test_the_probation_helper_starts_as_the_candidates_helper_in_the_pool(client, world, frozen_today):
    """procedure.md stage 10: the cell assigns a full member to help the probationary member; the form starts with
    the member who helped the candidate in the pool (stage 0), who may be changed."""
    w = world
    helper_assign(actor=None, candidate=w["candidate"], helper=w["intro2"], assigned_on=D(2024, 2, 1))
    dossier = to_ceremony(w)
    client.force_login(w["secretary"])
    form = client.get(reverse("admission:probation", args=[dossier.pk])).context["form"]
    assert form["helper"].value() == w["intro2"].pk


def test_the_recognition_vote_starts_from_the_rolls_full_members(client, world, at_ceremony):
    """procedure.md "Votes": recognition votes use the same rules: the denominator starts as the roll's count."""
    w = world
    dossier = services.dossier_record_probation(
        actor=w["secretary"], dossier=at_ceremony, helper=w["intro1"], self_review_on=D(2026, 5, 20),
        helper_assessment_on=D(2026, 5, 22), comments_on=D(2026, 5, 29),
    )  # fmt: skip
    client.force_login(w["secretary"])
    form = client.get(step_url(dossier, "recognition_cell_vote")).context["form"]
    assert form["denominator"].value() == services.cell_full_members_on(w["tree"].cell_it, timezone.localdate()) == 1


def test_the_signer_is_asked_for_prefilled_and_carried_to_9_and_16_knd_and_the_register(client, world, frozen_today):
    """procedure.md stage 8: a decision records its number, date and signer — 9-KNĐ and 16-KNĐ alike. The form
    starts with whoever signed the committee's latest decision; the register and the documents carry it; a decision
    without a signer is refused with `signer_missing`, on the page as through the API."""
    w = world
    dossier = cell_vote(w, up_to_comments(w))
    dossier = services.dossier_record_committee_vote(
        actor=w["committee"], dossier=dossier, vote_on=D(2025, 4, 8), committee_size=9, votes_for=8, resolution="12"
    )
    client.force_login(w["bloc"])
    url = step_url(dossier, "decision")
    assert client.get(url).context["form"]["signer"].value() in (None, "")  # no decision of the bloc yet
    data = {"version": dossier.version, "decision_on": "19/05/2025", "auto_number": "on"}
    refused = client.post(url, data)
    assert refused.status_code == 422 and "signer" in refused.context["form"].errors
    from ptdv.api.tests.conftest import Api

    api = Api(w["bloc"])
    etag = api.get(f"/dossiers/{dossier.pk}")["ETag"]
    answer = api.post(
        f"/dossiers/{dossier.pk}/decision", {"decision_on": "2025-05-19", "number": "1"}, {"If-Match": etag}
    )
    assert answer.status_code == 422 and "signer_missing" in {item["code"] for item in answer.json()["detail"]}
    assert "Nhập họ tên người ký quyết định." in {item["message"] for item in answer.json()["detail"]}
    assert client.post(url, {**data, "signer": "Hoàng Văn Thụ"}).status_code == 302
    dossier.refresh_from_db()
    assert dossier.decision_signer == "Hoàng Văn Thụ"
    assert IssuedDocument.objects.get(form="9-KNĐ").signer == "Hoàng Văn Thụ"

    s = w["secretary"]
    dossier = services.dossier_record_ceremony(actor=s, dossier=dossier, ceremony_on=D(2025, 6, 2))
    dossier = services.dossier_record_probation(
        actor=s, dossier=dossier, helper=w["intro1"], self_review_on=D(2026, 5, 20),
        helper_assessment_on=D(2026, 5, 22), comments_on=D(2026, 5, 29),
    )  # fmt: skip
    dossier = services.dossier_record_recognition_cell_vote(
        actor=s, dossier=dossier, vote_on=D(2026, 6, 8), denominator=10, votes_for=10, resolution="09-NQ/CB"
    )
    dossier = services.dossier_record_recognition_committee_vote(
        actor=w["committee"], dossier=dossier, vote_on=D(2026, 6, 15), committee_size=9, votes_for=9, resolution="20"
    )
    url = step_url(dossier, "full_member")
    form = client.get(url).context["form"]
    assert form["signer"].value() == "Hoàng Văn Thụ"  # the bloc's latest decision
    response = client.post(
        url, {"version": dossier.version, "decision_on": "01/07/2026", "auto_number": "on", "signer": "Hoàng Văn Thụ"}
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.stage == "full_member" and dossier.recognition_signer == "Hoàng Văn Thụ"
    assert IssuedDocument.objects.get(form="16-KNĐ").signer == "Hoàng Văn Thụ"
    facts = dossier_facts(dossier)
    for code in ("9-KNĐ", "16-KNĐ"):
        assert form_context(code, facts)["d"]["signer"] == "Hoàng Văn Thụ"
    register = client.get(reverse("documents:register")).content.decode()
    assert register.count("Hoàng Văn Thụ") >= 2


def test_the_cell_vote_form_shows_who_the_roll_counts_on_the_vote_date(client, world, frozen_today):
    """roll.md / procedure.md "Votes": the denominator is the roll on the vote date less members away on a temporary
    stay and the exempted; the form names who was counted and who was left out."""
    from ptdv.membership import movements as mv

    w = world
    exempt = member(w["tree"].cell_it, "001080000011", "Đặng Văn Khải").membership
    away = member(w["tree"].cell_it, "001080000012", "Bùi Thị Mai").membership
    late = member(w["tree"].cell_it, "001080000013", "Lý Văn Sơn").membership
    mv.member_exempt(actor=None, membership=exempt, on=D(2026, 1, 5))
    mv.transfer_temporary(actor=None, membership=away, host=w["tree"].cell_econ, on=D(2026, 2, 2))
    mv.transfer_internal(actor=None, membership=late, to=w["tree"].cell_econ, on=D(2026, 10, 1))
    dossier = up_to_comments(w)
    client.force_login(w["secretary"])
    url = step_url(dossier, "cell_vote")
    page = client.get(url)
    roll = page.context["vote_roll"]
    assert roll["counted"] == ["Nguyễn Văn Hùng"]
    assert (roll["away"], roll["exempted"]) == (["Bùi Thị Mai"], ["Đặng Văn Khải"])
    html = page.content.decode()
    assert "Số đảng viên chính thức được tính vào tổng số ngày 22/11/2026: 1" in html
    assert "Không tính, đang chuyển sinh hoạt tạm thời: Bùi Thị Mai" in html
    # On a vote date before Sơn moved to the economics cell, he is counted in the IT cell.
    checked = client.post(url, {"version": dossier.version, "vote_on": "15/09/2026"})
    assert checked.context["vote_roll"]["counted"] == ["Lý Văn Sơn", "Nguyễn Văn Hùng"]
