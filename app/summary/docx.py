"""The bloc's year report ("Báo cáo công tác thi đua năm …") as a Word document in Vietnamese.

Pure: ``render`` turns a ``Summary`` into DOCX bytes, in the shared layout of
``app.core.documents.nd30`` (Nghị định 30/2020/NĐ-CP, Phụ lục I; "BC" is a report's abbreviation in
Phụ lục III): the bloc's letterhead with number and date, "BÁO CÁO" over the subject, then one numbered
heading per part, each with its counts and a table, and the leading unit's signature beside the
recipients. Headings use Word's heading styles, so the parts appear in the navigation pane.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.core.documents import nd30
from app.core.documents.nd30 import Column, Nd30Document
from app.models import AwardStatus, MemberRole
from app.summary import labels as vi
from app.summary.view import SessionLine, Summary
from app.voting.minutes import percent

PARTS = (
    "I. THÀNH VIÊN CỦA KHỐI",
    "II. KÝ GIAO ƯỚC THI ĐUA",
    "III. BÁO CÁO CỦA CÁC ĐƠN VỊ",
    "IV. KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG",
    "V. KẾT QUẢ BÌNH XÉT, BỎ PHIẾU",
    "VI. KHEN THƯỞNG",
)
LEADER_SIGNATORY = "ĐẠI DIỆN ĐƠN VỊ KHỐI TRƯỞNG"
NONE = "Không có."


def heading(year: int) -> str:
    return f"Báo cáo công tác thi đua năm {year}"


# ---- layout -------------------------------------------------------------------------------------------

RECIPIENTS = (
    "Thường trực Hội đồng Thi đua - Khen thưởng (để báo cáo)",
    "Các đơn vị thành viên Khối",
    "Lưu: Khối",
)


def subject(year: int) -> str:
    return f"Công tác thi đua năm {year}"


def _table(doc: Nd30Document, header: Sequence[str], rows: Sequence[Sequence[str]], wide: int = 1) -> None:
    """A grid with a bold header; column ``wide`` (the unit's name) is left-aligned, the others centred."""
    if not rows:
        doc.para(NONE, italic=True)
        return
    doc.table([Column(h, wide=i == wide) for i, h in enumerate(header)], rows)


def _numbered(rows: Sequence[Sequence[str]]) -> list[list[str]]:
    return [[str(i), *row] for i, row in enumerate(rows, start=1)]


# ---- the parts ----------------------------------------------------------------------------------------


def _members(doc: Nd30Document, s: Summary) -> None:
    doc.heading(PARTS[0], level=2)
    deputy = next((m for m in s.members if m.role == MemberRole.DEPUTY), None)
    doc.labelled("Số đơn vị thành viên", str(len(s.members)))
    doc.labelled("Đơn vị Khối trưởng", s.leader.unit_name if s.leader else "")
    if deputy is not None:
        doc.labelled("Đơn vị Khối phó", deputy.unit_name)
    rows = [(m.unit_name, m.unit_code, vi.label(vi.ROLES, m.role)) for m in s.members]
    _table(doc, ("STT", "Đơn vị", "Mã đơn vị", "Vai trò"), _numbered(rows))


def _pledge(doc: Nd30Document, s: Summary) -> None:
    doc.heading(PARTS[1], level=2)
    p = s.pledge
    status = vi.label(vi.PLEDGE_STATUSES, p.status) if p.status else vi.NO_PLEDGE
    doc.labelled("Giao ước", f"{p.title} ({status.lower()})" if p.title else status)
    doc.labelled("Số đơn vị đã ký", f"{len(p.signed)}/{len(s.members)}")
    rows = [
        (x.unit.unit_name, x.signatory_name, x.signatory_position, vi.vn_datetime(x.signed_at))
        for x in p.signed
    ]
    _table(doc, ("STT", "Đơn vị", "Người ký", "Chức vụ", "Thời điểm ký"), _numbered(rows))
    doc.labelled("Số đơn vị chưa ký", str(len(p.unsigned)))
    _table(
        doc,
        ("STT", "Đơn vị chưa ký", "Mã đơn vị"),
        _numbered([(u.unit_name, u.unit_code) for u in p.unsigned]),
    )


def _reports(doc: Nd30Document, s: Summary) -> None:
    doc.heading(PARTS[2], level=2)
    r = s.reports
    doc.labelled("Số báo cáo đã nhận", str(len(r.received)))
    doc.labelled("Số báo cáo nộp muộn", str(len(r.late)))
    doc.labelled("Số báo cáo còn thiếu", str(len(r.missing)))
    received = [
        (
            x.unit.unit_name,
            vi.label(vi.REPORT_KINDS, x.kind),
            vi.vn_datetime(x.submitted_at),
            str(x.version),
            vi.LATE if x.late else vi.ON_TIME,
        )
        for x in r.received
    ]
    _table(
        doc, ("STT", "Đơn vị", "Loại báo cáo", "Thời điểm nộp", "Lần nộp", "Tình trạng"), _numbered(received)
    )
    doc.para("Các báo cáo còn thiếu:", bold=True)
    missing = [
        (x.unit.unit_name, vi.label(vi.REPORT_KINDS, x.kind), vi.vn_date(x.deadline)) for x in r.missing
    ]
    _table(doc, ("STT", "Đơn vị", "Loại báo cáo", "Hạn nộp"), _numbered(missing))


def _ranking(doc: Nd30Document, s: Summary) -> None:
    doc.heading(PARTS[3], level=2)
    rows = [
        (
            str(x.rank) if x.rank is not None else "–",
            x.unit_name,
            vi.vn_points(x.total_centi),
            vi.vn_points(x.self_total_centi),
            vi.vn_points(x.review_total_centi),
        )
        for x in s.ranking
    ]
    _table(doc, ("Hạng", "Đơn vị", "Tổng điểm", "Tự chấm", "Thẩm định"), rows)
    if any(x.tied for x in s.ranking):
        doc.para("Các đơn vị cùng hạng có tổng điểm bằng nhau.", italic=True)


def _session(doc: Nd30Document, i: int, vs: SessionLine) -> None:
    title = vs.name or vs.title_name
    doc.heading(f"{i}. {title}", level=3)
    doc.labelled("Danh hiệu", vs.title_name)
    doc.labelled("Trạng thái", vi.label(vi.SESSION_STATUSES, vs.status))
    result = vs.result
    if result is None:
        doc.para(vi.RESULT_HIDDEN + ".", italic=True)
        return
    doc.labelled("Số đại biểu được triệu tập", str(result.electorate))
    doc.labelled("Số phiếu thu về", str(result.ballots_cast))
    doc.labelled("Số phiếu trắng", str(result.blank))
    rows = [
        (c.unit.unit_name, str(c.votes), percent(c.share), vi.outcome(elected=c.elected, tied=c.tied))
        for c in result.candidates
    ]
    _table(doc, ("STT", "Đơn vị", "Số phiếu", "Tỷ lệ", "Kết quả"), _numbered(rows))
    if not result.quorum_met:
        doc.para("Số đại biểu bỏ phiếu chưa đạt tỷ lệ quy định; không đơn vị nào trúng cử.", italic=True)
    else:
        elected = ", ".join(u.unit_name for u in result.elected) or "không có"
        doc.labelled("Đơn vị trúng cử", elected)


def _sessions(doc: Nd30Document, s: Summary) -> None:
    doc.heading(PARTS[4], level=2)
    doc.labelled("Số phiên bỏ phiếu", str(len(s.sessions)))
    for i, vs in enumerate(s.sessions, start=1):
        _session(doc, i, vs)


def _awards(doc: Nd30Document, s: Summary) -> None:
    doc.heading(PARTS[5], level=2)
    doc.labelled("Số khen thưởng", str(len(s.awards)))
    doc.labelled("Tổng tiền thưởng", vi.vnd(s.cash_total_vnd))
    rows = [
        (
            a.unit.unit_name,
            a.title_name,
            vi.label(vi.AWARD_STATUSES, a.status),
            a.decision_number or "",
            vi.vn_date(a.decision_date),
        )
        for a in s.awards
    ]
    _table(
        doc, ("STT", "Đơn vị", "Danh hiệu", "Trạng thái", "Số quyết định", "Ngày quyết định"), _numbered(rows)
    )
    for a in s.awards:
        if a.status == AwardStatus.REVOKED and a.revoked_reason:
            doc.para(f"{a.title_name} của {a.unit.unit_name} đã bị thu hồi: {a.revoked_reason}", italic=True)


def render(s: Summary) -> bytes:
    c = s.campaign
    doc = Nd30Document(title_text=heading(c.year), author=s.bloc_name)
    on = vi.local(s.generated_at).date()
    doc.letterhead(nd30.Letterhead(issuer=s.bloc_name, kind="BÁO CÁO", on=on))
    doc.title("Báo cáo", subject(c.year), heading=True)
    doc.para(c.title, bold=True, center=True)
    if c.theme:
        doc.para(f"Chủ đề: “{c.theme}”", italic=True, center=True)
    doc.para(f"Số liệu tính đến {vi.vn_datetime(s.generated_at)}.", italic=True, center=True)
    for part in (_members, _pledge, _reports, _ranking, _sessions, _awards):
        part(doc, s)
    leader = (s.leader.unit_name,) if s.leader is not None else ()
    doc.closing(RECIPIENTS, [nd30.Signer(LEADER_SIGNATORY, leader)])
    return doc.render(s.generated_at)


def filename(s: Summary) -> str:
    return vi.file_name("Báo cáo tổng kết thi đua", s.campaign.year, s.bloc_name, "docx")
