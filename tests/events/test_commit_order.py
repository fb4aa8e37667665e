"""The feed's order is commit order: a reader that moved past position N never misses an event that commits
later. On PostgreSQL, transactions commit concurrently and row ids are not in commit order; the sealer gives
positions after the commit. Shown with a transaction held open, then with real servers under concurrent
writers while a reader polls."""

from __future__ import annotations

import threading
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.events import outbox, payloads, sealer
from app.models import Event
from app.models.base import new_id
from tests.support.builders import Builders, Headers

FEED = "/api/v1/events"


def _unit_event(session: Session, code: str) -> int:
    unit_id = new_id()
    data = payloads.UnitCreated(id=unit_id, code=code, name=code, kind="other", active=True)
    event = outbox.emit(session, data, object_id=unit_id, unit_id=unit_id)
    session.flush()
    return event.id


def _seq_of(session_factory: Any, event_id: int) -> int | None:
    with session_factory() as s:
        return s.scalar(select(Event.seq).where(Event.id == event_id))


def test_an_event_that_commits_late_is_placed_after_a_readers_position(
    backend: str, session_factory: Any, client: Any, admin_headers: Headers
) -> None:
    if backend != "postgresql":
        pytest.skip("SQLite commits one writer at a time: its row ids are commit order (see the live test)")
    slow, quick = session_factory(), session_factory()
    try:
        early_id = _unit_event(slow, "SLOW")  # takes the smaller id, and stays open
        late_id = _unit_event(quick, "QUICK")
        quick.commit()
        assert early_id < late_id
        # The reader polls while the slow transaction is open: it reads the quick event and moves past it.
        first = client.get(FEED, params={"limit": 500}, headers=admin_headers).json()["items"]
        assert first[-1]["data"]["code"] == "QUICK"
        position = first[-1]["seq"]
        assert _seq_of(session_factory, early_id) is None
        slow.commit()
    finally:
        slow.close()
        quick.close()
    # The slow event took the smaller id, but its place in the feed is after the reader's position: a feed
    # ordered by id would have put it behind the reader for ever.
    after = client.get(FEED, params={"after": position}, headers=admin_headers).json()["items"]
    assert [e["data"]["code"] for e in after] == ["SLOW"]
    assert after[0]["seq"] > position


def test_a_rolled_back_event_never_appears(session_factory: Any, client: Any, admin_headers: Headers) -> None:
    with session_factory() as s:
        _unit_event(s, "GONE")
        s.rollback()
    with session_factory() as s:
        _unit_event(s, "KEPT")
        s.commit()
    codes = [e["data"]["code"] for e in client.get(FEED, headers=admin_headers).json()["items"]]
    assert "KEPT" in codes and "GONE" not in codes


def test_sealing_twice_gives_each_event_one_position(session_factory: Any) -> None:
    with session_factory() as s:
        for i in range(3):
            _unit_event(s, f"S{i}")
        s.commit()
    with session_factory() as s:
        assert sealer.seal(s) == 3
        s.commit()
    with session_factory() as s:
        assert sealer.seal(s) == 0
        seqs = s.scalars(select(Event.seq).order_by(Event.id)).all()
        s.commit()
    assert seqs == sorted(seqs) and len(set(seqs)) == 3 and None not in seqs


@pytest.mark.live
def test_a_polling_reader_sees_every_event_once_under_concurrent_writers(
    backend: str, live_server: Any, build: Builders
) -> None:
    server = live_server(workers=2 if backend == "postgresql" else 1)
    admin = build.user("admin")
    with httpx.Client(base_url=server.url, timeout=30) as http:
        token = http.post(
            "/api/v1/auth/token",
            data={"grant_type": "password", "username": admin["username"], "password": admin["password"]},
        ).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    writers, per_writer = 4, 15
    created: list[str] = []
    failures: list[str] = []
    done = threading.Event()

    def write(w: int) -> None:
        with httpx.Client(base_url=server.url, timeout=30, headers=headers) as http:
            for i in range(per_writer):
                r = http.post("/api/v1/units", json={"code": f"CW{w}-{i}", "name": f"Vụ {w} {i}"})
                if r.status_code == 201:
                    created.append(r.json()["id"])
                else:
                    failures.append(r.text)

    seen: list[dict[str, Any]] = []
    after = 0

    def poll(http: httpx.Client) -> None:
        nonlocal after
        cursor: str | None = None
        while True:
            params: dict[str, Any] = {"after": after, "limit": 7, "type": "unit.created"}
            if cursor:
                params["cursor"] = cursor
            body = http.get(FEED, params=params).json()
            seen.extend(body["items"])
            cursor = body["next_cursor"]
            if cursor is None:
                break
        if seen:
            after = seen[-1]["seq"]

    threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
    with httpx.Client(base_url=server.url, timeout=30, headers=headers) as http:
        for t in threads:
            t.start()
        while any(t.is_alive() for t in threads):
            poll(http)
        done.set()
        poll(http)
    assert failures == []
    assert len(created) == writers * per_writer
    seqs = [e["seq"] for e in seen]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs), "a position seen twice or out of order"
    assert sorted(e["object_id"] for e in seen) == sorted(created), "an event skipped or invented"
