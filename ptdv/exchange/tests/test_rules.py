import datetime
import unicodedata

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from ptdv.exchange import formats, rules
from ptdv.exchange.rules import CellError


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


class TestFold:
    @pytest.mark.parametrize(
        "text",
        ["Mã đơn vị", "MÃ ĐƠN VỊ", "  mã  đơn vị ", "ma don vi", "Madonvi", unicodedata.normalize("NFD", "Mã đơn vị")],
    )
    def test_header_spellings_fold_alike(self, text):
        assert rules.fold(text) == "madonvi"

    def test_d_with_stroke(self):
        assert rules.fold("Đoàn viên") == rules.fold("doan vien")

    def test_non_breaking_space(self):
        assert rules.fold("Số\u00a0CCCD") == rules.fold("Số CCCD")

    @given(st.text())
    def test_nfc_and_nfd_fold_alike(self, text):
        assert rules.fold(unicodedata.normalize("NFC", text)) == rules.fold(unicodedata.normalize("NFD", text))

    @given(st.text())
    def test_idempotent_and_spaceless(self, text):
        folded = rules.fold(text)
        assert rules.fold(folded) == folded
        assert not any(ch.isspace() for ch in folded)


class TestDates:
    @pytest.mark.parametrize(
        "value",
        [
            "05/03/2026",
            "5/3/2026",
            "2026-03-05",
            " 05/03/2026 ",
            datetime.datetime(2026, 3, 5),  # noqa: DTZ001 - a spreadsheet cell's date-time is naive (xlsx has no time zone)
            datetime.datetime(2026, 3, 5, 0, 0),  # noqa: DTZ001 - a spreadsheet cell's date-time is naive (xlsx has no time zone)
            datetime.date(2026, 3, 5),
        ],
    )
    def test_accepted_forms(self, value):
        assert rules.parse_date(value) == datetime.date(2026, 3, 5)

    @pytest.mark.parametrize("value", [None, "", "   "])
    def test_empty(self, value):
        assert rules.parse_date(value) is None

    @pytest.mark.parametrize("value", ["03/05/26", "2026/03/05", "5.3.2026", "hôm qua", "2026-3-5", 46086])
    def test_other_forms_are_refused_with_the_accepted_ones_named(self, value):
        with pytest.raises(CellError, match="dd/mm/yyyy"):
            rules.parse_date(value)

    @pytest.mark.parametrize("value", ["31/02/2026", "00/01/2026", "2026-13-01"])
    def test_days_not_in_the_calendar(self, value):
        with pytest.raises(CellError, match="not a day of the calendar"):
            rules.parse_date(value)

    @given(st.dates(min_value=datetime.date(1000, 1, 1)))
    def test_every_day_in_every_text_form(self, day):
        assert rules.parse_date(day.strftime("%d/%m/%Y")) == day
        assert rules.parse_date(f"{day.day}/{day.month}/{day.year:04d}") == day
        assert rules.parse_date(day.isoformat()) == day


class TestYesNo:
    @pytest.mark.parametrize(
        "value", ["Có", "có", "CÓ", "co", unicodedata.normalize("NFD", "Có"), "x", "X", "1", 1, 1.0, "yes", "Yes", True]
    )
    def test_yes(self, value):
        assert rules.parse_yes_no(value) is True

    @pytest.mark.parametrize("value", ["Không", "không", "khong", "KHÔNG", None, "", " ", "0", 0, "no", "No", False])
    def test_no(self, value):
        assert rules.parse_yes_no(value) is False

    @pytest.mark.parametrize("value", ["có lẽ", "2", "y", "?"])
    def test_anything_else(self, value):
        with pytest.raises(CellError, match="Có"):
            rules.parse_yes_no(value)


class TestCodes:
    occupation = formats.column("people", "occupation")
    sex = formats.column("people", "sex")
    unit_type = formats.column("units", "unit_type")

    @pytest.mark.parametrize("code, label", list(formats.OCCUPATION_LABELS.items()))
    def test_code_and_label_both_accepted(self, code, label):
        assert self.occupation.parse(code) == code
        assert self.occupation.parse(label) == code
        assert self.occupation.parse(unicodedata.normalize("NFD", label.upper())) == code
        assert self.occupation.parse(f"  {label}  ") == code

    @pytest.mark.parametrize("code, label", list(formats.UNIT_TYPE_LABELS.items()))
    def test_unit_types(self, code, label):
        assert self.unit_type.parse(label) == code
        assert self.unit_type.parse(code.upper()) == code

    def test_sex(self):
        assert [self.sex.parse(v) for v in ["Nam", "nữ", "NU", "male", "female"]] == [
            "male",
            "female",
            "female",
            "male",
            "female",
        ]

    def test_unknown_value_lists_the_accepted_labels(self):
        with pytest.raises(CellError) as error:
            self.sex.parse("Khác")
        assert "Nam; Nữ" in error.value.message

    def test_labels_do_not_collide_once_folded(self):
        for column in [c for kind in formats.FORMATS.values() for c in kind if c.kind == "code"]:
            folded = [rules.fold(label) for label in column.labels.values()]
            assert len(folded) == len(set(folded)), column.key


