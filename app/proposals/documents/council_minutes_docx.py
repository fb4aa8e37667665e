"""The minutes of a meeting of the ministry's emulation and commendation council (biên bản họp Hội đồng
Thi đua - Khen thưởng), as a Word document.

Pure: ``render(CouncilMinutes)`` turns plain frozen dataclasses into DOCX bytes; the council service maps
its session, attendance and tallies to them. Laid out by ``app.core.documents.nd30`` (Nghị định
30/2020/NĐ-CP; "BB" is the minutes' abbreviation): the council's letterhead under the ministry, the
title, when and where, who chaired and who took the minutes, the members present and absent (and
which absent members sent a written opinion, which the counts include: law.md §2.4, thresholds are over
all members), the quorum, then for each agenda item the counts yes / no / abstain, the number required
("≥ 90% tổng số thành viên = 14/15") and the outcome; signed by the secretary and the chair.

The vote is secret: the data hold counts only, never who voted how, and nothing here could print it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.core.documents import nd30
from app.core.time import VN_TZ
from app.proposals.documents.wording import two_digits, vn_date

HEADING = "BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG"
PASSED, NOT_PASSED = "Đạt", "Không đạt"


@dataclass(frozen=True)
class Member:
    name: str
    role: str  # "Chủ tịch Hội đồng", "Phó Chủ tịch Hội đồng", "Ủy viên"


@dataclass(frozen=True)
class AbsentMember:
    name: str
    role: str
    written_opinion: bool  # sent a written opinion (and vote) before the meeting, recorded by the secretary


@dataclass(frozen=True)
class AgendaItem:
    """One proposal item put to the vote: its counts over all members, never the voters."""

    subject: str  # "Ông Nguyễn Văn A, Vụ Tổ chức cán bộ", "Văn phòng Bộ"
    award: str  # "Chiến sĩ thi đua cấp Bộ năm 2024"
    yes: int
    no: int
    abstain: int
    written: int  # of the counts above, the votes absent members gave in writing
    threshold_percent: int  # 90, 80: of all members (law.md §2.4)
    required: int  # ceil(threshold × members), computed by the council's rules
    passed: bool  # the outcome, as the council's rules decided it


@dataclass(frozen=True)
class CouncilMinutes:
    council: str  # "Hội đồng Thi đua - Khen thưởng Bộ Khoa học và Công nghệ"
    ministry: str  # the body above the council in the letterhead: "Bộ Khoa học và Công nghệ"
    symbol: str  # the council's abbreviation in the number: "HĐTĐKT"
    meeting: str  # "xét đề nghị khen thưởng năm 2024" (the subject, after "Về việc")
    started_at: datetime  # timezone-aware; printed in Vietnam time
    ended_at: datetime | None
    venue: str  # "Phòng họp số 1, trụ sở Bộ, 113 Trần Duy Hưng, Hà Nội"
    chair: str  # name of who chaired
    secretary: str  # name of who took the minutes
    total_members: int
    present: tuple[Member, ...]
    absent: tuple[AbsentMember, ...]
    quorum_required: int  # members who must be present
    quorum_rule: str  # "ít nhất 2/3 tổng số thành viên" (as the council's rules say it)
    secret_ballot: bool
    items: tuple[AgendaItem, ...]
    invitees: tuple[str, ...] = ()  # attend, do not vote
    recipients: tuple[str, ...] = ("Bộ trưởng (để báo cáo)", "Các thành viên Hội đồng")
    archive: str = "VT, HĐTĐKT"


# ---- wording (pure) -------------------------------------------------------------------------------------


def local(at: datetime) -> datetime:
    return at.astimezone(VN_TZ)


def clock(at: datetime) -> str:
    """ "14 giờ 30 phút"."""
    at = local(at)
    return f"{at.hour:02d} giờ {at.minute:02d} phút"


def required_text(item: AgendaItem, total_members: int) -> str:
    """ "≥ 90% tổng số thành viên = 14/15"."""
    return f"≥ {item.threshold_percent}% tổng số thành viên = {item.required}/{total_members}"


def outcome(item: AgendaItem) -> str:
    return PASSED if item.passed else NOT_PASSED


def quorum_met(m: CouncilMinutes) -> bool:
    return len(m.present) >= m.quorum_required


def quorum_text(m: CouncilMinutes) -> str:
    present = len(m.present)
    verdict = (
        "Phiên họp đủ điều kiện tiến hành."
        if quorum_met(m)
        else "Phiên họp không đủ điều kiện tiến hành; các nội dung biểu quyết không có giá trị."
    )
    return (
        f"Số thành viên có mặt: {present}/{m.total_members}; yêu cầu tối thiểu {m.quorum_required}/"
        f"{m.total_members} ({m.quorum_rule}). {verdict}"
    )


def attendance_line(m: CouncilMinutes) -> str:
    written = sum(1 for a in m.absent if a.written_opinion)
    return (
        f"Tổng số thành viên Hội đồng: {two_digits(m.total_members)}; có mặt: {two_digits(len(m.present))}; "
        f"vắng mặt: {two_digits(len(m.absent))} (trong đó {two_digits(written)} thành viên có ý kiến "
        "bằng văn bản)."
    )


def absent_line(a: AbsentMember) -> str:
    opinion = "có ý kiến bằng văn bản" if a.written_opinion else "không có ý kiến bằng văn bản"
    return f"{a.name} – {a.role} ({opinion})"


# ---- rendering -------------------------------------------------------------------------------------------

VOTE_COLUMNS = (
    nd30.Column("STT"),
    nd30.Column("Tập thể, cá nhân", wide=True),
    nd30.Column("Danh hiệu, hình thức khen thưởng", wide=True),
    nd30.Column("Đồng ý"),
    nd30.Column("Không đồng ý"),
    nd30.Column("Không biểu quyết"),
    nd30.Column("Yêu cầu"),
    nd30.Column("Kết quả"),
)


def vote_rows(m: CouncilMinutes) -> list[tuple[str, ...]]:
    return [
        (
            str(i),
            item.subject,
            item.award,
            str(item.yes),
            str(item.no),
            str(item.abstain),
            f"≥ {item.threshold_percent}% = {item.required}/{m.total_members}",
            outcome(item),
        )
        for i, item in enumerate(m.items, start=1)
    ]


def _attendance(doc: nd30.Nd30Document, m: CouncilMinutes) -> None:
    doc.para("I. THÀNH PHẦN THAM DỰ", bold=True)
    doc.labelled("Chủ trì", m.chair)
    doc.labelled("Thư ký", m.secretary)
    doc.para(attendance_line(m))
    doc.para("Thành viên có mặt:", italic=True)
    for i, member in enumerate(m.present, start=1):
        doc.para(f"{i}. {member.name} – {member.role}")
    if m.absent:
        doc.para("Thành viên vắng mặt:", italic=True)
        for i, absent in enumerate(m.absent, start=1):
            doc.para(f"{i}. {absent_line(absent)}")
    if m.invitees:
        doc.para("Đại biểu mời (không biểu quyết): " + "; ".join(m.invitees) + ".")
    doc.para(quorum_text(m), bold=True)


def _votes(doc: nd30.Nd30Document, m: CouncilMinutes) -> None:
    doc.para("II. NỘI DUNG VÀ KẾT QUẢ BIỂU QUYẾT", bold=True)
    how = "bỏ phiếu kín" if m.secret_ballot else "biểu quyết"
    written = sum(item.written for item in m.items)
    doc.para(
        f"Hội đồng đã xem xét hồ sơ và {how} đối với từng nội dung. Tỷ lệ tính trên tổng số thành viên "
        f"Hội đồng ({m.total_members}); số phiếu đã bao gồm ý kiến bằng văn bản của thành viên vắng mặt"
        + (f" ({written} phiếu)." if written else "."),
    )
    doc.table(VOTE_COLUMNS, vote_rows(m))
    for i, item in enumerate(m.items, start=1):
        doc.para(
            f"{i}. {item.subject} – {item.award}: đồng ý {item.yes}, không đồng ý {item.no}, không biểu "
            f"quyết {item.abstain}; yêu cầu {required_text(item, m.total_members)}; kết quả: {outcome(item)}."
        )


def _conclusion(doc: nd30.Nd30Document, m: CouncilMinutes) -> None:
    doc.para("III. KẾT LUẬN", bold=True)
    passed = [item for item in m.items if item.passed]
    if not quorum_met(m):
        doc.para("Phiên họp không đủ số thành viên theo quy định; Hội đồng không đề nghị nội dung nào.")
    elif passed:
        doc.para(f"Hội đồng thống nhất đề nghị khen thưởng ({two_digits(len(passed))} trường hợp):")
        for i, item in enumerate(passed, start=1):
            doc.para(f"{i}. {item.subject} – {item.award}")
    else:
        doc.para("Không có trường hợp nào đạt số phiếu theo quy định.")
    end = f"Cuộc họp kết thúc lúc {clock(m.ended_at)} cùng ngày. " if m.ended_at else ""
    doc.para(f"{end}Biên bản đã được đọc lại và thông qua trước các thành viên dự họp.", italic=True)


def subject(m: CouncilMinutes) -> str:
    return f"Về việc {m.meeting}"


def render(m: CouncilMinutes) -> bytes:
    held_on: date = local(m.started_at).date()
    doc = nd30.Nd30Document(title_text=f"Biên bản họp Hội đồng - {subject(m)}", author=m.council)
    doc.letterhead(
        nd30.Letterhead(issuer=m.council, kind="BIÊN BẢN", on=held_on, parent=m.ministry, symbol=m.symbol)
    )
    doc.title(HEADING, subject(m))
    doc.para(
        f"Vào lúc {clock(m.started_at)} ngày {vn_date(held_on)}, tại {m.venue}, {m.council} họp {m.meeting}.",
    )
    _attendance(doc, m)
    _votes(doc, m)
    _conclusion(doc, m)
    signers = [
        nd30.Signer("THƯ KÝ HỘI ĐỒNG", sign_here=False, name=m.secretary),
        nd30.Signer("CHỦ TỊCH HỘI ĐỒNG", sign_here=False, name=m.chair),
    ]
    doc.closing([*m.recipients, f"Lưu: {m.archive}"], signers)
    return doc.render(m.started_at)


def filename(m: CouncilMinutes) -> str:
    held_on = local(m.started_at).date().strftime("%d-%m-%Y")
    return f"Biên bản họp Hội đồng Thi đua - Khen thưởng {held_on}.docx"
