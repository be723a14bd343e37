"""Reads for the documents: a dossier's facts for filling the forms, the register, the decisions of a day.
Every list is scoped to the user's units (admission.access / units.access)."""

import datetime

from django.conf import settings
from django.db.models import QuerySet

from ptdv.admission.access import dossiers_visible_to
from ptdv.admission.models import Dossier
from ptdv.admission.rules import full_member_date
from ptdv.people.models import Person
from ptdv.training.models import CourseKind, Enrolment, EnrolmentResult
from ptdv.units.access import units_visible_to
from ptdv.units.models import Unit, subtree_q
from ptdv.units.selectors import unit_competent_committee, unit_grassroots

from . import rules
from .models import IssuedDocument

PERSON_FIELDS = [
    "full_name",
    "other_names",
    "birth_date",
    "birth_place",
    "hometown",
    "permanent_address",
    "temporary_address",
    "ethnicity",
    "religion",
    "workplace",
    "general_education",
    "professional_qualification",
    "youth_union_date",
]
DOSSIER_FIELDS = [
    field.name
    for field in Dossier._meta.get_fields()
    if getattr(field, "concrete", False) and not field.is_relation and field.name not in ("id",)
]


def person_facts(person: Person) -> dict:
    facts = {name: getattr(person, name) for name in PERSON_FIELDS}
    facts["sex"] = person.get_sex_display()
    facts["occupation"] = person.get_occupation_display()
    facts["political_theory"] = person.get_political_theory_display() if person.political_theory else ""
    return facts


def unit_facts(unit: Unit | None, parent: Unit | None = None) -> dict | None:
    if unit is None:
        return None
    if parent is None and unit.parent_id:
        ancestors = unit.ancestors()
        parent = ancestors[-1] if ancestors else None
    return {
        "name": unit.name,
        "unit_type": unit.unit_type,
        "parent_name": parent.name if parent else "",
        "pk": unit.pk,
        "abbreviation": unit.document_abbreviation,
    }


def place_for(unit: Unit) -> str:
    """Where documents are dated: settings.PTDV_DOCUMENT_PLACE, else the province-level unit's place name."""
    if settings.PTDV_DOCUMENT_PLACE:
        return settings.PTDV_DOCUMENT_PLACE
    ancestors = unit.ancestors()
    root = ancestors[0] if ancestors else unit
    return rules.place_name(root.name)


def _certificate(person: Person) -> dict:
    enrolment = (
        Enrolment.objects.filter(
            person=person,
            course__kind=CourseKind.AWARENESS,
            result=EnrolmentResult.PASSED,
            certificate_date__isnull=False,
        )
        .select_related("course__organiser")
        .order_by("-certificate_date")
        .first()
    )
    if enrolment is None:
        return {}
    organiser = enrolment.course.organiser
    return {
        "number": enrolment.certificate_number,
        "date": enrolment.certificate_date,
        "by": rules.body_name(organiser.name, organiser.unit_type, standing=True),
    }


def dossier_facts(dossier: Dossier) -> dict:
    """Everything the forms of `dossier` say, as plain data (documents.filling.form_context)."""
    dossier = Dossier.objects.select_related("person", "unit", "probation_helper", "decided_by").get(pk=dossier.pk)
    cell = dossier.unit
    chain = [cell, *reversed(cell.ancestors())]  # the cell and its ancestors, nearest first
    parents = {unit.pk: chain[i + 1] if i + 1 < len(chain) else None for i, unit in enumerate(chain)}
    grassroots = unit_grassroots(unit=cell) or cell
    competent = dossier.decided_by or unit_competent_committee(unit=cell)
    sub_committee = next((u for u in chain[1:] if u.unit_type == "sub_committee"), None)

    def facts_of(unit):
        if unit is None:
            return None
        return unit_facts(unit, parents[unit.pk]) if unit.pk in parents else unit_facts(unit)

    competent_facts = facts_of(competent)
    if competent_facts is not None:
        competent_facts["standing"] = competent.pk != grassroots.pk
    introductions = []
    for item in dossier.introductions.select_related("introducer__membership__unit"):
        member = item.introducer
        membership = getattr(member, "membership", None) if member else None
        introductions.append(
            {
                "kind": item.kind,
                "name": member.full_name if member else "",
                "birth_date": member.birth_date if member else None,
                "admitted_on": membership.decision_date if membership else None,
                "full_on": membership.full_member_date if membership else None,
                "unit": membership.unit.name if membership else "",
                "months": item.months_together,
                "document": item.document,
                "dated": item.dated,
            }
        )
    helper = dossier.probation_helper
    helper_membership = getattr(helper, "membership", None) if helper else None
    signers = {
        doc.form: doc.signer
        for doc in IssuedDocument.objects.filter(dossier=dossier, superseded_by__isnull=True).exclude(signer="")
    }
    if dossier.decision_signer:
        signers["9-KNĐ"] = dossier.decision_signer
    if dossier.recognition_signer:
        signers["16-KNĐ"] = dossier.recognition_signer
    return {
        "person": person_facts(dossier.person),
        "place": place_for(cell),
        "cell": facts_of(cell),
        "grassroots": facts_of(grassroots),
        "sub_committee": facts_of(sub_committee),
        "competent": competent_facts,
        "dossier": {name: getattr(dossier, name) for name in DOSSIER_FIELDS},
        "introductions": introductions,
        "helper": {"name": helper.full_name, "unit": helper_membership.unit.name if helper_membership else ""}
        if helper
        else None,
        "certificate": _certificate(dossier.person),
        "ballot": dossier.get_cell_ballot_display() if dossier.cell_ballot else "",
        "probation_ends": full_member_date(dossier.ceremony_on) if dossier.ceremony_on else None,
        "signers": signers,
    }


