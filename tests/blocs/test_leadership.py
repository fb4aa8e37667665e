"""Leadership is data: the year's membership decides who runs a bloc's campaign, year by year."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.blocs import leadership
from app.core.principal import Principal
from app.models import Campaign
from tests.support.problems import problem

Headers = dict[str, str]
Maker = Callable[..., dict[str, Any]]


# ---- pure rules ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("roles", "problems"),
    [
        (["leader"], []),
        (["leader", "deputy"], []),
        (["member", "leader", "member", "deputy", "member"], []),
        (["leader", *["member"] * 199], []),
        ([], ["a bloc-year needs exactly one leader (got 0)"]),
        (["member", "deputy"], ["a bloc-year needs exactly one leader (got 0)"]),
        (["leader", "leader"], ["a bloc-year needs exactly one leader (got 2)"]),
        (["leader", "deputy", "deputy"], ["a bloc-year has at most one deputy (got 2)"]),
        (
            ["leader", "leader", "leader", "deputy", "deputy"],
            ["a bloc-year needs exactly one leader (got 3)", "a bloc-year has at most one deputy (got 2)"],
        ),
    ],
)
def test_leadership_problems(roles: list[str], problems: list[str]) -> None:
    assert leadership.leadership_problems(roles) == problems


@pytest.mark.parametrize(
    ("role", "leads"), [("leader", True), ("deputy", True), ("member", False), (None, False)]
)
def test_leader_and_deputy_lead(role: str | None, leads: bool) -> None:
    assert leadership.leads(role) is leads


# ---- leadership rotates with the year ------------------------------------------------------------------


def _officer(unit_id: str, *roles: str) -> Principal:
    return Principal(
        kind="user", id=f"user-of-{unit_id}", name="x", roles=frozenset(roles or {"officer"}), unit_id=unit_id
    )


@pytest.fixture
def rotating(make_bloc: Maker, make_campaign: Maker) -> dict[str, Any]:
    """Unit A leads the bloc in 2016 and unit B in 2017; C is a plain member both years."""
    y2016 = make_bloc(3, year=2016, deputy=False)
    a, b, c = y2016["unit_ids"]
    make_bloc(unit_ids=[a, b, c], year=2017, leader=b, deputy=False, bloc_id=y2016["id"])
    return {
        "bloc_id": y2016["id"],
        "a": a,
        "b": b,
        "c": c,
        "c2016": make_campaign(y2016, year=2016)["id"],
        "c2017": make_campaign(y2016, year=2017)["id"],
    }


def test_is_manager_follows_the_year(rotating: dict[str, Any], session_factory: Any) -> None:
    with session_factory() as s:
        c2016, c2017 = s.get(Campaign, rotating["c2016"]), s.get(Campaign, rotating["c2017"])
        a, b, c = (_officer(rotating[k]) for k in "abc")
        assert (leadership.is_manager(s, a, c2016), leadership.is_manager(s, a, c2017)) == (True, False)
        assert (leadership.is_manager(s, b, c2016), leadership.is_manager(s, b, c2017)) == (False, True)
        assert (leadership.is_manager(s, c, c2016), leadership.is_manager(s, c, c2017)) == (False, False)
        # Everyone in the bloc is a member both years; an outsider is not.
        assert all(leadership.is_member_officer(s, p, camp) for p in (a, b, c) for camp in (c2016, c2017))
        outsider = _officer("some-other-unit")
        assert not leadership.is_manager(s, outsider, c2016)
        assert not leadership.is_member_officer(s, outsider, c2016)
        # The unit alone is not enough: an observer of the leading unit does not run the campaign.
        assert not leadership.is_manager(s, _officer(rotating["a"], "observer"), c2016)
        secretariat = Principal(kind="user", id="s", name="s", roles=frozenset({"secretariat"}))
        assert leadership.is_manager(s, secretariat, c2016) and leadership.is_manager(s, secretariat, c2017)
        bloc_id = rotating["bloc_id"]
        assert leadership.manages_bloc_year(s, a, bloc_id=bloc_id, year=2016)
        assert not leadership.manages_bloc_year(s, a, bloc_id=bloc_id, year=2017)
        assert leadership.manages_bloc_year(s, b, bloc_id=bloc_id, year=2017)
        assert not leadership.manages_bloc_year(s, a, bloc_id=bloc_id, year=2018)  # no members that year
        assert leadership.manages_bloc_year(s, secretariat, bloc_id=bloc_id, year=2018)


def test_delegates_endpoint_follows_the_year(
    client: TestClient, rotating: dict[str, Any], officer_of: Callable[[str], Headers]
) -> None:
    a_officer, b_officer = officer_of(rotating["a"]), officer_of(rotating["b"])
    url = "/api/v1/blocs/{}/years/{}/delegates".format
    assert client.get(url(rotating["bloc_id"], 2016), headers=a_officer).status_code == 200
    refused = client.get(url(rotating["bloc_id"], 2017), headers=a_officer)
    problem(refused, 403, "forbidden")
    assert client.get(url(rotating["bloc_id"], 2016), headers=b_officer).status_code == 403
    r = client.get(url(rotating["bloc_id"], 2017), headers=b_officer)
    assert r.status_code == 200
    assert sorted(d["unit_id"] for d in r.json()["items"]) == sorted([rotating["a"], rotating["b"]])


def test_leadership_moves_when_the_secretariat_changes_the_list(
    client: TestClient,
    rotating: dict[str, Any],
    officer_of: Callable[[str], Headers],
    headers_for: Callable[..., Headers],
) -> None:
    a_officer, c_officer = officer_of(rotating["a"]), officer_of(rotating["c"])
    url = f"/api/v1/blocs/{rotating['bloc_id']}/years/2016"
    assert client.get(f"{url}/delegates", headers=c_officer).status_code == 403
    body = {
        "members": [
            {"unit_id": rotating["a"], "role": "member"},
            {"unit_id": rotating["b"], "role": "member"},
            {"unit_id": rotating["c"], "role": "leader"},
        ]
    }
    assert client.put(f"{url}/members", json=body, headers=headers_for("secretariat")).status_code == 200
    assert client.get(f"{url}/delegates", headers=c_officer).status_code == 200
    assert client.get(f"{url}/delegates", headers=a_officer).status_code == 403
    me = client.get("/api/v1/auth/me", headers=c_officer).json()
    assert [(m["year"], m["role"]) for m in me["memberships"]] == [(2017, "member"), (2016, "leader")]
