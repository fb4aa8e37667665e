"""The conference's minutes (biên bản hội nghị tổng kết / sơ kết) as a Word document.

Pure: ``render(ConferenceMinutes)`` turns plain frozen dataclasses into DOCX bytes; ``minutes_service``
gathers them. Laid out by ``app.core.documents.nd30`` (Nghị định 30/2020/NĐ-CP; "BB" is the minutes'
abbreviation): the bloc's letterhead, the title, time and place, who chaired and who took the minutes,
the guests with their positions, the attendance (member units present, the quorum), each agenda item with
its outcome, the ballots' elected units with their votes, the year report adopted, next year's
leadership, the conclusions; signed by the secretary and the chair.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from app.core.documents import nd30
from app.proposals.documents.wording import two_digits, vn_date

KINDS = {"year_end": "tổng kết", "mid_year": "sơ kết"}
AGENDA_KINDS = {
    "report": "Báo cáo",
    "discussion": "Thảo luận",
    "pledge": "Giao ước thi đua",
    "ballot": "Bỏ phiếu",
    "guidance": "Phát biểu chỉ đạo",
    "leadership": "Khối trưởng, Khối phó năm sau",
    "other": "Nội dung khác",
}
METHODS = {"election": "bầu tại hội nghị", "rotation": "luân phiên theo quy chế của khối"}
CHAIR, SECRETARY = "CHỦ TRÌ HỘI NGHỊ", "THƯ KÝ HỘI NGHỊ"


@dataclass(frozen=True)
class Guest:
    name: str
    position: str
    organisation: str | None


@dataclass(frozen=True)
class UnitLine:
    name: str
    present: bool
    delegates: tuple[str, ...]  # "Nguyễn Văn A (Vụ trưởng)"


@dataclass(frozen=True)
class Elected:
    unit: str
    votes: int


@dataclass(frozen=True)
class Ballot:
    name: str  # the session's name or its title's name
    electorate: int
    cast: int
    elected: tuple[Elected, ...]


@dataclass(frozen=True)
class Item:
    kind: str
    title: str
    speaker: str | None
    outcome: str | None
    ballot: Ballot | None


@dataclass(frozen=True)
class NextLeadership:
    year: int
    leader: str
    deputy: str | None
    method: str
    note: str | None


@dataclass(frozen=True)
class ConferenceMinutes:
    bloc: str  # "Khối thi đua cơ quan Bộ"
    ministry: str | None  # the body above the bloc in the letterhead
    kind: str  # year_end | mid_year
    title: str
    year: int
    held_on: date
    place: str
    chair: str
    secretary: str
    guests: tuple[Guest, ...]
    units: tuple[UnitLine, ...]
    members: int
    quorum_share: str  # "1/2"
    quorum_required: int
    items: tuple[Item, ...]
    year_report_version: int | None
    leadership: NextLeadership | None
    conclusions: str | None


def subject(m: ConferenceMinutes) -> str:
    return f"Hội nghị {KINDS.get(m.kind, 'tổng kết')} công tác thi đua năm {m.year}"


def present(m: ConferenceMinutes) -> int:
    return sum(1 for u in m.units if u.present)


def quorum_line(m: ConferenceMinutes) -> str:
    met = present(m) >= m.quorum_required
    verdict = "Hội nghị đủ điều kiện tiến hành." if met else "Hội nghị không đủ số đơn vị theo quy chế."
    return (
        f"Số đơn vị thành viên có mặt: {two_digits(present(m))}/{two_digits(m.members)}; yêu cầu tối thiểu "
        f"{m.quorum_required}/{m.members} ({m.quorum_share} tổng số đơn vị thành viên). {verdict}"
    )


def guest_line(g: Guest) -> str:
    where = f", {g.organisation}" if g.organisation else ""
    return f"{g.name} – {g.position}{where}" if g.position else f"{g.name}{where}"


def leadership_line(lead: NextLeadership) -> str:
    deputy = f"; Khối phó: {lead.deputy}" if lead.deputy else ""
    return f"Năm {lead.year}: Khối trưởng: {lead.leader}{deputy} ({METHODS.get(lead.method, lead.method)})."


def _attendance(doc: nd30.Nd30Document, m: ConferenceMinutes) -> None:
    doc.para("I. THÀNH PHẦN THAM DỰ", bold=True)
    doc.labelled("Chủ trì", m.chair)
    doc.labelled("Thư ký", m.secretary)
    if m.guests:
        doc.para("Khách mời:", italic=True)
        for i, g in enumerate(m.guests, start=1):
            doc.para(f"{i}. {guest_line(g)}")
    doc.para("Đơn vị thành viên:", italic=True)
    for i, u in enumerate(m.units, start=1):
        status = "có mặt" if u.present else "vắng mặt"
        who = f": {'; '.join(u.delegates)}" if u.delegates else ""
        doc.para(f"{i}. {u.name} ({status}){who}")
    doc.para(quorum_line(m), bold=True)


def _ballot_lines(doc: nd30.Nd30Document, b: Ballot) -> None:
    doc.para(f"Kết quả bỏ phiếu {b.name}: số đại biểu {b.electorate}, số phiếu thu về {b.cast}.")
    if not b.elected:
        doc.para("Không có đơn vị nào trúng cử.")
    for e in b.elected:
        doc.para(f"- {e.unit}: {e.votes} phiếu")


def _agenda(doc: nd30.Nd30Document, m: ConferenceMinutes) -> None:
    doc.para("II. NỘI DUNG HỘI NGHỊ", bold=True)
    for i, item in enumerate(m.items, start=1):
        speaker = f" (trình bày: {item.speaker})" if item.speaker else ""
        doc.para(f"{i}. {AGENDA_KINDS.get(item.kind, '')}: {item.title}{speaker}")
        if item.outcome:
            doc.para(f"Kết quả: {item.outcome}")
        if item.ballot is not None:
            _ballot_lines(doc, item.ballot)
    if m.year_report_version is not None:
        doc.para(
            f"Hội nghị thông qua Báo cáo tổng kết công tác thi đua năm {m.year} của khối "
            f"(phiên bản {m.year_report_version})."
        )


def _conclusion(doc: nd30.Nd30Document, m: ConferenceMinutes) -> None:
    doc.para("III. KHỐI TRƯỞNG, KHỐI PHÓ NĂM SAU", bold=True)
    doc.para(
        leadership_line(m.leadership)
        if m.leadership
        else "Hội nghị chưa ghi nhận Khối trưởng, Khối phó năm sau."
    )
    doc.para("IV. KẾT LUẬN", bold=True)
    doc.para(m.conclusions or "Hội nghị đã hoàn thành các nội dung theo chương trình.")
    doc.para("Biên bản đã được đọc lại và thông qua trước hội nghị.", italic=True)


def render(m: ConferenceMinutes) -> bytes:
    doc = nd30.Nd30Document(title_text=f"Biên bản {subject(m)}", author=m.bloc)
    doc.letterhead(nd30.Letterhead(issuer=m.bloc, kind="BIÊN BẢN", on=m.held_on, parent=m.ministry))
    doc.title("BIÊN BẢN", subject(m))
    doc.para(
        f"Hôm nay, ngày {vn_date(m.held_on)}, tại {m.place or 'trụ sở cơ quan'}, {m.bloc} tổ chức {m.title}."
    )
    _attendance(doc, m)
    _agenda(doc, m)
    _conclusion(doc, m)
    signers = [
        nd30.Signer(SECRETARY, sign_here=not m.secretary, name=m.secretary or None),
        nd30.Signer(CHAIR, sign_here=not m.chair, name=m.chair or None),
    ]
    doc.closing(["Các đơn vị thành viên", "Thường trực Hội đồng Thi đua - Khen thưởng", "Lưu: Khối"], signers)
    return doc.render(datetime.combine(m.held_on, datetime.min.time(), tzinfo=UTC))


def filename(m: ConferenceMinutes) -> str:
    return f"Biên bản {subject(m)} - {m.bloc}.docx"
