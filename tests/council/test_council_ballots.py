"""The council's secret vote through HTTP, on SQLite and PostgreSQL: one ballot per member whatever the
concurrency, what is stored (no link between a member and a ballot), the seal and the scrub at the close,
turnout in counts only."""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, inspect, select, text

from app.models import AuditEvent, CouncilBallot, CouncilVoter
from tests.support.builders import Builders
from tests.support.council import CSTD_BO, CouncilWorld, session_url
from tests.support.problems import problem


class World(CouncilWorld):
    """A council of six (quorum: four), an open session on one item, members 0–4 present, 5 absent."""

    def __init__(self, build: Builders) -> None:
        super().__init__(build, size=6)
        [self.item] = self.proposal([(self.person(), CSTD_BO)])
        self.sid = self.opened([self.item], present=range(5))


@pytest.fixture
def w(build: Builders) -> World:
    return World(build)


def stored(w: World, model: Any) -> list[Any]:
    with w.session_factory() as s:
        return list(s.scalars(select(model).where(model.session_id == w.sid)))


def test_a_present_member_votes_once_and_gets_a_receipt(w: World) -> None:
    r = w.vote(w.sid, 2, {w.item: "yes"})
    assert r.status_code == 201 and r.headers["cache-control"] == "no-store"
    assert len(r.json()["receipt"]) >= 22  # at least 128 random bits, url-safe
    problem(w.vote(w.sid, 2, {w.item: "no"}), 409, "already_voted")
    problem(
        w.client.post(
            session_url(w.sid, "/ballots"),
            json={"choices": {w.item: "no"}},
            headers=w.member(2) | {"Accept-Language": "vi"},
        ),
        409,
        "already_voted",
        detail="Thành viên này đã biểu quyết trong phiên họp.",
    )
    assert [b.choices for b in stored(w, CouncilBallot)] == [{w.item: "yes"}]


def test_who_may_vote(w: World) -> None:
    problem(w.vote(w.sid, 5, {w.item: "yes"}), 403, "not_present")  # absent: the secretary enters it
    problem(
        w.client.post(session_url(w.sid, "/ballots"), json={"choices": {}}, headers=w.outsider),
        404,
        "not_found",
    )
    problem(w.client.post(session_url(w.sid, "/ballots"), json={"choices": {}}, headers=w.secretariat), 403)
    client = w.build.client_token(["results:read"])
    problem(w.client.post(session_url(w.sid, "/ballots"), json={"choices": {}}, headers=client), 403)
    assert w.vote(w.sid, 0, {}).status_code == 201  # an empty ballot abstains on everything


def test_turnout_counts_only(w: World) -> None:
    w.vote(w.sid, 0, {w.item: "yes"})
    w.written(w.sid, 5, {w.item: "no"})
    for headers, i_voted in ((w.member(0), True), (w.member(1), False), (w.observer, False)):
        got = w.ok(w.client.get(session_url(w.sid, "/turnout"), headers=headers))
        assert got == {"members": 6, "present": 5, "voted": 2, "written": 1, "i_voted": i_voted}
    problem(w.client.get(session_url(w.sid, "/turnout"), headers=w.outsider), 404)


def test_ballot_tables_have_no_time_and_no_link_columns(w: World) -> None:
    with w.session_factory() as s:
        insp = inspect(s.get_bind())
        assert {c["name"] for c in insp.get_columns("council_ballots")} == {
            "id",
            "session_id",
            "receipt_hash",
            "kind",
            "choices",
        }
        assert {c["name"] for c in insp.get_columns("council_voters")} == {"session_id", "member_id"}


def test_ballot_ids_are_random_not_time_ordered(w: World) -> None:
    for i in range(5):
        w.vote(w.sid, i, {w.item: "yes"})
    ids = [b.id for b in stored(w, CouncilBallot)]
    assert len(ids) == 5 and all(len(i) == 32 and int(i, 16) >= 0 for i in ids)
    # 128 random bits each: no common prefix a clock would give (the chance of 5 sharing 4 hex digits is nil)
    assert len({i[:4] for i in ids}) == 5


def test_the_audit_trail_names_the_session_only(w: World) -> None:
    receipt = w.vote(w.sid, 3, {w.item: "no"}).json()["receipt"]
    [ballot] = stored(w, CouncilBallot)
    with w.session_factory() as s:
        [event] = s.scalars(
            select(AuditEvent).where(AuditEvent.action == "council_session.ballot_cast")
        ).all()
        dumped = json.dumps({c.key: getattr(event, c.key) for c in inspect(AuditEvent).columns}, default=str)
    assert (event.actor_id, event.object_type, event.object_id, event.details) == (
        w.users[3]["id"],
        "council_session",
        w.sid,
        {},
    )
    for secret_value in (receipt, ballot.receipt_hash, ballot.id, w.item):
        assert secret_value not in dumped


