"""Rules about persons and the pool, as plain Python (procedure.md, "Conditions checked before the cell votes")."""

import datetime
import unicodedata

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from ptdv.people import rules
from ptdv.people.rules import (
    CandidateFacts,
    Obstacle,
    PoolRules,
    add_months,
    age_in_months,
    birthday,
    candidate_obstacles,
    citizen_id_problem,
    fold,
    normalise_citizen_id,
    obstacle_message,
    query_tokens,
    search_tokens,
)

D = datetime.date

# ---------------------------------------------------------------- Vietnamese text for hypothesis

TONES = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]  # ngang, huyền, sắc, ngã, hỏi, nặng
VOWELS = "aăâeêioôơuưy"
CONSONANTS = "bcdđghklmnpqrstvx"
LOWER_LETTERS = sorted(
    {unicodedata.normalize("NFC", vowel + tone) for vowel in VOWELS for tone in TONES} | set(CONSONANTS)
)
LETTERS = LOWER_LETTERS + [letter.upper() for letter in LOWER_LETTERS]
vietnamese_text = st.text(alphabet=st.sampled_from([*LETTERS, " "]), max_size=40)


# ---------------------------------------------------------------- fold and search tokens


def test_fold_strips_diacritics_and_lowers():
    assert fold("Đào Thị Dũng") == "dao thi dung"
    assert fold("NGUYỄN VĂN ƯỚC") == "nguyen van uoc"
    assert fold("Phạm Thị Ngọc Ánh") == "pham thi ngoc anh"


def test_fold_turns_d_with_stroke_into_d():
    assert fold("đ") == "d"
    assert fold("Đ") == "d"
    assert fold("Đặng Đức") == "dang duc"


def test_fold_collapses_whitespace():
    assert fold("  Lê \t  Văn\nTám  ") == "le van tam"
    assert fold("") == ""


def test_fold_reads_decomposed_input_like_composed():
    name = "Đào Thị Dũng Nguyễn Ưng Hoàng Phượng"
    decomposed = unicodedata.normalize("NFD", name)
    assert decomposed != name  # really a different code point sequence
    assert fold(decomposed) == fold(name) == "dao thi dung nguyen ung hoang phuong"


@given(vietnamese_text)
def test_fold_is_the_same_for_nfd_and_nfc(text):
    nfd, nfc = unicodedata.normalize("NFD", text), unicodedata.normalize("NFC", text)
    assert fold(nfd) == fold(nfc)


@given(vietnamese_text)
def test_fold_of_vietnamese_letters_is_plain_ascii_and_idempotent(text):
    folded = fold(text)
    assert set(folded) <= set("abcdefghijklmnopqrstuvwxyz ")
    assert fold(folded) == folded
    assert len(folded.replace(" ", "")) == len(text.replace(" ", ""))  # one letter for one letter


def test_search_tokens_are_folded_words_and_digits_of_ids_and_phones():
    tokens = search_tokens("Nguyễn Văn Dũng", "Dũng Béo", "001203004567", "0912 345-678")
    assert tokens == {"nguyen", "van", "dung", "beo", "001203004567", "0912345678"}  # digit groups are one number


def test_search_tokens_ignore_empty_and_none():
    assert search_tokens("", None, "  ") == set()


def test_search_tokens_are_cut_to_the_column_length():
    (token,) = search_tokens("a" * 100)
    assert token == "a" * 64


def test_query_tokens_are_folded_sorted_and_unique():
    assert query_tokens("  DŨNG   Đào  dung ") == ["dao", "dung"]
    assert query_tokens(unicodedata.normalize("NFD", "Dũng")) == ["dung"]
    assert query_tokens("001203") == ["001203"]
    assert query_tokens("  ,. ") == []


# ---------------------------------------------------------------- citizen ID


def test_normalise_citizen_id_drops_spaces_dots_and_dashes():
    assert normalise_citizen_id("001 203 004 567") == "001203004567"
    assert normalise_citizen_id("001.203.004.567") == "001203004567"
    assert normalise_citizen_id(" 001-203-004-567\t") == "001203004567"
    assert normalise_citizen_id("001\u00a0203004567") == "001203004567"  # no-break space from a copied page
    assert normalise_citizen_id("") == ""
    assert normalise_citizen_id(None) == ""


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("001203004567", None),
        ("00120300456", "length"),  # 11 digits
        ("0012030045678", "length"),  # 13 digits
        ("00120300456A", "not_digits"),
        ("O01203004567", "not_digits"),  # the letter O for a zero
        ("001 203 004 567", "not_digits"),  # not normalised first
        ("", "missing"),
    ],
)
def test_citizen_id_problem(value, problem):
    assert citizen_id_problem(value) == problem


