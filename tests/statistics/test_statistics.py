"""The ministry's commendation statistics (GET /statistics/commendations, .xlsx) through HTTP, on SQLite and
PostgreSQL: one year's awards (``tests.support.statistics``) counted by level, kind, subject, gender, unit
and method, the sheets 0602 and 0603, the workbook cell by cell, who may read them, and bad years."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from io import BytesIO
from typing import Any

import pytest
from fastapi import FastAPI
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from app.core import media_types
from tests.support.builders import Builders, Headers
from tests.support.db import counting
from tests.support.disposition import assert_download_named
from tests.support.documents import assert_sheet_layout
from tests.support.problems import problem
from tests.support.statistics import YEAR, StatisticsWorld, by_code

URL = "/api/v1/statistics/commendations"
ORDERS = [  # the law catalogue's order: highest first
    "huan_chuong_sao_vang",
    "huan_chuong_ho_chi_minh",
    "huan_chuong_doc_lap_hang_nhat",
    "huan_chuong_doc_lap_hang_nhi",
    "huan_chuong_doc_lap_hang_ba",
    "huan_chuong_lao_dong_hang_nhat",
    "huan_chuong_lao_dong_hang_nhi",
    "huan_chuong_lao_dong_hang_ba",
]
NOT_IN_CATALOGUE = ["huy_chuong", "giai_thuong_ho_chi_minh", "giai_thuong_nha_nuoc", "danh_hieu_vinh_du"]
NO_DATA_ROWS = [
    "enterprises",
    "households",
    "ministry_leaders",
    "department_leaders",
    "business_people",
    "deputy_heads_and_above",
    "direct_workers",
    "foreign",
    "contribution",
    "seniority",
    "resistance",
]


@pytest.fixture
def world(build: Builders) -> StatisticsWorld:
    return StatisticsWorld(build)


@pytest.fixture
def secretariat(build: Builders) -> Headers:
    return build.headers("secretariat")


def _read(build: Builders, headers: Headers, year: int = YEAR) -> dict[str, Any]:
    r = build.client.get(URL, params={"year": year}, headers=headers)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/json"
    return dict(r.json())


def test_the_year_counts_the_awards_decided_in_it(world: StatisticsWorld, secretariat: Headers) -> None:
    body = _read(world.build, secretariat)
    assert (body["year"], body["first_day"], body["last_day"]) == (YEAR, "2024-01-01", "2024-12-31")
    assert "decision date" in body["counting_rule"]
    assert body["totals"] == {
        "awards": 12,
        "collective": 4,
        "individual": 8,
        "titles": 7,
        "forms": 5,
        "cash_vnd": 91_290_000,
        "awards_without_cash": 1,  # the order
        "revoked": 1,
    }
    levels = {g["code"]: g for g in body["by_level"]}
    assert [g["code"] for g in body["by_level"]] == ["state", "ministry", "base"]
    assert [(g["name"], g["count"]) for g in body["by_level"]] == [
        ("Cấp Nhà nước", 4),
        ("Cấp Bộ", 4),
        ("Cấp cơ sở", 4),
    ]
    state = by_code(levels["state"]["items"])
    assert {c: n for c, n in state.items() if n} == {
        "co_thi_dua_chinh_phu": 1,
        "chien_si_thi_dua_toan_quoc": 1,
        "bang_khen_thu_tuong": 1,
        "huan_chuong_lao_dong_hang_ba": 1,
    }
    assert set(ORDERS) <= set(state)  # every state-level code of the catalogue, a true 0 where none
    ministry = by_code(levels["ministry"]["items"])
    assert {c: n for c, n in ministry.items() if n} == {
        "co_thi_dua_bo": 1,
        "chien_si_thi_dua_cap_bo": 1,
        "bang_khen_bo_truong": 1,
        "ky_niem_chuong": 1,
    }
    assert ministry["tap_the_lao_dong_xuat_sac"] == 0  # proposed, and decided in 2025
    base = by_code(levels["base"]["items"])
    assert {c: n for c, n in base.items() if n} == {
        "tap_the_lao_dong_tien_tien": 1,
        "lao_dong_tien_tien": 1,
        "chien_si_thi_dua_co_so": 1,
        "giay_khen": 1,
    }
    flag = next(x for x in levels["state"]["items"] if x["code"] == "co_thi_dua_chinh_phu")
    assert flag == {
        "code": "co_thi_dua_chinh_phu",
        "name": "Cờ thi đua của Chính phủ",
        "count": 1,
        "cash_vnd": 28_080_000,
        "kind": "title",
        "level": "state",
        "collective": 1,
        "individual": 0,
        "level_basis": {
            "source": "law_catalogue",
            "authority": "Thủ tướng Chính phủ",
            "citation": "Luật TĐKT 06/2022/QH15, khoản 1 Điều 25",
            "confirmed": True,
        },
    }
    assert levels["state"]["cash_vnd"] == 28_080_000 + 16_380_000 + 10_530_000


def test_breakdowns_by_kind_subject_gender_unit_and_method(
    world: StatisticsWorld, secretariat: Headers
) -> None:
    body = _read(world.build, secretariat)
    kinds = {g["code"]: g for g in body["by_kind"]}
    assert [(g["code"], g["name"], g["count"]) for g in body["by_kind"]] == [
        ("title", "Danh hiệu thi đua", 7),
        ("form", "Hình thức khen thưởng", 5),
    ]
    assert {x["kind"] for x in kinds["title"]["items"]} == {"title"}
    assert {c: n for c, n in by_code(kinds["form"]["items"]).items() if n} == {
        "bang_khen_thu_tuong": 1,
        "huan_chuong_lao_dong_hang_ba": 1,
        "giay_khen": 1,
        "bang_khen_bo_truong": 1,
        "ky_niem_chuong": 1,
    }
    assert by_code(kinds["form"]["items"], "name")["giay_khen"] == "Giấy khen"
    assert [(e["code"], e["name"], e["count"]) for e in body["by_subject_type"]] == [
        ("collective", "Tập thể", 4),
        ("individual", "Cá nhân", 8),
    ]
    assert [(e["code"], e["name"], e["count"]) for e in body["by_gender"]] == [
        ("male", "Nam", 5),
        ("female", "Nữ", 3),
    ]
    a, b = world.a, world.b
    assert body["by_unit"] == [
        {
            "unit_id": a["id"],
            "unit_code": "A01",
            "unit_name": "Vụ Tổ chức cán bộ",
            "count": 6,
            "collective": 2,
            "individual": 4,  # An ×2, Bình, Dũng's Bằng khen before the move
            "cash_vnd": 28_080_000 + 18_720_000 + 10_530_000 + 7_020_000 + 3_510_000,
        },
        {
            "unit_id": b["id"],
            "unit_code": "B02",
            "unit_name": "Viện Khoa học Đo lường",
            "count": 6,
            "collective": 2,
            "individual": 4,  # Chi ×2, Dũng's medal and CSTĐ cơ sở after the move
            "cash_vnd": 1_880_000 + 16_380_000 + 710_000 + 710_000 + 1_410_000 + 2_340_000,
        },
    ]
    assert [(e["code"], e["count"]) for e in body["by_method"]] == [
        ("regular", 10),
        ("thematic", 1),
        ("sudden", 1),
    ]
    assert [(e["code"], e["count"], e["individual"], e["cash_vnd"]) for e in body["revoked"]] == [
        ("giay_khen", 1, 1, 710_000)
    ]


def test_a_decision_belongs_to_the_year_of_its_date(world: StatisticsWorld, secretariat: Headers) -> None:
    """B's Tập thể lao động xuất sắc for 2024, decided in January 2025, is 2025's; A's Giấy khen decided on
    31 December 2023 is 2023's; a year without decisions counts zeros."""
    next_year = _read(world.build, secretariat, YEAR + 1)
    assert (next_year["totals"]["awards"], next_year["totals"]["collective"]) == (1, 1)
    assert [(g["code"], g["count"]) for g in next_year["by_level"]] == [
        ("state", 0),
        ("ministry", 1),
        ("base", 0),
    ]
    assert [u["unit_code"] for u in next_year["by_unit"]] == ["B02"]
    last_year = _read(world.build, secretariat, YEAR - 1)
    assert (last_year["totals"]["awards"], last_year["totals"]["cash_vnd"]) == (1, 1_420_000)
    empty = _read(world.build, secretariat, 1990)
    assert empty["totals"] == dict.fromkeys(empty["totals"], 0)
    assert empty["by_unit"] == [] and empty["revoked"] == []
    assert [e["count"] for e in empty["by_gender"]] == [0, 0]


