"""A decision (quyết định) on commendation, and the decision that revokes one, as Word documents.

Pure: ``render_award(AwardDecision)`` and ``render_revocation(RevocationDecision)`` turn plain frozen
dataclasses into DOCX bytes; the decisions service maps its rows to them. The layout is Nghị định
30/2020/NĐ-CP's for an individual decision (quyết định cá biệt; Phụ lục III), through
``app.core.documents.nd30``: the authority's letterhead with the number its register gave
("Số: 123/QĐ-BKHCN") and the place and date; "QUYẾT ĐỊNH" and the subject ("Về việc …"); the competence
of the signer in capitals; the legal grounds ("Căn cứ …;") and who proposed it, in italics;
"QUYẾT ĐỊNH:"; the articles (Điều 1: the recipients, with the table of titles or forms, cash and
certificate numbers; Điều 2: the cash and the fund it is paid from; Điều 3: entry into force and who
executes it); then the recipients of copies (Nơi nhận) beside the signature (position, the room to
sign, the signer's name).

A revocation cites its legal ground (Law 06/2022/QH15 Art 93(2) point a–d; law.md §5), annuls
the award decision for the listed recipients, and orders the object (hiện vật) and the money recovered.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from docx.shared import Pt

from app.core.documents import nd30
from app.core.text import xml_safe
from app.core.time import VN_TZ
from app.law import procedure
from app.proposals.documents.wording import in_words, long_date, vnd

KIND = "QUYẾT ĐỊNH"
DECIDES = "QUYẾT ĐỊNH:"


@dataclass(frozen=True)
class Authority:
    """Who issues the decision."""

    name: str  # "Bộ Khoa học và Công nghệ"
    symbol: str  # its abbreviation in numbers: "BKHCN"
    competence: str  # the line above the grounds: "Bộ trưởng Bộ Khoa học và Công nghệ"
    parent: str | None = None  # a body above the issuer, printed over its name (ô 2), if any
    place: str = nd30.PLACE  # "Hà Nội"


@dataclass(frozen=True)
class Signature:
    position: str  # "BỘ TRƯỞNG", "THỨ TRƯỞNG"
    name: str  # "Nguyễn Văn B"
    on_behalf_of: str | None = None  # "BỘ TRƯỞNG" when a deputy signs for the minister: "KT. BỘ TRƯỞNG"

    def lines(self) -> str:
        """The position as printed: "KT. BỘ TRƯỞNG" over "THỨ TRƯỞNG" for a deputy (Phụ lục I, II.7)."""
        own = self.position.upper()
        return f"KT. {self.on_behalf_of.upper()}\n{own}" if self.on_behalf_of else own


@dataclass(frozen=True)
class Recipient:
    """One line of Điều 1's table."""

    name: str  # "Văn phòng Bộ", "Ông Nguyễn Văn A"
    award: str  # the title or form: "Cờ thi đua của Bộ năm 2016", "Bằng khen của Bộ trưởng"
    amount_vnd: int  # the cash, in đồng (0: none)
    details: str = ""  # for a person: position and unit, "Chuyên viên chính, Vụ Tổ chức cán bộ"
    certificate_number: str = ""  # số hiệu of the certificate or flag, when the office has given it


@dataclass(frozen=True)
class AwardDecision:
    authority: Authority
    number: int  # from the authority's register for the year
    signed_on: date
    subject: str  # after "Về việc": "tặng Cờ thi đua của Bộ năm 2016"
    grounds: tuple[str, ...]  # "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022" (no ";")
    proposed_by: str  # after "Theo đề nghị của": "Vụ trưởng Vụ Tổ chức cán bộ"
    award_text: str  # Điều 1's lead: "Tặng Cờ thi đua của Bộ năm 2016 cho các tập thể có tên sau đây"
    recipients: tuple[Recipient, ...]
    fund: str  # "Quỹ thi đua, khen thưởng của Bộ Khoa học và Công nghệ"
    executors: tuple[str, ...]  # "Chánh Văn phòng Bộ", "Thủ trưởng các đơn vị có tên tại Điều 1"
    copies: tuple[str, ...]  # Nơi nhận before the archive: "Như Điều 3", "Bộ trưởng (để báo cáo)"
    archive: str  # "VT, TCCB": the last recipient is "Lưu: VT, TCCB."
    signature: Signature


# ---- a revocation ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RevocationGround:
    """The legal ground a revocation rests on, as the law's rules give it (``ground_of``): Law 06/2022/QH15
    Art 93(2) point a–d today; the 2003 Law's Arts 96–97 for decisions under the old regimes (law.md §5)."""

    text: str  # what the ground says: "Gian dối trong việc kê khai công trạng, thành tích"
    citation: str  # where: "Luật Thi đua, khen thưởng số 06/2022/QH15, điểm a khoản 2 Điều 93"


