"""Two committee members entering the same count at the same moment, against two real server processes
on PostgreSQL: both entries are stored, and the agreement is computed once they are both in (the session
row's FOR UPDATE lock takes one entry after the other), so the session ends with its result."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from app.models import AuditEvent, PaperCount, VotingSession
from tests.support.builders import Builders
from tests.support.counting import PaperWorld
from tests.support.voting import URL

pytestmark = pytest.mark.live

TIMEOUT = 30.0


@pytest.fixture(autouse=True)
def _postgresql_only(backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("concurrency proof runs on PostgreSQL")


def login(http: httpx.Client, user: dict[str, Any]) -> dict[str, str]:
    r = http.post(
        "/api/v1/auth/token",
        data={"grant_type": "password", "username": user["username"], "password": user["password"]},
    )
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def test_two_members_entering_at_once_both_count_and_agree(
    build: Builders, live_server: Callable[..., Any], session_factory: Any
) -> None:
    w = PaperWorld(build)
    sessions = [w.paper_session() for _ in range(3)]  # three rounds, each on a fresh session
    server = live_server(workers=2)
    with httpx.Client(base_url=server.url, timeout=TIMEOUT) as http:
        headers = [login(http, u) for u in w.counter_users]
        rounds = []
        for sid in sessions:
            barrier = threading.Barrier(2)

            def enter(i: int, sid: str = sid, barrier: threading.Barrier = barrier) -> httpx.Response:
                barrier.wait(timeout=TIMEOUT)
                return http.put(f"{URL}/{sid}/paper-counts/mine", json=w.count(), headers=headers[i])

            with ThreadPoolExecutor(max_workers=2) as pool:
                rounds.append((sid, list(pool.map(enter, range(2), timeout=TIMEOUT * 2))))
    for sid, responses in rounds:
        assert [r.status_code for r in responses] == [200, 200], [r.text for r in responses]
        # whichever came second saw both entries, and agreed
        assert sorted(r.json()["agreement"]["entries"] for r in responses) == [1, 2]
        assert [
            r.json()["agreement"]["agree"] for r in responses if r.json()["agreement"]["entries"] == 2
        ] == [True]
        with session_factory() as s:
            vs = s.get(VotingSession, sid)
            assert vs is not None and vs.paper_count == w.count() and vs.result is not None
            assert (
                s.scalar(select(func.count()).select_from(PaperCount).where(PaperCount.session_id == sid))
                == 2
            )
            entered = s.scalar(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.action == "paper_count.entered", AuditEvent.object_id == sid)
            )
            assert entered == 2
