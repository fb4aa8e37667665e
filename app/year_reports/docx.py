"""The bloc's year report (báo cáo tổng kết công tác thi đua của Khối) as a Word document.

Pure: ``render`` turns a ``YearReportDocument`` into DOCX bytes in the shared layout of
``app.core.documents.nd30`` (Nghị định 30/2020/NĐ-CP, Phụ lục I; "BC" is a report's abbreviation in
Phụ lục III): the ministry over the bloc in the letterhead, the number left blank for the office, the place
and date; "BÁO CÁO" over the subject "Tổng kết công tác thi đua năm YYYY và phương hướng, nhiệm vụ năm
YYYY+1"; the three sections as headings I, II, III with their paragraphs; the recipients (Nơi nhận) beside
the signature of the leading unit's head ("TM. KHỐI THI ĐUA / KHỐI TRƯỞNG"). A version that is not the
adopted one says so under the title ("Dự thảo lần N").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from docx.shared import Mm

from app.core.documents import nd30
from app.core.documents.nd30 import Nd30Document
from app.year_reports.compare import paragraphs

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
SIGNATORY = "TM. KHỐI THI ĐUA\nKHỐI TRƯỞNG"
RECIPIENTS = (
    "Thường trực Hội đồng Thi đua - Khen thưởng (để báo cáo)",
    "Các đơn vị thành viên Khối",
    "Lưu: Khối",
)


@dataclass(frozen=True)
class DocSection:
    heading: str
    body: str


@dataclass(frozen=True)
class YearReportDocument:
    ministry: str
    bloc_name: str
    leader_unit_name: str | None
    leader_head_name: str | None
    year: int
    on: date  # the date the document bears
    version: int
    adopted: bool
    sections: Sequence[DocSection]
    made_at: datetime


def subject(year: int) -> str:
    return f"Tổng kết công tác thi đua năm {year} và phương hướng, nhiệm vụ năm {year + 1}"


def numbered(i: int, heading: str) -> str:
    numeral = ROMAN[i] if i < len(ROMAN) else str(i + 1)
    return f"{numeral}. {heading.upper()}"


def render(d: YearReportDocument) -> bytes:
    doc = Nd30Document(title_text=f"Báo cáo {subject(d.year).lower()}", author=d.bloc_name)
    doc.letterhead(nd30.Letterhead(issuer=d.bloc_name, kind="BÁO CÁO", on=d.on, parent=d.ministry))
    doc.title("Báo cáo", subject(d.year), heading=True)
    if not d.adopted:
        doc.para(f"(Dự thảo lần {d.version})", italic=True, center=True)
    for i, section in enumerate(d.sections):
        doc.heading(numbered(i, section.heading), level=2)
        for text in paragraphs(section.body):
            p = doc.para(text)
            p.paragraph_format.first_line_indent = Mm(10)
    leader = (d.leader_unit_name,) if d.leader_unit_name else ()
    signer = nd30.Signer(SIGNATORY, leader, name=d.leader_head_name)
    doc.closing(RECIPIENTS, [signer])
    return doc.render(d.made_at)


def filename(d: YearReportDocument) -> str:
    return f"Báo cáo tổng kết thi đua {d.year} - {d.bloc_name}.docx"
