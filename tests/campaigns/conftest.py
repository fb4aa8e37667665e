"""The stage of the campaign and registration tests: a 2016 bloc of four units, its campaign, and the
people who act (or may not act) in it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

Headers = dict[str, str]


@pytest.fixture
def secretariat(headers_for: Callable[..., Headers]) -> Headers:
    return headers_for("secretariat")


@pytest.fixture
def bloc(make_bloc: Callable[..., dict[str, Any]]) -> dict[str, Any]:
    """Four units in 2016: unit_ids[0] leads, unit_ids[1] deputises, the others are members."""
    return make_bloc(4, year=2016)


@pytest.fixture
def campaign(make_campaign: Callable[..., dict[str, Any]], bloc: dict[str, Any]) -> dict[str, Any]:
    return make_campaign(bloc)


@pytest.fixture
def bystander(
    bloc: dict[str, Any],
    officer_of: Callable[[str], Headers],
    headers_for: Callable[..., Headers],
    make_unit: Callable[..., dict[str, Any]],
) -> Callable[[str], Headers]:
    """Headers, by name, of someone who neither leads nor deputises: ``member`` (the third unit's officer),
    ``other_member`` (the fourth's), ``outsider`` (an officer of a unit outside the bloc), ``admin``,
    ``observer``."""
    makers = {
        "member": lambda: officer_of(bloc["unit_ids"][2]),
        "other_member": lambda: officer_of(bloc["unit_ids"][3]),
        "outsider": lambda: officer_of(make_unit()["id"]),
        "admin": lambda: headers_for("admin"),
        "observer": lambda: headers_for("observer"),
    }
    return lambda who: makers[who]()


@pytest.fixture
def two_years(
    make_unit: Callable[..., dict[str, Any]],
    make_bloc: Callable[..., dict[str, Any]],
    make_campaign: Callable[..., dict[str, Any]],
) -> tuple[list[str], dict[str, Any], dict[str, Any]]:
    """Units A, B, C in one bloc: A leads it in 2016, B in 2017 (no deputy either year); returns the unit
    ids and the 2016 and 2017 campaigns."""
    a, b, c = (make_unit()["id"] for _ in range(3))
    y2016 = make_bloc(unit_ids=[a, b, c], year=2016, leader=a, deputy=False)
    y2017 = make_bloc(bloc_id=y2016["id"], unit_ids=[a, b, c], year=2017, leader=b, deputy=False)
    return [a, b, c], make_campaign(y2016), make_campaign(y2017)
