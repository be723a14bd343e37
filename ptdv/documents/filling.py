"""What each form says, from what the system knows about a dossier: `form_context(code, facts)` is pure (no DB),
`facts` is the plain data documents.selectors.dossier_facts reads.

The names a template may use (Jinja, docxtpl):
- `p` — the person: name, NAME (capitals), other_names, sex, birth_date, birth_place, hometown, permanent_address,
  temporary_address, ethnicity, religion, occupation, workplace, education, qualification, political_theory,
  youth_union_date;
- `d` — the document: form, superior, issuer (capitals, top left), issuer_name, ISSUER_NAME, number ("15-QĐ/ĐU",
  or "……-QĐ/ĐU" to fill in by hand), place_date ("Bình Sơn, ngày 14 tháng 09 năm 2022"), sign_for ("T/M CHI BỘ"),
  sign_title ("BÍ THƯ"), signer;
- `cell`, `grassroots` — the names of the applicant's cell and grassroots organisation;
- `x` — what only this form needs (votes as `x.v.yes`, `x.v.of`, `x.v.percent`, `x.v.no`; numbers and dates of
  the earlier steps; introducers; helper; certificate …).
Anything the system does not know is written as dotted blanks, to be filled in by hand."""

import datetime
from dataclasses import dataclass

from . import rules
from .rules import BLANK, date_text, place_date, short_date, upper


@dataclass(frozen=True)
class Form:
    code: str
    title: str
    issuer: str  # person, cell, grassroots, sub_committee, competent, introducer, union
    kind: str = ""  # NQ, QĐ, BC: the register's kind for numbered documents
    date_field: str = ""
    number_field: str = ""


FORMS = [
    Form("1-KNĐ", "Đơn xin vào Đảng", "person", date_field="application_on"),
    Form("2-KNĐ", "Lý lịch của người xin vào Đảng", "person", date_field="cv_on"),
    Form("3-KNĐ", "Giấy giới thiệu người vào Đảng", "introducer"),
    Form("4-KNĐ", "Nghị quyết giới thiệu đoàn viên ưu tú vào Đảng", "union", "NQ"),
    Form("4A-KNĐ", "Nghị quyết giới thiệu đoàn viên công đoàn ưu tú vào Đảng", "union", "NQ"),
    Form("5-KNĐ", "Tổng hợp ý kiến nhận xét của đoàn thể và chi ủy nơi cư trú", "cell", "BC", "comments_on"),
    Form("6-KNĐ", "Nghị quyết đề nghị kết nạp đảng viên (chi bộ)", "cell", "NQ", "cell_vote_on", "cell_resolution"),
    Form("7-KNĐ", "Báo cáo thẩm định (đảng ủy bộ phận)", "sub_committee", "BC"),
    Form(
        "8-KNĐ",
        "Nghị quyết đề nghị kết nạp đảng viên (đảng ủy cơ sở)",
        "grassroots",
        "NQ",
        "committee_vote_on",
        "committee_resolution",
    ),
    Form("9-KNĐ", "Quyết định kết nạp đảng viên", "competent", "QĐ", "decision_on", "decision_number"),
    Form("10-KNĐ", "Bản tự kiểm điểm của đảng viên dự bị", "person", date_field="self_review_on"),
    Form("11-KNĐ", "Bản nhận xét đảng viên dự bị", "person", date_field="helper_assessment_on"),
    Form("12-KNĐ", "Tổng hợp ý kiến nhận xét đối với đảng viên dự bị", "cell", "BC", "probation_comments_on"),
    Form(
        "13-KNĐ",
        "Nghị quyết đề nghị công nhận đảng viên chính thức (chi bộ)",
        "cell",
        "NQ",
        "recognition_cell_vote_on",
        "recognition_cell_resolution",
    ),
    Form(
        "15-KNĐ",
        "Nghị quyết đề nghị công nhận đảng viên chính thức (đảng ủy cơ sở)",
        "grassroots",
        "NQ",
        "recognition_committee_vote_on",
        "recognition_committee_resolution",
    ),
    Form(
        "16-KNĐ",
        "Quyết định công nhận đảng viên chính thức",
        "competent",
        "QĐ",
        "recognition_decision_on",
        "recognition_decision_number",
    ),
]
FORMS_BY_CODE = {form.code: form for form in FORMS}
CERTIFICATE = Form("CN-NTVĐ", "Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng", "organiser", "CN")
TRANSFER_LETTER = Form("GTSHĐ", "Giấy giới thiệu sinh hoạt đảng", "origin", "GGT")
ALL_CODES = [form.code for form in FORMS] + [CERTIFICATE.code, TRANSFER_LETTER.code]


