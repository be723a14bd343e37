"""Every write about courses and their participants: one transaction, one event row each."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ptdv.audit.services import event_record, snapshot
from ptdv.people.access import can_edit_in_unit
from ptdv.units.access import can_edit_unit, can_see_unit

from .access import can_manage_course
from .models import Course, CourseKind, Enrolment, EnrolmentResult

COURSE_FIELDS = ["kind", "title", "organiser", "starts_on", "ends_on", "place"]
ENROLMENT_FIELDS = ["course", "person", "result", "certificate_number", "certificate_date"]


def _fmt(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


@transaction.atomic
def course_create(
    *, actor, kind: str, title: str, organiser, starts_on: datetime.date, ends_on: datetime.date, place: str = ""
) -> Course:
    errors = {}
    if actor is not None and not can_edit_unit(actor, organiser):
        errors["organiser"] = _("You may only record courses organised by the units you manage.")
    if kind not in CourseKind.values:
        errors["kind"] = _("Choose the kind of course.")
    if not title.strip():
        errors["title"] = _("Enter the course title.")
    if ends_on < starts_on:
        errors["ends_on"] = _("The course ends (%(end)s) before it starts (%(start)s).") % {
            "end": _fmt(ends_on),
            "start": _fmt(starts_on),
        }
    if errors:
        raise ValidationError(errors)
    course = Course.objects.create(
        kind=kind, title=title.strip(), organiser=organiser, starts_on=starts_on, ends_on=ends_on, place=place.strip()
    )
    event_record(
        actor=actor, action="course.create", target=course, unit=organiser, after=snapshot(course, COURSE_FIELDS)
    )
    return course


@transaction.atomic
def course_enrol(*, actor, course: Course, persons: list) -> list[Enrolment]:
    """Enrol persons in a course, all or none; each must be a person the actor may edit, not yet enrolled."""
    persons = list({person.pk: person for person in persons}.values())  # each person once
    if not persons:
        raise ValidationError({"persons": _("Choose at least one person to enrol.")})
    already = set(course.enrolments.filter(person__in=persons).values_list("person__full_name", flat=True))
    errors = {}
    if already:
        errors["persons"] = _("Already enrolled in this course: %(names)s.") % {"names": ", ".join(sorted(already))}
    outside = [p.full_name for p in persons if actor is not None and not can_edit_in_unit(actor, p.unit)]
    if outside:
        errors["persons"] = _("You may only enrol persons of the units you manage: %(names)s.") % {
            "names": ", ".join(sorted(outside))
        }
    if errors:
        raise ValidationError(errors)
    enrolments = [Enrolment.objects.create(course=course, person=person) for person in persons]
    for enrolment in enrolments:
        event_record(
            actor=actor,
            action="course.enrol",
            target=enrolment,
            unit=enrolment.person.unit,
            after=snapshot(enrolment, ENROLMENT_FIELDS),
        )
    return enrolments


@transaction.atomic
def enrolment_record_result(
    *,
    actor,
    enrolment: Enrolment,
    result: str,
    certificate_number: str = "",
    certificate_date: datetime.date | None = None,
) -> Enrolment:
    """Record a participant's result and certificate. A certificate is dated on or after the course's last day.

    Only by those who manage the course (staff and administrators of the organiser or a unit above it), for a
    participant they may see: the certificate is issued in the organiser's name, not by the participant's cell."""
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("course__organiser", "person__unit")
        .get(pk=enrolment.pk)
    )
    if actor is not None and not (
        can_manage_course(actor, enrolment.course) and can_see_unit(actor, enrolment.person.unit)
    ):
        raise ValidationError(
            {"__all__": _("Only the unit that organises the course, or a unit above it, records its results.")}
        )
    before = snapshot(enrolment, ENROLMENT_FIELDS)
    course = enrolment.course
    errors = {}
    if result not in EnrolmentResult.values:
        errors["result"] = _("Choose the result.")
    if result == EnrolmentResult.PASSED and certificate_date is None:
        errors["certificate_date"] = ValidationError(
            _("Enter the certificate date of a participant who passed."), code="certificate_date_missing"
        )
    if result == EnrolmentResult.PASSED and not certificate_number.strip():  # the certificate (CN-NTVĐ) is numbered
        errors["certificate_number"] = ValidationError(
            _("Enter the certificate number of a participant who passed."), code="certificate_number_missing"
        )
    if certificate_date is not None and result != EnrolmentResult.PASSED:
        errors["certificate_date"] = _("Only a participant who passed gets a certificate.")
    if certificate_date is not None and certificate_date < course.ends_on:
        errors["certificate_date"] = _(
            "The certificate date %(date)s is before the course ended (%(end)s): check the date."
        ) % {"date": _fmt(certificate_date), "end": _fmt(course.ends_on)}
    if errors:
        raise ValidationError(errors)
    enrolment.result = result
    enrolment.certificate_number = certificate_number.strip()
    enrolment.certificate_date = certificate_date
    enrolment.save(update_fields=["result", "certificate_number", "certificate_date"])
    event_record(
        actor=actor,
        action="course.result",
        target=enrolment,
        unit=enrolment.person.unit,
        before=before,
        after=snapshot(enrolment, ENROLMENT_FIELDS),
    )
    return enrolment


class RowErrors(ValidationError):
    """The refusals of a class's results, by row (the index in the rows given): nothing was recorded."""

    def __init__(self, rows: dict[int, ValidationError]):
        self.rows = rows
        super().__init__(_("Nothing was recorded: correct the rows marked below."), code="rows_invalid")


@dataclass(frozen=True)
class ResultRow:
    enrolment: Enrolment
    result: str
    certificate_number: str = ""
    certificate_date: datetime.date | None = None


def enrolment_record_results(*, actor, course: Course, rows: list[ResultRow]) -> int:
    """Record the results of a whole class in one go, all or nothing: each row through enrolment_record_result and
    its rules (a passed participant needs the certificate's number and date, ...). Rows that change nothing are
    left alone. Raises RowErrors with every row's refusal; returns the number of results recorded."""
    errors: dict[int, ValidationError] = {}
    recorded = 0
    with transaction.atomic():
        for index, row in enumerate(rows):
            enrolment = row.enrolment
            if enrolment.course_id != course.pk:
                errors[index] = ValidationError({"__all__": _("This participant is not in this course.")})
                continue
            unchanged = (
                enrolment.result == row.result
                and enrolment.certificate_number == row.certificate_number.strip()
                and enrolment.certificate_date == row.certificate_date
            )
            if unchanged:
                continue
            try:
                enrolment_record_result(
                    actor=actor,
                    enrolment=enrolment,
                    result=row.result,
                    certificate_number=row.certificate_number,
                    certificate_date=row.certificate_date,
                )
            except ValidationError as error:
                errors[index] = error
            else:
                recorded += 1
        if errors:
            raise RowErrors(errors)  # leaves the atomic block: every row recorded above is rolled back
    return recorded
