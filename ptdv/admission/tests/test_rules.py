"""Rules of the admission procedure, as plain Python (procedure.md: "Stages", "Conditions checked before the cell
votes", "Votes", "Dates that follow"). Each test names its source."""

import datetime
import re
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from ptdv.admission import rules
from ptdv.admission.rules import (
    ORDER,
    READMISSION_BARRED,
    AdmissionRules,
    CellVoteFacts,
    Introducer,
    Readmission,
    Stage,
    Unmet,
    allowed_moves,
    can_return_for_correction,
    cell_vote_conditions,
    cell_vote_denominator,
    date_order_problems,
    full_member_date,
    introducer_problems,
    must_refer_up,
    next_stage,
    recognition_conditions,
    return_target,
    seniority_from,
    stage_label,
    vote_result,
)

D = datetime.date
ONE_DAY = datetime.timedelta(days=1)
VOTE = D(2026, 11, 22)

FULL = Introducer("member", full_member=True, months_together=12)
FULL_LONG = Introducer("member", full_member=True, months_together=40)
ELEVEN_MONTHS = Introducer("member", full_member=True, months_together=11)
PROBATIONARY = Introducer("member", full_member=False, months_together=30)
YOUTH_UNION = Introducer("youth_union")
TRADE_UNION = Introducer("trade_union")


def facts(**overrides) -> CellVoteFacts:
    """An applicant who meets every condition at a cell meeting on VOTE (and on any day of 2026 after 01/02)."""
    values = dict(
        vote_date=VOTE,
        birth_date=D(2000, 5, 17),
        over_60_consent=False,
        general_education="12/12",
        education_exception=False,
        certificate_date=D(2025, 6, 1),
        introducers=(FULL, FULL_LONG),
        youth_age_applicant=True,
        verification_concluded_on=D(2026, 2, 1),
        dossier_opened_on=D(2026, 1, 5),
        papers_redone_on=D(2026, 1, 10),
        readmission=None,
    )
    values.update(overrides)
    return CellVoteFacts(**values)


def codes(unmet: list[Unmet]) -> list[str]:
    return [u.code for u in unmet]


def messages(unmet: list[Unmet]) -> list[str]:
    return [u.message for u in unmet]


def test_an_applicant_who_meets_every_condition_has_nothing_unmet():
    """procedure.md, "Conditions checked before the cell votes"."""
    assert cell_vote_conditions(facts()) == []


# ---------------------------------------------------------------- age: 294-QĐ/TW §1.1.1


@pytest.mark.parametrize(
    ("birth", "vote", "consent", "expected"),
    [
        pytest.param(D(2008, 11, 23), D(2026, 11, 22), False, ["under_age"], id="the-day-before-the-18th-birthday"),
        pytest.param(D(2008, 11, 23), D(2026, 11, 23), False, [], id="the-18th-birthday"),
        pytest.param(D(2008, 2, 29), D(2026, 2, 27), False, ["under_age"], id="29-february-birth-the-day-before"),
        pytest.param(D(2008, 2, 29), D(2026, 2, 28), False, [], id="29-february-birth-18-on-28-february"),
        pytest.param(D(1966, 5, 17), D(2026, 5, 17), False, [], id="60y0m-on-the-birthday"),
        pytest.param(D(1966, 5, 17), D(2026, 6, 16), False, [], id="60y0m-the-last-day"),
        pytest.param(D(1966, 5, 17), D(2026, 6, 17), False, ["over_age"], id="60y1m"),
        pytest.param(D(1966, 5, 17), D(2026, 6, 17), True, [], id="60y1m-with-provincial-consent"),
        pytest.param(D(1950, 1, 1), VOTE, True, [], id="76-with-provincial-consent"),
    ],
)
def test_age_18_to_60_in_whole_months_at_the_vote_294_qd_tw_1_1_1(birth, vote, consent, expected):
    """294-QĐ/TW §1.1.1: 18 to 60 inclusive in whole months on the day the cell considers the case; over 60 only
    with the provincial standing committee's prior written consent."""
    unmet = cell_vote_conditions(facts(birth_date=birth, vote_date=vote, over_60_consent=consent))
    assert codes(unmet) == expected


def test_age_messages_name_the_18th_birthday_294_qd_tw_1_1_1():
    with translation.override("en"):
        (unmet,) = cell_vote_conditions(facts(birth_date=D(2008, 11, 23)))
        assert unmet.message == "under 18 until 23/11/2026"
        (unmet,) = cell_vote_conditions(facts(birth_date=D(1966, 5, 17), vote_date=D(2026, 6, 17)))
        assert unmet.message == "over 60: needs the provincial standing committee's prior written consent"


# ---------------------------------------------------------------- education: Charter art. 1