def ground_of(ground: procedure.Ground) -> RevocationGround:
    """The ground of ``app.law.procedure.revocation_grounds(regime)`` for the document, its citation
    written as a decision cites ("điểm a khoản 2 Điều 93 Luật Thi đua, khen thưởng số 06/2022/QH15")."""
    return RevocationGround(text=ground.text_vi, citation=formal_citation(ground.citation.text))


def formal_citation(text: str) -> str:
    """ "Luật TĐKT 06/2022/QH15, điểm a khoản 2 Điều 93" (the law tables' short form) → "điểm a khoản 2
    Điều 93 Luật Thi đua, khen thưởng số 06/2022/QH15": the provision first, the law named in full."""
    law, _, where = text.partition(", ")
    law = law.replace("Luật TĐKT ", "Luật Thi đua, khen thưởng số ", 1)
    return f"{where} {law}" if where else law


@dataclass(frozen=True)
class RevokedAward:
    """One recipient whose award is annulled, and what is recovered."""

    name: str
    award: str  # "Bằng khen của Bộ trưởng"
    object_recovered: str  # the hiện vật: "Bằng khen", "Cờ thi đua"; "" when there was none
    amount_vnd: int  # the cash to pay back, in đồng
    certificate_number: str = ""


@dataclass(frozen=True)
class RevocationDecision:
    authority: Authority
    number: int
    signed_on: date
    ground: RevocationGround
    revoked_number: str  # the award decision annulled: "45/QĐ-BKHCN"
    revoked_on: date
    revoked_subject: str  # its subject: "tặng Bằng khen của Bộ trưởng năm 2016"
    findings: str  # what was found, e.g. the inspection's conclusion and its reference
    grounds: tuple[str, ...]  # other "Căn cứ …" lines; the Art 93(2) point is added after them
    proposed_by: str
    items: tuple[RevokedAward, ...]
    repay_to: str  # where the money goes: "Quỹ thi đua, khen thưởng của Bộ Khoa học và Công nghệ"
    repay_by: date | None  # the deadline to return the object and the money, if the decision sets one
    executors: tuple[str, ...]
    copies: tuple[str, ...]
    archive: str
    signature: Signature


# ---- wording (pure) -------------------------------------------------------------------------------------


def number_text(authority: Authority, number: int) -> str:
    """ "123/QĐ-BKHCN"."""
    return f"{number}/QĐ-{authority.symbol}"


def article_2(d: AwardDecision) -> str:
    total = sum(r.amount_vnd for r in d.recipients)
    if total == 0:
        return "Khen thưởng tại Điều 1 không kèm theo tiền thưởng."
    return (
        f"Tiền thưởng kèm theo khen thưởng tại Điều 1 là {vnd(total)} (bằng chữ: {in_words(total)}), chi "
        f"từ {d.fund} theo quy định hiện hành."
    )


def article_3(executors: Sequence[str]) -> str:
    return (
        f"Quyết định này có hiệu lực kể từ ngày ký. {', '.join(executors)} chịu trách nhiệm thi hành "
        "Quyết định này."
    )


def ground_line(ground: RevocationGround) -> str:
    return f"Căn cứ {ground.citation}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def revocation_subject(d: RevocationDecision) -> str:
    return (
        f"Về việc hủy bỏ Quyết định số {d.revoked_number} {long_date(d.revoked_on)} về việc "
        f"{d.revoked_subject} và thu hồi hiện vật, tiền thưởng"
    )


def revocation_article_1(d: RevocationDecision) -> str:
    ground = d.ground
    return (
        f"Hủy bỏ Quyết định số {d.revoked_number} {long_date(d.revoked_on)} về việc {d.revoked_subject} "
        f"đối với các tập thể, cá nhân có tên sau đây, vì {_lower_first(ground.text)} ({ground.citation}): "
        f"{d.findings}"
    )


def revocation_article_2(d: RevocationDecision) -> str:
    total = sum(i.amount_vnd for i in d.items)
    objects = [i.object_recovered for i in d.items if i.object_recovered]
    parts = []
    if objects:
        parts.append("hiện vật khen thưởng (" + ", ".join(dict.fromkeys(objects)) + ")")
    if total:
        parts.append(
            f"tiền thưởng đã nhận, tổng cộng {vnd(total)} (bằng chữ: {in_words(total)}), nộp về {d.repay_to}"
        )
    what = " và ".join(parts) if parts else "hiện vật và tiền thưởng đã nhận (nếu có)"
    deadline = f" trước {long_date(d.repay_by)}" if d.repay_by else ""
    return f"Các tập thể, cá nhân có tên tại Điều 1 nộp lại {what}{deadline}."


# ---- rendering -------------------------------------------------------------------------------------------

