"""Secret ballots secret at rest (issue 16, point 3; docs/ballot-secrecy.md).

Once a session is closed, nothing in the database's files or system columns links a delegate to a choice:

- SQLite: the WAL is checkpointed and truncated, its ``-shm`` index no longer lists the casting's frames,
  each ballot is stored only in its live rows (deleted content overwritten), and the ballot rows are in an
  order unrelated to the casting.
- PostgreSQL: no live ballot row carries a transaction id of a casting (shared with the voter row and the
  audit event naming the delegate), and the cast-time row versions are gone from the tables' files.

Each test first shows, on the same data, that the link is there before the close (or without the scrub), so
the assertions after it could fail. The byte checks read the SQLite files and, on PostgreSQL, the relation
files (``pg_read_binary_file``, after a CHECKPOINT; the test role is a superuser).
"""

from __future__ import annotations

import hashlib
import logging
import random
import sqlite3
import struct
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest
from fastapi import FastAPI
from sqlalchemy import Engine, text

from app.voting import scrub
from tests.support.builders import BlocYear, Builders, insert_session

DELEGATES = 12  # a shuffle leaves 12 rows in casting order (or its reverse) once in 2.4e8 closes
URL = "/api/v1/voting-sessions"


class Election(BlocYear):
    """A bloc of 12 units with one delegate each, and an open secret session of all of them as candidates.
    Delegate i chooses unit i alone (a recognisable ballot); they vote in a shuffled, known order."""

    def __init__(self, build: Builders, app: FastAPI) -> None:
        super().__init__(build, size=DELEGATES, delegates=True)
        self.engine: Engine = app.state.engine
        self.sid = insert_session(
            self.session_factory, campaign_id=self.cid, candidates=self.units, electors=self.delegate_ids
        )
        self.order = list(range(DELEGATES))
        random.Random(16).shuffle(self.order)
        self.tokens = [self.delegate(i) for i in range(DELEGATES)]  # logins first: their writes come before
        self.hashes: dict[int, str] = {}

    def cast_all(self) -> None:
        for i in self.order:
            r = self.client.post(
                f"{URL}/{self.sid}/ballots", json={"choices": [self.units[i]]}, headers=self.tokens[i]
            )
            assert r.status_code == 201, r.text
            self.hashes[i] = hashlib.sha256(r.json()["receipt"].encode()).hexdigest()

    def close(self) -> None:
        r = self.client.post(f"{URL}/{self.sid}/close", headers=self.tokens[0])  # delegate 0 leads the bloc
        assert r.status_code == 200, r.text
        assert r.json()["status"] == "closed"
        assert r.json()["closed_at"] is not None

    def cast_order_hashes(self) -> list[bytes]:
        return [self.hashes[i].encode() for i in self.order]

    def voter_marks(self) -> list[bytes]:
        """What a ``ballot_voters`` row (or its index entry) holds, contiguous: session id, user id."""
        return [(self.sid + self.delegate_ids[i]).encode() for i in self.order]


@pytest.fixture
def election(build: Builders, app: FastAPI) -> Election:
    return Election(build, app)


# ---- SQLite: the files -------------------------------------------------------------------------------------

_WAL_HEADER = 32
_FRAME_HEADER = 24
_SHM_HEADER = 136  # two copies of the wal-index header, then the checkpoint info
_SHM_FIRST_BLOCK_FRAMES = 4062  # page numbers of frames 1..4062 follow, one u32 each


def _files(engine: Engine) -> tuple[Path, Path, Path]:
    db = Path(str(engine.url.database))
    return db, Path(f"{db}-wal"), Path(f"{db}-shm")


def _read(path: Path) -> bytes:
    return path.read_bytes() if path.exists() else b""


def wal_transactions(wal: bytes) -> list[bytes]:
    """The committed transactions of the current log, in order, each as the page images it wrote."""
    if len(wal) < _WAL_HEADER:
        return []
    page_size = struct.unpack(">I", wal[8:12])[0]
    salts = wal[16:24]
    transactions: list[bytes] = []
    pending: list[bytes] = []
    offset = _WAL_HEADER
    while offset + _FRAME_HEADER + page_size <= len(wal):
        header = wal[offset : offset + _FRAME_HEADER]
        if header[8:16] != salts:  # a frame of an earlier log, left past the current end
            break
        pending.append(wal[offset + _FRAME_HEADER : offset + _FRAME_HEADER + page_size])
        if struct.unpack(">I", header[4:8])[0]:  # database size after commit: a commit frame
            transactions.append(b"".join(pending))
            pending = []
        offset += _FRAME_HEADER + page_size
    return transactions


