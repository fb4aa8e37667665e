"""A unit's people as CSV and XLSX files, through HTTP on SQLite and PostgreSQL: the import (upsert by
code, all or nothing, idempotent) and the export."""

from __future__ import annotations

import codecs
import csv
import io
from datetime import date, datetime
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from app.models import Employment, Person
from tests.people.world import PeopleWorld
from tests.support.builders import Headers
from tests.support.disposition import assert_download_named
from tests.support.documents import XLSX, assert_sheet_layout
from tests.support.problems import expected_errors, problem

CSV = "text/csv"
HEADER = "code,full_name,gender,birth_date,position\r\n"
FILE = HEADER + (
    "CB0001,Nguyễn Văn An,nam,1980-05-01,Chuyên viên chính\r\n"
    "CB0002,Đặng Thị Bình,nữ,02/09/1985,\r\n"
    "CB0003,Trần Đức Dũng,male,,Phó Chánh Văn phòng\r\n"
)


def url(world: PeopleWorld, unit: dict[str, Any] | None = None) -> str:
    return f"/api/v1/units/{(unit or world.unit)['id']}/people"


def put(world: PeopleWorld, content: bytes | str, media: str = CSV, headers: Headers | None = None) -> Any:
    data = content.encode() if isinstance(content, str) else content
    return world.client.put(
        url(world), content=data, headers={**(headers or world.admin), "Content-Type": media}
    )


def stored(world: PeopleWorld) -> list[tuple[Any, ...]]:
    """Every person as stored (code, name, gender, birth date, position, unit, version), and how many
    employments there are."""
    with world.session_factory() as s:
        people = s.scalars(select(Person).order_by(Person.code))
        rows = [
            (p.code, p.full_name, p.gender, p.birth_date, p.position, p.unit_id, p.version) for p in people
        ]
        return [*rows, ("employments", s.scalar(select(func.count()).select_from(Employment)))]


def workbook(rows: list[list[Any]], title: str = "Cán bộ") -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ---- import ----------------------------------------------------------------------------------------------


def test_csv_import_creates_the_people(world: PeopleWorld) -> None:
    r = put(world, FILE, headers=world.officer)
    assert r.status_code == 200, r.text
    assert r.json() == {
        "unit_id": world.unit["id"],
        "unit_code": "VP",
        "unit_name": "Văn phòng Bộ",
        "rows": 3,
        "created": 3,
        "updated": 0,
        "unchanged": 0,
    }
    vp = world.unit["id"]
    assert stored(world) == [
        ("CB0001", "Nguyễn Văn An", "male", date(1980, 5, 1), "Chuyên viên chính", vp, 1),
        ("CB0002", "Đặng Thị Bình", "female", date(1985, 9, 2), None, vp, 1),
        ("CB0003", "Trần Đức Dũng", "male", None, "Phó Chánh Văn phòng", vp, 1),
        ("employments", 3),
    ]
    assert world.codes(q="dang") == ["CB0002"]
    person = world.list(code="CB0002").json()["items"][0]
    assert world.employments(person["id"])[0]["started_on"] == world.today().isoformat()
    actions = [a for a, _ in world.events()]
    assert actions == ["person.create"] * 3 + ["people.import"]
    assert world.events(world.unit["id"]) == [
        ("people.import", {"source": "csv", "rows": 3, "created": 3, "updated": 0})
    ]
    assert all("birth_date" not in details for _, details in world.events())


def test_importing_the_same_file_again_writes_nothing(world: PeopleWorld) -> None:
    assert put(world, FILE).status_code == 200
    before, events = stored(world), world.events()
    again = put(world, FILE)
    assert again.status_code == 200, again.text
    assert (again.json()["created"], again.json()["updated"], again.json()["unchanged"]) == (0, 0, 3)
    assert stored(world) == before
    assert world.events() == events


def test_a_changed_file_updates_what_differs(world: PeopleWorld) -> None:
    assert put(world, FILE).status_code == 200
    changed = HEADER + (
        "CB0001,Nguyễn Văn An,nam,1980-05-01,Chánh Văn phòng\r\n"
        "CB0002,Đặng Thị Bình,nữ,1985-09-02,\r\n"  # the same date, written the other way
        "CB0004,Lê Thị Hoa,Nữ,,\r\n"
    )
    r = put(world, changed)
    assert (r.json()["rows"], r.json()["created"], r.json()["updated"], r.json()["unchanged"]) == (3, 1, 1, 1)
    rows = stored(world)
    assert rows[0] == (
        "CB0001",
        "Nguyễn Văn An",
        "male",
        date(1980, 5, 1),
        "Chánh Văn phòng",
        world.unit["id"],
        2,
    )
    assert rows[1][-1] == 1 and rows[2][0] == "CB0003"  # a person the file leaves out stays
    assert rows[3][:3] == ("CB0004", "Lê Thị Hoa", "female")
    assert world.events(world.unit["id"])[-1] == (
        "people.import",
        {"source": "csv", "rows": 3, "created": 1, "updated": 1},
    )
    cb0001 = world.list(code="CB0001").json()["items"][0]["id"]
    assert world.employments(cb0001)[0]["position"] == "Chánh Văn phòng"  # the current employment follows
    assert world.events(cb0001)[-1] == (
        "person.update",
        {
            "code": "CB0001",
            "changes": {"position": ["Chuyên viên chính", "Chánh Văn phòng"]},
            "source": "csv",
        },
    )