@pytest.mark.parametrize(
    ("education", "exception", "expected"),
    [
        ("9/12", False, []),
        ("7/10", False, []),  # the old ten-year system
        ("8/12", False, ["education_below"]),
        ("8/12", True, []),  # ethnic-minority, border, island, remote areas (UNCONFIRMED wording)
        ("", False, ["education_unknown"]),
        ("", True, ["education_unknown"]),  # an exception does not replace the record
    ],
)
def test_education_lower_secondary_or_an_exception_charter_art_1(education, exception, expected):
    """Charter art. 1; 12-HD/BTCTW: lower-secondary diploma or higher; exceptions (UNCONFIRMED wording)."""
    assert codes(cell_vote_conditions(facts(general_education=education, education_exception=exception))) == expected


# ---------------------------------------------------------------- awareness course: 06-HD/TW §5.4


@pytest.mark.parametrize(
    ("certificate", "vote", "expected"),
    [
        pytest.param(D(2021, 11, 22), D(2026, 11, 22), [], id="exactly-60-months-old"),
        pytest.param(D(2021, 11, 22), D(2026, 11, 23), ["certificate_expired"], id="60-months-and-one-day"),
        pytest.param(D(2021, 10, 22), D(2026, 11, 22), ["certificate_expired"], id="61-months-old"),
        pytest.param(D(2021, 11, 23), D(2026, 11, 22), [], id="59-months-old"),
        pytest.param(D(2021, 6, 1), D(2026, 6, 1), [], id="expiring-soon-is-no-obstacle-to-the-vote"),
        pytest.param(None, VOTE, ["no_certificate"], id="no-certificate"),
    ],
)
def test_certificate_at_most_60_months_old_at_the_vote_06_hd_tw_5_4(certificate, vote, expected):
    """06-HD/TW §5.4: the certificate (CN-NTVĐ) is at most 60 months old at the cell's vote; older: retake."""
    assert codes(cell_vote_conditions(facts(certificate_date=certificate, vote_date=vote))) == expected


def test_an_expired_certificate_names_its_last_valid_day_06_hd_tw_5_4():
    with translation.override("en"):
        (unmet,) = cell_vote_conditions(facts(certificate_date=D(2021, 11, 22), vote_date=D(2026, 11, 23)))
    assert unmet.message == "certificate expired on 22/11/2026: retake the awareness course"


# ---------------------------------------------------------------- introducers: 294-QĐ/TW §3.2.1


@pytest.mark.parametrize(
    ("introducers", "youth_age", "expected"),
    [
        pytest.param((FULL, FULL), False, [], id="two-full-members-of-12-months"),
        pytest.param((FULL, ELEVEN_MONTHS), False, ["introducer_months"], id="11-months-together"),
        pytest.param((FULL, PROBATIONARY), False, ["introducer_probationary"], id="a-probationary-introducer"),
        pytest.param(
            (Introducer("member", full_member=False, months_together=11), FULL),
            False,
            ["introducer_probationary", "introducer_months"],
            id="probationary-and-11-months",
        ),
        pytest.param((FULL,), False, ["introducer_combination"], id="one-member-alone"),
        pytest.param((FULL, FULL, FULL), False, ["introducer_combination"], id="three-members"),
        pytest.param((), False, ["no_introducers"], id="none"),
        pytest.param((YOUTH_UNION, FULL), True, [], id="youth-union-for-a-youth-age-applicant"),
        pytest.param((FULL, YOUTH_UNION), False, ["youth_union_not_youth_age"], id="youth-union-for-an-older-one"),
        pytest.param((TRADE_UNION, FULL), False, [], id="trade-union-and-a-full-member"),
        pytest.param((TRADE_UNION, FULL), True, [], id="trade-union-for-a-youth-age-applicant"),
        pytest.param((YOUTH_UNION, ELEVEN_MONTHS), True, ["introducer_months"], id="youth-union-with-11-months"),
        pytest.param((YOUTH_UNION, PROBATIONARY), True, ["introducer_probationary"], id="youth-union-probationary"),
        pytest.param((YOUTH_UNION,), True, ["introducer_combination"], id="youth-union-alone"),
        pytest.param((YOUTH_UNION, TRADE_UNION), True, ["introducer_combination"], id="two-organisations"),
        pytest.param((TRADE_UNION, TRADE_UNION, FULL), False, ["introducer_combination"], id="organisation-twice"),
    ],
)
def test_introducers_294_qd_tw_3_2_1(introducers, youth_age, expected):
    """294-QĐ/TW §3.2.1: two full members, or the Youth Union executive (youth-age applicants) or the trade union
    executive with one full member; each member full, with at least 12 months together with the applicant."""
    assert codes(introducer_problems(introducers, youth_age)) == expected
    assert codes(cell_vote_conditions(facts(introducers=introducers, youth_age_applicant=youth_age))) == expected


