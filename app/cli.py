"""The ``thidua`` command: serve, migrate, create users and service clients, write the OpenAPI document.

Everything is configured by the same ``THIDUA_*`` environment variables as the server. Heavy imports
(the application, the users service) happen inside the commands so ``thidua --help`` stays fast and a
broken feature package cannot stop ``thidua migrate`` from running.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer
from pydantic import BaseModel, ValidationError
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from app.core.errors import DomainError
from app.locale import _, install, vietnamese
from app.locale.commands import Command, Group

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.core.config import Settings
    from app.ops.common import Outcome
    from app.webhooks.worker import Worker

# Click's and Typer's own texts ("Usage:", "Missing option") follow the command's language too.
install()

cli = typer.Typer(
    name="thidua",
    cls=Group,
    help=_("Thi đua, khen thưởng: the ministry's emulation and commendation service."),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
users_cli = typer.Typer(cls=Group, help=_("Manage user accounts."), no_args_is_help=True)
clients_cli = typer.Typer(help=_("Manage service clients (other systems and scripts)."), no_args_is_help=True)
cli.add_typer(users_cli, name="users")
cli.add_typer(clients_cli, name="service-clients")

# Session-level advisory lock taken around migrations on PostgreSQL, so several app processes started
# together (``thidua serve`` migrates first) upgrade the schema one after the other, never concurrently.
# Distinct from the audit chain's key in app.core.audit.
_MIGRATION_LOCK_KEY = 0x7468696475610002
BaseModelT = TypeVar("BaseModelT", bound=BaseModel)


def _fail(message: str, code: int = 1) -> NoReturn:
    typer.secho(message, err=True, fg=typer.colors.RED)
    raise typer.Exit(code)


def _settings() -> Settings:
    from app.core.config import get_settings

    try:
        return get_settings()
    except ValidationError as exc:
        reasons = "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors())
        _fail(_("configuration error: {reasons}").format(reasons=reasons), code=2)


def _validated(schema: type[BaseModelT], **fields: Any) -> BaseModelT:
    """The command's input checked by the API's own input schema, so the CLI stores nothing the API
    would refuse (usernames, password length, names without control characters, known roles)."""
    try:
        return schema.model_validate(fields)
    except ValidationError as exc:
        reasons = "; ".join(
            f"{'.'.join(str(part) for part in e['loc'])}: {str(e['msg']).removeprefix('Value error, ')}"
            for e in exc.errors(include_input=False)
        )
        _fail(_("error: {reasons} (validation_error)").format(reasons=reasons))


def _safe_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def _ensure_sqlite_dir(url: str) -> None:
    """SQLite creates the database file on first use but not the directory it lives in."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return
    database = parsed.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    Path(database).parent.mkdir(parents=True, exist_ok=True)


def _migrate(url: str) -> str:
    """Upgrade the schema to the latest revision; returns that revision."""
    # Alembic announces each of its plugins at INFO as it is imported: noise on every start.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    from app.core.db import make_engine
    from app.core.migrations import head_revision, upgrade

    _ensure_sqlite_dir(url)
    if make_url(url).get_backend_name() != "postgresql":
        upgrade(url)
        return head_revision()
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _MIGRATION_LOCK_KEY})
            conn.commit()
            try:
                upgrade(url)
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _MIGRATION_LOCK_KEY})
                conn.commit()
    finally:
        engine.dispose()
    return head_revision()


def _migrate_or_fail(url: str) -> str:
    from app.core.migrations import MigrationRefused

    try:
        return _migrate(url)
    except DBAPIError as exc:
        _fail(_("database error: {error} ({url})").format(error=_one_line(str(exc.orig)), url=_safe_url(url)))
    except MigrationRefused as exc:
        _fail(_("migration refused: {reason} ({url})").format(reason=exc, url=_safe_url(url)))


@contextmanager
def _unit_of_work(settings: Settings) -> Iterator[Session]:
    """One committed transaction against the configured database, with clean one-line errors."""
    from app.core.db import make_engine, make_sessionmaker, session_scope

    engine = make_engine(settings.database_url)
    try:
        with session_scope(make_sessionmaker(engine)) as session:
            yield session
    except DomainError as exc:
        detail = (exc.detail_vi if vietnamese() else None) or exc.detail or exc.code
        _fail(_("error: {detail} ({code})").format(detail=_one_line(detail), code=exc.code))
    except DBAPIError as exc:
        _fail(
            _("database error: {error} (is {url} reachable and migrated? try `thidua migrate`)").format(
                error=_one_line(str(exc.orig)), url=_safe_url(settings.database_url)
            )
        )
    finally:
        engine.dispose()