def test_the_state_level_sheet_0602(world: StatisticsWorld, secretariat: Headers) -> None:
    form = _read(world.build, secretariat)["forms"]["0602.N/BNV-TĐKT"]
    assert form["title"] == "Số lượng khen thưởng cấp Nhà nước"
    assert form["basis"] == "Thông tư 02/2023/TT-BNV (23/3/2023), biểu 0602.N/BNV-TĐKT"
    keys = [c["key"] for c in form["columns"]]
    assert keys == [
        "total",
        *ORDERS,
        "huy_chuong",
        "giai_thuong_ho_chi_minh",
        "giai_thuong_nha_nuoc",
        "danh_hieu_vinh_du",
        "co_thi_dua_chinh_phu",
        "bang_khen_thu_tuong",
        "chien_si_thi_dua_toan_quoc",
    ]
    columns = {c["key"]: c for c in form["columns"]}
    for key in NOT_IN_CATALOGUE:
        assert columns[key]["counts"] == [] and columns[key]["note"]["vi"], key
    assert columns["bang_khen_thu_tuong"]["counts"] == [
        {"code": "bang_khen_thu_tuong", "name": "Bằng khen của Thủ tướng Chính phủ"}
    ]
    rows = {r["key"]: r["values"] for r in form["rows"]}
    counted = {
        "total": 4,
        "co_thi_dua_chinh_phu": 1,
        "bang_khen_thu_tuong": 1,
        "chien_si_thi_dua_toan_quoc": 1,
    }
    expected_total = {**dict.fromkeys(ORDERS, 0), **counted, "huan_chuong_lao_dong_hang_ba": 1}
    assert rows["total"] == {**expected_total, **dict.fromkeys(NOT_IN_CATALOGUE)}
    assert _counts(rows["collective"]) == {"total": 2, "co_thi_dua_chinh_phu": 1, "bang_khen_thu_tuong": 1}
    assert _counts(rows["individual"]) == {
        "total": 2,
        "chien_si_thi_dua_toan_quoc": 1,
        "huan_chuong_lao_dong_hang_ba": 1,
    }
    assert _counts(rows["regular"]) == {
        "total": 3,
        "co_thi_dua_chinh_phu": 1,
        "chien_si_thi_dua_toan_quoc": 1,
        "huan_chuong_lao_dong_hang_ba": 1,
    }
    assert _counts(rows["sudden"]) == {"total": 1, "bang_khen_thu_tuong": 1}
    assert rows["thematic"]["total"] == 0 and _counts(rows["thematic"]) == {}
    assert rows["thematic"]["huan_chuong_sao_vang"] == 0  # a count, not "no data"
    for key in NO_DATA_ROWS:
        assert set(rows[key].values()) == {None}, key
    notes = {r["key"]: r["note"] for r in form["rows"]}
    assert notes["households"]["vi"] and notes["direct_workers"]["en"] and notes["total"] is None