def test_introducer_messages_name_the_problem_294_qd_tw_3_2_1():
    with translation.override("en"):
        assert messages(introducer_problems((FULL, PROBATIONARY), False)) == [
            "introducer 2 is not a full member: a probationary member cannot introduce"
        ]
        assert messages(introducer_problems((ELEVEN_MONTHS, FULL), False)) == [
            "introducer 1 has worked, studied or lived with the applicant for 11 months: at least 12 are needed"
        ]
        assert messages(introducer_problems((Introducer("member", True, 1), FULL), False)) == [
            "introducer 1 has worked, studied or lived with the applicant for 1 month: at least 12 are needed"
        ]
        assert messages(introducer_problems((YOUTH_UNION, FULL), False)) == [
            "only a youth-age applicant may be introduced by the Youth Union executive committee"
        ]
        assert messages(introducer_problems((FULL,), False)) == [
            "introducers must be two full members, or the Youth Union or trade union executive committee and one "
            "full member"
        ]
        assert messages(introducer_problems((), False)) == ["no introducers recorded"]


def test_an_unknown_introducer_kind_is_refused():
    with pytest.raises(ValueError):
        Introducer("cousin")


# ---------------------------------------------------------------- verification: 06-HD/TW §3.4.d


@pytest.mark.parametrize(
    ("concluded", "expected"),
    [
        pytest.param(VOTE - ONE_DAY, [], id="the-day-before"),
        pytest.param(VOTE, [], id="the-day-of-the-vote"),
        pytest.param(VOTE + ONE_DAY, ["verification_after_vote"], id="the-day-after-the-vote"),
        pytest.param(None, ["verification_missing"], id="not-concluded"),
    ],
)
def test_verification_concluded_on_or_before_the_vote_06_hd_tw_3_4_d(concluded, expected):
    """06-HD/TW §3.4.d: the cell comments and the committee certifies the CV only after verification results."""
    assert codes(cell_vote_conditions(facts(verification_concluded_on=concluded))) == expected


def test_verification_messages_06_hd_tw_3_4_d():
    with translation.override("en"):
        assert messages(cell_vote_conditions(facts(verification_concluded_on=VOTE + ONE_DAY))) == [
            "background verification concluded on 23/11/2026, after the cell's meeting on 22/11/2026"
        ]
        assert messages(cell_vote_conditions(facts(verification_concluded_on=None))) == [
            "background verification not concluded"
        ]


# ---------------------------------------------------------------- dossier freshness: 01-HD/TW 2021 (UNCONFIRMED)

OPENED = D(2025, 11, 22)


@pytest.mark.parametrize(
    ("vote", "papers", "expected"),
    [
        pytest.param(D(2026, 11, 22), OPENED, [], id="12-months-old-papers-not-redone"),
        pytest.param(D(2026, 11, 22), None, [], id="12-months-old-no-paper-date"),
        pytest.param(D(2026, 11, 23), OPENED, ["papers_not_redone"], id="12-months-and-a-day-papers-not-redone"),
        pytest.param(D(2026, 11, 23), None, ["papers_not_redone"], id="12-months-and-a-day-no-paper-date"),
        pytest.param(D(2026, 11, 23), D(2025, 11, 23), [], id="papers-exactly-12-months-old"),
        pytest.param(D(2026, 11, 23), D(2026, 10, 1), [], id="papers-redone"),
        pytest.param(D(2026, 11, 23), D(2026, 11, 23), [], id="papers-redone-on-the-day"),
        pytest.param(D(2026, 11, 23), D(2026, 11, 24), ["papers_not_redone"], id="papers-after-the-vote"),
        pytest.param(D(2027, 6, 1), D(2026, 5, 31), ["papers_not_redone"], id="redone-but-stale-again"),
    ],
)
def test_papers_redone_after_12_months_01_hd_tw_2021(vote, papers, expected):
    """01-HD/TW 2021 (2025 wording UNCONFIRMED): more than 12 months from opening the dossier to the cell's vote,
    the introduction papers are redone: within the 12 months before the vote."""
    unmet = cell_vote_conditions(
        facts(
            vote_date=vote,
            dossier_opened_on=OPENED,
            papers_redone_on=papers,
            certificate_date=D(2025, 6, 1),
            verification_concluded_on=D(2026, 1, 10),
        )
    )
    assert codes(unmet) == expected


def test_papers_messages_01_hd_tw_2021():
    stale = dict(vote_date=D(2026, 11, 23), dossier_opened_on=OPENED)
    with translation.override("en"):
        assert messages(cell_vote_conditions(facts(**stale, papers_redone_on=None))) == [
            "dossier opened on 22/11/2025, more than 12 months before the cell's meeting: redo the introduction papers"
        ]
        assert messages(cell_vote_conditions(facts(**stale, papers_redone_on=OPENED))) == [
            "dossier opened on 22/11/2025, more than 12 months before the cell's meeting: the introduction papers of "
            "22/11/2025 must be redone within the 12 months before the meeting"
        ]


# ---------------------------------------------------------------- re-admission: 294-QĐ/TW §3.5


