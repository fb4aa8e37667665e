"""Transfers and the employment history, through HTTP on SQLite and PostgreSQL, and the helpers other
features call (``unit_on``, ``employments_of``)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import pytest

from app.people import service
from tests.people.world import PeopleWorld
from tests.support.problems import expected_errors, problem


@pytest.fixture
def person(world: PeopleWorld) -> dict[str, Any]:
    return world.create(started_on="2015-01-05")


def test_a_transfer_ends_the_employment_and_opens_one(world: PeopleWorld, person: dict[str, Any]) -> None:
    r = world.transfer(person["id"], world.officer, unit_id=world.other_unit["id"], on="2017-03-01")
    assert r.status_code == 201, r.text
    moved = r.json()
    assert r.headers["ETag"] == f'"{person["id"]}.2"'
    assert moved["person"] == {
        **person,
        "unit_id": world.other_unit["id"],
        "unit_code": "TTRA",
        "unit_name": "Thanh tra Bộ",
        "birth_date": None,  # the officer moved the person out of his unit: no longer his to see
        "updated_at": moved["person"]["updated_at"],
    }
    assert moved["ended"] == {
        "id": moved["ended"]["id"],
        "unit_id": world.unit["id"],
        "unit_code": "VP",
        "unit_name": "Văn phòng Bộ",
        "position": "Chuyên viên chính",
        "started_on": "2015-01-05",
        "ended_on": "2017-02-28",
    }
    assert moved["started"] == {
        "id": moved["started"]["id"],
        "unit_id": world.other_unit["id"],
        "unit_code": "TTRA",
        "unit_name": "Thanh tra Bộ",
        "position": "Chuyên viên chính",
        "started_on": "2017-03-01",
        "ended_on": None,
    }
    assert world.employments(person["id"]) == [moved["ended"], moved["started"]]
    assert world.get(person["id"]).json() == {**moved["person"], "birth_date": "1980-05-01"}
    assert world.events(person["id"])[-1] == (
        "person.transfer",
        {
            "code": "CB0001",
            "from_unit_id": world.unit["id"],
            "to_unit_id": world.other_unit["id"],
            "on": "2017-03-01",
            "position": "Chuyên viên chính",
        },
    )


def test_the_person_follows_to_the_new_units_officers(world: PeopleWorld, person: dict[str, Any]) -> None:
    assert world.transfer(person["id"], unit_id=world.other_unit["id"], on="2017-03-01").status_code == 201
    problem(world.get(person["id"], world.officer), 404, "not_found")
    assert world.codes(world.officer) == []
    assert world.get(person["id"], world.stranger).json()["birth_date"] == "1980-05-01"
    assert world.codes(world.stranger) == ["CB0001"]
    assert world.codes(unit_id=world.unit["id"]) == []


def test_moves_there_and_back_keep_the_whole_history(world: PeopleWorld, person: dict[str, Any]) -> None:
    other, home = world.other_unit["id"], world.unit["id"]
    assert (
        world.transfer(person["id"], unit_id=other, on="2017-03-01", position="Thanh tra viên").status_code
        == 201
    )
    assert world.transfer(person["id"], unit_id=home, on="2019-07-15", position="").status_code == 201
    history = [
        (e["unit_code"], e["position"], e["started_on"], e["ended_on"])
        for e in world.employments(person["id"])
    ]
    assert history == [
        ("VP", "Chuyên viên chính", "2015-01-05", "2017-02-28"),
        ("TTRA", "Thanh tra viên", "2017-03-01", "2019-07-14"),
        ("VP", None, "2019-07-15", None),
    ]
    assert world.get(person["id"]).json()["position"] is None


def test_the_day_after_the_start_is_the_earliest_transfer(world: PeopleWorld, person: dict[str, Any]) -> None:
    r = world.transfer(person["id"], unit_id=world.other_unit["id"], on="2015-01-06")
    assert r.status_code == 201, r.text
    assert r.json()["ended"]["ended_on"] == "2015-01-05"


@pytest.mark.parametrize(
    ("on", "msg"),
    [
        (
            "2015-01-05",
            "must be after 2015-01-05, when the current employment began (it ends the day before)",
        ),
        (
            "2014-12-31",
            "must be after 2015-01-05, when the current employment began (it ends the day before)",
        ),
    ],
)
def test_an_overlapping_or_backdated_transfer_is_422(
    world: PeopleWorld, person: dict[str, Any], on: str, msg: str
) -> None:
    body = problem(
        world.transfer(person["id"], unit_id=world.other_unit["id"], on=on), 422, "validation_error"
    )
    assert body["errors"] == expected_errors((["body", "on"], msg, "date_overlap"))
    assert len(world.employments(person["id"])) == 1
    assert world.get(person["id"]).json() == person


def test_a_transfer_after_today_is_422(world: PeopleWorld, person: dict[str, Any]) -> None:
    today = world.today()
    tomorrow = (today + timedelta(days=1)).isoformat()
    body = problem(world.transfer(person["id"], unit_id=world.other_unit["id"], on=tomorrow), 422)
    assert body["errors"] == expected_errors(
        (["body", "on"], f"must not be later than today ({today.isoformat()})", "date_future")
    )
    assert (
        world.transfer(person["id"], unit_id=world.other_unit["id"], on=today.isoformat()).status_code == 201
    )


def test_a_transfer_to_the_same_or_an_unknown_unit_is_422(world: PeopleWorld, person: dict[str, Any]) -> None:
    same = problem(world.transfer(person["id"], unit_id=world.unit["id"], on="2018-01-01"), 422)
    assert same["errors"] == expected_errors(
        (["body", "unit_id"], "the person already works in this unit", "same_unit")
    )
    unknown = problem(world.transfer(person["id"], unit_id=str(uuid.uuid4()), on="2018-01-01"), 422)
    assert unknown["errors"] == expected_errors((["body", "unit_id"], "no unit has this id", "not_found"))
    assert len(world.employments(person["id"])) == 1


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"unit_id": "x"},
        {"on": "2018-01-01"},
        {"unit_id": "x", "on": "2018-13-01"},
        {"unit_id": "x", "on": "2018-01-01", "x": 1},
    ],
)
def test_invalid_transfer_bodies_are_422(
    world: PeopleWorld, person: dict[str, Any], body: dict[str, Any]
) -> None:
    problem(world.transfer(person["id"], **body), 422, "validation_error")


@pytest.mark.parametrize("who", ["observer", "reader"])
def test_readers_may_not_transfer(world: PeopleWorld, person: dict[str, Any], who: str) -> None:
    r = world.transfer(person["id"], world.who(who), unit_id=world.other_unit["id"], on="2018-01-01")
    problem(r, 403, "forbidden")
    assert len(world.employments(person["id"])) == 1


def test_transfer_if_match_and_idempotency_key(world: PeopleWorld, person: dict[str, Any]) -> None:
    stale = {**world.admin, "If-Match": f'"{person["id"]}.7"'}
    problem(world.transfer(person["id"], stale, unit_id=world.other_unit["id"], on="2018-01-01"), 412)
    key = {**world.admin, "Idempotency-Key": str(uuid.uuid4()), "If-Match": f'"{person["id"]}.1"'}
    first = world.transfer(person["id"], key, unit_id=world.other_unit["id"], on="2018-01-01")
    again = world.transfer(person["id"], key, unit_id=world.other_unit["id"], on="2018-01-01")
    assert (first.status_code, again.status_code, again.headers["Idempotent-Replayed"]) == (201, 201, "true")
    assert again.json() == first.json()
    assert len(world.employments(person["id"])) == 2


def test_readers_see_the_history(world: PeopleWorld, person: dict[str, Any]) -> None:
    for who in ("observer", "reader", "officer", "secretariat"):
        assert len(world.employments(person["id"], world.who(who))) == 1
    problem(
        world.client.get(f"/api/v1/people/{person['id']}/employments", headers=world.client_without_scope),
        403,
    )


def test_unit_on_and_employments_of_for_other_features(world: PeopleWorld, person: dict[str, Any]) -> None:
    world.transfer(person["id"], unit_id=world.other_unit["id"], on="2017-03-01")
    vp, ttra = world.unit["id"], world.other_unit["id"]
    with world.session_factory() as s:
        on = {d: service.unit_on(s, person_id=person["id"], on=d) for d in _days()}
        assert on == {
            date(2015, 1, 4): None,
            date(2015, 1, 5): vp,
            date(2017, 2, 28): vp,
            date(2017, 3, 1): ttra,
            date(2030, 1, 1): ttra,
        }
        assert service.unit_on(s, person_id="nobody", on=date(2016, 1, 1)) is None
        history = service.employments_of(s, person_id=person["id"])
        assert [(e.unit_id, e.started_on, e.ended_on) for e in history] == [
            (vp, date(2015, 1, 5), date(2017, 2, 28)),
            (ttra, date(2017, 3, 1), None),
        ]
        assert service.employments_of(s, person_id="nobody") == []


def _days() -> list[date]:
    return [date(2015, 1, 4), date(2015, 1, 5), date(2017, 2, 28), date(2017, 3, 1), date(2030, 1, 1)]
