"""Workbooks the API serves, laid out one way (pure: plain rows in, XLSX bytes out).

Every sheet: a Vietnamese name Excel accepts (at most 31 characters, none of ``[]:*?/\\``), a bold
header row frozen at the top, column widths fitted to the content, and each column's cells in its
number format: integers "#,##0", points "0.00", money "#,##0 ₫", dates "dd/mm/yyyy", times
"dd/mm/yyyy hh:mm" (Vietnam's time, as people read it), shares "0.00%", text as text ("@"). Text a
spreadsheet would run as a formula (names are typed by people) is stored as text, never as a formula,
and characters XML forbids, in text stored before input refused them, are replaced
(``app.core.text.xml_safe``). ``app.summary.xlsx``, the ranking, the criteria and the people exports
write through ``sheet``/``workbook``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from app.core.text import xml_safe
from app.core.time import VN_TZ

MAX_TITLE = 31
_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
MIN_WIDTH, MAX_WIDTH = 6, 60  # characters


class Kind(StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    POINTS = "points"
    MONEY = "money"
    DATE = "date"
    DATETIME = "datetime"
    PERCENT = "percent"
    BOOLEAN = "boolean"


FORMATS = {
    Kind.TEXT: "@",
    Kind.INTEGER: "#,##0",
    Kind.POINTS: "0.00",
    Kind.MONEY: '#,##0 "₫"',
    Kind.DATE: "dd/mm/yyyy",
    Kind.DATETIME: "dd/mm/yyyy hh:mm",
    Kind.PERCENT: "0.00%",
    Kind.BOOLEAN: "General",
}


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = Kind.TEXT


@dataclass(frozen=True)
class Typed:
    """A cell whose kind is not its column's (a facts sheet holds counts, dates and money in one column)."""

    value: object
    kind: Kind


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[object]]


def sheet_title(name: str) -> str:
    """``name`` as Excel takes a sheet name: no ``[]:*?/\\``, at most 31 characters, not empty."""
    cleaned = " ".join(_TITLE_FORBIDDEN.sub(" ", xml_safe(name)).split()).strip("'")
    return cleaned[:MAX_TITLE].rstrip() or "Trang 1"


def _value(kind: Kind, value: object) -> object:
    """The value as the cell holds it for ``kind``."""
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, datetime):
        # Spreadsheets have no time zones: Vietnam's wall-clock time.
        return value.astimezone(VN_TZ).replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, Decimal):
        return float(value)
    return value


def _shown(kind: Kind, value: object) -> str:
    """Roughly what the cell shows, to size its column."""
    if isinstance(value, Typed):
        return _shown(value.kind, value.value)
    if value is None:
        return ""
    if isinstance(value, datetime):
        return "00/00/0000 00:00"
    if isinstance(value, date):
        return "00/00/0000"
    if kind is Kind.MONEY and isinstance(value, int | float):
        return f"{value:,.0f} ₫"
    if kind is Kind.INTEGER and isinstance(value, int | float):
        return f"{value:,.0f}"
    if kind is Kind.POINTS and isinstance(value, int | float):
        return f"{value:.2f}"
    if kind is Kind.PERCENT and isinstance(value, int | float):
        return f"{value * 100:.2f}%"
    return str(value)


def widths(sheet: Sheet) -> list[int]:
    """Column widths in characters: the longest line of the header or of any cell, within 6–60 (longer
    text wraps rather than pushing the next columns off screen)."""
    out = []
    for i, column in enumerate(sheet.columns):
        texts = [column.header, *(_shown(column.kind, row[i]) for row in sheet.rows)]
        longest = max(len(line) for text in texts for line in (text.splitlines() or [""]))
        out.append(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2)))
    return out


def _cell(ws: Any, kind: Kind, value: object) -> object:
    if isinstance(value, Typed):
        kind, value = value.kind, value.value
    value = _value(kind, value)
    if value is None:
        return None
    cell = WriteOnlyCell(ws, value=value)  # type: ignore[arg-type]  # openpyxl's stub lacks date
    if isinstance(value, str):
        cell.data_type = "s"  # text, never a formula, whatever it starts with
        cell.number_format = "@"
    elif isinstance(value, bool):
        pass
    elif isinstance(value, datetime):
        cell.number_format = FORMATS[Kind.DATETIME]
    elif isinstance(value, date):
        cell.number_format = FORMATS[Kind.DATE]
    else:
        cell.number_format = FORMATS[kind] if kind is not Kind.TEXT else "General"
    return cell


def add(workbook: Workbook, sheet: Sheet) -> None:
    """Adds ``sheet`` to a write-only ``workbook``: widths and the frozen header first, then the rows."""
    ws = workbook.create_sheet(title=sheet_title(sheet.title))
    for i, width in enumerate(widths(sheet), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for column in sheet.columns:
        cell = WriteOnlyCell(ws, value=xml_safe(column.header))
        cell.font = bold
        header.append(cell)
    ws.append(header)
    for row in sheet.rows:
        ws.append([_cell(ws, column.kind, value) for column, value in zip(sheet.columns, row, strict=True)])


def workbook(sheets: Iterable[Sheet]) -> bytes:
    book = Workbook(write_only=True)
    for sheet in sheets:
        add(book, sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
