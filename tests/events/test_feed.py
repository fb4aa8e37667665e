"""The change feed (GET /api/v1/events) through HTTP, on SQLite and PostgreSQL: an event exists exactly when
its change committed, in commit order, with its payload; each principal reads only what it may; retention's
410; and the bad inputs refused."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import func, select

from app.models import Event, OutboxMark
from tests.support.builders import Builders, Headers
from tests.support.lists import walk
from tests.support.problems import problem
from tests.support.voting import MINISTRY_FLAG, VotingWorld

FEED = "/api/v1/events"


@pytest.fixture
def w(build: Builders) -> VotingWorld:
    return VotingWorld(build)


def feed(w: VotingWorld, headers: Headers, **params: Any) -> list[dict[str, Any]]:
    items, _ = walk(w.client, FEED, headers, limit=500, **params)
    return items


def of_type(items: list[dict[str, Any]], *types: str) -> list[dict[str, Any]]:
    return [e for e in items if e["type"] in types]


def last_seq(w: VotingWorld) -> int:
    items = feed(w, w.secretariat)
    return items[-1]["seq"] if items else 0


def create_unit(w: VotingWorld, code: str) -> dict[str, Any]:
    r = w.client.post("/api/v1/units", json={"code": code, "name": f"Vụ {code}"}, headers=w.admin)
    assert r.status_code == 201, r.text
    return dict(r.json())


def submit_report(w: VotingWorld, unit_id: str) -> dict[str, Any]:
    body = {
        "unit_id": unit_id,
        "kind": "annual",
        "title": "Báo cáo năm",
        "sections": [{"heading": "Kết quả", "body": "Hoàn thành."}],
    }
    r = w.client.post(f"/api/v1/campaigns/{w.cid}/reports", json=body, headers=w.officer(unit_id))
    assert r.status_code == 201, r.text
    return dict(r.json())


# ---- an event with its change -------------------------------------------------------------------------


def test_a_change_and_its_event_commit_together(w: VotingWorld) -> None:
    start = last_seq(w)
    unit = create_unit(w, "EV1")
    r = w.client.patch(f"/api/v1/units/{unit['id']}", json={"name": "Vụ Sự kiện"}, headers=w.admin)
    assert r.status_code == 200, r.text
    # Refused changes write no event: a duplicate code (409) and a bad body (422).
    problem(w.client.post("/api/v1/units", json={"code": "EV1", "name": "X"}, headers=w.admin), 409)
    assert w.client.post("/api/v1/units", json={"code": "", "name": ""}, headers=w.admin).status_code == 422
    # An unchanged PATCH changes nothing, so it says nothing either.
    assert w.client.patch(
        f"/api/v1/units/{unit['id']}", json={"name": "Vụ Sự kiện"}, headers=w.admin
    ).is_success

    items = feed(w, w.secretariat, after=start)
    assert [(e["type"], e["object_id"], e["object_version"]) for e in items] == [
        ("unit.created", unit["id"], 1),
        ("unit.updated", unit["id"], 2),
    ]
    created, updated = items
    assert created["object_type"] == "unit"
    assert created["data"] == {
        "id": unit["id"],
        "code": "EV1",
        "name": "Vụ EV1",
        "short_name": None,
        "kind": unit["kind"],
        "active": True,
    }
    assert updated["data"]["name"] == "Vụ Sự kiện"
    assert start < created["seq"] < updated["seq"]
    assert created["id"] != updated["id"]
    with w.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(Event).where(Event.object_id == unit["id"])) == 2


def test_publication_says_who_was_elected_and_which_awards_followed_never_a_ballot(w: VotingWorld) -> None:
    start = last_seq(w)
    sid = w.counted([[w.a, w.b], [w.a, w.b], [w.a, w.b], [w.c]], seats=3, max_choices=2)["id"]
    assert of_type(feed(w, w.secretariat, after=start), "voting_session.published", "award.proposed") == []
    w.acted(sid, "publish")
    items = feed(w, w.secretariat, after=start)
    (published,) = of_type(items, "voting_session.published")
    data = published["data"]
    assert (data["id"], data["title_code"], data["electorate"], data["ballots_cast"]) == (
        sid,
        MINISTRY_FLAG,
        4,
        4,
    )
    assert data["quorum_met"] is True
    assert sorted(e["unit_id"] for e in data["elected"]) == sorted([w.a, w.b])
    assert {e["unit_name"] for e in data["elected"]} == {w.unit(w.a)[1], w.unit(w.b)[1]}
    proposed = of_type(items, "award.proposed")
    assert sorted(e["data"]["unit_id"] for e in proposed) == sorted([w.a, w.b])
    assert {(e["data"]["status"], e["data"]["source_session_id"], e["data"]["year"]) for e in proposed} == {
        ("proposed", sid, 2016)
    }
    # Nothing about who voted or what a ballot held, anywhere in what the feed says.
    text = json.dumps(items)
    assert "choices" not in text and "receipt" not in text
    assert not any(d in text for d in w.delegate_ids)


def test_decision_and_revocation_are_events(w: VotingWorld) -> None:
    sid = w.counted([[w.a], [w.a], [w.a], [w.b]])["id"]
    w.acted(sid, "publish")
    (proposed,) = of_type(feed(w, w.secretariat), "award.proposed")
    award_id = proposed["object_id"]
    start = last_seq(w)
    body = {"decision_number": "245/QĐ-BKHCN", "decision_date": "2017-02-10", "override_reason": "Thử"}
    r = w.client.post(f"/api/v1/awards/{award_id}/decide", json=body, headers=w.secretariat)
    if r.status_code == 422 and r.json()["code"] == "validation_error":  # no criterion failed: no override
        body.pop("override_reason")
        r = w.client.post(f"/api/v1/awards/{award_id}/decide", json=body, headers=w.secretariat)
    assert r.status_code == 200, r.text
    r = w.client.post(
        f"/api/v1/awards/{award_id}/revoke", json={"reason": "Hồ sơ sai"}, headers=w.secretariat
    )
    assert r.status_code == 200, r.text
    items = feed(w, w.secretariat, after=start)
    assert [(e["type"], e["object_id"]) for e in items] == [
        ("award.decided", award_id),
        ("award.revoked", award_id),
    ]
    decided, revoked = (e["data"] for e in items)
    assert (decided["status"], decided["decision_number"], decided["decision_date"]) == (
        "decided",
        "245/QĐ-BKHCN",
        "2017-02-10",
    )
    assert (revoked["status"], revoked["revoked_reason"]) == ("revoked", "Hồ sơ sai")
    assert "verdict" not in decided  # a person's verdict may name discipline: never in an event
    assert items[0]["object_version"] < items[1]["object_version"]


# ---- who reads what ---------------------------------------------------------------------------------


def test_each_principal_reads_only_what_it_may(w: VotingWorld, build: Builders) -> None:
    start = last_seq(w)
    unit = create_unit(w, "EV2")
    report_a = submit_report(w, w.a)
    report_b = submit_report(w, w.b)
    sid = w.counted([[w.c], [w.c], [w.c], [w.c]])["id"]
    w.acted(sid, "publish")

    def seen(headers: Headers) -> list[tuple[str, str]]:
        return [(e["type"], e["object_id"]) for e in feed(w, headers, after=start)]

    everything = seen(w.secretariat)
    award_ids = [oid for t, oid in everything if t == "award.proposed"]
    assert len(award_ids) == 1
    unit_ev = ("unit.created", unit["id"])
    report_a_ev, report_b_ev = ("report.submitted", report_a["id"]), ("report.submitted", report_b["id"])
    published, award = ("voting_session.published", sid), ("award.proposed", award_ids[0])
    assert everything == [unit_ev, report_a_ev, report_b_ev, award, published]
    assert seen(w.observer) == everything
    assert seen(w.admin) == everything
    # An officer: units and awards (every user reads them), and its own unit's reports.
    assert seen(w.officer(w.a)) == [unit_ev, report_a_ev, award]
    assert seen(w.outsider) == [unit_ev, award]
    # Clients: their scopes; a unit's reports only to a client bound to it.
    assert seen(build.client_token(["reports:write"], unit_id=w.a)) == [report_a_ev]
    assert seen(build.client_token(["units:read"])) == [unit_ev]
    assert seen(build.client_token(["units:write"])) == [unit_ev]
    assert seen(build.client_token(["results:read"])) == [award, published]
    assert seen(build.client_token(["scores:write"], unit_id=w.a)) == []


# ---- order, pages, positions ---------------------------------------------------------------------------


def test_pages_after_and_filters(w: VotingWorld) -> None:
    start = last_seq(w)
    units = [create_unit(w, f"EP{i}")["id"] for i in range(5)]
    items, bodies = walk(w.client, FEED, w.secretariat, limit=2, after=start, include_total=True)
    assert [e["object_id"] for e in items] == units
    assert len(bodies) == 3 and {b["total"] for b in bodies} == {5}
    seqs = [e["seq"] for e in items]
    assert seqs == sorted(seqs) and len(set(seqs)) == 5
    # Resuming after the third event gives the last two; by object, one unit's events.
    assert [e["object_id"] for e in feed(w, w.secretariat, after=seqs[2])] == units[3:]
    assert [e["object_id"] for e in feed(w, w.secretariat, object_id=units[1])] == [units[1]]
    assert of_type(feed(w, w.secretariat, type="report.submitted", after=start), "unit.created") == []
    assert feed(w, w.secretariat, after=seqs[-1]) == []


@pytest.mark.parametrize(
    "params",
    [
        {"after": "-1"},
        {"after": "x"},
        {"type": "award.exploded"},
        {"cursor": "not-a-cursor"},
        {"object_id": "x" * 65},
        {"limit": "0"},
    ],
)
def test_bad_parameters_are_422(w: VotingWorld, params: dict[str, str]) -> None:
    problem(w.client.get(FEED, params=params, headers=w.secretariat), 422)


def test_an_anonymous_reader_is_401(w: VotingWorld) -> None:
    problem(w.client.get(FEED), 401)


def test_a_position_before_what_retention_removed_is_410(w: VotingWorld) -> None:
    for i in range(3):
        create_unit(w, f"ER{i}")
    seqs = [e["seq"] for e in feed(w, w.secretariat)]
    with w.session_factory() as s:
        s.add(OutboxMark(name="pruned", seq=seqs[0]))
        s.commit()
    body = problem(
        w.client.get(FEED, params={"after": seqs[0] - 1}, headers=w.secretariat), 410, "cursor_expired"
    )
    assert body["pruned_through"] == seqs[0]
    vi = w.client.get(FEED, params={"after": 0}, headers={**w.secretariat, "Accept-Language": "vi"})
    assert vi.status_code == 410 and "thời hạn lưu giữ" in vi.json()["detail"]
    assert [e["seq"] for e in feed(w, w.secretariat, after=seqs[0])] == seqs[1:]
