"""Downloads of filled forms, scoped like the dossier page (outside the user's units: 404). Every download of a
dossier's documents is recorded (who read what): they are personal data."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from ptdv.accounts.models import Role
from ptdv.admission.access import access_dossier
from ptdv.core.files import attachment
from ptdv.core.forms import DateField, add_service_errors
from ptdv.people.access import persons_visible_to
from ptdv.training.access import access_course, can_issue_certificates
from ptdv.training.models import CourseKind, Enrolment
from ptdv.training.selectors import course_participants

from . import filling, generation, selectors, services
from .models import IssuedDocument
from .rendering import DocumentTemplateError

FORMATS = (generation.DOCX, generation.PDF)


def _file(data: bytes, filename: str, file_format: str) -> HttpResponse:
    response = HttpResponse(data, content_type=generation.CONTENT_TYPES[file_format])
    response["Content-Disposition"] = attachment(filename)
    response["Cache-Control"] = "private, no-store"
    return response


def _template_error(request, error: DocumentTemplateError) -> HttpResponse:
    """A template that cannot be filled: the reason, in Vietnamese, for whoever maintains the templates."""
    return render(request, "documents/template_error.html", {"error": error}, status=422)


def _format(file_format: str) -> str:
    if file_format not in FORMATS:
        raise Http404
    return file_format


@require_GET
def dossier_form(request, pk, slug, file_format):
    dossier = access_dossier(request.user, pk)
    code = filling.SLUGS.get(slug)
    if code not in filling.FORMS_BY_CODE:
        raise Http404
    file_format = _format(file_format)
    try:
        data = generation.dossier_form(dossier, code, file_format)
    except DocumentTemplateError as error:
        return _template_error(request, error)
    services.documents_record_download(actor=request.user, dossier=dossier, forms=[code], file_format=file_format)
    return _file(data, filling.filename(code, dossier.person.full_name, file_format), file_format)


@require_GET
def dossier_zip(request, pk, file_format=generation.DOCX):
    dossier = access_dossier(request.user, pk)
    file_format = _format(file_format)
    try:
        data = generation.dossier_zip(dossier, file_format)
    except DocumentTemplateError as error:
        return _template_error(request, error)
    services.documents_record_download(
        actor=request.user, dossier=dossier, forms=[f.code for f in filling.FORMS], file_format=f"zip/{file_format}"
    )
    return _file(data, f"Hồ sơ {dossier.person.full_name}.zip", "zip")


@require_GET
def transfer_letter(request, pk, file_format):
    """The letter of introduction (GTSHĐ) of an official transfer, for the origin's and the destination's staff
    (another unit's transfer: 404). Downloading it never takes a number: the transfer took its number once."""
    from ptdv.membership.models import Transfer, TransferKind
    from ptdv.units.access import units_visible_to

    visible = units_visible_to(request.user)
    transfer = (
        Transfer.objects.filter(pk=pk, kind=TransferKind.OFFICIAL)
        .filter(Q(origin__in=visible) | Q(destination__in=visible))
        .select_related("membership__person", "membership__unit", "origin", "destination", "issued_by", "document")
        .first()
    )
    if transfer is None:
        raise Http404
    file_format = _format(file_format)
    try:
        data = generation.transfer_letter(transfer, file_format)
    except DocumentTemplateError as error:
        return _template_error(request, error)
    services.documents_record_letter_download(actor=request.user, transfer=transfer, file_format=file_format)
    name = filling.filename(filling.TRANSFER_LETTER.code, transfer.membership.person.full_name, file_format)
    return _file(data, name, file_format)


class DecisionListForm(forms.Form):
    unit = forms.ModelChoiceField(label=gettext_lazy("Deciding committee"), queryset=None)
    day = DateField(label=gettext_lazy("Decision date"))
    form = forms.ChoiceField(
        label=gettext_lazy("Form"),
        choices=[
            ("9-KNĐ", gettext_lazy("Admission decisions (9-KNĐ)")),
            ("16-KNĐ", gettext_lazy("Recognition decisions (16-KNĐ)")),
        ],
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


@require_GET
def decision_list(request):
    """Every decision a committee signed on one date (e.g. all 9-KNĐ of a meeting), listed, and in one zip."""
    form = DecisionListForm(
        request.GET or None,
        units=selectors.deciding_units(request.user),
        initial={"day": timezone.localdate(), "form": "9-KNĐ"},
    )
    dossiers = []
    if form.is_valid():
        data = form.cleaned_data
        dossiers = selectors.decisions_on(user=request.user, unit=data["unit"], day=data["day"], form=data["form"])
        if request.GET.get("download") and dossiers:
            try:
                archive = generation.decisions_zip(dossiers, data["form"])
            except DocumentTemplateError as error:
                return _template_error(request, error)
            for dossier in dossiers:
                services.documents_record_download(
                    actor=request.user, dossier=dossier, forms=[data["form"]], file_format="zip/docx"
                )
            name = f"{data['form']} {data['unit'].code} {data['day'].strftime('%d-%m-%Y')}.zip"
            return _file(archive, name, "zip")
    return render(request, "documents/decisions.html", {"form": form, "dossiers": dossiers})


def _certificate_enrolments(user, course):
    if course.kind != CourseKind.AWARENESS:
        raise Http404
    return list(course_participants(user=user, course=course).filter(result="passed").select_related("person"))


@require_GET
def certificate(request, pk, file_format):
    """The CN-NTVĐ certificate of one participant (the person must be visible to the user), for the organiser or a
    unit above it (training.access.can_issue_certificates)."""
    try:
        enrolment = Enrolment.objects.select_related("course__organiser", "person").get(
            pk=int(pk), person__in=persons_visible_to(request.user)
        )
    except (Enrolment.DoesNotExist, ValueError):
        raise Http404 from None
    course = access_course(request.user, enrolment.course_id)
    if not can_issue_certificates(request.user, course):
        raise PermissionDenied  # issued in the organiser's name: not by a participant's cell
    if course.kind != CourseKind.AWARENESS or enrolment.result != "passed":
        raise Http404
    file_format = _format(file_format)
    try:
        data = generation.certificate_file(enrolment, file_format)
    except DocumentTemplateError as error:
        return _template_error(request, error)
    services.documents_record_certificate_download(
        actor=request.user, course=course, enrolments=[enrolment], file_format=file_format
    )
    return _file(data, filling.filename("CN-NTVĐ", enrolment.person.full_name, file_format), file_format)


@require_GET
def certificates(request, pk):
    """The certificates of every participant of the class who passed (those the user may see), in one zip; for the
    organiser or a unit above it (training.access.can_issue_certificates)."""
    course = access_course(request.user, pk)
    if not can_issue_certificates(request.user, course):
        raise PermissionDenied
    enrolments = _certificate_enrolments(request.user, course)
    if not enrolments:
        raise PermissionDenied(_("No participant of this class has passed yet."))
    try:
        data = generation.certificates_zip(enrolments)
    except DocumentTemplateError as error:
        return _template_error(request, error)
    services.documents_record_certificate_download(
        actor=request.user, course=course, enrolments=enrolments, file_format="zip/docx"
    )
    return _file(data, f"CN-NTVĐ {course.title}.zip", "zip")


@require_GET
def register(request):
    """The register of numbered documents of the user's units."""
    documents = selectors.register_visible_to(request.user)[:300]
    return render(request, "documents/register.html", {"documents": documents})


class ReissueForm(forms.Form):
    issued_on = DateField(label=gettext_lazy("Issued on"))
    signer = forms.CharField(label=gettext_lazy("Signed by"), max_length=120, required=False)


@require_http_methods(["GET", "POST"])
def reissue(request, pk):
    """A corrected version of a numbered document: the same number, the next version; the old one is kept."""
    try:
        document = selectors.register_visible_to(request.user).get(pk=int(pk))
    except (IssuedDocument.DoesNotExist, ValueError):
        raise Http404 from None
    if not request.user.has_role(Role.CELL_SECRETARY, Role.COMMITTEE, Role.STAFF, Role.ADMIN):
        raise PermissionDenied
    form = ReissueForm(request.POST or None, initial={"issued_on": timezone.localdate(), "signer": document.signer})
    if request.method == "POST" and form.is_valid():
        try:
            new = services.register_reissue(
                actor=request.user,
                document=document,
                issued_on=form.cleaned_data["issued_on"],
                signer=form.cleaned_data["signer"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("%(code)s reissued (version %(version)s).") % {"code": new.code, "version": new.version}
            )
            return redirect("documents:register")
    status = 422 if form.is_bound and form.errors else 200
    return render(request, "documents/reissue.html", {"form": form, "document": document}, status=status)
