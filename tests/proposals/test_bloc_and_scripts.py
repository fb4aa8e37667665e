"""A bloc's proposal of a published ballot session's winners, and a unit's scripted submission with a
service client (issue 13 points 1 and 7), through HTTP on SQLite and PostgreSQL."""

from __future__ import annotations

import io
from typing import Any

import docx
import pytest
from sqlalchemy import func, select

from app.models import Award, Proposal
from tests.support.builders import Builders
from tests.support.problems import problem
from tests.support.proposals import MINISTRY_SOLDIER, URL, ProposalWorld
from tests.support.voting import MINISTRY_FLAG


@pytest.fixture
def w(build: Builders) -> ProposalWorld:
    return ProposalWorld(build)


def _published(w: ProposalWorld) -> str:
    """A session for the ministry flag (one seat) that elects C, published."""
    sid = str(w.counted([[w.c], [w.c], [w.c], [w.a]])["id"])
    w.acted(sid, "publish")
    return sid


# ---- the bloc's proposal ---------------------------------------------------------------------------------


def docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)


def test_the_bloc_leader_proposes_the_published_sessions_winners(
    w: ProposalWorld, session_factory: Any
) -> None:
    sid = _published(w)
    r = w.client.post(f"/api/v1/voting-sessions/{sid}/proposal", headers=w.leader)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["origin"] == "bloc" and body["source_session_id"] == sid and body["status"] == "draft"
    assert body["unit_id"] == w.a and body["bloc_id"] == w.bloc["id"] and body["campaign_id"] == w.cid
    (item,) = body["proposal_items"]
    with session_factory() as s:
        award = s.scalars(select(Award).where(Award.source_session_id == sid)).one()
    assert (item["unit_id"], item["title_code"], item["award_id"]) == (w.c, MINISTRY_FLAG, award.id)
    assert item["unit_name"] == w.unit(w.c)[1]
    # the ballot's counting minutes are in the dossier, drafted by the system, once
    assert body["documents"] == {"review_minutes": 1}
    (minutes,) = w.client.get(f"/api/v1/proposals/{body['id']}/documents", headers=w.leader).json()["items"]
    assert minutes["generated"] is True and minutes["doc_type"] == "review_minutes"
    content = w.client.get(minutes["content_url"], headers=w.leader).content
    assert content[:2] == b"PK" and "KIỂM PHIẾU" in docx_text(content).upper()
    again = w.client.post(f"/api/v1/voting-sessions/{sid}/proposal", headers=w.secretariat)
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    assert again.json()["documents"] == {"review_minutes": 1}
    with session_factory() as s:
        assert s.scalar(select(func.count()).where(Proposal.source_session_id == sid)) == 1
    # the leader's officers read and move it as its proposer
    assert w.read(body["id"], w.leader).json()["allowed_actions"] == ["submit", "withdraw"]
    assert w.moved(body["id"], "submit", w.leader)["status"] == "submitted"


def test_an_unpublished_session_is_409(w: ProposalWorld) -> None:
    sid = str(w.counted([[w.c], [w.c], [w.c], [w.a]])["id"])
    problem(
        w.client.post(f"/api/v1/voting-sessions/{sid}/proposal", headers=w.leader),
        409,
        "session_not_published",
    )


def test_only_the_leader_or_the_secretariat_proposes_the_session(w: ProposalWorld) -> None:
    sid = _published(w)
    url = f"/api/v1/voting-sessions/{sid}/proposal"
    problem(w.client.post(url, headers=w.deputy), 403)
    problem(w.client.post(url, headers=w.observer), 403)
    problem(w.client.post(url, headers=w.outsider), 404)
    assert w.client.post(url, headers=w.secretariat).status_code == 201


# ---- scripted submission ---------------------------------------------------------------------------------


def test_a_units_client_drafts_adds_items_and_submits(w: ProposalWorld, session_factory: Any) -> None:
    client = w.client_for(w.c, "proposals:write")
    body = w.proposal_body(items=[])
    key = {"Idempotency-Key": "unit-c-2016-cstd-bo"}
    first = w.client.post(URL, json=body, headers={**client, **key})
    assert first.status_code == 201, first.text
    replay = w.client.post(URL, json=body, headers={**client, **key})
    assert replay.status_code == 201 and replay.headers.get("Idempotent-Replayed") == "true"
    assert replay.json()["id"] == first.json()["id"]
    pid = first.json()["id"]
    with session_factory() as s:
        assert s.scalar(select(func.count()).select_from(Proposal)) == 1
    r = w.client.post(f"{URL}/{pid}/items", json=w.item(code=MINISTRY_SOLDIER), headers=client)
    assert r.status_code == 201, r.text
    submitted = w.moved(pid, "submit", client)
    assert submitted["status"] == "submitted" and submitted["proposal_items"][0]["verdict"] is not None
    listed = w.client.get(URL, headers=client).json()["items"]
    assert [p["id"] for p in listed] == [pid]
    assert w.client.get(f"{URL}/{pid}/transitions", headers=client).json()["items"][0]["action"] == "submit"


def test_a_client_acts_only_for_its_own_unit(w: ProposalWorld) -> None:
    pid = w.proposal()["id"]
    other = w.client_for(w.d, "proposals:write")
    problem(w.propose(headers=other), 403)
    problem(w.read(pid, other), 404)
    problem(w.move(pid, "submit", other), 404)
    assert w.client.get(URL, headers=other).json()["items"] == []
    unscoped = w.client_for(w.c, "units:read")
    problem(w.propose(headers=unscoped), 403)
    problem(w.read(pid, unscoped), 404)
    problem(w.move(pid, "take_up", w.client_for(w.c, "proposals:write")), 403)
