"""The audit trail is written without a lock and sealed after commit (app.core.audit_sealer), on SQLite and
PostgreSQL: writers do not wait for each other, concurrent sealers never fork the chain, the database lets
through only the sealing of an unsealed event, and a forged seal is found by the verifier."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.audit import service as audit_service
from app.core import audit
from app.core.audit_sealer import seal_pending
from app.core.migrations import downgrade, upgrade
from app.main import create_app
from app.models import AuditEvent
from tests.support.settings import make_settings

URL = "/api/v1/audit-events"


def _record(session: Session, action: str, n: int = 1) -> None:
    for i in range(n):
        audit.record(
            session, actor=audit.SYSTEM, action=action, object_type="test", object_id=f"{action}-{i}"
        )


def _rows(session_factory: Any) -> list[AuditEvent]:
    with session_factory() as s:
        return list(s.scalars(select(AuditEvent).order_by(AuditEvent.seq, AuditEvent.at)))


def test_a_commit_inserts_its_events_unsealed_and_a_seal_chains_them_in_recorded_order(
    session_factory: Any,
) -> None:
    with session_factory() as s:
        _record(s, "test.first", 3)
        s.commit()
    unsealed = _rows(session_factory)
    assert [e.seq for e in unsealed] == [None, None, None]
    assert all(e.hash is None and e.prev_hash is None for e in unsealed)

    assert seal_pending(session_factory) == 3
    assert seal_pending(session_factory) == 0  # nothing left: sealing twice gives nothing a second place
    rows = _rows(session_factory)
    assert [(e.seq, e.object_id) for e in rows] == [
        (1, "test.first-0"),
        (2, "test.first-1"),
        (3, "test.first-2"),
    ]
    assert rows[0].prev_hash == audit.GENESIS_HASH
    assert [e.prev_hash for e in rows[1:]] == [e.hash for e in rows[:-1]]
    with session_factory() as s:
        assert audit_service.verify(session=s).ok


def test_a_writer_does_not_wait_for_another_writers_trail(session_factory: Any, backend: str) -> None:
    """An open transaction that has written its audit events holds no lock another writer needs: under the
    old global chain lock the second commit below waited for the first transaction (and timed out)."""
    if backend != "postgresql":
        pytest.skip("SQLite has one writer at a time whatever the trail does")
    first = session_factory()
    try:
        _record(first, "test.held")
        audit._append_pending(first)  # what its commit would run first; the transaction stays open
        with session_factory() as second:
            second.execute(text("SET LOCAL lock_timeout = '2s'"))
            _record(second, "test.passing")
            second.commit()  # would raise LockNotAvailable behind a chain lock
        first.commit()
    finally:
        first.close()
    assert seal_pending(session_factory) == 2
    assert sorted(e.action for e in _rows(session_factory)) == ["test.held", "test.passing"]
    with session_factory() as s:
        assert audit_service.verify(session=s).ok


def test_concurrent_writers_and_sealers_never_fork_the_chain(session_factory: Any) -> None:
    writers, per_writer, sealers = 6, 10, 3
    stop = threading.Event()
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for i in range(per_writer):
                with session_factory() as s:
                    _record(s, f"test.w{n}", 1 + i % 2)
                    s.commit()
        except BaseException as exc:  # reported below
            errors.append(exc)

    def seal() -> None:
        try:
            while not stop.is_set():
                seal_pending(session_factory)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=seal) for _ in range(sealers)]
    threads += [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for t in threads:
        t.start()
    for t in threads[sealers:]:
        t.join(120)
    stop.set()
    for t in threads[:sealers]:
        t.join(60)
    assert errors == []
    seal_pending(session_factory)
    rows = _rows(session_factory)
    expected = writers * sum(1 + i % 2 for i in range(per_writer))
    assert len(rows) == expected
    assert [e.seq for e in rows] == list(range(1, expected + 1))  # every event once, no gap, no fork
    with session_factory() as s:
        result = audit_service.verify(session=s)
    assert (result.ok, result.count) == (True, expected)


@pytest.mark.parametrize(
    "statement",
    [
        # An unsealed event's content never changes, and it cannot be removed before it is sealed.
        "UPDATE audit_events SET outcome = 'failure' WHERE seq IS NULL",
        "UPDATE audit_events SET seq = 99, prev_hash = 'x', hash = 'y', action = 'other' WHERE seq IS NULL",
        "UPDATE audit_events SET seq = 99, hash = 'y' WHERE seq IS NULL",
        "DELETE FROM audit_events WHERE seq IS NULL",
        # A sealed event is never sealed again.
        "UPDATE audit_events SET seq = 99, prev_hash = 'x', hash = 'y' WHERE seq IS NOT NULL",
        "UPDATE audit_events SET seq = NULL, prev_hash = NULL, hash = NULL WHERE seq IS NOT NULL",
    ],
)
def test_the_database_lets_through_only_the_sealing_of_an_unsealed_event(
    session_factory: Any, statement: str
) -> None:
    with session_factory() as s:
        _record(s, "test.sealed")
        s.commit()
    seal_pending(session_factory)
    with session_factory() as s:
        _record(s, "test.unsealed")
        s.commit()
    before = [(e.id, e.seq, e.hash, e.outcome, e.action) for e in _rows(session_factory)]
    with session_factory() as s:
        with pytest.raises(DBAPIError, match="append-only"):
            s.execute(text(statement))
        s.rollback()
    assert [(e.id, e.seq, e.hash, e.outcome, e.action) for e in _rows(session_factory)] == before


def test_a_forged_seal_is_let_through_by_the_database_and_found_by_the_verifier(session_factory: Any) -> None:
    """Anyone who may insert can also seal an unsealed event; a wrong hash or link breaks the chain there."""
    with session_factory() as s:
        _record(s, "test.before", 2)
        s.commit()
    seal_pending(session_factory)
    with session_factory() as s:
        _record(s, "test.forged")
        s.commit()
    with session_factory() as s:
        s.execute(
            text("UPDATE audit_events SET seq = 3, prev_hash = :p, hash = :h WHERE seq IS NULL"),
            {"p": "0" * 64, "h": "f" * 64},
        )
        s.commit()
    forged = _rows(session_factory)[-1]
    with session_factory() as s:
        result = audit_service.verify(session=s)
    assert (result.ok, result.first_bad_id) == (False, forged.id)


def test_an_api_process_seals_in_the_background(database_url: str) -> None:
    app = create_app(make_settings(database_url, audit_seal_seconds=0.05))
    factory = app.state.sessionmaker
    with TestClient(app):
        with factory() as s:
            _record(s, "test.background", 2)
            s.commit()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if all(e.seq is not None for e in _rows(factory)):
                break
            time.sleep(0.05)
        rows = _rows(factory)
    assert [e.seq for e in rows] == [1, 2]
    with factory() as s:
        assert audit_service.verify(session=s).ok


def test_a_schema_downgrade_seals_the_unsealed_events_first(session_factory: Any, database_url: str) -> None:
    """Below revision c0ffee170001 every event must have its place in the chain: the downgrade seals the
    pending ones (as the sealer would) instead of failing or dropping them."""
    with session_factory() as s:
        _record(s, "test.pending", 3)
        s.commit()
    downgrade(database_url, "c0ffee140001")
    upgrade(database_url)
    rows = _rows(session_factory)
    assert [(e.seq, e.action) for e in rows] == [(n, "test.pending") for n in (1, 2, 3)]
    with session_factory() as s:
        assert audit_service.verify(session=s).ok