def test_the_ministry_level_sheet_0603(world: StatisticsWorld, secretariat: Headers) -> None:
    form = _read(world.build, secretariat)["forms"]["0603.N/BNV-TĐKT"]
    assert [(c["key"], [x["code"] for x in c["counts"]]) for c in form["columns"]] == [
        ("total", ["bang_khen_bo_truong", "chien_si_thi_dua_cap_bo", "co_thi_dua_bo", "ky_niem_chuong"]),
        ("bang_khen", ["bang_khen_bo_truong"]),
        ("chien_si_thi_dua_cap_bo", ["chien_si_thi_dua_cap_bo"]),
        ("co_thi_dua", ["co_thi_dua_bo"]),
        ("ky_niem_chuong", ["ky_niem_chuong"]),
    ]
    rows = {r["key"]: r["values"] for r in form["rows"]}
    assert rows["total"] == {
        "total": 4,
        "bang_khen": 1,
        "chien_si_thi_dua_cap_bo": 1,
        "co_thi_dua": 1,
        "ky_niem_chuong": 1,
    }
    assert rows["collective"] == {
        "total": 1,
        "bang_khen": 0,
        "chien_si_thi_dua_cap_bo": 0,
        "co_thi_dua": 1,
        "ky_niem_chuong": 0,
    }
    assert _counts(rows["individual"]) == {
        "total": 3,
        "bang_khen": 1,
        "chien_si_thi_dua_cap_bo": 1,
        "ky_niem_chuong": 1,
    }
    assert _counts(rows["regular"]) == _counts(rows["total"])
    assert _counts(rows["sudden"]) == _counts(rows["thematic"]) == {}
    assert [r["key"] for r in form["rows"] if set(r["values"].values()) == {None}] == NO_DATA_ROWS


