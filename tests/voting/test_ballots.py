"""Ballots, turnout and receipts through HTTP, on SQLite and PostgreSQL; the secrecy of what is stored."""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, inspect, select, text

from app.core.logging import JsonFormatter
from app.models import AuditEvent, Ballot, BallotVoter, VotingSession
from app.models.base import new_id
from app.voting import ballots, scrub
from tests.support.builders import BlocYear, Builders, Headers, insert_session
from tests.support.problems import problem

# ---- helpers ---------------------------------------------------------------------------------------


def set_status(session_factory: Any, sid: str, status: str) -> None:
    with session_factory() as s:
        s.get(VotingSession, sid).status = status
        s.commit()


def seal_directly(session_factory: Any, sid: str) -> None:
    """What the close does to the ballot rows, without the rest of the close."""
    with session_factory() as s:
        s.get(VotingSession, sid, with_for_update=True).status = "closed"
        ballots.seal(s, sid)
        s.commit()


def ballot_url(sid: str) -> str:
    return f"/api/v1/voting-sessions/{sid}/ballots"


def turnout_url(sid: str) -> str:
    return f"/api/v1/voting-sessions/{sid}/turnout"


def receipt_url(sid: str, receipt: str) -> str:
    return f"/api/v1/voting-sessions/{sid}/receipts/{receipt}"


def count(session_factory: Any, model: Any, sid: str) -> int:
    with session_factory() as s:
        return int(s.scalar(select(func.count()).select_from(model).where(model.session_id == sid)) or 0)


def stored_ballots(session_factory: Any, sid: str) -> list[Ballot]:
    with session_factory() as s:
        return list(s.scalars(select(Ballot).where(Ballot.session_id == sid)))


class World(BlocYear):
    """A bloc in 2016 (leader, deputy, two members), its campaign, one delegate per unit, and an open
    secret session electing 2 of the 4 units, with those 4 delegates as its electorate."""

    def __init__(self, build: Builders) -> None:
        super().__init__(build, delegates=True)
        self.headers = [self.delegate(i) for i in range(len(self.delegates))]
        self.sid = self.new_session()

    def new_session(self, **kwargs: Any) -> str:
        kwargs.setdefault("candidates", self.units)
        kwargs.setdefault("electors", [d["id"] for d in self.delegates])
        return insert_session(self.session_factory, campaign_id=self.campaign["id"], **kwargs)

    def close(self, sid: str | None = None) -> None:
        """Through the sessions API, by the leader (delegate 0 is an officer of the leader unit)."""
        r = self.client.post(f"/api/v1/voting-sessions/{sid or self.sid}/close", headers=self.headers[0])
        assert r.status_code == 200, r.text
        assert r.json()["status"] == "closed"

    def vote(self, i: int, choices: list[str], sid: str | None = None) -> Any:
        return self.client.post(
            ballot_url(sid or self.sid), json={"choices": choices}, headers=self.headers[i]
        )


@pytest.fixture
def w(build: Builders) -> World:
    return World(build)


# ---- casting -------------------------------------------------------------------------------------------


def test_delegate_casts_a_ballot_and_gets_a_receipt(w: World) -> None:
    r = w.vote(0, [w.units[2], w.units[1]])
    assert r.status_code == 201, r.text
    assert r.headers["cache-control"] == "no-store"
    body = r.json()
    assert set(body) == {"receipt"}
    receipt = body["receipt"]
    assert len(receipt) == 32 and receipt.replace("-", "").replace("_", "").isalnum()  # 192 random bits
    [ballot] = stored_ballots(w.session_factory, w.sid)
    assert ballot.choices == sorted([w.units[2], w.units[1]])
    assert ballot.voter_id is None  # secret session
    assert ballot.receipt_hash == hashlib.sha256(receipt.encode()).hexdigest()
    assert len(ballot.id) == 32 and ballot.id != receipt
    with w.session_factory() as s:
        assert s.scalars(select(BallotVoter.user_id).where(BallotVoter.session_id == w.sid)).all() == [
            w.delegates[0]["id"]
        ]


def test_receipts_are_random_and_distinct(w: World) -> None:
    receipts = [w.vote(i, [w.units[0]]).json()["receipt"] for i in range(4)]
    assert len(set(receipts)) == 4
    hashes = {b.receipt_hash for b in stored_ballots(w.session_factory, w.sid)}
    assert hashes == {hashlib.sha256(r.encode()).hexdigest() for r in receipts}


