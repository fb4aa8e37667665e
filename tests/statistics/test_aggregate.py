"""The pure parts of the statistics, without a database: the levels and where they come from, a person's
unit on a date, the breakdowns, and the sheets 0602 and 0603 over a catalogue that grows."""

from __future__ import annotations

from datetime import date

import pytest

from app.people.rules import Period
from app.statistics.aggregate import (
    NO_UNIT_NAME,
    CodeInfo,
    Fact,
    Kind,
    Subject,
    UnitRef,
    breakdowns,
    unit_on,
)
from app.statistics.levels import Level, LevelSource, level_of
from app.statistics.report_forms import TOTAL, ministry_form, state_form

A = UnitRef("ua", "A01", "Vụ A")
B = UnitRef("ub", "B02", "Vụ B")


def _info(code: str, name: str, kind: Kind, row_level: str = "ministry") -> CodeInfo:
    return CodeInfo(code=code, name=name, kind=kind, level=level_of(code, row_level))


CATALOGUE = {
    i.code: i
    for i in (
        _info("co_thi_dua_chinh_phu", "Cờ thi đua của Chính phủ", Kind.TITLE),
        _info("co_thi_dua_bo", "Cờ thi đua của Bộ", Kind.TITLE),
        _info("lao_dong_tien_tien", "Lao động tiên tiến", Kind.TITLE),
        _info("bang_khen_bo_truong", "Bằng khen của Bộ trưởng", Kind.FORM),
        _info("giay_khen", "Giấy khen", Kind.FORM),
        _info("huan_chuong_lao_dong_hang_ba", "Huân chương Lao động hạng Ba", Kind.FORM),
    )
}


def _fact(
    code: str,
    kind: Kind,
    subject: Subject,
    unit: UnitRef | None,
    *,
    method: str = "regular",
    revoked: bool = False,
    cash_vnd: int | None = 1_000_000,
    gender: str | None = None,
) -> Fact:
    return Fact(code, kind, subject, method, revoked, cash_vnd, unit, gender)


def _level(code: str) -> Level | None:
    found = level_of(code)
    return found.level if found is not None else None


FACTS = [
    _fact("co_thi_dua_chinh_phu", Kind.TITLE, Subject.COLLECTIVE, A, cash_vnd=28_080_000),
    _fact("co_thi_dua_bo", Kind.TITLE, Subject.COLLECTIVE, B, method="thematic"),
    _fact("lao_dong_tien_tien", Kind.TITLE, Subject.INDIVIDUAL, A, gender="female", cash_vnd=None),
    _fact("bang_khen_bo_truong", Kind.FORM, Subject.INDIVIDUAL, None, gender="male", method="sudden"),
    _fact("giay_khen", Kind.FORM, Subject.INDIVIDUAL, B, gender="male", revoked=True),
    _fact("custom_title", Kind.TITLE, Subject.INDIVIDUAL, B, gender=None),
]


def test_levels_come_from_the_law_catalogue_then_the_table_then_the_row() -> None:
    flag = level_of("co_thi_dua_chinh_phu", "unit")  # the row's word loses to the law catalogue
    assert flag is not None and (flag.level, flag.source) == (Level.STATE, LevelSource.LAW_CATALOGUE)
    assert (flag.authority, flag.citation) == (
        "Thủ tướng Chính phủ",
        "Luật TĐKT 06/2022/QH15, khoản 1 Điều 25",
    )
    ministry = ("co_thi_dua_bo", "tap_the_lao_dong_xuat_sac", "ky_niem_chuong", "bang_khen_bo_truong")
    assert [_level(c) for c in ministry] == [Level.MINISTRY] * 4
    base = ("lao_dong_tien_tien", "chien_si_thi_dua_co_so", "giay_khen", "tap_the_lao_dong_tien_tien")
    assert [_level(c) for c in base] == [Level.BASE] * 4
    state = ("chien_si_thi_dua_toan_quoc", "bang_khen_thu_tuong", "huan_chuong_sao_vang")
    assert [_level(c) for c in state] == [Level.STATE] * 3
    hero = level_of("anh_hung_lao_dong", "unit")
    assert hero is not None and (hero.level, hero.source, hero.confirmed) == (
        Level.STATE,
        LevelSource.STATISTICS_TABLE,
        False,
    )
    custom = level_of("bang_khen_cong_doan", "government")
    assert custom is not None and (custom.level, custom.source, custom.citation) == (
        Level.STATE,
        LevelSource.CATALOGUE_ROW,
        None,
    )
    assert level_of("bang_khen_cong_doan", "galactic") is None


@pytest.mark.parametrize(
    ("on", "unit"),
    [
        (date(2009, 12, 31), None),
        (date(2010, 1, 1), "A"),
        (date(2024, 6, 30), "A"),
        (date(2024, 7, 1), "B"),
        (date(2024, 12, 31), "B"),
        (date(2025, 3, 1), None),
    ],
)
def test_a_persons_unit_on_a_date(on: date, unit: str | None) -> None:
    periods = [
        Period("A", date(2010, 1, 1), date(2024, 6, 30)),
        Period("B", date(2024, 7, 1), date(2024, 12, 31)),
    ]
    assert unit_on(periods, on) == unit


