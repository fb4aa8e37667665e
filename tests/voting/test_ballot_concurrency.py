"""One ballot per delegate and none after the close, proved against two real server processes on PostgreSQL.

(a) one delegate sends 50 ballots at once: the ``ballot_voters`` primary key lets exactly one through;
(b) 200 delegates vote while the leader closes the session: every ballot is either counted or refused with
``session_not_open``, and the frozen tally, the 201 answers and the stored ballots agree.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from app.models import AuditEvent, Ballot, BallotVoter, User
from app.models.base import new_id
from tests.support.builders import insert_session

pytestmark = pytest.mark.live

REQUEST_TIMEOUT = 30.0
BARRIER_TIMEOUT = 30.0
# Requests in flight at once in (b): all 200. (Each server process admits as many requests as its pool
# has connections and queues the rest in its event loop: see TransactionalRoute and test_live_load.)
IN_FLIGHT = 200
SPREAD = 4.0  # seconds over which the 200 delegates of (b) start voting


@pytest.fixture(autouse=True)
def _postgresql_only(backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("concurrency proof runs on PostgreSQL")


def login(http: httpx.Client, username: str, password: str) -> dict[str, str]:
    r = http.post(
        "/api/v1/auth/token", data={"grant_type": "password", "username": username, "password": password}
    )
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def rows(session_factory: Any, model: Any, sid: str) -> int:
    with session_factory() as s:
        return int(s.scalar(select(func.count()).select_from(model).where(model.session_id == sid)) or 0)


def code_of(r: httpx.Response) -> str | None:
    if r.headers.get("content-type", "").startswith("application/problem+json"):
        return r.json().get("code")
    return None


def test_fifty_simultaneous_ballots_of_one_delegate(
    live_server: Callable[..., Any],
    make_bloc: Callable[..., dict[str, Any]],
    make_campaign: Callable[..., dict[str, Any]],
    make_user: Callable[..., dict[str, Any]],
    session_factory: Any,
) -> None:
    bloc = make_bloc(4)
    units = bloc["unit_ids"]
    campaign = make_campaign(bloc)
    delegate = make_user("officer", unit_id=units[2])
    sid = insert_session(
        session_factory, campaign_id=campaign["id"], candidates=units, electors=[delegate["id"]]
    )
    server = live_server(workers=2)
    n = 50
    barrier = threading.Barrier(n)
    limits = httpx.Limits(max_connections=n + 10, max_keepalive_connections=n + 10)
    with httpx.Client(base_url=server.url, timeout=REQUEST_TIMEOUT, limits=limits) as http:
        headers = login(http, delegate["username"], delegate["password"])

        def vote(i: int) -> httpx.Response:
            barrier.wait(timeout=BARRIER_TIMEOUT)
            return http.post(
                f"/api/v1/voting-sessions/{sid}/ballots", json={"choices": [units[i % 4]]}, headers=headers
            )

        with ThreadPoolExecutor(max_workers=n) as pool:
            responses = list(pool.map(vote, range(n), timeout=REQUEST_TIMEOUT * 2))

    outcomes = Counter((r.status_code, code_of(r)) for r in responses)
    assert outcomes == {(201, None): 1, (409, "already_voted"): n - 1}, (outcomes, server.log()[-3000:])
    assert rows(session_factory, BallotVoter, sid) == 1
    assert rows(session_factory, Ballot, sid) == 1
    with session_factory() as s:
        events = s.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "ballot.cast", AuditEvent.object_id == sid)
        )
    assert events == 1


def _insert_delegates(
    session_factory: Any, password_hash: str, unit_ids: list[str], per_unit: int
) -> list[dict[str, str]]:
    """Officers written directly, all with the same password (one hash computed once: fast)."""
    people = []
    with session_factory() as s:
        for unit_id in unit_ids:
            for _ in range(per_unit):
                username = f"delegate_{uuid.uuid4().hex[:12]}"
                user = User(
                    id=new_id(),
                    username=username,
                    full_name=username,
                    password_hash=password_hash,
                    roles=["officer"],
                    unit_id=unit_id,
                    active=True,
                )
                s.add(user)
                people.append({"id": user.id, "username": username})
        s.commit()
    return people


def test_two_hundred_delegates_racing_the_close(
    live_server: Callable[..., Any],
    make_bloc: Callable[..., dict[str, Any]],
    make_campaign: Callable[..., dict[str, Any]],
    make_user: Callable[..., dict[str, Any]],
    passwords: Any,
    session_factory: Any,
) -> None:
    started = time.monotonic()
    bloc = make_bloc(20)
    units = bloc["unit_ids"]
    campaign = make_campaign(bloc)
    password = f"pw-{uuid.uuid4().hex}"
    delegates = _insert_delegates(session_factory, passwords.hash(password), units, per_unit=10)
    leader = make_user("officer", unit_id=bloc["leader"])
    sid = insert_session(
        session_factory,
        campaign_id=campaign["id"],
        candidates=units[:5],
        electors=[d["id"] for d in delegates],
        seats=3,
        max_choices=3,
    )
    server = live_server(workers=2)
    n = len(delegates)
    limits = httpx.Limits(max_connections=n + 20, max_keepalive_connections=n + 20)
    with httpx.Client(base_url=server.url, timeout=REQUEST_TIMEOUT, limits=limits) as http:
        with ThreadPoolExecutor(max_workers=32) as pool:
            tokens = list(pool.map(lambda d: login(http, d["username"], password), delegates))
        leader_headers = login(http, leader["username"], leader["password"])

        barrier = threading.Barrier(n + 1)
        in_flight = threading.BoundedSemaphore(IN_FLIGHT)
        accepted = 0
        accepted_lock = threading.Lock()
        some_accepted = threading.Event()

        def vote(i: int) -> httpx.Response:
            nonlocal accepted
            barrier.wait(timeout=BARRIER_TIMEOUT)
            # Delegates press "vote" within a few seconds of each other, not all in one millisecond:
            # PostgreSQL grants FOR SHARE to newcomers ahead of a waiting FOR UPDATE, so an unbroken stream
            # of ballots holds the close back until it pauses (correct, but then nothing is left to race).
            time.sleep((i % 100) * SPREAD / 100)
            with in_flight:
                r = http.post(
                    f"/api/v1/voting-sessions/{sid}/ballots",
                    json={"choices": [units[i % 5], units[(i + 1) % 5]] if i % 7 else []},
                    headers=tokens[i],
                )
            if r.status_code == 201:
                with accepted_lock:
                    accepted += 1
                    if accepted >= 20:
                        some_accepted.set()
            return r

        close_took = 0.0

        def close() -> httpx.Response:
            nonlocal close_took
            barrier.wait(timeout=BARRIER_TIMEOUT)
            # Close while ballots are still in flight: after the first ones are in (or 5 s at most).
            some_accepted.wait(timeout=5)
            t0 = time.monotonic()
            r = http.post(f"/api/v1/voting-sessions/{sid}/close", headers=leader_headers)
            close_took = time.monotonic() - t0
            return r

        with ThreadPoolExecutor(max_workers=n + 1) as pool:
            closing = pool.submit(close)
            ballots = [pool.submit(vote, i) for i in range(n)]
            closed = closing.result(timeout=REQUEST_TIMEOUT * 2)
            responses = [f.result(timeout=REQUEST_TIMEOUT * 2) for f in ballots]

        assert closed.status_code == 200, (closed.text, server.log()[-3000:])
        assert closed.json()["status"] == "closed"
        results = http.get(f"/api/v1/voting-sessions/{sid}/results", headers=leader_headers)
        assert results.status_code == 200, results.text
        turnout = http.get(f"/api/v1/voting-sessions/{sid}/turnout", headers=leader_headers).json()

    outcomes = Counter((r.status_code, code_of(r)) for r in responses)
    assert set(outcomes) <= {(201, None), (409, "session_not_open")}, outcomes
    counted = outcomes[(201, None)]
    refused = outcomes[(409, "session_not_open")]
    print(
        f"race: {counted} ballots counted, {refused} refused after the close (close took {close_took:.2f} s)"
    )
    assert counted >= 20
    # No ballot was accepted after the close: the frozen tally, the 201 answers and the stored rows agree.
    assert results.json()["ballots_cast"] == counted
    assert results.json()["electorate"] == n
    assert rows(session_factory, Ballot, sid) == counted
    assert rows(session_factory, BallotVoter, sid) == counted
    assert turnout == {"electorate": n, "voted": counted, "i_voted": False}
    assert time.monotonic() - started < 90