def first_written(transactions: list[bytes], pattern: bytes) -> int | None:
    return next((k for k, pages in enumerate(transactions) if pattern in pages), None)


def shm_pages(shm: bytes) -> list[int]:
    """The page each frame of the log wrote, as the ``-shm`` index lists them (frame order)."""
    end = _SHM_HEADER + 4 * _SHM_FIRST_BLOCK_FRAMES
    if len(shm) < end:
        return []
    assert len(shm) == 32768, "a log past 4062 frames: the test expects a small one"
    return [page for page in struct.unpack(f"<{_SHM_FIRST_BLOCK_FRAMES}I", shm[_SHM_HEADER:end]) if page]


def checkpoint(engine: Engine) -> None:
    """Start from an empty WAL, so the log holds exactly what the test writes next."""
    with sqlite3.connect(str(engine.url.database)) as conn:
        assert conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0] == 0


def cell_order(page_images: bytes, hashes: list[bytes]) -> list[bytes]:
    """The ballots' table cells by position in the file: a cell holds the receipt hash followed by the
    choices (``["…``); the unique index's entry holds it followed by the ballot id."""
    positions = {h: page_images.find(h + b'["') for h in hashes}
    assert all(p >= 0 for p in positions.values())
    return sorted(hashes, key=lambda h: positions[h])


def assert_sqlite_casting_visible(e: Election) -> None:
    """The link, before the close: the WAL holds each ballot's transaction, with the voter's mark and the
    ballot written together; the ballots' cells sit in the page in casting order; the ``-shm`` index lists
    every frame."""
    _, wal_path, shm_path = _files(e.engine)
    transactions = wal_transactions(_read(wal_path))
    firsts = [first_written(transactions, h) for h in e.cast_order_hashes()]
    assert None not in firsts
    assert firsts == sorted(firsts) and len(set(firsts)) == DELEGATES  # casting order, one per transaction
    assert [first_written(transactions, m) for m in e.voter_marks()] == firsts  # the voter, in the same one
    latest = transactions[firsts[-1]]
    assert cell_order(latest, e.cast_order_hashes()) == e.cast_order_hashes()[::-1]  # cells grow downwards
    assert len(shm_pages(_read(shm_path))) >= DELEGATES


def assert_sqlite_at_rest(e: Election) -> None:
    db_path, wal_path, shm_path = _files(e.engine)
    db, wal, shm = _read(db_path), _read(wal_path), _read(shm_path)
    assert len(wal) == 0 and wal_transactions(wal) == []
    # The index lists only the frame the scrub wrote to reset it: the database header page, unchanged.
    assert shm_pages(shm) == [1]
    hashes = e.cast_order_hashes()
    for h in hashes:
        # Exactly the live copies: the table's cell and the unique index's entry. A copy left by the
        # casting (a freed cell, an old page) would make 3 or more.
        assert db.count(h) == 2
        assert shm.count(h) == 0
    order = cell_order(db, hashes)
    assert order not in (hashes, hashes[::-1])
    with e.session_factory() as s:
        by_rowid = s.scalars(
            text("SELECT user_id FROM ballot_voters WHERE session_id = :s ORDER BY rowid"), {"s": e.sid}
        ).all()
    cast_order = [e.delegate_ids[i] for i in e.order]
    assert sorted(by_rowid) == sorted(cast_order) and by_rowid not in (cast_order, cast_order[::-1])


# ---- PostgreSQL: the system columns and the relation files ----------------------------------------------


@contextmanager
def pg(engine: Engine) -> Iterator[psycopg.Connection[Any]]:
    url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(url, autocommit=True) as conn:
        yield conn


def xmins(e: Election) -> dict[str, dict[str, str]]:
    """Per table, each row's key → its ``xmin``: ballots by receipt hash, voters and cast events by user."""
    with pg(e.engine) as conn:
        return {
            "ballots": dict(
                conn.execute("SELECT receipt_hash, xmin::text FROM ballots WHERE session_id = %s", [e.sid])
            ),
            "voters": dict(
                conn.execute("SELECT user_id, xmin::text FROM ballot_voters WHERE session_id = %s", [e.sid])
            ),
            "cast_events": dict(
                conn.execute(
                    "SELECT actor_id, xmin::text FROM audit_events WHERE action = 'ballot.cast' "
                    "AND object_id = %s",
                    [e.sid],
                )
            ),
        }


