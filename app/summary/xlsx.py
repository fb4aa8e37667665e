"""The year's summary as an XLSX workbook: one worksheet per part (pure: a ``Summary`` in, bytes out).

Laid out by ``app.core.documents.sheets``: Vietnamese sheet names, a frozen bold header, fitted widths,
each column in its number format (points "0.00", shares as percentages, money in đồng, dates
dd/mm/yyyy, times in Vietnam's time), and text kept text, never a formula.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from app.core.documents.sheets import Column, Kind, Sheet, Typed, workbook
from app.summary import labels as vi
from app.summary.view import Summary

SHEETS = ("Phong trào", "Thành viên", "Giao ước", "Báo cáo", "Xếp hạng", "Bỏ phiếu", "Khen thưởng")
Row = Sequence[object]
T, N, P, D, DT, PCT, B, M = (
    Kind.TEXT,
    Kind.INTEGER,
    Kind.POINTS,
    Kind.DATE,
    Kind.DATETIME,
    Kind.PERCENT,
    Kind.BOOLEAN,
    Kind.MONEY,
)


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
        ("Tổng tiền thưởng", Typed(s.cash_total_vnd, Kind.MONEY)),
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
                    c.share,
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


def _columns(*spec: tuple[str, Kind]) -> list[Column]:
    return [Column(header, kind) for header, kind in spec]


_PARTS: list[tuple[str, list[Column], Callable[[Summary], list[Row]]]] = [
    (SHEETS[0], _columns(("Mục", T), ("Nội dung", T)), campaign_rows),
    (
        SHEETS[1],
        _columns(("STT", N), ("Mã đơn vị", T), ("Đơn vị", T), ("Vai trò", T), ("unit_id", T)),
        member_rows,
    ),
    (
        SHEETS[2],
        _columns(
            ("STT", N),
            ("Mã đơn vị", T),
            ("Đơn vị", T),
            ("Tình trạng", T),
            ("Người ký", T),
            ("Chức vụ", T),
            ("Thời điểm ký", DT),
        ),
        pledge_rows,
    ),
    (
        SHEETS[3],
        _columns(
            ("STT", N),
            ("Mã đơn vị", T),
            ("Đơn vị", T),
            ("Loại báo cáo", T),
            ("Tình trạng", T),
            ("Phiên bản", N),
            ("Thời điểm nộp", DT),
            ("Tiêu đề", T),
            ("report_id", T),
        ),
        report_rows,
    ),
    (
        SHEETS[4],
        _columns(
            ("Hạng", N),
            ("Mã đơn vị", T),
            ("Đơn vị", T),
            ("Tổng điểm", P),
            ("Tự chấm", P),
            ("Thẩm định", P),
            ("Điểm tiêu chí", P),
            ("Điểm thưởng", P),
            ("Điểm trừ", P),
            ("Đồng hạng", B),
            ("unit_id", T),
        ),
        ranking_rows,
    ),
    (
        SHEETS[5],
        _columns(
            ("Phiên bỏ phiếu", T),
            ("Danh hiệu", T),
            ("Trạng thái", T),
            ("Số đơn vị được bầu", N),
            ("Số đại biểu", N),
            ("Số phiếu thu về", N),
            ("Phiếu trắng", N),
            ("Đủ tỷ lệ tham gia", B),
            ("Mã đơn vị", T),
            ("Đơn vị", T),
            ("Số phiếu", N),
            ("Tỷ lệ", PCT),
            ("Kết quả", T),
            ("session_id", T),
        ),
        session_rows,
    ),
    (
        SHEETS[6],
        _columns(
            ("STT", N),
            ("Mã đơn vị", T),
            ("Đơn vị", T),
            ("Danh hiệu", T),
            ("Năm", T),
            ("Trạng thái", T),
            ("Số quyết định", T),
            ("Ngày quyết định", D),
            ("Lý do thu hồi", T),
            ("Tiền thưởng", M),
            ("award_id", T),
        ),
        award_rows,
    ),
]


def render(summary: Summary) -> bytes:
    return workbook(Sheet(title, columns, rows(summary)) for title, columns, rows in _PARTS)


def filename(summary: Summary) -> str:
    return vi.file_name("Tổng hợp thi đua", summary.campaign.year, summary.bloc_name, "xlsx")
