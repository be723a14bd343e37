from django import forms
from django.utils.translation import gettext_lazy as _

from ptdv.core.forms import DateField, IntegerField
from ptdv.people.models import Person

from .models import Ballot, IntroducerKind, ReferralOutcome, VoteBody


class StepForm(forms.Form):
    """Every step's form carries the dossier's version, so a stale page cannot overwrite a newer change."""

    version = IntegerField(widget=forms.HiddenInput)


AUTO_NUMBER_LABEL = _("Take the next number from the register (lấy số tự động)")
RECORD_FAILED_LABEL = _("The vote did not reach 2/3: record it as a vote that did not pass")
SIGNER_HELP = _("Who signed for the committee: printed on the decision and written in the register.")


class NumberedStepForm(StepForm):
    """A resolution or decision: its number typed in, or taken from the issuing unit's register (documents app)."""

    number_field = "resolution"

    def clean(self):
        data = super().clean()
        if data.get("record_failed"):  # a vote that did not pass has no resolution number
            return data
        if not data.get("auto_number") and not (data.get(self.number_field) or "").strip():
            self.add_error(self.number_field, _("Enter the number, or take the next one from the register."))
        return data


class OpenForm(forms.Form):
    opened_on = DateField(label=_("Opened on"))


class ApplicationForm(StepForm):
    title = _("Application and CV received")
    application_on = DateField(label=_("Application (1-KNĐ) received on"))
    cv_on = DateField(label=_("CV (2-KNĐ) received on"))


class IntroductionForm(StepForm):
    title = _("Introducers")
    kind_1 = forms.ChoiceField(label=_("First introducer"), choices=IntroducerKind.choices)
    member_1 = forms.ModelChoiceField(label=_("Member"), queryset=Person.objects.none(), required=False)
    months_1 = IntegerField(label=_("Months worked, studied or lived together"), min_value=0, required=False)
    document_1 = forms.CharField(label=_("Letter or resolution number"), max_length=64, required=False)
    dated_1 = DateField(label=_("Dated"))
    kind_2 = forms.ChoiceField(label=_("Second introducer"), choices=IntroducerKind.choices)
    member_2 = forms.ModelChoiceField(label=_("Member"), queryset=Person.objects.none(), required=False)
    months_2 = IntegerField(label=_("Months worked, studied or lived together"), min_value=0, required=False)
    document_2 = forms.CharField(label=_("Letter or resolution number"), max_length=64, required=False)
    dated_2 = DateField(label=_("Dated"))

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        if members is not None:
            for name in ("member_1", "member_2"):
                self.fields[name].queryset = members
                self.fields[name].label_from_instance = lambda p: f"{p.full_name} — {p.membership.unit.name}"


class PapersRedoneForm(IntroductionForm):
    title = _("Introduction papers redone")


class VerificationForm(StepForm):
    title = _("Background verification")
    concluded_on = DateField(label=_("Concluded on"))
    summary = forms.CharField(
        label=_("Who was checked and the results"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The applicant, parents, parents-in-law or carers, spouse, adult children."),
    )


class CommentsForm(StepForm):
    title = _("Comments of mass organisations and the residence cell (5-KNĐ)")
    summarised_on = DateField(label=_("Summarised on"))
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}))


class CellVoteForm(NumberedStepForm):
    title = _("The cell's vote (6-KNĐ)")
    vote_on = DateField(label=_("Meeting date"))
    denominator = IntegerField(
        label=_("Full members counted"),
        min_value=1,
        help_text=_("Full members of the cell, less those on temporary transfer and exempted members who are absent."),
    )
    denominator_note = forms.CharField(label=_("How they were counted (if not as on the roll)"), required=False)
    votes_for = IntegerField(label=_("Votes for"), min_value=0)
    resolution = forms.CharField(label=_("Resolution number"), max_length=32, required=False)
    auto_number = forms.BooleanField(label=AUTO_NUMBER_LABEL, required=False)
    ballot = forms.ChoiceField(label=_("Ballot"), choices=Ballot.choices)
    record_failed = forms.BooleanField(label=RECORD_FAILED_LABEL, required=False)


class CommitteeVoteForm(NumberedStepForm):
    title = _("The grassroots committee's vote (8-KNĐ)")
    vote_on = DateField(label=_("Meeting date"))
    committee_size = IntegerField(label=_("Members of the committee"), min_value=1)
    votes_for = IntegerField(label=_("Votes for"), min_value=0)
    resolution = forms.CharField(label=_("Resolution number"), max_length=32, required=False)
    auto_number = forms.BooleanField(label=AUTO_NUMBER_LABEL, required=False)
    record_failed = forms.BooleanField(label=RECORD_FAILED_LABEL, required=False)


class DecisionForm(NumberedStepForm):
    number_field = "number"
    title = _("Admission decision (9-KNĐ)")
    decision_on = DateField(label=_("Decision date"))
    number = forms.CharField(label=_("Decision number"), max_length=32, required=False)
    auto_number = forms.BooleanField(label=AUTO_NUMBER_LABEL, required=False)
    signer = forms.CharField(label=_("Signed by"), max_length=120, help_text=SIGNER_HELP)


class CeremonyForm(StepForm):
    title = _("Admission ceremony")
    ceremony_on = DateField(label=_("Ceremony held on"))


class RecognitionCellVoteForm(NumberedStepForm):
    title = _("The cell's vote on recognition (13-KNĐ)")
    vote_on = DateField(label=_("Meeting date"))
    denominator = IntegerField(label=_("Full members counted"), min_value=1)
    votes_for = IntegerField(label=_("Votes for"), min_value=0)
    resolution = forms.CharField(label=_("Resolution number"), max_length=32, required=False)
    auto_number = forms.BooleanField(label=AUTO_NUMBER_LABEL, required=False)
    record_failed = forms.BooleanField(label=RECORD_FAILED_LABEL, required=False)