def relation_bytes(e: Election, relation: str) -> bytes:
    """The relation's file as stored on disk, once every dirty buffer is written."""
    with pg(e.engine) as conn:
        conn.execute("CHECKPOINT")
        row = conn.execute(
            "SELECT pg_read_binary_file(pg_relation_filepath(%s::regclass))", [relation]
        ).fetchone()
        assert row is not None
        return bytes(row[0])


def copies(e: Election) -> dict[str, list[int]]:
    """How many times each ballot (its receipt hash) and each voter row (its user id) are in the files of
    the tables and indexes that hold them: live versions and dead ones alike."""
    hashes = e.cast_order_hashes()
    voters = [e.delegate_ids[i].encode() for i in e.order]
    ballots, receipt_index = relation_bytes(e, "ballots"), relation_bytes(e, "uq_ballots_receipt_hash")
    voter_rows, voter_index = relation_bytes(e, "ballot_voters"), relation_bytes(e, "pk_ballot_voters")
    return {
        "ballots": [ballots.count(h) for h in hashes],
        "receipt_index": [receipt_index.count(h) for h in hashes],
        "voters": [voter_rows.count(u) for u in voters],
        "voter_index": [voter_index.count(u) for u in voters],
    }


def assert_pg_casting_visible(e: Election) -> dict[str, dict[str, str]]:
    """The link, before the close: each ballot row has the ``xmin`` of the audit event naming its delegate,
    and so has the voter row (one transaction, no savepoint). Returns the casting's transaction ids."""
    before = xmins(e)
    for i in e.order:
        uid, receipt_hash = e.delegate_ids[i], e.hashes[i]
        assert before["ballots"][receipt_hash] == before["cast_events"][uid]
        assert before["voters"][uid] == before["ballots"][receipt_hash]
    assert len(set(before["ballots"].values())) == DELEGATES
    return before


