"""Shared fixtures. Every test that uses ``client`` (or ``app``) runs twice: on SQLite and on PostgreSQL,
each time in a fresh database built by the Alembic migrations."""

from __future__ import annotations

import os
import shutil
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.core.config import Settings
from app.core.middleware import Metrics
from app.core.migrations import upgrade
from app.core.security import PasswordService
from app.main import bind_database, create_app
from tests.support.builders import BlocYear, Builders, Headers
from tests.support.live import start_server
from tests.support.pg import Dropper, PgServer, find_or_start, pg_admin, with_db
from tests.support.settings import make_settings

BACKENDS = ("sqlite", "postgresql")


# ---- database servers and templates ---------------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    server = find_or_start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def pg_dropper(pg_server: PgServer) -> Iterator[Dropper | None]:
    """Drops each test's PostgreSQL database once the test is over, while the next one runs."""
    if pg_server.url is None:
        yield None
        return
    dropper = Dropper(pg_server.url)
    yield dropper
    dropper.close()


@pytest.fixture(scope="session")
def pg_template(pg_server: PgServer) -> Iterator[str | None]:
    """A migrated database that each PostgreSQL test clones (CREATE DATABASE ... TEMPLATE)."""
    if pg_server.url is None:
        yield None
        return
    name = f"thidua_tpl_{uuid.uuid4().hex[:10]}"
    with pg_admin(pg_server.url) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    upgrade(with_db(pg_server.url, name))
    yield name
    with pg_admin(pg_server.url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    upgrade(f"sqlite:///{path}")
    with sqlite3.connect(path) as conn:  # fold the WAL into the main file so a plain copy is complete
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database_template(backend: str, request: pytest.FixtureRequest, pg_server: PgServer) -> str | None:
    """What this test's database is a copy of: the migrated template (a SQLite file's path, a PostgreSQL
    database's name; None when PostgreSQL is unavailable). A module may override it to start its tests
    from a richer database (tests/core/test_permission_matrix.py)."""
    if backend == "sqlite":
        return str(request.getfixturevalue("sqlite_template"))
    if pg_server.url is None:
        return None
    return str(request.getfixturevalue("pg_template"))


@pytest.fixture
def database_url(
    backend: str,
    database_template: str | None,
    tmp_path: Path,
    pg_server: PgServer,
    pg_dropper: Dropper | None,
) -> Iterator[str]:
    """A fresh database for this test alone: a copy of ``database_template``."""
    if backend == "sqlite":
        assert database_template is not None
        target = tmp_path / "thidua.db"
        shutil.copyfile(database_template, target)
        yield f"sqlite:///{target}"
        return
    if pg_server.url is None or pg_dropper is None or database_template is None:
        pytest.skip(f"PostgreSQL half skipped: {pg_server.reason}")
    name = f"thidua_t_{uuid.uuid4().hex[:12]}"
    with pg_admin(pg_server.url) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{database_template}" STRATEGY WAL_LOG')
    yield with_db(pg_server.url, name)
    pg_dropper.drop(name)


# ---- the application ------------------------------------------------------------------------------------


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """Override in a test module (or parametrize) to change the app's settings."""
    return {}


@pytest.fixture
def settings(database_url: str, settings_overrides: dict[str, Any]) -> Settings:
    return make_settings(database_url, **settings_overrides)


_SHARED_APP: dict[str, FastAPI] = {}


@pytest.fixture
def app(settings: Settings, settings_overrides: dict[str, Any]) -> Iterator[FastAPI]:
    """The application on this test's database.

    Building a FastAPI app costs ~0.2 s (its routes' dependency graphs), so tests with the default settings
    share one per worker process, rebound to their own fresh database with fresh metrics. Tests that
    override settings get an app of their own."""
    if settings_overrides:
        application = create_app(settings)
    else:
        application = _SHARED_APP.get("default")
        if application is None:
            application = _SHARED_APP["default"] = create_app(settings)
        else:
            bind_database(application, settings)
        application.state.metrics = Metrics()
    yield application
    application.state.engine.dispose()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://testserver") as c:
        yield c


@pytest.fixture
def session_factory(app: FastAPI) -> Any:
    return app.state.sessionmaker


# ---- data builders (tests.support.builders) -------------------------------------------------------------


@pytest.fixture
def passwords(app: FastAPI) -> PasswordService:
    return app.state.passwords


@pytest.fixture
def build(session_factory: Any, passwords: PasswordService, request: pytest.FixtureRequest) -> Builders:
    """The scenario builders; the client (and so the app's start-up) only once a token is asked for."""
    return Builders(session_factory, passwords, lambda: request.getfixturevalue("client"))


@pytest.fixture
def bloc_year(build: Builders) -> BlocYear:
    """One bloc in 2016 (leader, deputy, two members) with its campaign; people made when asked for."""
    return BlocYear(build)


def _builder(name: str, method: str) -> Any:
    """A fixture ``name`` that is ``build.<method>``: the names tests have always used."""

    @pytest.fixture(name=name)
    def _fixture(build: Builders) -> Callable[..., Any]:
        return getattr(build, method)  # type: ignore[no-any-return]

    return _fixture


make_unit = _builder("make_unit", "unit")
make_user = _builder("make_user", "user")
token_pair = _builder("token_pair", "token_pair")
login = _builder("login", "login")
headers_for = _builder("headers_for", "headers")
officer_of = _builder("officer_of", "officer_of")
make_service_client = _builder("make_service_client", "service_client")
make_client_token = _builder("make_client_token", "client_token")
make_bloc = _builder("make_bloc", "bloc")
make_campaign = _builder("make_campaign", "campaign")


@pytest.fixture
def admin_headers(build: Builders) -> Headers:
    return build.headers("admin")


def pytest_report_header(config: pytest.Config) -> str:
    url = os.environ.get("THIDUA_TEST_POSTGRES_URL")
    return f"thidua: PostgreSQL from {'THIDUA_TEST_POSTGRES_URL' if url else 'local binaries, if any'}"


@pytest.fixture
def live_env(settings: Settings) -> dict[str, str]:
    """Environment for a uvicorn process serving this test's database with this test's settings."""
    return {
        "THIDUA_DATABASE_URL": settings.database_url,
        "THIDUA_JWT_SECRET": settings.jwt_secret,
        "THIDUA_ARGON2_TIME_COST": str(settings.argon2_time_cost),
        "THIDUA_ARGON2_MEMORY_KIB": str(settings.argon2_memory_kib),
        "THIDUA_LOG_LEVEL": "WARNING",
        **({"THIDUA_DOCUMENT_DIR": str(settings.document_dir)} if settings.document_dir else {}),
    }


@pytest.fixture
def live_server(live_env: dict[str, str], tmp_path: Path) -> Iterator[Callable[..., Any]]:
    """Start real uvicorn processes on 127.0.0.1 (``live_server(workers=2)``); all stopped afterwards."""
    started: list[Any] = []

    def _start(workers: int = 1, serve: bool = False, **env: str) -> Any:
        server = start_server({**live_env, **env}, tmp_path, workers=workers, serve=serve)
        started.append(server)
        return server

    yield _start
    for server in started:
        server.stop()


_real_uuid4 = uuid.uuid4


def pytest_configure(config: pytest.Config) -> None:
    # Parameters built at import time (e.g. an unknown id from uuid4()) must be the same in every xdist
    # worker, or the workers collect different tests. Collection alone sees seeded UUIDs; tests do not.
    import random

    rng = random.Random(20161229)
    uuid.uuid4 = lambda: uuid.UUID(int=rng.getrandbits(128), version=4)  # type: ignore[assignment]


def pytest_collection_finish(session: pytest.Session) -> None:
    uuid.uuid4 = _real_uuid4  # type: ignore[assignment]