@given(st.text(alphabet="0123456789", min_size=1, max_size=20))
def test_citizen_id_of_ascii_digits_is_valid_exactly_at_12(value):
    assert (citizen_id_problem(value) is None) == (len(value) == 12)


@pytest.mark.parametrize(
    "value",
    [
        "００１２０３００４５６７",  # full-width digits, as some input methods type them  # noqa: RUF001 - full-width digits, as typed on purpose
        "٠٠١٢٠٣٠٠٤٥٦٧",  # Arabic-Indic digits
        "00120300456²",  # a superscript two
    ],
)
def test_citizen_id_accepts_only_ascii_digits(value):
    assert citizen_id_problem(value) is not None


# ---------------------------------------------------------------- ages


def test_age_the_day_before_and_the_day_of_the_18th_birthday():
    birth = D(2008, 3, 15)
    assert age_in_months(birth, D(2026, 3, 14)) == 18 * 12 - 1
    assert age_in_months(birth, D(2026, 3, 15)) == 18 * 12
    assert birthday(birth, 18) == D(2026, 3, 15)


def test_age_on_the_birth_date_and_before_it():
    birth = D(2000, 1, 31)
    assert age_in_months(birth, birth) == 0
    assert age_in_months(birth, D(2000, 2, 28)) == 0
    assert age_in_months(birth, D(2000, 2, 29)) == 1  # 31/01 + 1 month is the last day of February
    assert age_in_months(birth, D(2000, 1, 30)) == -1


def test_29_february_births_have_their_birthday_on_28_february_in_other_years():
    birth = D(2008, 2, 29)
    assert birthday(birth, 18) == D(2026, 2, 28)
    assert age_in_months(birth, D(2026, 2, 27)) == 18 * 12 - 1
    assert age_in_months(birth, D(2026, 2, 28)) == 18 * 12
    assert birthday(birth, 20) == D(2028, 2, 29)  # a leap year again
    assert age_in_months(birth, D(2028, 2, 28)) == 20 * 12 - 1
    assert age_in_months(birth, D(2028, 2, 29)) == 20 * 12


def test_add_months_keeps_to_the_last_day_of_shorter_months():
    assert add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2025, 3, 31), 6) == D(2025, 9, 30)
    assert add_months(D(2025, 3, 31), -1) == D(2025, 2, 28)


dates = st.dates(min_value=D(1920, 1, 1), max_value=D(2030, 12, 31))


def age_by_definition(birth: datetime.date, on: datetime.date) -> int:
    """The largest n with add_months(birth, n) <= on, by counting (on >= birth)."""
    n = 0
    while add_months(birth, n + 1) <= on:
        n += 1
    return n


@given(dates, st.integers(min_value=0, max_value=100 * 366))
def test_age_in_months_is_the_largest_n_with_birth_plus_n_months_not_after_on(birth, days):
    on = birth + datetime.timedelta(days=days)
    assert age_in_months(birth, on) == age_by_definition(birth, on)


@given(dates, st.integers(min_value=1, max_value=80))
def test_a_birthday_is_the_first_day_of_the_new_age(birth, years):
    day = birthday(birth, years)
    assert age_in_months(birth, day) == 12 * years
    assert age_in_months(birth, day - datetime.timedelta(days=1)) == 12 * years - 1


# ---------------------------------------------------------------- candidate obstacles

ON = D(2026, 11, 22)


def facts(**overrides) -> CandidateFacts:
    """A candidate with nothing in the way on ON."""
    values = dict(
        birth_date=D(2000, 5, 17),
        general_education="12/12",
        education_exception=False,
        certificate_date=D(2025, 6, 1),
        helper_count=1,
    )
    values.update(overrides)
    return CandidateFacts(**values)


def codes(obstacles: list[Obstacle]) -> list[str]:
    return [o.code for o in obstacles]


def test_a_candidate_with_everything_in_order_has_no_obstacle():
    assert candidate_obstacles(facts(), ON) == []


