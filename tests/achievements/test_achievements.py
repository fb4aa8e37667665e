"""Initiatives and research works of people and units, through HTTP on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.achievements.world import API, RecordsWorld
from tests.support.problems import ODD_IDS, problem

BODY = {
    "kind": "initiative",
    "title": "Số hóa hồ sơ thi đua, khen thưởng của Bộ",
    "year": 2016,
    "scope": "ministry",
    "recognised_by": "Hội đồng Sáng kiến Bộ",
    "decision_number": "245/QĐ-BKHCN",
    "recognised_on": "2016-12-20",
}


def _one(world: RecordsWorld, achievement_id: str) -> str:
    return f"{API}/achievements/{achievement_id}"


@pytest.fixture
def mine(world: RecordsWorld) -> dict[str, Any]:
    """The person's initiative, recorded by the officer of the person's unit."""
    return world.created(world.of_person("achievements"), BODY, "officer")


def test_an_officer_records_his_persons_initiative(world: RecordsWorld) -> None:
    r = world.post(world.of_person("achievements"), BODY, "officer")
    assert r.status_code == 201, r.text
    body = r.json()
    assert body == {
        "id": body["id"],
        **world.subject_of_person(),
        **BODY,
        "applied": True,
        "created_at": body["created_at"],
        "updated_at": body["created_at"],
    }
    assert r.headers["ETag"] == f'"{body["id"]}.1"'
    assert r.headers["Location"] == f"http://testserver{_one(world, body['id'])}"
    got = world.get(_one(world, body["id"]), "officer")
    assert (got.status_code, got.json(), got.headers["ETag"]) == (200, body, r.headers["ETag"])
    assert world.items(world.of_person("achievements")) == [body]
    assert world.events(body["id"]) == [
        (
            "achievement.create",
            {
                "subject": "person",
                "person_id": world.person["id"],
                **{k: v for k, v in BODY.items()},
                "applied": True,
            },
        )
    ]


def test_the_secretariat_records_a_units_research_work(world: RecordsWorld) -> None:
    body = {"kind": "research", "title": "Đề tài cấp Bộ", "year": 2015, "scope": "national", "applied": False}
    created = world.created(world.of_unit("achievements"), body, "secretariat")
    assert created == {
        "id": created["id"],
        **world.subject_of_unit(),
        **body,
        "recognised_by": None,
        "decision_number": None,
        "recognised_on": None,
        "created_at": created["created_at"],
        "updated_at": created["created_at"],
    }
    assert world.items(world.of_unit("achievements"), "officer") == [created]
    assert world.items(world.of_person("achievements")) == []


def test_lists_filter_and_page(world: RecordsWorld) -> None:
    url = world.of_person("achievements")
    made = [
        world.created(url, {**BODY, "year": year, "kind": kind})["id"]
        for year, kind in ((2015, "initiative"), (2016, "research"), (2016, "initiative"))
    ]
    assert [a["id"] for a in world.items(url)] == made
    assert [a["id"] for a in world.items(url, year=2016)] == made[1:]
    assert [a["id"] for a in world.items(url, kind="initiative")] == [made[0], made[2]]
    first = world.get(url, limit=2)
    assert [a["id"] for a in first.json()["items"]] == made[:2] and first.headers["Link"]
    rest = world.get(url, cursor=first.json()["next_cursor"])
    assert [a["id"] for a in rest.json()["items"]] == made[2:]
    problem(world.get(url, year=1900), 422, "validation_error")
    problem(world.get(url, kind="patent"), 422, "validation_error")


@pytest.mark.parametrize(
    ("fields", "loc"),
    [
        ({"kind": "patent"}, ["body", "kind"]),
        ({"scope": "province"}, ["body", "scope"]),
        ({"year": 1944}, ["body", "year"]),
        ({"year": 2201}, ["body", "year"]),
        ({"title": " "}, ["body", "title"]),
        ({"title": "x" * 501}, ["body", "title"]),
        ({"title": "Hai\ndòng"}, ["body", "title"]),
        ({"recognised_by": "x" * 301}, ["body", "recognised_by"]),
        ({"decision_number": "x" * 101}, ["body", "decision_number"]),
        ({"recognised_on": "1900-01-01"}, ["body", "recognised_on"]),
        ({"person_id": "x"}, ["body", "person_id"]),
    ],
)
def test_invalid_bodies_are_422(world: RecordsWorld, fields: dict[str, Any], loc: list[str]) -> None:
    body = problem(world.post(world.of_person("achievements"), {**BODY, **fields}), 422, "validation_error")
    assert [e["loc"] for e in body["errors"]] == [loc]
    assert world.items(world.of_person("achievements")) == []


def test_patch_changes_only_the_fields_sent(world: RecordsWorld, mine: dict[str, Any]) -> None:
    url = _one(world, mine["id"])
    r = world.patch(url, {"scope": "national", "decision_number": "", "recognised_on": None}, "officer")
    assert r.status_code == 200, r.text
    assert r.json() == {
        **mine,
        "scope": "national",
        "decision_number": None,
        "recognised_on": None,
        "updated_at": r.json()["updated_at"],
    }
    assert r.headers["ETag"] == f'"{mine["id"]}.2"'
    assert world.events(mine["id"])[-1] == (
        "achievement.update",
        {
            "subject": "person",
            "person_id": world.person["id"],
            "changes": {
                "scope": ["ministry", "national"],
                "decision_number": ["245/QĐ-BKHCN", None],
                "recognised_on": ["2016-12-20", None],
            },
        },
    )
    same = world.patch(url, {"scope": "national", "title": BODY["title"]})
    assert (same.json(), same.headers["ETag"]) == (r.json(), r.headers["ETag"])
    assert len(world.events(mine["id"])) == 2


@pytest.mark.parametrize("body", [{"title": None}, {"kind": None}, {"year": 3000}, {"person_id": "x"}])
def test_invalid_patches_are_422(world: RecordsWorld, mine: dict[str, Any], body: dict[str, Any]) -> None:
    problem(world.patch(_one(world, mine["id"]), body), 422, "validation_error")
    assert world.get(_one(world, mine["id"])).json() == mine


def test_if_match(world: RecordsWorld, mine: dict[str, Any]) -> None:
    url = _one(world, mine["id"])
    problem(world.patch(url, {"year": 2017}, **{"If-Match": f'"{mine["id"]}.2"'}), 412, "precondition_failed")
    problem(world.delete(url, **{"If-Match": f'"{mine["id"]}.2"'}), 412, "precondition_failed")
    assert world.patch(url, {"year": 2017}, **{"If-Match": f'"{mine["id"]}.1"'}).status_code == 200
    assert world.delete(url, **{"If-Match": f'"{mine["id"]}.2"'}).status_code == 204


def test_delete_is_audited(world: RecordsWorld, mine: dict[str, Any]) -> None:
    url = _one(world, mine["id"])
    r = world.delete(url, "officer")
    assert (r.status_code, r.content) == (204, b"")
    problem(world.get(url), 404, "not_found")
    problem(world.delete(url), 404, "not_found")
    assert world.items(world.of_person("achievements")) == []
    action, details = world.events(mine["id"])[-1]
    assert (action, details["title"], details["decision_number"]) == (
        "achievement.delete",
        BODY["title"],
        "245/QĐ-BKHCN",
    )


def test_create_honours_idempotency_key(world: RecordsWorld) -> None:
    headers = {**world.admin, "Idempotency-Key": str(uuid.uuid4())}
    url = world.of_person("achievements")
    first = world.client.post(url, json=BODY, headers=headers)
    again = world.client.post(url, json=BODY, headers=headers)
    assert (first.status_code, again.status_code, again.headers["Idempotent-Replayed"]) == (201, 201, "true")
    assert again.json() == first.json()
    problem(
        world.client.post(url, json={**BODY, "year": 2017}, headers=headers), 422, "idempotency_key_reused"
    )
    assert len(world.items(url)) == 1


# ---- who may ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["admin", "secretariat", "observer", "officer", "reader"])
def test_readers_of_a_persons_achievements(world: RecordsWorld, mine: dict[str, Any], who: str) -> None:
    assert world.items(world.of_person("achievements"), who) == [mine]
    assert world.get(_one(world, mine["id"]), who).json() == mine


def test_an_officer_of_another_unit_gets_404(world: RecordsWorld, mine: dict[str, Any]) -> None:
    for r in (
        world.get(world.of_person("achievements"), "stranger"),
        world.post(world.of_person("achievements"), BODY, "stranger"),
        world.get(_one(world, mine["id"]), "stranger"),
        world.patch(_one(world, mine["id"]), {"year": 2017}, "stranger"),
        world.delete(_one(world, mine["id"]), "stranger"),
    ):
        problem(r, 404, "not_found")
    assert world.get(_one(world, mine["id"])).json() == mine


@pytest.mark.parametrize("who", ["observer", "reader", "client_without_scope"])
def test_readers_may_not_write(world: RecordsWorld, mine: dict[str, Any], who: str) -> None:
    problem(world.post(world.of_person("achievements"), BODY, who), 403, "forbidden")
    problem(world.patch(_one(world, mine["id"]), {"year": 2017}, who), 403, "forbidden")
    problem(world.delete(_one(world, mine["id"]), who), 403, "forbidden")
    assert world.items(world.of_person("achievements")) == [mine]


def test_a_client_without_units_read_may_not_read(world: RecordsWorld, mine: dict[str, Any]) -> None:
    problem(world.get(world.of_person("achievements"), "client_without_scope"), 403, "forbidden")
    problem(world.get(_one(world, mine["id"]), "client_without_scope"), 403, "forbidden")


def test_a_unit_does_not_record_its_own_achievements(world: RecordsWorld) -> None:
    theirs = world.created(world.of_unit("achievements"), BODY)
    problem(world.post(world.of_unit("achievements"), BODY, "officer"), 403, "forbidden")
    problem(world.patch(_one(world, theirs["id"]), {"year": 2017}, "officer"), 403, "forbidden")
    problem(world.delete(_one(world, theirs["id"]), "officer"), 403, "forbidden")
    assert world.get(_one(world, theirs["id"]), "officer").json() == theirs
    # Another unit's officers neither read them nor learn they exist.
    problem(world.get(world.of_unit("achievements"), "stranger"), 403, "forbidden")
    problem(world.get(_one(world, theirs["id"]), "stranger"), 404, "not_found")
    assert world.items(world.of_unit("achievements"), "observer") == [theirs]
    assert world.items(world.of_unit("achievements"), "reader") == [theirs]


def test_the_record_follows_the_person(world: RecordsWorld, mine: dict[str, Any]) -> None:
    r = world.client.post(
        f"{API}/people/{world.person['id']}/transfers",
        json={"unit_id": world.other_unit["id"], "on": "2018-01-01"},
        headers=world.admin,
    )
    assert r.status_code == 201, r.text
    problem(world.get(_one(world, mine["id"]), "officer"), 404, "not_found")
    assert world.get(_one(world, mine["id"]), "stranger").json() == mine
    assert world.patch(_one(world, mine["id"]), {"year": 2017}, "stranger").status_code == 200


@pytest.mark.parametrize("achievement_id", [*ODD_IDS, "%25"])
def test_unknown_or_malformed_id_is_404(world: RecordsWorld, achievement_id: str) -> None:
    for r in (
        world.get(_one(world, achievement_id)),
        world.patch(_one(world, achievement_id), {"year": 2017}),
        world.delete(_one(world, achievement_id)),
        world.get(world.of_person("achievements", {"id": achievement_id})),
        world.post(world.of_person("achievements", {"id": achievement_id}), BODY),
        world.get(world.of_unit("achievements", {"id": achievement_id})),
        world.post(world.of_unit("achievements", {"id": achievement_id}), BODY),
    ):
        problem(r, 404, "not_found")
