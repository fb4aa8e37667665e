"""After a close has committed: remove what the database's files still hold of the casting.

The seal (``ballots.seal``) rewrites a session's ballot rows in the closing transaction, so no *live* row
links a delegate to a choice. The storage still keeps what was written while the session was open, where
each delegate's ``ballot_voters`` row, ``ballots`` row and ``ballot.cast`` audit event (which names the
delegate) came from one transaction (docs/ballot-secrecy.md):

- SQLite: the ``-wal`` file keeps the page images of every ballot's transaction until its frames are
  overwritten, and the ``-shm`` index lists which pages each frame wrote, in casting order.
- PostgreSQL: the cast-time row versions stay in ``ballots`` and ``ballot_voters`` as dead tuples carrying
  the ballot's transaction id (the ``xmin`` of its audit event) until VACUUM, and their bytes, and the index
  entries pointing to them, stay in the pages until those are rewritten (a plain VACUUM does not zero them).

``scrub`` removes them. It runs outside any request transaction (a VACUUM cannot run inside one; the
request's single commit point stays the only one): the sessions' router schedules it as a background task,
which runs after the close's response is sent, so after its commit. It never raises: a close that committed
stays closed; what could not be done is logged (no ids, no content) and returned.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, Text, cast, column, func, select, text
from sqlalchemy.exc import OperationalError

from app.models import Ballot, BallotUnitVoter, BallotVoter
from app.models.base import table_of

log = logging.getLogger("thidua.voting")

# SQLite: how long one checkpoint attempt waits for readers and writers, and how often it is tried. While
# a TRUNCATE checkpoint waits it holds off new writers, so each wait is short.
SQLITE_BUSY_MS = 1000
SQLITE_ATTEMPTS = 3
SQLITE_PAUSE_S = 0.2

# PostgreSQL: how long the rewrite (VACUUM FULL, an ACCESS EXCLUSIVE lock) may wait for the tables. Ballots
# of other sessions queue behind it meanwhile, so this stays short; a plain VACUUM is the fallback.
PG_LOCK_TIMEOUT = "2s"
# How long to wait for the transactions and snapshots older than the seal to end, and how often to look.
PG_HORIZON_WAIT_S = 10.0
PG_HORIZON_POLL_S = 0.1


@dataclass(frozen=True)
class Outcome:
    """What the scrub did. ``complete``: nothing written while the session was open is left in the
    database's own files (WAL archives, replicas and backups are another matter, see the doc)."""

    complete: bool
    steps: tuple[str, ...]


def ballot_tables() -> tuple[Table, ...]:
    return (table_of(Ballot), table_of(BallotVoter), table_of(BallotUnitVoter))


def scrub(engine: Engine, tables: Sequence[Table] | None = None) -> Outcome:
    """Checkpoint and truncate SQLite's WAL and reset its index; VACUUM (FULL) ``tables`` on PostgreSQL
    (default: ``ballots`` and ``ballot_voters``). Never raises."""
    try:
        if engine.dialect.name == "sqlite":
            outcome = _sqlite(engine)
        elif engine.dialect.name == "postgresql":
            outcome = _postgresql(engine, tables or ballot_tables())
        else:  # pragma: no cover - the two databases thidua runs on
            outcome = Outcome(False, (f"unsupported:{engine.dialect.name}",))
    except Exception as exc:  # the close has committed: this is maintenance, it never fails the close
        outcome = Outcome(False, (f"error:{type(exc).__name__}",))
    if not outcome.complete:
        log.warning(
            "ballot storage scrub after a close is incomplete: %s; the database files may still hold "
            "the casting order (docs/ballot-secrecy.md)",
            ", ".join(outcome.steps),
        )
    return outcome


# ---- SQLite ---------------------------------------------------------------------------------------------


def _sqlite(engine: Engine) -> Outcome:
    # The DBAPI connection directly: it runs in autocommit (app.core.db turns the driver's transactions
    # off), and a checkpoint must not run inside a transaction, which SQLAlchemy's connection would begin.
    raw = engine.raw_connection()
    try:
        conn: Any = raw.driver_connection
        pooled_timeout = int(conn.execute("PRAGMA busy_timeout").fetchone()[0])
        conn.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_MS}")
        try:
            return _sqlite_steps(conn)
        finally:
            conn.execute(f"PRAGMA busy_timeout = {pooled_timeout}")
    finally:
        raw.close()


