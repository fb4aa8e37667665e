"""One delegate per unit (issue 14, point 3): the electorate is the bloc's member units, each voting once
through its checked-in voting delegate at the conference, even across a substitution and under concurrent
requests from two delegates of the same unit."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from app.models import (
    AuditEvent,
    Ballot,
    BallotUnitVoter,
    BallotVoter,
    SessionElector,
    SessionUnitElector,
)
from tests.support.builders import Builders, Headers
from tests.support.problems import problem
from tests.support.unit_delegates import UnitWorld, add_conference, add_delegate, substitute
from tests.support.voting import URL, VotingWorld


@pytest.fixture
def w(build: Builders) -> UnitWorld:
    return UnitWorld(build)


def test_the_units_vote_through_their_checked_in_delegates(w: UnitWorld) -> None:
    body = w.per_unit()
    sid = body["id"]
    assert (body["one_delegate_per_unit"], body["conference_id"]) == (True, w.conference_id)
    assert body["conference_name"] == "Hội nghị tổng kết công tác thi đua năm 2016"
    assert (body["electorate_user_ids"], body["electorate_users"]) == ([], [])
    assert body["electorate_unit_ids"] == sorted(w.units)  # the members, while a draft
    assert body["electorate_units"] == [w.unit_ref(u) for u in sorted(w.units)]
    assert w.rows(SessionUnitElector, sid) == 0
    opened = w.acted(sid, "open")
    assert opened["electorate_unit_ids"] == sorted(w.units)
    assert w.rows(SessionUnitElector, sid) == 4  # frozen
    assert w.rows(SessionElector, sid) == 0
    assert w.turnout(sid) == {"electorate": 4, "voted": 0, "i_voted": False}

    assert w.cast(sid, w.delegate(0), [w.a]).status_code == 201
    assert w.turnout(sid, w.delegate(0)) == {"electorate": 4, "voted": 1, "i_voted": True}
    assert w.turnout(sid, w.delegate(1))["i_voted"] is False
    problem(w.cast(sid, w.delegate(0), [w.b]), 409, "already_voted")
    assert w.cast(sid, w.delegate(1), []).status_code == 201
    # D's officer is registered at the conference but has not checked in: D holds no vote yet, and its
    # officer (a plain member) does not read the session.
    problem(w.cast(sid, w.delegate(3), [w.a]), 404, "not_found")
    problem(w.cast(sid, w.outsider, [w.a]), 404, "not_found")
    problem(w.cast(sid, w.secretariat, [w.a]), 403, "not_in_electorate")

    closed = w.acted(sid, "close")
    assert closed["status"] == "closed"
    results = w.results(sid).json()
    assert (results["electorate"], results["ballots_cast"], results["blank"]) == (4, 2, 1)
    assert w.rows(BallotUnitVoter, sid) == 2
    assert w.rows(BallotVoter, sid) == 2
    with w.session_factory() as s:
        ballots = s.execute(select(Ballot.voter_id, Ballot.choices).where(Ballot.session_id == sid)).all()
    assert sorted((v, sorted(c)) for v, c in ballots) == [(None, []), (None, [w.a])]  # never a voter


def test_a_checked_in_delegate_reads_the_session_lists_it_and_votes_only_while_it_holds_the_vote(
    w: UnitWorld,
) -> None:
    sid = w.per_unit()["id"]
    assert w.get(sid, w.delegate(2)).status_code == 200  # C's delegate, in a draft
    listed = w.client.get(URL, params={"voter": "me"}, headers=w.delegate(2)).json()["items"]
    assert [s["id"] for s in listed] == [sid]
    w.acted(sid, "open")
    assert w.client.get(f"{URL}/{sid}/turnout", headers=w.delegate(2)).status_code == 200
    assert w.get(sid, w.delegate(3)).status_code == 404  # D's, not checked in
    assert w.client.get(URL, params={"voter": "me"}, headers=w.delegate(3)).json()["items"] == []


def test_substitution_moves_the_vote_but_the_unit_votes_once(w: UnitWorld) -> None:
    sid = w.per_unit()["id"]
    w.acted(sid, "open")
    # A votes through its delegate; then A's vote moves to another officer of A
    assert w.cast(sid, w.delegate(0), [w.a]).status_code == 201
    stand_in = w.build.user("officer", unit_id=w.a)
    row = add_delegate(w.session_factory, w.conference_id, w.a, stand_in["id"], voting=False)
    substitute(w.session_factory, w.conference_id, w.a, row)
    problem(w.cast(sid, w.headers_of(stand_in), [w.b]), 409, "already_voted")
    # C's vote moves before C voted: the stand-in votes, the replaced delegate may not
    c_stand_in = w.build.user("officer", unit_id=w.c)
    c_row = add_delegate(w.session_factory, w.conference_id, w.c, c_stand_in["id"], voting=False)
    substitute(w.session_factory, w.conference_id, w.c, c_row)
    problem(w.cast(sid, w.delegate(2), [w.a]), 404, "not_found")  # C's officer: a member, not an elector
    assert w.cast(sid, w.headers_of(c_stand_in), [w.a]).status_code == 201
    assert w.turnout(sid) == {"electorate": 4, "voted": 2, "i_voted": False}
    assert w.rows(BallotUnitVoter, sid) == 2
    assert w.rows(Ballot, sid) == 2


def test_a_leader_delegate_who_lost_the_vote_reads_but_may_not_cast(w: UnitWorld) -> None:
    """A's officer leads the bloc: after the substitution it still reads the session (as the leader), but
    its ballot is refused with 403 (re-checked under the lock, not only by the route's policy)."""
    sid = w.per_unit()["id"]
    w.acted(sid, "open")
    stand_in = w.build.user("officer", unit_id=w.a)
    row = add_delegate(w.session_factory, w.conference_id, w.a, stand_in["id"], voting=False)
    substitute(w.session_factory, w.conference_id, w.a, row)
    problem(w.cast(sid, w.delegate(0), [w.a]), 403, "not_in_electorate")


def test_the_settings_are_checked(w: UnitWorld, build: Builders) -> None:
    per_unit = {"electorate_user_ids": None, "one_delegate_per_unit": True, "conference_id": w.conference_id}
    cases: list[tuple[dict[str, Any], str]] = [
        ({**per_unit, "electorate_user_ids": [w.delegate_ids[0]]}, "electorate_user_ids"),
        ({**per_unit, "conference_id": None}, "conference_id"),
        ({**per_unit, "conference_id": "no-such-conference"}, "conference_id"),
        ({"electorate_user_ids": None}, "electorate_user_ids"),
        ({"electorate_user_ids": []}, "electorate_user_ids"),
    ]
    other = VotingWorld(build)
    cases.append(
        ({**per_unit, "conference_id": add_conference(w.session_factory, other.cid)}, "conference_id")
    )
    for over, field in cases:
        body = problem(w.create(**over), 422, "validation_error")
        assert body["errors"][0]["loc"] == ["body", field], (over, body)
    # an empty list is the same as leaving it out
    created = w.per_unit(electorate_user_ids=[])
    assert created["electorate_user_ids"] == []


def test_a_draft_becomes_per_unit_and_back(w: UnitWorld) -> None:
    sid = w.created()["id"]
    r = w.client.patch(
        f"{URL}/{sid}",
        json={"one_delegate_per_unit": True, "conference_id": w.conference_id},
        headers=w.leader,
    )
    assert r.status_code == 200, r.text
    assert (r.json()["electorate_user_ids"], r.json()["electorate_unit_ids"]) == ([], sorted(w.units))
    problem(
        w.client.patch(f"{URL}/{sid}", json={"one_delegate_per_unit": False}, headers=w.leader),
        422,
        "validation_error",
    )
    back = w.client.patch(
        f"{URL}/{sid}",
        json={"one_delegate_per_unit": False, "electorate_user_ids": w.delegate_ids[:2]},
        headers=w.leader,
    )
    assert back.status_code == 200, back.text
    assert (back.json()["electorate_user_ids"], back.json()["electorate_unit_ids"]) == (
        sorted(w.delegate_ids[:2]),
        [],
    )


def test_user_electorate_sessions_are_unchanged_by_a_conference_link(w: UnitWorld) -> None:
    """A session with listed delegates may name its conference; its electorate stays the users."""
    sid = w.created(conference_id=w.conference_id)["id"]
    w.acted(sid, "open")
    assert w.turnout(sid) == {"electorate": 4, "voted": 0, "i_voted": False}
    assert w.cast(sid, w.delegate(3), [w.a]).status_code == 201  # D's officer is listed
    assert w.rows(BallotUnitVoter, sid) == 0


# ---- concurrency, against a real server ------------------------------------------------------------


def _login(http: httpx.Client, user: dict[str, Any]) -> Headers:
    r = http.post(
        "/api/v1/auth/token",
        data={"grant_type": "password", "username": user["username"], "password": user["password"]},
    )
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


@pytest.mark.live
def test_two_delegates_of_one_unit_swapped_mid_way_cast_one_ballot(
    w: UnitWorld, live_server: Callable[..., Any]
) -> None:
    sid = w.per_unit()["id"]
    w.acted(sid, "open")
    stand_in = w.build.user("officer", unit_id=w.a)
    row = add_delegate(w.session_factory, w.conference_id, w.a, stand_in["id"], voting=False)
    server = live_server()
    n = 8
    barrier = threading.Barrier(n + 1)
    with httpx.Client(base_url=server.url, timeout=30) as http:
        first, second = _login(http, w.delegates[0]), _login(http, stand_in)

        def vote(i: int) -> httpx.Response:
            barrier.wait(timeout=30)
            return http.post(
                f"/api/v1/voting-sessions/{sid}/ballots",
                json={"choices": [w.units[i % 3]]},
                headers=first if i % 2 == 0 else second,
            )

        def swap() -> None:
            barrier.wait(timeout=30)
            substitute(w.session_factory, w.conference_id, w.a, row)

        with ThreadPoolExecutor(max_workers=n + 1) as pool:
            swapped = pool.submit(swap)
            responses = list(pool.map(vote, range(n), timeout=60))
            swapped.result(timeout=60)

    def outcome(r: httpx.Response) -> tuple[int, str | None]:
        return r.status_code, r.json().get("code") if r.status_code >= 400 else None

    outcomes = Counter(outcome(r) for r in responses)
    assert outcomes[(201, None)] == 1, (outcomes, server.log()[-2000:])
    # the others: the unit had voted, or the caller did not hold A's vote at that moment (a member of A
    # who is not the leader's officer reads nothing: 404; A leads the bloc here, so its officer reads it)
    assert set(outcomes) - {(201, None)} <= {
        (409, "already_voted"),
        (403, "not_in_electorate"),
        (404, "not_found"),
    }
    assert w.rows(BallotUnitVoter, sid) == 1
    assert w.rows(Ballot, sid) == 1
    with w.session_factory() as s:
        cast = s.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "ballot.cast", AuditEvent.object_id == sid)
        )
    assert cast == 1