def test_under_18_the_day_before_the_18th_birthday_and_not_on_it():
    birth = D(2008, 11, 23)
    (obstacle,) = candidate_obstacles(facts(birth_date=birth), ON)
    assert obstacle == Obstacle("under_age", "blocking", D(2026, 11, 23))
    assert candidate_obstacles(facts(birth_date=birth), D(2026, 11, 23)) == []


def test_under_18_for_a_29_february_birth():
    birth = D(2008, 2, 29)
    (obstacle,) = candidate_obstacles(facts(birth_date=birth), D(2026, 2, 27))
    assert obstacle == Obstacle("under_age", "blocking", D(2026, 2, 28))
    assert candidate_obstacles(facts(birth_date=birth), D(2026, 2, 28)) == []


def test_60_years_and_0_months_is_fine_60_years_and_1_month_is_over_age():
    birth = D(1966, 5, 17)
    assert candidate_obstacles(facts(birth_date=birth), D(2026, 5, 17)) == []
    assert candidate_obstacles(facts(birth_date=birth), D(2026, 6, 16)) == []  # still 60 years 0 months
    assert candidate_obstacles(facts(birth_date=birth), D(2026, 6, 17)) == [Obstacle("over_age", "blocking")]


def test_over_60_with_the_provincial_consent_is_fine():
    over = facts(birth_date=D(1960, 1, 1), over_60_consent=True)
    assert candidate_obstacles(over, ON) == []
    assert codes(candidate_obstacles(facts(birth_date=D(1960, 1, 1)), ON)) == ["over_age"]


@pytest.mark.parametrize(
    ("education", "exception", "expected"),
    [
        ("12/12", False, []),
        ("9/12", False, []),
        ("7/10", False, []),  # the old ten-year system
        ("10/10", False, []),
        ("8/12", False, ["education_below"]),
        ("8/12", True, []),
        ("6/10", False, ["education_below"]),
        ("6/10", True, []),
        ("", False, ["education_unknown"]),
        ("", True, ["education_unknown"]),  # an exception does not replace the record
        ("lớp 9", False, ["education_unknown"]),
        ("13/12", False, ["education_unknown"]),
        ("0/12", False, ["education_unknown"]),
        ("9/11", False, ["education_unknown"]),
        (" 9 / 12 ", False, []),
    ],
)
def test_education(education, exception, expected):
    assert codes(candidate_obstacles(facts(general_education=education, education_exception=exception), ON)) == (
        expected
    )


def test_no_certificate():
    assert candidate_obstacles(facts(certificate_date=None), ON) == [Obstacle("no_certificate", "blocking")]


def test_a_certificate_of_exactly_60_months_is_valid_one_day_more_is_expired():
    certificate = D(2021, 11, 22)
    (warning,) = candidate_obstacles(facts(certificate_date=certificate), ON)
    assert warning == Obstacle("certificate_expiring", "warning", ON)
    (expired,) = candidate_obstacles(facts(certificate_date=certificate), ON + datetime.timedelta(days=1))
    assert expired == Obstacle("certificate_expired", "blocking", ON)


def test_the_certificate_warning_starts_6_months_before_it_expires():
    certificate = D(2021, 11, 22)  # valid until 22/11/2026
    assert candidate_obstacles(facts(certificate_date=certificate), D(2026, 5, 22)) == []
    assert codes(candidate_obstacles(facts(certificate_date=certificate), D(2026, 5, 23))) == ["certificate_expiring"]


def test_a_certificate_of_29_february_is_valid_until_28_february():
    certificate = D(2024, 2, 29)
    assert codes(candidate_obstacles(facts(certificate_date=certificate), D(2029, 2, 28))) == ["certificate_expiring"]
    (expired,) = candidate_obstacles(facts(certificate_date=certificate), D(2029, 3, 1))
    assert expired == Obstacle("certificate_expired", "blocking", D(2029, 2, 28))


def test_no_helper_is_a_warning():
    assert candidate_obstacles(facts(helper_count=0), ON) == [Obstacle("no_helper", "warning")]


def test_every_obstacle_at_once_in_a_stable_order():
    everything = facts(birth_date=D(2010, 1, 1), general_education="", certificate_date=None, helper_count=0)
    assert codes(candidate_obstacles(everything, ON)) == [
        "under_age",
        "education_unknown",
        "no_certificate",
        "no_helper",
    ]