def enrolment_facts(enrolment: Enrolment) -> dict:
    """What the CN-NTVĐ certificate of one participant says."""
    course = enrolment.course
    organiser = course.organiser
    return {
        "person": person_facts(enrolment.person),
        "organiser": unit_facts(organiser),
        "place": place_for(organiser),
        "course": {
            "title": course.title,
            "starts_on": course.starts_on,
            "ends_on": course.ends_on,
            "place": course.place,
        },
        "certificate_number": enrolment.certificate_number,
        "certificate_date": enrolment.certificate_date,
        "result": enrolment.get_result_display() if enrolment.result == EnrolmentResult.PASSED else "",
    }


def transfer_facts(transfer) -> dict:
    """What the letter of introduction (GTSHĐ) of an official transfer says: the member as the roll knows them on
    the letter's date, the issuing unit (the origin's), the destination, the reason and the letter's validity (the
    member presents it within 30 days, roll.md)."""
    from ptdv.membership.models import MembershipStatus
    from ptdv.membership.rules import TRANSFER_PRESENT_DAYS

    membership = transfer.membership
    issuer = transfer.issued_by or transfer.origin
    status = {
        MembershipStatus.PROBATIONARY: "đảng viên dự bị",
        MembershipStatus.FULL: "đảng viên chính thức",
    }.get(membership.status, "")
    if not status:  # a member who left by this transfer: their status on the letter's date
        status = "đảng viên chính thức" if membership.full_member_date else "đảng viên dự bị"
    cell = transfer.origin if transfer.origin.unit_type in rules.CELL_TYPES else membership.unit
    grassroots = unit_grassroots(unit=transfer.origin) or transfer.origin
    signer = transfer.document.signer if transfer.document_id else ""
    return {
        "person": person_facts(membership.person),
        "place": place_for(issuer),
        "issuer": unit_facts(issuer),
        "grassroots_name": grassroots.name,
        "member": {
            "status": status,
            "admitted_on": membership.decision_date if membership.arrived_on is None else None,
            "full_on": membership.full_member_date,
            "card_number": membership.card_number,
            "cell": cell.name,
        },
        "letter": {
            "number": transfer.letter_number,
            "date": transfer.letter_date,
            "destination": transfer.destination.name if transfer.destination else transfer.other_place,
            "reason": transfer.get_reason_display(),
            "valid_until": transfer.letter_date + datetime.timedelta(days=TRANSFER_PRESENT_DAYS),
            "signer": signer,
        },
    }


# ------------------------------------------------------------------------------------------------ register


def register_visible_to(user) -> QuerySet[IssuedDocument]:
    if not user.is_authenticated or user.unit_id is None:
        return IssuedDocument.objects.none()
    return IssuedDocument.objects.filter(subtree_q(user.unit.path, "unit__path")).select_related(
        "unit", "dossier__person", "transfer__membership__person"
    )


def decisions_on(*, user, unit: Unit, day: datetime.date, form: str = "9-KNĐ") -> list[Dossier]:
    """The dossiers `unit` decided on `day` (9-KNĐ admission, 16-KNĐ recognition), that the user may see."""
    field = {"9-KNĐ": "decision_on", "16-KNĐ": "recognition_decision_on"}[form]
    return list(
        dossiers_visible_to(user)
        .filter(decided_by=unit, **{field: day})
        .select_related("person", "unit")
        .order_by("person__sort_name", "pk")
    )


def deciding_units(user) -> QuerySet[Unit]:
    """Units the user sees that have decided on admissions."""
    return units_visible_to(user).filter(pk__in=Dossier.objects.values("decided_by")).order_by("path")
