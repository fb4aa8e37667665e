"""The titles catalogue's pure rules, without a database."""

from __future__ import annotations

from typing import Any

import pytest

from app.titles.rules import cycle_through, missing_prerequisites, quota_allows

# ---- prerequisites -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("requires", "held", "missing"),
    [
        ([], set(), []),
        ([], {"co_thi_dua_bo"}, []),
        (["co_thi_dua_bo"], set(), ["co_thi_dua_bo"]),
        (["co_thi_dua_bo"], {"co_thi_dua_bo"}, []),
        (["co_thi_dua_bo"], {"bang_khen_bo_truong"}, ["co_thi_dua_bo"]),
        (["b", "a", "c"], {"a"}, ["b", "c"]),  # in the order the title lists them
        (["b", "a", "b"], set(), ["b", "a"]),  # each once
        (["a", "b"], {"a", "b", "c"}, []),
    ],
)
def test_missing_prerequisites(requires: list[str], held: set[str], missing: list[str]) -> None:
    assert missing_prerequisites(requires, held) == missing


# ---- quotas --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quota", "already", "population", "allowed"),
    [
        (None, 0, 0, True),
        (None, 1000, 3, True),
        ({"max_count": 1, "scope": "bloc"}, 0, 10, True),
        ({"max_count": 1, "scope": "bloc"}, 1, 10, False),
        ({"max_count": 3, "scope": "ministry"}, 2, 0, True),
        ({"max_count": 3, "scope": "ministry"}, 3, 100, False),
        # 20% of 10 units: two awards
        ({"max_share": 0.2, "scope": "bloc"}, 0, 10, True),
        ({"max_share": 0.2, "scope": "bloc"}, 1, 10, True),
        ({"max_share": 0.2, "scope": "bloc"}, 2, 10, False),
        # 20% of 4 units is 0.8: rounded down, none
        ({"max_share": 0.2, "scope": "bloc"}, 0, 4, False),
        ({"max_share": 0.2, "scope": "bloc"}, 0, 5, True),
        ({"max_share": 0.5, "scope": "bloc"}, 0, 0, False),
        ({"max_share": 1, "scope": "bloc"}, 6, 7, True),
        ({"max_share": 1.0, "scope": "bloc"}, 7, 7, False),
        # exact decimal arithmetic: 0.29 × 100 is 29 (in binary floating point it is 28.999…)
        ({"max_share": 0.29, "scope": "ministry"}, 28, 100, True),
        ({"max_share": 0.29, "scope": "ministry"}, 29, 100, False),
        ({"max_share": 0.7, "scope": "ministry"}, 6, 10, True),
        ({"max_share": 0.7, "scope": "ministry"}, 7, 10, False),
        ({"max_share": 0.1, "scope": "ministry"}, 2, 30, True),
        ({"max_share": 0.1, "scope": "ministry"}, 3, 30, False),
    ],
)
def test_quota_allows(quota: dict[str, Any] | None, already: int, population: int, allowed: bool) -> None:
    assert quota_allows(quota, already=already, population=population) is allowed


@pytest.mark.parametrize(("already", "population"), [(-1, 5), (0, -1)])
def test_quota_refuses_negative_counts(already: int, population: int) -> None:
    with pytest.raises(ValueError, match="negative"):
        quota_allows({"max_count": 1, "scope": "bloc"}, already=already, population=population)


def test_quota_without_a_limit_is_an_error() -> None:
    with pytest.raises(ValueError, match="max_count or max_share"):
        quota_allows({"scope": "bloc"}, already=0, population=1)


# ---- prerequisite cycles -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "graph", "cycle"),
    [
        ("a", {}, None),
        ("a", {"a": []}, None),
        ("a", {"a": ["a"]}, ["a", "a"]),
        ("a", {"a": ["b"], "b": []}, None),
        ("a", {"a": ["b"], "b": ["a"]}, ["a", "b", "a"]),
        ("a", {"a": ["b"], "b": ["c"], "c": ["a"]}, ["a", "b", "c", "a"]),
        # a cycle elsewhere that does not pass through the title is not this title's doing
        ("a", {"a": ["b"], "b": ["c"], "c": ["b"]}, None),
        # a diamond is not a cycle
        ("a", {"a": ["b", "c"], "b": ["d"], "c": ["d"], "d": []}, None),
        (
            "co_thi_dua_bo",
            {"co_thi_dua_bo": ["co_thi_dua_chinh_phu"], "co_thi_dua_chinh_phu": ["co_thi_dua_bo"]},
            ["co_thi_dua_bo", "co_thi_dua_chinh_phu", "co_thi_dua_bo"],
        ),
    ],
)
def test_cycle_through(code: str, graph: dict[str, list[str]], cycle: list[str] | None) -> None:
    assert cycle_through(code, graph) == cycle
