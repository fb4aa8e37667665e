"""Passwords and client secrets are hashed while the request holds no transaction (app.users.service
``hash_secret``): argon2 takes tens of milliseconds of CPU, and on SQLite an open writing transaction holds
the database's one write lock meanwhile. Through HTTP, on both databases.

Observed from outside the request, at the moment each hash runs: on SQLite, another connection can take
the write lock at once; on PostgreSQL, no connection of the test's database sits in an open transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest

from app.core.security import PasswordService

USERS = "/api/v1/users"
CLIENTS = "/api/v1/service-clients"


def _sqlite_lock_free(path: str) -> bool:
    """Whether another connection takes SQLite's write lock without waiting."""
    conn = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        conn.close()


def _postgres_idle(url: str) -> bool:
    """Whether no other connection to the database sits in an open transaction."""
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND xact_start IS NOT NULL"
        ).fetchone()
    return row is not None and row[0] == 0


@pytest.fixture
def hashes(database_url: str, passwords: PasswordService, monkeypatch) -> Iterator[list[bool]]:
    """Each hash computed from now on, as whether the database was free of transactions when it ran."""
    if database_url.startswith("sqlite"):
        path = database_url.removeprefix("sqlite:///")
        free: Callable[[], bool] = lambda: _sqlite_lock_free(path)  # noqa: E731
    else:
        free = lambda: _postgres_idle(database_url)  # noqa: E731
    seen: list[bool] = []
    real = passwords.hash

    def observed(password: str) -> str:
        seen.append(free())
        return real(password)

    monkeypatch.setattr(passwords, "hash", observed)
    yield seen


def _admin_headers(make_user: Any, login: Any) -> dict[str, str]:
    admin = make_user("admin")
    return dict(login(admin["username"], admin["password"]))


def test_creating_a_user_hashes_its_password_outside_any_transaction(client, make_user, login, hashes):
    headers = _admin_headers(make_user, login)
    hashes.clear()  # the builders' own hashes
    body = {
        "username": "hashed_free",
        "password": "s3cret-pass-word",
        "full_name": "A",
        "roles": ["observer"],
    }
    r = client.post(USERS, json=body, headers=headers)
    assert r.status_code == 201, r.text
    assert hashes == [True]


def test_changing_a_password_hashes_it_outside_any_transaction(client, make_user, login, hashes):
    headers = _admin_headers(make_user, login)
    user = make_user("observer")
    hashes.clear()  # the builders' own hashes
    r = client.patch(f"{USERS}/{user['id']}", json={"password": "an0ther-pass-word"}, headers=headers)
    assert r.status_code == 200, r.text
    assert hashes == [True]


def test_creating_a_service_client_hashes_its_secret_outside_any_transaction(
    client, make_user, login, hashes
):
    headers = _admin_headers(make_user, login)
    hashes.clear()
    r = client.post(CLIENTS, json={"name": "Script", "scopes": ["results:read"]}, headers=headers)
    assert r.status_code == 201, r.text
    assert hashes == [True]


def test_rotating_a_client_secret_hashes_it_outside_any_transaction(
    client, make_user, login, make_service_client, hashes
):
    headers = _admin_headers(make_user, login)
    created = make_service_client(["results:read"])
    hashes.clear()
    r = client.post(f"{CLIENTS}/{created['id']}/secret", headers=headers)
    assert r.status_code == 200, r.text
    assert hashes == [True]