def slug(code: str) -> str:
    """The form's code in a URL: "4A-KNĐ" → "4a-knd"."""
    return code.lower().replace("đ", "d")


SLUGS = {slug(code): code for code in ALL_CODES}


def _text(value) -> str:
    if value is None or value == "":
        return BLANK
    if isinstance(value, datetime.date):
        return short_date(value)
    return str(value)


def person_context(person: dict) -> dict:
    keys = {
        "other_names": "other_names",
        "sex": "sex",
        "birth_place": "birth_place",
        "hometown": "hometown",
        "permanent_address": "permanent_address",
        "temporary_address": "temporary_address",
        "ethnicity": "ethnicity",
        "religion": "religion",
        "occupation": "occupation",
        "workplace": "workplace",
        "education": "general_education",
        "qualification": "professional_qualification",
        "political_theory": "political_theory",
        "birth_date": "birth_date",
        "youth_union_date": "youth_union_date",
    }
    context = {name: _text(person.get(source)) for name, source in keys.items()}
    context["name"] = person["full_name"]
    context["NAME"] = upper(person["full_name"])
    return context


def _unit_header(unit: dict | None, *, standing: bool = False) -> dict:
    if unit is None:
        return {"superior": BLANK, "issuer": BLANK, "issuer_name": BLANK, "abbr": "ĐU", "type": ""}
    name = rules.body_name(unit["name"], unit["unit_type"], standing=standing)
    return {
        "superior": upper(unit["parent_name"]) if unit.get("parent_name") else "",
        "issuer": upper(name),
        "issuer_name": name,
        "abbr": rules.issuer_abbreviation(unit["unit_type"], unit.get("abbreviation", "")),
        "type": unit["unit_type"],
    }


def issuing_unit(form: Form, facts: dict) -> tuple[dict | None, bool]:
    """The unit issuing `form` and whether it issues as its standing committee."""
    if form.issuer in ("cell", "introducer"):
        return facts["cell"], False
    if form.issuer == "grassroots":
        return facts["grassroots"], False
    if form.issuer == "sub_committee":
        return facts.get("sub_committee") or facts["grassroots"], False
    if form.issuer == "competent":
        competent = facts.get("competent")
        return competent, bool(competent and competent.get("standing"))
    if form.issuer == "organiser":
        return facts.get("organiser"), False
    return None, False


def _document(form: Form, facts: dict, dossier: dict) -> dict:
    unit, standing = issuing_unit(form, facts)
    header = _unit_header(unit, standing=standing)
    day = dossier.get(form.date_field) if form.date_field else None
    number = dossier.get(form.number_field) if form.number_field else ""
    if form.issuer == "introducer":
        header = _unit_header(facts["cell"])
        header["superior"] = upper(facts["grassroots"]["name"])
    sign_for, sign_title = rules.signature(header["type"] or "grassroots_committee", standing=standing)
    return {
        "form": form.code,
        "title": form.title,
        "superior": header["superior"],
        "issuer": header["issuer"],
        "issuer_name": header["issuer_name"],
        "ISSUER_NAME": header["issuer"],
        "number": number or (rules.blank_code(form.kind, header["abbr"]) if form.kind else ""),
        "place_date": place_date(facts.get("place", ""), day),
        "date": short_date(day),
        "sign_for": sign_for,
        "sign_title": sign_title,
        "signer": facts.get("signers", {}).get(form.code, ""),
        "kind": form.kind,
        "abbr": header["abbr"],
    }


def _introducers(facts: dict) -> list[dict]:
    result = []
    for item in facts.get("introductions", []):
        if item["kind"] != "member":
            continue
        result.append(
            {
                "name": item["name"],
                "birth_date": _text(item.get("birth_date")),
                "admitted_on": _text(item.get("admitted_on")),
                "full_on": _text(item.get("full_on")),
                "unit": _text(item.get("unit")),
                "months": _text(item.get("months")),
                "place_date": place_date(facts.get("place", ""), item.get("dated")),
            }
        )
    return result or [
        {
            "name": BLANK,
            "birth_date": BLANK,
            "admitted_on": BLANK,
            "full_on": BLANK,
            "unit": BLANK,
            "months": BLANK,
            "place_date": place_date(facts.get("place", ""), None),
        }
    ]