def _counts(values: dict[str, int | None]) -> dict[str, int | None]:
    """The cells that count something (neither 0 nor null)."""
    return {k: v for k, v in values.items() if v}


def test_the_statements_do_not_grow_with_the_awards(
    app: FastAPI, world: StatisticsWorld, secretariat: Headers
) -> None:
    """One statement per kind of row (awards, titles, forms, people, employments, units), however many."""

    def statements() -> int:
        with counting(app.state.engine) as sent:
            assert world.build.client.get(URL, params={"year": YEAR}, headers=secretariat).status_code == 200
        return len(sent)

    before = statements()
    for i in range(5):
        unit = world.build.unit()["id"]
        person = world.build.person(unit, gender="female" if i % 2 else "male")["id"]
        world.award(
            f"more_{i}", person_id=person, title="lao_dong_tien_tien", on=date(2024, 2, 1 + i), cash=1
        )
        world.award(f"unit_{i}", unit_id=unit, form="giay_khen", on=date(2024, 3, 1 + i), cash=1)
    assert statements() == before
    assert _read(world.build, secretariat)["totals"]["awards"] == 22


# ---- the workbook -----------------------------------------------------------------------------------


SHEETS = [
    "Tổng hợp",
    "Biểu 0602.N BNV-TĐKT",
    "Biểu 0603.N BNV-TĐKT",
    "Theo cấp khen thưởng",
    "Theo loại khen thưởng",
    "Theo đối tượng",
    "Theo giới tính",
    "Theo đơn vị",
    "Theo phương thức",
    "Đã hủy bỏ",
]


def _rows(sheet: Worksheet) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def _by_label(sheet: Worksheet) -> dict[Any, tuple[Any, ...]]:
    return {row[0]: row[1:] for row in _rows(sheet)[1:]}


