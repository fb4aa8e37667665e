"""SQLite: a backup is SQLite's online backup of the live file (writers keep writing: in WAL mode the copy
reads one snapshot and blocks no one), verified, then renamed into place. A restore copies a checked
backup beside the target, verifies the copy, and only then puts it in place."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.request import pathname2url

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from app.locale import _
from app.models.base import utcnow
from app.ops import manifest as manifests
from app.ops.common import (
    BackupError,
    Outcome,
    fsync_dir,
    fsync_file,
    refuse_existing,
    remove_quietly,
    sha256_of,
    temporary_beside,
)
from app.ops.verify import Verified, verify

BUSY_TIMEOUT_S = 30


def database_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise BackupError(_("backup and restore need a SQLite database file, not {url!r}").format(url=url))
    return Path(database)


def _connect(path: Path, *, mode: str) -> sqlite3.Connection:
    """A plain connection; ``mode=rw`` never creates a database that is not there."""
    conn = sqlite3.connect(
        f"file:{pathname2url(str(path.resolve()))}?mode={mode}",
        uri=True,
        timeout=BUSY_TIMEOUT_S,
        isolation_level=None,
    )
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
    return conn


@contextmanager
def _engine(path: Path) -> Iterator[Engine]:
    """Read-only SQLAlchemy access for the verification (query_only: a check never writes)."""

    def creator() -> sqlite3.Connection:
        conn = _connect(path, mode="rw")
        conn.execute("PRAGMA query_only=ON")
        return conn

    engine = create_engine("sqlite://", creator=creator, poolclass=NullPool)
    try:
        yield engine
    finally:
        engine.dispose()


def _verify(path: Path, what: str) -> Verified:
    with _engine(path) as engine:
        return verify(engine, what=what)


def backup(url: str, target: Path, *, force: bool, database: str) -> Outcome:
    source = database_path(url)
    if not source.is_file():
        raise BackupError(_("no database at {path}").format(path=source))
    meta = manifests.manifest_path(target)
    refuse_existing(target, meta, force=force)
    tmp = temporary_beside(target, "partial")
    try:
        began_at = utcnow()
        src = _connect(source, mode="rw")
        try:
            dst = sqlite3.connect(tmp, isolation_level=None)
            try:
                # One step (pages=-1): one read snapshot, so the copy never restarts however busy the writers.
                src.backup(dst, pages=-1)
                # A backup is one self-contained file: no -wal beside it. The app turns WAL back on.
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        checked = _verify(tmp, _("backup copy of {database}").format(database=database))
        fsync_file(tmp)
        manifest = manifests.Manifest(
            kind="sqlite",
            file=target.name,
            size=os.path.getsize(tmp),
            sha256=sha256_of(tmp),
            began_at=began_at,
            finished_at=utcnow(),
            alembic_revision=checked.revision,
            counts=checked.counts,
            audit_events=checked.audit_events,
        )
        manifests.publish(manifest, tmp, target)
    except BaseException:
        remove_quietly(tmp)
        raise
    return manifests.outcome(manifest, action="backup", file=target, database=database, began_at=began_at)


def is_empty(path: Path) -> bool:
    """No file, an empty file, or a database without a single table."""
    if not path.exists() or path.stat().st_size == 0:
        return True
    try:
        conn = _connect(path, mode="ro")
        try:
            row: tuple[int] = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return row == (0,)
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False  # not a database we can read: never overwrite it without --force


def restore(source: Path, url: str, *, force: bool, database: str) -> Outcome:
    manifest = manifests.read_and_check(source, kind="sqlite")
    target = database_path(url)
    if not force and not is_empty(target):
        raise BackupError(
            _("{path} is not empty; restore into a new database file or pass --force").format(path=target)
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    began_at = utcnow()
    tmp = temporary_beside(target, "restoring")
    try:
        shutil.copyfile(source, tmp)
        # The copy, not only the source, is what the manifest vouches for.
        if sha256_of(tmp) != manifest.sha256:
            raise BackupError(
                _("{path} changed while it was copied; nothing was restored").format(path=source)
            )
        manifests.compare(manifest, _verify(tmp, _("backup {path}").format(path=source)))
        fsync_file(tmp)
        _put_in_place(tmp, target)
    finally:
        remove_quietly(tmp)
    restored = _verify(target, _("restored database {database}").format(database=database))
    manifests.compare(manifest, restored)
    return manifests.outcome(
        manifest, action="restore", file=source, database=database, began_at=began_at, verified=restored
    )


def _put_in_place(verified: Path, target: Path) -> None:
    """A new file is renamed into place. An existing one (possibly in WAL mode, possibly open elsewhere)
    is overwritten through SQLite's backup API, which takes its locks and leaves no stale -wal behind."""
    leftovers = [target.with_name(target.name + s) for s in ("-wal", "-shm", "-journal")]
    if not target.exists() and not any(p.exists() for p in leftovers):
        os.replace(verified, target)
        fsync_dir(target.parent)
        return
    src = _connect(verified, mode="ro")
    try:
        dst = _connect(target, mode="rwc")
        try:
            src.backup(dst, pages=-1)
        finally:
            dst.close()
    finally:
        src.close()
