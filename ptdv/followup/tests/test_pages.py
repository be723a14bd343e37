import datetime

import pytest
from django.test import Client

from ptdv.followup.models import Rating, ResidenceLiaison, StrikeOffProposal

from .conftest import new_member

pytestmark = pytest.mark.django_db
D = datetime.date


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_residence_page_records_a_letter_and_downloads_its_word_form(tree, secretary):
    m = new_member(tree.cell_it, decided=D(2026, 3, 2), ceremony=D(2026, 3, 9), name="Lê Thị Hoa")
    client = _client(secretary)
    page = client.get("/followup/residence/", {"unit": "P.B.U.1"})
    assert page.status_code == 200 and "Lê Thị Hoa" in page.content.decode()
    bad = client.post("/followup/residence/", {"unit": "P.B.U.1", "member": m.pk, "action": "introduce",
                                               "letter_date": "01/04/2026"})  # fmt: skip
    assert bad.status_code == 422 and not ResidenceLiaison.objects.exists()
    done = client.post("/followup/residence/", {"unit": "P.B.U.1", "member": m.pk, "action": "introduce",
                                                "letter_date": "1/4/2026", "residence_code": "P.T.X.1",
                                                "letter_number": "3-GGT/CB"})  # fmt: skip
    assert done.status_code == 302
    liaison = ResidenceLiaison.objects.get()
    assert liaison.residence_unit == tree.cell_village
    letter = client.get(f"/followup/residence/{liaison.pk}/letter.docx")
    assert letter.status_code == 200 and letter["Content-Type"].endswith("wordprocessingml.document")


def test_a_sibling_unit_sees_nothing(tree, make_user):
    m = new_member(tree.cell_it, decided=D(2026, 3, 2), name="Lê Thị Kín")
    outsider = _client(make_user(tree.cement, "staff", "admin"))
    assert outsider.get("/followup/residence/", {"unit": "P.B.U.1"}).status_code == 404
    assert outsider.get("/followup/ratings/", {"unit": "P.B.U.1"}).status_code == 404
    own = outsider.post("/followup/residence/", {"unit": "P.B.C", "member": m.pk, "action": "introduce",
                                                 "letter_date": "1/4/2026", "residence_place": "X"})  # fmt: skip
    assert own.status_code == 404 and not ResidenceLiaison.objects.exists()


def test_cell_rating_page_rates_the_whole_cell_and_lists_the_new_as_not_rated(tree, secretary):
    old = new_member(tree.cell_it, decided=D(2020, 1, 1), name="Phạm Văn Cũ")
    new = new_member(tree.cell_it, decided=D(2025, 10, 1), name="Phạm Văn Mới")
    client = _client(secretary)
    page = client.get("/followup/ratings/", {"unit": "P.B.U.1", "year": 2025}).content.decode()
    assert f'name="band_{old.pk}"' in page and f'name="band_{new.pk}"' not in page
    response = client.post("/followup/ratings/", {"unit": "P.B.U.1", "year": 2025, "period": "year",
                                                  f"band_{old.pk}": "good", f"note_{old.pk}": ""})  # fmt: skip
    assert response.status_code == 302
    assert Rating.objects.get(membership=old).band == "good"
    refused = client.post("/followup/ratings/", {"unit": "P.B.U.1", "year": 2025, "period": "year",
                                                 f"band_{new.pk}": "good"})  # fmt: skip
    assert refused.status_code == 422 and not Rating.objects.filter(membership=new).exists()


def test_screening_lists_twice_not_completed_and_proposals_with_exit_links(tree, secretary, settings):
    twice = new_member(tree.cell_it, decided=D(2018, 1, 1), name="Đỗ Văn Hai Lần")
    once = new_member(tree.cell_it, decided=D(2018, 1, 1), name="Đỗ Văn Một Lần")
    from ptdv.followup.services import rating_set

    for year in (2024, 2025):
        rating_set(actor=None, membership=twice, year=year, band="not_completed")
    rating_set(actor=None, membership=once, year=2025, band="not_completed")
    client = _client(secretary)
    page = client.get("/followup/screening/", {"unit": "P.B.U.1", "year": 2025}).content.decode()
    assert "Đỗ Văn Hai Lần" in page and "Đỗ Văn Một Lần" not in page
    assert f"/members/{twice.pk}/#movement" in page
    settings.PTDV_SCREENING_NOT_COMPLETED_YEARS = 1
    assert "Đỗ Văn Một Lần" in client.get("/followup/screening/", {"unit": "P.B.U.1", "year": 2025}).content.decode()
    data = {"unit": "P.B.U.1", "action": "propose", "citizen_id": once.person.citizen_id, "proposed_on": "2/12/2026",
            "reason": "Bỏ sinh hoạt 3 tháng"}  # fmt: skip
    proposed = client.post("/followup/screening/", data)
    assert proposed.status_code == 302 and StrikeOffProposal.objects.filter(membership=once).exists()
