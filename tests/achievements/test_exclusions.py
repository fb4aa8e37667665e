"""Exclusions (discipline, investigations, complaints) of people and units, through HTTP on SQLite and
PostgreSQL: their rules (a discipline's measure, the period) and who may read these personnel records."""

from __future__ import annotations

from typing import Any

import pytest

from tests.achievements.world import API, RecordsWorld
from tests.support.problems import expected_errors, problem

REPRIMAND = {
    "kind": "discipline",
    "measure": "reprimand",
    "starts_on": "2016-03-01",
    "ends_on": "2017-02-28",
    "decision_number": "12/QĐ-VP",
    "note": "Vi phạm quy chế làm việc.\nĐã khắc phục.",
}


def _one(exclusion_id: str) -> str:
    return f"{API}/exclusions/{exclusion_id}"


@pytest.fixture
def reprimand(world: RecordsWorld) -> dict[str, Any]:
    return world.created(world.of_person("exclusions"), REPRIMAND, "officer")


def test_an_officer_records_a_disciplinary_measure(world: RecordsWorld) -> None:
    r = world.post(world.of_person("exclusions"), REPRIMAND, "officer")
    assert r.status_code == 201, r.text
    body = r.json()
    assert body == {
        "id": body["id"],
        **world.subject_of_person(),
        **REPRIMAND,
        "created_at": body["created_at"],
        "updated_at": body["created_at"],
    }
    assert r.headers["ETag"] == f'"{body["id"]}.1"'
    assert r.headers["Location"] == f"http://testserver{_one(body['id'])}"
    assert world.get(_one(body["id"]), "observer").json() == body
    assert world.items(world.of_person("exclusions"), "officer") == [body]
    # The trail says what was decided, never the note.
    assert world.events(body["id"]) == [
        (
            "exclusion.create",
            {
                "subject": "person",
                "person_id": world.person["id"],
                "kind": "discipline",
                "measure": "reprimand",
                "starts_on": "2016-03-01",
                "ends_on": "2017-02-28",
                "decision_number": "12/QĐ-VP",
            },
        )
    ]


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "investigation", "starts_on": "2016-05-01"},
        {"kind": "complaint", "starts_on": "2016-05-01", "ends_on": "2016-05-01"},
        {"kind": "discipline", "measure": "dismissal_from_post", "starts_on": "2016-05-01"},
    ],
)
def test_kinds_and_open_periods(world: RecordsWorld, body: dict[str, Any]) -> None:
    created = world.created(world.of_unit("exclusions"), body, "secretariat")
    assert {k: created[k] for k in ("kind", "measure", "starts_on", "ends_on")} == {
        "measure": None,
        "ends_on": None,
        **body,
    }
    assert created["unit_id"] == world.unit["id"]


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"measure": None}, [(["body", "measure"], "a discipline names its measure", "missing")]),
        (
            {"kind": "investigation"},
            [(["body", "measure"], "only a discipline has a measure, not 'investigation'", "extra")],
        ),
        (
            {"ends_on": "2016-02-29"},
            [(["body", "ends_on"], "must be on or after starts_on (2016-03-01)", "date_order")],
        ),
        (
            {"kind": "complaint", "ends_on": "2016-01-01"},
            [
                (["body", "measure"], "only a discipline has a measure, not 'complaint'", "extra"),
                (["body", "ends_on"], "must be on or after starts_on (2016-03-01)", "date_order"),
            ],
        ),
    ],
)
def test_a_discipline_names_its_measure_and_periods_run_forward(
    world: RecordsWorld, fields: dict[str, Any], errors: list[tuple[list[Any], str, str]]
) -> None:
    body = problem(
        world.post(world.of_person("exclusions"), {**REPRIMAND, **fields}), 422, "validation_error"
    )
    assert body["errors"] == expected_errors(*errors)
    vi = world.client.post(
        world.of_person("exclusions"),
        json={**REPRIMAND, **fields},
        headers={**world.admin, "Accept-Language": "vi"},
    )
    assert vi.json()["detail"] == "Hình thức kỷ luật, xem xét không hợp lệ; mỗi lỗi chỉ rõ trường dữ liệu."
    assert world.items(world.of_person("exclusions")) == []


@pytest.mark.parametrize(
    ("fields", "loc"),
    [
        ({"kind": "suspension"}, ["body", "kind"]),
        ({"measure": "fine"}, ["body", "measure"]),
        ({"starts_on": None}, ["body", "starts_on"]),
        ({"starts_on": "1944-12-31"}, ["body", "starts_on"]),
        ({"ends_on": "2201-01-01"}, ["body", "ends_on"]),
        ({"decision_number": "x" * 101}, ["body", "decision_number"]),
        ({"note": "x" * 2001}, ["body", "note"]),
        ({"note": "bad\u0000"}, ["body", "note"]),
    ],
)
def test_invalid_bodies_are_422(world: RecordsWorld, fields: dict[str, Any], loc: list[str]) -> None:
    body = {k: v for k, v in {**REPRIMAND, **fields}.items() if v is not None}
    errors = problem(world.post(world.of_person("exclusions"), body), 422, "validation_error")["errors"]
    assert [e["loc"] for e in errors] == [loc]