def _sqlite_steps(conn: Any) -> Outcome:
    wal = _wal_path(conn)
    if wal is None:  # an in-memory database, or not in WAL mode: there is no -wal file to clean
        return Outcome(True, ("no-wal",))
    if not _truncate(conn, wal):
        return Outcome(False, ("wal-busy",))
    # The WAL file is empty, but the -shm index still lists the page written by each frame of the last
    # log, in casting order. The first frame of a new log clears that list (SQLite zeroes the index block
    # when it appends frame 1), so write one frame (the header page, unchanged) and truncate again.
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    conn.execute(f"PRAGMA user_version = {int(version)}")
    if not _truncate(conn, wal):
        return Outcome(False, ("wal-truncated", "shm-busy"))
    return Outcome(True, ("wal-truncated", "shm-reset"))


def _wal_path(conn: Any) -> Path | None:
    if str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
        return None
    main = next((row[2] for row in conn.execute("PRAGMA database_list") if row[1] == "main"), "")
    return Path(f"{main}-wal") if main else None


def _truncate(conn: Any, wal: Path) -> bool:
    """``wal_checkpoint(TRUNCATE)`` until the WAL file is empty: it copies every frame into the database
    file and truncates the log, once no reader still uses it (secure_delete has zeroed what the seal
    deleted in those pages)."""
    for attempt in range(SQLITE_ATTEMPTS):
        if attempt:
            time.sleep(SQLITE_PAUSE_S)
        busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        if not busy and (not wal.exists() or wal.stat().st_size == 0):
            return True
    return False


# ---- PostgreSQL -----------------------------------------------------------------------------------------


def _postgresql(engine: Engine, tables: Sequence[Table]) -> Outcome:
    names = ", ".join(engine.dialect.identifier_preparer.format_table(t) for t in tables)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        newest = _newest_xid(conn, tables)
        clear = newest is None or _wait_for_older_snapshots(conn, newest)
        kept = () if clear else ("dead-versions-kept-for-open-snapshots",)
        conn.execute(text(f"SET lock_timeout = '{PG_LOCK_TIMEOUT}'"))
        try:
            # A plain VACUUM frees the dead versions' space but leaves their bytes (tuple headers with the
            # casting transaction's id included) in the pages and the indexes; the rewrite does not.
            conn.execute(text(f"VACUUM (FULL) {names}"))
        except OperationalError:  # the lock did not come in time
            conn.execute(text(f"VACUUM {names}"))
            return Outcome(False, ("rewrite-lock-timeout", "vacuumed", *kept))
        finally:
            conn.execute(text("RESET lock_timeout"))
    return Outcome(clear, ("rewritten", *kept))


def _newest_xid(conn: Connection, tables: Sequence[Table]) -> str | None:
    """The youngest ``xmin`` among the tables' rows: the seal's transaction, or a later one. Once no snapshot
    is older than it, every version the seal deleted is dead to all and VACUUM removes it."""
    newest: tuple[int, str] | None = None
    for t in tables:
        row = conn.execute(
            select(func.age(column("xmin")), cast(column("xmin"), Text))
            .select_from(t)
            .order_by(func.age(column("xmin")))
            .limit(1)
        ).first()
        if row is not None and (newest is None or int(row[0]) < newest[0]):
            newest = (int(row[0]), str(row[1]))
    return None if newest is None else newest[1]


# Transactions and snapshots that hold back what VACUUM may remove, in any database: a CREATE DATABASE
# elsewhere holds back every database's horizon, so all of them are looked at. (Autovacuum workers' own
# snapshots hold back nothing.)
_OLDER_SNAPSHOTS = text(
    """
    SELECT
      (SELECT count(*) FROM pg_stat_activity
        WHERE pid <> pg_backend_pid() AND backend_type <> 'autovacuum worker'
          AND (age(backend_xmin) >= age(CAST(:xid AS xid)) OR age(backend_xid) >= age(CAST(:xid AS xid))))
    + (SELECT count(*) FROM pg_replication_slots WHERE age(xmin) >= age(CAST(:xid AS xid)))
    + (SELECT count(*) FROM pg_prepared_xacts WHERE age(transaction) >= age(CAST(:xid AS xid)))
    """
)


def _wait_for_older_snapshots(conn: Connection, xid: str) -> bool:
    """Wait (a while) until no transaction, snapshot, replication slot or prepared transaction is as old as
    ``xid``: VACUUM must keep the versions such a snapshot may still see. False if one still is."""
    deadline = time.monotonic() + PG_HORIZON_WAIT_S
    while conn.execute(_OLDER_SNAPSHOTS, {"xid": xid}).scalar_one():
        if time.monotonic() >= deadline:
            return False
        time.sleep(PG_HORIZON_POLL_S)
    return True
