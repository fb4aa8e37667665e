"""A review's ballots, turnout and receipts through HTTP, on SQLite and PostgreSQL; the secrecy of what is
stored; one ballot per elector under concurrent requests."""

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

from app.models import AuditEvent, ReviewBallot, ReviewVoter, UnitReview
from tests.support.builders import Builders
from tests.support.problems import problem
from tests.support.reviews import ReviewWorld, review_url

YEAR = 2025


class World(ReviewWorld):
    """The unit's Lao động tiên tiến review for 2025, voting, with two candidates: An and Bình."""

    def __init__(self, build: Builders) -> None:
        super().__init__(build)
        self.an = self.person("Nguyễn Thị An", year=YEAR)
        self.binh = self.person("Lê Văn Bình", year=YEAR)
        self.rid = self.created(YEAR, candidate_ids=[self.an, self.binh])["id"]
        self.done(self.rid, "open")


@pytest.fixture
def w(build: Builders) -> World:
    return World(build)


def stored(session_factory: Any, model: Any, rid: str) -> list[Any]:
    with session_factory() as s:
        return list(s.scalars(select(model).where(model.review_id == rid)))


def test_an_elector_votes_yes_or_no_per_candidate_and_gets_a_receipt(w: World) -> None:
    r = w.vote(w.rid, 0, {w.an: "yes", w.binh: "no"})
    assert r.status_code == 201, r.text
    assert set(r.json()) == {"receipt"} and len(r.json()["receipt"]) == 32
    assert r.headers["cache-control"] == "no-store"
    [ballot] = stored(w.session_factory, ReviewBallot, w.rid)
    assert ballot.choices == {w.an: "yes", w.binh: "no"} and ballot.voter_id is None
    assert len(ballot.id) == 32 and ballot.receipt_hash != r.json()["receipt"]
    assert [v.user_id for v in stored(w.session_factory, ReviewVoter, w.rid)] == [w.electorate_ids[0]]


def test_left_out_is_blank_and_an_empty_ballot_counts_as_cast(w: World) -> None:
    w.voted(w.rid, [{w.an: "yes"}, {}])
    turnout = w.client.get(review_url(w.rid, "/turnout"), headers=w.elector(0)).json()
    assert turnout == {"electorate": 5, "voted": 2, "i_voted": True}
    w.done(w.rid, "close")
    results = w.client.get(review_url(w.rid, "/results"), headers=w.head).json()
    assert [(c["yes"], c["no"], c["blank"]) for c in results["candidates"]] == [(1, 0, 1), (0, 0, 2)]


def test_a_second_ballot_is_already_voted(w: World) -> None:
    assert w.vote(w.rid, 1, {w.an: "yes"}).status_code == 201
    problem(w.vote(w.rid, 1, {w.an: "no"}), 409, "already_voted")
    # Idempotency-Key is not honoured for ballots: the retry is refused the same way.
    r = w.client.post(
        review_url(w.rid, "/ballots"),
        json={"choices": {w.an: "yes"}},
        headers={**w.elector(1), "Idempotency-Key": "k1"},
    )
    problem(r, 409, "already_voted")
    assert len(stored(w.session_factory, ReviewBallot, w.rid)) == 1


def test_only_the_electorate_votes(w: World) -> None:
    outsider_officer = w.build.user("officer", unit_id=w.unit)  # of the unit, not in the electorate
    problem(
        w.client.post(
            review_url(w.rid, "/ballots"), json={"choices": {}}, headers=w.headers_of(outsider_officer)
        ),
        403,
        "not_in_electorate",
    )
    problem(
        w.client.post(review_url(w.rid, "/ballots"), json={"choices": {}}, headers=w.secretariat),
        403,
        "not_in_electorate",
    )
    problem(
        w.client.post(review_url(w.rid, "/ballots"), json={"choices": {}}, headers=w.other_head),
        404,
        "not_found",
    )
    client = w.build.client_token(["results:read"], w.unit)
    problem(
        w.client.post(review_url(w.rid, "/ballots"), json={"choices": {}}, headers=client), 403, "forbidden"
    )
    assert w.client.post(review_url(w.rid, "/ballots"), json={"choices": {}}).status_code == 401
    assert stored(w.session_factory, ReviewBallot, w.rid) == []


