"""A criteria tree in and out of JSON, CSV and XLSX. Pure: bytes in, nodes or errors out, and back.

Files are flat, one node a row under the header ``code,parent_code,title,max_points,kind,required``;
errors name the row (``["body", "row", 7, "max_points"]``, the header being row 1). JSON is nested and
its errors name the node (``["body", "criteria", 0, "children", 1, "max_points"]``). Every format goes
through the same tree rules (``app.scoring.tree.tree_errors``).
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl import load_workbook
from pydantic import ValidationError

from app.core.documents import sheets
from app.core.text import FORMULA_STARTS, control_character_problem, formula_inert, nfc
from app.scoring.criteria_schemas import CriteriaPut, CriterionIn
from app.scoring.tree import (
    KINDS,
    MAX_NODES,
    MAX_POINTS_CENTI,
    MAX_TITLE_LENGTH,
    CriteriaTree,
    Draft,
    Node,
    canonical_nodes,
    code_problem,
    preorder,
    to_centi,
    tree_errors,
)

HEADER = ("code", "parent_code", "title", "max_points", "kind", "required")
SHEET_TITLE = "Tiêu chí"

MAX_ERRORS = 100  # a thoroughly wrong file gets the first hundred problems, not a megabyte of them
MAX_XLSX_UNPACKED_BYTES = 20 * 1024 * 1024  # a workbook that inflates past this is refused unread
_XLSX_COLUMNS = 16  # cells past the header's six are read only this far, to tell stray data
# Exported CSV titles that a spreadsheet would run as formulas get a leading apostrophe
# (``formula_inert``), which the CSV import removes again.
_TRUE = frozenset({"true", "1", "yes"})
_FALSE = frozenset({"false", "0", "no"})


@dataclass(frozen=True)
class Parsed:
    """A submitted tree: its nodes (pre-order, positioned) when it is valid, else the errors."""

    nodes: list[Node] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)


def _error(loc: Sequence[Any], msg: str, type_: str) -> dict[str, Any]:
    return {"loc": list(loc), "msg": msg, "type": type_}


def _accept(drafts: list[Draft], field_errors: list[dict[str, Any]], *, link_field: str | None) -> Parsed:
    errors = field_errors + tree_errors(drafts, link_field=link_field)
    if errors:
        if link_field is not None:  # files: one list in row order, fields in column order within a row
            errors.sort(key=lambda e: e["loc"][2] if len(e["loc"]) > 2 else 0)
        return Parsed(errors=errors[:MAX_ERRORS])
    return Parsed(nodes=canonical_nodes(drafts))


# ---- JSON ---------------------------------------------------------------------------------------------


def parse_json(data: bytes) -> Parsed:
    try:
        body = CriteriaPut.model_validate_json(data)
    except ValidationError as exc:
        return Parsed(
            errors=[
                _error(["body", *err["loc"]], err["msg"], err["type"])
                for err in exc.errors(include_url=False, include_input=False)[:MAX_ERRORS]
            ]
        )
    return _accept(drafts_from_json(body), [], link_field=None)


def drafts_from_json(body: CriteriaPut) -> list[Draft]:
    """The nested tree, flattened in pre-order; each draft's loc is its path in the request body."""
    drafts: list[Draft] = []

    def walk(items: list[CriterionIn], parent: str | None, loc: tuple[Any, ...]) -> None:
        for i, item in enumerate(items):
            here = (*loc, i)
            drafts.append(
                Draft(
                    loc=here,
                    code=item.code,
                    parent_code=parent,
                    title=item.title,
                    max_points_centi=None if item.max_points is None else to_centi(item.max_points),
                    kind=item.kind,
                    required=True if item.required is None else item.required,
                )
            )
            if item.children:
                walk(item.children, item.code, (*here, "children"))

    walk(body.criteria, None, ("body", "criteria"))
    return drafts


# ---- files: rows of cells -----------------------------------------------------------------------------


def parse_csv(data: bytes) -> Parsed:
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
    rows: list[tuple[int, list[str]]] = []
    try:
        for number, record in enumerate(reader, start=1):
            rows.append((number, [_unguard(cell) for cell in record]))
    except csv.Error as exc:
        return Parsed(errors=[_error(["body", "row", len(rows) + 1], f"not valid CSV: {exc}", "csv")])
    return _parse_rows(rows)


def parse_xlsx(data: bytes) -> Parsed:
    """The sheet named "Tiêu chí", else the workbook's first sheet, the header in row 1."""
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
        rows = _xlsx_rows(sheet.iter_rows(min_row=1, max_col=_XLSX_COLUMNS, values_only=True))
        return _parse_rows(rows)
    except Exception:
        return not_a_workbook
    finally:
        workbook.close()


