"""PostgreSQL: a backup is ``pg_dump --format=custom`` (one consistent snapshot, writers keep writing),
checked with ``pg_restore --list`` and, unless told otherwise, restored into a scratch database on the same
server and verified there. A restore checks the file against its manifest, restores into an empty database
in one transaction, and verifies the result.

The client tools are found on PATH. The password never reaches their command line (it goes in PGPASSWORD)
nor any message (URLs are shown masked)."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import URL, Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from app.locale import _
from app.models.base import utcnow
from app.ops import manifest as manifests
from app.ops.common import (
    BackupError,
    Outcome,
    fsync_file,
    refuse_existing,
    remove_quietly,
    sha256_of,
    temporary_beside,
)
from app.ops.verify import ALEMBIC_TABLE, Verified, verify

_VERSION = re.compile(r"\(PostgreSQL\)\s+(\d+)")
_TOOL_TIMEOUT_S = 6 * 3600


# ---- connections and tools ------------------------------------------------------------------------------


def _url(url: str) -> URL:
    parsed = make_url(url)
    return parsed.set(drivername="postgresql+psycopg")


@contextmanager
def _engine(url: URL, **kwargs: object) -> Iterator[Engine]:
    engine = create_engine(url, poolclass=NullPool, **kwargs)
    try:
        yield engine
    finally:
        engine.dispose()


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq connection URI without the password, and the environment that carries the password."""
    uri = URL.create(
        "postgresql",
        username=url.username,
        host=url.host,
        port=url.port,
        database=url.database,
        query=url.query,
    ).render_as_string(hide_password=False)
    # Nothing of ours leaks into the tools (THIDUA_DATABASE_URL holds the password in clear).
    env = {k: v for k, v in os.environ.items() if not k.startswith("THIDUA_")}
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    return uri, env