@pytest.mark.parametrize(
    ("choices", "code"),
    [
        ({"someone-else": "yes"}, "validation_error"),
        ({"PLACEHOLDER": "maybe"}, "validation_error"),
        ("yes", "validation_error"),
    ],
)
def test_bad_choices_are_422(w: World, choices: Any, code: str) -> None:
    if isinstance(choices, dict) and "PLACEHOLDER" in choices:
        choices = {w.an: choices["PLACEHOLDER"]}
    body = problem(w.vote(w.rid, 0, choices), 422, code)
    if isinstance(choices, dict) and "someone-else" in choices:
        assert body["errors"] == [
            {
                "loc": ["body", "choices", "someone-else"],
                "msg": "someone-else is not a candidate of this review",
                "type": "unknown_candidate",
            }
        ]
    assert stored(w.session_factory, ReviewVoter, w.rid) == []


def test_ballots_only_while_voting(w: World) -> None:
    w.done(w.rid, "close")
    problem(w.vote(w.rid, 0, {}), 409, "review_not_voting")
    draft = w.created(YEAR - 1)["id"]
    problem(w.vote(draft, 0, {}), 409, "review_not_voting")


# ---- secrecy -------------------------------------------------------------------------------------------


def test_ballot_tables_have_no_time_and_no_link_columns(w: World) -> None:
    with w.session_factory() as s:
        insp = inspect(s.get_bind())
        assert {c["name"] for c in insp.get_columns("review_ballots")} == {
            "id",
            "review_id",
            "receipt_hash",
            "choices",
            "voter_id",
        }
        assert {c["name"] for c in insp.get_columns("review_voters")} == {"review_id", "user_id"}


def test_the_audit_trail_names_the_review_only(w: World) -> None:
    receipt = w.vote(w.rid, 2, {w.an: "yes", w.binh: "no"}).json()["receipt"]
    [ballot] = stored(w.session_factory, ReviewBallot, w.rid)
    with w.session_factory() as s:
        [event] = s.scalars(select(AuditEvent).where(AuditEvent.action == "review.ballot_cast")).all()
        dumped = json.dumps({c.key: getattr(event, c.key) for c in inspect(AuditEvent).columns}, default=str)
    assert (event.actor_id, event.object_type, event.object_id, event.details) == (
        w.electorate_ids[2],
        "unit_review",
        w.rid,
        {},
    )
    for secret_value in (receipt, ballot.receipt_hash, ballot.id, w.an, w.binh):
        assert secret_value not in dumped


def test_the_close_reshuffles_the_ballot_rows_and_keeps_their_receipts(w: World) -> None:
    receipts = w.voted(w.rid, [{w.an: "yes"}, {w.binh: "yes"}, {}, {w.an: "no"}])
    before = {
        (b.id, b.receipt_hash, json.dumps(b.choices, sort_keys=True))
        for b in stored(w.session_factory, ReviewBallot, w.rid)
    }
    problem(
        w.client.get(review_url(w.rid, f"/receipts/{receipts[0]}"), headers=w.head), 409, "review_not_counted"
    )
    w.done(w.rid, "close")
    after = {
        (b.id, b.receipt_hash, json.dumps(b.choices, sort_keys=True))
        for b in stored(w.session_factory, ReviewBallot, w.rid)
    }
    assert after == before and all(b.voter_id is None for b in stored(w.session_factory, ReviewBallot, w.rid))
    assert sorted(v.user_id for v in stored(w.session_factory, ReviewVoter, w.rid)) == sorted(
        w.electorate_ids[:4]
    )
    for receipt in receipts:
        r = w.client.get(review_url(w.rid, f"/receipts/{receipt}"), headers=w.elector(4))
        assert r.json() == {"counted": True} and r.headers["cache-control"] == "no-store"
    # The receipt is the capability: someone who may not read the review learns only that it was counted.
    assert w.client.get(review_url(w.rid, f"/receipts/{receipts[1]}"), headers=w.other_head).json() == {
        "counted": True
    }
    problem(w.client.get(review_url(w.rid, "/receipts/" + "A" * 32), headers=w.head), 404, "not_found")
    problem(w.client.get(review_url(w.rid, "/receipts/" + "A" * 32), headers=w.other_head), 404, "not_found")