def _one_line(message: str) -> str:
    return " ".join(message.split())


@cli.command(help=_("Serve the API (interactive docs at /docs)."), cls=Command)
def serve(
    host: Annotated[str, typer.Option(help=_("Address to listen on."), envvar="THIDUA_HOST")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help=_("Port to listen on."), envvar="THIDUA_PORT")] = 8000,
    workers: Annotated[
        int,
        typer.Option(
            min=1, help=_("Worker processes (they share nothing but the database)."), envvar="THIDUA_WORKERS"
        ),
    ] = 1,
    migrate: Annotated[
        bool, typer.Option("--migrate/--no-migrate", help=_("Upgrade the database schema before serving."))
    ] = True,
) -> None:
    import uvicorn

    from app.core.logging import configure_logging

    settings = _settings()
    configure_logging(settings.log_level)
    _ensure_sqlite_dir(settings.database_url)
    if migrate:
        _migrate_or_fail(settings.database_url)
    # log_config=None: our JSON logging (configured above and again by app.main in each worker) stays.
    # timeout_graceful_shutdown: a live stream (app.live) never ends by itself before its time; without a
    # limit a SIGTERM would wait for every screen watching the turnout to leave.
    uvicorn.run(
        "app.main:app",
        host=host,
        port=port,
        workers=workers,
        log_config=None,
        timeout_graceful_shutdown=settings.shutdown_grace_seconds,
    )


@cli.command(
    "worker",
    help=_(
        "Deliver events to the webhooks: seal the outbox, fan out, send, retry, prune old events. Run it "
        "beside `thidua serve`: several on PostgreSQL share the work, one only on SQLite."
    ),
    cls=Command,
)
def worker_command(
    poll: Annotated[
        float,
        typer.Option(
            min=0.05, help=_("Seconds to wait between passes."), envvar="THIDUA_WORKER_POLL_SECONDS"
        ),
    ] = 1.0,
    threads: Annotated[
        int,
        typer.Option(min=1, max=32, help=_("Deliveries in flight at once."), envvar="THIDUA_WORKER_THREADS"),
    ] = 4,
    once: Annotated[
        bool, typer.Option("--once", help=_("Run one pass (everything due now) and exit."))
    ] = False,
) -> None:
    import signal
    import threading

    from app.core.db import make_engine, make_sessionmaker
    from app.core.logging import configure_logging
    from app.webhooks.worker import Options, Worker, WorkerRunning, single_worker

    settings = _settings()
    configure_logging(settings.log_level)
    # httpx logs each request's URL at INFO; a webhook URL may carry its receiver's token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    engine = make_engine(settings.database_url)
    try:
        with single_worker(settings.database_url):
            worker = Worker(
                settings, make_sessionmaker(engine), options=Options(poll_seconds=poll, threads=threads)
            )
            try:
                if once:
                    _worker_pass(worker, settings)
                    return
                stop = threading.Event()
                for signum in (signal.SIGTERM, signal.SIGINT):
                    signal.signal(signum, lambda *_args: stop.set())
                worker.run(stop)
            finally:
                worker.close()
    except WorkerRunning as exc:
        _fail(
            _(
                "another worker already serves this SQLite database ({reason}): run one worker on SQLite "
                "(several need PostgreSQL)"
            ).format(reason=exc)
        )
    finally:
        engine.dispose()


def _worker_pass(worker: Worker, settings: Settings) -> None:
    """``thidua worker --once``: one pass, what it did, exit 1 when a step failed."""
    report = worker.run_pass(prune_now=True)
    typer.echo(
        _(
            "worker: {sealed} events sealed, {fanned} fanned out, {attempts} delivery attempts "
            "({succeeded} succeeded), {pruned} old events pruned"
        ).format(
            sealed=report.sealed,
            fanned=report.fanned_out,
            attempts=report.attempts,
            succeeded=report.succeeded,
            pruned=report.pruned,
        )
    )
    if report.errors:
        _fail(
            _("worker: steps failed: {steps} (see the log; is {url} reachable and migrated?)").format(
                steps=", ".join(report.errors), url=_safe_url(settings.database_url)
            )
        )


@cli.command(
    "migrate", help=_("Upgrade the database schema to the latest migration (safe to repeat)."), cls=Command
)
def migrate_command() -> None:
    settings = _settings()
    revision = _migrate_or_fail(settings.database_url)
    typer.echo(
        _("{url} is at revision {revision}").format(url=_safe_url(settings.database_url), revision=revision)
    )