def test_breakdowns_count_what_is_not_revoked() -> None:
    b = breakdowns(FACTS, CATALOGUE)
    t = b.totals
    assert (t.awards, t.collective, t.individual, t.titles, t.forms, t.revoked) == (5, 2, 3, 4, 1, 1)
    assert (t.cash_vnd, t.awards_without_cash) == (28_080_000 + 3_000_000, 1)
    assert [(g.code, g.count) for g in b.by_level] == [
        ("state", 1),
        ("ministry", 2),
        ("base", 1),
        ("unknown", 1),
    ]
    assert [x.code for x in b.by_level[3].items] == ["custom_title"]
    ministry = {x.code: x.count for x in b.by_level[1].items}
    assert ministry == {"co_thi_dua_bo": 1, "bang_khen_bo_truong": 1}
    base = {x.code: x.count for x in b.by_level[2].items}
    assert base == {"lao_dong_tien_tien": 1, "giay_khen": 0}  # the revoked Giấy khen is not counted
    assert [(g.code, g.count) for g in b.by_kind] == [("title", 4), ("form", 1)]
    assert [(c.code, c.count) for c in b.by_subject_type] == [("collective", 2), ("individual", 3)]
    assert [(c.code, c.name, c.count) for c in b.by_gender] == [
        ("male", "Nam", 1),
        ("female", "Nữ", 1),
        ("unknown", "Không rõ", 1),
    ]
    assert [(u.code, u.count, u.collective, u.individual) for u in b.by_unit] == [
        ("A01", 2, 1, 1),
        ("B02", 2, 1, 1),
        (None, 1, 0, 1),
    ]
    assert b.by_unit[-1].name == NO_UNIT_NAME and b.by_unit[-1].unit_id is None
    assert [(c.code, c.count) for c in b.by_method] == [("regular", 3), ("thematic", 1), ("sudden", 1)]
    assert [(c.code, c.count, c.individual) for c in b.revoked] == [("giay_khen", 1, 1)]


def test_no_facts_give_true_zeros() -> None:
    b = breakdowns([], CATALOGUE)
    assert b.totals.awards == 0 and b.by_unit == () and b.revoked == ()
    assert [(g.code, g.count, len(g.items)) for g in b.by_level] == [
        ("state", 0, 2),
        ("ministry", 0, 2),
        ("base", 0, 2),
    ]
    assert [c.count for c in b.by_gender] == [0, 0]


def test_the_sheets_follow_the_catalogue() -> None:
    """A state title the catalogue gains (Anh hùng Lao động), a medal and a state form of its own get
    columns; what the catalogue lacks stays null; rows the data cannot tell are null everywhere."""
    grown = dict(CATALOGUE)
    for code, name in (
        ("anh_hung_lao_dong", "Anh hùng Lao động"),
        ("huy_chuong_chien_cong", "Huy chương Chiến công"),
        ("giai_thuong_nha_nuoc", "Giải thưởng Nhà nước"),
        ("ky_niem_chuong_quoc_gia", "Kỷ niệm chương quốc gia"),
    ):
        grown[code] = _info(code, name, Kind.FORM, "state")
    facts = [
        *FACTS,
        _fact("anh_hung_lao_dong", Kind.FORM, Subject.INDIVIDUAL, A, gender="male"),
        _fact("ky_niem_chuong_quoc_gia", Kind.FORM, Subject.COLLECTIVE, A, method="sudden"),
    ]
    state = state_form(facts, grown)
    columns = {c.key: c for c in state.columns}
    assert [c.key for c in state.columns] == [
        TOTAL,
        "huan_chuong_lao_dong_hang_ba",
        "huy_chuong_chien_cong",
        "giai_thuong_ho_chi_minh",
        "giai_thuong_nha_nuoc",
        "anh_hung_lao_dong",
        "co_thi_dua_chinh_phu",
        "bang_khen_thu_tuong",
        "chien_si_thi_dua_toan_quoc",
        "ky_niem_chuong_quoc_gia",
    ]
    assert columns["ky_niem_chuong_quoc_gia"].name == "Hình thức khác: Kỷ niệm chương quốc gia"
    assert columns["giai_thuong_ho_chi_minh"].codes == () and columns["bang_khen_thu_tuong"].codes == ()
    rows = {r.key: r.values for r in state.rows}
    assert rows[TOTAL][TOTAL] == 3 and rows[TOTAL]["anh_hung_lao_dong"] == 1
    assert rows[TOTAL]["giai_thuong_ho_chi_minh"] is None and rows[TOTAL]["giai_thuong_nha_nuoc"] == 0
    assert (rows["collective"][TOTAL], rows["individual"][TOTAL], rows["sudden"][TOTAL]) == (2, 1, 1)
    assert set(rows["households"].values()) == {None}
    ministry = ministry_form(facts, grown)
    m = {r.key: r.values for r in ministry.rows}
    assert m[TOTAL] == {
        TOTAL: 2,
        "bang_khen": 1,
        "chien_si_thi_dua_cap_bo": None,
        "co_thi_dua": 1,
        "ky_niem_chuong": None,
    }
    assert m["thematic"] == {
        TOTAL: 1,
        "bang_khen": 0,
        "chien_si_thi_dua_cap_bo": None,
        "co_thi_dua": 1,
        "ky_niem_chuong": None,
    }
