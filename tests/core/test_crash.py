"""A server killed (SIGKILL) in the middle of a write load loses no write it acknowledged, half-writes
nothing, and leaves the audit chain intact: on SQLite (one process) and PostgreSQL (two)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import func, select, text

from app.models import AuditEvent, Unit

pytestmark = pytest.mark.live

WRITERS = 6
KILL_AFTER = 60  # acknowledged writes before the power cut


def _token(url: str, user: dict[str, str]) -> str:
    r = httpx.post(
        f"{url}/api/v1/auth/token",
        data={"grant_type": "password", "username": user["username"], "password": user["password"]},
        timeout=30,
    )
    assert r.status_code == 200, r.text
    return str(r.json()["access_token"])


def test_sigkill_under_write_load_loses_no_acknowledged_write(
    live_server, make_user, session_factory, backend
):
    admin = make_user("admin")
    server = live_server(workers=1 if backend == "sqlite" else 2)
    headers = {"Authorization": f"Bearer {_token(server.url, admin)}"}
    acknowledged: list[tuple[str, str]] = []  # (unit id, code) of every 201 the clients received
    lock = threading.Lock()
    enough = threading.Event()

    def writer(w: int) -> None:
        with httpx.Client(timeout=10) as http:
            for i in range(10_000):
                code = f"CR{w}-{i}"
                try:
                    r = http.post(
                        f"{server.url}/api/v1/units",
                        headers=headers,
                        json={"code": code, "name": f"Đơn vị thử sập {w}-{i}"},
                    )
                except httpx.HTTPError:
                    return  # the server is gone: this write was never acknowledged
                if r.status_code == 201:
                    with lock:
                        acknowledged.append((r.json()["id"], code))
                        if len(acknowledged) >= KILL_AFTER:
                            enough.set()

    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        futures = [pool.submit(writer, w) for w in range(WRITERS)]
        assert enough.wait(120), server.log()[-3000:]
        server.kill()  # mid-load: requests are in flight on every writer
        for f in futures:
            f.result(timeout=60)
    killed_at = len(acknowledged)
    assert killed_at >= KILL_AFTER

    # The database as the next server finds it.
    with session_factory() as s:
        stored = dict(s.execute(select(Unit.id, Unit.code).where(Unit.code.like("CR%"))).tuples().all())
        created_events = s.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "unit.create")
        )
        if backend == "sqlite":
            assert s.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    lost = [(uid, code) for uid, code in acknowledged if stored.get(uid) != code]
    assert lost == [], f"{len(lost)} acknowledged writes lost of {killed_at}"
    # Nothing half-written: every stored unit has its audit event (they commit together).
    assert created_events == len(stored) >= killed_at

    restarted = live_server(workers=1)
    headers = {"Authorization": f"Bearer {_token(restarted.url, admin)}"}
    answer = httpx.get(f"{restarted.url}/api/v1/audit-events/verify", headers=headers, timeout=60)
    assert answer.status_code == 200, answer.text
    verified = answer.json()
    assert verified["ok"] is True and verified["count"] >= len(stored), verified
    # The service writes again after the crash.
    again = httpx.post(
        f"{restarted.url}/api/v1/units",
        headers=headers,
        json={"code": "AFTER", "name": "Sau sự cố"},
        timeout=30,
    )
    assert again.status_code == 201, again.text
