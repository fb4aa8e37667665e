"""The counting minutes ("biên bản kiểm phiếu") of a ballot session, as a Word document in Vietnamese.

Pure: ``render`` turns plain data (``Minutes``) into DOCX bytes, so the document is tested without a
database or HTTP. ``app.voting.minutes_service`` gathers the data. The layout follows the usual
administrative form (Nghị định 30/2020/NĐ-CP): A4, Times New Roman 13pt, the national motto, the title
in capitals, then the count, the table of candidates, the result and the signatures. Every text goes
through ``_para``, ``_labelled`` or the table, which replace the characters XML forbids
(``app.core.text.xml_safe``): a name stored before input refused them must not make the minutes fail.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from io import BytesIO

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from app.core.text import xml_safe

FONT = "Times New Roman"
HEADING = "BIÊN BẢN KIỂM PHIẾU"
TABLE_HEADER = ("STT", "Đơn vị", "Số phiếu", "Tỷ lệ", "Kết quả")
ELECTED, TIED, NOT_ELECTED = "Trúng cử", "Bằng phiếu", "Không trúng cử"
SIGNATORIES = ("TRƯỞNG BAN KIỂM PHIẾU", "THƯ KÝ")
LEADER_SIGNATORY = "ĐẠI DIỆN ĐƠN VỊ KHỐI TRƯỞNG"


@dataclass(frozen=True)
class CandidateLine:
    unit_name: str
    votes: int
    share: float  # votes / the threshold's base (electorate or ballots cast)
    elected: bool
    tied: bool = False


@dataclass(frozen=True)
class Minutes:
    bloc_name: str
    title_name: str  # "Cờ thi đua của Bộ"
    year: int
    held_on: date  # the day the ballot closed (local time)
    seats: int
    electorate: int
    ballots_cast: int
    blank: int
    quorum_met: bool
    candidates: list[CandidateLine]
    elected: list[str]  # unit names, most votes first
    tied: list[str]  # unit names
    unfilled_seats: int
    threshold_share: float = 0.5
    threshold_of: str = "electorate"  # electorate | cast
    threshold_inclusive: bool = False
    quorum: float = 0.5
    secret: bool = True
    session_name: str | None = None
    runoff: bool = False
    leader_unit_name: str | None = None


# ---- wording (pure) -----------------------------------------------------------------------------------


def vn_date(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def percent(x: float) -> str:
    """0.625 → "62,50%": Vietnamese writes a decimal comma."""
    return f"{x * 100:.2f}".replace(".", ",") + "%"


def plain_percent(x: float) -> str:
    """0.5 → "50%", 0.665 → "66,5%": for the rules, which are round numbers."""
    return f"{x * 100:.4g}".replace(".", ",") + "%"


def outcome(line: CandidateLine) -> str:
    if line.elected:
        return ELECTED
    return TIED if line.tied else NOT_ELECTED


def title_of_year(m: Minutes) -> str:
    return f"{m.title_name} năm {m.year}"


def threshold_text(m: Minutes) -> str:
    comparison = "từ" if m.threshold_inclusive else "trên"
    base = "tổng số đại biểu được triệu tập" if m.threshold_of == "electorate" else "số phiếu hợp lệ"
    return f"{comparison} {plain_percent(m.threshold_share)} {base}"


def count_lines(m: Minutes) -> list[tuple[str, str]]:
    """The count, label and value, in the order the minutes read them out."""
    valid = m.ballots_cast  # the system refuses an invalid ballot, so every ballot cast is valid
    return [
        ("Số đại biểu được triệu tập", str(m.electorate)),
        ("Số phiếu phát ra", str(m.ballots_cast)),
        ("Số phiếu thu về", str(m.ballots_cast)),
        ("Số phiếu hợp lệ", str(valid)),
        ("Số phiếu không hợp lệ", "0"),
        ("Số phiếu trắng", str(m.blank)),
        ("Số đơn vị được bầu", str(m.seats)),
    ]


# ---- rendering ----------------------------------------------------------------------------------------


def page_setup(doc: DocxDocument) -> None:
    """A4 with the form's margins, Times New Roman 13pt; the year report (``app.summary.docx``) too."""
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(13)
    normal.paragraph_format.space_after = Pt(3)


def para(
    doc: DocxDocument,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    center: bool = False,
    size: float | None = None,
) -> Paragraph:
    p = doc.add_paragraph()
    run = p.add_run(xml_safe(text))
    run.bold, run.italic = bold, italic
    if size is not None:
        run.font.size = Pt(size)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return p


def labelled(doc: DocxDocument, label: str, value: str) -> Paragraph:
    p = doc.add_paragraph(f"{xml_safe(label)}: ")
    p.add_run(xml_safe(value)).bold = True
    return p


