"""The bloc's year report ("Báo cáo công tác thi đua năm …") as a Word document in Vietnamese.

Pure: ``render`` turns a ``Summary`` into DOCX bytes. The layout follows the counting minutes'
(``app.voting.minutes``; Nghị định 30/2020/NĐ-CP): A4, Times New Roman 13pt, the national motto, the
title, then one numbered heading per part, each with its counts and a table, and the leader's signature.
Headings use Word's heading styles, so the parts appear in the navigation pane. Every text goes through
the helpers below, which replace the characters XML forbids (``app.core.text.xml_safe``): text stored
before input refused them must not make the document fail.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph

from app.core.text import xml_safe
from app.models import AwardStatus, MemberRole
from app.summary import labels as vi
from app.summary.view import SessionLine, Summary
from app.voting.minutes import FONT, grid, labelled, page_setup, para, percent

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


def _setup(doc: DocxDocument) -> None:
    page_setup(doc)
    for name, size in (("Heading 1", 15), ("Heading 2", 13), ("Heading 3", 13)):
        style = doc.styles[name]
        r_fonts = style.element.rPr.rFonts
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            r_fonts.attrib.pop(qn(attr), None)  # the theme's font would win over ours
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(12)
        style.paragraph_format.space_after = Pt(6)
    doc.styles["Heading 1"].font.all_caps = True
    doc.styles["Heading 3"].font.italic = True


def _heading(doc: DocxDocument, text: str, level: int) -> Paragraph:
    added: Paragraph = doc.add_heading(xml_safe(text), level=level)  # python-docx leaves it unannotated
    return added


def _table(doc: DocxDocument, header: Sequence[str], rows: Sequence[Sequence[str]], wide: int = 1) -> None:
    """A grid with a bold header; column ``wide`` (the unit's name) is left-aligned, the others centred."""
    if not rows:
        para(doc, NONE, italic=True)
        return
    grid(doc, header, rows, wide=wide)


def _numbered(rows: Sequence[Sequence[str]]) -> list[list[str]]:
    return [[str(i), *row] for i, row in enumerate(rows, start=1)]


# ---- the parts ----------------------------------------------------------------------------------------


def _members(doc: DocxDocument, s: Summary) -> None:
    doc.add_heading(PARTS[0], level=2)
    deputy = next((m for m in s.members if m.role == MemberRole.DEPUTY), None)
    labelled(doc, "Số đơn vị thành viên", str(len(s.members)))
    labelled(doc, "Đơn vị Khối trưởng", s.leader.unit_name if s.leader else "")
    if deputy is not None:
        labelled(doc, "Đơn vị Khối phó", deputy.unit_name)
    rows = [(m.unit_name, m.unit_code, vi.label(vi.ROLES, m.role)) for m in s.members]
    _table(doc, ("STT", "Đơn vị", "Mã đơn vị", "Vai trò"), _numbered(rows))


def _pledge(doc: DocxDocument, s: Summary) -> None:
    doc.add_heading(PARTS[1], level=2)
    p = s.pledge
    status = vi.label(vi.PLEDGE_STATUSES, p.status) if p.status else vi.NO_PLEDGE
    labelled(doc, "Giao ước", f"{p.title} ({status.lower()})" if p.title else status)
    labelled(doc, "Số đơn vị đã ký", f"{len(p.signed)}/{len(s.members)}")
    rows = [
        (x.unit.unit_name, x.signatory_name, x.signatory_position, vi.vn_datetime(x.signed_at))
        for x in p.signed
    ]
    _table(doc, ("STT", "Đơn vị", "Người ký", "Chức vụ", "Thời điểm ký"), _numbered(rows))
    labelled(doc, "Số đơn vị chưa ký", str(len(p.unsigned)))
    _table(
        doc,
        ("STT", "Đơn vị chưa ký", "Mã đơn vị"),
        _numbered([(u.unit_name, u.unit_code) for u in p.unsigned]),
    )


def _reports(doc: DocxDocument, s: Summary) -> None:
    doc.add_heading(PARTS[2], level=2)
    r = s.reports
    labelled(doc, "Số báo cáo đã nhận", str(len(r.received)))
    labelled(doc, "Số báo cáo nộp muộn", str(len(r.late)))
    labelled(doc, "Số báo cáo còn thiếu", str(len(r.missing)))
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
    para(doc, "Các báo cáo còn thiếu:", bold=True)
    missing = [
        (x.unit.unit_name, vi.label(vi.REPORT_KINDS, x.kind), vi.vn_date(x.deadline)) for x in r.missing
    ]
    _table(doc, ("STT", "Đơn vị", "Loại báo cáo", "Hạn nộp"), _numbered(missing))


def _ranking(doc: DocxDocument, s: Summary) -> None:
    doc.add_heading(PARTS[3], level=2)
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
        para(doc, "Các đơn vị cùng hạng có tổng điểm bằng nhau.", italic=True)


def _session(doc: DocxDocument, i: int, vs: SessionLine) -> None:
    title = vs.name or vs.title_name
    _heading(doc, f"{i}. {title}", level=3)
    labelled(doc, "Danh hiệu", vs.title_name)
    labelled(doc, "Trạng thái", vi.label(vi.SESSION_STATUSES, vs.status))
    result = vs.result
    if result is None:
        para(doc, vi.RESULT_HIDDEN + ".", italic=True)
        return
    labelled(doc, "Số đại biểu được triệu tập", str(result.electorate))
    labelled(doc, "Số phiếu thu về", str(result.ballots_cast))
    labelled(doc, "Số phiếu trắng", str(result.blank))
    rows = [
        (c.unit.unit_name, str(c.votes), percent(c.share), vi.outcome(elected=c.elected, tied=c.tied))
        for c in result.candidates
    ]
    _table(doc, ("STT", "Đơn vị", "Số phiếu", "Tỷ lệ", "Kết quả"), _numbered(rows))
    if not result.quorum_met:
        para(doc, "Số đại biểu bỏ phiếu chưa đạt tỷ lệ quy định; không đơn vị nào trúng cử.", italic=True)
    else:
        elected = ", ".join(u.unit_name for u in result.elected) or "không có"
        labelled(doc, "Đơn vị trúng cử", elected)


def _sessions(doc: DocxDocument, s: Summary) -> None:
    doc.add_heading(PARTS[4], level=2)
    labelled(doc, "Số phiên bỏ phiếu", str(len(s.sessions)))
    for i, vs in enumerate(s.sessions, start=1):
        _session(doc, i, vs)


def _awards(doc: DocxDocument, s: Summary) -> None:
    doc.add_heading(PARTS[5], level=2)
    labelled(doc, "Số khen thưởng", str(len(s.awards)))
    labelled(doc, "Tổng tiền thưởng", vi.vnd(s.cash_total_vnd))
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
            para(doc, f"{a.title_name} của {a.unit.unit_name} đã bị thu hồi: {a.revoked_reason}", italic=True)


def render(s: Summary) -> bytes:
    doc = Document()
    _setup(doc)
    c = s.campaign
    para(doc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, center=True)
    para(doc, "Độc lập – Tự do – Hạnh phúc", bold=True, center=True)
    para(doc, s.bloc_name.upper(), bold=True, center=True)
    _heading(doc, heading(c.year), level=1).alignment = WD_ALIGN_PARAGRAPH.CENTER
    para(doc, c.title, bold=True, center=True)
    if c.theme:
        para(doc, f"Chủ đề: “{c.theme}”", italic=True, center=True)
    para(doc, f"Số liệu tính đến {vi.vn_datetime(s.generated_at)}.", italic=True, center=True)
    for part in (_members, _pledge, _reports, _ranking, _sessions, _awards):
        part(doc, s)
    para(doc)
    para(doc, LEADER_SIGNATORY, bold=True, center=True)
    if s.leader is not None:
        para(doc, s.leader.unit_name, center=True)
    para(doc, "(Ký, ghi rõ họ tên)", italic=True, center=True)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def filename(s: Summary) -> str:
    return vi.file_name("Báo cáo tổng kết thi đua", s.campaign.year, s.bloc_name, "docx")
