"""The register: numbers per issuing unit, year and kind, never repeated (not even by two users at the same
moment); a reissue keeps its number and the old version; "lấy số tự động" in the step forms."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from ptdv.admission.tests.conftest import D, up_to_comments
from ptdv.audit.models import Event
from ptdv.documents import services
from ptdv.documents.models import IssuedDocument, RegisterCounter


@pytest.mark.django_db
def test_numbers_run_per_unit_year_and_kind(tree):
    def issue(unit, kind, day):
        return services.register_issue(actor=None, unit=unit, kind=kind, issued_on=day).code

    day = D(2026, 3, 2)
    assert [issue(tree.cell_it, "NQ", day) for _ in range(3)] == ["01-NQ/CB", "02-NQ/CB", "03-NQ/CB"]
    assert issue(tree.cell_econ, "NQ", day) == "01-NQ/CB"  # another unit: its own register
    assert issue(tree.university, "NQ", day) == "01-NQ/ĐU"
    assert issue(tree.bloc, "QĐ", day) == "01-QĐ/ĐUK"  # the bloc committee (Đảng ủy Khối)
    assert issue(tree.cell_it, "BC", day) == "01-BC/CB"  # another kind: its own series
    assert issue(tree.cell_it, "NQ", D(2027, 1, 4)) == "01-NQ/CB"  # a new year starts again
    assert issue(tree.cell_it, "NQ", day) == "04-NQ/CB"
    assert Event.objects.filter(action="documents.issue").count() == 9


@pytest.mark.django_db
def test_a_reissue_keeps_the_number_and_the_old_version(tree):
    first = services.register_issue(
        actor=None, unit=tree.bloc, kind="QĐ", issued_on=D(2026, 3, 2), form="9-KNĐ", signer="A"
    )
    second = services.register_reissue(actor=None, document=first, issued_on=D(2026, 3, 5), signer="Nguyễn Văn B")
    first.refresh_from_db()
    assert (second.code, second.version, second.signer) == ("01-QĐ/ĐUK", 2, "Nguyễn Văn B")
    assert first.superseded_by == second and not first.is_current and second.is_current
    with pytest.raises(ValidationError):
        services.register_reissue(actor=None, document=first, issued_on=D(2026, 3, 6), signer="C")
    with pytest.raises(ValidationError):
        services.register_reissue(actor=None, document=second, issued_on=D(2027, 1, 6), signer="C")
    nxt = services.register_issue(actor=None, unit=tree.bloc, kind="QĐ", issued_on=D(2026, 3, 9))
    assert nxt.code == "02-QĐ/ĐUK"  # the number of the reissued document is not given again
    assert IssuedDocument.objects.filter(unit=tree.bloc).count() == 3


@pytest.mark.django_db(transaction=True)
def test_two_users_issuing_at_the_same_moment_never_get_the_same_number(tree):
    """Threads, each with its own connection, take numbers at once: PostgreSQL locks the counter row
    (select_for_update); SQLite serialises the writers."""
    unit, workers, per_worker = tree.bloc, 6, 3
    barrier = threading.Barrier(workers)
    numbers, errors = [], []

    def work():
        try:
            barrier.wait()
            for _ in range(per_worker):
                document = services.register_issue(actor=None, unit=unit, kind="QĐ", issued_on=D(2026, 5, 4))
                numbers.append(document.number)
        except Exception as error:  # reported by the assertion below
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(numbers) == list(range(1, workers * per_worker + 1))
    assert RegisterCounter.objects.get(unit=unit, year=2026, kind="QĐ").last_number == workers * per_worker


@pytest.fixture
def at_comments(world, frozen_today):
    return up_to_comments(world)


@pytest.mark.django_db
def test_the_cell_vote_form_takes_its_number_from_the_register(client, world, at_comments):
    dossier = at_comments
    client.force_login(world["secretary"])
    url = reverse("admission:step", args=[dossier.pk, "cell_vote"])
    page = client.get(url).content.decode()
    assert 'name="auto_number"' in page
    data = {
        "version": dossier.version,
        "vote_on": "27/03/2025",
        "denominator": 10,
        "denominator_note": "Theo danh sách chi bộ",
        "votes_for": 6,  # 6/10 < 2/3: refused, and the number is given back
        "resolution": "",
        "ballot": "raised_card",
        "auto_number": "on",
    }
    assert client.post(url, data).status_code == 422
    assert not IssuedDocument.objects.exists()
    assert not RegisterCounter.objects.filter(last_number__gt=0).exists()
    response = client.post(url, {**data, "votes_for": 9})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.cell_resolution == "01-NQ/CB"
    document = IssuedDocument.objects.get()
    assert (document.unit, document.form, document.dossier, document.issued_on) == (
        world["tree"].cell_it,
        "6-KNĐ",
        dossier,
        datetime.date(2025, 3, 27),
    )


@pytest.mark.django_db
def test_a_number_typed_in_is_kept_and_one_of_the_two_is_required(client, world, at_comments):
    dossier = at_comments
    client.force_login(world["secretary"])
    url = reverse("admission:step", args=[dossier.pk, "cell_vote"])
    data = {
        "version": dossier.version,
        "vote_on": "27/03/2025",
        "denominator": 10,
        "denominator_note": "Theo danh sách chi bộ",
        "votes_for": 9,
        "resolution": "",
        "ballot": "raised_card",
    }
    assert client.post(url, data).status_code == 422
    assert client.post(url, {**data, "resolution": "07-NQ/CB"}).status_code == 302
    dossier.refresh_from_db()
    assert dossier.cell_resolution == "07-NQ/CB" and not IssuedDocument.objects.exists()


@pytest.mark.django_db
def test_reissuing_from_the_register_page(client, world, make_user):
    document = services.register_issue(
        actor=None, unit=world["tree"].bloc, kind="QĐ", issued_on=D(2026, 3, 2), form="9-KNĐ", signer="A"
    )
    url = reverse("documents:reissue", args=[document.pk])
    client.force_login(world["sibling"])
    assert client.get(url).status_code == 404
    assert document.code not in client.get(reverse("documents:register")).content.decode()
    client.force_login(world["viewer"])  # the IT cell: the bloc's register is above it
    assert client.get(url).status_code == 404
    client.force_login(make_user(world["tree"].bloc, "viewer"))
    assert client.get(url).status_code == 403
    client.force_login(world["bloc"])
    assert url in client.get(reverse("documents:register")).content.decode()
    response = client.post(url, {"issued_on": "05/03/2026", "signer": "Nguyễn Văn B"})
    assert response.status_code == 302
    new = IssuedDocument.objects.get(version=2)
    assert (new.code, new.signer, new.issued_on) == ("01-QĐ/ĐUK", "Nguyễn Văn B", D(2026, 3, 5))
    assert client.post(url, {"issued_on": "06/03/2026", "signer": "C"}).status_code == 422  # already replaced
    assert IssuedDocument.objects.count() == 2