def test_a_blank_ballot_counts_as_cast(w: World) -> None:
    r = w.vote(1, [])
    assert r.status_code == 201, r.text
    t = w.client.get(turnout_url(w.sid), headers=w.headers[1]).json()
    assert t == {"electorate": 4, "voted": 1, "i_voted": True}
    with w.session_factory() as s:
        assert ballots.all_choices(s, w.sid) == [[]]
    w.close()
    results = w.client.get(f"/api/v1/voting-sessions/{w.sid}/results", headers=w.headers[0]).json()
    assert (results["ballots_cast"], results["blank"]) == (1, 1)
    assert all(c["votes"] == 0 for c in results["candidates"])


def test_second_ballot_of_a_delegate_is_already_voted(w: World) -> None:
    assert w.vote(0, [w.units[0]]).status_code == 201
    r = w.vote(0, [w.units[1]])
    problem(r, 409, "already_voted")
    assert count(w.session_factory, BallotVoter, w.sid) == 1
    [ballot] = stored_ballots(w.session_factory, w.sid)
    assert ballot.choices == [w.units[0]]


def test_idempotency_key_is_not_honoured_for_ballots(w: World) -> None:
    headers = {**w.headers[0], "Idempotency-Key": "ballot-retry-1"}
    first = w.client.post(ballot_url(w.sid), json={"choices": [w.units[0]]}, headers=headers)
    assert first.status_code == 201
    retry = w.client.post(ballot_url(w.sid), json={"choices": [w.units[0]]}, headers=headers)
    assert retry.status_code == 409  # never a replay: nothing names the voter next to the receipt
    assert retry.json()["code"] == "already_voted"
    assert "receipt" not in retry.text
    assert w.client.get(turnout_url(w.sid), headers=w.headers[0]).json()["i_voted"] is True


def test_not_in_electorate_is_403(w: World) -> None:
    sid = w.new_session(electors=[d["id"] for d in w.delegates[2:]])
    for i in (0, 1):  # officers of the leader and deputy units: they read the session, but are no delegates
        r = w.vote(i, [], sid=sid)
        problem(r, 403, "not_in_electorate")
    secretariat = w.user("secretariat")
    r = w.client.post(ballot_url(sid), json={"choices": []}, headers=secretariat)
    problem(r, 403, "not_in_electorate")
    assert count(w.session_factory, BallotVoter, sid) == 0
    assert count(w.session_factory, Ballot, sid) == 0


def test_unknown_or_invisible_session_is_404(w: World, make_unit: Callable[..., dict[str, Any]]) -> None:
    outsider = w.user("officer", unit_id=make_unit()["id"])  # a unit outside the bloc
    r = w.client.post(ballot_url(w.sid), json={"choices": []}, headers=outsider)
    problem(r, 404, "not_found")
    for sid in (new_id(), "x" * 65):
        r = w.vote(0, [], sid=sid)
        problem(r, 404, "not_found")
    assert count(w.session_factory, Ballot, w.sid) == 0


def test_service_clients_do_not_vote(w: World, make_client_token: Callable[..., Headers]) -> None:
    token = make_client_token(["results:read"])
    r = w.client.post(ballot_url(w.sid), json={"choices": []}, headers=token)
    problem(r, 403, "forbidden")


def test_anonymous_is_401(w: World) -> None:
    r = w.client.post(ballot_url(w.sid), json={"choices": []})
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("status", ["draft", "closed", "published", "cancelled"])
def test_ballots_only_while_open(w: World, status: str) -> None:
    set_status(w.session_factory, w.sid, status)
    r = w.vote(0, [w.units[0]])
    problem(r, 409, "session_not_open")
    assert r.json()["session_status"] == status
    assert count(w.session_factory, BallotVoter, w.sid) == 0


@pytest.mark.parametrize(
    ("choices", "loc", "type_"),
    [
        (lambda u: [u[0], "not-a-candidate"], ["body", "choices", 1], "unknown_candidate"),
        (lambda u: [u[1], u[1]], ["body", "choices", 1], "duplicate_choice"),
        (lambda u: u[:3], ["body", "choices"], "too_many_choices"),
    ],
    ids=["unknown", "duplicate", "too_many"],
)
def test_invalid_choices_are_422_naming_the_entry(w: World, choices: Any, loc: list[Any], type_: str) -> None:
    r = w.vote(0, choices(w.units))
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["code"] == "validation_error"
    assert [(e["loc"], e["type"]) for e in body["errors"]] == [(loc, type_)]
    assert count(w.session_factory, BallotVoter, w.sid) == 0
    # A refused ballot uses up nothing: the delegate can still vote.
    assert w.vote(0, [w.units[0]]).status_code == 201


