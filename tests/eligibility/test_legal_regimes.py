"""The legal regimes and each one's rules for every title and form, read through HTTP (SQLite and
PostgreSQL): what law.md gives, with citations, and which values are unconfirmed defaults."""

from __future__ import annotations

from typing import Any

from tests.support.builders import BlocYear
from tests.support.problems import ODD_IDS, problem

URL = "/api/v1/legal-regimes"


def entry(regime: dict[str, Any], code: str) -> dict[str, Any]:
    return next(e for e in regime["catalogue"] if e["code"] == code)


def test_the_regimes_and_the_dates_they_cover(bloc_year: BlocYear) -> None:
    r = bloc_year.client.get(URL, headers=bloc_year.member)
    assert r.status_code == 200, r.text
    assert [(x["code"], x["valid_from"], x["valid_to"]) for x in r.json()["items"]] == [
        ("R2016", "2014-08-20", "2017-09-30"),
        ("R2017", "2017-10-01", "2023-12-31"),
        ("R2024", "2024-01-01", "2025-06-30"),
        ("R2025", "2025-07-01", None),
    ]


def test_a_regime_gives_each_title_and_form_its_rules_with_citations(bloc_year: BlocYear) -> None:
    y = bloc_year
    r2016 = y.client.get(f"{URL}/R2016", headers=y.observer).json()
    r2017 = y.client.get(f"{URL}/R2017", headers=y.observer).json()
    # law.md 2.5: the flags paid 15.5 / 24.5 × the base salary before 1/10/2017, 8.0 / 12.0 after.
    assert (
        entry(r2016, "co_thi_dua_bo")["cash_multiple_collective"],
        entry(r2017, "co_thi_dua_bo")["cash_multiple_collective"],
    ) == (15.5, 8.0)
    assert entry(r2016, "co_thi_dua_chinh_phu")["cash_multiple_collective"] == 24.5
    # law.md 2.3: the Government flag's same-year ministry flag is a judgement in R2016, hard from R2017.
    gov16, gov17 = entry(r2016, "co_thi_dua_chinh_phu"), entry(r2017, "co_thi_dua_chinh_phu")
    flag16 = next(c for c in gov16["criteria"] if c["code"] == "same_year_ministry_flag")
    flag17 = next(c for c in gov17["criteria"] if c["code"] == "same_year_ministry_flag")
    assert (flag16["kind"], flag17["kind"], flag17["hard"]) == ("holds_title", "holds_title", True)
    assert "65/2014" in flag16["citation"]["text"] and "91/2017" in flag17["citation"]["text"]
    assert (gov16["cap"], gov17["cap"]["share"], gov17["cap"]["per"]) == (None, 0.2, "ministry")
    # law.md 2.1: CSTĐCS is capped at 15% of the unit's LĐTT in R2016; R2025 sets no cap (a setting may).
    r2025 = y.client.get(f"{URL}/R2025", headers=y.observer).json()
    assert entry(r2016, "chien_si_thi_dua_co_so")["cap"]["share"] == 0.15
    # the title the cap is a share of, named as the catalogue names it
    cap16 = entry(r2016, "chien_si_thi_dua_co_so")["cap"]
    assert cap16["of_code"] == "lao_dong_tien_tien"
    assert cap16["of_name"] == entry(r2016, "lao_dong_tien_tien")["name"]
    assert (
        entry(r2025, "chien_si_thi_dua_co_so")["cap"],
        entry(r2025, "chien_si_thi_dua_co_so")["cap_setting"],
    ) == (None, "cstdcs_cap_share")
    # Forms are their own kind; Bằng khen goes to individuals and collectives alike.
    bk = entry(r2025, "bang_khen_bo_truong")
    assert (bk["kind"], bk["subject"], bk["cash_multiple_individual"], bk["cash_multiple_collective"]) == (
        "form",
        "both",
        1.5,
        3.0,
    )
    # law.md 2.4: CSTĐ cấp Bộ needs 90% of all the council's members (R2024 and, by default, R2025).
    cstd = entry(r2025, "chien_si_thi_dua_cap_bo")
    assert (cstd["council_threshold"], cstd["threshold_citation"]["confirmed"]) == (0.9, False)
    for e in r2025["catalogue"]:
        assert e["criteria"] and all(c["citation"]["text"] for c in e["criteria"]), e["code"]


def test_an_unknown_regime_is_404(bloc_year: BlocYear) -> None:
    for odd in ["R1999", *ODD_IDS]:
        problem(bloc_year.client.get(f"{URL}/{odd}", headers=bloc_year.member), 404, "not_found")
    problem(bloc_year.client.get(URL), 401)
