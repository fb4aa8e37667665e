"""``thidua backup`` and ``thidua restore`` refusing what they must: an existing file, a non-empty target,
a tampered backup or one without its manifest, a database that does not verify, PostgreSQL tools missing or
too old; and the database password kept off command lines and out of every message and file."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text, update
from sqlalchemy.engine import make_url

from app.core.audit_sealer import seal_pending
from app.core.db import make_engine
from app.models import AuditEvent, Unit
from app.ops.postgres import user_relations
from tests.support.builders import Builders
from tests.support.commands import Thidua

UNITS = "/api/v1/units"


def _units(session_factory: Any) -> set[str]:
    with session_factory() as session:
        return set(session.scalars(select(Unit.code)))


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.startswith("."))


# ---- refusals on both databases ---------------------------------------------------------------------------


def test_backup_refuses_to_overwrite_an_existing_file_unless_forced(thidua: Thidua, tmp_path: Path) -> None:
    target = tmp_path / "thidua.backup"
    target.write_text("an earlier backup")

    refused = thidua("backup", str(target))
    forced = thidua("backup", str(target), "--force")

    assert refused.returncode == 1
    assert f"refusing to overwrite {target}; choose another name or pass --force" in refused.stderr
    assert forced.returncode == 0, forced.stderr
    manifest = json.loads((tmp_path / "thidua.backup.manifest.json").read_text())
    assert manifest["size"] == target.stat().st_size != len("an earlier backup")
    assert _leftovers(tmp_path) == []


def test_restore_refuses_a_database_that_is_not_empty_unless_forced(
    thidua: Thidua, build: Builders, session_factory: Any, tmp_path: Path, settings: Any
) -> None:
    build.unit(code="BEFORE")
    backup = tmp_path / "thidua.backup"
    assert thidua("backup", str(backup)).returncode == 0
    build.unit(code="AFTER")

    refused = thidua("restore", str(backup))

    assert refused.returncode == 1
    assert "is not empty; restore into a new" in refused.stderr
    assert _units(session_factory) == {"BEFORE", "AFTER"}  # untouched

    forced = thidua("restore", str(backup), "--force")

    assert forced.returncode == 0, forced.stderr
    assert _units(session_factory) == {"BEFORE"}  # the backup's state, replacing what was there
    assert "audit chain" in forced.stdout


def test_restore_refuses_a_backup_without_its_manifest(
    thidua: Thidua, empty_database: Any, tmp_path: Path
) -> None:
    backup = tmp_path / "thidua.backup"
    assert thidua("backup", str(backup)).returncode == 0
    (tmp_path / "thidua.backup.manifest.json").unlink()

    refused = thidua("restore", str(backup), database_url=empty_database())

    assert refused.returncode == 1
    assert "thidua.backup.manifest.json is missing" in refused.stderr


def test_backup_refuses_a_database_whose_audit_chain_is_broken(
    thidua: Thidua,
    client: TestClient,
    admin_headers: dict[str, str],
    session_factory: Any,
    backend: str,
    tmp_path: Path,
) -> None:
    assert (
        client.post(UNITS, json={"code": "VP", "name": "Văn phòng"}, headers=admin_headers).status_code == 201
    )
    seal_pending(session_factory)
    with session_factory() as session:
        # As an intruder with database access could: past the append-only triggers.
        if backend == "postgresql":
            session.execute(text("SET LOCAL session_replication_role = replica"))
        else:
            session.execute(text("DROP TRIGGER IF EXISTS audit_events_no_update"))
        first = session.scalars(select(AuditEvent).order_by(AuditEvent.seq).limit(1)).one()
        session.execute(update(AuditEvent).where(AuditEvent.id == first.id).values(action="nothing.happened"))
        session.commit()
    target = tmp_path / "backups" / "thidua.backup"

    refused = thidua("backup", str(target))

    assert refused.returncode == 1
    assert f"the audit chain is broken at event {first.id}" in refused.stderr
    assert list(target.parent.iterdir()) == []  # no backup, no manifest, no temporary file


def test_a_tampered_backup_is_refused_and_nothing_is_restored(
    thidua: Thidua, build: Builders, empty_database: Any, tmp_path: Path, backend: str
) -> None:
    build.unit()
    backup = tmp_path / "thidua.backup"
    assert thidua("backup", str(backup)).returncode == 0
    data = bytearray(backup.read_bytes())
    data[len(data) // 2] ^= 0x01  # one bit, in the middle of the file
    backup.write_bytes(bytes(data))

    target = empty_database()
    refused = thidua("restore", str(backup), database_url=target)

    assert refused.returncode == 1
    assert "does not match its manifest" in refused.stderr
    assert "nothing was restored" in refused.stderr
    if backend == "sqlite":
        assert not Path(target.removeprefix("sqlite:///")).exists()
        assert list(Path(target.removeprefix("sqlite:///")).parent.glob(".*restoring")) == []
    else:
        engine = make_engine(target)
        try:
            assert user_relations(engine) == 0
        finally:
            engine.dispose()


# ---- SQLite ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", ["sqlite"])
def test_sqlite_backup_refuses_a_database_with_rows_that_break_a_foreign_key(
    thidua: Thidua, build: Builders, settings: Any, tmp_path: Path
) -> None:
    import sqlite3

    user = build.user("observer")
    with sqlite3.connect(make_url(settings.database_url).database or "") as conn:
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute("UPDATE users SET unit_id = 'no-such-unit' WHERE id = ?", (user["id"],))

    refused = thidua("backup", str(tmp_path / "b" / "thidua.backup"))

    assert refused.returncode == 1
    assert "1 rows break a foreign key: users" in refused.stderr
    assert list((tmp_path / "b").iterdir()) == []


@pytest.mark.parametrize("backend", ["sqlite"])
def test_sqlite_backup_of_a_missing_database_creates_nothing(thidua: Thidua, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "thidua.db"

    refused = thidua("backup", str(tmp_path / "thidua.backup"), database_url=f"sqlite:///{missing}")

    assert refused.returncode == 1
    assert f"no database at {missing}" in refused.stderr
    assert not missing.parent.exists()


# ---- PostgreSQL: the client tools -------------------------------------------------------------------------


def _tools_dir(tmp_path: Path, **scripts: str) -> Path:
    """A PATH directory holding these shell scripts (name -> body) and nothing else."""
    bindir = tmp_path / "bin"
    bindir.mkdir(exist_ok=True)
    for name, body in scripts.items():
        path = bindir / name
        path.write_text("#!/bin/sh\n" + body)
        path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return bindir


@pytest.mark.parametrize("backend", ["postgresql"])
def test_missing_postgresql_tools_are_named(thidua: Thidua, tmp_path: Path) -> None:
    backup = tmp_path / "thidua.backup"
    empty_path = str(_tools_dir(tmp_path))

    no_dump = thidua("backup", str(backup), PATH=empty_path)
    assert thidua("backup", str(backup)).returncode == 0
    no_restore = thidua("restore", str(backup), "--force", PATH=empty_path)

    assert no_dump.returncode == 1
    assert "pg_dump was not found on PATH: install the PostgreSQL client tools" in no_dump.stderr
    assert no_restore.returncode == 1
    assert "pg_restore was not found on PATH" in no_restore.stderr


@pytest.mark.parametrize("backend", ["postgresql"])
def test_a_pg_dump_older_than_the_server_is_refused(thidua: Thidua, tmp_path: Path) -> None:
    real_restore = shutil.which("pg_restore")
    assert real_restore is not None
    bindir = _tools_dir(
        tmp_path, pg_dump='echo "pg_dump (PostgreSQL) 9.6.24"\n', pg_restore=f'exec {real_restore} "$@"\n'
    )

    refused = thidua("backup", str(tmp_path / "thidua.backup"), PATH=str(bindir))

    assert refused.returncode == 1
    assert "pg_dump is too old: pg_dump (PostgreSQL) 9.6.24 (major 9); the server" in refused.stderr
    assert not (tmp_path / "thidua.backup").exists()


@pytest.mark.parametrize("backend", ["postgresql"])
def test_the_password_reaches_the_tools_only_through_their_environment(
    thidua: Thidua, settings: Any, empty_database: Any, tmp_path: Path
) -> None:
    password = "pw-0f-the-db-4f1c9"  # the test server trusts local connections: any password is accepted
    url = make_url(settings.database_url).set(password=password).render_as_string(hide_password=False)
    seen = tmp_path / "seen"
    seen.mkdir()
    spy = 'printf "%s\\n" "$@" >> {seen}/argv; printf "%s\\n" "$PGPASSWORD" >> {seen}/env; exec {tool} "$@"\n'
    bindir = _tools_dir(
        tmp_path,
        **{name: spy.format(seen=seen, tool=shutil.which(name)) for name in ("pg_dump", "pg_restore")},
    )
    backup = tmp_path / "thidua.backup"

    made = thidua("backup", str(backup), database_url=url, PATH=f"{bindir}{os.pathsep}{os.environ['PATH']}")
    target = make_url(empty_database()).set(password=password).render_as_string(hide_password=False)
    restored = thidua("restore", str(backup), database_url=target, PATH=str(bindir))

    assert (made.returncode, restored.returncode) == (0, 0), made.stderr + restored.stderr
    argv = (seen / "argv").read_text()
    assert "--dbname" in argv and password not in argv
    assert password in (seen / "env").read_text().split()
    for shown in (made.stdout, made.stderr, restored.stdout, restored.stderr):
        assert password not in shown
    assert "***@" in made.stdout and "***@" in restored.stdout
    assert password not in (tmp_path / "thidua.backup.manifest.json").read_text()


@pytest.mark.parametrize("backend", ["postgresql"])
def test_without_the_restore_check_the_backup_is_listed_only_and_verified_at_restore(
    thidua: Thidua, build: Builders, empty_database: Any, tmp_path: Path
) -> None:
    build.unit(code="VP")
    backup = tmp_path / "thidua.backup"

    made = thidua("backup", str(backup), "--no-restore-check")
    restored = thidua("restore", str(backup), database_url=empty_database())

    assert made.returncode == 0, made.stderr
    assert "note: archive listed but not restored (--no-restore-check): verified at restore" in made.stdout
    manifest = json.loads((tmp_path / "thidua.backup.manifest.json").read_text())
    assert (manifest["counts"], manifest["audit_events"]) == (None, None)
    assert restored.returncode == 0, restored.stderr
    assert "rows: units 1," in restored.stdout
    assert "audit chain (" in restored.stdout


def test_restored_database_serves_the_backup(
    thidua: Thidua, client: TestClient, admin_headers: dict[str, str], empty_database: Any, tmp_path: Path
) -> None:
    """The restored database is one the application runs on: migrations find it at head, nothing to do."""
    assert (
        client.post(UNITS, json={"code": "VP", "name": "Văn phòng"}, headers=admin_headers).status_code == 201
    )
    backup = tmp_path / "thidua.backup"
    assert thidua("backup", str(backup)).returncode == 0
    target = empty_database()

    assert thidua("restore", str(backup), database_url=target).returncode == 0
    migrated = thidua("migrate", database_url=target)

    assert migrated.returncode == 0, migrated.stderr
    engine = make_engine(target)
    try:
        with engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(Unit.__table__)).scalar_one() == 1
    finally:
        engine.dispose()