def readmission(**overrides) -> Readmission:
    """A former member who may be re-admitted at a meeting on VOTE."""
    values = dict(left_on=D(2022, 1, 1), left_reason="struck_off", provincial_consent=True)
    values.update(overrides)
    return Readmission(**values)


@pytest.mark.parametrize(
    ("former", "expected"),
    [
        pytest.param(readmission(), [], id="in-order"),
        pytest.param(readmission(left_on=D(2023, 11, 23)), ["readmission_too_soon"], id="35-months-out"),
        pytest.param(readmission(left_on=D(2023, 11, 22)), [], id="36-months-out"),
        pytest.param(readmission(provincial_consent=False), ["readmission_no_consent"], id="no-provincial-consent"),
        pytest.param(readmission(readmitted_before=True), ["readmission_once"], id="re-admitted-before"),
        pytest.param(readmission(left_reason="voluntary_family_hardship"), [], id="left-for-family-hardship"),
        pytest.param(readmission(left_reason="expelled"), [], id="expelled-for-another-reason"),
        pytest.param(
            readmission(convicted_less_serious=True, conviction_cleared_on=D(2021, 11, 23)),
            ["readmission_conviction_too_soon"],
            id="59-months-after-a-cleared-conviction",
        ),
        pytest.param(
            readmission(convicted_less_serious=True, conviction_cleared_on=D(2021, 11, 22)),
            [],
            id="60-months-after-a-cleared-conviction",
        ),
        pytest.param(
            readmission(convicted_less_serious=True),
            ["readmission_conviction_unknown"],
            id="conviction-clearing-date-missing",
        ),
        pytest.param(
            readmission(left_on=D(2025, 1, 1), provincial_consent=False, readmitted_before=True),
            ["readmission_once", "readmission_too_soon", "readmission_no_consent"],
            id="everything-at-once",
        ),
    ],
)
def test_readmission_294_qd_tw_3_5(former, expected):
    """294-QĐ/TW §3.5.1: at least 36 months out (60 from a cleared conviction for a less-serious crime), the
    provincial standing committee's written consent; §3.5.3: once only."""
    assert codes(cell_vote_conditions(facts(readmission=former))) == expected


@pytest.mark.parametrize("reason", sorted(READMISSION_BARRED))
def test_the_five_barred_categories_are_never_re_admitted_294_qd_tw_3_5_2(reason):
    """294-QĐ/TW §3.5.2: abandoned activity, asked to leave, serious disunity, corruption, a serious crime."""
    former = readmission(left_reason=reason, left_on=D(2000, 1, 1))
    assert codes(cell_vote_conditions(facts(readmission=former))) == ["readmission_barred"]


def test_five_barred_categories_including_voluntary_and_abandoned_294_qd_tw_3_5_2():
    assert len(READMISSION_BARRED) == 5
    assert {"voluntary", "abandoned"} <= READMISSION_BARRED


def test_readmission_messages_294_qd_tw_3_5():
    with translation.override("en"):
        assert messages(cell_vote_conditions(facts(readmission=readmission(left_on=D(2023, 11, 23))))) == [
            "out of the party for less than 36 months: may be considered from 23/11/2026"
        ]
        assert messages(cell_vote_conditions(facts(readmission=readmission(left_reason="abandoned")))) == [
            "cannot be re-admitted: left the party because of abandoning party activity"
        ]
        assert messages(cell_vote_conditions(facts(readmission=readmission(provincial_consent=False)))) == [
            "re-admission needs the provincial standing committee's written consent"
        ]
        late = readmission(convicted_less_serious=True, conviction_cleared_on=D(2021, 11, 23))
        assert messages(cell_vote_conditions(facts(readmission=late))) == [
            "less than 60 months since the conviction was cleared: may be considered from 23/11/2026"
        ]


def test_an_unknown_reason_for_leaving_is_refused():
    with pytest.raises(ValueError):
        readmission(left_reason="bored")


# ---------------------------------------------------------------- all conditions together, settings, messages


def test_every_condition_at_once_in_a_stable_order():
    """procedure.md, "Conditions checked before the cell votes", in the order of the table."""
    everything = facts(
        birth_date=D(2010, 1, 1),
        general_education="",
        certificate_date=None,
        introducers=(PROBATIONARY,),
        verification_concluded_on=None,
        dossier_opened_on=D(2025, 1, 1),
        papers_redone_on=None,
        readmission=readmission(provincial_consent=False),
    )
    assert codes(cell_vote_conditions(everything)) == [
        "under_age",
        "education_unknown",
        "no_certificate",
        "introducer_combination",
        "introducer_probationary",
        "verification_missing",
        "papers_not_redone",
        "readmission_no_consent",
    ]