@pytest.mark.parametrize("how", ["format", "own"])
def test_the_workbook_holds_the_same_numbers(world: StatisticsWorld, secretariat: Headers, how: str) -> None:
    client = world.build.client
    if how == "format":
        r = client.get(URL, params={"year": YEAR, "format": "xlsx"}, headers=secretariat)
    else:
        r = client.get(f"{URL}.xlsx", params={"year": YEAR}, headers=secretariat)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == media_types.XLSX
    assert r.headers["cache-control"] == "no-store"
    assert_download_named(r.headers["content-disposition"], "Thống kê khen thưởng năm 2024.xlsx")
    money, count = '#,##0 "₫"', "#,##0"
    book = assert_sheet_layout(
        r.content,
        {
            "Theo đơn vị": {"Số lượng": count, "Tiền thưởng": money},
            "Theo cấp khen thưởng": {"Số lượng": count, "Tiền thưởng": money},
            "Theo giới tính": {"Số lượng": count},
        },
    )
    assert book.sheetnames == SHEETS
    summary = _by_label(book["Tổng hợp"])
    assert summary["Năm thống kê"] == (2024,)
    assert summary["Tổng số khen thưởng"] == (12,)
    assert (summary["Tập thể"], summary["Cá nhân"]) == ((4,), (8,))
    assert summary["Tổng tiền thưởng"] == (91_290_000,)
    assert summary["Số khen thưởng đã bị hủy bỏ (không tính ở trên)"] == (1,)
    assert "ngày ký quyết định" in summary["Cách tính"][0]
    assert book["Tổng hợp"]["B10"].number_format == '#,##0 "₫"'

    state = book["Biểu 0602.N BNV-TĐKT"]
    header = _rows(state)[0]
    assert header[:3] == ("Chỉ tiêu", "Tổng số", "Huân chương Sao vàng") and header[-1] == "Ghi chú"
    flag = header.index("Cờ thi đua của Chính phủ")
    rows = _by_label(state)
    assert rows["Tổng số"][0] == 4 and rows["Tổng số"][flag - 1] == 1
    assert rows["- Tập thể"][0] == 2 and rows["- Cá nhân"][0] == 2
    assert rows["- Hộ gia đình"][:2] == ("Không có dữ liệu", "Không có dữ liệu")
    assert (
        rows["- Hộ gia đình"][-1] == "Hệ thống chỉ khen thưởng đơn vị và cá nhân, không ghi nhận hộ gia đình."
    )
    assert rows["Tổng số"][header.index("Huy chương") - 1] == "Không có dữ liệu"
    assert "1. Chia theo đối tượng khen thưởng" in rows and "2. Chia theo phương thức khen thưởng" in rows
    assert rows["- Đột xuất"][0] == 1 and rows["- Đối ngoại"][0] == "Không có dữ liệu"

    ministry = book["Biểu 0603.N BNV-TĐKT"]
    assert _rows(ministry)[0][1:6] == (
        "Tổng số",
        "Bằng khen",
        "Chiến sĩ thi đua cấp bộ, cấp tỉnh",
        "Cờ thi đua của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương",
        "Huy hiệu (kỷ niệm chương) của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc "
        "Trung ương",
    )
    m = _by_label(ministry)
    assert m["Tổng số"][:5] == (4, 1, 1, 1, 1)
    assert m["- Tập thể"][:5] == (1, 0, 0, 1, 0)
    assert m["- Cá nhân"][:5] == (3, 1, 1, 0, 1)
    assert m["- Doanh nhân"][:5] == ("Không có dữ liệu",) * 5

    levels = _rows(book["Theo cấp khen thưởng"])
    assert levels[0][:5] == ("Mã", "Danh hiệu, hình thức", "Loại", "Cấp", "Số lượng")
    groups = {row[0]: row[4] for row in levels[1:] if row[0] in ("state", "ministry", "base")}
    assert groups == {"state": 4, "ministry": 4, "base": 4}
    flag_row = next(row for row in levels if row[0] == "co_thi_dua_chinh_phu")
    assert flag_row[1:8] == (
        "Cờ thi đua của Chính phủ",
        "Danh hiệu thi đua",
        "Cấp Nhà nước",
        1,
        1,
        0,
        28_080_000,
    )
    assert flag_row[8:] == (
        "Thủ tướng Chính phủ",
        "Luật TĐKT 06/2022/QH15, khoản 1 Điều 25",
        "Danh mục pháp lý",
    )

    assert _rows(book["Theo giới tính"])[1:] == [
        ("male", "Nam", 5, 17_790_000),
        ("female", "Nữ", 3, 8_440_000),
    ]
    units = _rows(book["Theo đơn vị"])
    assert [row[:6] for row in units[1:]] == [
        ("A01", "Vụ Tổ chức cán bộ", 6, 2, 4, 67_860_000),
        ("B02", "Viện Khoa học Đo lường", 6, 2, 4, 23_430_000),
    ]
    assert [row[:3] for row in _rows(book["Theo phương thức"])[1:]] == [
        ("regular", "Thường xuyên (công trạng)", 10),
        ("thematic", "Chuyên đề", 1),
        ("sudden", "Đột xuất", 1),
    ]
    assert [row[:5] for row in _rows(book["Đã hủy bỏ"])[1:]] == [
        ("giay_khen", "Giấy khen", "Hình thức khen thưởng", "Cấp cơ sở", 1)
    ]


