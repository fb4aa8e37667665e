"""Documents the API serves, read back the way a person reads them."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from datetime import date
from io import BytesIO

import docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from app.core.documents.nd30 import CAPITAL_MM, CELL_PADDING_MM, CHAR_MM

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def is_data_table(table: Table) -> bool:
    """A table of data repeats its header row on each page; the layout tables (the letterhead, the
    signatures and recipients) are not data and have none."""
    first = table.rows[0]._tr
    return first.trPr is not None and first.trPr.find(qn("w:tblHeader")) is not None


def data_tables(document: DocxDocument) -> list[Table]:
    return [t for t in document.tables if is_data_table(t)]


def reading_order(document: DocxDocument) -> Iterator[Paragraph]:
    """The body's paragraphs as a reader meets them: those of layout tables cell by cell, left to right,
    in their place; data tables are read as tables, not here."""
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            yield block
        elif not is_data_table(block):
            for row in block.rows:
                for cell in row.cells:
                    yield from cell.paragraphs


class Read:
    """What a person reading the minutes sees: the paragraphs, and the candidates' table as rows."""

    def __init__(self, content: bytes) -> None:
        document = docx.Document(BytesIO(content))
        self.document = document
        self.paragraphs = [p.text for p in reading_order(document)]
        self.text = "\n".join(self.paragraphs)
        (table,) = data_tables(document)
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        self.header, self.rows = rows[0], rows[1:]

    def value(self, label: str) -> str:
        """The value after ``label:`` on its own line."""
        found = [p.split(":", 1)[1].strip() for p in self.paragraphs if p.startswith(f"{label}:")]
        assert len(found) == 1, (label, found)
        return found[0]

    def number(self, label: str) -> int:
        return int(self.value(label))

    def table(self) -> dict[str, tuple[int, str, str]]:
        """unit name → (votes, share as written, outcome); STT numbers 1..n in order."""
        assert [r[0] for r in self.rows] == [str(i) for i in range(1, len(self.rows) + 1)]
        return {r[1]: (int(r[2]), r[3], r[4]) for r in self.rows}

    def listed_after(self, heading_start: str) -> list[str]:
        """The numbered items ("1. …") that follow the paragraph starting with ``heading_start``."""
        start = next(i for i, p in enumerate(self.paragraphs) if p.startswith(heading_start))
        items = []
        for p in self.paragraphs[start + 1 :]:
            m = re.match(r"^\d+\. (.+)$", p)
            if not m:
                break
            items.append(m.group(1))
        return items


# ---- Nghị định 30/2020/NĐ-CP, Phụ lục I: the layout every DOCX the API serves follows ---------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
EMU_PER_MM = 36000


def _mm(length: int | None) -> float:
    assert length is not None
    return length / EMU_PER_MM


def _part(content: bytes, name: str) -> str:
    with zipfile.ZipFile(BytesIO(content)) as z:
        return z.read(name).decode("utf-8")


def _runs_sizes(paragraph: Paragraph) -> set[float | None]:
    return {r.font.size.pt if r.font.size is not None else None for r in paragraph.runs if r.text}


def _all(paragraph: Paragraph, attribute: str) -> bool:
    runs = [r for r in paragraph.runs if r.text]
    return bool(runs) and all(getattr(r, attribute) for r in runs)


