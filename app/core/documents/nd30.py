"""Word documents laid out as Nghị định 30/2020/NĐ-CP (công tác văn thư), Phụ lục I, asks of an
administrative document (văn bản hành chính). Pure: ``Nd30Document`` builds a python-docx document from
plain values; ``app.summary.docx`` (the year report) and ``app.voting.minutes`` (the counting minutes)
write their content through it. What each rule cites is in docs/documents.md.

- Page (Phụ lục I, I.5): A4 portrait; margins top and bottom 20 mm, left 30 mm, right 15 mm.
- Font (I.3, I.4): Times New Roman (Unicode, TCVN 6909:2001), black; body 13 pt; document language vi-VN.
- Page numbers (II.11): Arabic numerals, centred in the top margin, not on the first page.
- Header (II.1–II.4, ô 1–4): two columns. Left: the issuing body in capitals, bold, 12 pt, a short rule
  under it, then "Số: …/BC-…" (the number is left blank: the office registers it). Right: the national
  name "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" (capitals, bold, 12 pt), the motto "Độc lập - Tự do - Hạnh
  phúc" (bold, underlined), then the place and date in italics ("Hà Nội, ngày 05 tháng 01 năm 2017":
  days below 10 and months 1 and 2 with a leading zero).
- Title (II.5, ô 5a): the kind of document in capitals, bold, centred; the subject (trích yếu) bold
  under it with a short rule.
- Signature (II.7, ô 7a–7c) and recipients (II.9, ô 9a): side by side at the end; "Nơi nhận:" bold
  italic 12 pt, each recipient a line "- …;" in 11 pt, the last "- Lưu: …."; the signer's position in
  capitals, bold.
- Tables: a bold header row repeated on every page (``w:tblHeader``), column widths from the content.
- Core properties: author and last editor the issuing body, the title set, language vi-VN.

Every text passes ``app.core.text.xml_safe``: text stored before input refused XML's forbidden
characters must not make a document fail.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from io import BytesIO

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from app.core.documents import ooxml
from app.core.text import xml_safe

FONT = "Times New Roman"
LANGUAGE = "vi-VN"
BODY_PT = 13
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
TEXT_WIDTH_MM = PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
PLACE = "Hà Nội"
RECIPIENTS_LABEL = "Nơi nhận:"
SIGN_HERE = "(Ký, ghi rõ họ tên)"
# Phụ lục III: the abbreviations of the kinds of administrative document used here.
KIND_CODES = {"BÁO CÁO": "BC", "BIÊN BẢN": "BB", "QUYẾT ĐỊNH": "QĐ", "TỜ TRÌNH": "TTr"}
_LEFT_MM, _RIGHT_MM = 62, TEXT_WIDTH_MM - 62  # the header's two columns (ô 2–3 and ô 1, 4)


def date_line(place: str, on: date) -> str:
    """The place and date line, e.g. "Hà Nội, ngày 05 tháng 01 năm 2017" (Phụ lục I, II.4: a leading zero
    for days below 10 and for months 1 and 2)."""
    month = f"{on.month:02d}" if on.month < 3 else str(on.month)
    return f"{place}, ngày {on.day:02d} tháng {month} năm {on.year}"


def symbol_of(name: str) -> str:
    """The issuer's abbreviation for the number and symbol: the initials of its name in capitals
    ("Khối thi đua cơ quan Bộ" → "KTĐCQB")."""
    words = re.findall(r"\w+", name)
    return "".join(w[0] for w in words if not w.isdigit()).upper() or "VP"


def number_line(kind: str, issuer: str, number: int | None = None, symbol: str | None = None) -> str:
    """E.g. "Số:      /BC-KTĐCQB": the number blank for the office to fill when it registers the document;
    "Số: 123/QĐ-BKHCN" when the register gave it (``symbol``: the issuer's own abbreviation, which its
    initials do not always spell)."""
    code = KIND_CODES.get(kind.upper(), "")
    abbreviation = symbol or symbol_of(issuer)
    written = f"Số: {number}" if number is not None else "Số:        "
    return f"{written}/{code}-{abbreviation}" if code else f"{written}/{abbreviation}"


@dataclass(frozen=True)
class Letterhead:
    issuer: str  # the issuing body (tên cơ quan, tổ chức ban hành), as written
    kind: str  # "BÁO CÁO", "BIÊN BẢN" (tên loại)
    on: date  # the date of the document
    parent: str | None = None  # the body the issuer reports to (cơ quan chủ quản), if any
    place: str = PLACE
    number: int | None = None  # from the issuer's register; None leaves it blank for the office
    symbol: str | None = None  # the issuer's abbreviation ("BKHCN"); default its initials


@dataclass(frozen=True)
class Signer:
    position: str  # "ĐẠI DIỆN ĐƠN VỊ KHỐI TRƯỞNG", in capitals
    lines: tuple[str, ...] = ()  # what follows the position: the unit, the name
    sign_here: bool = True  # "(Ký, ghi rõ họ tên)" where the name is not known
    name: str | None = None  # the signer's full name, bold, under the room to sign (ô 7c)


@dataclass
class Column:
    header: str
    wide: bool = False  # left-aligned free text (names); the others are centred


# A character of Times New Roman at 12–13 pt, Vietnamese diacritics and bold headers included, is at most
# about 2.6 mm wide, a capital about 3.3 mm; a cell's left and right margins take about 3.8 mm together.
CHAR_MM = 2.6
CAPITAL_MM = 3.3
CELL_PADDING_MM = 4.0
NATURAL_CHARS = 60  # a cell longer than this wraps even when there is room


def fitted_widths(columns: Sequence[str], rows: Iterable[Sequence[str]], total_mm: float) -> list[float]:
    """Column widths in mm that fit the content and fill the line. Each column needs room for its longest
    word (a header's or a cell's: no word is broken across lines) and would like room for its longest
    cell on one line (up to ``NATURAL_CHARS``). Each gets what it needs, then the rest of the line is
    shared in proportion to what each would still like; when every column has what it would like, the
    surplus goes to the columns in proportion to their width."""
    cells = [list(columns), *([str(v) for v in row] for row in rows)]

    def mm(text: str) -> float:
        return sum(CAPITAL_MM if c.isupper() else CHAR_MM for c in text) + CELL_PADDING_MM

    need = [max(mm(w) for row in cells for w in (row[i].split() or [""])) for i in range(len(columns))]
    like = [max(need[i], max(mm(row[i][:NATURAL_CHARS]) for row in cells)) for i in range(len(columns))]
    if sum(like) <= total_mm:
        widths = [w * total_mm / sum(like) for w in like]
    elif sum(need) >= total_mm:  # words too long for the line: they wrap where they must
        widths = [w * total_mm / sum(need) for w in need]
    else:
        room = (total_mm - sum(need)) / (sum(like) - sum(need))
        widths = [n + (w - n) * room for n, w in zip(need, like, strict=True)]
    return [round(w, 1) for w in widths]


# ---- the document -----------------------------------------------------------------------------------


@dataclass
class Nd30Document:
    """One administrative document: ``letterhead``, ``title``, the body, ``closing``, then ``render``."""

    title_text: str  # the core properties' title, e.g. "Báo cáo công tác thi đua năm 2016"
    author: str  # the issuing body
    doc: DocxDocument = field(default_factory=Document)

    def __post_init__(self) -> None:
        ooxml.drop_template_leftovers(self.doc)
        self._page()
        self._styles()
        self._page_numbers()
        props = self.doc.core_properties
        props.author = props.last_modified_by = xml_safe(self.author)
        props.title = xml_safe(self.title_text)
        props.language = LANGUAGE
        props.comments = ""
        props.subject = ""
        props.keywords = ""

    # ---- setup ----

    def _page(self) -> None:
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
        section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
        section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
        section.header_distance = section.footer_distance = Mm(10)

    def _styles(self) -> None:
        styles = self.doc.styles
        # The defaults every style inherits: the font (all scripts) and the language (w:lang).
        defaults = styles.element.find(qn("w:docDefaults"))
        r_pr = ooxml.child(ooxml.child(defaults, "w:rPrDefault"), "w:rPr")
        ooxml.child(r_pr, "w:rFonts", ascii=FONT, hAnsi=FONT, eastAsia=FONT, cs=FONT)
        ooxml.child(r_pr, "w:lang", val=LANGUAGE, eastAsia=LANGUAGE, bidi="ar-SA")
        # The language Word assumes for the theme's fonts (the template says en-US).
        ooxml.child(self.doc.settings.element, "w:themeFontLang", val=LANGUAGE)
        for name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "Header", "Footer"):
            if name not in [s.name for s in styles]:
                continue
            style = styles[name]
            r_fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
            for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                r_fonts.attrib.pop(qn(attr), None)  # the theme's font would win over ours
            style.font.name = FONT
            ooxml.child(style.element.get_or_add_rPr(), "w:lang", val=LANGUAGE)
            style.font.color.rgb = RGBColor(0, 0, 0)
        normal = styles["Normal"]
        normal.font.size = Pt(BODY_PT)
        normal.paragraph_format.space_after = Pt(6)
        normal.paragraph_format.line_spacing = 1.0
        for name, size in (("Heading 1", 14), ("Heading 2", BODY_PT), ("Heading 3", BODY_PT)):
            style = styles[name]
            style.font.size = Pt(size)
            style.font.bold = True
            style.paragraph_format.space_before = Pt(12)
            style.paragraph_format.space_after = Pt(6)
        styles["Heading 3"].font.italic = True

    def _page_numbers(self) -> None:
        """PAGE centred in the top margin; the first page has its own, empty, header (w:titlePg)."""
        section = self.doc.sections[0]
        section.different_first_page_header_footer = True
        section.first_page_header.is_linked_to_previous = False  # its own, empty, header
        paragraph = section.header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        ooxml.field(paragraph, "PAGE", BODY_PT)

    # ---- building blocks ----

    def para(
        self,
        text: str = "",
        *,
        bold: bool = False,
        italic: bool = False,
        center: bool = False,
        size: float | None = None,
        into: _Cell | None = None,
    ) -> Paragraph:
        """A paragraph of the body (or of cell ``into``); body paragraphs are justified (Phụ lục I, II.6)."""
        p: Paragraph
        if into is None:
            p = self.doc.add_paragraph()
        elif len(into.paragraphs) == 1 and not into.paragraphs[0].text:
            p = into.paragraphs[0]  # a new cell's own empty paragraph
        else:
            p = into.add_paragraph()
        run = p.add_run(xml_safe(text))
        run.bold, run.italic = bold, italic
        if size is not None:
            run.font.size = Pt(size)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.JUSTIFY
        if into is not None:
            p.paragraph_format.space_after = Pt(0)
        return p

    def labelled(self, label: str, value: str) -> Paragraph:
        p = self.doc.add_paragraph(f"{xml_safe(label)}: ")
        p.add_run(xml_safe(value)).bold = True
        return p

    def heading(self, text: str, level: int) -> Paragraph:
        added: Paragraph = self.doc.add_heading(xml_safe(text), level=level)  # python-docx leaves it untyped
        return added

    def _rule(self, cell: _Cell, width_mm: float, column_mm: float) -> None:
        """A short centred rule (a bordered empty paragraph of ``width_mm``) under the line above it."""
        p = cell.add_paragraph()
        indent = Mm(max(0.0, (column_mm - width_mm) / 2))
        p.paragraph_format.left_indent = p.paragraph_format.right_indent = indent
        p.paragraph_format.space_after = Pt(0)
        p.paragraph_format.line_spacing = Pt(2)
        ooxml.border(p, "top")

    def letterhead(self, head: Letterhead) -> None:
        """Ô 1–4 of Phụ lục I: a borderless two-column table at the top of the first page."""
        table: Table = self.doc.add_table(rows=2, cols=2)
        ooxml.no_borders(table)
        ooxml.widths(table, (_LEFT_MM, _RIGHT_MM))
        (left, right), (number, place) = table.rows[0].cells, table.rows[1].cells
        if head.parent:
            self.para(head.parent.upper(), center=True, into=left)
        self.para(head.issuer.upper(), bold=True, center=True, size=12, into=left)
        self._rule(left, _LEFT_MM / 3, _LEFT_MM)
        self.para(NATIONAL_NAME, bold=True, center=True, size=12, into=right)
        motto = self.para(MOTTO, bold=True, center=True, into=right)
        motto.runs[0].underline = True
        self.para(number_line(head.kind, head.issuer, head.number, head.symbol), center=True, into=number)
        self.para(date_line(head.place, head.on), italic=True, center=True, into=place)
        for cell in (number, place):
            cell.paragraphs[0].paragraph_format.space_before = Pt(6)

    def title(self, kind: str, subject: str, *, heading: bool = False) -> None:
        """Ô 5a: the kind in capitals, bold, centred; the subject bold under it, then a short rule.
        ``heading`` makes the kind a Heading 1 (Word's navigation pane lists it)."""
        if heading:
            p = self.heading(kind.upper(), level=1)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_before = Pt(18)
        else:
            p = self.para(kind.upper(), bold=True, center=True, size=14)
            p.paragraph_format.space_before = Pt(18)
        p.paragraph_format.space_after = Pt(0)
        self.para(subject, bold=True, center=True, size=14).paragraph_format.space_after = Pt(0)
        rule = self.doc.add_paragraph()
        indent = Mm((TEXT_WIDTH_MM - 40) / 2)
        rule.paragraph_format.left_indent = rule.paragraph_format.right_indent = indent
        rule.paragraph_format.line_spacing = Pt(2)
        rule.paragraph_format.space_after = Pt(12)
        ooxml.border(rule, "top")

    def table(self, columns: Sequence[Column], rows: Sequence[Sequence[str]]) -> Table:
        """A bordered table with a bold header row repeated on every page and widths that fit."""
        header = [c.header for c in columns]
        table: Table = self.doc.add_table(rows=1, cols=len(columns))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        head = table.rows[0]
        ooxml.child(head._tr.get_or_add_trPr(), "w:tblHeader", val="true")
        for cell, text in zip(head.cells, header, strict=True):
            run = cell.paragraphs[0].add_run(xml_safe(text))
            run.bold = True
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        for values in rows:
            row = table.add_row()  # type: ignore[no-untyped-call]  # python-docx leaves add_row unannotated
            ooxml.child(row._tr.get_or_add_trPr(), "w:cantSplit", val="true")
            for column, cell, text in zip(columns, row.cells, values, strict=True):
                cell.text = xml_safe(text)
                cell.paragraphs[0].alignment = (
                    WD_ALIGN_PARAGRAPH.LEFT if column.wide else WD_ALIGN_PARAGRAPH.CENTER
                )
        for row in table.rows:
            for cell in row.cells:
                cell.paragraphs[0].paragraph_format.space_after = Pt(0)
        ooxml.widths(table, fitted_widths(header, [[xml_safe(v) for v in r] for r in rows], TEXT_WIDTH_MM))
        return table

    def closing(self, recipients: Sequence[str], signers: Sequence[Signer]) -> None:
        """Ô 9a and 7a–7c: the recipients on the left, the signature(s) on the right; several signers (the
        minutes) sign side by side in a row of their own above."""
        *others, main = signers
        # A paragraph between the body and the signatures: room above them, and a table just before
        # would otherwise join theirs (Word draws adjacent tables as one).
        self.doc.add_paragraph().paragraph_format.space_after = Pt(6)
        if others:
            row = self.doc.add_table(rows=1, cols=len(others))
            ooxml.no_borders(row)
            ooxml.widths(row, [TEXT_WIDTH_MM / len(others)] * len(others))
            for cell, signer in zip(row.rows[0].cells, others, strict=True):
                self._signature(cell, signer)
        table: Table = self.doc.add_table(rows=1, cols=2)
        ooxml.no_borders(table)
        ooxml.widths(table, (TEXT_WIDTH_MM / 2, TEXT_WIDTH_MM / 2))
        left, right = table.rows[0].cells
        label = self.para(RECIPIENTS_LABEL, bold=True, italic=True, size=12, into=left)
        label.alignment = WD_ALIGN_PARAGRAPH.LEFT
        for i, name in enumerate(recipients):
            end = "." if i == len(recipients) - 1 else ";"
            item = self.para(f"- {name}{end}", size=11, into=left)
            item.alignment = WD_ALIGN_PARAGRAPH.LEFT
        self._signature(right, main)

    def _signature(self, cell: _Cell, signer: Signer) -> None:
        self.para(signer.position.upper(), bold=True, center=True, into=cell)
        for line in signer.lines:
            self.para(line, center=True, into=cell)
        if signer.sign_here:
            last = self.para(SIGN_HERE, italic=True, center=True, into=cell)
        else:
            last = cell.paragraphs[-1]
        last.paragraph_format.space_after = Pt(72)  # room to sign, without empty lines
        if signer.name:
            self.para(signer.name, bold=True, center=True, into=cell)

    def render(self, at: datetime) -> bytes:
        """The DOCX bytes; ``at`` is when the document was made (its core properties' dates)."""
        props = self.doc.core_properties
        props.created = props.modified = at.astimezone(UTC).replace(tzinfo=None)
        out = BytesIO()
        self.doc.save(out)
        return out.getvalue()
