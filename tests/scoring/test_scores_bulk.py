"""Bulk scoring through HTTP, on SQLite and PostgreSQL: all or nothing, permissions, idempotency, and a
constant number of SQL statements whatever the number of sheets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from app.core.audit_sealer import seal_pending
from app.models import AuditEvent, ScoreEntry, ScoreSheet
from app.scoring.sheet_schemas import MAX_BULK_SHEETS
from tests.support.builders import Headers, insert_criteria
from tests.support.db import counting
from tests.support.problems import expected_errors, problem
from tests.support.scoring import FULL, ScoringWorld, entries, many_units


def bulk_url(campaign_id: str) -> str:
    return f"/api/v1/campaigns/{campaign_id}/scores/bulk"


def post(world: ScoringWorld, body: dict[str, Any], headers: Headers | None = None, **kw: Any) -> Any:
    return world.client.post(bulk_url(world.cid), json=body, headers=headers or world.secretariat, **kw)


def sheet(unit_id: str, items: list[dict[str, Any]] = FULL) -> dict[str, Any]:
    return {"unit_id": unit_id, "entries": items}


def stored(world: ScoringWorld) -> list[tuple[str, str, str, int]]:
    """(unit, stage, status, number of entries) of every stored sheet."""
    with world.session_factory() as s:
        rows = s.execute(
            select(
                ScoreSheet.unit_id, ScoreSheet.stage, ScoreSheet.status, func.count(ScoreEntry.criterion_code)
            )
            .outerjoin(ScoreEntry, ScoreEntry.sheet_id == ScoreSheet.id)
            .where(ScoreSheet.campaign_id == world.cid)
            .group_by(ScoreSheet.unit_id, ScoreSheet.stage, ScoreSheet.status)
        ).all()
    return sorted((u, st, status, n) for u, st, status, n in rows)


def score_events(world: ScoringWorld) -> list[AuditEvent]:
    seal_pending(world.session_factory)
    with world.session_factory() as s:
        return list(
            s.scalars(
                select(AuditEvent).where(AuditEvent.object_type == "score_sheet").order_by(AuditEvent.seq)
            )
        )


def test_the_secretariat_writes_many_sheets(world: ScoringWorld) -> None:
    m, o = world.member_unit, world.other_unit
    body = {
        "stage": "self",
        "sheets": [sheet(m), sheet(o, [{"criterion": "1.1", "points": 4, "note": "Một phần"}])],
    }
    r = post(world, body)
    assert r.status_code == 200, r.text
    assert r.json() == {
        "sheets": [
            {**world.unit_ref(m), "status": "draft", "total": 27.5, "changed": True},
            {**world.unit_ref(o), "status": "draft", "total": 4.0, "changed": True},
        ]
    }
    got = world.client.get(world.url(o), headers=world.other).json()
    assert (got["status"], got["entries"], got["submitted_at"]) == (
        "draft",
        [{"criterion": "1.1", "points": 4.0, "note": "Một phần"}],
        None,
    )
    assert world.client.get(world.url(o), headers=world.other).headers["ETag"] == f'"{got["id"]}.1"'
    events = score_events(world)
    assert [(e.action, e.object_id) for e in events] == [
        ("score_sheet.create", world.client.get(world.url(m), headers=world.member).json()["id"]),
        ("score_sheet.create", got["id"]),
    ]
    assert events[1].details == {
        "campaign_id": world.cid,
        "unit_id": o,
        "stage": "self",
        "bulk": True,
        "changes": {"1.1": [None, 4.0]},
        "notes": {"1.1": [None, "Một phần"]},
        "status": [None, "draft"],
    }

    # Rewriting replaces the entries, bumps the version and audits old and new values.
    again = post(world, {"stage": "self", "sheets": [sheet(o, [{"criterion": "1.2", "points": 20}])]})
    assert again.json() == {
        "sheets": [{**world.unit_ref(o), "status": "draft", "total": 20.0, "changed": True}]
    }
    now = world.client.get(world.url(o), headers=world.other)
    assert now.headers["ETag"] == f'"{got["id"]}.2"'
    assert now.json()["entries"] == [{"criterion": "1.2", "points": 20.0, "note": None}]
    assert score_events(world)[-1].details["changes"] == {"1.1": [4.0, None], "1.2": [None, 20.0]}


def test_submit_and_resend_unchanged_is_a_no_op(world: ScoringWorld) -> None:
    m, o = world.member_unit, world.other_unit
    world.put(o, FULL, world.other)  # an existing draft, submitted by the bulk write
    body = {"stage": "self", "sheets": [sheet(m), sheet(o)], "submit": True}
    r = post(world, body)
    assert r.status_code == 200, r.text
    assert [(s["status"], s["changed"]) for s in r.json()["sheets"]] == [
        ("submitted", True),
        ("submitted", True),
    ]
    got = world.client.get(world.url(o), headers=world.other)
    assert (got.json()["status"], got.headers["ETag"]) == ("submitted", f'"{got.json()["id"]}.2"')
    assert got.json()["submitted_at"] is not None
    assert score_events(world)[-1].details["status"] == ["draft", "submitted"]
    assert "changes" not in score_events(world)[-1].details
    events_before = len(score_events(world))

    for submit in (True, False):
        same = post(world, {**body, "submit": submit})
        assert same.status_code == 200, same.text
        assert same.json()["sheets"] == [
            {**world.unit_ref(m), "status": "submitted", "total": 27.5, "changed": False},
            {**world.unit_ref(o), "status": "submitted", "total": 27.5, "changed": False},
        ]
    assert world.client.get(world.url(o), headers=world.other).headers["ETag"] == got.headers["ETag"]
    assert len(score_events(world)) == events_before


def test_a_changed_submitted_sheet_is_409_and_nothing_is_stored(world: ScoringWorld) -> None:
    m, o, d = world.member_unit, world.other_unit, world.deputy_unit
    post(world, {"stage": "self", "sheets": [sheet(m), sheet(o)], "submit": True})
    before, events = stored(world), len(score_events(world))
    body = {
        "stage": "self",
        "sheets": [sheet(d), sheet(m), sheet(o, [{"criterion": "1.1", "points": 1}, FULL[1]])],
    }
    r = problem(post(world, body), 409, "sheet_locked")
    assert r["errors"] == [
        {"loc": ["body", "sheets", 2], "msg": f"the sheet of unit {o} is submitted", "type": "sheet_locked"}
    ]
    assert stored(world) == before
    assert len(score_events(world)) == events
    # Once returned, the sheet takes the bulk write again.
    world.give_back(o, world.leader)
    ok = post(world, body)
    assert ok.status_code == 200, ok.text
    assert [(s["unit_id"], s["status"], s["changed"]) for s in ok.json()["sheets"]] == [
        (d, "draft", True),
        (m, "submitted", False),
        (o, "returned", True),
    ]
    resubmitted = post(world, {"stage": "self", "sheets": [body["sheets"][2]], "submit": True}).json()
    assert resubmitted["sheets"] == [
        {**world.unit_ref(o), "status": "submitted", "total": 19.0, "changed": True}
    ]
    got = world.client.get(world.url(o), headers=world.other).json()
    assert (got["status"], got["return_reason"]) == ("submitted", None)


def test_all_or_nothing_errors_name_the_sheet_and_entry(world: ScoringWorld) -> None:
    m, o, d = world.member_unit, world.other_unit, world.deputy_unit
    body = {
        "stage": "self",
        "sheets": [
            sheet(m),
            sheet(o, [{"criterion": "1.1", "points": 11}, {"criterion": "9", "points": 1}]),
            sheet(world.outside_unit),
            sheet(m),
            sheet(
                d,
                [
                    {"criterion": "1", "points": 1},
                    {"criterion": "2.2", "points": 2},
                    {"criterion": "2.2", "points": 1},
                ],
            ),
        ],
    }
    r = problem(post(world, body), 422, "validation_error")
    assert r["errors"] == expected_errors(
        (
            ["body", "sheets", 1, "entries", 0, "points"],
            "points for '1.1' must be between 0 and 10",
            "out_of_range",
        ),
        (["body", "sheets", 1, "entries", 1, "criterion"], "unknown criterion '9'", "unknown_criterion"),
        (["body", "sheets", 2, "unit_id"], "not a member of the bloc that year", "not_a_member"),
        (["body", "sheets", 3, "unit_id"], "this unit's sheet is sent twice", "duplicate"),
        (["body", "sheets", 4, "entries", 0, "criterion"], "'1' is a group; score its items", "group_scored"),
        (["body", "sheets", 4, "entries", 2, "criterion"], "criterion '2.2' is scored twice", "duplicate"),
    )
    assert stored(world) == []
    assert score_events(world) == []
    only = problem(post(world, {"stage": "self", "sheets": [sheet(world.outside_unit)]}), 422, "not_a_member")
    assert only["errors"][0]["loc"] == ["body", "sheets", 0, "unit_id"]


def test_submit_needs_every_required_item_in_every_sheet(world: ScoringWorld) -> None:
    body = {
        "stage": "self",
        "submit": True,
        "sheets": [sheet(world.member_unit), sheet(world.other_unit, [FULL[1]])],
    }
    r = problem(post(world, body), 422, "required_unscored")
    assert r["errors"] == expected_errors(
        (["body", "sheets", 1, "entries", "1.1"], "required item '1.1' is not scored", "required_unscored"),
    )
    assert stored(world) == []
    assert post(world, {**body, "submit": False}).status_code == 200


_TOO_PRECISE = {"unit_id": "x", "entries": [{"criterion": "1.1", "points": 0.001}]}


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({"stage": "cross", "sheets": []}, ["body", "stage"]),
        ({"stage": "self", "sheets": []}, ["body", "sheets"]),
        ({"stage": "self", "sheets": [_TOO_PRECISE]}, ["body", "sheets", 0, "entries", 0, "points"]),
        ({"stage": "self", "sheets": [{"unit_id": "x"}]}, ["body", "sheets", 0, "entries"]),
        ({"stage": "self", "sheets": [], "extra": 1}, ["body", "extra"]),
    ],
)
def test_malformed_bulk_requests(world: ScoringWorld, body: dict[str, Any], loc: list[Any]) -> None:
    r = problem(post(world, body), 422, "validation_error")
    assert loc in [e["loc"] for e in r["errors"]]


def test_at_most_2000_sheets_and_the_schema_says_so(world: ScoringWorld) -> None:
    too_many = {
        "stage": "self",
        "sheets": [{"unit_id": f"u{i}", "entries": []} for i in range(MAX_BULK_SHEETS + 1)],
    }
    r = problem(post(world, too_many), 422, "validation_error")
    assert r["errors"][0]["loc"] == ["body", "sheets"]
    assert r["errors"][0]["type"] == "too_long"
    schema = world.client.get("/openapi.json").json()["components"]["schemas"]["BulkWrite"]
    assert schema["properties"]["sheets"]["maxItems"] == 2000


def test_who_may_write_in_bulk(world: ScoringWorld) -> None:
    m, o = world.member_unit, world.other_unit
    own_self = {"stage": "self", "sheets": [sheet(m)]}
    # A scores:write client writes only its own unit's self sheet.
    client = world.client_for(m)
    assert post(world, own_self, client).status_code == 200
    denied = problem(post(world, {"stage": "self", "sheets": [sheet(m), sheet(o)]}, client), 403, "forbidden")
    assert denied["errors"] == [
        {"loc": ["body", "sheets", 1, "unit_id"], "msg": "not allowed", "type": "forbidden"}
    ]
    problem(post(world, {"stage": "review", "sheets": [sheet(o)]}, client), 403, "forbidden")
    problem(post(world, own_self, world.client_for(m, ("results:read",))), 403, "forbidden")
    for who in (world.observer, world.other, world.outsider, world.headers_for("admin")):
        problem(post(world, own_self, who), 403, "forbidden")
    # Officers and the leader as for one sheet; the secretariat any unit's sheets, any stage.
    assert post(world, {"stage": "self", "sheets": [sheet(o)]}, world.other).status_code == 200
    assert post(world, {"stage": "review", "sheets": [sheet(m), sheet(o)]}, world.leader).status_code == 200
    everyone = {"stage": "review", "sheets": [sheet(u) for u in world.units]}
    assert post(world, everyone, world.secretariat).status_code == 200
    conflict = problem(post(world, everyone, world.leader), 403, "conflict_of_interest")
    assert conflict["errors"] == expected_errors(
        (["body", "sheets", 0, "unit_id"], "your own unit's review", "conflict_of_interest"),
    )
    assert (m, "self", "draft", 2) in stored(world)


def test_a_closed_campaign_refuses_bulk_writes(world: ScoringWorld) -> None:
    world.close_campaign()
    problem(post(world, {"stage": "self", "sheets": [sheet(world.member_unit)]}), 409, "campaign_closed")
    assert stored(world) == []


def test_bulk_submit_without_criteria_is_409(
    client: TestClient,
    make_bloc: Callable[..., dict[str, Any]],
    make_campaign: Callable[..., dict[str, Any]],
    headers_for: Callable[..., Headers],
) -> None:
    bloc = make_bloc(2, year=2017)
    campaign_id = make_campaign(bloc)["id"]
    body = {"stage": "self", "sheets": [{"unit_id": bloc["unit_ids"][0], "entries": []}], "submit": True}
    r = client.post(bulk_url(campaign_id), json=body, headers=headers_for("secretariat"))
    problem(r, 409, "criteria_not_set")


def test_idempotency_key(world: ScoringWorld) -> None:
    body = {"stage": "self", "sheets": [sheet(world.member_unit)]}
    key = {**world.secretariat, "Idempotency-Key": "bulk-2016-1"}
    first = post(world, body, key)
    assert first.status_code == 200
    replay = post(world, body, key)
    assert (replay.status_code, replay.json(), replay.headers["Idempotent-Replayed"]) == (
        200,
        first.json(),
        "true",
    )
    assert len(score_events(world)) == 1
    problem(post(world, {**body, "submit": True}, key), 422, "idempotency_key_reused")
    # Without the key the same body is simply written again: a no-op now.
    assert post(world, body).json()["sheets"][0]["changed"] is False


# ---- a constant number of statements -------------------------------------------------------------------


def _varied(unit_ids: list[str], shift: int) -> list[dict[str, Any]]:
    return [
        sheet(u, entries((k + shift) % 11, 20 - (k + shift) % 7, bonus=1)) for k, u in enumerate(unit_ids)
    ]


def test_bulk_issues_a_constant_number_of_statements(
    app: FastAPI,
    client: TestClient,
    make_bloc: Callable[..., dict[str, Any]],
    make_campaign: Callable[..., dict[str, Any]],
    session_factory: Any,
    headers_for: Callable[..., Headers],
) -> None:
    units = many_units(session_factory, 110)
    campaign_id = make_campaign(make_bloc(unit_ids=units, year=2020))["id"]
    insert_criteria(session_factory, campaign_id)
    secretariat = headers_for("secretariat")
    small, large = units[:10], units[10:]

    def count(unit_ids: list[str], shift: int, submit: bool) -> int:
        body = {"stage": "self", "sheets": _varied(unit_ids, shift), "submit": submit}
        with counting(app.state.engine) as statements:
            r = client.post(bulk_url(campaign_id), json=body, headers=secretariat)
        assert r.status_code == 200, r.text
        assert len(r.json()["sheets"]) == len(unit_ids)
        assert all(s["changed"] for s in r.json()["sheets"])
        return len(statements)

    # New sheets; then every sheet rewritten; then rewritten and submitted: each shape, 10 or 100 sheets,
    # issues the same number of statements.
    for shift, submit in ((0, False), (1, False), (2, True)):
        assert count(small, shift, submit) == count(large, shift, submit), (shift, submit)
    with session_factory() as s:
        assert (
            s.scalar(select(func.count()).select_from(ScoreSheet).where(ScoreSheet.status == "submitted"))
            == 110
        )
        assert s.scalar(select(func.count()).select_from(ScoreEntry)) == 110 * 3
