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

import psycopg
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.core.config import Settings
from app.core.middleware import Metrics
from app.core.migrations import upgrade
from app.core.security import PasswordService
from app.core.text import fold
from app.main import bind_database, create_app
from app.models import ServiceClient, Unit, User
from app.models.base import new_id
from tests.pg import PgServer, find_or_start

TEST_SECRET = "test-secret-that-is-long-enough-for-hs256-0123456789"
BACKENDS = ("sqlite", "postgresql")


# ---- database servers and templates ---------------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    server = find_or_start()
    yield server
    server.stop()


def _pg_admin(url: str) -> psycopg.Connection[Any]:
    return psycopg.connect(url, autocommit=True)


def _with_db(url: str, dbname: str) -> str:
    base, _, _ = url.rpartition("/")
    return f"{base}/{dbname}"


@pytest.fixture(scope="session")
def pg_template(pg_server: PgServer) -> Iterator[str | None]:
    """A migrated database that each PostgreSQL test clones (CREATE DATABASE ... TEMPLATE)."""
    if pg_server.url is None:
        yield None
        return
    name = f"thidua_tpl_{uuid.uuid4().hex[:10]}"
    with _pg_admin(pg_server.url) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    upgrade(_with_db(pg_server.url, name))
    yield name
    with _pg_admin(pg_server.url) as conn:
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
def database_url(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path, pg_server: PgServer
) -> Iterator[str]:
    """A fresh, migrated database for this test alone."""
    if backend == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        target = tmp_path / "thidua.db"
        shutil.copyfile(template, target)
        yield f"sqlite:///{target}"
        return
    if pg_server.url is None:
        pytest.skip(f"PostgreSQL half skipped: {pg_server.reason}")
    template = request.getfixturevalue("pg_template")
    name = f"thidua_t_{uuid.uuid4().hex[:12]}"
    with _pg_admin(pg_server.url) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY')
    yield _with_db(pg_server.url, name)
    with _pg_admin(pg_server.url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# ---- the application ------------------------------------------------------------------------------------


def make_settings(database_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": database_url,
        "jwt_secret": TEST_SECRET,
        # Cheap argon2id for tests only: the algorithm is the same, the cost is not what is under test.
        "argon2_time_cost": 1,
        "argon2_memory_kib": 1024,
        "login_max_failures": 5,
        "login_window_seconds": 300,
    }
    values.update(overrides)
    return Settings(**values)


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


# ---- data builders -------------------------------------------------------------------------------------


@pytest.fixture
def make_unit(session_factory: Any) -> Callable[..., dict[str, Any]]:
    def _make(
        code: str | None = None,
        name: str | None = None,
        short_name: str | None = None,
        kind: str = "department",
    ) -> dict[str, Any]:
        code = code or f"U{uuid.uuid4().hex[:8].upper()}"
        name = name or f"Đơn vị {code}"
        unit = Unit(
            id=new_id(),
            code=code,
            name=name,
            short_name=short_name,
            kind=kind,
            search_text=fold(" ".join(p for p in (name, short_name or "", code) if p)),
        )
        with session_factory() as s:
            s.add(unit)
            s.commit()
        return {"id": unit.id, "code": code, "name": name}

    return _make


@pytest.fixture
def passwords(app: FastAPI) -> PasswordService:
    return app.state.passwords


@pytest.fixture
def make_user(
    session_factory: Any, passwords: PasswordService, make_unit: Callable[..., dict[str, Any]]
) -> Callable[..., dict[str, Any]]:
    def _make(
        *roles: str,
        unit_id: str | None = None,
        username: str | None = None,
        password: str | None = None,
        full_name: str | None = None,
        active: bool = True,
    ) -> dict[str, Any]:
        roles = roles or ("observer",)
        if "officer" in roles and unit_id is None:
            unit_id = make_unit()["id"]
        username = username or f"user_{uuid.uuid4().hex[:10]}"
        password = password or f"pw-{uuid.uuid4().hex}"
        user = User(
            id=new_id(),
            username=username,
            full_name=full_name or username.replace("_", " ").title(),
            password_hash=passwords.hash(password),
            roles=list(roles),
            unit_id=unit_id,
            active=active,
        )
        with session_factory() as s:
            s.add(user)
            s.commit()
        return {
            "id": user.id,
            "username": username,
            "password": password,
            "unit_id": unit_id,
            "roles": list(roles),
        }

    return _make


@pytest.fixture
def token_pair(client: TestClient) -> Callable[[str, str], dict[str, Any]]:
    def _pair(username: str, password: str) -> dict[str, Any]:
        r = client.post(
            "/api/v1/auth/token", data={"grant_type": "password", "username": username, "password": password}
        )
        assert r.status_code == 200, r.text
        return r.json()

    return _pair


@pytest.fixture
def login(token_pair: Callable[[str, str], dict[str, Any]]) -> Callable[[str, str], dict[str, str]]:
    def _login(username: str, password: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token_pair(username, password)['access_token']}"}

    return _login


@pytest.fixture
def headers_for(
    make_user: Callable[..., dict[str, Any]], login: Callable[[str, str], dict[str, str]]
) -> Callable[..., dict[str, str]]:
    def _headers(*roles: str, unit_id: str | None = None) -> dict[str, str]:
        user = make_user(*roles, unit_id=unit_id)
        return login(user["username"], user["password"])

    return _headers


@pytest.fixture
def make_service_client(session_factory: Any, passwords: PasswordService) -> Callable[..., dict[str, Any]]:
    def _make(scopes: list[str], unit_id: str | None = None, name: str | None = None) -> dict[str, Any]:
        client_id = f"tdc_{uuid.uuid4().hex[:16]}"
        secret = uuid.uuid4().hex + uuid.uuid4().hex
        row = ServiceClient(
            id=new_id(),
            name=name or client_id,
            client_id=client_id,
            secret_hash=passwords.hash(secret),
            scopes=list(scopes),
            unit_id=unit_id,
        )
        with session_factory() as s:
            s.add(row)
            s.commit()
        return {"id": row.id, "client_id": client_id, "client_secret": secret}

    return _make


@pytest.fixture
def make_client_token(
    client: TestClient, make_service_client: Callable[..., dict[str, Any]]
) -> Callable[..., dict[str, str]]:
    def _token(scopes: list[str], unit_id: str | None = None) -> dict[str, str]:
        sc = make_service_client(scopes, unit_id)
        r = client.post(
            "/api/v1/auth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": sc["client_id"],
                "client_secret": sc["client_secret"],
            },
        )
        assert r.status_code == 200, r.text
        return {"Authorization": f"Bearer {r.json()['access_token']}"}

    return _token