def test_other_numbers_in_the_settings_change_the_outcome():
    custom = PoolRules(min_age_years=16, max_age_years=65, certificate_valid_months=24, certificate_warning_months=1)
    seventeen = facts(birth_date=D(2009, 1, 1))
    assert codes(candidate_obstacles(seventeen, ON)) == ["under_age"]
    assert candidate_obstacles(seventeen, ON, custom) == []
    sixty_two = facts(birth_date=D(1964, 1, 1))
    assert codes(candidate_obstacles(sixty_two, ON)) == ["over_age"]
    assert candidate_obstacles(sixty_two, ON, custom) == []
    three_years_old = facts(certificate_date=D(2023, 11, 1))
    assert candidate_obstacles(three_years_old, ON) == []
    assert candidate_obstacles(three_years_old, ON, custom) == [
        Obstacle("certificate_expired", "blocking", D(2025, 11, 1))
    ]
    (under,) = candidate_obstacles(facts(birth_date=D(2011, 1, 1)), ON, custom)
    assert under == Obstacle("under_age", "blocking", D(2027, 1, 1))  # the date follows the setting
    # the warning window follows its setting too
    near = facts(certificate_date=D(2025, 1, 15))  # valid until 15/01/2027 under the custom rules
    assert codes(candidate_obstacles(near, ON, custom)) == []
    assert codes(candidate_obstacles(near, ON, PoolRules(certificate_valid_months=24))) == ["certificate_expiring"]


@given(dates, st.integers(min_value=0, max_value=90 * 366))
def test_the_age_obstacles_agree_with_age_in_months(birth, days):
    on = birth + datetime.timedelta(days=days)
    found = set(codes(candidate_obstacles(facts(birth_date=birth), on)))
    months = age_in_months(birth, on)
    assert ("under_age" in found) == (months < 18 * 12)
    assert ("over_age" in found) == (months > 60 * 12)


# ---------------------------------------------------------------- messages


def test_messages_in_english_name_the_date_as_dd_mm_yyyy():
    with translation.override("en"):
        assert obstacle_message(Obstacle("under_age", "blocking", D(2026, 2, 8))) == "under 18 until 08/02/2026"
        assert (
            obstacle_message(Obstacle("certificate_expired", "blocking", D(2026, 11, 22)))
            == "certificate expired on 22/11/2026: retake the awareness course"
        )
        assert obstacle_message(Obstacle("certificate_expiring", "warning", D(2027, 1, 5))) == (
            "certificate expires 05/01/2027"
        )
        assert obstacle_message(Obstacle("no_certificate", "blocking")) == "no awareness course certificate"
        assert obstacle_message(Obstacle("no_helper", "warning")) == "no helper assigned"
        assert obstacle_message(Obstacle("education_below", "blocking")) == (
            "education below lower secondary: needs an exception"
        )
        assert obstacle_message(Obstacle("education_unknown", "blocking")) == (
            "general education not recorded (e.g. 9/12)"
        )
        assert obstacle_message(Obstacle("over_age", "blocking")) == (
            "over 60: needs the provincial standing committee's prior written consent"
        )


@pytest.mark.parametrize("code", ["under_age", "certificate_expired", "certificate_expiring"])
def test_messages_in_vietnamese_name_the_date_as_dd_mm_yyyy(code):
    with translation.override("vi"):
        message = obstacle_message(Obstacle(code, "blocking", D(2026, 2, 8)))
    assert "08/02/2026" in message
    assert "%(" not in message


@pytest.mark.parametrize("language", ["en", "vi"])
def test_every_obstacle_has_a_message(language):
    everything = [
        *candidate_obstacles(facts(birth_date=D(2010, 1, 1), general_education="", certificate_date=None), ON),
        *candidate_obstacles(facts(birth_date=D(1950, 1, 1), general_education="6/12", helper_count=0), ON),
        *candidate_obstacles(facts(certificate_date=D(2021, 12, 1)), ON),
        *candidate_obstacles(facts(certificate_date=D(2020, 1, 1)), ON),
    ]
    assert {o.code for o in everything} == {
        "under_age", "over_age", "education_unknown", "education_below", "no_certificate", "certificate_expired",
        "certificate_expiring", "no_helper",
    }  # fmt: skip
    with translation.override(language):
        for obstacle in everything:
            assert obstacle_message(obstacle).strip()


def test_rules_module_has_no_database_dependency():
    assert rules.PoolRules() == PoolRules(18, 60, 60, 6)
