"""The live streams against a real uvicorn on 127.0.0.1, on SQLite and PostgreSQL: a screen follows the
turnout while delegates vote, sees the state changes and keep-alive comments, never a voter; the stream ends
when the token is revoked, at the final state, after its time; strangers get 404, no token 401, and a full
process 503."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from sqlalchemy import insert

from app.models import ConferenceGuest
from app.models.base import new_id
from tests.support.builders import Builders, Headers
from tests.support.sse import Stream
from tests.support.unit_delegates import UnitWorld, add_delegate, set_conference_status

pytestmark = pytest.mark.live

FAST = {"THIDUA_LIVE_POLL_SECONDS": "0.1", "THIDUA_LIVE_HEARTBEAT_SECONDS": "0.4"}


@pytest.fixture
def w(build: Builders) -> UnitWorld:
    return UnitWorld(build)


def _session_url(server: Any, sid: str) -> str:
    return f"{server.url}/api/v1/voting-sessions/{sid}/turnout/stream"


def _conference_url(server: Any, conference_id: str) -> str:
    return f"{server.url}/api/v1/conferences/{conference_id}/stream"


def _secrets_of(w: UnitWorld) -> list[str]:
    """What would name a voter: every delegate's user id and username."""
    return [d["id"] for d in w.delegates] + [d["username"] for d in w.delegates]


def test_a_screen_follows_the_turnout_and_the_state_changes(
    w: UnitWorld, live_server: Callable[..., Any]
) -> None:
    server = live_server(**FAST)
    sid = w.per_unit()["id"]
    w.acted(sid, "open")
    screen = Stream(_session_url(server, sid), w.secretariat)
    assert screen.status == 200
    assert screen.response_headers is not None
    assert screen.response_headers["content-type"].startswith("text/event-stream")
    assert screen.response_headers["cache-control"] == "no-store"
    first = screen.next_event()
    assert (first.id, first.name, first.retry) == ("1", "turnout", "5000")
    assert first.data == {"session_id": sid, "status": "open", "electorate": 4, "voted": 0}

    assert w.cast(sid, w.delegate(0), [w.a]).status_code == 201
    assert screen.until("turnout", voted=1).data["electorate"] == 4
    assert w.cast(sid, w.delegate(1), []).status_code == 201
    screen.until("turnout", voted=2)
    w.acted(sid, "close")
    screen.until("status", status="closed")
    w.acted(sid, "publish")
    screen.until("status", status="published")
    assert screen.next_event().name == "end"
    events = screen.until_closed()
    assert events[-1].data == {"reason": "final"}
    assert [e.id for e in events] == [str(i) for i in range(1, len(events) + 1)]
    assert [e.data.get("voted") for e in events if e.name == "turnout"] == [0, 1, 2]
    for event in events:
        assert set(event.data) <= {"session_id", "status", "electorate", "voted", "reason"}
        assert not any(secret in event.raw for secret in _secrets_of(w)), event


def test_keep_alive_comments_while_nothing_changes_until_the_time_is_up(
    w: UnitWorld, live_server: Callable[..., Any]
) -> None:
    server = live_server(**FAST, THIDUA_LIVE_MAX_SECONDS="4")
    sid = w.per_unit()["id"]
    w.acted(sid, "open")
    screen = Stream(_session_url(server, sid), w.delegate(2))  # a voting delegate may follow it too
    assert screen.next_event().data["voted"] == 0
    screen.comments_until(2)
    assert screen.comments[:2] == [": keep-alive", ": keep-alive"]
    assert screen.next_event().data == {"reason": "max_seconds"}
    assert [e.name for e in screen.until_closed()] == ["turnout", "end"]


def test_no_token_is_401_and_a_stranger_gets_404(w: UnitWorld, live_server: Callable[..., Any]) -> None:
    server = live_server(**FAST)
    sid = w.per_unit()["id"]
    r = httpx.get(_session_url(server, sid), timeout=30)
    assert (r.status_code, r.headers["www-authenticate"]) == (401, "Bearer")
    for headers in (w.outsider, w.delegate(3)):  # another bloc's officer; D's, not checked in
        r = httpx.get(_session_url(server, sid), headers=headers, timeout=30)
        assert (r.status_code, r.json()["code"]) == (404, "not_found")
    r = httpx.get(_conference_url(server, w.conference_id), headers=w.outsider, timeout=30)
    assert (r.status_code, r.json()["code"]) == (404, "not_found")
    r = httpx.get(_conference_url(server, w.conference_id), timeout=30)
    assert r.status_code == 401
    r = httpx.get(_session_url(server, "no-such-session"), headers=w.secretariat, timeout=30)
    assert r.status_code == 404