def test_a_unit_outside_the_candidates_is_unknown(w: World, make_unit: Callable[..., dict[str, Any]]) -> None:
    sid = w.new_session(candidates=w.units[:2])
    r = w.vote(0, [w.units[3]], sid=sid)
    assert r.status_code == 422
    assert r.json()["errors"][0]["type"] == "unknown_candidate"


def test_malformed_bodies_are_422(w: World) -> None:
    for body in ({"choices": [w.units[0]], "voter": "x"}, {}, {"choices": "x"}, {"choices": [""]}):
        r = w.client.post(ballot_url(w.sid), json=body, headers=w.headers[0])
        assert r.status_code == 422, body
        assert r.json()["code"] == "validation_error"
    assert count(w.session_factory, BallotVoter, w.sid) == 0


# ---- what is stored ------------------------------------------------------------------------------------


def test_ballot_tables_have_no_time_and_no_link_columns(w: World) -> None:
    with w.session_factory() as s:
        insp = inspect(s.get_bind())
        assert {c["name"] for c in insp.get_columns("ballots")} == {
            "id",
            "session_id",
            "receipt_hash",
            "choices",
            "voter_id",
        }
        assert {c["name"] for c in insp.get_columns("ballot_voters")} == {"session_id", "user_id"}


def test_secret_ballots_name_no_voter(w: World) -> None:
    for i in range(4):
        assert w.vote(i, [w.units[i % 2]]).status_code == 201
    assert [b.voter_id for b in stored_ballots(w.session_factory, w.sid)] == [None] * 4
    with w.session_factory() as s:
        assert ballots.non_secret_ballots(s, w.sid) == []


def test_non_secret_session_stores_the_voter(w: World) -> None:
    sid = w.new_session(secret=False)
    assert w.vote(0, [w.units[1], w.units[0]], sid=sid).status_code == 201
    assert w.vote(2, [], sid=sid).status_code == 201
    with w.session_factory() as s:
        got = ballots.non_secret_ballots(s, sid)
    expected = [
        {"user_id": w.delegates[0]["id"], "choices": sorted([w.units[1], w.units[0]])},
        {"user_id": w.delegates[2]["id"], "choices": []},
    ]
    assert got == sorted(expected, key=lambda b: b["user_id"])


def test_audit_event_names_the_session_only(w: World) -> None:
    r = w.vote(0, [w.units[1], w.units[2]])
    receipt = r.json()["receipt"]
    [ballot] = stored_ballots(w.session_factory, w.sid)
    with w.session_factory() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.action == "ballot.cast")).all()
    assert len(events) == 1
    ev = events[0]
    assert (ev.actor_id, ev.object_type, ev.object_id, ev.details) == (
        w.delegates[0]["id"],
        "voting_session",
        w.sid,
        {},
    )
    dumped = json.dumps({c.key: getattr(ev, c.key) for c in inspect(AuditEvent).columns}, default=str)
    for secret_value in (receipt, ballot.receipt_hash, ballot.id, w.units[1], w.units[2]):
        assert secret_value not in dumped


