"""A unit's people in and out of CSV and XLSX. Pure: bytes in, rows or errors out, and back.

A file lists one person a row under the header ``code,full_name,gender,birth_date,position``; the export
adds ``unit_code,unit_name``, and an import may carry them too (``unit_code``, when given, must be the
unit's; ``unit_name`` is not read), so an exported file can be edited and imported back. Errors name the
row and column (``["body", "row", 7, "gender"]``, the header being row 1).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from openpyxl import load_workbook

from app.core.documents import sheets
from app.core.text import FORMULA_STARTS, control_character_problem, formula_inert, nfc
from app.models.enums import Gender
from app.people.dates import birth_date_problem
from app.people.rules import gender_of
from app.people.schemas import CODE_PATTERN, MAX_NAME, MAX_POSITION

HEADER = ("code", "full_name", "gender", "birth_date", "position")
UNIT_COLUMNS = ("unit_code", "unit_name")
SHEET_TITLE = "Cán bộ"

MAX_ROWS = 5000
MAX_ERRORS = 100  # a thoroughly wrong file gets the first hundred problems, not a megabyte of them
MAX_XLSX_UNPACKED_BYTES = 20 * 1024 * 1024  # a workbook that inflates past this is refused unread
_XLSX_COLUMNS = 16  # cells past the header's are read only this far, to tell stray data
_CODE = re.compile(CODE_PATTERN)
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Row:
    """One valid row: a person as the file gives them."""

    number: int
    code: str
    full_name: str
    gender: Gender
    birth_date: date | None
    position: str | None


@dataclass(frozen=True)
class Parsed:
    rows: list[Row] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class ExportRow:
    code: str
    full_name: str
    gender: str
    birth_date: date | None
    position: str | None
    unit_code: str
    unit_name: str


def _error(loc: Sequence[Any], msg: str, type_: str) -> dict[str, Any]:
    return {"loc": list(loc), "msg": msg, "type": type_}


def _cell(value: object) -> str | date:
    """An XLSX cell as the text a CSV would hold, or a date (a date cell, as Excel stores birth dates)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        # Excel stores numbers as doubles: a numeric code 1001 comes back as 1001.0
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


# ---- reading -------------------------------------------------------------------------------------------


def parse_csv(data: bytes, *, unit_code: str, today: date) -> Parsed:
    """UTF-8 CSV, with or without a byte-order mark, comma-separated, the header first."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        msg = "the file is not UTF-8 text; save it as “CSV UTF-8”"
        return Parsed(errors=[_error(["body", "row", line], msg, "encoding")])
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str | date]]] = []
    try:
        for number, record in enumerate(reader, start=1):
            rows.append((number, [_unguard(cell) for cell in record]))
    except csv.Error as exc:
        return Parsed(errors=[_error(["body", "row", len(rows) + 1], f"not valid CSV: {exc}", "csv")])
    return parse_rows(rows, unit_code=unit_code, today=today)


def parse_xlsx(data: bytes, *, unit_code: str, today: date) -> Parsed:
    """The sheet named "Cán bộ", else the workbook's first sheet, the header in row 1."""
    not_a_workbook = Parsed(errors=[_error(["body"], "the file is not an XLSX workbook", "xlsx")])
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_XLSX_UNPACKED_BYTES:
                msg = f"the workbook unpacks to more than {MAX_XLSX_UNPACKED_BYTES // (1024 * 1024)} MiB"
                return Parsed(errors=[_error(["body"], msg, "too_large")])
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # any malformed upload is the client's problem, whatever the reader raises
        return not_a_workbook
    try:
        sheet = workbook[SHEET_TITLE] if SHEET_TITLE in workbook.sheetnames else workbook.worksheets[0]
        sheet.reset_dimensions()  # some writers record wrong dimensions: read what is there
        values = sheet.iter_rows(min_row=1, max_col=_XLSX_COLUMNS, values_only=True)
        return parse_rows(_xlsx_rows(values), unit_code=unit_code, today=today)
    except Exception:
        return not_a_workbook
    finally:
        workbook.close()


def _xlsx_rows(values: Iterable[tuple[Any, ...]]) -> Iterator[tuple[int, list[str | date]]]:
    for number, row in enumerate(values, start=1):
        yield number, [_cell(value) for value in row]


def _header_of(cells: list[str | date]) -> tuple[str, ...] | None:
    names = [c.strip().lower() if isinstance(c, str) else "?" for c in cells]
    while names and not names[-1]:
        names.pop()
    header = tuple(names)
    return header if header in (HEADER, HEADER + UNIT_COLUMNS) else None


def parse_rows(rows: Iterable[tuple[int, list[str | date]]], *, unit_code: str, today: date) -> Parsed:
    """Rows of cells (numbered from 1, the header first) as people, or every problem found."""
    header: tuple[str, ...] | None = None
    found: list[Row] = []
    errors: list[dict[str, Any]] = []
    first_row_of: dict[str, int] = {}
    people = 0
    for number, raw in rows:
        if header is None:
            header = _header_of(raw)
            if header is None:
                msg = f"row 1 is the header, exactly: {','.join(HEADER)} (then unit_code,unit_name if wanted)"
                return Parsed(errors=[_error(["body", "row", number], msg, "header")])
            continue
        cells = [c.strip() if isinstance(c, str) else c for c in raw]
        if not any(cells):
            continue  # blank rows (Excel leaves some) carry nothing
        loc = ("body", "row", number)
        people += 1
        if people > MAX_ROWS:
            errors.append(_error(loc, f"a file lists at most {MAX_ROWS} people", "too_many_rows"))
            break
        if any(cells[len(header) :]):
            errors.append(_error(loc, f"a row has {len(header)} cells: {','.join(header)}", "extra_cells"))
        cells = (cells + [""] * len(header))[: len(header)]
        row, row_errors = _row(loc, dict(zip(header, cells, strict=True)), unit_code=unit_code, today=today)
        code = _text(cells[0])
        if not any(e["loc"][-1] == "code" for e in row_errors):  # a valid code: is it listed twice?
            if code in first_row_of:
                msg = f"the code is also in row {first_row_of[code]}"
                row_errors.insert(0, _error([*loc, "code"], msg, "duplicate"))  # code is the first column
            else:
                first_row_of[code] = number
        if row_errors:
            errors.extend(row_errors)
        elif row is not None:
            found.append(row)
        if len(errors) >= MAX_ERRORS:
            break
    if header is None:
        msg = f"the file is empty; row 1 is the header, exactly: {','.join(HEADER)}"
        return Parsed(errors=[_error(["body", "row", 1], msg, "header")])
    if errors:
        return Parsed(errors=errors[:MAX_ERRORS])
    return Parsed(rows=found)