def test_a_review_without_secrecy_shows_who_voted_what_to_the_head_only(w: World) -> None:
    w.done(w.rid, "cancel")
    rid = w.created(YEAR, secret=False, candidate_ids=[w.an, w.binh])["id"]
    w.done(rid, "open")
    w.voted(rid, [{w.an: "yes"}, {w.binh: "no"}])
    voters = {b.voter_id for b in stored(w.session_factory, ReviewBallot, rid)}
    assert voters == set(w.electorate_ids[:2])
    w.done(rid, "close")
    shown = w.client.get(review_url(rid, "/results"), headers=w.head).json()["ballots"]
    assert sorted((b["user_id"], b["choices"]) for b in shown) == sorted(
        [(w.electorate_ids[0], {w.an: "yes"}), (w.electorate_ids[1], {w.binh: "no"})]
    )
    assert all(b["full_name"] for b in shown)
    assert "ballots" not in w.client.get(review_url(rid, "/results"), headers=w.officer(0)).json()


# ---- turnout and results ------------------------------------------------------------------------------


def test_turnout_counts_only(w: World) -> None:
    assert w.client.get(review_url(w.rid, "/turnout"), headers=w.head).json() == {
        "electorate": 5,
        "voted": 0,
        "i_voted": False,
    }
    w.vote(w.rid, 4, {w.an: "yes"})  # the head is elector 4
    assert w.client.get(review_url(w.rid, "/turnout"), headers=w.head).json()["i_voted"] is True
    assert w.client.get(review_url(w.rid, "/turnout"), headers=w.observer).json() == {
        "electorate": 5,
        "voted": 1,
        "i_voted": False,
    }
    problem(w.client.get(review_url(w.rid, "/turnout"), headers=w.other_officer), 404)


def test_results_once_counted_to_their_readers(w: World) -> None:
    w.voted(w.rid, [{w.an: "yes", w.binh: "no"}, {w.an: "yes"}, {w.an: "yes", w.binh: "yes"}])
    problem(w.client.get(review_url(w.rid, "/results"), headers=w.head), 409, "results_not_available")
    w.done(w.rid, "close")
    r = w.client.get(review_url(w.rid, "/results"), headers=w.elector(1))
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["status"], body["electorate"], body["ballots_cast"], body["required"]) == (
        "counted",
        5,
        3,
        3,
    )
    assert body["candidates"] == [
        {"person_id": w.an, "full_name": "Nguyễn Thị An", "yes": 3, "no": 0, "blank": 0, "passed": True},
        {"person_id": w.binh, "full_name": "Lê Văn Bình", "yes": 1, "no": 1, "blank": 1, "passed": False},
    ]
    assert body["passed"] == [w.an] and "ballots" not in body
    assert body["passed_people"] == [{"person_id": w.an, "full_name": "Nguyễn Thị An"}]
    for headers in (w.head, w.officer(3), w.secretariat, w.observer):
        assert w.client.get(review_url(w.rid, "/results"), headers=headers).json() == body
    problem(w.client.get(review_url(w.rid, "/results"), headers=w.admin), 403)
    problem(w.client.get(review_url(w.rid, "/results"), headers=w.other_head), 404)
    [close] = [e for e in w.events(w.rid) if e.action == "review.close"]
    assert close.details["ballots_cast"] == 3 and close.details["passed"] == [w.an]


# ---- one ballot per elector, whatever the concurrency --------------------------------------------------


def test_simultaneous_ballots_of_one_elector_count_once(w: World) -> None:
    n = 8
    barrier = threading.Barrier(n)
    headers = w.elector(0)

    def vote(i: int) -> httpx.Response:
        barrier.wait(timeout=30)
        choice = "yes" if i % 2 else "no"
        return w.client.post(review_url(w.rid, "/ballots"), json={"choices": {w.an: choice}}, headers=headers)

    with ThreadPoolExecutor(max_workers=n) as pool:
        responses = list(pool.map(vote, range(n), timeout=120))
    codes = Counter(
        (r.status_code, r.json().get("code") if r.status_code >= 400 else None) for r in responses
    )
    assert codes == {(201, None): 1, (409, "already_voted"): n - 1}, codes
    assert len(stored(w.session_factory, ReviewBallot, w.rid)) == 1
    assert len(stored(w.session_factory, ReviewVoter, w.rid)) == 1


