"""The permission matrix, generated from the route registry: every route is called as every kind of
principal (``app.core.policy.Who``) on one bloc-year (``tests.support.permissions``).

- A kind the route's policy admits passes the gate: neither 401 nor 403, and not the policy's 404 for
  objects it hides (what follows, a 409 for a closed session or a 422 for the matrix's placeholder body,
  is the operation's own business).
- A kind it does not admit is refused (401 without a token, else 403, or 404 where the policy hides the
  object) and nothing changes: every table's row count, the audit trail and every version counter are
  the same after the call as before.

So the declarations in docs/permissions.md are what the service does, route by route, on both databases.
"""

from __future__ import annotations

import re
import sqlite3
import time
import uuid
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi import FastAPI

from app.core.policy import RoutePolicy, Who, route_policies
from app.main import create_app
from tests.support.builders import Builders
from tests.support.permissions import PermissionWorld
from tests.support.pg import PgServer, pg_admin
from tests.support.settings import make_settings


def _routes() -> list[RoutePolicy]:
    return route_policies(create_app(make_settings("sqlite:///matrix-collection-only.db")))


# A route whose rules differ by a path value is played once per value.
VARIANTS = {"stage": ("self", "review")}
ROUTES = {
    f"{rp.method} {rp.path}" + "".join(f" [{k}={v}]" for k, v in variant.items()): (rp, variant)
    for rp in _routes()
    for variant in (
        [{k: v} for k, values in VARIANTS.items() if "{" + k + "}" in rp.path for v in values] or [{}]
    )
}


# ---- one world per database and test process, copied for each case ------------------------------------
#
# Building the world takes ~60 requests (~2.5 s); the matrix has a case per route and database. So the first
# case of each database in a test process builds it and keeps a copy of its database (a SQLite file, a
# PostgreSQL template database) with ``PermissionWorld.state()``; every later case gets a copy of that
# database of its own (as every test gets a copy of the migrated one) and the same world on it. A case's
# writes land in its copy only.

# The world's tokens are valid for ``access_token_minutes`` from its building: a copy older than half of that
# is built again, so that no case meets an expired token.
WORLD_LIFETIME = make_settings("sqlite://").access_token_minutes * 60 / 2


@dataclass
class WorldCopy:
    template: str  # the SQLite file, or the PostgreSQL database, each case's database is a copy of
    state: dict[str, Any]  # PermissionWorld.state()
    built_at: float  # time.monotonic() when the world's building began


def _drop(backend: str, kept: WorldCopy, pg_server: PgServer) -> None:
    if backend == "postgresql" and pg_server.url is not None:
        with pg_admin(pg_server.url) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{kept.template}" WITH (FORCE)')


@pytest.fixture(scope="session")
def world_copies(pg_server: PgServer) -> Iterator[dict[str, WorldCopy]]:
    """The kept worlds of this test process, by backend."""
    copies: dict[str, WorldCopy] = {}
    yield copies
    for backend, kept in copies.items():
        _drop(backend, kept, pg_server)


@pytest.fixture
def world_copy(backend: str, world_copies: dict[str, WorldCopy], pg_server: PgServer) -> WorldCopy | None:
    """The kept world this case starts from, if there is one young enough."""
    kept = world_copies.get(backend)
    if kept is not None and time.monotonic() - kept.built_at > WORLD_LIFETIME:
        _drop(backend, world_copies.pop(backend), pg_server)
        kept = None
    return kept


@pytest.fixture
def database_template(database_template: str | None, world_copy: WorldCopy | None) -> str | None:
    return world_copy.template if world_copy is not None else database_template


def _keep_database(
    app: FastAPI, database_url: str, pg_server: PgServer, tmp_path_factory: pytest.TempPathFactory
) -> str:
    """A copy of the database at ``database_url`` as it is now, for later cases to copy in turn."""
    app.state.engine.dispose()  # no connection of the app's may be open on a PostgreSQL template
    if database_url.startswith("sqlite:///"):
        target = tmp_path_factory.mktemp("matrix-world") / "world.db"
        path = database_url.removeprefix("sqlite:///")
        with closing(sqlite3.connect(path)) as source, closing(sqlite3.connect(target)) as copy:
            source.backup(copy)
        return str(target)
    assert pg_server.url is not None
    name = f"thidua_world_{uuid.uuid4().hex[:10]}"
    source = database_url.rpartition("/")[2]
    with pg_admin(pg_server.url) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}" STRATEGY WAL_LOG')
    return name


@pytest.fixture
def world(
    build: Builders,
    backend: str,
    world_copy: WorldCopy | None,
    world_copies: dict[str, WorldCopy],
    app: FastAPI,
    database_url: str,
    pg_server: PgServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> PermissionWorld:
    if world_copy is not None:  # this case's database is a copy of the kept world's
        return PermissionWorld.restored(build, world_copy.state)
    built_at = time.monotonic()
    world = PermissionWorld(build)
    template = _keep_database(app, database_url, pg_server, tmp_path_factory)
    world_copies[backend] = WorldCopy(template, world.state(), built_at)
    return world


def _call(world: PermissionWorld, rp: RoutePolicy, params: dict[str, str], headers: dict[str, str]) -> Any:
    path = re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: params[m.group(1)], rp.path)
    if rp.method in ("GET", "DELETE"):
        return world.client.request(rp.method, path, headers=headers)
    return world.client.request(rp.method, path, headers=headers, json=world.body())


@pytest.mark.parametrize("operation", sorted(ROUTES))
def test_each_kind_of_principal_gets_what_the_policy_declares(world: PermissionWorld, operation: str) -> None:
    rp, variant = ROUTES[operation]
    policy = rp.policy
    assert policy is not None, f"{operation} declares no policy"
    params = world.path_params(**variant)
    admitted = policy.admits_for(params)
    headers = {who: world.headers_of(who, policy) for who in Who}  # service clients are made here, not below
    wrong: list[str] = []
    # the refusals first, each checked to change nothing; then the admitted calls (which may change things)
    for who in sorted(set(Who) - admitted, key=list(Who).index):
        before = world.fingerprint()
        r = _call(world, rp, params, headers[who])
        expected = {401} if who is Who.ANONYMOUS else {403, 404} if policy.visible is not None else {403}
        if r.status_code not in expected:
            wrong.append(f"{who}: expected a refusal {sorted(expected)}, got {r.status_code} {r.text[:200]}")
        elif world.fingerprint() != before:
            wrong.append(f"{who}: refused with {r.status_code}, but the database changed")
    for who in sorted(admitted, key=list(Who).index):
        r = _call(world, rp, params, headers[who])
        refused = r.status_code in (401, 403) or (r.status_code == 404 and policy.visible is not None)
        if policy.public:
            refused = r.headers.get("content-type", "").startswith(
                "application/problem+json"
            ) and r.json().get("code") in ("not_authenticated", "forbidden")
        if refused:
            wrong.append(f"{who}: admitted by `{policy.name}`, got {r.status_code} {r.text[:200]}")
    assert wrong == [], f"{operation} ({policy.name}):\n" + "\n".join(wrong)
