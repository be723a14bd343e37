"""Vietnamese order of names (issue #19 item 6): by given name, then middle names, then family name, letter by letter
in the Vietnamese alphabet, tones after letters; the same order from the rule, the database (both engines), the
pages and the API's keyset pages."""

import itertools
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ptdv.admission.tests.conftest import member
from ptdv.people.models import Person
from ptdv.people.rules import VIETNAMESE_LETTERS, name_sort_key

ALPHABET = list("aăâbcdđeêghiklmnoôơpqrstuưvxy")
TONES = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]  # ngang, huyền, hỏi, ngã, sắc, nặng


def in_order(*names):
    return sorted(names, key=name_sort_key) == list(names)


# ---------------------------------------------------------------- the rule


def test_the_vietnamese_alphabet_letter_by_letter():
    names = [f"Nguyễn Văn {letter.upper()}" for letter in ALPHABET]
    assert in_order(*names)
    assert [letter for letter in VIETNAMESE_LETTERS if letter in ALPHABET] == ALPHABET


@pytest.mark.parametrize(("before", "after"), list(itertools.pairwise(ALPHABET)))
def test_each_letter_before_the_next_in_any_name_part(before, after):
    assert in_order(f"Lê Văn X{before}", f"Lê Văn X{after}")  # given name
    assert in_order(f"Lê {before}o An", f"Lê {after}o An")  # middle name
    assert in_order(f"{before.upper()}ê Văn An", f"{after.upper()}ê Văn An")  # family name


def test_tones_decide_only_between_the_same_letters():
    syllables = [unicodedata.normalize("NFC", "Ma" + tone) for tone in TONES]
    assert in_order(*[f"Lê Văn {s}" for s in syllables])  # Ma Mà Mả Mã Má Mạ
    assert in_order("Lê Văn Mạ", "Lê Văn Mác")  # letters first: any tone of "ma" before "mac"
    assert in_order("Lê Văn Ánh", "Lê Văn Ba")


def test_given_name_first_then_middle_then_family():
    # the examples, from the rule: same given name, then the middle name decides (Đ before H)
    assert in_order("Bùi Đình Anh", "Bùi Hồng Anh")
    # given name before everything: "Bùi Hồng An" comes before "Bùi Đình Anh" (An < Anh)
    assert in_order("Bùi Hồng An", "Bùi Đình Anh")
    # family name last: Đặng before Vũ when given and middle names are the same
    assert in_order("Đặng Văn An", "Vũ Văn An")
    # and Vũ ... An before Đặng ... Bình, whatever the family names
    assert in_order("Vũ Văn An", "Đặng Văn Bình")
    # no middle name before any middle name
    assert in_order("Trần Anh", "Bùi Đình Anh", "Lê Thị Anh")
    assert in_order("Anh", "Trần Anh")
    # several middle names compare in order
    assert in_order("Tôn Nữ Thị Ba", "Tôn Nữ Thu Ba", "Lê Thu Ba")


def test_d_with_stroke_after_d_and_case_spacing_and_composition_do_not_count():
    assert in_order("Lê Văn Dũng", "Lê Văn Đa")
    assert name_sort_key("NGUYỄN  văn   an") == name_sort_key("Nguyễn Văn An")
    assert name_sort_key(unicodedata.normalize("NFD", "Đặng Thị Hường")) == name_sort_key("Đặng Thị Hường")
    assert name_sort_key("Nguyễn-Văn An") != ""
    assert name_sort_key("") == name_sort_key("  ") == ""


vietnamese_word = st.text(
    alphabet=st.sampled_from([*ALPHABET, *"fjwz", *(c.upper() for c in ALPHABET), "ấ", "ở", "ự", "ỹ", "Ạ", "ì"]),
    min_size=1,
    max_size=8,
)
vietnamese_name = st.lists(vietnamese_word, min_size=1, max_size=5).map(" ".join)


@given(st.text(max_size=120))
def test_the_key_is_digits_that_fit_the_column(name):
    key = name_sort_key(name)
    assert key.isdigit() or key == ""
    assert len(key) <= 400


def reference(name: str):
    """The rule written another way: tuples of (letters' ranks, tone) per word, given, middles, family."""

    def word(w):
        decomposed = unicodedata.normalize("NFD", w.lower())
        tone = next((TONES.index(c) for c in decomposed if c in TONES[1:]), 0)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES[1:]))
        return ([VIETNAMESE_LETTERS.index(c) for c in base], tone)

    words = name.split()
    family = [word(words[0])] if len(words) > 1 else []
    return (word(words[-1]), [word(w) for w in words[1:-1]], family)


@given(vietnamese_name, vietnamese_name)
def test_the_key_orders_as_the_rule_says(a, b):
    assert (name_sort_key(a) < name_sort_key(b)) == (reference(a) < reference(b))
    assert (name_sort_key(a) == name_sort_key(b)) == (reference(a) == reference(b))


# ---------------------------------------------------------------- the database, the pages, the API

NAMES = ["Vũ Văn An", "Đặng Văn An", "Bùi Hồng Anh", "Bùi Đình Anh", "Trần Anh", "Ông Thị Ánh", "Âu Văn Bảo"]
EXPECTED = ["Đặng Văn An", "Vũ Văn An", "Trần Anh", "Bùi Đình Anh", "Bùi Hồng Anh", "Ông Thị Ánh", "Âu Văn Bảo"]


@pytest.fixture
def roll(tree):
    return [member(tree.cell_kiln, f"00108000{i:04d}", name) for i, name in enumerate(NAMES, start=100)]


@pytest.mark.django_db
def test_the_database_sorts_by_the_key_on_this_engine(roll):
    assert list(Person.objects.filter(pk__in=[p.pk for p in roll]).values_list("full_name", flat=True)) == EXPECTED


@pytest.mark.django_db
def test_a_renamed_person_moves_in_the_list(roll):
    from ptdv.people.services import person_update

    person_update(actor=None, person=roll[0], full_name="Vũ Văn Yến")
    names = list(Person.objects.filter(pk__in=[p.pk for p in roll]).values_list("full_name", flat=True))
    assert names[-1] == "Vũ Văn Yến"


@pytest.mark.django_db
def test_the_api_keyset_pages_walk_the_roll_in_vietnamese_order(roll, tree, make_user):
    from ptdv.api.tests.conftest import Api

    api = Api(make_user(tree.cement, "viewer"))
    for path in ("/members", "/persons"):
        seen, cursor = [], None
        while True:
            page = api.get(path, limit=2, **({"cursor": cursor} if cursor else {})).json()
            seen += [item["full_name"] for item in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert seen == EXPECTED, path


@pytest.mark.django_db
def test_the_migration_backfills_the_key_of_existing_persons(roll):
    import importlib

    from django.apps import apps

    Person.objects.update(sort_name="")
    importlib.import_module("ptdv.people.migrations.0003_person_sort_name").backfill_sort_names(apps, None)
    assert all(p.sort_name == name_sort_key(p.full_name) for p in Person.objects.all())
    assert list(Person.objects.filter(pk__in=[p.pk for p in roll]).values_list("full_name", flat=True)) == EXPECTED