def test_the_close_reshuffles_the_ballot_rows_and_keeps_them(w: World) -> None:
    for i, vote in enumerate(["yes", "no", "abstain", "yes"]):
        w.vote(w.sid, i, {w.item: vote})
    w.written(w.sid, 5, {w.item: "yes"})
    before = {(b.id, b.receipt_hash, b.kind, json.dumps(b.choices)) for b in stored(w, CouncilBallot)}
    w.ok(w.act(w.sid, "close"))
    after = {(b.id, b.receipt_hash, b.kind, json.dumps(b.choices)) for b in stored(w, CouncilBallot)}
    assert after == before
    assert sorted(v.member_id for v in stored(w, CouncilVoter)) == sorted(
        [*w.member_ids[:4], w.member_ids[5]]
    )
    result = w.ok(w.client.get(session_url(w.sid, "/result"), headers=w.member(4)))
    assert (result["voted"], result["written"]) == (5, 1)
    assert [(i["yes"], i["no"], i["abstain"], i["required"]) for i in result["agenda"]] == [(3, 1, 1, 6)]


# ---- one ballot per member, whatever the concurrency ---------------------------------------------------


def test_simultaneous_ballots_of_one_member_count_once(w: World) -> None:
    n = 8
    barrier = threading.Barrier(n)
    headers = w.member(1)

    def vote(i: int) -> httpx.Response:
        barrier.wait(timeout=30)
        r: httpx.Response = w.client.post(
            session_url(w.sid, "/ballots"),
            json={"choices": {w.item: "yes" if i % 2 else "no"}},
            headers=headers,
        )
        return r

    with ThreadPoolExecutor(max_workers=n) as pool:
        responses = list(pool.map(vote, range(n), timeout=120))
    codes = Counter(
        (r.status_code, r.json().get("code") if r.status_code >= 400 else None) for r in responses
    )
    assert codes == {(201, None): 1, (409, "already_voted"): n - 1}, codes
    assert len(stored(w, CouncilBallot)) == 1 and len(stored(w, CouncilVoter)) == 1


@pytest.mark.live
def test_simultaneous_ballots_on_two_servers_count_once(
    w: World, backend: str, live_server: Callable[..., Any]
) -> None:
    if backend != "postgresql":
        pytest.skip("two server processes share one database: PostgreSQL")
    server = live_server(workers=2)
    n = 30
    barrier = threading.Barrier(n)
    member = w.users[4]
    limits = httpx.Limits(max_connections=n + 10, max_keepalive_connections=n + 10)
    with httpx.Client(base_url=server.url, timeout=30.0, limits=limits) as http:
        token = http.post(
            "/api/v1/auth/token",
            data={"grant_type": "password", "username": member["username"], "password": member["password"]},
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}

        def vote(_i: int) -> httpx.Response:
            barrier.wait(timeout=30)
            return http.post(
                session_url(w.sid, "/ballots"), json={"choices": {w.item: "yes"}}, headers=headers
            )

        with ThreadPoolExecutor(max_workers=n) as pool:
            responses = list(pool.map(vote, range(n), timeout=60))
    outcomes = Counter((r.status_code, r.json().get("code")) for r in responses)
    assert outcomes == {(201, None): 1, (409, "already_voted"): n - 1}, (outcomes, server.log()[-3000:])
    with w.session_factory() as s:
        count = select(func.count()).select_from(CouncilBallot).where(CouncilBallot.session_id == w.sid)
        assert s.scalar(count) == 1


# ---- the storage after the close -----------------------------------------------------------------------


def _storage_marks(w: World, backend: str) -> Any:
    """SQLite's WAL size; PostgreSQL's table files and the xmins of the live ballot rows and cast events."""
    engine = w.session_factory.kw["bind"]
    if backend == "sqlite":
        wal = Path(engine.url.database + "-wal")
        return wal.stat().st_size if wal.exists() else 0
    with engine.connect() as conn:
        files = conn.execute(
            text("SELECT pg_relation_filenode('council_ballots'), pg_relation_filenode('council_voters')")
        ).one()
        ballot_xmins = set(conn.execute(text("SELECT xmin::text FROM council_ballots")).scalars())
        voter_xmins = set(conn.execute(text("SELECT xmin::text FROM council_voters")).scalars())
        cast_xmins = set(
            conn.execute(
                text("SELECT xmin::text FROM audit_events WHERE action = 'council_session.ballot_cast'")
            ).scalars()
        )
    return tuple(files), ballot_xmins, voter_xmins, cast_xmins


def test_closing_seals_and_scrubs_the_ballot_storage(w: World, backend: str) -> None:
    for i, vote in enumerate(["yes", "no", "yes"]):
        w.vote(w.sid, i, {w.item: vote})
    before = _storage_marks(w, backend)
    if backend == "sqlite":
        assert before > 0  # the casting transactions are in the WAL
    else:
        files, ballot_xmins, _, cast_xmins = before
        assert ballot_xmins == cast_xmins and len(cast_xmins) == 3  # each ballot shares its cast's xmin
    w.ok(w.act(w.sid, "close"))
    after = _storage_marks(w, backend)
    if backend == "sqlite":
        assert after == 0
    else:
        new_files, ballot_xmins, voter_xmins, cast_xmins = after
        assert all(new != old for new, old in zip(new_files, files, strict=True))
        assert len(ballot_xmins) == 1 and ballot_xmins == voter_xmins  # one sealing transaction for all
        assert not ballot_xmins & cast_xmins
    assert len(stored(w, CouncilBallot)) == 3
