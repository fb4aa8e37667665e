"""Backup and restore tests: the ``thidua`` command run as the operator runs it (a subprocess), and new
empty databases to restore into, on the test's backend."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

from app.core.config import Settings
from tests.support.commands import Thidua
from tests.support.live import ROOT
from tests.support.pg import PgServer


@pytest.fixture
def thidua(settings: Settings) -> Thidua:
    """``thidua(*args, database_url=...)``: the command in a process of its own, configured like the
    server (THIDUA_* variables only), on this test's database unless told another."""

    def _run(*args: str, database_url: str | None = None, **env: str) -> subprocess.CompletedProcess[str]:
        base = {k: v for k, v in os.environ.items() if not k.startswith("THIDUA_")}
        base.update(
            THIDUA_DATABASE_URL=database_url or settings.database_url,
            THIDUA_JWT_SECRET=settings.jwt_secret,
            THIDUA_LOG_LEVEL="WARNING",
        )
        base.update(env)
        return subprocess.run(
            [sys.executable, "-c", "from app.cli import main; main()", *args],
            cwd=ROOT,
            env=base,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    return _run


@pytest.fixture
def empty_database(backend: str, tmp_path: Path, pg_server: PgServer) -> Iterator[Callable[[], str]]:
    """``empty_database()``: the URL of a new database with nothing in it (a SQLite file not yet created,
    or a PostgreSQL database just created), dropped after the test."""
    made: list[str] = []

    def _make() -> str:
        name = f"thidua_r_{uuid.uuid4().hex[:12]}"
        if backend == "sqlite":
            return f"sqlite:///{tmp_path / name}.db"
        assert pg_server.url is not None
        with psycopg.connect(pg_server.url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        made.append(name)
        return f"{pg_server.url.rpartition('/')[0]}/{name}"

    yield _make
    if made and pg_server.url is not None:
        with psycopg.connect(pg_server.url, autocommit=True) as conn:
            for name in made:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