def tool(name: str) -> tuple[str, str, int]:
    """(path, version line, major version) of a PostgreSQL client tool on PATH."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            _(
                "{name} was not found on PATH: install the PostgreSQL client tools (the same major version "
                "as the server or newer), e.g. `apt-get install postgresql-client`"
            ).format(name=name)
        )
    try:
        out = subprocess.run(  # noqa: S603  (a PostgreSQL tool found on PATH, a fixed argument)
            [path, "--version"], capture_output=True, text=True, timeout=30, check=False
        ).stdout.strip()
    except OSError as exc:
        raise BackupError(_("{path} could not be run: {error}").format(path=path, error=exc)) from None
    found = _VERSION.search(out)
    if found is None:
        raise BackupError(
            _("{path} --version printed {out!r}; cannot tell its PostgreSQL version").format(
                path=path, out=out
            )
        )
    return path, out, int(found.group(1))


def _server_major(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SHOW server_version_num")).scalar_one()) // 10000


def _require_at_least(name: str, version: str, major: int, needed: int, why: str) -> None:
    if major < needed:
        raise BackupError(
            _("{name} is too old: {version} (major {major}); {why} needs {needed} or newer").format(
                name=name, version=version, major=major, why=why, needed=needed
            )
        )


def _run(argv: list[str], env: Mapping[str, str], what: str) -> str:
    try:
        done = subprocess.run(  # noqa: S603  (argv is ours; no shell, the password is in env)
            argv, env=dict(env), capture_output=True, text=True, timeout=_TOOL_TIMEOUT_S, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BackupError(_("{what} failed: {error}").format(what=what, error=exc)) from None
    if done.returncode != 0:
        tail = " ".join(done.stderr.split())[-600:] or _("exit status {code}").format(code=done.returncode)
        raise BackupError(_("{what} failed: {error}").format(what=what, error=tail))
    return done.stdout


# ---- backup ---------------------------------------------------------------------------------------------


def backup(url: str, target: Path, *, force: bool, database: str, restore_check: bool = True) -> Outcome:
    meta = manifests.manifest_path(target)
    refuse_existing(target, meta, force=force)
    pg_dump, dump_version, dump_major = tool("pg_dump")
    pg_restore, restore_version, restore_major = tool("pg_restore")
    parsed = _url(url)
    with _engine(parsed) as engine:
        server = _connect_or_fail(engine, database)
    _require_at_least(
        "pg_dump",
        dump_version,
        dump_major,
        server,
        _("the server (PostgreSQL {server})").format(server=server),
    )
    _require_at_least(
        "pg_restore", restore_version, restore_major, dump_major, _("reading this pg_dump's archive")
    )
    uri, env = _libpq(parsed)
    tmp = temporary_beside(target, "partial")
    try:
        began_at = utcnow()
        _run(
            [pg_dump, "--format=custom", "--file", str(tmp), "--dbname", uri],
            env,
            _("pg_dump of {database}").format(database=database),
        )
        _check_listing(_run([pg_restore, "--list", str(tmp)], env, "pg_restore --list"), database)
        checked = _scratch_verify(parsed, pg_restore, tmp, database) if restore_check else None
        fsync_file(tmp)
        manifest = manifests.Manifest(
            kind="postgresql",
            file=target.name,
            size=os.path.getsize(tmp),
            sha256=sha256_of(tmp),
            began_at=began_at,
            finished_at=utcnow(),
            alembic_revision=checked.revision if checked else _live_revision(parsed),
            counts=checked.counts if checked else None,
            audit_events=checked.audit_events if checked else None,
            tool=dump_version,
            tool_major=dump_major,
        )
        manifests.publish(manifest, tmp, target)
    except BaseException:
        remove_quietly(tmp)
        raise
    notes = (
        () if checked else (_("archive listed but not restored (--no-restore-check): verified at restore"),)
    )
    return manifests.outcome(
        manifest, action="backup", file=target, database=database, began_at=began_at, notes=notes
    )


def _connect_or_fail(engine: Engine, database: str) -> int:
    try:
        return _server_major(engine)
    except Exception as exc:  # the driver's errors vary; the message is what matters
        reason = " ".join(str(exc).split())[:300]
        raise BackupError(
            _("cannot connect to {database}: {reason}").format(database=database, reason=reason)
        ) from None


def _check_listing(listing: str, database: str) -> None:
    """The archive must hold the data of every table (a dump of the wrong database would not)."""
    import app.models  # noqa: F401
    from app.models.base import Base

    dumped = {m.group(1) for m in re.finditer(r"TABLE DATA \S+ (\S+) ", listing)}
    missing = sorted((set(Base.metadata.tables) | {ALEMBIC_TABLE}) - dumped)
    if missing:
        raise BackupError(
            _("the dump of {database} holds no data for: {tables}").format(
                database=database, tables=", ".join(missing)
            )
        )


def _live_revision(url: URL) -> str:
    with _engine(url) as engine, engine.connect() as conn:
        return str(conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one())


def _scratch_verify(url: URL, pg_restore: str, archive: Path, database: str) -> Verified:
    """Restore the archive into a throw-away database on the same server and verify it there: the only
    check that proves the file restores (``pg_restore --list`` reads only its table of contents)."""
    scratch = f"thidua_verify_{secrets.token_hex(6)}"
    with _engine(url, isolation_level="AUTOCOMMIT") as admin:
        try:
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{scratch}"'))
        except Exception as exc:
            raise BackupError(
                _(
                    "cannot create a scratch database to verify the backup ({reason}); grant CREATEDB, "
                    "or pass --no-restore-check to verify only at restore"
                ).format(reason=" ".join(str(exc).split())[:200])
            ) from None
        try:
            scratch_url = url.set(database=scratch)
            _restore_into(scratch_url, pg_restore, archive, clean=False)
            with _engine(scratch_url) as engine:
                return verify(
                    engine,
                    what=_("backup copy of {database} (restored into a scratch database)").format(
                        database=database
                    ),
                )
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))


def _restore_into(url: URL, pg_restore: str, archive: Path, *, clean: bool) -> None:
    uri, env = _libpq(url)
    # One transaction: a restore that fails half-way leaves nothing behind. No owners or grants: the
    # objects belong to the role that restores, the one the application connects as.
    argv = [pg_restore, "--dbname", uri, "--no-owner", "--no-privileges", "--exit-on-error"]
    argv.append("--single-transaction")
    if clean:
        argv += ["--clean", "--if-exists"]
    _run([*argv, str(archive)], env, _("pg_restore into {database}").format(database=_masked(url)))


def _masked(url: URL) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=True)


# ---- restore --------------------------------------------------------------------------------------------


def user_relations(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(
            conn.execute(
                text(
                    "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') "
                    "AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'"
                )
            ).scalar_one()
        )


def restore(source: Path, url: str, *, force: bool, database: str) -> Outcome:
    manifest = manifests.read_and_check(source, kind="postgresql")
    pg_restore, restore_version, restore_major = tool("pg_restore")
    if manifest.tool_major is not None:
        _require_at_least(
            "pg_restore",
            restore_version,
            restore_major,
            manifest.tool_major,
            _("this archive ({tool})").format(tool=manifest.tool),
        )
    parsed = _url(url)
    with _engine(parsed) as engine:
        _connect_or_fail(engine, database)
        if not force and user_relations(engine):
            raise BackupError(
                _("{database} is not empty; restore into a new, empty database or pass --force").format(
                    database=database
                )
            )
    began_at = utcnow()
    _restore_into(parsed, pg_restore, source, clean=force)
    with _engine(parsed) as engine:
        restored = verify(engine, what=_("restored database {database}").format(database=database))
    manifests.compare(manifest, restored)
    return manifests.outcome(
        manifest, action="restore", file=source, database=database, began_at=began_at, verified=restored
    )