def test_a_revoked_token_ends_the_stream(
    w: UnitWorld, live_server: Callable[..., Any], build: Builders
) -> None:
    server = live_server(**FAST)
    sid = w.per_unit()["id"]
    w.acted(sid, "open")
    headers: Headers = build.headers("observer")
    screen = Stream(_session_url(server, sid), headers)
    screen.next_event()
    r = httpx.post(f"{server.url}/api/v1/auth/logout", headers=headers, timeout=30)
    assert r.status_code == 204, r.text
    end = screen.until("end")
    assert end.data == {"reason": "unauthenticated"}
    screen.until_closed()


def test_the_conference_stream_shows_attendance_and_its_sessions(
    w: UnitWorld, live_server: Callable[..., Any], build: Builders
) -> None:
    server = live_server(**FAST)
    sid = w.per_unit()["id"]
    guest = build.user("officer", unit_id=w.outside_unit)  # reads the conference as its guest only
    with w.session_factory() as s:
        s.execute(
            insert(ConferenceGuest).values(
                id=new_id(), conference_id=w.conference_id, full_name="Phó Chủ tịch", user_id=guest["id"]
            )
        )
        s.commit()
    member = Stream(_conference_url(server, w.conference_id), w.delegate(3))  # D's officer: a member
    attendance = member.next_event()
    assert attendance.name == "attendance"
    assert attendance.data == {"conference_id": w.conference_id, "status": "open", "members": 4, "present": 3}
    assert member.next_event().data == {"session_id": sid, "status": "draft", "electorate": 4, "voted": 0}
    screen = Stream(_conference_url(server, w.conference_id), build.headers_of(guest))
    assert screen.next_event().name == "attendance"

    # D checks in a delegate without an account (its voting delegate has not come)
    add_delegate(w.session_factory, w.conference_id, w.d, None, voting=False)
    assert member.until("attendance").data["present"] == 4
    w.acted(sid, "open")
    member.until("status", session_id=sid, status="open")
    assert w.cast(sid, w.delegate(0), [w.a]).status_code == 201
    member.until("turnout", session_id=sid, voted=1)
    set_conference_status(w.session_factory, w.conference_id, "closed")
    member.until("status", conference_id=w.conference_id, status="closed")
    assert member.until("end").data == {"reason": "final"}
    for event in member.until_closed() + screen.until_closed():
        assert not any(secret in event.raw for secret in _secrets_of(w)), event


def test_streams_are_capped_per_process_and_a_disconnect_frees_the_slot(
    w: UnitWorld, live_server: Callable[..., Any]
) -> None:
    server = live_server(THIDUA_LIVE_MAX_STREAMS="1", THIDUA_LIVE_POLL_SECONDS="0.2")
    sid = w.per_unit()["id"]
    url = _session_url(server, sid)
    with httpx.stream("GET", url, headers=w.secretariat, timeout=30) as first:
        assert first.status_code == 200
        lines = first.iter_lines()  # kept: a dropped line iterator would close the stream when collected
        assert next(lines) == "retry: 5000"
        r = httpx.get(url, headers=w.secretariat, timeout=30)
        assert (r.status_code, r.json()["code"], r.headers["retry-after"]) == (503, "too_many_streams", "5")
    # the client went away: the server notices and gives the slot back (it may take it a moment)
    deadline = time.monotonic() + 30
    while True:
        again = Stream(url, w.secretariat)
        if again.status == 200 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert again.status == 200
    assert again.next_event().name == "turnout"


def test_a_stopping_server_cuts_open_streams_after_its_grace_period(
    w: UnitWorld, live_server: Callable[..., Any]
) -> None:
    """`thidua serve` on SIGTERM: a screen following the turnout does not keep the process up (uvicorn would
    otherwise wait for the stream's own end, an hour later); it stops within its grace period."""
    server = live_server(serve=True, THIDUA_SHUTDOWN_GRACE_SECONDS="1", **FAST)
    sid = w.per_unit()["id"]
    screen = Stream(_session_url(server, sid), w.secretariat)
    assert screen.next_event().name == "turnout"
    started = time.monotonic()
    os.killpg(server.proc.pid, signal.SIGTERM)
    server.proc.wait(timeout=30)  # would time out without the grace period (the stream lasts an hour)
    assert time.monotonic() - started < 30
    screen.until_closed()
    assert screen.closed
