"""The ``thidua`` command line, driven through typer's CliRunner.

These tests stay on SQLite and use none of conftest's database fixtures (which run every test on both
databases): what is under test here is the command's own plumbing (settings read from THIDUA_* variables,
the SQLite directory created, output and exit codes), while the services it calls are tested on both
databases through the API.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from typer.testing import CliRunner

from app.cli import cli
from app.core.config import Settings, get_settings
from app.core.migrations import head_revision
from app.core.security import PasswordService

Run = Callable[..., Result]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "not-yet-created" / "thidua.db"


@pytest.fixture
def run(db_path: Path) -> Iterator[Run]:
    env = {
        "THIDUA_ENV": "development",
        "THIDUA_DATABASE_URL": f"sqlite:///{db_path}",
        "THIDUA_ARGON2_TIME_COST": "1",
        "THIDUA_ARGON2_MEMORY_KIB": "1024",
    }
    runner = CliRunner()

    def _run(*args: str, input: str | None = None, **extra_env: str) -> Result:
        # get_settings() is cached per process: clear it so each command reads this test's environment.
        get_settings.cache_clear()
        return runner.invoke(cli, list(args), input=input, env={**env, **extra_env})

    yield _run
    get_settings.cache_clear()  # leave no settings from this test's environment behind


def _query(db_path: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql, params).fetchall()


# ---- migrate --------------------------------------------------------------------------------------------


def test_migrate_creates_the_directory_and_the_schema(run: Run, db_path: Path) -> None:
    result = run("migrate")

    assert result.exit_code == 0, result.output
    assert f"is at revision {head_revision()}" in result.stdout
    assert _query(db_path, "SELECT version_num FROM alembic_version") == [(head_revision(),)]


def test_migrate_works_on_an_empty_file_and_is_repeatable(run: Run, db_path: Path) -> None:
    db_path.parent.mkdir()
    db_path.touch()

    first = run("migrate")
    second = run("migrate")

    assert (first.exit_code, second.exit_code) == (0, 0), first.output + second.output
    assert _query(db_path, "SELECT version_num FROM alembic_version") == [(head_revision(),)]


def test_a_weak_production_configuration_is_refused_with_a_clean_message(run: Run, db_path: Path) -> None:
    result = run("migrate", THIDUA_ENV="production", THIDUA_JWT_SECRET="short")

    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "configuration error: THIDUA_JWT_SECRET must be set to at least 32 bytes in production"
    )
    assert not db_path.exists()


# ---- openapi --------------------------------------------------------------------------------------------


def test_openapi_check_passes_on_a_fresh_file_and_fails_on_a_modified_one(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "openapi.json"

    written = run("openapi", "--output", str(target))
    fresh = run("openapi", "--output", str(target), "--check")
    document = json.loads(target.read_text(encoding="utf-8"))
    document["info"]["title"] = "something else"
    target.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    modified = run("openapi", "--output", str(target), "--check")

    assert written.exit_code == 0, written.output
    assert fresh.exit_code == 0, fresh.output
    assert modified.exit_code == 1
    assert "differs from the app's schema" in modified.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["info"]["title"] == "something else"  # untouched


def test_openapi_writes_what_the_app_serves(run: Run, tmp_path: Path) -> None:
    from app.main import create_app

    target = tmp_path / "openapi.json"
    result = run("openapi", "--output", str(target))

    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert text.endswith("}\n")
    assert "thi đua" in text.lower()  # written as UTF-8, not \u escapes
    settings = Settings(database_url="sqlite://")
    assert json.loads(text) == create_app(settings).openapi()


def test_openapi_check_fails_when_the_file_is_missing(run: Run, tmp_path: Path) -> None:
    result = run("openapi", "--output", str(tmp_path / "missing.json"), "--check")

    assert result.exit_code == 1
    assert "is missing" in result.stderr


# ---- users and service clients ----------------------------------------------------------------------------


def test_users_create_prompts_for_the_password_and_stores_only_its_hash(run: Run, db_path: Path) -> None:
    assert run("migrate").exit_code == 0
    password = "correct horse battery staple"

    result = run(
        "users",
        "create",
        "--username",
        "quantri",
        "--full-name",
        "Quản trị hệ thống",
        "--role",
        "admin",
        input=f"{password}\n{password}\n",
    )

    assert result.exit_code == 0, result.output
    assert password not in result.output
    rows = _query(db_path, "SELECT id, username, full_name, roles, unit_id, active, password_hash FROM users")
    assert len(rows) == 1
    user_id, username, full_name, roles, unit_id, active, password_hash = rows[0]
    assert (username, full_name, json.loads(roles), unit_id, active) == (
        "quantri",
        "Quản trị hệ thống",
        ["admin"],
        None,
        1,
    )
    assert f"Created user 'quantri' (id {user_id}, roles: admin)" in result.stdout
    assert password_hash.startswith("$argon2id$")
    assert PasswordService(Settings(database_url="sqlite://")).verify(password_hash, password)
    assert _query(db_path, "SELECT action, actor_type, object_id FROM audit_events") == [
        ("user.create", "system", user_id)
    ]


def test_users_create_reports_a_domain_error_on_one_line(run: Run, db_path: Path) -> None:
    assert run("migrate").exit_code == 0
    args = ("users", "create", "--username", "canbo", "--full-name", "Cán bộ", "--password", "pw-123456789")

    officer_without_unit = run(*args, "--role", "officer")
    first = run(*args, "--role", "observer")
    duplicate = run(*args, "--role", "observer")

    assert officer_without_unit.exit_code == 1
    assert (
        officer_without_unit.stderr
        == "error: An officer must belong to a unit: give unit_id. (validation_error)\n"
    )
    assert first.exit_code == 0, first.output
    assert duplicate.exit_code == 1
    assert duplicate.stderr == "error: A user with this username already exists. (already_exists)\n"
    assert _query(db_path, "SELECT username, roles FROM users") == [("canbo", '["observer"]')]


def test_service_clients_create_prints_the_secret_once_and_stores_its_hash(run: Run, db_path: Path) -> None:
    assert run("migrate").exit_code == 0

    result = run(
        "service-clients",
        "create",
        "--name",
        "Cổng thông tin",
        "--scope",
        "results:read",
        "--scope",
        "units:read",
    )

    assert result.exit_code == 0, result.output
    lines = dict(line.split(":", 1) for line in result.stdout.splitlines())
    client_id, secret = lines["client_id"].strip(), lines["client_secret"].strip()
    rows = _query(db_path, "SELECT name, client_id, scopes, unit_id, secret_hash FROM service_clients")
    assert len(rows) == 1
    name, stored_client_id, scopes, unit_id, secret_hash = rows[0]
    assert (name, stored_client_id, json.loads(scopes), unit_id) == (
        "Cổng thông tin",
        client_id,
        ["results:read", "units:read"],
        None,
    )
    assert secret not in secret_hash
    assert PasswordService(Settings(database_url="sqlite://")).verify(secret_hash, secret)


def test_service_clients_create_refuses_a_unit_bound_scope_without_a_unit(run: Run, db_path: Path) -> None:
    assert run("migrate").exit_code == 0

    result = run("service-clients", "create", "--name", "HR", "--scope", "reports:write")

    assert result.exit_code == 1
    assert result.stderr.startswith("error: A client with reports:write writes for one unit")
    assert _query(db_path, "SELECT count(*) FROM service_clients") == [(0,)]


def test_commands_on_an_unmigrated_database_fail_with_a_hint(run: Run, db_path: Path) -> None:
    db_path.parent.mkdir()

    result = run(
        "users",
        "create",
        "--username",
        "x-user",
        "--full-name",
        "X",
        "--role",
        "observer",
        "--password",
        "pw-123456789",
    )

    assert result.exit_code == 1
    assert "database error: no such table" in result.stderr
    assert "thidua migrate" in result.stderr


def test_users_and_clients_create_apply_the_apis_input_rules(run: Run, db_path: Path) -> None:
    """The CLI stores nothing the API would refuse: here a control character in a name, an unknown role,
    a short password and an unknown scope."""
    assert run("migrate").exit_code == 0
    base = ("users", "create", "--username", "canbo")

    control = run(*base, "--full-name", "Cán\x0bbộ", "--password", "pw-123456789", "--role", "observer")
    role = run(*base, "--full-name", "Cán bộ", "--password", "pw-123456789", "--role", "chief")
    short = run(*base, "--full-name", "Cán bộ", "--password", "pw", "--role", "observer")
    scope = run("service-clients", "create", "--name", "HR", "--scope", "everything")

    for result in (control, role, short, scope):
        assert result.exit_code == 1, result.output
        assert result.stderr.startswith("error: ") and result.stderr.endswith("(validation_error)\n")
    assert "full_name: must not contain line breaks, tabs or other control characters" in control.stderr
    assert "pw-123456789" not in role.stderr + short.stderr  # never echoes the input
    assert _query(db_path, "SELECT count(*) FROM users") == [(0,)]
    assert _query(db_path, "SELECT count(*) FROM service_clients") == [(0,)]