def test_other_numbers_in_the_settings_change_the_outcome():
    """procedure.md: UNCONFIRMED rules are settings, not hard-coded."""
    custom = AdmissionRules(
        min_age_years=16,
        certificate_valid_months=24,
        introducer_months_together=6,
        dossier_fresh_months=24,
        readmission_min_months_out=12,
        readmission_barred_reasons=frozenset({"abandoned"}),
    )
    seventeen = facts(birth_date=D(2009, 1, 1))
    assert codes(cell_vote_conditions(seventeen)) == ["under_age"]
    assert cell_vote_conditions(seventeen, custom) == []
    three_years_old = facts(certificate_date=D(2023, 11, 1))
    assert cell_vote_conditions(three_years_old) == []
    assert codes(cell_vote_conditions(three_years_old, custom)) == ["certificate_expired"]
    six_months = facts(introducers=(FULL, Introducer("member", True, 6)))
    assert codes(cell_vote_conditions(six_months)) == ["introducer_months"]
    assert cell_vote_conditions(six_months, custom) == []
    old_dossier = facts(dossier_opened_on=D(2025, 6, 1), papers_redone_on=D(2025, 6, 1))
    assert codes(cell_vote_conditions(old_dossier)) == ["papers_not_redone"]
    assert cell_vote_conditions(old_dossier, custom) == []
    asked_to_leave = facts(readmission=readmission(left_reason="voluntary", left_on=D(2025, 11, 1)))
    assert codes(cell_vote_conditions(asked_to_leave)) == ["readmission_barred"]
    assert cell_vote_conditions(asked_to_leave, custom) == []


def every_unmet() -> list[Unmet]:
    """At least one Unmet of every code the module produces."""
    return [
        *cell_vote_conditions(
            facts(
                birth_date=D(2010, 1, 1),
                general_education="",
                certificate_date=None,
                introducers=(YOUTH_UNION, Introducer("member", False, 3)),
                youth_age_applicant=False,
                verification_concluded_on=None,
                dossier_opened_on=D(2025, 1, 1),
                papers_redone_on=D(2025, 1, 1),
                readmission=readmission(left_on=D(2026, 1, 1), provincial_consent=False, readmitted_before=True),
            )
        ),
        *cell_vote_conditions(
            facts(
                birth_date=D(1950, 1, 1),
                general_education="6/12",
                certificate_date=D(2020, 1, 1),
                introducers=(),
                verification_concluded_on=VOTE + ONE_DAY,
                dossier_opened_on=D(2025, 1, 1),
                papers_redone_on=None,
                readmission=readmission(convicted_less_serious=True),
            )
        ),
        *cell_vote_conditions(facts(introducers=(FULL,), readmission=readmission(left_reason="convicted_serious"))),
        *cell_vote_conditions(
            facts(readmission=readmission(convicted_less_serious=True, conviction_cleared_on=D(2024, 1, 1)))
        ),
        *recognition_conditions(ceremony_date=D(2026, 1, 1), vote_date=D(2026, 6, 1)),
        *date_order_problems({Stage.DECISION: D(2026, 2, 1), Stage.CEREMONY: D(2026, 1, 1)}),
    ]


@pytest.mark.parametrize("language", ["en", "vi"])
def test_every_unmet_has_a_message_without_placeholders(language):
    with translation.override(language):
        everything = every_unmet()
    assert {u.code for u in everything} == {
        "under_age", "over_age", "education_unknown", "education_below", "no_certificate", "certificate_expired",
        "no_introducers", "introducer_combination", "youth_union_not_youth_age", "introducer_probationary",
        "introducer_months", "verification_missing", "verification_after_vote", "papers_not_redone",
        "readmission_barred", "readmission_once", "readmission_too_soon", "readmission_conviction_unknown",
        "readmission_conviction_too_soon", "readmission_no_consent", "probation_not_ended", "date_order",
    }  # fmt: skip
    for unmet in everything:
        assert unmet.message.strip()
        assert "%(" not in unmet.message
        assert not re.search(r"\d{4}-\d{2}-\d{2}", unmet.message)  # dates as dd/mm/yyyy


@pytest.mark.parametrize("language", ["en", "vi"])
def test_every_stage_has_a_label(language):
    with translation.override(language):
        labels = [stage_label(stage) for stage in Stage]
    assert all(label.strip() for label in labels)
    assert len(set(labels)) == len(labels)


# ---------------------------------------------------------------- votes: 06-HD/TW §3.6.b; 294-QĐ/TW §9.3.2


def test_cell_vote_denominator_leaves_out_transferred_and_exempted_absent_members_06_hd_tw_3_6_b():
    """06-HD/TW §3.6.b; 294-QĐ/TW §9.3.2: all full members, less temporary transfers out and exempted absentees."""
    assert cell_vote_denominator(full_members=12, temporarily_transferred_out=1, exempted_absent=1) == 10
    assert cell_vote_denominator(full_members=3, temporarily_transferred_out=0, exempted_absent=0) == 3
    assert cell_vote_denominator(full_members=2, temporarily_transferred_out=1, exempted_absent=1) == 0


