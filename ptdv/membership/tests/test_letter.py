"""The letter of introduction of an official transfer (giấy giới thiệu sinh hoạt đảng, roll.md): numbered once in
the issuing unit's register when the transfer is issued, filled from the roll as a Word form, downloadable by the
origin's and the destination's staff only, each download recorded."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from ptdv.audit.models import Event
from ptdv.documents.models import IssuedDocument, RegisterCounter
from ptdv.documents.tests.helpers import docx_text
from ptdv.membership import movements as mv
from ptdv.membership.models import Membership

from .test_movements import member

pytestmark = pytest.mark.django_db
D = datetime.date


def carded(unit) -> Membership:
    m = member(unit)
    Membership.objects.filter(pk=m.pk).update(card_number="012345678901")
    m.refresh_from_db()
    return m


def test_issuing_the_letter_takes_the_next_number_of_the_origins_register_once(tree, client, make_user):
    m = carded(tree.cell_it)
    transfer = mv.transfer_issue(actor=None, membership=m, origin=tree.cell_it, letter_date=D(2026, 3, 2),
                                 destination=tree.commune, reason="new_job")  # fmt: skip
    document = IssuedDocument.objects.get()
    assert (document.unit, document.kind, document.number, document.year) == (tree.cell_it, "GGT", 1, 2026)
    assert transfer.letter_number == document.code == "01-GGT/CB" and transfer.document == document
    assert document.form == "GTSHĐ"
    # the origin's staff and the destination's download it, twice: no other number is taken
    for user in (make_user(tree.university, "staff"), make_user(tree.commune, "staff")):
        client.force_login(user)
        for _ in range(2):
            response = client.get(f"/documents/transfer/{transfer.pk}/letter.docx")
            assert response.status_code == 200
            assert "GTSH" in response["Content-Disposition"]
    assert IssuedDocument.objects.count() == 1
    assert RegisterCounter.objects.get(unit=tree.cell_it, kind="GGT").last_number == 1
    assert Event.objects.filter(action="documents.download_letter", target_id=str(transfer.pk)).count() == 4
    text = docx_text(response.content)
    person = m.person
    for expected in [
        "GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG", "Số: 01-GGT/CB", person.full_name.upper(), "Kính gửi: Đơn vị P.T.X",
        person.birth_date.strftime("%d/%m/%Y"), "đảng viên chính thức", "vào Đảng ngày 19/05/2020",
        "chính thức ngày 19/05/2021", "Số thẻ đảng viên: 012345678901", "Đang sinh hoạt tại: Đơn vị P.B.U.1",
        "Lý do chuyển sinh hoạt đảng: Nhận công tác mới", "đến hết ngày 01/04/2026", "ngày 02 tháng 3 năm 2026",
    ]:  # fmt: skip
        assert expected in text, expected
    # the next letter of the same register takes the next number
    other = mv.transfer_issue(actor=None, membership=member(tree.cell_it), origin=tree.cell_it,
                              letter_date=D(2026, 3, 5), other_place="Đảng bộ tỉnh Lào Cai")  # fmt: skip
    assert other.letter_number == "02-GGT/CB"


def test_a_letter_numbered_by_hand_or_refused_takes_no_number(tree):
    m = member(tree.cell_it)
    transfer = mv.transfer_issue(actor=None, membership=m, origin=tree.cell_it, letter_date=D(2026, 3, 2),
                                 destination=tree.commune, letter_number="15-GGT/ĐU")  # fmt: skip
    assert transfer.letter_number == "15-GGT/ĐU" and transfer.document is None
    under = member(tree.cell_it)
    mv.member_proceedings(actor=None, membership=under, since=D(2026, 1, 5))
    with pytest.raises(ValidationError):
        mv.transfer_issue(actor=None, membership=under, origin=tree.cell_it, letter_date=D(2026, 3, 2),
                          destination=tree.commune)  # fmt: skip
    before = member(tree.cell_econ, decided=D(2026, 6, 1))  # a letter dated before the admission: refused
    with pytest.raises(ValidationError):
        mv.transfer_issue(actor=None, membership=before, origin=tree.cell_econ, letter_date=D(2026, 3, 2),
                          other_place="Đảng bộ tỉnh Lào Cai")  # fmt: skip
    assert not IssuedDocument.objects.exists()
    assert not RegisterCounter.objects.filter(last_number__gt=0).exists()


def test_another_organisation_does_not_get_the_letter(tree, client, make_user):
    m = member(tree.cell_it)
    transfer = mv.transfer_issue(actor=None, membership=m, origin=tree.cell_it, letter_date=D(2026, 3, 2),
                                 destination=tree.commune)  # fmt: skip
    client.force_login(make_user(tree.cement, "staff", "admin"))
    assert client.get(f"/documents/transfer/{transfer.pk}/letter.docx").status_code == 404
    client.force_login(make_user(tree.university, "staff"))
    assert client.get(f"/documents/transfer/{transfer.pk}/letter.exe").status_code == 404
    temporary = mv.transfer_temporary(actor=None, membership=member(tree.cell_it), host=tree.cell_kiln,
                                      on=D(2026, 3, 2))  # fmt: skip
    assert client.get(f"/documents/transfer/{temporary.pk}/letter.docx").status_code == 404  # official ones only


def test_the_member_page_and_the_transfers_page_link_the_letter(tree, client, make_user):
    m = member(tree.cell_it)
    transfer = mv.transfer_issue(actor=None, membership=m, origin=tree.cell_it, letter_date=D(2026, 3, 2),
                                 destination=tree.commune)  # fmt: skip
    link = f"/documents/transfer/{transfer.pk}/letter.docx"
    client.force_login(make_user(tree.university, "staff"))
    assert link in client.get(f"/members/{m.pk}/").content.decode()
    assert link in client.get("/members/transfers/?unit=P.B.U").content.decode()
    client.force_login(make_user(tree.commune, "staff"))
    assert link in client.get("/members/transfers/?unit=P.T.X").content.decode()


def test_the_register_lists_the_letter_with_the_member(tree, client, make_user):
    m = member(tree.cell_it)
    transfer = mv.transfer_issue(actor=None, membership=m, origin=tree.cell_it, letter_date=D(2026, 3, 2),
                                 destination=tree.commune)  # fmt: skip
    client.force_login(make_user(tree.university, "staff"))
    page = client.get("/documents/").content.decode()
    assert "01-GGT/CB" in page and m.person.full_name in page
    assert f"/documents/transfer/{transfer.pk}/letter.docx" in page