def grid(doc: DocxDocument, header: Sequence[str], rows: Iterable[Sequence[str]], *, wide: int = 1) -> Table:
    """A bordered, centred table with a bold header; every column but ``wide`` (the unit's name) centred.
    The year summary's report (``app.summary.docx``) lays out its tables the same way."""
    table: Table = doc.add_table(rows=1, cols=len(header))  # python-docx leaves add_table unannotated
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(xml_safe(text)).bold = True
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for values in rows:
        row = table.add_row()  # type: ignore[no-untyped-call]  # python-docx leaves Table.add_row unannotated
        for col, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
            cell.text = xml_safe(text)
            if col != wide:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    return table


def _candidates_table(doc: DocxDocument, m: Minutes) -> Table:
    rows = (
        (str(i), line.unit_name, str(line.votes), percent(line.share), outcome(line))
        for i, line in enumerate(m.candidates, start=1)
    )
    table = grid(doc, TABLE_HEADER, rows)
    widths = (Mm(12), Mm(83), Mm(22), Mm(22), Mm(26))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    return table


def _result(doc: DocxDocument, m: Minutes) -> None:
    para(doc, "III. KẾT QUẢ BẦU CHỌN", bold=True)
    if not m.quorum_met:
        para(
            doc,
            f"Số đại biểu bỏ phiếu chưa đạt {plain_percent(m.quorum)} tổng số đại biểu được triệu tập; "
            "cuộc bỏ phiếu không đủ điều kiện công nhận kết quả, không đơn vị nào trúng cử.",
        )
    elif m.elected:
        para(doc, f"Các đơn vị trúng cử đề nghị tặng {title_of_year(m)} ({len(m.elected)} đơn vị):")
        for i, name in enumerate(m.elected, start=1):
            para(doc, f"{i}. {name}")
    else:
        para(doc, "Không có đơn vị nào trúng cử.")
    if m.tied:
        para(doc, "Các đơn vị có số phiếu bằng nhau ở vị trí cuối cùng (cần bầu lại):")
        for name in m.tied:
            para(doc, f"– {name}")
    labelled(doc, "Số vị trí chưa bầu được", str(m.unfilled_seats))


def _signatures(doc: DocxDocument, m: Minutes) -> None:
    signatories = [*SIGNATORIES, LEADER_SIGNATORY]
    for role in signatories:
        para(doc)
        para(doc, role, bold=True, center=True)
        if role == LEADER_SIGNATORY and m.leader_unit_name:
            para(doc, m.leader_unit_name, center=True)
        para(doc, "(Ký, ghi rõ họ tên)", italic=True, center=True)
        para(doc)


def render(m: Minutes) -> bytes:
    doc = Document()
    page_setup(doc)
    para(doc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, center=True)
    para(doc, "Độc lập – Tự do – Hạnh phúc", bold=True, center=True)
    para(doc, m.bloc_name.upper(), bold=True, center=True)
    para(doc)
    para(doc, HEADING, bold=True, center=True, size=15)
    subject = f"Bầu chọn đơn vị đề nghị tặng {title_of_year(m)}"
    para(doc, subject + (" (bầu lại)" if m.runoff else ""), bold=True, center=True)
    if m.session_name:
        para(doc, m.session_name, italic=True, center=True)
    para(doc)
    kind = "bỏ phiếu kín" if m.secret else "bỏ phiếu"
    para(
        doc,
        f"Ngày {vn_date(m.held_on)}, {m.bloc_name} tổ chức {kind} bầu chọn đơn vị đề nghị tặng "
        f"{title_of_year(m)}. Ban kiểm phiếu đã kiểm phiếu và lập biên bản như sau:",
    )
    labelled(doc, "Ngày kiểm phiếu", vn_date(m.held_on))

    para(doc, "I. TÌNH HÌNH BỎ PHIẾU", bold=True)
    for label, value in count_lines(m):
        labelled(doc, label, value)
    labelled(doc, "Điều kiện trúng cử", f"được {threshold_text(m)} đồng ý và xếp trong số đơn vị được bầu")

    para(doc, "II. KẾT QUẢ KIỂM PHIẾU", bold=True)
    base = "tổng số đại biểu được triệu tập" if m.threshold_of == "electorate" else "số phiếu hợp lệ"
    para(doc, f"(Tỷ lệ tính trên {base})", italic=True)
    _candidates_table(doc, m)
    para(doc)
    _result(doc, m)

    para(doc)
    para(
        doc,
        f"Biên bản được lập ngày {vn_date(m.held_on)}, đã được đọc lại và thông qua trước hội nghị.",
        italic=True,
    )
    _signatures(doc, m)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def filename(m: Minutes) -> str:
    """E.g. "Biên bản kiểm phiếu Cờ thi đua của Bộ năm 2016 - Khối thi đua cơ quan Bộ.docx" ("(bầu lại)" for a
    runoff): what a person would call the file (``app.core.disposition`` makes it safe for every client)."""
    runoff = " (bầu lại)" if m.runoff else ""
    return f"Biên bản kiểm phiếu {title_of_year(m)}{runoff} - {m.bloc_name}.docx"