# ---- who may read them, and bad years ----------------------------------------------------------------


READERS: dict[str, Callable[[Builders], Headers]] = {
    "secretariat": lambda b: b.headers("secretariat"),
    "admin": lambda b: b.headers("admin"),
    "observer": lambda b: b.headers("observer"),
    "results:read client": lambda b: b.client_token(["results:read"]),
}
REFUSED: dict[str, Callable[[Builders], Headers]] = {
    "officer": lambda b: b.headers("officer"),
    "unit head": lambda b: b.headers("unit_head"),
    "client without results:read": lambda b: b.client_token(["units:read", "reports:write"], b.unit()["id"]),
}
PATHS = [URL, f"{URL}.xlsx"]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("who", sorted(READERS))
def test_the_secretariat_admins_observers_and_results_clients_may_read(
    build: Builders, who: str, path: str
) -> None:
    r = build.client.get(path, params={"year": YEAR}, headers=READERS[who](build))
    assert r.status_code == 200, r.text
    if path == URL:
        assert r.json()["totals"]["awards"] == 0
    else:
        assert load_workbook(BytesIO(r.content)).sheetnames == SHEETS


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("who", sorted(REFUSED))
def test_unit_officers_heads_and_other_clients_are_refused(build: Builders, who: str, path: str) -> None:
    headers = REFUSED[who](build)
    problem(build.client.get(path, params={"year": YEAR}, headers=headers), 403, "forbidden")
    vi = build.client.get(path, params={"year": YEAR}, headers={**headers, "Accept-Language": "vi"})
    body = problem(vi, 403, "forbidden", title="Không có quyền")
    assert body["detail"].startswith("Chỉ Thường trực Hội đồng, quản trị viên, quan sát viên")
    problem(build.client.get(path, params={"year": YEAR}), 401, "not_authenticated")


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("year", [None, "1944", "2201", "abc", "2024.5"])
def test_a_bad_year_is_422(build: Builders, secretariat: Headers, path: str, year: str | None) -> None:
    params = {} if year is None else {"year": year}
    body = problem(build.client.get(path, params=params, headers=secretariat), 422, "validation_error")
    assert [e["loc"] for e in body["errors"]] == [["query", "year"]]
    vi = build.client.get(path, params=params, headers={**secretariat, "Accept-Language": "vi"})
    assert problem(vi, 422, "validation_error")["title"] == "Yêu cầu không hợp lệ"


def test_an_unknown_format_is_422(build: Builders, secretariat: Headers) -> None:
    r = build.client.get(URL, params={"year": YEAR, "format": "docx"}, headers=secretariat)
    body = problem(r, 422, "validation_error")
    assert [e["loc"] for e in body["errors"]] == [["query", "format"]]