@users_cli.command("create", help=_("Create a user account."), cls=Command)
def create_user(
    username: Annotated[str, typer.Option(help=_("Login name."))],
    full_name: Annotated[str, typer.Option(help=_("Display name, e.g. 'Nguyễn Văn A'."))],
    role: Annotated[
        list[str],
        typer.Option(help=_("admin, secretariat, officer, unit_head or observer; repeat for several.")),
    ],
    password: Annotated[
        str,
        typer.Option(
            prompt=_("Password"),
            hide_input=True,
            confirmation_prompt=True,
            help=_("Asked for (not echoed) when omitted; prefer that to putting it on the command line."),
        ),
    ],
    unit_id: Annotated[
        str | None, typer.Option(help=_("The user's unit (required for officers and unit heads)."))
    ] = None,
) -> None:
    from app.core.audit import SYSTEM
    from app.core.security import PasswordService
    from app.users import service
    from app.users.schemas import UserCreate

    body = _validated(
        UserCreate, username=username, password=password, full_name=full_name, roles=role, unit_id=unit_id
    )
    settings = _settings()
    with _unit_of_work(settings) as session:
        user = service.create_user(
            session=session,
            passwords=PasswordService(settings),
            actor=SYSTEM,
            username=body.username,
            password=body.password,
            full_name=body.full_name,
            roles=body.roles,
            unit_id=body.unit_id,
        )
        user_id, roles = user.id, ", ".join(user.roles)
    typer.echo(
        _("Created user {username!r} (id {id}, roles: {roles})").format(
            username=username, id=user_id, roles=roles
        )
    )


DEMO_PASSWORD = "thidua-demo-2016"


@cli.command(
    help=_(
        "Load the 2016 scenario of “Khối thi đua cơ quan Bộ”, the source article whole: 16 units, logins, "
        "the pledge signed, criteria and scores, reports, the year-end conference with the bloc's year "
        "report and its ballots (the ministry flag on paper, the government flag electronic), the decided "
        "awards and the procedure after them; the campaign closed. Idempotent."
    ),
    cls=Command,
)
def demo(
    password: Annotated[
        str, typer.Option(envvar="THIDUA_DEMO_PASSWORD", help=_("Password of every demo login."))
    ] = DEMO_PASSWORD,
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help=_("Load only into a database that has no units yet."))
    ] = False,
    allow_production: Annotated[
        bool, typer.Option("--allow-production", help=_("Load even when THIDUA_ENV=production."))
    ] = False,
) -> None:
    from app.core.security import PasswordService
    from app.demo import loader

    settings = _settings()
    if settings.env == "production" and not allow_production:
        _fail(_("refusing to load demo data with THIDUA_ENV=production (pass --allow-production to insist)"))
    _migrate_or_fail(settings.database_url)
    with _unit_of_work(settings) as session:
        if if_empty and not loader.database_is_empty(session):
            typer.echo(_("demo: the database already has data; nothing loaded"))
            return
        result = loader.load(session, PasswordService(settings), password, settings=settings)
    if result.changed:
        made = ", ".join(f"{what.replace('_', ' ')}: {n}" for what, n in result.created.items() if n)
        typer.echo(_("demo: loaded the 2016 scenario ({made})").format(made=made))
    else:
        typer.echo(_("demo: the 2016 scenario is already loaded; nothing changed"))
    typer.echo(_("demo logins (password for all: {password}):").format(password=password))
    for username, role, unit_name in result.logins:
        typer.echo(f"  {username:<22} {role:<12} {unit_name}")


@clients_cli.command(
    "create",
    help=_("Create a service client and print its credentials (the secret is shown only this once)."),
    cls=Command,
)
def create_client(
    name: Annotated[str, typer.Option(help=_("What the client is, e.g. 'HR system'."))],
    scope: Annotated[
        list[str],
        typer.Option(
            help=_(
                "units:read, units:write, reports:write, scores:write, proposals:write or results:read; "
                "repeat for several."
            )
        ),
    ],
    unit_id: Annotated[
        str | None,
        typer.Option(
            help=_(
                "The one unit the client writes for (required with reports:write, scores:write, "
                "proposals:write)."
            )
        ),
    ] = None,
) -> None:
    from app.core.audit import SYSTEM
    from app.core.security import PasswordService
    from app.users import service
    from app.users.schemas import ClientCreate

    body = _validated(ClientCreate, name=name, scopes=scope, unit_id=unit_id)
    settings = _settings()
    with _unit_of_work(settings) as session:
        client, secret = service.create_client(
            session=session,
            passwords=PasswordService(settings),
            actor=SYSTEM,
            name=body.name,
            scopes=body.scopes,
            unit_id=body.unit_id,
        )
        client_id = client.client_id
    typer.echo(f"client_id:     {client_id}")
    typer.echo(f"client_secret: {secret}")
    typer.secho(
        _("Store the secret now: it is not shown again (rotate it through the API if lost)."), err=True
    )


