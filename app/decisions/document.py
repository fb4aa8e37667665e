"""The decision as a Word document laid out per Nghị định 30/2020/NĐ-CP.

An issued award decision and an issued revocation of ours are mapped to the dossier builders
(``app.proposals.documents.decision_docx``: ``render_award``, ``render_revocation``). What those do not
cover — a draft (no number yet: marked DỰ THẢO), an amendment, a higher authority's decision recorded here
(its number is not one of our registers') — is written here through ``app.core.documents.nd30``:
``decision_data`` gathers plain values, ``render`` writes them.

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
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.documents.nd30 import Column, Letterhead, Nd30Document, Signer
from app.decisions import grounds
from app.decisions.service import DecisionView
from app.models.base import utcnow
from app.models.decision import Decision, DecisionKind, DecisionRegister, DecisionStatus, Recovery
from app.proposals.documents import decision_docx as dd


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


PROPOSED_BY = "Theo đề nghị của "
DEFAULT_PROPOSER = "Thường trực Hội đồng Thi đua - Khen thưởng"
EXECUTORS = (
    "Chánh Văn phòng",
    "Thủ trưởng các đơn vị có liên quan",
    "các tập thể, cá nhân có tên tại Điều 1",
)
COPIES = ("Như Điều 3", "Ban Thi đua - Khen thưởng Trung ương")
ARCHIVE = "VT, TĐKT"


def _signature(position: str | None, name: str | None) -> tuple[dd.Signature, str]:
    """(the signature, the competence's position): "KT. Bộ trưởng - Thứ trưởng" signs for the minister."""
    text = (position or "Bộ trưởng").strip()
    if text.upper().startswith("KT."):
        principal, _, own = text[3:].partition("-")
        principal, own = principal.strip() or "Bộ trưởng", own.strip() or "Thứ trưởng"
        return dd.Signature(position=own, name=name or "", on_behalf_of=principal), principal
    return dd.Signature(position=text, name=name or ""), text


def _grounds(lines: list[str], drop: str | None = None) -> tuple[tuple[str, ...], str]:
    """(the "Căn cứ …" lines without their ";", who proposed it)."""
    kept: list[str] = []
    proposer = DEFAULT_PROPOSER
    for raw in lines:
        line = str(raw).strip().rstrip(";.").strip()
        if line.startswith(PROPOSED_BY):
            proposer = line.removeprefix(PROPOSED_BY)
        elif line and line != drop:
            kept.append(line)
    return tuple(kept), proposer


def _mapped(session: Session, view: DecisionView) -> tuple[str, bytes] | None:
    """(the file name, the DOCX) through the dossier builders, when they fit the decision."""
    d = view.decision
    register = session.get(DecisionRegister, d.register_id) if d.register_id else None
    if (
        d.status != DecisionStatus.ISSUED
        or d.external
        or register is None
        or d.number is None
        or d.decision_date is None
        or not register.symbol.startswith("QĐ-")
        or d.kind == DecisionKind.AMENDMENT
    ):
        return None
    signature, position = _signature(d.signer_position, d.signer_name)
    authority = dd.Authority(
        name=d.authority_name,
        symbol=register.symbol.removeprefix("QĐ-"),
        competence=f"{position} {d.authority_name}",
    )
    fund = f"Quỹ thi đua, khen thưởng của {d.authority_name}"
    if d.kind == DecisionKind.AWARD:
        lines, proposer = _grounds(list(d.legal_grounds))
        names = list(dict.fromkeys(r.award_name for r in view.recipients))
        award = dd.AwardDecision(
            authority=authority,
            number=d.number,
            signed_on=d.decision_date,
            subject=d.subject.removeprefix("Về việc "),
            grounds=lines,
            proposed_by=proposer,
            award_text=f"Tặng {', '.join(names)} cho các tập thể, cá nhân có tên sau đây",
            recipients=tuple(
                dd.Recipient(
                    name=r.row.name,
                    award=r.award_name,
                    amount_vnd=r.row.cash_vnd or 0,
                    certificate_number=r.row.certificate_number or "",
                )
                for r in view.recipients
            ),
            fund=fund,
            executors=EXECUTORS,
            copies=COPIES,
            archive=ARCHIVE,
            signature=signature,
        )
        return dd.filename(dd.number_text(authority, d.number), dd.award_subject(award)), dd.render_award(
            award
        )
    target = session.get(Decision, d.target_decision_id) if d.target_decision_id else None
    found = grounds.any_ground(d.revocation_ground, d.decision_date) if d.revocation_ground else None
    if target is None or found is None or target.number_text is None or target.decision_date is None:
        return None
    ground = dd.ground_of(found.law)
    lines, proposer = _grounds(list(d.legal_grounds), drop=dd.ground_line(ground))
    due = dict(
        session.execute(select(Recovery.award_id, Recovery.money_due_vnd).where(Recovery.decision_id == d.id))
        .tuples()
        .all()
    )
    revocation = dd.RevocationDecision(
        authority=authority,
        number=d.number,
        signed_on=d.decision_date,
        ground=ground,
        revoked_number=target.number_text,
        revoked_on=target.decision_date,
        revoked_subject=target.subject.removeprefix("Về việc "),
        findings=d.reason or "",
        grounds=lines,
        proposed_by=proposer,
        items=tuple(
            dd.RevokedAward(
                name=r.row.name,
                award=r.award_name,
                object_recovered=r.award_name,
                amount_vnd=due.get(r.row.award_id or "", r.row.cash_vnd or 0),
                certificate_number=r.row.certificate_number or "",
            )
            for r in view.recipients
        ),
        repay_to=fund,
        repay_by=None,
        executors=EXECUTORS,
        copies=COPIES,
        archive=ARCHIVE,
        signature=signature,
    )
    name = dd.filename(dd.number_text(authority, d.number), dd.revocation_subject(revocation))
    return name, dd.render_revocation(revocation)


def decision_file(session: Session, view: DecisionView) -> DecisionFile:
    mapped = _mapped(session, view)
    if mapped is not None:
        return DecisionFile(filename=mapped[0], content=mapped[1])
    data = decision_data(view)
    return DecisionFile(filename=filename(data), content=render(data))