def test_patch_keeps_the_exclusion_whole(world: RecordsWorld, reprimand: dict[str, Any]) -> None:
    url = _one(reprimand["id"])
    body = problem(world.patch(url, {"kind": "investigation"}), 422, "validation_error")
    assert [e["loc"] for e in body["errors"]] == [["body", "measure"]]
    problem(world.patch(url, {"starts_on": "2017-03-01"}), 422, "validation_error")
    problem(world.patch(url, {"measure": None}), 422, "validation_error")
    assert world.get(url).json() == reprimand
    r = world.patch(url, {"kind": "investigation", "measure": None, "ends_on": None, "note": ""}, "officer")
    assert r.status_code == 200, r.text
    assert r.json() == {
        **reprimand,
        "kind": "investigation",
        "measure": None,
        "ends_on": None,
        "note": None,
        "updated_at": r.json()["updated_at"],
    }
    assert r.headers["ETag"] == f'"{reprimand["id"]}.2"'
    assert world.events(reprimand["id"])[-1] == (
        "exclusion.update",
        {
            "subject": "person",
            "person_id": world.person["id"],
            "changes": {
                "kind": ["discipline", "investigation"],
                "measure": ["reprimand", None],
                "ends_on": ["2017-02-28", None],
            },
            "redacted": ["note"],
        },
    )


def test_patch_and_delete_honour_if_match(world: RecordsWorld, reprimand: dict[str, Any]) -> None:
    url, stale = _one(reprimand["id"]), {"If-Match": f'"{reprimand["id"]}.5"'}
    problem(world.patch(url, {"note": "x"}, **stale), 412)
    problem(world.delete(url, **stale), 412)
    r = world.delete(url, "officer", **{"If-Match": f'"{reprimand["id"]}.1"'})
    assert r.status_code == 204
    assert world.events(reprimand["id"])[-1][0] == "exclusion.delete"
    assert "note" not in world.events(reprimand["id"])[-1][1]
    problem(world.get(url), 404, "not_found")


# ---- who may ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["admin", "secretariat", "observer", "officer"])
def test_those_who_manage_people_and_the_inspectors_read_them(
    world: RecordsWorld, reprimand: dict[str, Any], who: str
) -> None:
    assert world.items(world.of_person("exclusions"), who) == [reprimand]
    assert world.get(_one(reprimand["id"]), who).json() == reprimand


@pytest.mark.parametrize("who", ["reader", "client_without_scope"])
def test_service_clients_never_read_exclusions(
    world: RecordsWorld, reprimand: dict[str, Any], who: str
) -> None:
    problem(world.get(world.of_person("exclusions"), who), 403, "forbidden")
    problem(world.get(_one(reprimand["id"]), who), 403, "forbidden")
    problem(world.get(world.of_unit("exclusions"), who), 403, "forbidden")


def test_an_officer_of_another_unit_gets_404(world: RecordsWorld, reprimand: dict[str, Any]) -> None:
    for r in (
        world.get(world.of_person("exclusions"), "stranger"),
        world.post(world.of_person("exclusions"), REPRIMAND, "stranger"),
        world.get(_one(reprimand["id"]), "stranger"),
        world.patch(_one(reprimand["id"]), {"note": "x"}, "stranger"),
        world.delete(_one(reprimand["id"]), "stranger"),
    ):
        problem(r, 404, "not_found")


def test_observers_may_not_write(world: RecordsWorld, reprimand: dict[str, Any]) -> None:
    problem(world.post(world.of_person("exclusions"), REPRIMAND, "observer"), 403, "forbidden")
    problem(world.patch(_one(reprimand["id"]), {"note": "x"}, "observer"), 403, "forbidden")
    problem(world.delete(_one(reprimand["id"]), "observer"), 403, "forbidden")


def test_a_units_exclusions_are_the_secretariats(world: RecordsWorld) -> None:
    body = {"kind": "investigation", "starts_on": "2016-05-01"}
    problem(world.post(world.of_unit("exclusions"), body, "officer"), 403, "forbidden")
    theirs = world.created(world.of_unit("exclusions"), body, "secretariat")
    assert world.items(world.of_unit("exclusions"), "officer") == [theirs]
    problem(world.patch(_one(theirs["id"]), {"ends_on": "2016-06-01"}, "officer"), 403, "forbidden")
    problem(world.get(world.of_unit("exclusions"), "stranger"), 403, "forbidden")
    problem(world.get(_one(theirs["id"]), "stranger"), 404, "not_found")
    assert world.items(world.of_unit("exclusions"), kind="discipline") == []
    assert world.items(world.of_unit("exclusions"), kind="investigation") == [theirs]
