"""The people's pure rules, without a database: gender words, who sees birth dates, when a transfer may be
dated, and reading rows of a file."""

from __future__ import annotations

from datetime import date

import pytest

from app.core.principal import Principal
from app.models import Gender, PrincipalKind
from app.people import people_io
from app.people.rules import Period, gender_of, reads_every_person, sees_birth_dates, transfer_problems

TODAY = date(2026, 12, 7)


@pytest.mark.parametrize(
    ("word", "gender"),
    [
        ("male", Gender.MALE),
        ("Nam", Gender.MALE),
        ("NAM", Gender.MALE),
        ("female", Gender.FEMALE),
        ("nữ", Gender.FEMALE),
        ("Nữ", Gender.FEMALE),
        ("nu", Gender.FEMALE),
        ("n\u01b0\u0303", Gender.FEMALE),  # "nữ" with a combining tilde, as some keyboards send it
        ("", None),
        ("x", None),
        ("m", None),
    ],
)
def test_gender_words(word: str, gender: Gender | None) -> None:
    assert gender_of(word) == gender


def _user(*roles: str, unit_id: str | None = None) -> Principal:
    return Principal(kind=PrincipalKind.USER, id="u", name="u", roles=frozenset(roles), unit_id=unit_id)


def _client(*scopes: str) -> Principal:
    return Principal(kind=PrincipalKind.CLIENT, id="c", name="c", unit_id="U1", scopes=frozenset(scopes))


@pytest.mark.parametrize(
    ("principal", "every", "own", "other"),
    [
        (_user("admin"), True, True, True),
        (_user("secretariat"), True, True, True),
        (_user("observer"), True, False, False),
        (_user("officer", unit_id="U1"), False, True, False),
        (_user("officer", "observer", unit_id="U1"), True, True, False),
        (_user("unit_head", unit_id="U1"), False, False, False),
        (_client("units:read"), True, False, False),
        (_client("units:write", "results:read"), False, False, False),
    ],
)
def test_who_reads_and_who_sees_birth_dates(
    principal: Principal, every: bool, own: bool, other: bool
) -> None:
    assert reads_every_person(principal) is every
    assert (sees_birth_dates(principal, "U1"), sees_birth_dates(principal, "U2")) == (own, other)
    assert sees_birth_dates(principal, None) is principal.has_role("admin", "secretariat")


OPEN = [Period("U1", date(2015, 1, 5), None)]
ENDED = [
    Period("U1", date(2010, 1, 1), date(2014, 12, 31)),
    Period("U2", date(2015, 1, 1), date(2016, 6, 30)),
]


@pytest.mark.parametrize(
    ("history", "to", "on", "problems"),
    [
        (OPEN, "U2", date(2015, 1, 6), []),
        (OPEN, "U2", TODAY, []),
        (OPEN, "U2", date(2015, 1, 5), [("on", "date_overlap")]),
        (OPEN, "U1", date(2016, 1, 1), [("unit_id", "same_unit")]),
        (OPEN, "U1", date(2015, 1, 1), [("unit_id", "same_unit"), ("on", "date_overlap")]),
        (OPEN, "U2", date(2026, 12, 8), [("on", "date_future")]),
        (ENDED, "U1", date(2016, 7, 1), []),  # back to a former unit after the last employment ended
        (ENDED, "U2", date(2016, 7, 1), []),
        (ENDED, "U3", date(2016, 6, 30), [("on", "date_overlap")]),
        ([], "U1", date(2000, 1, 1), []),
    ],
)
def test_transfer_problems(history: list[Period], to: str, on: date, problems: list[tuple[str, str]]) -> None:
    found = transfer_problems(history=history, to_unit_id=to, on=on, today=TODAY)
    assert [(e["loc"][1], e["type"]) for e in found] == problems


def _rows(*lines: list[str]) -> people_io.Parsed:
    numbered = [(i, list(cells)) for i, cells in enumerate(lines, start=1)]
    return people_io.parse_rows(numbered, unit_code="VP", today=TODAY)


def test_rows_become_people() -> None:
    parsed = _rows(
        ["Code", " full_name ", "GENDER", "birth_date", "position", "", ""],
        ["CB1", "Nguyễn Văn An", "nam", "01/05/1980", ""],
        ["", "", "", "", ""],
        ["CB2", " Đặng Thị Bình ", "Nữ", "", "Chuyên viên"],
    )
    assert parsed.errors == []
    assert parsed.rows == [
        people_io.Row(2, "CB1", "Nguyễn Văn An", Gender.MALE, date(1980, 5, 1), None),
        people_io.Row(4, "CB2", "Đặng Thị Bình", Gender.FEMALE, None, "Chuyên viên"),
    ]


def test_a_header_with_the_units_columns() -> None:
    header = [*people_io.HEADER, *people_io.UNIT_COLUMNS]
    ok = _rows(header, ["CB1", "A", "nam", "", "", "VP", "Văn phòng"], ["CB2", "B", "nam", "", "", "", ""])
    assert [r.code for r in ok.rows] == ["CB1", "CB2"]
    moved = _rows(header, ["CB1", "A", "nam", "", "", "TTRA", "Thanh tra"])
    assert [e["loc"] for e in moved.errors] == [["body", "row", 2, "unit_code"]]


def test_errors_stop_at_one_hundred() -> None:
    parsed = _rows(list(people_io.HEADER), *[["có dấu", "A", "x", "", ""] for _ in range(80)])
    assert len(parsed.errors) == people_io.MAX_ERRORS
    assert parsed.errors[-1]["loc"] == ["body", "row", 51, "gender"]