AWARD_COLUMNS = (
    nd30.Column("STT"),
    nd30.Column("Tên tập thể, cá nhân", wide=True),
    nd30.Column("Danh hiệu, hình thức khen thưởng", wide=True),
    nd30.Column("Tiền thưởng"),
    nd30.Column("Số hiệu"),
)
REVOKED_COLUMNS = (
    nd30.Column("STT"),
    nd30.Column("Tên tập thể, cá nhân", wide=True),
    nd30.Column("Khen thưởng bị hủy bỏ", wide=True),
    nd30.Column("Hiện vật thu hồi"),
    nd30.Column("Tiền thu hồi"),
)
TOTAL = "Tổng cộng"


def _named(name: str, details: str) -> str:
    return f"{name}, {details}" if details else name


def award_rows(d: AwardDecision) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = [
        (str(i), _named(r.name, r.details), r.award, vnd(r.amount_vnd), r.certificate_number)
        for i, r in enumerate(d.recipients, start=1)
    ]
    rows.append(("", TOTAL, "", vnd(sum(r.amount_vnd for r in d.recipients)), ""))
    return rows


def revoked_rows(d: RevocationDecision) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = [
        (str(n), item.name, _award_with_number(item), item.object_recovered, vnd(item.amount_vnd))
        for n, item in enumerate(d.items, start=1)
    ]
    rows.append(("", TOTAL, "", "", vnd(sum(i.amount_vnd for i in d.items))))
    return rows


def _award_with_number(item: RevokedAward) -> str:
    return f"{item.award} (số hiệu {item.certificate_number})" if item.certificate_number else item.award


def _article(doc: nd30.Nd30Document, n: int, text: str) -> None:
    p = doc.para()
    p.add_run(xml_safe(f"Điều {n}. ")).bold = True
    p.add_run(xml_safe(text))


def _preamble(doc: nd30.Nd30Document, authority: Authority, grounds: Sequence[str], proposed_by: str) -> None:
    competence = doc.para(authority.competence.upper(), bold=True, center=True)
    competence.paragraph_format.space_before = Pt(6)
    for line in grounds:
        doc.para(f"{line};", italic=True)
    doc.para(f"Theo đề nghị của {proposed_by}.", italic=True)
    doc.para(DECIDES, bold=True, center=True)


def _start(authority: Authority, number: int, on: date, subject: str, title: str) -> nd30.Nd30Document:
    doc = nd30.Nd30Document(title_text=title, author=authority.name)
    doc.letterhead(
        nd30.Letterhead(
            issuer=authority.name,
            kind=KIND,
            on=on,
            parent=authority.parent,
            place=authority.place,
            number=number,
            symbol=authority.symbol,
        )
    )
    doc.title(KIND, subject)
    return doc


def _close(
    doc: nd30.Nd30Document, copies: Sequence[str], archive: str, signature: Signature, on: date
) -> bytes:
    signer = nd30.Signer(signature.lines(), sign_here=False, name=signature.name)
    doc.closing([*copies, f"Lưu: {archive}"], [signer])
    return doc.render(datetime.combine(on, time(), tzinfo=VN_TZ))


def award_subject(d: AwardDecision) -> str:
    return f"Về việc {d.subject}"


def render_award(d: AwardDecision) -> bytes:
    subject = award_subject(d)
    number = number_text(d.authority, d.number)
    doc = _start(d.authority, d.number, d.signed_on, subject, f"Quyết định số {number} - {subject}")
    _preamble(doc, d.authority, d.grounds, d.proposed_by)
    _article(doc, 1, f"{d.award_text}:")
    doc.table(AWARD_COLUMNS, award_rows(d))
    _article(doc, 2, article_2(d))
    _article(doc, 3, article_3(d.executors))
    return _close(doc, d.copies, d.archive, d.signature, d.signed_on)


def render_revocation(d: RevocationDecision) -> bytes:
    if not (d.ground.text.strip() and d.ground.citation.strip()):
        raise ValueError("a revocation names its legal ground: its text and its citation")
    subject = revocation_subject(d)
    number = number_text(d.authority, d.number)
    doc = _start(d.authority, d.number, d.signed_on, subject, f"Quyết định số {number} - {subject}")
    _preamble(doc, d.authority, [*d.grounds, ground_line(d.ground)], d.proposed_by)
    _article(doc, 1, revocation_article_1(d))
    doc.table(REVOKED_COLUMNS, revoked_rows(d))
    _article(doc, 2, revocation_article_2(d))
    _article(doc, 3, article_3(d.executors))
    return _close(doc, d.copies, d.archive, d.signature, d.signed_on)


def filename(number: str, subject: str) -> str:
    """E.g. "Quyết định 123-QĐ-BKHCN - Về việc tặng Cờ thi đua của Bộ năm 2016.docx" (no "/" in a file
    name; ``app.core.disposition`` makes the rest safe for every client)."""
    return f"Quyết định {number.replace('/', '-')} - {subject}.docx"
