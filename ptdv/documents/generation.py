"""Filled documents as files: one form (.docx or .pdf), a whole dossier as a zip, the decisions of a day, the
certificates of a class."""

import io
import zipfile

from ptdv.core.files import zip_entry_names

from . import filling, rendering, selectors

DOCX = "docx"
PDF = "pdf"
CONTENT_TYPES = {
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    PDF: "application/pdf",
    "zip": "application/zip",
}


def form_file(code: str, facts: dict, file_format: str = DOCX) -> bytes:
    data = rendering.render_docx(code, filling.form_context(code, facts))
    return rendering.docx_to_pdf(data) if file_format == PDF else data


def dossier_form(dossier, code: str, file_format: str = DOCX) -> bytes:
    return form_file(code, selectors.dossier_facts(dossier), file_format)


def _zip(entries: list[tuple[str, bytes]]) -> bytes:
    """The entries in one zip; their names (built from persons' names, decision numbers) cleaned and unique."""
    buffer = io.BytesIO()
    names = zip_entry_names(name for name, _data in entries)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:  # .docx files are compressed already
        for name, (_name, data) in zip(names, entries, strict=True):
            archive.writestr(name, data)
    return buffer.getvalue()


def dossier_zip(dossier, file_format: str = DOCX) -> bytes:
    """Every form of the dossier, filled with what the system knows, in one zip."""
    facts = selectors.dossier_facts(dossier)
    name = facts["person"]["full_name"]
    return _zip(
        [
            (filling.filename(form.code, name, file_format), form_file(form.code, facts, file_format))
            for form in filling.FORMS
        ]
    )


def decisions_zip(dossiers, code: str = "9-KNĐ", file_format: str = DOCX) -> bytes:
    """The decisions (9-KNĐ or 16-KNĐ) of many dossiers, one file each, in one zip."""
    entries = []
    for dossier in dossiers:
        facts = selectors.dossier_facts(dossier)
        number = facts["dossier"].get(filling.FORMS_BY_CODE[code].number_field) or ""
        prefix = f"{number.replace('/', '-')} " if number else ""
        name = f"{prefix}{filling.filename(code, facts['person']['full_name'], file_format)}"
        entries.append((name, form_file(code, facts, file_format)))
    return _zip(entries)


def certificate_file(enrolment, file_format: str = DOCX) -> bytes:
    return form_file(filling.CERTIFICATE.code, selectors.enrolment_facts(enrolment), file_format)


def certificates_zip(enrolments, file_format: str = DOCX) -> bytes:
    return _zip(
        [
            (
                filling.filename(filling.CERTIFICATE.code, f"{n:02d} {e.person.full_name}", file_format),
                certificate_file(e, file_format),
            )
            for n, e in enumerate(enrolments, start=1)
        ]
    )


def transfer_letter(transfer, file_format: str = DOCX) -> bytes:
    """The letter of introduction (GTSHĐ) of an official transfer, filled from the roll."""
    data = rendering.render_docx(
        filling.TRANSFER_LETTER.code, filling.transfer_letter_context(selectors.transfer_facts(transfer))
    )
    return rendering.docx_to_pdf(data) if file_format == PDF else data
