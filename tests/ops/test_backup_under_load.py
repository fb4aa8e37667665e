"""Issue 16, point 8: a backup taken while a real server keeps writing holds every write acknowledged
before the backup began, and it restores into a fresh database that verifies."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit import service as audit_service
from app.core.db import make_engine
from app.models import AuditEvent, Unit
from tests.support.builders import Builders
from tests.support.commands import Thidua

pytestmark = pytest.mark.live

WRITERS = 3
ACKED_BEFORE_BACKUP = 30  # writes acknowledged before the backup starts


class Writers:
    """Threads creating units through the API as fast as it answers, each ack stamped on arrival."""

    def __init__(self, url: str, headers: dict[str, str]) -> None:
        self.url, self.headers = url, headers
        self.acked: list[tuple[float, str]] = []  # (monotonic time of the 201, unit id)
        self.failures: list[str] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._write, args=(n,)) for n in range(WRITERS)]

    def _write(self, n: int) -> None:
        with httpx.Client(base_url=self.url, headers=self.headers, timeout=60) as http:
            while not self._stop.is_set():
                code = f"BK{n}-{uuid.uuid4().hex[:10]}"
                r = http.post("/api/v1/units", json={"code": code, "name": f"Đơn vị {code}"})
                at = time.monotonic()
                with self._lock:
                    if r.status_code == 201:
                        self.acked.append((at, r.json()["id"]))
                    else:
                        self.failures.append(f"{r.status_code} {r.text[:200]}")

    def __enter__(self) -> Writers:
        for t in self._threads:
            t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for t in self._threads:
            t.join(timeout=60)

    def count(self) -> int:
        with self._lock:
            return len(self.acked)

    def wait_for(self, n: int, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while self.count() < n:
            assert time.monotonic() < deadline, f"only {self.count()} writes in {timeout}s: {self.failures}"
            time.sleep(0.05)


def _restored(url: str) -> tuple[set[str], set[str], audit_service.Verification]:
    """(unit ids, audited object ids, the chain's verification) read from a database."""
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            units = set(session.scalars(select(Unit.id)))
            audited = {oid for oid in session.scalars(select(AuditEvent.object_id)) if oid}
            return units, audited, audit_service.verify(session=session)
    finally:
        engine.dispose()


def test_a_backup_under_write_load_restores_every_write_acknowledged_before_it_began(
    live_server: Callable[..., Any],
    build: Builders,
    thidua: Thidua,
    empty_database: Callable[[], str],
    tmp_path: Path,
) -> None:
    server = live_server()
    backup = tmp_path / "backups" / "thidua.backup"

    with Writers(server.url, build.headers("admin")) as writers:
        writers.wait_for(ACKED_BEFORE_BACKUP)
        began = time.monotonic()
        made = thidua("backup", str(backup))
        finished = time.monotonic()
        writers.wait_for(writers.count() + WRITERS)  # the server still takes writes after the backup

    assert made.returncode == 0, made.stderr
    assert writers.failures == []
    before = {uid for at, uid in writers.acked if at < began}
    during = [uid for at, uid in writers.acked if began <= at < finished]
    assert len(before) >= ACKED_BEFORE_BACKUP
    assert during, "no write was acknowledged while the backup ran: it was not taken under load"
    manifest = json.loads((backup.parent / "thidua.backup.manifest.json").read_text())
    assert "verified:" in made.stdout and f"audit chain ({manifest['audit_events']} events)" in made.stdout

    target = empty_database()
    restored = thidua("restore", str(backup), database_url=target)

    assert restored.returncode == 0, restored.stderr
    units, audited, chain = _restored(target)
    assert before <= units, f"{len(before - units)} acknowledged writes missing from the restored database"
    assert before <= audited  # and each one's audit event is in the restored chain
    assert chain.ok and chain.count == manifest["audit_events"]
    assert len(units) == manifest["counts"]["units"]
    assert units <= {uid for _, uid in writers.acked}  # nothing but what the writers made (and saw acked)
