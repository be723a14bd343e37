"""The procedure's steps described once (procedure.md): for each step of the main line, who records it, where its
date and values live on the dossier, which of its form's dates default to today, who acts while a dossier waits
at it, whose vote it is and which number the register may give it. The services, the pages, the API and the work
queues read their tables from here, so that a step is changed in one place."""

from collections.abc import Callable
from dataclasses import dataclass, field

from . import rules
from .access import CELL, COMPETENT, GRASSROOTS

Stage = rules.Stage


@dataclass(frozen=True)
class Step:
    stage: Stage
    # who records the step (admission.access): the cell, the grassroots committee, the competent committee
    actor: str
    # the dossier's field holding the day the step was completed (the date-order rule, the tracker)
    date_field: str
    # the step's form fields → the dossier's fields they set (a correction of the step rewrites these)
    values: dict[str, str] = field(default_factory=dict)
    # the form's date fields that default to today on the page
    form_dates: tuple[str, ...] = ()
    # who acts while a dossier waits at this stage, i.e. on the next step's deadline (the work queues); None for
    # the last step
    waiting: str | None = None
    # the body whose vote this step records ("cell" / "committee"), for a vote that did not pass
    vote_body: str = ""
    # (number field, date field) of a resolution or decision the register may number
    numbered: tuple[str, str] | None = None


STEPS: tuple[Step, ...] = (
    Step(
        Stage.APPLICATION,
        CELL,
        "application_on",
        {"application_on": "application_on", "cv_on": "cv_on"},
        form_dates=("application_on", "cv_on"),
        waiting="cell",
    ),
    Step(Stage.INTRODUCTION, CELL, "introduced_on", {}, form_dates=("dated_1", "dated_2"), waiting="cell"),
    Step(
        Stage.VERIFICATION,
        CELL,
        "verification_on",
        {"concluded_on": "verification_on", "summary": "verification_summary"},
        form_dates=("concluded_on",),
        waiting="cell",
    ),
    Step(
        Stage.COMMENTS,
        CELL,
        "comments_on",
        {"summarised_on": "comments_on", "summary": "comments_summary"},
        form_dates=("summarised_on",),
        waiting="cell",
    ),
    Step(
        Stage.CELL_VOTE,
        CELL,
        "cell_vote_on",
        {
            "vote_on": "cell_vote_on",
            "denominator": "cell_denominator",
            "votes_for": "cell_votes_for",
            "resolution": "cell_resolution",
            "ballot": "cell_ballot",
            "denominator_note": "cell_denominator_note",
        },
        form_dates=("vote_on",),
        waiting="grassroots",
        vote_body="cell",
        numbered=("resolution", "vote_on"),
    ),
    Step(
        Stage.COMMITTEE_VOTE,
        GRASSROOTS,
        "committee_vote_on",
        {
            "vote_on": "committee_vote_on",
            "committee_size": "committee_size",
            "votes_for": "committee_votes_for",
            "resolution": "committee_resolution",
        },
        form_dates=("vote_on",),
        waiting="competent",
        vote_body="committee",
        numbered=("resolution", "vote_on"),
    ),
    Step(
        Stage.DECISION,
        COMPETENT,
        "decision_on",
        {"decision_on": "decision_on", "number": "decision_number", "signer": "decision_signer"},
        form_dates=("decision_on",),
        waiting="cell",
        numbered=("number", "decision_on"),
    ),
    Step(
        Stage.CEREMONY, CELL, "ceremony_on", {"ceremony_on": "ceremony_on"}, form_dates=("ceremony_on",), waiting="cell"
    ),
    Step(
        Stage.RECOGNITION_CELL_VOTE,
        CELL,
        "recognition_cell_vote_on",
        {
            "vote_on": "recognition_cell_vote_on",
            "denominator": "recognition_cell_denominator",
            "votes_for": "recognition_cell_votes_for",
            "resolution": "recognition_cell_resolution",
        },
        form_dates=("vote_on",),
        waiting="grassroots",
        vote_body="cell",
        numbered=("resolution", "vote_on"),
    ),
    Step(
        Stage.RECOGNITION_COMMITTEE_VOTE,
        GRASSROOTS,
        "recognition_committee_vote_on",
        {
            "vote_on": "recognition_committee_vote_on",
            "committee_size": "recognition_committee_size",
            "votes_for": "recognition_committee_votes_for",
            "resolution": "recognition_committee_resolution",
        },
        form_dates=("vote_on",),
        waiting="competent",
        vote_body="committee",
        numbered=("resolution", "vote_on"),
    ),
    Step(
        Stage.FULL_MEMBER,
        COMPETENT,
        "recognition_decision_on",
        {
            "decision_on": "recognition_decision_on",
            "number": "recognition_decision_number",
            "signer": "recognition_signer",
        },
        form_dates=("decision_on",),
        numbered=("number", "decision_on"),
    ),
)

STEP: dict[Stage, Step] = {step.stage: step for step in STEPS}

# Who closes a dossier with each outcome (admission.access).
CLOSING_ACTORS = {Stage.WITHDRAWN: CELL, Stage.REJECTED: COMPETENT, Stage.STRUCK_OFF: COMPETENT}


def table(attribute: str, *, skip_empty: bool = True) -> dict[Stage, object]:
    """One column of STEPS by stage, e.g. table("date_field"); steps whose value is empty are left out."""
    return {
        step.stage: getattr(step, attribute)
        for step in STEPS
        if not skip_empty or getattr(step, attribute) not in ("", None)
    }


# ---------------------------------------------------------------- numbering from the register

# The register is kept by the documents app, above admission in the layers: it fills this hook in its ready().
# Called inside the step's transaction as number(actor, dossier, stage, issued_on, signer) → the document's code.
_numbering: list[Callable] = []


def numbering_register(function: Callable) -> None:
    _numbering[:] = [function]


def step_number_issue(*, actor, dossier, stage: Stage, issued_on, signer: str = "") -> str:
    """The next number of the issuing unit's register for the step's resolution or decision (documents app)."""
    if not _numbering:
        raise RuntimeError("the documents app registers the numbering of steps in its ready()")
    return _numbering[0](actor=actor, dossier=dossier, stage=stage, issued_on=issued_on, signer=signer)