def assert_nd30(
    content: bytes, *, issuer: str, kind: str, subject: str, title: str, on: date, heading: str | None = None
) -> None:
    """Asserts each rule of the layout (docs/documents.md) on a rendered DOCX, by python-docx and, where
    it has no API, by the XML parts. ``kind`` is the kind of document ("BÁO CÁO"), ``heading`` the line
    that names it when it says more ("BIÊN BẢN KIỂM PHIẾU")."""
    document = docx.Document(BytesIO(content))
    blocks = list(document.iter_inner_content())

    # Page: A4, margins top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm (Phụ lục I, I.5).
    (section,) = document.sections
    assert round(_mm(section.page_width)) == 210 and round(_mm(section.page_height)) == 297
    assert 20 <= round(_mm(section.top_margin), 1) <= 25
    assert 20 <= round(_mm(section.bottom_margin), 1) <= 25
    assert 30 <= round(_mm(section.left_margin), 1) <= 35
    assert 15 <= round(_mm(section.right_margin), 1) <= 20

    # Font and language: Times New Roman everywhere, body 13–14 pt, vi-VN (I.3–I.4).
    styles = _part(content, "word/styles.xml")
    defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", styles, re.S)
    assert defaults is not None
    assert 'w:ascii="Times New Roman"' in defaults.group(0) and 'w:hAnsi="Times New Roman"' in defaults.group(
        0
    )
    assert 'w:lang w:val="vi-VN"' in defaults.group(0)
    with zipfile.ZipFile(BytesIO(content)) as z:
        for name in z.namelist():
            assert "thumbnail" not in name and "stylesWithEffects" not in name, name
            if name.endswith(".xml"):
                xml = z.read(name).decode("utf-8")
                assert "en-US" not in xml and "python-docx" not in xml, name
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size is not None and 13 <= normal.font.size.pt <= 14
    body_xml = _part(content, "word/document.xml")
    assert set(re.findall(r'w:ascii="([^"]+)"', body_xml)) <= {"Times New Roman"}
    sizes = {int(v) / 2 for v in re.findall(r'<w:sz w:val="(\d+)"', body_xml)}
    assert sizes <= {11, 12, 13, 14}, sizes  # recipients 11, their label and the national name 12

    # Core properties: the issuing body wrote it, under the document's title.
    props = document.core_properties
    assert (props.author, props.last_modified_by, props.title) == (issuer, issuer, title)
    assert props.language == "vi-VN"
    assert props.created is not None and abs((props.created.date() - on).days) <= 1  # not the template's
    assert "python-docx" not in _part(content, "docProps/core.xml")

    # Header (II.1–II.4): a two-column letterhead first.
    head = blocks[0]
    assert isinstance(head, Table) and not is_data_table(head)
    (left, right), (number, place) = ([c.paragraphs for c in row.cells] for row in head.rows)
    *above, issuer_line = [p for p in left if p.text]  # the body above the issuer (ô 2), if any, first
    assert len(above) <= 1 and not any(_all(p, "bold") for p in above)
    assert issuer_line.text == issuer.upper() and _all(issuer_line, "bold")
    assert left[-1].text == "" and left[-1]._p.pPr.find(f"{W}pBdr") is not None  # the rule under it
    code = {"BÁO CÁO": "BC", "BIÊN BẢN": "BB", "QUYẾT ĐỊNH": "QĐ", "TỜ TRÌNH": "TTr"}[kind]
    # Blank for the office to fill, or the number the register gave ("Số: 123/QĐ-BKHCN").
    assert re.fullmatch(rf"Số: (?: +|\d+)/{code}-[A-ZĐ]+", number[0].text), number[0].text
    assert [p.text for p in right] == [NATIONAL_NAME, MOTTO]
    assert all(_all(p, "bold") for p in right) and _all(right[1], "underline")
    assert _runs_sizes(issuer_line) == _runs_sizes(right[0]) == {12}  # 12–13 pt; 12 keeps them on a line
    month = f"{on.month:02d}" if on.month < 3 else str(on.month)
    assert place[0].text == f"Hà Nội, ngày {on.day:02d} tháng {month} năm {on.year}"
    assert _all(place[0], "italic")
    for p in (*right, number[0], place[0], issuer_line):
        assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER

    # Title (II.5): the kind in capitals, bold, centred; the subject bold under it.
    texts = [b.text if isinstance(b, Paragraph) else None for b in blocks]
    heading = heading or kind
    assert heading.startswith(kind)
    at = texts.index(heading)
    kind_p, subject_p = blocks[at], blocks[at + 1]
    assert isinstance(kind_p, Paragraph) and isinstance(subject_p, Paragraph)
    assert subject_p.text == subject
    for p in (kind_p, subject_p):
        assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert _all(p, "bold") or (p.style is not None and p.style.font.bold)

    # Tables of data: the header row repeats on each page; widths fit the content, not equal.
    text_width = 210 - _mm(section.left_margin) - _mm(section.right_margin)
    for table in data_tables(document):
        grid = [int(c.get(f"{W}w")) / 56.7 for c in table._tbl.tblGrid.findall(f"{W}gridCol")]
        assert abs(sum(grid) - text_width) < 2, (grid, text_width)
        if len(grid) > 2:
            assert len({round(g) for g in grid}) > 1, grid
        columns = list(zip(*([c.text for c in row.cells] for row in table.rows), strict=True))
        # No word broken across lines when the line has room for every column's longest word; the
        # column of the longest text gets more than its longest word.
        need = [max(_word_mm(w) for t in column for w in (t.split() or [""])) for column in columns]
        if sum(need) <= text_width:
            assert all(g >= n - 0.5 for g, n in zip(grid, need, strict=True)), (grid, need, columns)
        longest = max(range(len(columns)), key=lambda i: max(len(t) for t in columns[i]))
        assert grid[longest] > need[longest], (grid, columns)
        if columns[0][0] == "STT":
            assert grid[0] == min(grid), grid

    # Page numbers (II.11): a PAGE field centred in the header, none on the first page.
    sect_pr = document.element.body.find(f"{W}sectPr")
    assert sect_pr.find(f"{W}titlePg") is not None
    assert section.different_first_page_header_footer
    page = [p for p in section.header.paragraphs if "PAGE" in p._p.xml]
    assert len(page) == 1 and page[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert "PAGE" not in section.first_page_header._element.xml

    # Recipients (II.9) and signature (II.7) side by side at the end.
    closing = blocks[-1]
    assert isinstance(closing, Table) and not is_data_table(closing)
    recipients, signature = ([p for p in c.paragraphs] for c in closing.rows[0].cells)
    label, *items = recipients
    assert label.text == "Nơi nhận:" and _all(label, "bold") and _all(label, "italic")
    assert _runs_sizes(label) == {12}
    assert items and all(_runs_sizes(p) == {11} for p in items)
    assert all(p.text.startswith("- ") and p.text.endswith(";") for p in items[:-1])
    assert items[-1].text.startswith("- Lưu:") and items[-1].text.endswith(".")
    position = signature[0]
    assert position.text == position.text.upper() and _all(position, "bold")


# ---- workbooks: app.core.documents.sheets ----------------------------------------------------------------


def assert_sheet_layout(content: bytes, formats: dict[str, dict[str, str]]) -> Workbook:
    """Every sheet: a name Excel takes, a bold header row frozen at the top, widths fitted to the content
    (each column at least its header's width, up to 60; not all alike); and, for ``formats`` ({sheet:
    {header: number format}}), every value of that column in that format."""
    book = load_workbook(BytesIO(content))
    for sheet in book.worksheets:
        assert 0 < len(sheet.title) <= 31 and not set(sheet.title) & set("[]:*?/\\"), sheet.title
        assert sheet.freeze_panes == "A2", sheet.title
        header = [c.value for c in sheet[1]]
        assert all(c.font.b for c in sheet[1]), sheet.title
        widths = [sheet.column_dimensions[get_column_letter(i)].width for i in range(1, len(header) + 1)]
        for name, width in zip(header, widths, strict=True):
            assert min(len(str(name)), 58) + 2 <= width <= 60, (sheet.title, name, width)
        if len(header) > 2:
            assert len(set(widths)) > 1, (sheet.title, widths)
        for name, number_format in formats.get(sheet.title, {}).items():
            column = header.index(name) + 1
            cells = [sheet.cell(row=r, column=column) for r in range(2, sheet.max_row + 1)]
            filled = [c for c in cells if c.value is not None]
            assert filled, (sheet.title, name)
            assert {c.number_format for c in filled} == {number_format}, (sheet.title, name)
    for title, columns in formats.items():
        assert title in book.sheetnames and columns
    return book


def _word_mm(word: str) -> float:
    """The room a word needs on one line in a table cell, by the layout's own measure."""
    return sum(CAPITAL_MM if c.isupper() else CHAR_MM for c in word) + CELL_PADDING_MM
