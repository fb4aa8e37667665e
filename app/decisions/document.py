"""The decision as a Word document laid out per Nghị định 30/2020/NĐ-CP (Phụ lục I), through
``app.core.documents.nd30``: ``decision_data`` gathers plain values, ``render`` writes them.

The layout of a decision (quyết định, văn bản có tên loại): the authority and "Số: 1/QĐ-BKHCN" on the left,
the national name, the motto and the place and date on the right; QUYẾT ĐỊNH and the subject (trích yếu);
the signer's authority in capitals ("BỘ TRƯỞNG BỘ KHOA HỌC VÀ CÔNG NGHỆ"); the "Căn cứ …" lines in italics;
"QUYẾT ĐỊNH:"; the articles — Điều 1 with the table of recipients (name, title or form, certificate number,
cash), Điều 2 the money, Điều 3 who carries it out; the recipients of copies and the signature.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from docx.enum.text import WD_ALIGN_PARAGRAPH
from sqlalchemy.orm import Session

from app.core.documents.nd30 import Column, Letterhead, Nd30Document, Signer
from app.decisions.service import DecisionView
from app.models.base import utcnow
from app.models.decision import DecisionKind, DecisionStatus


@dataclass(frozen=True)
class Row:
    name: str
    award_name: str
    certificate_number: str | None
    cash_vnd: int | None


@dataclass(frozen=True)
class DecisionData:
    kind: str  # award | amendment | revocation
    authority_name: str
    number_text: str | None  # None: a draft
    decision_date: date
    subject: str
    legal_grounds: tuple[str, ...]
    signer_position: str | None
    signer_name: str | None
    rows: tuple[Row, ...]
    target_number_text: str | None = None
    ground_text: str | None = None


@dataclass(frozen=True)
class DecisionFile:
    filename: str
    content: bytes


def vnd(amount: int | None) -> str:
    """12345000 → "12.345.000" (Vietnamese grouping); none → "-"."""
    return "-" if amount is None else f"{amount:,}".replace(",", ".")


def decision_data(view: DecisionView) -> DecisionData:
    d = view.decision
    return DecisionData(
        kind=str(d.kind),
        authority_name=d.authority_name,
        number_text=d.number_text if d.status == DecisionStatus.ISSUED else None,
        decision_date=d.decision_date or d.created_at.date(),
        subject=d.subject,
        legal_grounds=tuple(str(g) for g in d.legal_grounds),
        signer_position=d.signer_position,
        signer_name=d.signer_name,
        rows=tuple(
            Row(r.row.name, r.award_name, r.row.certificate_number, r.row.cash_vnd) for r in view.recipients
        ),
        target_number_text=view.target_number_text,
        ground_text=view.ground_text,
    )


def _articles(doc: Nd30Document, data: DecisionData) -> None:
    if data.kind == DecisionKind.REVOCATION:
        doc.para(
            f"Điều 1. Hủy bỏ một phần Quyết định số {data.target_number_text} đối với các tập thể, cá nhân "
            f"sau; thu hồi hiện vật và tiền thưởng đã nhận (lý do: {data.ground_text or ''}):"
        )
    elif data.kind == DecisionKind.AMENDMENT:
        doc.para(
            f"Điều 1. Sửa đổi, bổ sung Quyết định số {data.target_number_text} đối với các tập thể, cá nhân "
            "sau như sau:"
        )
    else:
        doc.para("Điều 1. Tặng thưởng danh hiệu, hình thức khen thưởng cho các tập thể, cá nhân sau:")
    columns = [
        Column("STT"),
        Column("Tên tập thể, cá nhân", wide=True),
        Column("Danh hiệu, hình thức", wide=True),
        Column("Số bằng"),
        Column("Tiền thưởng (đồng)"),
    ]
    rows = [
        [str(i), r.name, r.award_name, r.certificate_number or "", vnd(r.cash_vnd)]
        for i, r in enumerate(data.rows, start=1)
    ]
    doc.table(columns, rows)
    total = sum(r.cash_vnd or 0 for r in data.rows)
    if data.kind == DecisionKind.REVOCATION:
        doc.para(f"Điều 2. Tổng số tiền thưởng phải thu hồi: {vnd(total)} đồng.")
    elif data.kind == DecisionKind.AMENDMENT:
        doc.para("Điều 2. Các nội dung khác của Quyết định giữ nguyên.")
    else:
        doc.para(f"Điều 2. Tiền thưởng kèm theo theo quy định; tổng số: {vnd(total)} đồng.")
    doc.para(
        "Điều 3. Quyết định có hiệu lực kể từ ngày ký. Chánh Văn phòng, Thủ trưởng các đơn vị có liên quan "
        "và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này."
    )


def render(data: DecisionData) -> bytes:
    doc = Nd30Document(title_text=f"Quyết định {data.subject}", author=data.authority_name)
    doc.letterhead(Letterhead(issuer=data.authority_name, kind="QUYẾT ĐỊNH", on=data.decision_date))
    number = doc.doc.tables[0].rows[1].cells[0].paragraphs[0]
    number.runs[0].text = f"Số: {data.number_text}" if data.number_text else "Số:        (DỰ THẢO)"
    doc.title("QUYẾT ĐỊNH", data.subject)
    position = (data.signer_position or "Bộ trưởng").split("-")[-1].strip()
    doc.para(f"{position} {data.authority_name}".upper(), bold=True, center=True)
    for line in data.legal_grounds:
        doc.para(line, italic=True)
    heading = doc.para("QUYẾT ĐỊNH:", bold=True, center=True)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _articles(doc, data)
    signer_lines = (data.signer_name,) if data.signer_name else ()
    doc.closing(
        ["Như Điều 3", "Ban Thi đua - Khen thưởng Trung ương", "Lưu: VT, TĐKT"],
        [
            Signer(
                position=data.signer_position or "Bộ trưởng", lines=signer_lines, sign_here=not signer_lines
            )
        ],
    )
    return doc.render(utcnow())


def filename(data: DecisionData) -> str:
    label = data.number_text.replace("/", "-") if data.number_text else "du-thao"
    return f"Quyết định {label}.docx"


def decision_file(_session: Session, view: DecisionView) -> DecisionFile:
    data = decision_data(view)
    return DecisionFile(filename=filename(data), content=render(data))