def _union(facts: dict, kind: str) -> dict:
    item = next((i for i in facts.get("introductions", []) if i["kind"] == kind), None)
    grassroots = facts["grassroots"]["name"]
    for prefix in ("Đảng bộ ", "Chi bộ "):
        if grassroots.startswith(prefix):
            grassroots = grassroots[len(prefix) :]
    return {
        "union_unit": upper(grassroots),
        "union_unit_name": grassroots,
        "dated": _text(item["dated"]) if item else BLANK,
        "document": item["document"] if item and item.get("document") else "",
        "day": item["dated"] if item else None,
    }


def _votes(dossier: dict, prefix: str, count: str) -> dict:
    return rules.vote_arithmetic(dossier.get(f"{prefix}_votes_for"), dossier.get(f"{prefix}_{count}"))


def form_context(code: str, facts: dict) -> dict:
    """The Jinja context of form `code` for the dossier described by `facts` (see the module's docstring)."""
    dossier = facts.get("dossier", {})
    if code == CERTIFICATE.code:
        return certificate_context(facts)
    form = FORMS_BY_CODE[code]
    d = _document(form, facts, dossier)
    competent = facts.get("competent")
    grassroots_body = rules.body_name(facts["grassroots"]["name"], facts["grassroots"]["unit_type"])
    competent_body = (
        rules.body_name(competent["name"], competent["unit_type"], standing=competent.get("standing", False))
        if competent
        else BLANK
    )
    ceremony = dossier.get("ceremony_on")
    helper = facts.get("helper") or {}
    certificate = facts.get("certificate") or {}
    x = {
        "competent_body": competent_body,
        "grassroots_body": grassroots_body,
        "application_on": _text(dossier.get("application_on")),
        "cv_place_date": place_date(facts.get("place", ""), dossier.get("cv_on")),
        "verification_on": _text(dossier.get("verification_on")),
        "verification_summary": dossier.get("verification_summary") or BLANK,
        "summary": dossier.get("comments_summary") or BLANK,
        "cell_vote_date": date_text(dossier.get("cell_vote_on")),
        "committee_vote_date": date_text(dossier.get("committee_vote_on")),
        "cell_resolution": dossier.get("cell_resolution") or BLANK,
        "cell_vote_on": _text(dossier.get("cell_vote_on")),
        "cell_votes": _votes(dossier, "cell", "denominator"),
        "committee_resolution": dossier.get("committee_resolution") or BLANK,
        "committee_vote_on": _text(dossier.get("committee_vote_on")),
        "committee_votes": _votes(dossier, "committee", "size"),
        "decision_number": dossier.get("decision_number") or BLANK,
        "decision_on": _text(dossier.get("decision_on")),
        "ceremony_on": _text(ceremony),
        "probation_ends": _text(facts.get("probation_ends")),
        "full_member_on": _text(dossier.get("full_member_on") or facts.get("probation_ends")),
        "self_review_on": _text(dossier.get("self_review_on")),
        "helper_assessment_on": _text(dossier.get("helper_assessment_on")),
        "probation_comments_on": _text(dossier.get("probation_comments_on")),
        "self_review_place_date": place_date(facts.get("place", ""), dossier.get("self_review_on")),
        "assessment_place_date": place_date(facts.get("place", ""), dossier.get("helper_assessment_on")),
        "helper": helper.get("name") or BLANK,
        "helper_unit": helper.get("unit") or BLANK,
        "certificate_number": certificate.get("number") or BLANK,
        "certificate_date": _text(certificate.get("date")),
        "certificate_by": certificate.get("by") or BLANK,
        "left_before": _text(dossier.get("readmission_left_on")) if dossier.get("readmission") else "không",
        "ballot": facts.get("ballot") or BLANK,
        "denominator_note": dossier.get("cell_denominator_note") or "theo danh sách đảng viên của chi bộ",
        "introducers": _introducers(facts),
    }
    if code in ("6-KNĐ", "8-KNĐ", "13-KNĐ", "15-KNĐ"):
        prefix, count = {
            "6-KNĐ": ("cell", "denominator"),
            "8-KNĐ": ("committee", "size"),
            "13-KNĐ": ("recognition_cell", "denominator"),
            "15-KNĐ": ("recognition_committee", "size"),
        }[code]
        x["v"] = _votes(dossier, prefix, count)
        x["vote_on"] = _text(dossier.get(f"{prefix}_vote_on"))
    if code == "15-KNĐ":  # the cell's recognition resolution is the one 15-KNĐ builds on
        x["cell_resolution"] = dossier.get("recognition_cell_resolution") or BLANK
        x["cell_vote_on"] = _text(dossier.get("recognition_cell_vote_on"))
        x["cell_votes"] = _votes(dossier, "recognition_cell", "denominator")
    if code == "16-KNĐ":
        x["cell_resolution"] = dossier.get("recognition_cell_resolution") or BLANK
        x["cell_vote_on"] = _text(dossier.get("recognition_cell_vote_on"))
        x["committee_resolution"] = dossier.get("recognition_committee_resolution") or BLANK
        x["committee_vote_on"] = _text(dossier.get("recognition_committee_vote_on"))
    if code in ("4-KNĐ", "4A-KNĐ"):
        union = _union(facts, "youth_union" if code == "4-KNĐ" else "trade_union")
        x.update(union)
        d["superior"] = upper(facts["grassroots"]["name"])
        d["number"] = union["document"] or rules.blank_code("NQ", "ĐTN" if code == "4-KNĐ" else "CĐ")
        d["place_date"] = place_date(facts.get("place", ""), union["day"])
    return {
        "p": person_context(facts["person"]),
        "d": d,
        "x": x,
        "cell": facts["cell"]["name"],
        "grassroots": facts["grassroots"]["name"],
    }


