"""The year's summary as an XLSX workbook: one worksheet per part (pure: a ``Summary`` in, bytes out).

Numbers are numeric cells (points with two decimals, shares as percentages), times are Vietnam's, and
text a spreadsheet program would run as a formula (unit names and titles are typed by people) is stored
as text, never as a formula, as the ranking's export does. Characters XML forbids, in text stored before
input refused them, are replaced (``app.core.text.xml_safe``).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from app.core.text import FORMULA_STARTS, xml_safe
from app.summary import labels as vi
from app.summary.view import Summary

SHEETS = ("Phong trào", "Thành viên", "Giao ước", "Báo cáo", "Xếp hạng", "Bỏ phiếu", "Khen thưởng")
_FORMATS = {datetime: "dd/mm/yyyy hh:mm", date: "dd/mm/yyyy", Decimal: "0.00"}
PERCENT = "0.00%"

Row = Sequence[object]


class Percent(float):
    """A share shown as a percentage."""


def _cell(sheet: Any, value: object) -> object:
    if isinstance(value, str):
        value = xml_safe(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # text, never a formula
        return cell
    if isinstance(value, datetime):
        value = vi.local(value)
    fmt = PERCENT if isinstance(value, Percent) else _FORMATS.get(type(value))
    if fmt is None:
        return value
    if isinstance(value, Decimal | Percent):
        value = float(value)
    assert isinstance(value, float | date)  # what PERCENT and _FORMATS format
    cell = WriteOnlyCell(sheet, value=value)  # type: ignore[arg-type]  # openpyxl writes a date; its stub allows datetime only
    cell.number_format = fmt
    return cell


def _sheet(workbook: Workbook, title: str, header: Row, rows: Iterable[Row], widths: Sequence[int]) -> None:
    sheet = workbook.create_sheet(title=title)
    for letter, width in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", widths, strict=False):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    sheet.append(list(header))
    for row in rows:
        sheet.append([_cell(sheet, v) for v in row])


# ---- the parts ----------------------------------------------------------------------------------------


def campaign_rows(s: Summary) -> list[Row]:
    c = s.campaign
    return [
        ("Khối thi đua", s.bloc_name),
        ("Mã khối", s.bloc_code),
        ("Năm", c.year),
        ("Phong trào thi đua", c.title),
        ("Chủ đề", c.theme or ""),
        ("Trạng thái", vi.label(vi.CAMPAIGN_STATUSES, c.status)),
        ("Hạn báo cáo sơ kết", c.mid_year_report_deadline),
        ("Hạn báo cáo tổng kết", c.annual_report_deadline),
        ("Hạn chấm điểm", c.scoring_deadline),
        ("Số đơn vị thành viên", len(s.members)),
        ("Giao ước thi đua", s.pledge.title or vi.NO_PLEDGE),
        ("Số đơn vị đã ký giao ước", len(s.pledge.signed)),
        ("Số đơn vị chưa ký giao ước", len(s.pledge.unsigned)),
        ("Số báo cáo đã nhận", len(s.reports.received)),
        ("Số báo cáo nộp muộn", len(s.reports.late)),
        ("Số báo cáo còn thiếu", len(s.reports.missing)),
        ("Số đơn vị được xếp hạng", sum(1 for r in s.ranking if r.rank is not None)),
        ("Số phiên bỏ phiếu", len(s.sessions)),
        ("Số khen thưởng", len(s.awards)),
        ("Tổng tiền thưởng (đồng)", s.cash_total_vnd),
        ("Lập lúc", s.generated_at),
        ("Mã phong trào", c.id),
    ]


def member_rows(s: Summary) -> list[Row]:
    return [
        (i, m.unit_code, m.unit_name, vi.label(vi.ROLES, m.role), m.unit_id)
        for i, m in enumerate(s.members, start=1)
    ]


def pledge_rows(s: Summary) -> list[Row]:
    signed: list[Row] = [
        (x.unit.unit_code, x.unit.unit_name, vi.SIGNED, x.signatory_name, x.signatory_position, x.signed_at)
        for x in s.pledge.signed
    ]
    unsigned: list[Row] = [(u.unit_code, u.unit_name, vi.UNSIGNED, "", "", None) for u in s.pledge.unsigned]
    return [(i, *row) for i, row in enumerate(signed + unsigned, start=1)]


def report_rows(s: Summary) -> list[Row]:
    received: list[Row] = [
        (
            r.unit.unit_code,
            r.unit.unit_name,
            vi.label(vi.REPORT_KINDS, r.kind),
            vi.LATE if r.late else vi.ON_TIME,
            r.version,
            r.submitted_at,
            r.title,
            r.report_id,
        )
        for r in s.reports.received
    ]
    missing: list[Row] = [
        (
            m.unit.unit_code,
            m.unit.unit_name,
            vi.label(vi.REPORT_KINDS, m.kind),
            vi.NOT_RECEIVED,
            None,
            None,
            "",
            "",
        )
        for m in s.reports.missing
    ]
    return [(i, *row) for i, row in enumerate(received + missing, start=1)]


def ranking_rows(s: Summary) -> list[Row]:
    return [
        (
            r.rank,
            r.unit_code,
            r.unit_name,
            vi.points(r.total_centi),
            vi.points(r.self_total_centi),
            vi.points(r.review_total_centi),
            vi.points(r.standard_total_centi),
            vi.points(r.bonus_total_centi),
            vi.points(r.penalty_total_centi),
            r.tied,
            r.unit_id,
        )
        for r in s.ranking
    ]


def session_rows(s: Summary) -> list[Row]:
    rows: list[Row] = []
    for vs in s.sessions:
        head = (vs.name or vs.title_name, vs.title_name, vi.label(vi.SESSION_STATUSES, vs.status), vs.seats)
        result = vs.result
        if result is None:
            rows.append((*head, None, None, None, None, "", "", None, None, vi.RESULT_HIDDEN, vs.id))
            continue
        counts = (result.electorate, result.ballots_cast, result.blank, result.quorum_met)
        for c in result.candidates:
            outcome = vi.outcome(elected=c.elected, tied=c.tied)
            rows.append(
                (
                    *head,
                    *counts,
                    c.unit.unit_code,
                    c.unit.unit_name,
                    c.votes,
                    Percent(c.share),
                    outcome,
                    vs.id,
                )
            )
    return rows


def award_rows(s: Summary) -> list[Row]:
    return [
        (
            i,
            a.unit.unit_code,
            a.unit.unit_name,
            a.title_name,
            a.year,
            vi.label(vi.AWARD_STATUSES, a.status),
            a.decision_number or "",
            a.decision_date,
            a.revoked_reason or "",
            a.cash_vnd or None,
            a.id,
        )
        for i, a in enumerate(s.awards, start=1)
    ]


_PARTS: list[tuple[str, Row, Callable[[Summary], list[Row]], Sequence[int]]] = [
    (SHEETS[0], ("Mục", "Nội dung"), campaign_rows, (30, 60)),
    (SHEETS[1], ("STT", "Mã đơn vị", "Đơn vị", "Vai trò", "unit_id"), member_rows, (6, 14, 50, 14, 38)),
    (
        SHEETS[2],
        ("STT", "Mã đơn vị", "Đơn vị", "Tình trạng", "Người ký", "Chức vụ", "Thời điểm ký"),
        pledge_rows,
        (6, 14, 50, 10, 24, 24, 18),
    ),
    (
        SHEETS[3],
        (
            "STT",
            "Mã đơn vị",
            "Đơn vị",
            "Loại báo cáo",
            "Tình trạng",
            "Phiên bản",
            "Thời điểm nộp",
            "Tiêu đề",
            "report_id",
        ),
        report_rows,
        (6, 14, 50, 24, 12, 10, 18, 50, 38),
    ),
    (
        SHEETS[4],
        (
            "Hạng",
            "Mã đơn vị",
            "Đơn vị",
            "Tổng điểm",
            "Tự chấm",
            "Thẩm định",
            "Điểm tiêu chí",
            "Điểm thưởng",
            "Điểm trừ",
            "Đồng hạng",
            "unit_id",
        ),
        ranking_rows,
        (6, 14, 50, 10, 10, 10, 12, 12, 10, 10, 38),
    ),
    (
        SHEETS[5],
        (
            "Phiên bỏ phiếu",
            "Danh hiệu",
            "Trạng thái",
            "Số đơn vị được bầu",
            "Số đại biểu",
            "Số phiếu thu về",
            "Phiếu trắng",
            "Đủ tỷ lệ tham gia",
            "Mã đơn vị",
            "Đơn vị",
            "Số phiếu",
            "Tỷ lệ",
            "Kết quả",
            "session_id",
        ),
        session_rows,
        (40, 30, 18, 10, 10, 10, 10, 10, 14, 50, 10, 10, 16, 38),
    ),
    (
        SHEETS[6],
        (
            "STT",
            "Mã đơn vị",
            "Đơn vị",
            "Danh hiệu",
            "Năm",
            "Trạng thái",
            "Số quyết định",
            "Ngày quyết định",
            "Lý do thu hồi",
            "Tiền thưởng (đồng)",
            "award_id",
        ),
        award_rows,
        (6, 14, 50, 30, 8, 18, 20, 14, 40, 18, 38),
    ),
]


def render(summary: Summary) -> bytes:
    workbook = Workbook(write_only=True)
    for title, header, rows, widths in _PARTS:
        _sheet(workbook, title, header, rows(summary), widths)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def filename(summary: Summary) -> str:
    return vi.file_name("Tổng hợp thi đua", summary.campaign.year, summary.bloc_name, "xlsx")