class RecognitionCommitteeVoteForm(NumberedStepForm):
    title = _("The grassroots committee's vote on recognition (15-KNĐ)")
    vote_on = DateField(label=_("Meeting date"))
    committee_size = IntegerField(label=_("Members of the committee"), min_value=1)
    votes_for = IntegerField(label=_("Votes for"), min_value=0)
    resolution = forms.CharField(label=_("Resolution number"), max_length=32, required=False)
    auto_number = forms.BooleanField(label=AUTO_NUMBER_LABEL, required=False)
    record_failed = forms.BooleanField(label=RECORD_FAILED_LABEL, required=False)


class RecognitionForm(NumberedStepForm):
    number_field = "number"
    title = _("Recognition decision (16-KNĐ)")
    decision_on = DateField(label=_("Decision date"))
    number = forms.CharField(label=_("Decision number"), max_length=32, required=False)
    auto_number = forms.BooleanField(label=AUTO_NUMBER_LABEL, required=False)
    signer = forms.CharField(label=_("Signed by"), max_length=120, help_text=SIGNER_HELP)


class CloseForm(StepForm):
    title = _("Close the dossier")
    outcome = forms.ChoiceField(label=_("Outcome"))
    closed_on = DateField(label=_("Date"))
    # required by the service (code reason_missing), as through the API
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, outcomes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = list(outcomes)


class FailedVoteForm(StepForm):
    title = _("Record a vote that did not pass")
    body = forms.ChoiceField(label=_("Voted by"), choices=VoteBody.choices, required=False)
    vote_on = DateField(label=_("Meeting date"))
    denominator = IntegerField(
        label=_("Members counted"), min_value=1, help_text=_("The cell's full members, or the committee's members.")
    )
    votes_for = IntegerField(label=_("Votes for"), min_value=0)

    def __init__(self, *args, bodies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if bodies is not None:
            self.fields["body"].choices = [c for c in VoteBody.choices if c[0] in bodies]


class CeremonyApprovalForm(StepForm):
    title = _("Approval of a later ceremony by the committee directly above")
    # required by the service (codes document_missing, number_missing), as through the API
    document = forms.CharField(
        label=_("Approving document"), max_length=120, help_text=_("e.g. Công văn"), required=False
    )
    number = forms.CharField(label=_("Number"), max_length=32, required=False)
    approved_on = DateField(label=_("Dated"))
    allowed_until = DateField(label=_("Ceremony allowed until"))


class ReferralForm(StepForm):
    title = _("Decision of the committee above after three votes that did not pass")
    outcome = forms.ChoiceField(label=_("Decision"), choices=ReferralOutcome.choices)
    decided_on = DateField(label=_("Decision date"))
    number = forms.CharField(label=_("Decision number"), max_length=32)
    signer = forms.CharField(label=_("Signed by"), max_length=120, help_text=SIGNER_HELP)
    reason = forms.CharField(
        label=_("Reason (when struck off)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ReturnForm(StepForm):
    title = _("Return for correction")
    returned_on = DateField(label=_("Date"))
    reason = forms.CharField(
        label=_("What must be corrected"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ParticularsForm(StepForm):
    title = _("Over 60, re-admission")
    over_60_consent = forms.CharField(
        label=_("Consent of the provincial standing committee for an applicant over 60 (document number)"),
        max_length=255,
        required=False,
    )
    readmission = forms.BooleanField(label=_("A former party member applying again"), required=False)
    left_on = DateField(label=_("Left the party on"), required=False)
    left_reason = forms.ChoiceField(label=_("Reason for leaving"), required=False)
    convicted = forms.BooleanField(label=_("Convicted of a less serious crime, conviction cleared"), required=False)
    conviction_cleared_on = DateField(label=_("Conviction cleared on"), required=False)
    readmission_consent = forms.CharField(
        label=_("Consent of the provincial standing committee (document number)"), max_length=255, required=False
    )
    readmitted_before = forms.BooleanField(label=_("Already re-admitted once before"), required=False)
    education_exception = forms.BooleanField(
        label=_("Below lower-secondary education, admitted by exception"), required=False
    )
    education_exception_reason = forms.CharField(
        label=_("Reason for the education exception"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, **kwargs):
        from . import rules

        super().__init__(*args, **kwargs)
        self.fields["left_reason"].choices = [
            ("", "—"),
            *sorted(
                ((code, rules.readmission_reason_label(code)) for code in rules.READMISSION_REASONS), key=lambda c: c[1]
            ),
        ]


class ProbationForm(StepForm):
    title = _("Probation")
    helper = forms.ModelChoiceField(label=_("Helper (full member)"), queryset=Person.objects.none())
    self_review_on = DateField(label=_("Self-review (10-KNĐ) received on"), required=False)
    helper_assessment_on = DateField(label=_("Helper's assessment (11-KNĐ) received on"), required=False)
    comments_on = DateField(label=_("Comments summarised (12-KNĐ) on"), required=False)

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        if members is not None:
            self.fields["helper"].queryset = members
            self.fields["helper"].label_from_instance = lambda p: f"{p.full_name} — {p.membership.unit.name}"


class CardForm(StepForm):
    title = _("Party card")
    card_number = forms.CharField(label=_("Card number"), max_length=32)
    card_decision = forms.CharField(label=_("Card decision (number)"), max_length=64, required=False)
    handed_on = DateField(label=_("Handed over on"))