def certificate_context(facts: dict) -> dict:
    """CN-NTVĐ: the awareness-course certificate of one participant (facts from selectors.enrolment_facts)."""
    organiser = facts["organiser"]
    header = _unit_header(organiser)
    course = facts["course"]
    number = facts.get("certificate_number") or rules.blank_code("CN", header["abbr"])
    sign_for, sign_title = rules.signature(organiser["unit_type"])
    if organiser["unit_type"] not in rules.CELL_TYPES:
        sign_for = "T/M BAN THƯỜNG VỤ"
    return {
        "p": person_context(facts["person"]),
        "d": {
            "form": CERTIFICATE.code,
            "title": CERTIFICATE.title,
            "superior": header["superior"],
            "issuer": header["issuer"],
            "issuer_name": header["issuer_name"],
            "ISSUER_NAME": header["issuer"],
            "number": number,
            "place_date": place_date(facts.get("place", ""), facts.get("certificate_date")),
            "date": short_date(facts.get("certificate_date")),
            "sign_for": sign_for,
            "sign_title": sign_title,
            "signer": "",
            "kind": "CN",
            "abbr": header["abbr"],
        },
        "x": {
            "course": course["title"],
            "starts_on": short_date(course["starts_on"]),
            "ends_on": short_date(course["ends_on"]),
            "place": f" tại {course['place']}" if course.get("place") else "",
            "result": facts.get("result") or BLANK,
        },
        "cell": facts["person"].get("unit_name", ""),
        "grassroots": "",
    }


def transfer_letter_context(facts: dict) -> dict:
    """GTSHĐ: the letter of introduction of an official transfer (facts from selectors.transfer_facts). `x` has
    the member (status, admission, recognition, card, dossier's cell) and the transfer (to, reason, valid until)."""
    issuer = _unit_header(facts["issuer"])
    letter = facts["letter"]
    member = facts["member"]
    sign_for, sign_title = rules.signature(issuer["type"] or "grassroots_committee")
    return {
        "p": person_context(facts["person"]),
        "d": {
            "form": TRANSFER_LETTER.code,
            "title": TRANSFER_LETTER.title,
            "superior": issuer["superior"],
            "issuer": issuer["issuer"],
            "issuer_name": issuer["issuer_name"],
            "ISSUER_NAME": issuer["issuer"],
            "number": letter.get("number") or rules.blank_code(TRANSFER_LETTER.kind, issuer["abbr"]),
            "place_date": place_date(facts.get("place", ""), letter.get("date")),
            "date": short_date(letter.get("date")),
            "sign_for": sign_for,
            "sign_title": sign_title,
            "signer": letter.get("signer", ""),
            "kind": TRANSFER_LETTER.kind,
            "abbr": issuer["abbr"],
        },
        "x": {
            "status": member.get("status") or BLANK,
            "admitted_on": _text(member.get("admitted_on")),
            "full_on": _text(member.get("full_on")),
            "card_number": member.get("card_number") or BLANK,
            "cell": member.get("cell") or BLANK,
            "destination": letter.get("destination") or BLANK,
            "DESTINATION": upper(letter.get("destination") or BLANK),
            "reason": letter.get("reason") or BLANK,
            "valid_until": _text(letter.get("valid_until")),
        },
        "cell": member.get("cell") or "",
        "grassroots": facts.get("grassroots_name", ""),
    }


def filename(code: str, person_name: str, extension: str) -> str:
    return f"{code} {person_name}.{extension}"