@pytest.mark.parametrize(("full", "transferred", "exempted"), [(-1, 0, 0), (5, -1, 0), (5, 0, -1), (3, 2, 2)])
def test_cell_vote_denominator_refuses_impossible_counts(full, transferred, exempted):
    with pytest.raises(ValueError):
        cell_vote_denominator(full_members=full, temporarily_transferred_out=transferred, exempted_absent=exempted)


@pytest.mark.parametrize(
    ("votes_for", "denominator", "passed", "text"),
    [
        (6, 10, False, "6/10 = 60% < 2/3: not passed"),
        (7, 10, True, "7/10 = 70% ≥ 2/3: passed"),
        (2, 3, True, "2/3 = 66.7% ≥ 2/3: passed"),
        (4, 6, True, "4/6 = 66.7% ≥ 2/3: passed"),
        (3, 5, False, "3/5 = 60% < 2/3: not passed"),
        (13, 20, False, "13/20 = 65% < 2/3: not passed"),
        (1, 8, False, "1/8 = 12.5% < 2/3: not passed"),
        (1, 3, False, "1/3 = 33.3% < 2/3: not passed"),
        (10, 10, True, "10/10 = 100% ≥ 2/3: passed"),
        (0, 5, False, "0/5 = 0% < 2/3: not passed"),
    ],
)
def test_vote_at_least_two_thirds_06_hd_tw_3_6_b(votes_for, denominator, passed, text):
    """06-HD/TW §3.6.b; 294-QĐ/TW §9.3.2; 01-HD/TW §3.6.c: at least 2/3 in favour; exactly 2/3 passes."""
    with translation.override("en"):
        result = vote_result(votes_for, denominator)
    assert result.passed is passed
    assert (result.votes_for, result.denominator) == (votes_for, denominator)
    assert result.text == text


def test_vote_text_in_vietnamese_uses_a_decimal_comma_06_hd_tw_3_6_b():
    with translation.override("vi"):
        assert vote_result(2, 3).text.startswith("2/3 = 66,7% ≥ 2/3: ")
        assert vote_result(7, 10).text.startswith("7/10 = 70% ≥ 2/3: ")
        assert vote_result(1, 8).text.startswith("1/8 = 12,5% < 2/3: ")


@pytest.mark.parametrize(("votes_for", "denominator"), [(-1, 3), (1, -3), (4, 3), (0, 0), (1, 0)])
def test_vote_result_refuses_impossible_numbers(votes_for, denominator):
    with pytest.raises(ValueError):
        vote_result(votes_for, denominator)


votes = st.integers(min_value=1, max_value=10_000).flatmap(
    lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n))
)


@given(votes)
def test_vote_result_agrees_with_fraction_comparison_06_hd_tw_3_6_b(pair):
    """06-HD/TW §3.6.b: passes iff votes_for / denominator ≥ 2/3, in exact arithmetic."""
    votes_for, denominator = pair
    assert vote_result(votes_for, denominator).passed == (Fraction(votes_for, denominator) >= Fraction(2, 3))


@given(votes, st.fractions(min_value=Fraction(1, 100), max_value=1, max_denominator=100))
def test_vote_result_follows_the_fraction_in_the_settings(pair, fraction):
    votes_for, denominator = pair
    result = vote_result(votes_for, denominator, AdmissionRules(vote_fraction=fraction))
    assert result.passed == (Fraction(votes_for, denominator) >= fraction)


@given(votes)
def test_vote_result_is_monotone_in_votes_for(pair):
    votes_for, denominator = pair
    if vote_result(votes_for, denominator).passed:
        assert all(vote_result(more, denominator).passed for more in range(votes_for, denominator + 1))
    else:
        assert not any(vote_result(fewer, denominator).passed for fewer in range(votes_for + 1))


@given(votes)
def test_vote_text_shows_the_count_and_a_rounded_percentage(pair):
    votes_for, denominator = pair
    with translation.override("en"):
        text = vote_result(votes_for, denominator).text
    match = re.fullmatch(r"(\d+)/(\d+) = (\d+(?:\.\d)?)% ([≥<]) 2/3: (passed|not passed)", text)
    assert match, text
    assert (int(match.group(1)), int(match.group(2))) == (votes_for, denominator)
    assert not match.group(3).endswith(".0")
    assert abs(Fraction(match.group(3)) - Fraction(100 * votes_for, denominator)) <= Fraction(1, 20)
    assert (match.group(4) == "≥") == (match.group(5) == "passed")


@pytest.mark.parametrize(("failed", "refer"), [(0, False), (1, False), (2, False), (3, True), (4, True)])
def test_after_three_failed_votes_the_case_goes_up_29_qd_tw_4_2(failed, refer):
    """29-QĐ/TW §4.2: after 3 votes that fail to reach 2/3, the higher committee decides."""
    assert must_refer_up(failed) is refer


