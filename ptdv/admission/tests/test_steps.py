"""The steps' one description (admission.steps) against the procedure's order and the dossier's fields: a step
left out, out of order or naming a field the dossier does not have would break the pages, the API and the queues."""

from ptdv.admission import rules, steps
from ptdv.admission.forms import (
    ApplicationForm,
    CellVoteForm,
    CeremonyForm,
    CommentsForm,
    CommitteeVoteForm,
    DecisionForm,
    RecognitionCellVoteForm,
    RecognitionCommitteeVoteForm,
    RecognitionForm,
    VerificationForm,
)
from ptdv.admission.models import Dossier
from ptdv.admission.views import STEPS as PAGE_STEPS

FIELDS = {f.name for f in Dossier._meta.get_fields()}


def test_every_step_of_the_main_line_is_described_once_in_the_procedures_order():
    main_line = [stage for stage in rules.ORDER if stage in steps.STEP]
    assert [step.stage for step in steps.STEPS] == main_line
    assert len(steps.STEP) == len(steps.STEPS)
    assert set(PAGE_STEPS) == set(steps.STEP)  # every step has its page


def test_each_step_names_fields_the_dossier_has():
    for step in steps.STEPS:
        assert step.date_field in FIELDS, step.stage
        assert set(step.values.values()) <= FIELDS, step.stage


def test_each_steps_form_has_the_fields_the_description_names():
    forms = {
        rules.Stage.APPLICATION: ApplicationForm,
        rules.Stage.VERIFICATION: VerificationForm,
        rules.Stage.COMMENTS: CommentsForm,
        rules.Stage.CELL_VOTE: CellVoteForm,
        rules.Stage.COMMITTEE_VOTE: CommitteeVoteForm,
        rules.Stage.DECISION: DecisionForm,
        rules.Stage.CEREMONY: CeremonyForm,
        rules.Stage.RECOGNITION_CELL_VOTE: RecognitionCellVoteForm,
        rules.Stage.RECOGNITION_COMMITTEE_VOTE: RecognitionCommitteeVoteForm,
        rules.Stage.FULL_MEMBER: RecognitionForm,
    }
    for stage, form in forms.items():
        step = steps.STEP[stage]
        assert PAGE_STEPS[stage][0] is form
        named = set(step.values) | set(step.form_dates) | set(step.numbered or ())
        assert named <= set(form.base_fields), (stage, named - set(form.base_fields))


def test_the_last_step_has_nobody_waiting_and_votes_name_their_body():
    assert steps.STEPS[-1].waiting is None
    assert all(step.waiting for step in steps.STEPS[:-1])
    assert {s.stage for s in steps.STEPS if s.vote_body} == {s.stage for s in steps.STEPS if "vote" in s.stage}