@cli.command(
    "backup",
    help=_(
        "Back up the configured database while it serves (SQLite's online backup, or pg_dump), verify the "
        "copy (integrity, schema at head, audit chain) and write it with a manifest (sha256, row counts)."
    ),
    cls=Command,
)
def backup_command(
    file: Annotated[
        Path, typer.Argument(help=_("The backup to write; its manifest goes beside it (FILE.manifest.json)."))
    ],
    force: Annotated[
        bool, typer.Option("--force", help=_("Overwrite an existing backup of that name."))
    ] = False,
    restore_check: Annotated[
        bool,
        typer.Option(
            "--restore-check/--no-restore-check",
            help=_(
                "PostgreSQL: verify by restoring into a scratch database (needs CREATEDB); without it the "
                "archive is only listed, and fully verified at restore."
            ),
        ),
    ] = True,
) -> None:
    from app.ops import backup as ops

    settings = _settings()
    with _ops_errors(_("backup failed: {reason}")):
        outcome = ops.backup(settings.database_url, file, force=force, restore_check=restore_check)
    _print_outcome(outcome)


@cli.command(
    "restore",
    help=_(
        "Restore a backup into the configured database, which must be new and empty: the file is checked "
        "against its manifest first, and the restored database verified (integrity, schema, audit chain)."
    ),
    cls=Command,
)
def restore_command(
    file: Annotated[Path, typer.Argument(help=_("A backup written by `thidua backup` (with its manifest)."))],
    force: Annotated[
        bool,
        typer.Option(
            "--force", help=_("Restore even into a database that is not empty (replacing its data).")
        ),
    ] = False,
) -> None:
    from app.ops import backup as ops

    settings = _settings()
    with _ops_errors(_("restore failed: {reason}")):
        outcome = ops.restore(file, settings.database_url, force=force)
    _print_outcome(outcome)


@contextmanager
def _ops_errors(failed: str) -> Iterator[None]:
    """``failed`` is the message, with ``{reason}`` where the reason goes."""
    import sqlite3

    from app.ops.common import BackupError

    try:
        yield
    except BackupError as exc:
        _fail(failed.format(reason=exc))
    except (DBAPIError, sqlite3.Error, OSError) as exc:
        _fail(failed.format(reason=_one_line(str(getattr(exc, "orig", None) or exc))))


def _print_outcome(outcome: Outcome) -> None:
    from app.ops.common import KEY_TABLES
    from app.ops.manifest import manifest_path

    arrow = (
        f"{outcome.database} -> {outcome.file}"
        if outcome.action == "backup"
        else f"{outcome.file} -> {outcome.database}"
    )
    action = _("backup") if outcome.action == "backup" else _("restore")
    typer.echo(f"{action}: {arrow}")
    typer.echo(_("  file: {size:,} bytes, sha256 {sha256}").format(size=outcome.size, sha256=outcome.sha256))
    typer.echo(_("  manifest: {path}").format(path=manifest_path(outcome.file)))
    began = outcome.began_at.isoformat(timespec="seconds")
    typer.echo(_("  schema: {revision}; began {began}").format(revision=outcome.revision, began=began))
    if outcome.counts is not None:
        rows = ", ".join(f"{t} {outcome.counts[t]}" for t in KEY_TABLES if t in outcome.counts)
        total, tables = sum(outcome.counts.values()), len(outcome.counts)
        typer.echo(
            _("  rows: {rows} ({total} in {tables} tables)").format(rows=rows, total=total, tables=tables)
        )
    if outcome.audit_events is not None:
        if outcome.kind == "sqlite":
            checks = _("integrity, foreign keys, schema at head, audit chain")
        else:
            checks = _("constraints validated, schema at head, audit chain")
        typer.echo(
            _("  verified: {checks} ({events} events)").format(checks=checks, events=outcome.audit_events)
        )
    for note in outcome.notes:
        typer.echo(_("  note: {note}").format(note=note))


OPENAPI_FILE = Path("openapi.json")


def _render_openapi() -> str:
    settings = _settings()
    from app.main import create_app

    schema: dict[str, Any] = create_app(settings).openapi()
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


