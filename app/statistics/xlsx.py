"""The year's commendation statistics as an XLSX workbook (pure: ``CommendationStatistics`` in, bytes out).

Laid out by ``app.core.documents.sheets`` (Vietnamese sheet names and headings, a frozen bold header,
counts "#,##0", money in đồng, text kept text): a summary sheet with the counting rule, one sheet per
statistics form of Circular 02/2023/TT-BNV, one per breakdown, and the revocations. A cell the data
cannot tell reads "Không có dữ liệu", never 0.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.core.documents.sheets import Column, Kind, Sheet, Typed, workbook
from app.statistics.aggregate import CodeCount, Count, Group
from app.statistics.levels import LEVEL_NAMES, Level
from app.statistics.report_forms import NO_DATA, ReportForm
from app.statistics.service import CommendationStatistics

T, N, M = Kind.TEXT, Kind.INTEGER, Kind.MONEY
Row = Sequence[object]

COUNTING_RULE_VI = (
    "Khen thưởng được tính vào năm của ngày ký quyết định (từ 01/01 đến 31/12), khi đã có quyết định. "
    "Khen thưởng mới đề nghị chưa được tính; khen thưởng đã bị hủy bỏ không được tính mà được thống kê riêng "
    "(số khen thưởng có quyết định trong năm đã bị hủy bỏ). Số liệu là số lượt khen thưởng, không phải số "
    "người."
)
KIND_VI = {"title": "Danh hiệu thi đua", "form": "Hình thức khen thưởng"}
SOURCE_VI = {
    "law_catalogue": "Danh mục pháp lý",
    "statistics_table": "Bảng cấp khen thưởng của thống kê",
    "catalogue_row": "Danh mục danh hiệu, hình thức (do Thường trực ghi)",
}


def filename(s: CommendationStatistics) -> str:
    return f"Thống kê khen thưởng năm {s.year}.xlsx"


def _summary(s: CommendationStatistics) -> Sheet:
    t = s.breakdowns.totals
    rows: list[Row] = [
        ("Năm thống kê", s.year),
        ("Từ ngày", s.first_day),
        ("Đến ngày", s.last_day),
        ("Tổng số khen thưởng", Typed(t.awards, N)),
        ("Tập thể", Typed(t.collective, N)),
        ("Cá nhân", Typed(t.individual, N)),
        ("Danh hiệu thi đua", Typed(t.titles, N)),
        ("Hình thức khen thưởng", Typed(t.forms, N)),
        ("Tổng tiền thưởng", Typed(t.cash_vnd, M)),
        ("Số khen thưởng không ghi tiền thưởng", Typed(t.awards_without_cash, N)),
        ("Số khen thưởng đã bị hủy bỏ (không tính ở trên)", Typed(t.revoked, N)),
        ("Cách tính", COUNTING_RULE_VI),
        ("Lập lúc", s.generated_at),
    ]
    return Sheet("Tổng hợp", (Column("Chỉ tiêu"), Column("Giá trị")), rows)


def _form(f: ReportForm) -> Sheet:
    """The sheet as the form lays it out: a row per indicator, a column per title or form, then the note."""
    columns = [Column("Chỉ tiêu"), *(Column(c.name, N) for c in f.columns), Column("Ghi chú")]
    col_notes = [f"{c.name}: {c.note.vi}" for c in f.columns if c.note is not None]
    blank: list[object] = [None] * len(f.columns)
    rows: list[Row] = []
    group: str | None = None
    for r in f.rows:
        if r.group is not None and r.group != group:
            rows.append((r.group, *blank, ""))
        group = r.group
        cells = [r.values[c.key] if r.values[c.key] is not None else Typed(NO_DATA, T) for c in f.columns]
        label = f"- {r.name}" if r.group is not None else r.name
        rows.append((label, *cells, r.note.vi if r.note is not None else ""))
    rows.append(("", *blank, ""))
    for note in (f.basis, *(n.vi for n in f.notes), *col_notes):
        rows.append((note, *blank, ""))
    return Sheet(f"Biểu {f.code}", columns, rows)


def _code_rows(lines: Sequence[CodeCount]) -> list[Row]:
    out: list[Row] = []
    for x in lines:
        basis = x.level_of
        level = LEVEL_NAMES.get(Level(x.level), x.level) if x.level in set(Level) else "Không xác định cấp"
        out.append(
            (
                x.code,
                x.name,
                KIND_VI.get(x.kind.value, x.kind.value),
                level,
                x.count,
                x.collective,
                x.individual,
                x.cash_vnd,
                basis.authority or "" if basis is not None else "",
                basis.citation or "" if basis is not None else "",
                SOURCE_VI.get(basis.source.value, "") if basis is not None else "",
            )
        )
    return out


_CODE_COLUMNS = (
    Column("Mã"),
    Column("Danh hiệu, hình thức"),
    Column("Loại"),
    Column("Cấp"),
    Column("Số lượng", N),
    Column("Tập thể", N),
    Column("Cá nhân", N),
    Column("Tiền thưởng", M),
    Column("Thẩm quyền quyết định"),
    Column("Căn cứ xác định cấp"),
    Column("Nguồn"),
)


def _groups(title: str, groups: Sequence[Group]) -> Sheet:
    """Each group's line (its code and name, its count and cash), then its titles and forms."""
    rows: list[Row] = []
    for g in groups:
        rows.append((g.code, g.name, "", "", g.count, None, None, g.cash_vnd, "", "", ""))
        rows += _code_rows(g.items)
    return Sheet(title, _CODE_COLUMNS, rows)


def _counts(title: str, heading: str, counts: Sequence[Count]) -> Sheet:
    rows: list[Row] = [(c.code, c.name, c.count, c.cash_vnd) for c in counts]
    return Sheet(
        title, (Column("Mã"), Column(heading), Column("Số lượng", N), Column("Tiền thưởng", M)), rows
    )


def _units(s: CommendationStatistics) -> Sheet:
    rows: list[Row] = [
        (u.code or "", u.name, u.count, u.collective, u.individual, u.cash_vnd, u.unit_id or "")
        for u in s.breakdowns.by_unit
    ]
    columns = (
        Column("Mã đơn vị"),
        Column("Tên đơn vị"),
        Column("Số lượng", N),
        Column("Tập thể", N),
        Column("Cá nhân", N),
        Column("Tiền thưởng", M),
        Column("Mã định danh"),
    )
    return Sheet("Theo đơn vị", columns, rows)


def sheets(s: CommendationStatistics) -> list[Sheet]:
    b = s.breakdowns
    return [
        _summary(s),
        *(_form(f) for f in s.forms),
        _groups("Theo cấp khen thưởng", b.by_level),
        _groups("Theo loại khen thưởng", b.by_kind),
        _counts("Theo đối tượng", "Đối tượng", b.by_subject_type),
        _counts("Theo giới tính", "Giới tính", b.by_gender),
        _units(s),
        _counts("Theo phương thức", "Phương thức", b.by_method),
        Sheet("Đã hủy bỏ", _CODE_COLUMNS, _code_rows(b.revoked)),
    ]


def render(s: CommendationStatistics) -> bytes:
    return workbook(sheets(s))
