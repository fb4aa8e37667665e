"""Statements per request on the hot paths (issue 17, point 4): a ballot cast, one object, a page of a list,
the turnout. Each is counted as the application sends it (SQLAlchemy's ``before_cursor_execute``) for one
request, in a world with 5 rows of what the request reads and again with 50: the count is a small constant
that the data's size does not change.

``BEGIN`` is left out of the count: PostgreSQL's driver sends it by itself (the event never sees it), while
on SQLite the application sends it (``app.core.db``); everything else is the same statement on both."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event

from app.core.text import fold
from app.models import SessionCandidate, SessionElector, Unit, User, VotingSession
from app.models.base import new_id
from tests.support.builders import BlocYear, Builders, Headers

SMALL, LARGE = 5, 50

# Exact counts (before issue 17 the principal took 2 statements, and a cast's audit event 3 on PostgreSQL:
# the chain's lock, its last hash and the insert; now the insert alone, sealed after commit).
PRINCIPAL = 1  # the token's user and login, in one statement
# After the issue-17 follow-up: the session's policies read the caller's role and listing along with the
# session's campaign (one statement, not three), candidates and electors come with their names, titles and
# forms in one statement, a cast reads its listing with the session FOR SHARE and marks its voter with
# INSERT ... ON CONFLICT DO NOTHING (no savepoint).
GET_SESSION = PRINCIPAL + 5
TURNOUT = PRINCIPAL + 5
UNITS_PAGE = PRINCIPAL + 1
SESSIONS_PAGE = PRINCIPAL + 4
CAST = PRINCIPAL + 6  # on SQLite too: secure_delete is set once per connection, not per cast


class Statements:
    """The statements the application sends while ``counting``."""

    def __init__(self) -> None:
        self.sent: list[str] = []
        self.on = False

    def __call__(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if self.on and not statement.lstrip().upper().startswith("BEGIN"):
            self.sent.append(" ".join(statement.split()))

    def count(self, client: TestClient, method: str, url: str, headers: Headers, **kw: Any) -> int:
        self.sent, self.on = [], True
        try:
            r = client.request(method, url, headers=headers, **kw)
        finally:
            self.on = False
        assert r.status_code < 300, r.text
        return len(self.sent)


@pytest.fixture
def statements(app: FastAPI) -> Iterator[Statements]:
    listener = Statements()
    event.listen(app.state.engine, "before_cursor_execute", listener)
    yield listener
    event.remove(app.state.engine, "before_cursor_execute", listener)


class World(BlocYear):
    """A bloc-year, one delegate (the caller, an officer of the leader unit) and ``sessions(n)``: an open
    secret session with ``n`` candidate units and ``n`` other electors beside the delegate."""

    def __init__(self, build: Builders) -> None:
        super().__init__(build)
        self.voter = build.user("officer", unit_id=self.a)
        self.voter_headers = self.headers_of(self.voter)
        self.secretariat_headers = self.role("secretariat")

    def session_of(self, n: int) -> str:
        sid = new_id()
        units = [
            Unit(id=new_id(), code=(code := f"S{new_id()[:10].upper()}"), name=code, search_text=fold(code))
            for _ in range(n)
        ]
        users = [
            User(
                id=new_id(),
                username=f"e_{new_id()[:12]}",
                full_name="E",
                password_hash="x",
                roles=["officer"],
            )
            for _ in range(n)
        ]
        with self.session_factory() as s:
            s.add_all(units + users)
            s.add(
                VotingSession(
                    id=sid,
                    campaign_id=self.cid,
                    title_code="co_thi_dua_bo",
                    name="Bình xét Cờ thi đua của Bộ",
                    seats=2,
                    max_choices=2,
                    secret=True,
                    status="open",
                )
            )
            s.flush()
            s.add_all(SessionCandidate(session_id=sid, unit_id=u.id, position=i) for i, u in enumerate(units))
            s.add_all(
                SessionElector(session_id=sid, user_id=u) for u in [self.voter["id"], *(u.id for u in users)]
            )
            s.commit()
        self.candidates = [u.id for u in units]
        return sid


@pytest.fixture
def w(build: Builders) -> World:
    return World(build)


def url(sid: str, tail: str = "") -> str:
    return f"/api/v1/voting-sessions/{sid}{tail}"


def test_a_ballot_cast_sends_the_same_few_statements_whatever_the_session_size(
    w: World, statements: Statements
) -> None:
    counts = []
    for n in (SMALL, LARGE):
        sid = w.session_of(n)
        body = {"choices": w.candidates[:2]}
        counts.append(statements.count(w.client, "POST", url(sid, "/ballots"), w.voter_headers, json=body))
    assert counts == [CAST, CAST], "\n".join(statements.sent)


def test_reading_one_session_sends_the_same_statements_whatever_its_size(
    w: World, statements: Statements
) -> None:
    counts = [
        statements.count(w.client, "GET", url(w.session_of(n)), w.voter_headers) for n in (SMALL, LARGE)
    ]
    assert counts == [GET_SESSION, GET_SESSION], "\n".join(statements.sent)


def test_the_turnout_sends_the_same_statements_whatever_the_electorate(
    w: World, statements: Statements
) -> None:
    counts = []
    for n in (SMALL, LARGE):
        sid = w.session_of(n)
        r = w.client.post(url(sid, "/ballots"), json={"choices": w.candidates[:1]}, headers=w.voter_headers)
        assert r.status_code == 201, r.text
        counts.append(statements.count(w.client, "GET", url(sid, "/turnout"), w.voter_headers))
    assert counts == [TURNOUT, TURNOUT], "\n".join(statements.sent)


@pytest.mark.parametrize(
    ("path", "expected"),
    [("/api/v1/units?limit=20", UNITS_PAGE), ("/api/v1/voting-sessions?limit=20", SESSIONS_PAGE)],
)
def test_a_page_of_a_list_sends_the_same_statements_whatever_the_list_holds(
    w: World, statements: Statements, path: str, expected: int
) -> None:
    counts = []
    for n in (SMALL, LARGE):
        for _ in range(n):  # n more sessions, each with n units and electors: the page holds 20 of them
            w.session_of(n if n == SMALL else 3)
        counts.append(statements.count(w.client, "GET", path, w.secretariat_headers))
    assert counts == [expected, expected], "\n".join(statements.sent)