@pytest.fixture
def admin_headers(headers_for: Callable[..., dict[str, str]]) -> dict[str, str]:
    return headers_for("admin")


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
    }


@pytest.fixture
def live_server(live_env: dict[str, str], tmp_path: Path) -> Iterator[Callable[..., Any]]:
    """Start real uvicorn processes on 127.0.0.1 (``live_server(workers=2)``); all stopped afterwards."""
    from tests.live import start_server

    started: list[Any] = []

    def _start(workers: int = 1, **env: str) -> Any:
        server = start_server({**live_env, **env}, tmp_path, workers=workers)
        started.append(server)
        return server

    yield _start
    for server in started:
        server.stop()


@pytest.fixture
def make_bloc(
    session_factory: Any, make_unit: Callable[..., dict[str, Any]]
) -> Callable[..., dict[str, Any]]:
    """A bloc with its members for one year, written directly (not through the API under test).

    ``make_bloc(size=4, year=2016)`` makes the units too; the first is the leader, the second the deputy
    (unless ``deputy=False``). Or pass ``unit_ids`` and ``leader``/``deputy`` unit ids. Returns
    ``{"id", "code", "year", "unit_ids", "leader", "deputy"}``.
    """
    from app.models import Bloc, BlocMember

    def _make(
        size: int = 4,
        *,
        year: int = 2016,
        unit_ids: list[str] | None = None,
        leader: str | None = None,
        deputy: str | bool | None = True,
        bloc_id: str | None = None,
        code: str | None = None,
    ) -> dict[str, Any]:
        ids = list(unit_ids) if unit_ids is not None else [make_unit()["id"] for _ in range(size)]
        leader = leader or ids[0]
        if deputy is True:
            deputy = ids[1] if len(ids) > 1 and ids[1] != leader else None
        elif deputy is False:
            deputy = None
        with session_factory() as s:
            if bloc_id is None:
                bloc = Bloc(
                    id=new_id(), code=code or f"B{uuid.uuid4().hex[:8].upper()}", name="Khối thi đua thử"
                )
                s.add(bloc)
                s.flush()
                bloc_id = bloc.id
            bloc_code = s.get(Bloc, bloc_id).code
            for unit_id in ids:
                role = "leader" if unit_id == leader else "deputy" if unit_id == deputy else "member"
                s.add(BlocMember(id=new_id(), bloc_id=bloc_id, year=year, unit_id=unit_id, role=role))
            s.commit()
        return {
            "id": bloc_id,
            "code": bloc_code,
            "year": year,
            "unit_ids": ids,
            "leader": leader,
            "deputy": deputy,
        }

    return _make


@pytest.fixture
def make_campaign(session_factory: Any) -> Callable[..., dict[str, Any]]:
    """A campaign for a bloc-year, written directly. Returns ``{"id", "bloc_id", "year"}``."""
    from app.models import Campaign

    def _make(
        bloc: dict[str, Any],
        *,
        year: int | None = None,
        title: str | None = None,
        status: str = "active",
        **fields: Any,
    ) -> dict[str, Any]:
        year = year or bloc["year"]
        campaign = Campaign(
            id=new_id(),
            bloc_id=bloc["id"],
            year=year,
            title=title or f"Phong trào thi đua năm {year}",
            status=status,
            **fields,
        )
        with session_factory() as s:
            s.add(campaign)
            s.commit()
        return {"id": campaign.id, "bloc_id": bloc["id"], "year": year}

    return _make


@pytest.fixture
def officer_of(
    make_user: Callable[..., dict[str, Any]], login: Callable[[str, str], dict[str, str]]
) -> Callable[[str], dict[str, str]]:
    """Headers of a fresh officer of the given unit."""

    def _officer(unit_id: str) -> dict[str, str]:
        user = make_user("officer", unit_id=unit_id)
        return login(user["username"], user["password"])

    return _officer


_real_uuid4 = uuid.uuid4


def pytest_configure(config: pytest.Config) -> None:
    # Parameters built at import time (e.g. an unknown id from uuid4()) must be the same in every xdist
    # worker, or the workers collect different tests. Collection alone sees seeded UUIDs; tests do not.
    import random

    rng = random.Random(20161229)
    uuid.uuid4 = lambda: uuid.UUID(int=rng.getrandbits(128), version=4)  # type: ignore[assignment]


def pytest_collection_finish(session: pytest.Session) -> None:
    uuid.uuid4 = _real_uuid4  # type: ignore[assignment]
