"""A dossier carried from the pool to full membership (the admission tests' world), for filling every form."""

import pytest

from ptdv.admission import services
from ptdv.admission.tests.conftest import D, cell_vote, frozen_today, up_to_comments, world  # noqa: F401


def carry_to_full_member(w):
    dossier = cell_vote(w, up_to_comments(w))
    dossier = services.dossier_record_committee_vote(
        actor=w["committee"], dossier=dossier, vote_on=D(2025, 4, 8), committee_size=9, votes_for=8,
        resolution="12-NQ/ĐU",
    )  # fmt: skip
    dossier = services.dossier_record_decision(
        actor=w["bloc"], dossier=dossier, decision_on=D(2025, 5, 19), number="215-QĐ/ĐU", signer="Nguyễn Văn Thành"
    )
    dossier = services.dossier_record_ceremony(actor=w["secretary"], dossier=dossier, ceremony_on=D(2025, 6, 2))
    dossier = services.dossier_record_probation(
        actor=w["secretary"], dossier=dossier, helper=w["intro1"], self_review_on=D(2026, 5, 20),
        helper_assessment_on=D(2026, 5, 22), comments_on=D(2026, 5, 29),
    )  # fmt: skip
    dossier = services.dossier_record_recognition_cell_vote(
        actor=w["secretary"], dossier=dossier, vote_on=D(2026, 6, 8), denominator=10, votes_for=10,
        resolution="09-NQ/CB",
    )  # fmt: skip
    dossier = services.dossier_record_recognition_committee_vote(
        actor=w["committee"], dossier=dossier, vote_on=D(2026, 6, 15), committee_size=9, votes_for=9,
        resolution="20-NQ/ĐU",
    )  # fmt: skip
    return services.dossier_record_recognition(
        actor=w["bloc"], dossier=dossier, decision_on=D(2026, 7, 1), number="301-QĐ/ĐU", signer="Nguyễn Văn Thành"
    )


@pytest.fixture
def full_dossier(world, frozen_today):  # noqa: F811
    return carry_to_full_member(world)