def _xlsx_rows(values: Iterable[tuple[Any, ...]]) -> Iterator[tuple[int, list[str]]]:
    for number, row in enumerate(values, start=1):
        yield number, [_cell_text(value) for value in row]


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        # Excel stores numbers as doubles; the shortest repr is what the user typed (9.95, not 9.949…)
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def _parse_rows(rows: Iterable[tuple[int, list[str]]]) -> Parsed:
    drafts: list[Draft] = []
    errors: list[dict[str, Any]] = []
    header_seen = False
    for number, raw in rows:
        cells = [cell.strip() for cell in raw]
        if not header_seen:
            header_seen = True
            while cells and not cells[-1]:
                cells.pop()
            if tuple(cells) != HEADER:
                msg = f"row 1 is the header, exactly: {','.join(HEADER)}"
                return Parsed(errors=[_error(["body", "row", number], msg, "header")])
            continue
        if not any(cells):
            continue  # blank rows (Excel leaves some) carry nothing
        loc = ("body", "row", number)
        if any(cells[len(HEADER) :]):
            errors.append(_error(loc, f"a row has {len(HEADER)} cells: {','.join(HEADER)}", "extra_cells"))
        cells = (cells + [""] * len(HEADER))[: len(HEADER)]
        draft, row_errors = _draft_of_row(loc, cells)
        drafts.append(draft)
        errors.extend(row_errors)
        if len(drafts) > MAX_NODES:
            break  # tree_errors names this row as one too many; the rest need not be read
    if not header_seen:
        msg = f"the file is empty; row 1 is the header, exactly: {','.join(HEADER)}"
        return Parsed(errors=[_error(["body", "row", 1], msg, "header")])
    return _accept(drafts, errors, link_field="parent_code")


def _draft_of_row(loc: tuple[Any, ...], cells: list[str]) -> tuple[Draft, list[dict[str, Any]]]:
    code, parent_code, title, points, kind, required = cells
    errors: list[dict[str, Any]] = []
    if not code:
        errors.append(_error([*loc, "code"], "a code is required", "missing"))
    elif problem := code_problem(code):
        errors.append(_error([*loc, "code"], problem, "string_pattern_mismatch"))
    title = nfc(title).strip()
    if not title:
        errors.append(_error([*loc, "title"], "a title is required", "missing"))
    elif len(title) > MAX_TITLE_LENGTH:
        msg = f"a title has at most {MAX_TITLE_LENGTH} characters"
        errors.append(_error([*loc, "title"], msg, "string_too_long"))
    elif problem := control_character_problem(title, multiline=True):
        errors.append(_error([*loc, "title"], problem, "value_error"))
    centi: int | None = None
    if points:
        centi, problem_type, problem = parse_points(points)
        if problem_type:
            errors.append(_error([*loc, "max_points"], problem or "", problem_type))
    kind_value: str | None = kind.lower() or None
    if kind_value is not None and kind_value not in KINDS:
        msg = f"kind is one of {', '.join(KINDS)} (not {kind!r})"
        errors.append(_error([*loc, "kind"], msg, "literal_error"))
    is_required = True
    if required.lower() in _FALSE:
        is_required = False
    elif required and required.lower() not in _TRUE:
        msg = "required is true or false (empty means true)"
        errors.append(_error([*loc, "required"], msg, "bool_parsing"))
    # An invalid but non-empty cell still counts as given for the tree rules (centi 0, the raw kind):
    # its own error is enough, and no draft with errors is ever stored.
    draft = Draft(
        loc=loc,
        code=code,
        parent_code=parent_code or None,
        title=title,
        max_points_centi=centi,
        kind=kind_value,
        required=is_required,
    )
    return draft, errors


def parse_points(text: str) -> tuple[int | None, str | None, str | None]:
    """``"9.5"`` → ``(950, None, None)``; a problem → ``(0, type, message)`` with pydantic's error types."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        return 0, "decimal_parsing", f"max_points is a number, with a dot for decimals (9.5), not {text!r}"
    if not value.is_finite():
        return 0, "finite_number", "max_points is a finite number"
    if value < 0:
        return 0, "greater_than_equal", "max_points is at least 0"
    if value > MAX_POINTS_CENTI // 100:
        return 0, "less_than_equal", f"max_points is at most {MAX_POINTS_CENTI // 100}"
    rounded = value.quantize(Decimal("0.01"))
    if rounded != value:
        return 0, "decimal_max_places", "max_points has at most 2 decimals"
    return int(rounded * 100), None, None


def _unguard(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


# ---- rendering ----------------------------------------------------------------------------------------


def points_text(centi: int) -> str:
    """950 → "9.5", 1000 → "10", 0 → "0"."""
    return f"{Decimal(centi).scaleb(-2).normalize():f}"


def _points_number(centi: int) -> int | float:
    return centi // 100 if centi % 100 == 0 else centi / 100


def render_csv(tree: CriteriaTree) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads Vietnamese), CRLF line ends, the header first."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for node in preorder(tree):
        writer.writerow(
            [
                node.code,
                node.parent_code or "",
                formula_inert(node.title),
                "" if node.max_points_centi is None else points_text(node.max_points_centi),
                node.kind or "",
                ("true" if node.required else "false") if node.is_item else "",
            ]
        )
    return codecs.BOM_UTF8 + out.getvalue().encode("utf-8")


XLSX_COLUMNS = [
    sheets.Column("code"),
    sheets.Column("parent_code"),
    sheets.Column("title"),
    sheets.Column("max_points", sheets.Kind.POINTS),
    sheets.Column("kind"),
    sheets.Column("required", sheets.Kind.BOOLEAN),
]


def render_xlsx(tree: CriteriaTree) -> bytes:
    """One sheet, "Tiêu chí", in the shared layout (``app.core.documents.sheets``): the header the import
    reads, then a row per node (codes and titles as text, points as numbers)."""
    rows = [
        (
            node.code,
            node.parent_code,
            node.title,
            None if node.max_points_centi is None else _points_number(node.max_points_centi),
            node.kind,
            node.required if node.is_item else None,
        )
        for node in preorder(tree)
    ]
    return sheets.workbook([sheets.Sheet(SHEET_TITLE, XLSX_COLUMNS, rows)])