def test_must_refer_up_follows_the_settings_and_refuses_negative_counts():
    assert must_refer_up(2, AdmissionRules(failed_votes_before_referral=2))
    with pytest.raises(ValueError):
        must_refer_up(-1)


# ---------------------------------------------------------------- stages and moves: procedure.md "Stages"

PROBATION = {Stage.CEREMONY, Stage.RECOGNITION_CELL_VOTE, Stage.RECOGNITION_COMMITTEE_VOTE}
BEFORE_DECISION = [None, *ORDER[: ORDER.index(Stage.DECISION)]]
TERMINAL = {Stage.FULL_MEMBER, Stage.WITHDRAWN, Stage.REJECTED, Stage.STRUCK_OFF}
EVERY_STAGE = [None, *Stage]


def test_the_main_line_runs_in_order_procedure_stages():
    """procedure.md "Stages": application, introduction, verification, comments, cell vote, committee vote,
    decision, ceremony, then recognition (cell, committee, decision)."""
    assert ORDER[0] == Stage.APPLICATION and ORDER[-1] == Stage.FULL_MEMBER
    assert set(ORDER) | {Stage.WITHDRAWN, Stage.REJECTED, Stage.STRUCK_OFF} == set(Stage)
    walked, stage = [], None
    while (stage := next_stage(stage)) is not None:
        walked.append(stage)
    assert walked == ORDER


@pytest.mark.parametrize(
    ("stage", "moves"),
    [
        (None, {Stage.APPLICATION, Stage.WITHDRAWN, Stage.REJECTED}),
        (Stage.APPLICATION, {Stage.INTRODUCTION, Stage.WITHDRAWN, Stage.REJECTED}),
        (Stage.COMMENTS, {Stage.CELL_VOTE, Stage.WITHDRAWN, Stage.REJECTED}),
        (Stage.COMMITTEE_VOTE, {Stage.DECISION, Stage.WITHDRAWN, Stage.REJECTED}),
        (Stage.DECISION, {Stage.CEREMONY}),
        (Stage.CEREMONY, {Stage.RECOGNITION_CELL_VOTE, Stage.STRUCK_OFF}),
        (Stage.RECOGNITION_CELL_VOTE, {Stage.RECOGNITION_COMMITTEE_VOTE, Stage.STRUCK_OFF}),
        (Stage.RECOGNITION_COMMITTEE_VOTE, {Stage.FULL_MEMBER, Stage.STRUCK_OFF}),
        (Stage.FULL_MEMBER, set()),
        (Stage.WITHDRAWN, set()),
        (Stage.REJECTED, set()),
        (Stage.STRUCK_OFF, set()),
    ],
)
def test_allowed_moves_procedure_stages(stage, moves):
    """procedure.md "Stages": the next step; withdrawn or rejected before the decision; struck off during
    probation; nothing after a terminal stage."""
    assert allowed_moves(stage) == moves


@pytest.mark.parametrize("stage", sorted(TERMINAL))
def test_no_move_from_a_terminal_stage(stage):
    assert allowed_moves(stage) == set()
    assert next_stage(stage) is None
    assert not can_return_for_correction(stage)


@pytest.mark.parametrize("stage", EVERY_STAGE)
def test_struck_off_only_during_probation_and_withdrawn_or_rejected_only_before_the_decision(stage):
    """procedure.md "Stages": side exits before the decision; during probation (from the ceremony): struck off."""
    moves = allowed_moves(stage)
    assert (Stage.STRUCK_OFF in moves) == (stage in PROBATION)
    assert (Stage.WITHDRAWN in moves) == (stage in BEFORE_DECISION)
    assert (Stage.REJECTED in moves) == (stage in BEFORE_DECISION)
    assert moves - {Stage.WITHDRAWN, Stage.REJECTED, Stage.STRUCK_OFF} <= {next_stage(stage)}


@pytest.mark.parametrize(
    ("stage", "target"),
    [
        (Stage.APPLICATION, None),
        (Stage.INTRODUCTION, Stage.APPLICATION),
        (Stage.VERIFICATION, Stage.INTRODUCTION),
        (Stage.COMMENTS, Stage.VERIFICATION),
        (Stage.CELL_VOTE, Stage.COMMENTS),
        (Stage.COMMITTEE_VOTE, Stage.CELL_VOTE),
    ],
)
def test_returned_for_correction_goes_back_one_step_unconfirmed(stage, target):
    """procedure.md "Stages" (side exits before the decision: returned for correction); one step back is our
    reading (UNCONFIRMED)."""
    assert can_return_for_correction(stage)
    assert return_target(stage) == target


@pytest.mark.parametrize(
    "stage", [None, Stage.DECISION, Stage.CEREMONY, Stage.RECOGNITION_CELL_VOTE, *sorted(TERMINAL)]
)
def test_no_return_for_correction_from_the_decision_on_or_from_an_open_dossier(stage):
    assert not can_return_for_correction(stage)
    with pytest.raises(ValueError):
        return_target(stage)


