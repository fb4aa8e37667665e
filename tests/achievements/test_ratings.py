"""Yearly ratings of people and units, through HTTP on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest

from tests.achievements.world import RecordsWorld
from tests.support.problems import expected_errors, problem

EXCELLENT = {"rating": "excellent", "absent_days": 2, "note": "Hoàn thành xuất sắc nhiệm vụ."}


def test_a_persons_rating_is_created_then_replaced(world: RecordsWorld) -> None:
    url = world.of_person("ratings/2016")
    created = world.put(url, EXCELLENT, "officer")
    assert created.status_code == 201, created.text
    rating = created.json()
    assert rating == {
        "id": rating["id"],
        **world.subject_of_person(),
        "year": 2016,
        **EXCELLENT,
        "created_at": rating["created_at"],
        "updated_at": rating["created_at"],
    }
    assert created.headers["ETag"] == f'"{rating["id"]}.1"'
    same = world.put(url, EXCELLENT, "officer")
    assert (same.status_code, same.json(), same.headers["ETag"]) == (200, rating, created.headers["ETag"])
    # The body is the whole rating: what is left out is cleared.
    changed = world.put(url, {"rating": "good"})
    assert (changed.status_code, changed.headers["ETag"]) == (200, f'"{rating["id"]}.2"')
    assert changed.json() == {
        **rating,
        "rating": "good",
        "absent_days": None,
        "note": None,
        "updated_at": changed.json()["updated_at"],
    }
    assert world.get(url).json() == changed.json()
    assert [a for a, _ in world.events(rating["id"])] == ["rating.create", "rating.update"]
    assert world.events(rating["id"])[-1][1] == {
        "subject": "person",
        "person_id": world.person["id"],
        "changes": {"rating": ["excellent", "good"], "absent_days": [2, None]},
        "redacted": ["note"],
    }


def test_ratings_list_by_year(world: RecordsWorld) -> None:
    for year, rating in ((2015, "good"), (2016, "excellent"), (2017, "completed")):
        assert world.put(world.of_person(f"ratings/{year}"), {"rating": rating}).status_code == 201
    items = world.items(world.of_person("ratings"), "observer")
    assert [(r["year"], r["rating"]) for r in items] == [
        (2015, "good"),
        (2016, "excellent"),
        (2017, "completed"),
    ]
    assert [r["year"] for r in world.items(world.of_person("ratings"), year=2016)] == [2016]
    assert world.items(world.of_person("ratings", world.other_person)) == []


def test_a_units_rating_is_the_secretariats(world: RecordsWorld) -> None:
    url = world.of_unit("ratings/2016")
    problem(world.put(url, {"rating": "excellent"}, "officer"), 403, "forbidden")
    created = world.put(url, {"rating": "excellent"}, "secretariat")
    assert created.status_code == 201, created.text
    assert created.json()["unit_code"] == "VP" and created.json()["person_id"] is None
    assert world.get(url, "officer").json() == created.json()
    assert world.items(world.of_unit("ratings"), "reader") == [created.json()]
    problem(world.get(url, "stranger"), 403, "forbidden")
    body = problem(world.put(url, {"rating": "good", "absent_days": 3}), 422, "validation_error")
    assert body["errors"] == expected_errors(
        (["body", "absent_days"], "a unit's rating has no absent days", "extra")
    )


def test_no_rating_that_year_is_404(world: RecordsWorld) -> None:
    problem(world.get(world.of_person("ratings/2016")), 404, "not_found")
    problem(world.get(world.of_unit("ratings/2016")), 404, "not_found")


@pytest.mark.parametrize(
    ("year", "body"),
    [
        ("1944", {"rating": "good"}),
        ("2201", {"rating": "good"}),
        ("x", {"rating": "good"}),
        ("2016", {"rating": "outstanding"}),
        ("2016", {}),
        ("2016", {"rating": "good", "absent_days": -1}),
        ("2016", {"rating": "good", "absent_days": 367}),
        ("2016", {"rating": "good", "note": "x" * 2001}),
        ("2016", {"rating": "good", "year": 2016}),
    ],
)
def test_invalid_ratings_are_422(world: RecordsWorld, year: str, body: dict[str, Any]) -> None:
    problem(world.put(world.of_person(f"ratings/{year}"), body), 422, "validation_error")
    assert world.items(world.of_person("ratings")) == []


def test_if_match(world: RecordsWorld) -> None:
    url = world.of_person("ratings/2016")
    problem(world.put(url, {"rating": "good"}, **{"If-Match": "*"}), 412, "precondition_failed")
    rating = world.put(url, {"rating": "good"}).json()
    problem(world.put(url, {"rating": "excellent"}, **{"If-Match": f'"{rating["id"]}.9"'}), 412)
    ok = world.put(url, {"rating": "excellent"}, **{"If-Match": f'"{rating["id"]}.1"'})
    assert (ok.status_code, ok.json()["rating"]) == (200, "excellent")


@pytest.mark.parametrize(("who", "status"), [("observer", 403), ("reader", 403), ("stranger", 404)])
def test_who_may_not_rate_a_person(world: RecordsWorld, who: str, status: int) -> None:
    problem(world.put(world.of_person("ratings/2016"), {"rating": "good"}, who), status)
    assert world.items(world.of_person("ratings")) == []


@pytest.mark.parametrize(("who", "status"), [("stranger", 404), ("client_without_scope", 403)])
def test_who_may_not_read_a_persons_ratings(world: RecordsWorld, who: str, status: int) -> None:
    assert world.put(world.of_person("ratings/2016"), {"rating": "good"}).status_code == 201
    problem(world.get(world.of_person("ratings"), who), status)
    problem(world.get(world.of_person("ratings/2016"), who), status)
