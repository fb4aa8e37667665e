"""The statistics sheets of Circular 02/2023/TT-BNV that law.md section 7 confirms (pure): 0602.N/BNV-TĐKT
(state-level commendations) and 0603.N/BNV-TĐKT (ministry-level commendations), filled from the year's
``Fact``s.

A cell counts awards (decisions), not people. A row or a column the data cannot tell (enterprises,
households, the categories of individuals, the methods the register does not record, the forms the
catalogue does not hold) is ``None`` with a note: never a made-up 0. A 0 is a count: the data can tell,
and nothing was decided.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from app.models.enums import AwardMethod
from app.statistics.aggregate import CodeInfo, Fact, Subject
from app.statistics.levels import CIRCULAR, STATISTICS_TABLE, Level

NO_DATA = "Không có dữ liệu"
TOTAL = "total"


@dataclass(frozen=True)
class Note:
    en: str
    vi: str


_ENTERPRISE = Note(
    "Units have no 'enterprise' kind (units.kind: office, department, inspectorate, agency, other).",
    "Danh mục đơn vị không phân loại doanh nghiệp.",
)
_HOUSEHOLD = Note(
    "Awards go to units or people; the register has no households.",
    "Hệ thống chỉ khen thưởng đơn vị và cá nhân, không ghi nhận hộ gia đình.",
)
_POSITION = Note(
    "A person's position is free text; the register cannot tell these categories apart.",
    "Chức vụ của cá nhân là văn bản tự do, không phân loại được theo các nhóm này.",
)
_METHOD = Note(
    "Awards record their method as regular, thematic or sudden only.",
    "Hệ thống chỉ ghi nhận phương thức khen thưởng thường xuyên, chuyên đề, đột xuất.",
)
_NOT_IN_CATALOGUE = Note(
    "The titles and forms catalogue holds no such title or form: nothing of it can be recorded.",
    "Danh mục danh hiệu, hình thức khen thưởng của hệ thống không có mục này.",
)

Test = Callable[[Fact], bool]


def _subject(s: Subject) -> Test:
    return lambda f: f.subject is s


def _method(m: AwardMethod) -> Test:
    return lambda f: f.method == m


@dataclass(frozen=True)
class RowSpec:
    key: str
    name: str
    group: str | None
    test: Test | None  # None: the data cannot tell
    note: Note | None = None


_BY_SUBJECT = "1. Chia theo đối tượng khen thưởng"
_BY_METHOD = "2. Chia theo phương thức khen thưởng"
ROWS: tuple[RowSpec, ...] = (
    RowSpec(TOTAL, "Tổng số", None, lambda _f: True),
    RowSpec("collective", "Tập thể", _BY_SUBJECT, _subject(Subject.COLLECTIVE)),
    RowSpec("enterprises", "Trong đó: Doanh nghiệp", _BY_SUBJECT, None, _ENTERPRISE),
    RowSpec("households", "Hộ gia đình", _BY_SUBJECT, None, _HOUSEHOLD),
    RowSpec("individual", "Cá nhân", _BY_SUBJECT, _subject(Subject.INDIVIDUAL)),
    RowSpec(
        "ministry_leaders", "Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên", _BY_SUBJECT, None, _POSITION
    ),
    RowSpec("department_leaders", "Lãnh đạo cấp vụ, sở, ngành và tương đương", _BY_SUBJECT, None, _POSITION),
    RowSpec("business_people", "Doanh nhân", _BY_SUBJECT, None, _POSITION),
    RowSpec(
        "deputy_heads_and_above", "Các cấp lãnh đạo khác từ phó phòng trở lên", _BY_SUBJECT, None, _POSITION
    ),
    RowSpec(
        "direct_workers",
        "Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu",
        _BY_SUBJECT,
        None,
        _POSITION,
    ),
    RowSpec("regular", "Thường xuyên", _BY_METHOD, _method(AwardMethod.REGULAR)),
    RowSpec("thematic", "Chuyên đề", _BY_METHOD, _method(AwardMethod.THEMATIC)),
    RowSpec("sudden", "Đột xuất", _BY_METHOD, _method(AwardMethod.SUDDEN)),
    RowSpec("foreign", "Đối ngoại", _BY_METHOD, None, _METHOD),
    RowSpec("contribution", "Cống hiến", _BY_METHOD, None, _METHOD),
    RowSpec("seniority", "Niên hạn", _BY_METHOD, None, _METHOD),
    RowSpec("resistance", "Kháng chiến", _BY_METHOD, None, _METHOD),
)


@dataclass(frozen=True)
class ColumnSpec:
    """Catalogue codes counted in one column: ``codes`` by name, or every state-level code starting with
    ``prefix``; ``per_code``: one column per code found (the sheet says "each form its own column")."""

    key: str
    name: str
    codes: tuple[str, ...] = ()
    prefix: str | None = None
    per_code: bool = False


STATE_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("huan_chuong", "Huân chương", prefix="huan_chuong_", per_code=True),
    ColumnSpec("huy_chuong", "Huy chương", prefix="huy_chuong_", per_code=True),
    ColumnSpec("giai_thuong_ho_chi_minh", "Giải thưởng Hồ Chí Minh", prefix="giai_thuong_ho_chi_minh"),
    ColumnSpec("giai_thuong_nha_nuoc", "Giải thưởng Nhà nước", prefix="giai_thuong_nha_nuoc"),
    ColumnSpec(
        "danh_hieu_vinh_du", "Danh hiệu vinh dự Nhà nước", codes=tuple(STATISTICS_TABLE), per_code=True
    ),
    ColumnSpec("co_thi_dua_chinh_phu", "Cờ thi đua của Chính phủ", codes=("co_thi_dua_chinh_phu",)),
    ColumnSpec("bang_khen_thu_tuong", "Bằng khen của Thủ tướng Chính phủ", codes=("bang_khen_thu_tuong",)),
    ColumnSpec(
        "chien_si_thi_dua_toan_quoc",
        "Danh hiệu “Chiến sĩ thi đua toàn quốc”",
        codes=("chien_si_thi_dua_toan_quoc",),
    ),
)
MINISTRY_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("bang_khen", "Bằng khen", codes=("bang_khen_bo_truong",)),
    ColumnSpec(
        "chien_si_thi_dua_cap_bo", "Chiến sĩ thi đua cấp bộ, cấp tỉnh", codes=("chien_si_thi_dua_cap_bo",)
    ),
    ColumnSpec(
        "co_thi_dua",
        "Cờ thi đua của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương",
        codes=("co_thi_dua_bo",),
    ),
    ColumnSpec(
        "ky_niem_chuong",
        "Huy hiệu (kỷ niệm chương) của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc "
        "Trung ương",
        codes=("ky_niem_chuong",),
    ),
)


@dataclass(frozen=True)
class Column:
    key: str
    name: str
    codes: tuple[str, ...]  # empty: the catalogue holds nothing for it, the column is None throughout
    note: Note | None = None
    names: tuple[str, ...] = ()  # each code's name, in the same order


@dataclass(frozen=True)
class Row:
    key: str
    name: str
    group: str | None
    values: dict[str, int | None]  # column key → count; None: the data cannot tell
    note: Note | None


@dataclass(frozen=True)
class ReportForm:
    code: str
    title: str
    basis: str
    due: str | None
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    notes: tuple[Note, ...]


def _is_state(info: CodeInfo) -> bool:
    return info.level is not None and info.level.level is Level.STATE


def _matches(spec: ColumnSpec, info: CodeInfo) -> bool:
    if spec.codes:
        return info.code in spec.codes
    return spec.prefix is not None and info.code.startswith(spec.prefix) and _is_state(info)


def columns(specs: Sequence[ColumnSpec], catalogue: Mapping[str, CodeInfo], *, others: bool) -> list[Column]:
    """The columns of ``specs`` over the catalogue's codes; ``others``: then a column per state-level code no
    spec took (the sheet's "other forms")."""
    out: list[Column] = []
    taken: set[str] = set()
    for spec in specs:
        found = [c for c, info in catalogue.items() if _matches(spec, info)]
        taken.update(found)
        if not found:
            out.append(Column(spec.key, spec.name, (), _NOT_IN_CATALOGUE))
        elif spec.per_code:
            out += [Column(c, catalogue[c].name, (c,), names=(catalogue[c].name,)) for c in found]
        else:
            out.append(_of_codes(spec.key, spec.name, found, catalogue))
    if others:
        rest = [c for c, info in catalogue.items() if _is_state(info) and c not in taken]
        out += [
            Column(c, f"Hình thức khác: {catalogue[c].name}", (c,), names=(catalogue[c].name,)) for c in rest
        ]
    return out


def _of_codes(key: str, name: str, codes: Sequence[str], catalogue: Mapping[str, CodeInfo]) -> Column:
    return Column(key, name, tuple(codes), names=tuple(catalogue[c].name for c in codes))


def _total(cols: Sequence[Column], catalogue: Mapping[str, CodeInfo]) -> Column:
    return _of_codes(TOTAL, "Tổng số", [c for col in cols for c in col.codes], catalogue)


def _rows(facts: Sequence[Fact], cols: Sequence[Column]) -> list[Row]:
    counted_codes = {c for col in cols for c in col.codes}
    rows = []
    for spec in ROWS:
        values: dict[str, int | None] = {}
        test = spec.test
        if test is None:
            values = dict.fromkeys([TOTAL, *(c.key for c in cols)])
        else:
            picked = [f for f in facts if test(f)]
            values[TOTAL] = sum(1 for f in picked if f.code in counted_codes)
            for col in cols:
                values[col.key] = sum(1 for f in picked if f.code in col.codes) if col.codes else None
        rows.append(Row(spec.key, spec.name, spec.group, values, spec.note))
    return rows


_COUNTING = Note(
    "Each cell counts awards decided in the year (by decision date), revoked ones left out; not people.",
    "Mỗi ô đếm số lượt khen thưởng có quyết định trong năm (theo ngày quyết định), không tính khen thưởng "
    "đã bị hủy bỏ; không phải số người.",
)
_NO_ROW_CODES = Note(
    "The row numbers (mã số) of the Circular's annex are not given: law.md does not confirm them.",
    "Không ghi mã số dòng của biểu mẫu (chưa đối chiếu được với phụ lục Thông tư).",
)


def state_form(facts: Sequence[Fact], catalogue: Mapping[str, CodeInfo]) -> ReportForm:
    """0602.N/BNV-TĐKT: state-level commendations, by kind (columns) and by subject and method (rows)."""
    cols = columns(STATE_COLUMNS, catalogue, others=True)
    counted = [f for f in facts if not f.revoked]
    by_issuer = Note(
        "The rows by the body that submitted to the Prime Minister (ministries / provinces) are left out: "
        "law.md does not confirm them, and every award here is this ministry's.",
        "Không lập các dòng chia theo đơn vị ban hành tờ trình (bộ, ngành / tỉnh): mọi khen thưởng trong hệ "
        "thống đều do Bộ trình.",
    )
    return ReportForm(
        code="0602.N/BNV-TĐKT",
        title="Số lượng khen thưởng cấp Nhà nước",
        basis=f"{CIRCULAR}, biểu 0602.N/BNV-TĐKT",
        due="Ngày 15 tháng 12 năm báo cáo",
        columns=(_total(cols, catalogue), *cols),
        rows=tuple(_rows(counted, cols)),
        notes=(_COUNTING, by_issuer, _NO_ROW_CODES),
    )


def ministry_form(facts: Sequence[Fact], catalogue: Mapping[str, CodeInfo]) -> ReportForm:
    """0603.N/BNV-TĐKT: ministry-level commendations (BK, CSTĐ cấp bộ, Cờ thi đua cấp bộ, the medal)."""
    cols = columns(MINISTRY_COLUMNS, catalogue, others=False)
    counted = [f for f in facts if not f.revoked]
    scope = Note(
        "Only the sheet's four columns are counted: Tập thể lao động xuất sắc, also the Minister's, is not a "
        "column of this sheet.",
        "Chỉ đếm bốn cột của biểu; danh hiệu Tập thể lao động xuất sắc không thuộc biểu này.",
    )
    return ReportForm(
        code="0603.N/BNV-TĐKT",
        title="Số lượng khen thưởng cấp Bộ, ban, ngành, đoàn thể Trung ương và tỉnh, thành phố trực thuộc "
        "Trung ương",
        basis=f"{CIRCULAR}, biểu 0603.N/BNV-TĐKT",
        due=None,
        columns=(_total(cols, catalogue), *cols),
        rows=tuple(_rows(counted, cols)),
        notes=(_COUNTING, scope, _NO_ROW_CODES),
    )