def assert_pg_at_rest(e: Election, before: dict[str, dict[str, str]]) -> None:
    casting = {x for rows in before.values() for x in rows.values()}
    after = xmins(e)
    assert set(after["ballots"]) == set(before["ballots"]) and set(after["voters"]) == set(before["voters"])
    # Every ballot and voter row now carries the closing transaction's id, and no casting's id.
    [closing] = set(after["ballots"].values()) | set(after["voters"].values())
    assert closing not in casting
    assert after["cast_events"] == before["cast_events"]  # the audit trail is kept as it was
    with pg(e.engine) as conn:
        [(close_actor,)] = conn.execute(
            "SELECT actor_id FROM audit_events WHERE xmin::text = %s", [closing]
        ).fetchall()  # the close's own event, naming the leader who closed, for every ballot alike
        assert close_actor == e.delegate_ids[0]
        # No row of any table but the audit trail (which holds no choice) is from a casting transaction.
        tables = [t for (t,) in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        holders = {
            t
            for t in tables
            if conn.execute(
                f'SELECT count(*) FROM "{t}" WHERE xmin::text = ANY(%s)', [sorted(casting)]
            ).fetchone()
            != (0,)
        }
    assert holders == {"audit_events"}
    # The cast-time versions are gone from the files: one copy of each row, in the table and its index.
    assert copies(e) == {k: [1] * DELEGATES for k in ("ballots", "receipt_index", "voters", "voter_index")}


# ---- the tests ---------------------------------------------------------------------------------------------


def test_after_the_close_nothing_stored_links_a_delegate_to_a_choice(
    election: Election, backend: str
) -> None:
    e = election
    if backend == "sqlite":
        checkpoint(e.engine)
    e.cast_all()
    if backend == "sqlite":
        assert_sqlite_casting_visible(e)
    else:
        before = assert_pg_casting_visible(e)

    e.close()  # the scrub runs as the close's background task, after its commit (the test client waits)

    if backend == "sqlite":
        assert_sqlite_at_rest(e)
    else:
        assert_pg_at_rest(e, before)
    results = e.client.get(f"{URL}/{e.sid}/results", headers=e.tokens[0]).json()
    assert results["ballots_cast"] == DELEGATES
    assert sorted(c["votes"] for c in results["candidates"]) == [1] * DELEGATES


def test_the_seal_alone_leaves_the_casting_in_the_files_the_scrub_removes_it(
    election: Election, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the scrub, the closed session's casting is still in the files: SQLite's WAL, PostgreSQL's
    dead row versions (with the casting's ``xmin``). Run afterwards, the scrub removes it."""
    e = election
    if backend == "sqlite":
        checkpoint(e.engine)
    e.cast_all()
    before = None if backend == "sqlite" else xmins(e)
    real_scrub = scrub.scrub
    monkeypatch.setattr(scrub, "scrub", lambda engine, tables=None: None)
    e.close()

    if backend == "sqlite":
        assert_sqlite_casting_visible(e)  # the WAL still holds every ballot's transaction
    else:
        left = copies(e)
        assert left["ballots"] == [2] * DELEGATES  # the live version and the cast-time one
        assert left["voters"] == [2] * DELEGATES
        # ... and a plain VACUUM frees them without erasing them: their bytes stay in the pages.
        with pg(e.engine) as conn:
            conn.execute("VACUUM ballots, ballot_voters")
        assert copies(e)["ballots"] == [2] * DELEGATES

    outcome = real_scrub(e.engine)
    assert outcome.complete, outcome
    if backend == "sqlite":
        assert outcome.steps == ("wal-truncated", "shm-reset")
        assert_sqlite_at_rest(e)
    else:
        assert outcome.steps == ("rewritten",)
        assert before is not None
        assert_pg_at_rest(e, before)


def test_a_cancelled_open_session_is_sealed_and_scrubbed(election: Election, backend: str) -> None:
    e = election
    if backend == "sqlite":
        checkpoint(e.engine)
    e.cast_all()
    before = None if backend == "sqlite" else xmins(e)
    r = e.client.post(f"{URL}/{e.sid}/cancel", headers=e.tokens[0])
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "cancelled"
    if backend == "sqlite":
        assert_sqlite_at_rest(e)
    else:
        assert before is not None
        assert_pg_at_rest(e, before)


def test_a_busy_database_never_fails_the_close_and_the_scrub_says_so(
    election: Election, backend: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A reader holding an old snapshot: SQLite cannot truncate a WAL it still reads; PostgreSQL must keep
    the cast-time versions it may still see. The close succeeds, the scrub logs what it could not do (no ids),
    and once the reader is gone a new scrub completes."""
    e = election
    monkeypatch.setattr(scrub, "SQLITE_BUSY_MS", 50)
    monkeypatch.setattr(scrub, "PG_HORIZON_WAIT_S", 0.3)
    e.cast_all()
    caplog.set_level(logging.WARNING, logger="thidua.voting")
    with _old_snapshot(e, backend):
        started = time.monotonic()
        e.close()
        assert time.monotonic() - started < 10
        outcome = scrub.scrub(e.engine)
        expected = (
            ("wal-busy",) if backend == "sqlite" else ("rewritten", "dead-versions-kept-for-open-snapshots")
        )
        assert outcome == scrub.Outcome(False, expected)
    warnings = [r.getMessage() for r in caplog.records if r.name == "thidua.voting"]
    assert len(warnings) == 2 and all(", ".join(expected) in w for w in warnings)  # the close's and ours
    assert not any(e.sid in w or any(h in w for h in e.hashes.values()) for w in warnings)
    monkeypatch.setattr(scrub, "PG_HORIZON_WAIT_S", 10.0)  # other databases' CREATE DATABASE hold it too
    assert scrub.scrub(e.engine).complete


@contextmanager
def _old_snapshot(e: Election, backend: str) -> Iterator[None]:
    """A read transaction that began before the close and is still open (it touches no ballot table)."""
    if backend == "sqlite":
        conn = sqlite3.connect(str(e.engine.url.database), isolation_level=None)
        conn.execute("BEGIN")
        conn.execute("SELECT count(*) FROM users").fetchone()
        try:
            yield
        finally:
            conn.execute("COMMIT")
            conn.close()
        return
    with pg(e.engine) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        conn.execute("SELECT count(*) FROM users").fetchone()
        try:
            yield
        finally:
            conn.execute("COMMIT")


def test_a_failing_scrub_never_fails_the_close(
    election: Election, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*_: Any) -> scrub.Outcome:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(scrub, "_sqlite", broken)
    monkeypatch.setattr(scrub, "_postgresql", broken)
    e = election
    e.cast_all()
    caplog.set_level(logging.WARNING, logger="thidua.voting")
    e.close()
    [warning] = [r for r in caplog.records if r.name == "thidua.voting"]
    assert "error:RuntimeError" in warning.getMessage()
    assert "disk on fire" not in warning.getMessage()
    with e.session_factory() as s:
        assert (
            s.execute(text("SELECT status FROM voting_sessions WHERE id = :s"), {"s": e.sid}).scalar()
            == "closed"
        )