def test_no_log_line_carries_a_choice_or_a_receipt(w: World, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    receipt = w.vote(0, [w.units[3]]).json()["receipt"]
    w.vote(0, [w.units[3]])  # already_voted
    w.vote(1, [w.units[3], "nope"])  # 422
    w.close()
    assert w.client.get(receipt_url(w.sid, receipt), headers=w.headers[0]).status_code == 200
    assert w.client.get(receipt_url(w.sid, receipt)).status_code == 401
    # The server's records only: the test client's own "httpx" logger prints the URLs it requested.
    lines = [JsonFormatter().format(rec) for rec in caplog.records if not rec.name.startswith("httpx")]
    checks = [json.loads(ln) for ln in lines if "/receipts/" in ln]
    assert len(checks) == 2
    assert {c["path"] for c in checks} == {f"/api/v1/voting-sessions/{w.sid}/receipts/[redacted]"}
    [ballot] = stored_ballots(w.session_factory, w.sid)
    for line in lines:
        for secret_value in (receipt, ballot.receipt_hash, ballot.id, w.units[3]):
            assert secret_value not in line


# ---- turnout -------------------------------------------------------------------------------------------


def test_turnout_counts_and_i_voted(w: World) -> None:
    assert w.client.get(turnout_url(w.sid), headers=w.headers[0]).json() == {
        "electorate": 4,
        "voted": 0,
        "i_voted": False,
    }
    w.vote(0, [w.units[0]])
    w.vote(3, [])
    assert w.client.get(turnout_url(w.sid), headers=w.headers[0]).json() == {
        "electorate": 4,
        "voted": 2,
        "i_voted": True,
    }
    assert w.client.get(turnout_url(w.sid), headers=w.headers[1]).json() == {
        "electorate": 4,
        "voted": 2,
        "i_voted": False,
    }


def test_turnout_readers(w: World, make_unit: Callable[..., dict[str, Any]]) -> None:
    # The electorate is the member units' delegates but one; the leader's unit has no delegate in it.
    sid = w.new_session(electors=[d["id"] for d in w.delegates[1:]])
    w.vote(1, [], sid=sid)
    expected = {"electorate": 3, "voted": 1, "i_voted": False}
    for headers in (
        w.headers[2],  # a delegate
        w.user("officer", unit_id=w.units[0]),  # the leader
        w.user("secretariat"),
        w.user("observer"),
    ):
        r = w.client.get(turnout_url(sid), headers=headers)
        assert r.status_code == 200, r.text
        assert r.json() == expected
    outsider = w.user("officer", unit_id=make_unit()["id"])
    r = w.client.get(turnout_url(sid), headers=outsider)
    problem(r, 404, "not_found")
    assert w.client.get(turnout_url(new_id()), headers=w.headers[1]).status_code == 404
    assert w.client.get(turnout_url(sid)).status_code == 401


# ---- receipts ------------------------------------------------------------------------------------------


def test_receipt_is_checked_once_closed(w: World) -> None:
    receipt = w.vote(0, [w.units[0]]).json()["receipt"]
    before = w.client.get(receipt_url(w.sid, receipt), headers=w.headers[0])
    problem(before, 409, "session_not_closed")
    w.close()
    after = w.client.get(receipt_url(w.sid, receipt), headers=w.headers[0])
    assert after.status_code == 200
    assert after.json() == {"counted": True}
    assert after.headers["cache-control"] == "no-store"
    set_status(w.session_factory, w.sid, "published")
    assert w.client.get(receipt_url(w.sid, receipt), headers=w.headers[0]).json() == {"counted": True}


def test_unknown_receipts_are_404(w: World) -> None:
    receipt = w.vote(0, [w.units[0]]).json()["receipt"]
    other = w.new_session()
    other_receipt = w.vote(0, [w.units[1]], sid=other).json()["receipt"]
    w.close()
    w.close(other)
    for bad in (secrets.token_urlsafe(24), "short", receipt[:-1] + "!", other_receipt):
        r = w.client.get(receipt_url(w.sid, bad), headers=w.headers[0])
        assert r.status_code == 404, bad
        assert r.json()["code"] == "not_found"
        assert "counted" not in r.text
    assert w.client.get(receipt_url(new_id(), receipt), headers=w.headers[0]).status_code == 404
    assert w.client.get(receipt_url(other, other_receipt), headers=w.headers[0]).status_code == 200


def test_the_receipt_is_the_capability(w: World, make_unit: Callable[..., dict[str, Any]]) -> None:
    receipt = w.vote(0, [w.units[0]]).json()["receipt"]
    outsider = w.user("officer", unit_id=make_unit()["id"])  # may not read the session
    # Before the close: a holder learns it is not closed; without a receipt the session does not exist.
    r = w.client.get(receipt_url(w.sid, receipt), headers=outsider)
    problem(r, 409, "session_not_closed")
    r = w.client.get(receipt_url(w.sid, secrets.token_urlsafe(24)), headers=outsider)
    problem(r, 404, "not_found")
    w.close()
    assert w.client.get(receipt_url(w.sid, receipt), headers=outsider).json() == {"counted": True}
    r = w.client.get(receipt_url(w.sid, secrets.token_urlsafe(24)), headers=outsider)
    assert r.status_code == 404
    # Readers other than the voter, too: the answer says nothing about the ballot.
    assert w.client.get(receipt_url(w.sid, receipt), headers=w.user("observer")).json() == {"counted": True}


def test_a_reader_learns_the_session_is_open_without_a_receipt(w: World) -> None:
    r = w.client.get(receipt_url(w.sid, secrets.token_urlsafe(24)), headers=w.headers[1])
    problem(r, 409, "session_not_closed")


def test_receipts_of_a_cancelled_session_are_not_counted(w: World) -> None:
    receipt = w.vote(0, [w.units[0]]).json()["receipt"]
    set_status(w.session_factory, w.sid, "cancelled")
    r = w.client.get(receipt_url(w.sid, receipt), headers=w.headers[0])
    problem(r, 409, "session_not_closed")
    assert r.json()["session_status"] == "cancelled"


# ---- the close: choices and the seal -------------------------------------------------------------------


def test_all_choices_returns_every_ballot(w: World) -> None:
    cast = [[w.units[0], w.units[1]], [w.units[1]], [], [w.units[3], w.units[0]]]
    for i, choices in enumerate(cast):
        assert w.vote(i, choices).status_code == 201
    with w.session_factory() as s:
        got = ballots.all_choices(s, w.sid)
        assert ballots.all_choices(s, new_id()) == []
    assert sorted(got) == sorted(sorted(c) for c in cast)


def _physical(s: Any, table: str, sid: str, *, backend: str) -> list[tuple[str, ...]]:
    """(storage position, transaction id) of each row: what a database administrator can see."""
    key = "user_id" if table == "ballot_voters" else "id"
    if backend == "postgresql":
        sql = f"SELECT {key}, ctid::text, xmin::text FROM {table} WHERE session_id = :s"
    elif table == "ballot_voters":
        sql = f"SELECT {key}, rowid, '' FROM {table} WHERE session_id = :s"
    else:  # WITHOUT ROWID: stored in primary-key (random id) order, there is no rowid
        sql = f"SELECT {key}, '', '' FROM {table} WHERE session_id = :s"
    return [tuple(str(v) for v in row) for row in s.execute(text(sql), {"s": sid})]


def test_seal_rewrites_both_tables(w: World, backend: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # The seal alone: the scrub after the close (VACUUM FULL on PostgreSQL) would compact every session's
    # rows, which tests/voting/test_secrecy_at_rest.py covers.
    monkeypatch.setattr(scrub, "scrub", lambda engine, tables=None: None)
    receipts = [w.vote(i, [w.units[i % 3]]).json()["receipt"] for i in range(4)]
    other = w.new_session()
    w.vote(0, [w.units[0]], sid=other)
    before_ballots = {
        (b.id, b.receipt_hash, tuple(b.choices), b.voter_id) for b in stored_ballots(w.session_factory, w.sid)
    }
    with w.session_factory() as s:
        voters_before = _physical(s, "ballot_voters", w.sid, backend=backend)
        ballots_before = _physical(s, "ballots", w.sid, backend=backend)
        other_before = _physical(s, "ballots", other, backend=backend)
    if backend == "postgresql":
        # While open, each delegate's two rows come from one transaction: the Ballot row carries its id,
        # the BallotVoter row (inserted under a savepoint) the id of a subtransaction taken just after.
        # Ordered by transaction id the rows pair up, ballot then voter, delegate after delegate (other
        # transactions on the server may take ids in between, never rows in these tables). This is the
        # link the seal removes.
        by_xid = sorted(
            [(int(x), "ballot") for _, _, x in ballots_before]
            + [(int(x), "voter") for _, _, x in voters_before]
        )
        assert [kind for _, kind in by_xid] == ["ballot", "voter"] * 4
        assert len({x for _, _, x in ballots_before}) == 4

    w.close()

    after_ballots = {
        (b.id, b.receipt_hash, tuple(b.choices), b.voter_id) for b in stored_ballots(w.session_factory, w.sid)
    }
    assert after_ballots == before_ballots
    with w.session_factory() as s:
        voters_after = _physical(s, "ballot_voters", w.sid, backend=backend)
        ballots_after = _physical(s, "ballots", w.sid, backend=backend)
        assert _physical(s, "ballots", other, backend=backend) == other_before  # other sessions untouched
    assert sorted(u for u, *_ in voters_after) == sorted(u for u, *_ in voters_before)
    if backend == "postgresql":
        xids = {x for _, _, x in voters_after} | {x for _, _, x in ballots_after}
        assert len(xids) == 1  # every row now carries the closing transaction's id
        assert xids.isdisjoint({x for _, _, x in ballots_before})
        assert {c for _, c, _ in ballots_after}.isdisjoint({c for _, c, _ in ballots_before})
    else:
        assert min(int(r) for _, r, _ in voters_after) > max(int(r) for _, r, _ in voters_before)
    for receipt in receipts:
        assert w.client.get(receipt_url(w.sid, receipt), headers=w.headers[0]).json() == {"counted": True}


def test_seal_of_a_session_without_ballots_is_harmless(w: World) -> None:
    seal_directly(w.session_factory, w.sid)
    assert count(w.session_factory, Ballot, w.sid) == 0
    assert count(w.session_factory, BallotVoter, w.sid) == 0