def _text(value: str | date) -> str:
    return value.isoformat() if isinstance(value, date) else nfc(value).strip()


def _row(
    loc: tuple[Any, ...], cells: dict[str, str | date], *, unit_code: str, today: date
) -> tuple[Row | None, list[dict[str, Any]]]:
    """The row as a person, or None with the problems of its cells (in column order)."""
    errors: list[dict[str, Any]] = []
    code = _text(cells["code"])
    if not code:
        errors.append(_error([*loc, "code"], "a code is required", "missing"))
    elif not _CODE.match(code):
        msg = "a code is 1 to 64 letters (A-Z, a-z), digits, dots, hyphens or underscores"
        errors.append(_error([*loc, "code"], msg, "string_pattern_mismatch"))
    full_name = _text(cells["full_name"])
    if problem := _name_problem(full_name, required=True, limit=MAX_NAME):
        errors.append(_error([*loc, "full_name"], *problem))
    gender = gender_of(_text(cells["gender"]))
    if gender is None:
        msg = f"gender is male or female (nam or nữ), not {_text(cells['gender'])!r}"
        errors.append(_error([*loc, "gender"], msg, "literal_error"))
    birth_date, problem = _birth_date(cells["birth_date"], today=today)
    if problem is not None:
        errors.append(_error([*loc, "birth_date"], *problem))
    position = _text(cells["position"])
    if position_problem := _name_problem(position, required=False, limit=MAX_POSITION):
        errors.append(_error([*loc, "position"], *position_problem))
    if "unit_code" in cells and (given := _text(cells["unit_code"])) and given != unit_code:
        msg = f"the file is imported into unit {unit_code!r}, not {given!r}; a move is a transfer"
        errors.append(_error([*loc, "unit_code"], msg, "person_in_other_unit"))
    if errors or gender is None:
        return None, errors
    return Row(loc[2], code, full_name, gender, birth_date, position or None), errors


def _name_problem(text: str, *, required: bool, limit: int) -> tuple[str, str] | None:
    if not text:
        return ("a value is required", "missing") if required else None
    if len(text) > limit:
        return f"at most {limit} characters", "string_too_long"
    if problem := control_character_problem(text):
        return problem, "value_error"
    return None


def _birth_date(value: str | date, *, today: date) -> tuple[date | None, tuple[str, str] | None]:
    if isinstance(value, date):
        day = value
    elif not value:
        return None, None
    else:
        try:
            day = _date_of(value)
        except ValueError:
            msg = f"a date is YYYY-MM-DD or DD/MM/YYYY, not {value!r}"
            return None, (msg, "date_parsing")
    if problem := birth_date_problem(day, today=today):
        return None, (problem, "date_range")
    return day, None


def _date_of(text: str) -> date:
    """``YYYY-MM-DD``, or ``DD/MM/YYYY`` as Vietnamese write dates; ValueError for anything else."""
    if found := _DMY.match(text):
        day, month, year = (int(g) for g in found.groups())
        return date(year, month, day)
    if not _ISO.match(text):
        raise ValueError(text)
    return date.fromisoformat(text)


def _unguard(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


# ---- writing -------------------------------------------------------------------------------------------

EXPORT_HEADER = HEADER + UNIT_COLUMNS


def render_csv(rows: Iterable[ExportRow]) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads Vietnamese), CRLF line ends, the header first."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(EXPORT_HEADER)
    for row in rows:
        writer.writerow(
            [
                formula_inert(row.code),
                formula_inert(row.full_name),
                row.gender,
                row.birth_date.isoformat() if row.birth_date else "",
                formula_inert(row.position or ""),
                formula_inert(row.unit_code),
                formula_inert(row.unit_name),
            ]
        )
    return codecs.BOM_UTF8 + out.getvalue().encode("utf-8")


XLSX_COLUMNS = [
    sheets.Column("code"),
    sheets.Column("full_name"),
    sheets.Column("gender"),
    sheets.Column("birth_date", sheets.Kind.DATE),
    sheets.Column("position"),
    sheets.Column("unit_code"),
    sheets.Column("unit_name"),
]


def render_xlsx(rows: Iterable[ExportRow]) -> bytes:
    """One sheet, "Cán bộ", in the shared layout (``app.core.documents.sheets``): the header the import
    reads, then a row per person (text as text, birth dates as dates)."""
    values = [
        (r.code, r.full_name, r.gender, r.birth_date, r.position or None, r.unit_code, r.unit_name)
        for r in rows
    ]
    return sheets.workbook([sheets.Sheet(SHEET_TITLE, XLSX_COLUMNS, values)])
