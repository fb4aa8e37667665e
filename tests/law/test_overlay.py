"""The regulation overlay: validation (unknown, wrong type, loosening the law) and merging (law.md 8)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest

from app.law.overlay import SETTINGS, Overlay, merge, validate_values


def test_every_setting_has_both_descriptions_and_a_valid_default() -> None:
    keys = [s.key for s in SETTINGS]
    assert len(keys) == len(set(keys))
    for s in SETTINGS:
        assert s.description_en and s.description_vi
        assert validate_values({s.key: s.default}) == [], s.key
    assert {s.key for s in SETTINGS if s.unconfirmed} >= {
        "keep_old_procedure_for_lodged_files",
        "tt_ldtt_min_ldtt_share",
        "government_flag_cap_share",
        "council_threshold_rounding",
        "cap_rounding",
        "lao_dong_tien_tien_exclusions_current_regime",
        "forms_per_year",
    }


@pytest.mark.parametrize(
    ("values", "regime", "problems"),
    [
        ({"unknown": 1}, None, ["unknown setting 'unknown'"]),
        ({"cap_rounding": "round"}, None, ["cap_rounding: expected one of floor, ceil"]),
        (
            {"keep_old_procedure_for_lodged_files": 1},
            None,
            ["keep_old_procedure_for_lodged_files: expected true or false"],
        ),
        (
            {"tt_ldtt_min_ldtt_share": True},
            None,
            ["tt_ldtt_min_ldtt_share: expected a share between 0 and 1"],
        ),
        ({"tt_ldtt_min_ldtt_share": 1.5}, None, ["tt_ldtt_min_ldtt_share: expected a share between 0 and 1"]),
        ({"forms_per_year": -1}, None, ["forms_per_year: expected a whole number ≥ 0"]),
        ({"cstdcs_cap_share": 0.2}, "R2025", []),  # the current law has no cap: the ministry may set one
        ({"cstdcs_cap_share": 0.1}, None, []),  # tightening the law's 15%
        ({"cstdcs_cap_share": None}, None, []),
        (
            {"cstdcs_cap_share": 0.2},
            "R2017",
            [
                "cstdcs_cap_share: 1/5 would loosen the law's cap of 3/20 on chien_si_thi_dua_co_so in R2017 "
                "(Nghị định 91/2017/NĐ-CP, khoản 3 Điều 9)"
            ],
        ),
        (
            {"government_flag_cap_share": "0.3"},
            "R2017",
            [
                "government_flag_cap_share: 3/10 would loosen the law's cap of 1/5 on co_thi_dua_chinh_phu "
                "in R2017 (Nghị định 91/2017/NĐ-CP, khoản 1 Điều 11)"
            ],
        ),
        ({"government_flag_cap_share": "0.3"}, "R2025", []),  # unconfirmed after 2023: a default only
        ({"council_thresholds": {"chien_si_thi_dua_cap_bo": 0.95}}, None, []),
        (
            {"council_thresholds": {"chien_si_thi_dua_cap_bo": 0.8}},
            "R2017",
            [
                "council_thresholds.chien_si_thi_dua_cap_bo: 4/5 would lower the law's threshold of 9/10 in "
                "R2017 (Nghị định 91/2017/NĐ-CP, khoản 8 Điều 45)"
            ],
        ),
        ({"council_thresholds": {"chien_si_thi_dua_cap_bo": 0.8}}, "R2025", []),  # R2025's 90% is a default
        ({"council_thresholds": {"nope": 0.9}}, "R2025", ["council_thresholds.nope: unknown title or form"]),
        ({"council_thresholds": [0.9]}, None, ["council_thresholds: expected an object {code: share}"]),
        ({"cap_rounding": "ceil"}, "R1999", ["unknown legal regime 'R1999'"]),
    ],
)
def test_validate_values(values: dict[str, Any], regime: str | None, problems: list[str]) -> None:
    assert validate_values(values, regime_code=regime) == problems


@pytest.mark.parametrize(
    ("requirements", "problems"),
    [
        ({"chien_si_thi_dua_co_so": [{"title": "lao_dong_tien_tien", "consecutive_years": 2}]}, []),
        ({"bang_khen_bo_truong": [{"title": "tap_the_lao_dong_xuat_sac", "consecutive_years": 2}]}, []),
        ({"nope": []}, ["extra_requirements.nope: unknown title or form"]),
        (
            {"chien_si_thi_dua_co_so": [{"title": "giay_khen", "consecutive_years": 1}]},
            ["extra_requirements.chien_si_thi_dua_co_so[0]: 'giay_khen' is not a title"],
        ),
        (
            {"chien_si_thi_dua_co_so": [{"title": "co_thi_dua_bo", "consecutive_years": 1}]},
            [
                "extra_requirements.chien_si_thi_dua_co_so[0]: co_thi_dua_bo (collective) does not fit "
                "chien_si_thi_dua_co_so (individual)"
            ],
        ),
        (
            {"co_thi_dua_bo": [{"title": "tap_the_lao_dong_xuat_sac", "consecutive_years": 0}]},
            ["extra_requirements.co_thi_dua_bo[0]: consecutive_years must be a whole number from 1 to 10"],
        ),
        (
            {"co_thi_dua_bo": [{"title": "tap_the_lao_dong_xuat_sac"}]},
            ["extra_requirements.co_thi_dua_bo[0]: expected {'title': code, 'consecutive_years': n}"],
        ),
    ],
)
def test_validate_extra_requirements(requirements: dict[str, Any], problems: list[str]) -> None:
    assert validate_values({"extra_requirements": requirements}) == problems


def test_merge_lays_the_bloc_over_the_ministry_over_the_defaults() -> None:
    merged = merge({"cap_rounding": "ceil", "forms_per_year": 2}, {"cap_rounding": "floor"})
    assert merged["cap_rounding"] == "floor"  # not tighten-only: the bloc's value
    assert merged["forms_per_year"] == 2  # the ministry's
    assert merged["council_threshold_rounding"] == "ceil"  # the default
    assert set(merged) == {s.key for s in SETTINGS}


@pytest.mark.parametrize(
    ("ministry", "bloc", "key", "expected"),
    [
        ({"cstdcs_cap_share": 0.1}, {"cstdcs_cap_share": 0.12}, "cstdcs_cap_share", 0.1),
        ({"cstdcs_cap_share": 0.1}, {"cstdcs_cap_share": 0.08}, "cstdcs_cap_share", 0.08),
        ({"cstdcs_cap_share": None}, {"cstdcs_cap_share": 0.08}, "cstdcs_cap_share", 0.08),
        ({}, {"cstdcs_cap_share": 0.12}, "cstdcs_cap_share", 0.12),
        (
            {"government_flag_cap_share": 0.2},
            {"government_flag_cap_share": "0.25"},
            "government_flag_cap_share",
            0.2,
        ),
        (
            {"council_thresholds": {"co_thi_dua_bo": 0.85, "chien_si_thi_dua_co_so": 0.9}},
            {"council_thresholds": {"co_thi_dua_bo": 0.9}},
            "council_thresholds",
            {"co_thi_dua_bo": 0.9, "chien_si_thi_dua_co_so": 0.9},
        ),
        (
            {
                "extra_requirements": {
                    "co_thi_dua_bo": [{"title": "tap_the_lao_dong_xuat_sac", "consecutive_years": 2}]
                }
            },
            {
                "extra_requirements": {
                    "co_thi_dua_bo": [
                        {"title": "tap_the_lao_dong_xuat_sac", "consecutive_years": 2},
                        {"title": "tap_the_lao_dong_tien_tien", "consecutive_years": 3},
                    ]
                }
            },
            "extra_requirements",
            {
                "co_thi_dua_bo": [
                    {"title": "tap_the_lao_dong_xuat_sac", "consecutive_years": 2},
                    {"title": "tap_the_lao_dong_tien_tien", "consecutive_years": 3},
                ]
            },
        ),
    ],
)
def test_merge_keeps_the_stricter_of_two_tighten_only_values(
    ministry: dict[str, Any], bloc: dict[str, Any], key: str, expected: Any
) -> None:
    assert merge(ministry, bloc)[key] == expected


def test_merge_does_not_share_the_defaults() -> None:
    merged = merge({}, {})
    merged["council_thresholds"]["co_thi_dua_bo"] = 0.9
    assert merge({}, {})["council_thresholds"] == {}


def test_overlay_reads_typed_values_with_defaults() -> None:
    o = Overlay(values={"tt_ldtt_min_ldtt_share": "3/4", "council_thresholds": {"co_thi_dua_bo": 0.85}})
    assert o.share("tt_ldtt_min_ldtt_share") == Fraction(3, 4)
    assert o.share("government_flag_cap_share") == Fraction(1, 5)
    assert o.share("cstdcs_cap_share") is None
    assert o.flag("keep_old_procedure_for_lodged_files") is True
    assert o.integer("forms_per_year") == 1
    assert o.choice("cap_rounding") == "floor"
    assert o.council_threshold("co_thi_dua_bo") == Fraction(17, 20)
    assert o.council_threshold("chien_si_thi_dua_cap_bo") is None
    assert o.extra_requirements("co_thi_dua_bo") == ()
    assert Overlay(values={"tt_ldtt_min_ldtt_share": 0.7}).share("tt_ldtt_min_ldtt_share") == Fraction(7, 10)