@cli.command(help=_("Write the OpenAPI document the app serves at /openapi.json."), cls=Command)
def openapi(
    output: Annotated[
        Path, typer.Option(help=_("Where the document is written (or compared)."))
    ] = OPENAPI_FILE,
    check: Annotated[
        bool,
        typer.Option("--check", help=_("Write nothing; exit 1 when the file differs from the app's schema.")),
    ] = False,
) -> None:

    rendered = _render_openapi()
    if not check:
        output.write_text(rendered, encoding="utf-8")
        typer.echo(_("wrote {path}").format(path=output))
        return
    try:
        current = json.loads(output.read_text(encoding="utf-8"))
    except FileNotFoundError:
        _fail(_("{path} is missing; run `thidua openapi` (or `make openapi`)").format(path=output))
    except json.JSONDecodeError:
        _fail(_("{path} is not valid JSON; run `thidua openapi` (or `make openapi`)").format(path=output))
    if current != json.loads(rendered):
        _fail(
            _("{path} differs from the app's schema; run `thidua openapi` (or `make openapi`)").format(
                path=output
            )
        )
    typer.echo(_("{path} is up to date").format(path=output))


PERMISSIONS_FILE = Path("docs/permissions.md")


@cli.command(
    help=_("Write docs/permissions.md: every operation and who may call it, from the route policies."),
    cls=Command,
)
def permissions(
    output: Annotated[
        Path, typer.Option(help=_("Where the table is written (or compared)."))
    ] = PERMISSIONS_FILE,
    check: Annotated[
        bool,
        typer.Option(
            "--check", help=_("Write nothing; exit 1 when the file differs from the route policies.")
        ),
    ] = False,
) -> None:
    from app.core.permissions_doc import render
    from app.main import create_app

    rendered = render(create_app(_settings()))
    if not check:
        output.write_text(rendered, encoding="utf-8")
        typer.echo(_("wrote {path}").format(path=output))
        return
    current = output.read_text(encoding="utf-8") if output.exists() else None
    if current != rendered:
        _fail(
            _(
                "{path} differs from the route policies; run `thidua permissions` (or `make permissions`)"
            ).format(path=output)
        )
    typer.echo(_("{path} is up to date").format(path=output))


@cli.command(
    "submit-proposal",
    help=_(
        "Submit a unit's proposal for commendation from a folder (proposal.yaml and its documents) as its "
        "service client (THIDUA_CLIENT_ID, THIDUA_CLIENT_SECRET); safe to repeat. Exit codes: 0 submitted, "
        "1 refused, 2 bad folder or settings, 3 server unreachable."
    ),
    cls=Command,
)
def submit_proposal(
    folder: Annotated[
        Path,
        typer.Argument(help=_("The folder: proposal.yaml (year, title, items, documents) and the files.")),
    ],
    unit: Annotated[str, typer.Option(help=_("The unit's id (the unit the service client is bound to)."))],
    base_url: Annotated[
        str, typer.Option(envvar="THIDUA_BASE_URL", help=_("The API's address."))
    ] = "http://127.0.0.1:8000",
) -> None:
    import os
    import sys

    from app.proposals import client as proposal_client

    code = proposal_client.run(
        folder, unit_id=unit, base_url=base_url, env=os.environ, out=sys.stdout, err=sys.stderr
    )
    if code:
        raise typer.Exit(code)


@cli.command(
    "submit-report",
    help=_(
        "Submit a unit's report as its service client (THIDUA_CLIENT_ID, THIDUA_CLIENT_SECRET); safe to "
        "repeat. Exit codes: 0 submitted, 1 refused, 2 bad file or settings, 3 server unreachable."
    ),
    cls=Command,
)
def submit_report(
    file: Annotated[
        Path, typer.Argument(help=_("The report: a .json or .yaml file (title, sections, metrics)."))
    ],
    campaign: Annotated[str, typer.Option(help=_("The campaign's id."))],
    unit: Annotated[str, typer.Option(help=_("The unit's id (the unit the service client is bound to)."))],
    kind: Annotated[
        str | None, typer.Option(help=_("mid_year or annual; overrides the file's `kind` (default annual)."))
    ] = None,
    base_url: Annotated[
        str, typer.Option(envvar="THIDUA_BASE_URL", help=_("The API's address."))
    ] = "http://127.0.0.1:8000",
) -> None:
    import os
    import sys

    from app.reports import client as report_client

    code = report_client.run(
        file,
        campaign_id=campaign,
        unit_id=unit,
        kind=kind,
        base_url=base_url,
        env=os.environ,
        out=sys.stdout,
        err=sys.stderr,
    )
    if code:
        raise typer.Exit(code)


def main() -> None:
    cli()