# ---------------------------------------------------------------- recognition, full member date, seniority


def test_recognition_only_once_the_12_months_of_probation_have_ended_charter_art_5_1():
    """Charter art. 5.1: 12 months of probation from the ceremony, then the cell considers recognition."""
    ceremony = D(2025, 11, 22)
    with translation.override("en"):
        assert messages(recognition_conditions(ceremony_date=ceremony, vote_date=D(2026, 11, 21))) == [
            "probation ends on 22/11/2026: the cell may consider recognition from that day"
        ]
    assert recognition_conditions(ceremony_date=ceremony, vote_date=D(2026, 11, 22)) == []
    assert recognition_conditions(ceremony_date=ceremony, vote_date=D(2027, 3, 1)) == []


def test_full_member_as_of_the_day_the_12_months_end_charter_art_5_1():
    """Charter art. 5.1; procedure.md "Dates that follow": a full member as of the day the 12 months end."""
    assert full_member_date(D(2025, 11, 22)) == D(2026, 11, 22)
    assert full_member_date(D(2024, 2, 29)) == D(2025, 2, 28)
    assert full_member_date(D(2025, 1, 31)) == D(2026, 1, 31)
    assert recognition_conditions(ceremony_date=D(2024, 2, 29), vote_date=D(2025, 2, 28)) == []


def test_seniority_counts_from_the_decision_date_charter_art_5_4():
    """Charter art. 5.4: party seniority from the date in the admission decision, not the ceremony."""
    assert seniority_from(D(2026, 3, 2)) == D(2026, 3, 2)


# ---------------------------------------------------------------- date order: procedure.md "Stages"


def test_dates_in_order_with_gaps_and_equal_days_are_fine():
    """procedure.md "Stages": a dossier moves through the stages in order; dates may be entered after the fact."""
    dates = {
        Stage.APPLICATION: D(2026, 1, 5),
        Stage.INTRODUCTION: D(2026, 1, 5),
        Stage.VERIFICATION: None,
        Stage.CELL_VOTE: D(2026, 3, 1),
        Stage.DECISION: D(2026, 4, 1),
        Stage.CEREMONY: D(2026, 4, 1),
    }
    assert date_order_problems(dates) == []
    assert date_order_problems({}) == []


def test_a_ceremony_before_the_decision_is_refused():
    dates = {Stage.CELL_VOTE: D(2026, 1, 10), Stage.DECISION: D(2026, 2, 5), Stage.CEREMONY: D(2026, 2, 1)}
    with translation.override("en"):
        assert date_order_problems(dates) == [
            Unmet(
                "date_order",
                "the admission ceremony (01/02/2026) cannot be before the admission decision (05/02/2026)",
            )
        ]


def test_a_missing_date_does_not_hide_a_wrong_order():
    dates = {Stage.APPLICATION: D(2026, 3, 1), Stage.INTRODUCTION: None, Stage.VERIFICATION: D(2026, 2, 1)}
    assert codes(date_order_problems(dates)) == ["date_order"]


def test_a_side_exit_before_the_last_recorded_step_is_refused():
    dates = {Stage.CEREMONY: D(2026, 5, 1), Stage.STRUCK_OFF: D(2026, 4, 30)}
    assert codes(date_order_problems(dates)) == ["date_order"]
    assert date_order_problems({Stage.CEREMONY: D(2026, 5, 1), Stage.STRUCK_OFF: D(2026, 5, 1)}) == []


recorded_dates = st.lists(
    st.one_of(st.none(), st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 12, 31))),
    min_size=len(ORDER),
    max_size=len(ORDER),
)


@given(recorded_dates)
def test_date_order_problems_appear_iff_the_recorded_dates_are_not_in_order(days):
    dates = dict(zip(ORDER, days, strict=True))
    recorded = [day for day in days if day is not None]
    assert (date_order_problems(dates) == []) == (recorded == sorted(recorded))


@given(recorded_dates)
def test_sorting_the_dates_along_the_stages_removes_every_problem(days):
    recorded = iter(sorted(day for day in days if day is not None))
    in_order = {stage: (None if day is None else next(recorded)) for stage, day in zip(ORDER, days, strict=True)}
    assert date_order_problems(in_order) == []


# ---------------------------------------------------------------- plain Python


def test_rules_module_has_no_database_dependency_and_default_numbers():
    assert rules.AdmissionRules() == AdmissionRules(
        min_age_years=18,
        max_age_years=60,
        certificate_valid_months=60,
        introducer_months_together=12,
        dossier_fresh_months=12,
        vote_fraction=Fraction(2, 3),
        readmission_min_months_out=36,
        readmission_min_months_after_conviction=60,
        failed_votes_before_referral=3,
    )
    assert replace(AdmissionRules(), min_age_years=16).pool_rules().min_age_years == 16
    assert "django.db" not in Path(rules.__file__).read_text(encoding="utf-8")
