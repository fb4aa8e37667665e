"""Score sheets through HTTP, on SQLite and PostgreSQL: write, read, list, submit, return."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, select

from app.models import Criterion, ScoreEntry, ScoreSheet, Unit
from app.models.base import new_id
from tests.support.builders import Headers
from tests.support.problems import expected_errors, problem
from tests.support.scoring import FULL, ScoringWorld, sheet_url

SHEET_KEYS = {
    "id",
    "campaign_id",
    "unit_id",
    "unit_code",
    "unit_name",
    "stage",
    "status",
    "total",
    "standard_total",
    "bonus_total",
    "penalty_total",
    "entries",
    "return_reason",
    "submitted_at",
    "updated_at",
}


# ---- write ---------------------------------------------------------------------------------------------


def test_an_officer_writes_its_units_self_sheet(world: ScoringWorld) -> None:
    entries = [
        {"criterion": "1.2", "points": 18, "note": "  Đã hoàn thành 18/20 nhiệm vụ  "},
        {"criterion": "1.1", "points": 9.5},
        {"criterion": "2.1", "points": 2.25},
        {"criterion": "2.2", "points": 1},
    ]
    r = world.put(world.member_unit, entries, world.member)
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == SHEET_KEYS
    assert body | {"id": None, "updated_at": None} == {
        "id": None,
        "campaign_id": world.cid,
        **world.unit_ref(world.member_unit),  # the unit's code and name, as its row holds them
        "stage": "self",
        "status": "draft",
        "total": 28.75,
        "standard_total": 27.5,
        "bonus_total": 2.25,
        "penalty_total": 1.0,
        "entries": [  # in the criteria's order, notes stripped
            {"criterion": "1.1", "points": 9.5, "note": None},
            {"criterion": "1.2", "points": 18.0, "note": "Đã hoàn thành 18/20 nhiệm vụ"},
            {"criterion": "2.1", "points": 2.25, "note": None},
            {"criterion": "2.2", "points": 1.0, "note": None},
        ],
        "return_reason": None,
        "submitted_at": None,
        "updated_at": None,
    }
    assert r.headers["ETag"] == f'"{body["id"]}.1"'
    got = world.client.get(world.url(world.member_unit), headers=world.member)
    assert (got.status_code, got.json(), got.headers["ETag"]) == (200, body, r.headers["ETag"])

    (event,) = world.events(body["id"])
    assert (event.action, event.object_type, event.actor_type) == (
        "score_sheet.create",
        "score_sheet",
        "user",
    )
    assert event.details == {
        "campaign_id": world.cid,
        "unit_id": world.member_unit,
        "stage": "self",
        "changes": {"1.2": [None, 18.0], "1.1": [None, 9.5], "2.1": [None, 2.25], "2.2": [None, 1.0]},
        "notes": {"1.2": [None, "Đã hoàn thành 18/20 nhiệm vụ"]},
    }


def test_a_put_replaces_the_entries_and_audits_old_and_new_values(world: ScoringWorld) -> None:
    first = world.put(world.member_unit, [*FULL, {"criterion": "1.3", "points": 5}], world.member)
    assert first.status_code == 200
    sheet_id = first.json()["id"]
    r = world.put(
        world.member_unit,
        [{"criterion": "1.1", "points": 8}, {"criterion": "1.2", "points": 18}],
        world.member,
    )
    assert r.status_code == 200, r.text
    assert r.headers["ETag"] == f'"{sheet_id}.2"'
    assert r.json()["entries"] == [
        {"criterion": "1.1", "points": 8.0, "note": None},
        {"criterion": "1.2", "points": 18.0, "note": None},
    ]
    assert r.json()["total"] == 26.0
    assert r.json()["updated_at"] > first.json()["updated_at"]
    update = world.events(sheet_id)[-1]
    assert update.action == "score_sheet.update"
    assert update.details["changes"] == {"1.1": [9.5, 8.0], "1.3": [5.0, None]}
    with world.session_factory() as s:
        stored = s.execute(
            select(ScoreEntry.criterion_code, ScoreEntry.points_centi).where(ScoreEntry.sheet_id == sheet_id)
        ).all()
    assert sorted(stored) == [("1.1", 800), ("1.2", 1800)]


def test_sending_what_is_stored_changes_nothing(world: ScoringWorld) -> None:
    first = world.put(world.member_unit, FULL, world.member)
    again = world.put(world.member_unit, list(reversed(FULL)), world.member)
    assert again.status_code == 200
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.json() == first.json()
    assert len(world.events(first.json()["id"])) == 1
    # A note alone is a change, audited as such.
    noted = world.put(world.member_unit, [FULL[0], {**FULL[1], "note": "Có minh chứng"}], world.member)
    assert noted.headers["ETag"] != first.headers["ETag"]
    assert world.events(first.json()["id"])[-1].details["notes"] == {"1.2": [None, "Có minh chứng"]}
    assert "changes" not in world.events(first.json()["id"])[-1].details


def test_an_empty_sheet_is_allowed_as_a_draft(world: ScoringWorld) -> None:
    r = world.put(world.member_unit, [], world.member)
    assert r.status_code == 200
    assert (r.json()["entries"], r.json()["total"], r.json()["status"]) == ([], 0.0, "draft")


def test_who_may_write_a_self_sheet(world: ScoringWorld) -> None:
    unit = world.member_unit
    assert world.put(unit, FULL, world.member).status_code == 200
    assert world.put(unit, FULL, world.client_for(unit)).status_code == 200
    assert world.put(unit, FULL, world.secretariat).status_code == 200
    for denied in (
        world.other,  # another member's officer
        world.leader,  # the leader scores in review, not another unit's self sheet
        world.observer,
        world.outsider,
        world.client_for(world.other_unit),  # bound to another unit
        world.client_for(unit, ("results:read",)),  # no scores:write
        world.headers_for("admin"),
    ):
        problem(world.put(unit, [{"criterion": "1.1", "points": 1}], denied), 403, "forbidden")
    assert world.client.get(world.url(unit), headers=world.member).json()["entries"][0]["points"] == 9.5


def test_who_may_write_a_review_sheet(world: ScoringWorld) -> None:
    unit = world.member_unit
    assert world.put(unit, FULL, world.leader, "review").status_code == 200
    assert world.put(unit, FULL, world.deputy, "review").status_code == 200
    assert world.put(unit, FULL, world.secretariat, "review").status_code == 200
    for denied in (world.member, world.other, world.observer, world.outsider, world.client_for(unit)):
        problem(world.put(unit, FULL, denied, "review"), 403, "forbidden")


def test_nobody_reviews_their_own_unit(world: ScoringWorld, headers_for: Callable[..., Headers]) -> None:
    body = problem(world.put(world.leader_unit, FULL, world.leader, "review"), 403, "conflict_of_interest")
    assert body["detail"] == "Nobody reviews their own unit's sheet (conflict of interest)."
    problem(world.put(world.deputy_unit, FULL, world.deputy, "review"), 403, "conflict_of_interest")
    vi = world.put(world.leader_unit, FULL, {**world.leader, "Accept-Language": "vi"}, "review")
    assert (
        vi.json()["detail"]
        == "Không ai được chấm điểm thẩm định hoặc trả lại bảng điểm của chính đơn vị mình."
    )
    # A secretariat user belonging to a member unit does not review that unit either.
    own = headers_for("secretariat", unit_id=world.other_unit)
    problem(world.put(world.other_unit, FULL, own, "review"), 403, "conflict_of_interest")
    # The leader and the deputy review each other's unit; the leader scores itself only in self.
    assert world.put(world.deputy_unit, FULL, world.leader, "review").status_code == 200
    assert world.put(world.leader_unit, FULL, world.deputy, "review").status_code == 200
    assert world.put(world.leader_unit, FULL, world.leader, "self").status_code == 200
    with world.session_factory() as s:
        stored = s.scalars(select(ScoreSheet.unit_id).where(ScoreSheet.stage == "review")).all()
    assert sorted(stored) == sorted([world.deputy_unit, world.leader_unit])


@pytest.mark.parametrize("stage", ["cross", "SELF", "final"])
def test_other_stages_are_422(world: ScoringWorld, stage: str) -> None:
    body = problem(world.put(world.member_unit, FULL, world.secretariat, stage), 422, "validation_error")
    assert body["errors"][0]["loc"] == ["path", "stage"]


def test_the_unit_must_be_a_member_that_year(world: ScoringWorld) -> None:
    body = problem(world.put(world.outside_unit, FULL, world.secretariat), 422, "not_a_member")
    assert body["errors"] == [
        {"loc": ["path", "unit_id"], "msg": "not a member of the bloc that year", "type": "not_a_member"}
    ]
    problem(world.put(world.outside_unit, FULL, world.outsider), 422, "not_a_member")
    problem(world.put(new_id(), FULL, world.secretariat), 404, "not_found")
    problem(world.put("x" * 65, FULL, world.secretariat), 404, "not_found")
    problem(world.client.put(sheet_url(new_id(), world.member_unit, "self"), json={"entries": FULL},
                             headers=world.secretariat), 404, "not_found")  # fmt: skip


def test_entries_are_checked_against_the_criteria(world: ScoringWorld) -> None:
    entries = [
        {"criterion": "1.1", "points": 10},
        {"criterion": "9.9", "points": 1},
        {"criterion": "1", "points": 1},
        {"criterion": "1.2", "points": 20.01},
        {"criterion": "1.1", "points": 3},
        {"criterion": "2.2", "points": 5},
    ]
    body = problem(world.put(world.member_unit, entries, world.member), 422, "validation_error")
    assert body["errors"] == expected_errors(
        (["body", "entries", 1, "criterion"], "unknown criterion '9.9'", "unknown_criterion"),
        (["body", "entries", 2, "criterion"], "'1' is a group; score its items", "group_scored"),
        (["body", "entries", 3, "points"], "points for '1.2' must be between 0 and 20", "out_of_range"),
        (["body", "entries", 4, "criterion"], "criterion '1.1' is scored twice", "duplicate"),
    )
    problem(world.client.get(world.url(world.member_unit), headers=world.member), 404, "not_found")


@pytest.mark.parametrize(
    ("entry", "loc"),
    [
        ({"criterion": "1.1", "points": -1}, ["body", "entries", 0, "points"]),
        ({"criterion": "1.1", "points": 9.555}, ["body", "entries", 0, "points"]),
        ({"criterion": "1.1", "points": "nhiều"}, ["body", "entries", 0, "points"]),
        # Points are JSON numbers: neither a numeric string nor a boolean is one.
        ({"criterion": "1.1", "points": "9.5"}, ["body", "entries", 0, "points"]),
        ({"criterion": "1.1", "points": True}, ["body", "entries", 0, "points"]),
        ({"criterion": "1.1", "points": 1e300}, ["body", "entries", 0, "points"]),
        ({"criterion": "1.1"}, ["body", "entries", 0, "points"]),
        ({"criterion": "", "points": 1}, ["body", "entries", 0, "criterion"]),
        ({"criterion": "1.1", "points": 1, "note": "x" * 2001}, ["body", "entries", 0, "note"]),
        ({"criterion": "1.1", "points": 1, "weight": 2}, ["body", "entries", 0, "weight"]),
    ],
)
def test_malformed_entries_are_422(world: ScoringWorld, entry: dict[str, Any], loc: list[Any]) -> None:
    body = problem(world.put(world.member_unit, [entry], world.member), 422, "validation_error")
    assert [e["loc"] for e in body["errors"]] == [loc]


def test_limits_on_notes_and_entries(world: ScoringWorld) -> None:
    ok = world.put(
        world.member_unit, [{"criterion": "1.1", "points": 0.01, "note": "ý" * 2000}], world.member
    )
    assert ok.status_code == 200, ok.text
    assert ok.json()["entries"][0]["points"] == 0.01
    too_many = [{"criterion": "1.1", "points": 1}] * 1001
    body = problem(world.put(world.member_unit, too_many, world.member), 422, "validation_error")
    assert body["errors"][0]["loc"] == ["body", "entries"]


def test_if_match(world: ScoringWorld) -> None:
    problem(
        world.put(world.member_unit, FULL, {**world.member, "If-Match": '"nope.1"'}),
        412,
        "precondition_failed",
    )
    first = world.put(world.member_unit, FULL, world.member)
    etag = first.headers["ETag"]
    stale = world.put(world.member_unit, [FULL[0]], {**world.member, "If-Match": '"x.9"'})
    problem(stale, 412, "precondition_failed")
    ok = world.put(world.member_unit, [FULL[0]], {**world.member, "If-Match": etag})
    assert ok.status_code == 200
    problem(
        world.put(world.member_unit, FULL, {**world.member, "If-Match": etag}), 412, "precondition_failed"
    )
    problem(world.submit(world.member_unit, {**world.member, "If-Match": etag}), 412, "precondition_failed")


def test_a_closed_campaign_refuses_changes(world: ScoringWorld) -> None:
    world.scored(world.member_unit, FULL)
    world.put(world.other_unit, FULL, world.other)
    world.close_campaign()
    problem(world.put(world.other_unit, FULL[:1], world.other), 409, "campaign_closed")
    problem(world.submit(world.other_unit, world.other), 409, "campaign_closed")
    problem(world.give_back(world.member_unit, world.leader), 409, "campaign_closed")
    assert (
        world.client.get(world.url(world.other_unit), headers=world.other).json()["entries"][1]["points"]
        == 18
    )


# ---- submit and return -------------------------------------------------------------------------------


def test_submit_needs_every_required_item(world: ScoringWorld) -> None:
    world.put(world.member_unit, [{"criterion": "2.1", "points": 1}], world.member)
    body = problem(world.submit(world.member_unit, world.member), 422, "required_unscored")
    assert body["missing"] == ["1.1", "1.2"]
    assert body["errors"] == [
        {"loc": ["entries", "1.1"], "msg": "required item '1.1' is not scored", "type": "required_unscored"},
        {"loc": ["entries", "1.2"], "msg": "required item '1.2' is not scored", "type": "required_unscored"},
    ]
    assert world.client.get(world.url(world.member_unit), headers=world.member).json()["status"] == "draft"


def test_a_submitted_sheet_is_locked(world: ScoringWorld) -> None:
    sheet = world.put(world.member_unit, FULL, world.member).json()
    r = world.submit(world.member_unit, world.member)
    assert r.status_code == 200, r.text
    locked = r.json()
    assert (locked["status"], locked["return_reason"], locked["total"]) == ("submitted", None, 27.5)
    submitted_at = datetime.fromisoformat(locked["submitted_at"])
    assert submitted_at.utcoffset() == timedelta(0)
    assert r.headers["ETag"] == f'"{sheet["id"]}.2"'
    assert locked["entries"] == sheet["entries"]

    body = problem(world.put(world.member_unit, [FULL[0]], world.member), 409, "sheet_locked")
    assert body["detail"] == "The sheet is submitted and locked; it can change only after it is returned."
    problem(
        world.put(world.member_unit, [*FULL, {"criterion": "1.3", "points": 1}], world.secretariat),
        409,
        "sheet_locked",
    )
    # Re-sending what is stored is not a change.
    same = world.put(world.member_unit, FULL, world.member)
    assert (same.status_code, same.json(), same.headers["ETag"]) == (200, locked, r.headers["ETag"])
    problem(world.submit(world.member_unit, world.member), 409, "invalid_transition")
    assert [e.action for e in world.events(sheet["id"])] == ["score_sheet.create", "score_sheet.submit"]
    assert world.events(sheet["id"])[-1].details["total"] == 27.5


def test_who_may_submit(world: ScoringWorld) -> None:
    for unit in (world.member_unit, world.other_unit):
        world.put(unit, FULL, world.secretariat)
        world.put(unit, FULL, world.secretariat, "review")
    for denied in (world.other, world.leader, world.observer, world.client_for(world.other_unit)):
        problem(world.submit(world.member_unit, denied), 403, "forbidden")
    problem(world.submit(world.member_unit, world.member, "review"), 403, "forbidden")
    assert world.submit(world.member_unit, world.client_for(world.member_unit)).status_code == 200
    assert world.submit(world.other_unit, world.secretariat).status_code == 200
    assert world.submit(world.member_unit, world.leader, "review").status_code == 200
    # Submitting a sheet never written: 404.
    problem(world.submit(world.deputy_unit, world.secretariat), 404, "not_found")


def test_submit_without_criteria_is_409(
    client: TestClient,
    make_bloc: Callable[..., dict[str, Any]],
    make_campaign: Callable[..., dict[str, Any]],
    officer_of: Callable[[str], Headers],
) -> None:
    bloc = make_bloc(2, year=2017)
    campaign = make_campaign(bloc)
    officer = officer_of(bloc["unit_ids"][1])
    url = sheet_url(campaign["id"], bloc["unit_ids"][1], "self")
    assert client.put(url, json={"entries": []}, headers=officer).status_code == 200
    problem(client.post(f"{url}/submit", headers=officer), 409, "criteria_not_set")


def test_submit_refuses_entries_the_criteria_no_longer_have(world: ScoringWorld) -> None:
    world.put(world.member_unit, [*FULL, {"criterion": "1.3", "points": 4}], world.member)
    with world.session_factory() as s:  # the leader changed the criteria while the sheet was a draft
        s.execute(delete(Criterion).where(Criterion.campaign_id == world.cid, Criterion.code == "1.3"))
        s.commit()
    got = world.client.get(world.url(world.member_unit), headers=world.member).json()
    assert ([e["criterion"] for e in got["entries"]], got["total"]) == (["1.1", "1.2", "1.3"], 27.5)
    body = problem(world.submit(world.member_unit, world.member), 422, "validation_error")
    assert body["errors"] == expected_errors(
        (["entries", "1.3", "criterion"], "unknown criterion '1.3'", "unknown_criterion"),
    )
    assert world.put(world.member_unit, FULL, world.member).status_code == 200
    assert world.submit(world.member_unit, world.member).status_code == 200


def test_a_returned_sheet_accepts_changes_again(world: ScoringWorld) -> None:
    sheet_id = world.put(world.member_unit, FULL, world.member).json()["id"]
    world.submit(world.member_unit, world.member)
    r = world.give_back(world.member_unit, world.leader, reason="  Thiếu minh chứng tiêu chí 1.2  ")
    assert r.status_code == 200, r.text
    assert (r.json()["status"], r.json()["return_reason"], r.json()["submitted_at"]) == (
        "returned",
        "Thiếu minh chứng tiêu chí 1.2",
        None,
    )
    problem(world.give_back(world.member_unit, world.leader), 409, "invalid_transition")

    edited = world.put(world.member_unit, [FULL[0], {"criterion": "1.2", "points": 19.5}], world.member)
    assert edited.status_code == 200, edited.text
    assert (edited.json()["status"], edited.json()["total"]) == ("returned", 29.0)
    assert edited.json()["return_reason"] == "Thiếu minh chứng tiêu chí 1.2"
    again = world.submit(world.member_unit, world.member)
    assert (again.json()["status"], again.json()["return_reason"]) == ("submitted", None)
    assert [e.action for e in world.events(sheet_id)] == [
        "score_sheet.create",
        "score_sheet.submit",
        "score_sheet.return",
        "score_sheet.update",
        "score_sheet.submit",
    ]
    assert world.events(sheet_id)[2].details["reason"] == "Thiếu minh chứng tiêu chí 1.2"
    assert world.events(sheet_id)[3].details["changes"] == {"1.2": [18.0, 19.5]}


def test_who_may_return(world: ScoringWorld) -> None:
    for unit in (world.member_unit, world.leader_unit):
        world.scored(unit, FULL)
        world.scored(unit, FULL, "review")
    for denied in (
        world.member,
        world.other,
        world.observer,
        world.client_for(world.member_unit),
        world.outsider,
    ):
        problem(world.give_back(world.member_unit, denied), 403, "forbidden")
    # The leader never returns its own unit's sheets, review or self; the secretariat may.
    problem(world.give_back(world.leader_unit, world.leader, "review"), 403, "conflict_of_interest")
    problem(world.give_back(world.leader_unit, world.leader, "self"), 403, "conflict_of_interest")
    assert world.give_back(world.leader_unit, world.secretariat, "review").status_code == 200
    assert world.give_back(world.leader_unit, world.secretariat, "self").status_code == 200
    assert world.give_back(world.member_unit, world.deputy, "review").status_code == 200
    assert world.give_back(world.member_unit, world.secretariat).status_code == 200
    problem(world.give_back(world.other_unit, world.secretariat), 404, "not_found")
    r = world.client.post(
        world.url(world.member_unit, "self", "/return"), json={"reason": ""}, headers=world.leader
    )
    problem(r, 422, "validation_error")


# ---- read ---------------------------------------------------------------------------------------------


def test_who_may_read_a_draft_and_a_submitted_sheet(world: ScoringWorld) -> None:
    unit = world.member_unit
    world.put(unit, FULL, world.member)
    url = world.url(unit)
    readers = (
        world.member,
        world.leader,
        world.deputy,
        world.secretariat,
        world.observer,
        world.client_for(unit),
    )
    for reader in readers:
        assert world.client.get(url, headers=reader).status_code == 200
    for hidden in (
        world.other,
        world.outsider,
        world.client_for(world.other_unit),
        world.headers_for("admin"),
    ):
        problem(world.client.get(url, headers=hidden), 404, "not_found")
    world.submit(unit, world.member)
    # Members (their officers, their bound clients) read submitted sheets.
    assert world.client.get(url, headers=world.other).status_code == 200
    assert world.client.get(url, headers=world.client_for(world.other_unit)).status_code == 200
    for hidden in (world.outsider, world.client_for(world.outside_unit), world.headers_for("admin")):
        problem(world.client.get(url, headers=hidden), 404, "not_found")
    world.give_back(unit, world.leader)
    problem(world.client.get(url, headers=world.other), 404, "not_found")
    problem(world.client.get(world.url(world.other_unit), headers=world.secretariat), 404, "not_found")
    assert world.client.get(url).status_code == 401


def test_list_sheets(world: ScoringWorld) -> None:
    world.scored(world.member_unit, FULL)
    world.put(
        world.other_unit, [{"criterion": "1.1", "points": 7}, {"criterion": "2.2", "points": 2}], world.other
    )
    world.put(world.member_unit, FULL, world.leader, "review")
    base = f"/api/v1/campaigns/{world.cid}/scores"

    r = world.client.get(base, headers=world.leader)
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    assert [(i["unit_id"], i["stage"], i["status"], i["total"]) for i in items] == [
        (world.member_unit, "self", "submitted", 27.5),
        (world.other_unit, "self", "draft", 5.0),
        (world.member_unit, "review", "draft", 27.5),
    ]
    assert "entries" not in items[0]
    assert set(items[1]) == SHEET_KEYS - {"entries"}
    assert [{k: i[k] for k in ("unit_id", "unit_code", "unit_name")} for i in items] == [
        world.unit_ref(u) for u in (world.member_unit, world.other_unit, world.member_unit)
    ]
    assert (items[1]["standard_total"], items[1]["penalty_total"]) == (7.0, 2.0)
    assert r.json()["next_cursor"] is None

    def units(params: dict[str, Any], headers: Headers) -> list[tuple[str, str]]:
        got = world.client.get(base, params=params, headers=headers)
        assert got.status_code == 200, got.text
        return [(i["unit_id"], i["stage"]) for i in got.json()["items"]]

    assert units({"stage": "review"}, world.secretariat) == [(world.member_unit, "review")]
    assert units({"status": "draft", "stage": "self"}, world.observer) == [(world.other_unit, "self")]
    assert units({}, world.member) == [(world.member_unit, "self"), (world.member_unit, "review")]
    assert units({}, world.other) == [(world.other_unit, "self")]
    assert units({}, world.client_for(world.other_unit)) == [(world.other_unit, "self")]

    first = world.client.get(base, params={"limit": 2}, headers=world.leader)
    assert len(first.json()["items"]) == 2 and first.headers["Link"].endswith('rel="next"')
    rest = world.client.get(
        base, params={"limit": 2, "cursor": first.json()["next_cursor"]}, headers=world.leader
    )
    assert [i["stage"] for i in rest.json()["items"]] == ["review"]

    problem(world.client.get(base, headers=world.outsider), 403, "forbidden")
    problem(
        world.client.get(base, headers=world.client_for(world.member_unit, ("results:read",))),
        403,
        "forbidden",
    )
    problem(world.client.get(base, params={"stage": "cross"}, headers=world.leader), 422, "validation_error")
    problem(world.client.get(f"/api/v1/campaigns/{new_id()}/scores", headers=world.leader), 404, "not_found")


def test_entries_of_a_unit_name_keep_vietnamese_text_nfc(world: ScoringWorld) -> None:
    import unicodedata

    note = unicodedata.normalize("NFD", "Đã hoàn thành xuất sắc")
    r = world.put(world.member_unit, [{"criterion": "1.1", "points": 1, "note": note}], world.member)
    assert r.json()["entries"][0]["note"] == unicodedata.normalize("NFC", note)
    with world.session_factory() as s:
        assert s.scalar(select(ScoreEntry.note)) == unicodedata.normalize("NFC", note)
        assert s.get(Unit, world.member_unit) is not None
