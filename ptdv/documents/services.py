"""Writes of the documents app: numbers taken from a unit's register, reissues, and the record of who downloaded
which personal documents."""

import datetime
import threading
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from ptdv.audit.services import event_record, snapshot

from . import rules
from .models import DocumentKind, IssuedDocument, RegisterCounter

ISSUED_FIELDS = ["unit", "year", "kind", "number", "code", "form", "issued_on", "signer", "dossier", "version"]
_SQLITE_LOCK = threading.Lock()


@contextmanager
def _serialised():
    """SQLite has no row locks: serialise the taking of numbers in this process (its IMMEDIATE transactions
    serialise writers across processes). PostgreSQL locks the counter row (select_for_update)."""
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with _SQLITE_LOCK:
            yield
    else:
        yield


def _next_number(unit, year: int, kind: str) -> int:
    for _attempt in range(3):
        try:
            with transaction.atomic():
                RegisterCounter.objects.get_or_create(unit=unit, year=year, kind=kind)
            break
        except IntegrityError:  # created at the same moment by another request: it exists now
            continue
    counter = RegisterCounter.objects.select_for_update().get(unit=unit, year=year, kind=kind)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def register_issue(
    *,
    actor,
    unit,
    kind: str,
    issued_on: datetime.date,
    form: str = "",
    signer: str = "",
    dossier=None,
) -> IssuedDocument:
    """Take the next number of `unit`'s register for documents of `kind` in the year of `issued_on`, and record the
    document ("15-QĐ/ĐU", its date and signer). Two requests at the same moment never get the same number."""
    if kind not in DocumentKind.values:
        raise ValueError(kind)
    with _serialised(), transaction.atomic():
        number = _next_number(unit, issued_on.year, kind)
        document = IssuedDocument.objects.create(
            unit=unit,
            year=issued_on.year,
            kind=kind,
            number=number,
            code=rules.document_code(
                number, kind, rules.issuer_abbreviation(unit.unit_type, unit.document_abbreviation)
            ),
            form=form,
            issued_on=issued_on,
            signer=signer.strip(),
            dossier=dossier,
            issued_by=actor if getattr(actor, "pk", None) else None,
        )
        event_record(
            actor=actor,
            action="documents.issue",
            target=document,
            unit=unit,
            after=snapshot(document, ISSUED_FIELDS),
        )
    return document


@transaction.atomic
def register_reissue(*, actor, document: IssuedDocument, issued_on: datetime.date, signer: str) -> IssuedDocument:
    """A corrected version of a document: the same number, the next version; the old version is kept and points at
    the new one."""
    old = IssuedDocument.objects.select_for_update().get(pk=document.pk)
    if old.superseded_by_id is not None:
        raise ValidationError(_("This version has already been replaced: reissue the current version."))
    if issued_on.year != old.year:
        raise ValidationError(_("A reissue keeps its number, so it must be dated in the same year."))
    new = IssuedDocument(
        unit=old.unit,
        year=old.year,
        kind=old.kind,
        number=old.number,
        code=old.code,
        form=old.form,
        issued_on=issued_on,
        signer=signer.strip(),
        dossier=old.dossier,
        version=old.version + 1,
        issued_by=actor if getattr(actor, "pk", None) else None,
    )
    new.save()
    old.superseded_by = new
    old.save(update_fields=["superseded_by"])
    event_record(
        actor=actor,
        action="documents.reissue",
        target=new,
        unit=new.unit,
        before=snapshot(old, ISSUED_FIELDS),
        after=snapshot(new, ISSUED_FIELDS),
    )
    return new


@transaction.atomic
def documents_record_download(*, actor, dossier, forms: list[str], file_format: str) -> None:
    """Documents are personal data: who downloaded which forms of which dossier is recorded."""
    event_record(
        actor=actor,
        action="documents.download",
        target=dossier,
        unit=dossier.unit,
        after={"forms": forms, "format": file_format},
    )


@transaction.atomic
def documents_record_certificate_download(*, actor, course, enrolments: list, file_format: str) -> None:
    event_record(
        actor=actor,
        action="documents.download_certificates",
        target=course,
        unit=course.organiser,
        after={"enrolments": [e.pk for e in enrolments], "format": file_format},
    )


@transaction.atomic
def documents_record_letter_download(*, actor, transfer, file_format: str) -> None:
    """The letter of introduction names the member: who downloaded it is recorded."""
    event_record(
        actor=actor,
        action="documents.download_letter",
        target=transfer,
        unit=transfer.issued_by or transfer.origin,
        after={"forms": ["GTSHĐ"], "format": file_format},
    )


# The numbered documents of the admission steps: (form, kind, who issues it: admission.access actor kinds).
STEP_DOCUMENTS = {
    "cell_vote": ("6-KNĐ", DocumentKind.RESOLUTION, "cell"),
    "committee_vote": ("8-KNĐ", DocumentKind.RESOLUTION, "grassroots"),
    "decision": ("9-KNĐ", DocumentKind.DECISION, "competent"),
    "recognition_cell_vote": ("13-KNĐ", DocumentKind.RESOLUTION, "cell"),
    "recognition_committee_vote": ("15-KNĐ", DocumentKind.RESOLUTION, "grassroots"),
    "full_member": ("16-KNĐ", DocumentKind.DECISION, "competent"),
}


def register_issue_for_step(
    *, actor, dossier, stage: str, issued_on: datetime.date, signer: str = ""
) -> IssuedDocument:
    """The next number of the register of the unit that issues the step's resolution or decision ("lấy số tự động").
    Call it in the transaction that records the step, so a refused step gives its number back."""
    from ptdv.admission.access import acting_unit

    form, kind, actor_kind = STEP_DOCUMENTS[stage]
    unit = acting_unit(dossier, actor_kind)
    if unit is None:
        raise ValidationError(_("No unit issues this document: the dossier has no competent committee."))
    return register_issue(
        actor=actor, unit=unit, kind=kind, issued_on=issued_on, form=form, signer=signer, dossier=dossier
    )
