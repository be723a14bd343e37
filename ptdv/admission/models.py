from django.db import models
from django.utils.translation import gettext_lazy as _


class DossierStage(models.TextChoices):
    """The dossier's last completed step (procedure.md "Stages"); the same codes as rules.Stage, plus "opened"."""

    OPENED = "opened", _("Opened")
    APPLICATION = "application", _("Application and CV received")
    INTRODUCTION = "introduction", _("Introduced")
    VERIFICATION = "verification", _("Background verified")
    COMMENTS = "comments", _("Comments gathered")
    CELL_VOTE = "cell_vote", _("Approved by the cell")
    COMMITTEE_VOTE = "committee_vote", _("Approved by the grassroots committee")
    DECISION = "decision", _("Admission decided")
    CEREMONY = "ceremony", _("Admitted: on probation")
    RECOGNITION_CELL_VOTE = "recognition_cell_vote", _("Recognition approved by the cell")
    RECOGNITION_COMMITTEE_VOTE = "recognition_committee_vote", _("Recognition approved by the grassroots committee")
    FULL_MEMBER = "full_member", _("Full member")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REJECTED = "rejected", _("Rejected")
    STRUCK_OFF = "struck_off", _("Struck off")


class Ballot(models.TextChoices):
    SECRET = "secret", _("Secret ballot")
    RAISED_CARD = "raised_card", _("Raised party card")