def test_a_byte_order_mark_and_crlf_or_lf_are_read_alike(world: PeopleWorld) -> None:
    r = put(world, codecs.BOM_UTF8 + FILE.replace("\r\n", "\n").encode())
    assert (r.status_code, r.json()["created"]) == (200, 3), r.text
    assert put(world, FILE).json()["unchanged"] == 3


def test_a_file_with_one_bad_row_stores_nothing_and_names_it(world: PeopleWorld) -> None:
    bad = FILE + "CB0004,Lê Thị Hoa,không rõ,1990-01-01,\r\n"
    body = problem(put(world, bad), 422, "validation_error")
    assert body["errors"] == expected_errors(
        (
            ["body", "row", 5, "gender"],
            "gender is male or female (nam or nữ), not 'không rõ'",
            "literal_error",
        )
    )
    assert (
        body["detail"] == "1 problem(s) in the file; each error names the row and column. Nothing was stored."
    )
    assert stored(world) == [("employments", 0)]
    assert world.events() == []


def test_every_problem_is_listed_in_row_and_column_order(world: PeopleWorld) -> None:
    tomorrow = date.fromordinal(world.today().toordinal() + 1).isoformat()
    bad = (
        HEADER
        + (
            "CB0001,Nguyễn Văn An,nam,1980-05-01,\r\n"
            ",,,,\r\n"  # a blank row is skipped
            "có dấu,,x,31/02/1990,\r\n"
            "CB0001,Trùng Mã,nam,1899-12-31," + "x" * 201 + "\r\n"
            f"CB0005,Tương Lai,nam,{tomorrow},\r\n"
            "CB0006,Thừa Ô,nam,,,VP,Văn phòng Bộ\r\n"
            "CB0007,Hai\u0007Dòng,nam,1990-1-1,\r\n"
        )
    )
    body = problem(put(world, bad), 422, "validation_error")
    pattern = "a code is 1 to 64 letters (A-Z, a-z), digits, dots, hyphens or underscores"
    assert body["errors"] == expected_errors(
        (["body", "row", 4, "code"], pattern, "string_pattern_mismatch"),
        (["body", "row", 4, "full_name"], "a value is required", "missing"),
        (["body", "row", 4, "gender"], "gender is male or female (nam or nữ), not 'x'", "literal_error"),
        (
            ["body", "row", 4, "birth_date"],
            "a date is YYYY-MM-DD or DD/MM/YYYY, not '31/02/1990'",
            "date_parsing",
        ),
        (["body", "row", 5, "code"], "the code is also in row 2", "duplicate"),
        (["body", "row", 5, "birth_date"], "must be between 1900-01-01 and today", "date_range"),
        (["body", "row", 5, "position"], "at most 200 characters", "string_too_long"),
        (["body", "row", 6, "birth_date"], "must be between 1900-01-01 and today", "date_range"),
        (["body", "row", 7], "a row has 5 cells: code,full_name,gender,birth_date,position", "extra_cells"),
        (
            ["body", "row", 8, "full_name"],
            "must not contain line breaks, tabs or other control characters (found U+0007 at character 4)",
            "value_error",
        ),
        (
            ["body", "row", 8, "birth_date"],
            "a date is YYYY-MM-DD or DD/MM/YYYY, not '1990-1-1'",
            "date_parsing",
        ),
    )
    assert stored(world) == [("employments", 0)]


@pytest.mark.parametrize(
    ("content", "msg", "type_"),
    [
        (
            "",
            "the file is empty; row 1 is the header, exactly: code,full_name,gender,birth_date,position",
            "header",
        ),
        (
            "ma,ho_ten,gioi_tinh\r\nCB1,A,nam\r\n",
            "row 1 is the header, exactly: code,full_name,gender,birth_date,position "
            "(then unit_code,unit_name if wanted)",
            "header",
        ),
        (HEADER + 'CB1,"A,nam,,\r\n', "not valid CSV: unexpected end of data", "csv"),
    ],
)
def test_a_file_that_is_not_a_list_of_people_is_row_1(
    world: PeopleWorld, content: str, msg: str, type_: str
) -> None:
    body = problem(put(world, content), 422, "validation_error")
    row = 2 if type_ == "csv" else 1
    assert body["errors"] == expected_errors((["body", "row", row], msg, type_))