class TestNumbersAndIds:
    @pytest.mark.parametrize("value, expected", [(5, 5), (5.0, 5), ("12", 12), (" 1.200 ", 1200), (None, None)])
    def test_int(self, value, expected):
        assert rules.parse_int(value) == expected

    @pytest.mark.parametrize("value", [2.5, "ba", True, "1,5"])
    def test_not_whole_numbers(self, value):
        with pytest.raises(CellError):
            rules.parse_int(value)

    @pytest.mark.parametrize(
        "value, expected",
        [
            ("001203004567", "001203004567"),
            ("001 203 004 567", "001203004567"),
            ("001.203.004.567", "001203004567"),
            (1203004567, "001203004567"),  # a number cell: Excel dropped the leading zeros
            (79203004567.0, "079203004567"),
            ("００１２０３００４５６７", "001203004567"),  # noqa: RUF001 - full-width digits, as typed on purpose
            (None, ""),
        ],
    )
    def test_citizen_id(self, value, expected):
        assert rules.parse_citizen_id(value) == expected

    @pytest.mark.parametrize("value, match", [("00120300456", "12 digits"), ("00120300456A", "digits only")])
    def test_bad_citizen_id(self, value, match):
        with pytest.raises(CellError, match=match):
            rules.parse_citizen_id(value)

    def test_text_of_whole_number_cells(self):
        assert rules.parse_text(123.0) == "123"
        assert rules.parse_text("  Nguyễn   Văn  An ") == "Nguyễn Văn An"
        assert rules.parse_text(unicodedata.normalize("NFD", "Dũng")) == "Dũng"


class TestHeaders:
    def test_any_order_any_spelling_and_english_names(self):
        cells = ["chỉ tiêu", None, " YEAR ", unicodedata.normalize("NFD", "Mã Đơn Vị"), "Ghi chú"]
        match = rules.match_headers(cells, formats.QUOTAS)
        assert {position: column.key for position, column in match.columns.items()} == {
            0: "quota",
            2: "year",
            3: "unit_code",
        }
        assert match.headers["year"] == "YEAR"
        assert match.unknown == ["Ghi chú"]
        assert match.missing == []

    def test_missing_required(self):
        match = rules.match_headers(["Mã đơn vị", "Năm"], formats.QUOTAS)
        assert [column.header for column in match.missing] == ["Chỉ tiêu"]

    def test_duplicates(self):
        match = rules.match_headers(["Mã đơn vị", "unit_code", "Năm", "Chỉ tiêu"], formats.QUOTAS)
        assert match.duplicated == ["unit_code"]

    def test_every_header_and_code_name_of_every_format_is_recognised(self):
        for columns in formats.FORMATS.values():
            for column in columns:
                for header in (column.header, column.key, column.header.upper()):
                    assert rules.match_headers([header], columns).columns[0] == column


class TestMemberDates:
    today = datetime.date(2026, 11, 23)

    def problems(self, birth="2000-01-10", decision="2020-01-10", ceremony=None, full=None):
        def day(text):
            return datetime.date.fromisoformat(text) if text else None

        return rules.member_date_problems(
            birth_date=day(birth),
            decision_date=day(decision),
            ceremony_date=day(ceremony),
            full_member_date=day(full),
            today=self.today,
        )

    def test_possible_order(self):
        assert self.problems(ceremony="2020-02-01", full="2021-02-01") == {}

    def test_decision_on_the_18th_birthday_is_possible_a_day_earlier_is_not(self):
        assert self.problems(decision="2018-01-10") == {}
        assert "18-th birthday" in self.problems(decision="2018-01-09")["decision_date"]

    def test_ceremony_before_decision(self):
        assert "before the admission decision" in self.problems(ceremony="2020-01-09")["ceremony_date"]

    def test_full_member_12_months_after_ceremony(self):
        assert self.problems(ceremony="2020-03-01", full="2021-03-01") == {}
        message = self.problems(ceremony="2020-03-01", full="2021-02-28")["full_member_date"]
        assert "after the ceremony (01/03/2021)" in message

    def test_full_member_12_months_after_decision_when_no_ceremony(self):
        assert self.problems(full="2021-01-10") == {}
        assert "after the admission decision (10/01/2021)" in self.problems(full="2021-01-09")["full_member_date"]

    def test_future(self):
        problems = self.problems(decision="2026-11-24")
        assert "in the future" in problems["decision_date"]

    @given(
        st.dates(datetime.date(1950, 1, 1), datetime.date(2000, 1, 1)),
        st.integers(0, 9000),
        st.integers(0, 400),
        st.integers(0, 900),
    )
    def test_problems_exactly_when_the_order_is_impossible(self, birth, to_decision, to_ceremony, to_full):
        decision = birth + datetime.timedelta(days=to_decision)
        ceremony = decision + datetime.timedelta(days=to_ceremony)
        full = ceremony + datetime.timedelta(days=to_full)
        problems = rules.member_date_problems(
            birth_date=birth, decision_date=decision, ceremony_date=ceremony, full_member_date=full, today=self.today
        )
        assert ("decision_date" in problems) == (decision < rules.add_months(birth, 216))
        assert "ceremony_date" not in problems
        assert ("full_member_date" in problems) == (full < rules.add_months(ceremony, 12))


def test_error_line_format():
    assert rules.error_line(7, "Ngày sinh", "sai") == 'row 7, column "Ngày sinh": sai'


@given(st.dates(), st.integers(-1200, 1200))
def test_add_months_agrees_with_the_people_rules(day, months):
    from ptdv.people.rules import add_months

    try:
        expected = add_months(day, months)
    except (ValueError, OverflowError):
        return
    assert rules.add_months(day, months) == expected