class Dossier(models.Model):
    """An admission dossier (hồ sơ kết nạp): one person's way from application to full member.

    Each step's data lives on the dossier; each change is one service call that writes an event. `version` is
    raised by every change, so a form sent from an out-of-date page is refused instead of overwriting."""

    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="dossiers"
    )
    unit = models.ForeignKey("units.Unit", verbose_name=_("cell"), on_delete=models.PROTECT, related_name="dossiers")
    candidate = models.ForeignKey(
        "people.Candidate", null=True, blank=True, on_delete=models.PROTECT, related_name="dossiers"
    )
    stage = models.CharField(_("stage"), max_length=32, choices=DossierStage.choices, db_index=True)
    version = models.PositiveIntegerField(default=1)
    opened_on = models.DateField(_("opened on"))
    over_60_consent = models.CharField(
        _("provincial standing committee's consent (over 60)"), max_length=255, blank=True
    )
    # re-admission (294-QĐ/TW §3.5): a former member applying again
    readmission = models.BooleanField(_("re-admission"), default=False)
    readmission_left_on = models.DateField(_("left the party on"), null=True, blank=True)
    readmission_left_reason = models.CharField(_("reason for leaving"), max_length=32, blank=True)
    readmission_convicted = models.BooleanField(
        _("convicted of a less serious crime (conviction cleared)"), default=False
    )
    readmission_conviction_cleared_on = models.DateField(_("conviction cleared on"), null=True, blank=True)
    readmission_consent = models.CharField(_("provincial standing committee's consent"), max_length=255, blank=True)
    readmission_before = models.BooleanField(_("re-admitted once before"), default=False)
    # application (1-KNĐ, 2-KNĐ)
    application_on = models.DateField(_("application received on"), null=True, blank=True)
    cv_on = models.DateField(_("CV received on"), null=True, blank=True)
    # introduction: Introduction rows; the date the papers were (re)done
    introduced_on = models.DateField(_("introduced on"), null=True, blank=True)
    papers_redone_on = models.DateField(_("introduction papers redone on"), null=True, blank=True)
    # verification
    verification_on = models.DateField(_("verification concluded on"), null=True, blank=True)
    verification_summary = models.TextField(_("verification results"), blank=True)
    # comments of mass organisations and the residence cell (5-KNĐ)
    comments_on = models.DateField(_("comments summarised on"), null=True, blank=True)
    comments_summary = models.TextField(_("summary of comments"), blank=True)
    # the cell's vote (6-KNĐ)
    cell_vote_on = models.DateField(_("cell meeting on"), null=True, blank=True)
    cell_denominator = models.PositiveSmallIntegerField(_("full members counted"), null=True, blank=True)
    cell_denominator_note = models.CharField(_("how the members were counted"), max_length=255, blank=True)
    cell_votes_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    cell_resolution = models.CharField(_("resolution number"), max_length=32, blank=True)
    cell_ballot = models.CharField(_("ballot"), max_length=16, choices=Ballot.choices, blank=True)
    # the grassroots committee's vote (8-KNĐ)
    committee_vote_on = models.DateField(_("committee meeting on"), null=True, blank=True)
    committee_size = models.PositiveSmallIntegerField(_("committee members"), null=True, blank=True)
    committee_votes_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    committee_resolution = models.CharField(_("resolution number"), max_length=32, blank=True)
    # the decision (9-KNĐ)
    decided_by = models.ForeignKey(
        "units.Unit", verbose_name=_("decided by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_on = models.DateField(_("decision date"), null=True, blank=True, db_index=True)
    decision_number = models.CharField(_("decision number"), max_length=32, blank=True)
    decision_signer = models.CharField(_("signed by"), max_length=120, blank=True)
    # the ceremony, and the approval of the committee directly above for a ceremony later than the deadline
    ceremony_on = models.DateField(_("ceremony held on"), null=True, blank=True)
    ceremony_approval_document = models.CharField(_("approving document"), max_length=120, blank=True)
    ceremony_approval_number = models.CharField(_("approval number"), max_length=32, blank=True)
    ceremony_approval_on = models.DateField(_("approved on"), null=True, blank=True)
    ceremony_allowed_until = models.DateField(_("ceremony allowed until"), null=True, blank=True)
    # probation: the helper, the self-review (10-KNĐ), the helper's assessment (11-KNĐ), the comments (12-KNĐ)
    probation_helper = models.ForeignKey(
        "people.Person", verbose_name=_("helper"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    self_review_on = models.DateField(_("self-review (10-KNĐ) on"), null=True, blank=True)
    helper_assessment_on = models.DateField(_("helper's assessment (11-KNĐ) on"), null=True, blank=True)
    probation_comments_on = models.DateField(_("comments summarised (12-KNĐ) on"), null=True, blank=True)
    # recognition (13-KNĐ, 15-KNĐ, 16-KNĐ)
    recognition_cell_vote_on = models.DateField(_("cell meeting on"), null=True, blank=True)
    recognition_cell_denominator = models.PositiveSmallIntegerField(_("full members counted"), null=True, blank=True)
    recognition_cell_votes_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    recognition_cell_resolution = models.CharField(_("resolution number"), max_length=32, blank=True)
    recognition_committee_vote_on = models.DateField(_("committee meeting on"), null=True, blank=True)
    recognition_committee_size = models.PositiveSmallIntegerField(_("committee members"), null=True, blank=True)
    recognition_committee_votes_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    recognition_committee_resolution = models.CharField(_("resolution number"), max_length=32, blank=True)
    recognition_decision_on = models.DateField(_("recognition decision date"), null=True, blank=True)
    recognition_decision_number = models.CharField(_("recognition decision number"), max_length=32, blank=True)
    recognition_signer = models.CharField(_("signed by"), max_length=120, blank=True)
    full_member_on = models.DateField(_("full member as of"), null=True, blank=True)
    # failed votes (FailedVote rows; three failed recognition votes → the higher committee decides)
    failed_cell_votes = models.PositiveSmallIntegerField(default=0)  # on admission, the cell's or the committee's
    failed_recognition_votes = models.PositiveSmallIntegerField(default=0)  # the cell's or the committee's
    referred_on = models.DateField(_("referred to the higher committee on"), null=True, blank=True)
    # the decision of the committee above / the competent committee after three failed recognition votes
    referral_outcome = models.CharField(_("decision after referral"), max_length=16, blank=True)
    referral_decision_on = models.DateField(_("decided on"), null=True, blank=True)
    referral_number = models.CharField(_("decision number"), max_length=32, blank=True)
    referral_signer = models.CharField(_("signed by"), max_length=120, blank=True)
    # a side exit
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("admission dossier")
        verbose_name_plural = _("admission dossiers")
        ordering = ["-opened_on", "-id"]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_stage_display()})"

    @property
    def is_open(self) -> bool:
        from .rules import TERMINAL

        return self.stage not in TERMINAL


class VoteBody(models.TextChoices):
    CELL = "cell", _("The cell")
    COMMITTEE = "committee", _("The grassroots committee")


class ReferralOutcome(models.TextChoices):
    RECOGNISE = "recognise", _("Recognised as a full member")
    STRIKE_OFF = "strike_off", _("Struck off the list of probationary members")


class FailedVote(models.Model):
    """A vote that did not reach 2/3 (procedure.md "Votes"): the cell's or the grassroots committee's, on admission
    or on recognition. The dossier's stage stays; three on recognition send the case to the committee above."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="failed_votes")
    recognition = models.BooleanField(_("on recognition"), default=False)
    body = models.CharField(_("voted by"), max_length=16, choices=VoteBody.choices, default=VoteBody.CELL)
    vote_on = models.DateField(_("meeting date"))
    denominator = models.PositiveSmallIntegerField(_("members counted"))
    votes_for = models.PositiveSmallIntegerField(_("votes for"))

    class Meta:
        ordering = ["vote_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_body_display()} {self.vote_on}: {self.votes_for}/{self.denominator}"


class IntroducerKind(models.TextChoices):
    MEMBER = "member", _("Full party member")
    YOUTH_UNION = "youth_union", _("Youth Union executive committee (4-KNĐ)")
    TRADE_UNION = "trade_union", _("Trade union executive committee (4A-KNĐ)")


class Introduction(models.Model):
    """An introducer: a full member (3-KNĐ), or the Youth Union / trade union executive's resolution."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="introductions")
    kind = models.CharField(_("introducer"), max_length=16, choices=IntroducerKind.choices)
    introducer = models.ForeignKey(
        "people.Person", verbose_name=_("member"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    months_together = models.PositiveSmallIntegerField(_("months together"), null=True, blank=True)
    document = models.CharField(_("letter or resolution number"), max_length=64, blank=True)
    dated = models.DateField(_("dated"))

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.introducer or self.document}"