def test_a_file_that_is_not_utf8_is_refused(world: PeopleWorld) -> None:
    body = problem(put(world, (HEADER + "CB1,Nguyên,nam,,\r\n").encode("latin-1")), 422)
    assert body["errors"] == expected_errors(
        (["body", "row", 2], "the file is not UTF-8 text; save it as “CSV UTF-8”", "encoding")
    )


def test_a_code_of_another_units_person_is_a_row_error(world: PeopleWorld) -> None:
    theirs = world.create(code="CB0002", unit_id=world.other_unit["id"])
    for headers in (world.officer, world.admin):
        body = problem(put(world, FILE, headers=headers), 422, "validation_error")
        assert body["errors"] == expected_errors(
            (
                ["body", "row", 3, "code"],
                "the code belongs to a person of another unit; a move is a transfer",
                "person_in_other_unit",
            )
        )
    assert world.codes() == ["CB0002"]
    assert world.get(theirs["id"]).json() == theirs


def test_xlsx_import_matches_csv(world: PeopleWorld) -> None:
    rows = [
        ["code", "full_name", "gender", "birth_date", "position"],
        ["CB0001", "Nguyễn Văn An", "Nam", datetime(1980, 5, 1), "Chuyên viên chính"],
        [None, None, None, None, None],
        ["CB0002", "Đặng Thị Bình", "NỮ", "02/09/1985", None],
        ["CB0003", "Trần Đức Dũng", "male", None, "Phó Chánh Văn phòng"],
    ]
    r = put(world, workbook(rows), XLSX)
    assert (r.status_code, r.json()["created"]) == (200, 3), r.text
    assert put(world, FILE).json()["unchanged"] == 3
    assert world.events(world.unit["id"])[0][1]["source"] == "xlsx"


def test_xlsx_numeric_codes_and_errors_name_the_row(world: PeopleWorld) -> None:
    rows = [
        ["code", "full_name", "gender", "birth_date", "position"],
        [1001, "Nguyễn Văn An", "nam", 1980, None],
    ]
    body = problem(put(world, workbook(rows, title="Sheet1"), XLSX), 422)
    assert body["errors"] == expected_errors(
        (["body", "row", 2, "birth_date"], "a date is YYYY-MM-DD or DD/MM/YYYY, not '1980'", "date_parsing")
    )
    rows[1][3] = None
    r = put(world, workbook(rows), XLSX)
    assert r.status_code == 200, r.text
    assert world.codes() == ["1001"]


def test_not_a_workbook(world: PeopleWorld) -> None:
    body = problem(put(world, b"PK\x03\x04 not really", XLSX), 422)
    assert body["errors"] == expected_errors((["body"], "the file is not an XLSX workbook", "xlsx"))


@pytest.mark.parametrize("media", ["application/json", "text/plain", "text/csv; charset=latin-1", ""])
def test_other_media_types_are_415(world: PeopleWorld, media: str) -> None:
    problem(put(world, FILE, media), 415, "unsupported_media_type")
    assert world.codes() == []


def test_too_many_rows(world: PeopleWorld) -> None:
    rows = "".join(f"C{i},Người {i},nam,,\r\n" for i in range(5001))
    body = problem(put(world, HEADER + rows), 422)
    assert body["errors"] == expected_errors(
        (["body", "row", 5002], "a file lists at most 5000 people", "too_many_rows")
    )


def test_a_body_over_the_limit_is_413(world: PeopleWorld) -> None:
    rows = "".join(f"C{i},Nguyễn Văn An,nam,,{'x' * 300}\r\n" for i in range(4000))
    r = put(world, HEADER + rows)
    problem(r, 413, "payload_too_large")
    assert world.codes() == []


@pytest.mark.parametrize("who", ["stranger", "observer", "reader"])
def test_only_editors_and_the_units_officers_import(world: PeopleWorld, who: str) -> None:
    problem(put(world, FILE, headers=world.who(who)), 403, "forbidden")
    assert world.codes() == []


def test_an_unknown_unit_is_404(world: PeopleWorld) -> None:
    r = world.client.put(
        "/api/v1/units/nope/people", content=FILE.encode(), headers={**world.admin, "Content-Type": CSV}
    )
    problem(r, 404, "not_found")


# ---- export ----------------------------------------------------------------------------------------------


@pytest.fixture
def imported(world: PeopleWorld) -> None:
    assert put(world, FILE + "CB0009,=HYPERLINK(1),nam,,-1\r\n").status_code == 200
    world.create(code="CB0100", unit_id=world.other_unit["id"])