@pytest.mark.live
def test_fifty_simultaneous_ballots_on_two_servers(
    w: World, backend: str, live_server: Callable[..., Any]
) -> None:
    if backend != "postgresql":
        pytest.skip("two server processes share one database: PostgreSQL")
    server = live_server(workers=2)
    n = 50
    barrier = threading.Barrier(n)
    elector = w.electorate[1]
    limits = httpx.Limits(max_connections=n + 10, max_keepalive_connections=n + 10)
    with httpx.Client(base_url=server.url, timeout=30.0, limits=limits) as http:
        token = http.post(
            "/api/v1/auth/token",
            data={"grant_type": "password", "username": elector["username"], "password": elector["password"]},
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}

        def vote(_i: int) -> httpx.Response:
            barrier.wait(timeout=30)
            return http.post(review_url(w.rid, "/ballots"), json={"choices": {w.an: "yes"}}, headers=headers)

        with ThreadPoolExecutor(max_workers=n) as pool:
            responses = list(pool.map(vote, range(n), timeout=60))
    outcomes = Counter((r.status_code, r.json().get("code")) for r in responses)
    assert outcomes == {(201, None): 1, (409, "already_voted"): n - 1}, (outcomes, server.log()[-3000:])
    with w.session_factory() as s:
        assert (
            s.scalar(select(func.count()).select_from(ReviewBallot).where(ReviewBallot.review_id == w.rid))
            == 1
        )
        assert s.get(UnitReview, w.rid).status == "voting"


def _storage_marks(w: World, backend: str) -> Any:
    """What shows the review's ballot storage was scrubbed: SQLite's WAL size; PostgreSQL's table files
    (VACUUM FULL writes both tables anew) and the xmins of the live ballot rows."""
    engine = w.session_factory.kw["bind"]
    if backend == "sqlite":
        wal = Path(engine.url.database + "-wal")
        return wal.stat().st_size if wal.exists() else 0
    with engine.connect() as conn:
        files = conn.execute(
            text("SELECT pg_relation_filenode('review_ballots'), pg_relation_filenode('review_voters')")
        ).one()
        ballot_xmins = set(conn.execute(text("SELECT xmin::text FROM review_ballots")).scalars())
        voter_xmins = set(conn.execute(text("SELECT xmin::text FROM review_voters")).scalars())
        cast_xmins = set(
            conn.execute(
                text("SELECT xmin::text FROM audit_events WHERE action = 'review.ballot_cast'")
            ).scalars()
        )
    return tuple(files), ballot_xmins, voter_xmins, cast_xmins


@pytest.mark.parametrize("action", ["close", "cancel"])
def test_closing_or_cancelling_the_vote_scrubs_the_ballot_storage(
    w: World, backend: str, action: str
) -> None:
    w.voted(w.rid, [{w.an: "yes"}, {w.binh: "no"}, {w.an: "no", w.binh: "yes"}])
    before = _storage_marks(w, backend)
    if backend == "sqlite":
        assert before > 0  # the casting transactions are in the WAL
    else:
        files, ballot_xmins, _, cast_xmins = before
        assert ballot_xmins == cast_xmins and len(cast_xmins) == 3  # each ballot shares its cast's xmin
    w.done(w.rid, action)
    after = _storage_marks(w, backend)
    if backend == "sqlite":
        assert after == 0
    else:
        new_files, ballot_xmins, voter_xmins, cast_xmins = after
        assert all(new != old for new, old in zip(new_files, files, strict=True))  # rewritten: no old row
        assert len(ballot_xmins) == 1 and ballot_xmins == voter_xmins  # one sealing transaction for all
        assert not ballot_xmins & cast_xmins
    assert len(stored(w.session_factory, ReviewBallot, w.rid)) == 3
