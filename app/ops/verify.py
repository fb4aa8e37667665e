"""Verify a whole database: storage integrity, the schema at this code's Alembic head with exactly the
model's tables, and the audit hash chain (checked by the same function as ``GET /audit/verify``)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, Engine, func, inspect, select, text
from sqlalchemy.orm import Session

import app.models  # noqa: F401  (every model registered on the metadata before the tables are listed)
from app.audit import service as audit_service
from app.core.migrations import head_revision
from app.locale import _
from app.models.base import Base
from app.ops.common import BackupError

ALEMBIC_TABLE = "alembic_version"
_SHOWN = 5


@dataclass(frozen=True)
class Verified:
    revision: str
    counts: dict[str, int]
    audit_events: int


def verify(engine: Engine, *, what: str) -> Verified:
    """Every check, or a BackupError naming the first that failed (``what`` names the database in it)."""
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            _sqlite_storage(conn, what)
        else:
            _postgresql_constraints(conn, what)
        revision = _revision(conn, what)
        _tables(conn, what)
        counts = {
            table.name: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
            for table in Base.metadata.sorted_tables
        }
        conn.rollback()
    with Session(bind=engine) as session:
        chain = audit_service.verify(session=session)
    if not chain.ok:
        raise BackupError(
            _("{what}: the audit chain is broken at event {event} (event {count} of the trail)").format(
                what=what, event=chain.first_bad_id, count=chain.count
            )
        )
    return Verified(revision=revision, counts=counts, audit_events=chain.count)


def _sqlite_storage(conn: Connection, what: str) -> None:
    problems = [str(row[0]) for row in conn.exec_driver_sql("PRAGMA integrity_check")]
    if problems != ["ok"]:
        raise BackupError(
            _("{what}: integrity check failed: {problems}").format(
                what=what, problems="; ".join(problems[:_SHOWN])
            )
        )
    orphans = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if orphans:
        shown = "; ".join(f"{row[0]} row {row[1]} -> {row[2]}" for row in orphans[:_SHOWN])
        raise BackupError(
            _("{what}: {count} rows break a foreign key: {shown}").format(
                what=what, count=len(orphans), shown=shown
            )
        )


def _postgresql_constraints(conn: Connection, what: str) -> None:
    """PostgreSQL enforces foreign keys as pg_restore adds them; one left NOT VALID would hide orphans."""
    unchecked = conn.execute(
        text("SELECT conrelid::regclass::text, conname FROM pg_constraint WHERE NOT convalidated")
    ).fetchall()
    if unchecked:
        shown = "; ".join(f"{row[0]}.{row[1]}" for row in unchecked[:_SHOWN])
        raise BackupError(_("{what}: constraints not validated: {shown}").format(what=what, shown=shown))


def _revision(conn: Connection, what: str) -> str:
    if not inspect(conn).has_table(ALEMBIC_TABLE):
        raise BackupError(
            _("{what}: no {table} table; is this a thidua database?").format(what=what, table=ALEMBIC_TABLE)
        )
    revisions = [str(r) for r in conn.execute(text("SELECT version_num FROM alembic_version")).scalars()]
    head = head_revision()
    if revisions != [head]:
        raise BackupError(
            _(
                "{what}: schema at revision {revisions}, this thidua's head is {head} (back up and restore "
                "with the thidua version that matches the database, or run `thidua migrate` first)"
            ).format(what=what, revisions=", ".join(revisions) or _("none"), head=head)
        )
    return head


def _tables(conn: Connection, what: str) -> None:
    present = set(inspect(conn).get_table_names())
    expected = set(Base.metadata.tables) | {ALEMBIC_TABLE}
    missing, extra = sorted(expected - present), sorted(present - expected)
    if missing or extra:
        raise BackupError(
            _("{what}: tables differ from the schema (missing: {missing}; unexpected: {extra})").format(
                what=what, missing=", ".join(missing) or _("none"), extra=", ".join(extra) or _("none")
            )
        )