EXPORTED = [
    ["code", "full_name", "gender", "birth_date", "position", "unit_code", "unit_name"],
    ["CB0001", "Nguyễn Văn An", "male", "1980-05-01", "Chuyên viên chính", "VP", "Văn phòng Bộ"],
    ["CB0002", "Đặng Thị Bình", "female", "1985-09-02", "", "VP", "Văn phòng Bộ"],
    ["CB0003", "Trần Đức Dũng", "male", "", "Phó Chánh Văn phòng", "VP", "Văn phòng Bộ"],
    ["CB0009", "'=HYPERLINK(1)", "male", "", "'-1", "VP", "Văn phòng Bộ"],
]


@pytest.mark.usefixtures("imported")
def test_csv_export(world: PeopleWorld) -> None:
    r = world.client.get(url(world), params={"format": "csv"}, headers=world.officer)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    d = assert_download_named(r.headers["content-disposition"], "Danh sách cán bộ - Văn phòng Bộ.csv")
    assert d.fallback == "Danh sach can bo - Van phong Bo.csv"
    assert r.content.startswith(codecs.BOM_UTF8)
    assert r.content.count(b"\r\n") == len(EXPORTED)
    assert list(csv.reader(io.StringIO(r.content.decode("utf-8-sig")))) == EXPORTED


@pytest.mark.usefixtures("imported")
def test_xlsx_export(world: PeopleWorld) -> None:
    r = world.client.get(url(world), params={"format": "xlsx"}, headers=world.admin)
    assert (r.status_code, r.headers["content-type"]) == (200, XLSX)
    assert_sheet_layout(r.content, {"Cán bộ": {"birth_date": "dd/mm/yyyy", "full_name": "@"}})
    sheet = load_workbook(io.BytesIO(r.content))["Cán bộ"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == EXPORTED[0]
    assert rows[1] == [
        "CB0001",
        "Nguyễn Văn An",
        "male",
        datetime(1980, 5, 1),
        "Chuyên viên chính",
        "VP",
        "Văn phòng Bộ",
    ]
    assert rows[3][3:5] == [None, "Phó Chánh Văn phòng"]
    assert rows[4][1] == "=HYPERLINK(1)" and sheet["B5"].data_type == "s"  # text, not a formula


@pytest.mark.usefixtures("imported")
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_imports_back_unchanged(world: PeopleWorld, fmt: str) -> None:
    exported = world.client.get(url(world), params={"format": fmt}, headers=world.officer).content
    r = put(world, exported, CSV if fmt == "csv" else XLSX)
    assert r.status_code == 200, r.text
    assert (r.json()["rows"], r.json()["unchanged"]) == (4, 4)


def test_an_exported_file_of_another_unit_does_not_import(world: PeopleWorld) -> None:
    content = (
        HEADER.replace("\r\n", ",unit_code,unit_name\r\n") + "CB0100,Lê Văn Nam,nam,,,TTRA,Thanh tra Bộ\r\n"
    )
    body = problem(put(world, content), 422)
    assert body["errors"] == expected_errors(
        (
            ["body", "row", 2, "unit_code"],
            "the file is imported into unit 'VP', not 'TTRA'; a move is a transfer",
            "person_in_other_unit",
        )
    )


@pytest.mark.usefixtures("imported")
@pytest.mark.parametrize("who", ["observer", "reader"])
def test_observers_and_clients_export_no_birth_dates(world: PeopleWorld, who: str) -> None:
    r = world.client.get(url(world), params={"format": "csv"}, headers=world.who(who))
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert [row[3] for row in rows] == ["birth_date", "", "", "", ""]
    page = world.client.get(url(world), headers=world.who(who)).json()
    assert [p["birth_date"] for p in page["items"]] == [None] * 4


@pytest.mark.usefixtures("imported")
def test_the_json_list_is_a_page_of_the_units_people(world: PeopleWorld) -> None:
    r = world.client.get(url(world), params={"limit": 3}, headers=world.officer)
    body = r.json()
    assert [p["code"] for p in body["items"]] == ["CB0001", "CB0002", "CB0003"]
    assert body["items"][0]["birth_date"] == "1980-05-01"
    assert body["next_cursor"] and r.headers["Link"].endswith('>; rel="next"')
    rest = world.client.get(url(world), params={"cursor": body["next_cursor"]}, headers=world.officer).json()
    assert [p["code"] for p in rest["items"]] == ["CB0009"]
    other = world.client.get(url(world, world.other_unit), headers=world.admin).json()
    assert [p["code"] for p in other["items"]] == ["CB0100"]


@pytest.mark.parametrize(("who", "status"), [("stranger", 403), ("client_without_scope", 403)])
def test_others_may_not_list_the_units_people(world: PeopleWorld, who: str, status: int) -> None:
    problem(world.client.get(url(world), headers=world.who(who)), status)
    problem(world.client.get(url(world), params={"format": "csv"}, headers=world.who(who)), status)
