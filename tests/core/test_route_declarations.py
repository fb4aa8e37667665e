"""Every route declares who may call it, and every route commits through TransactionalRoute.

These walk the application's routes, so a route added without a policy (or on a plain APIRouter) fails
here before it can ship."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI

from app.core.permissions_doc import render
from app.core.policy import Policy, api_routes, route_policies
from app.core.routing import TransactionalRoute
from app.main import create_app
from tests.support.settings import make_settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def application(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    path = tmp_path_factory.mktemp("routes") / "unused.db"
    return create_app(make_settings(f"sqlite:///{path}"))


def test_the_walk_finds_every_route(application: FastAPI) -> None:
    paths = {path for path, _ in api_routes(application)}
    # a sample from each place routes come from: the health router, a feature router, a nested prefix
    assert {"/healthz", "/api/v1/auth/token", "/api/v1/voting-sessions/{session_id}/ballots"} <= paths
    assert len(route_policies(application)) >= 78


def test_every_route_declares_exactly_one_policy(application: FastAPI) -> None:
    missing = [
        f"{rp.method} {rp.path}: {rp.policies}" for rp in route_policies(application) if rp.policy is None
    ]
    assert missing == [], "routes without exactly one declared policy (Allow(...) / Annotated alias)"


def test_policy_names_are_unique(application: FastAPI) -> None:
    by_name: dict[str, Policy] = {}
    for rp in route_policies(application):
        assert rp.policy is not None
        assert by_name.setdefault(rp.policy.name, rp.policy) is rp.policy, rp.policy.name


def test_every_policy_admits_someone_and_says_whom(application: FastAPI) -> None:
    for rp in route_policies(application):
        assert rp.policy is not None
        assert rp.policy.admits, rp.policy.name
        assert rp.policy.public or all(rule.who for rule in rp.policy.rules), rp.policy.name


def test_every_route_is_transactional(application: FastAPI) -> None:
    plain = [path for path, route in api_routes(application) if not isinstance(route, TransactionalRoute)]
    assert plain == []


def test_permissions_doc_is_generated_from_the_policies(application: FastAPI) -> None:
    current = (ROOT / "docs" / "permissions.md").read_text(encoding="utf-8")
    assert current == render(application), "docs/permissions.md is stale: run `make permissions`"


def test_body_fields_a_policy_reads_are_required_short_strings(application: FastAPI) -> None:
    """A policy lets a body without the fields it reads through to validation (422); that is safe only if
    the body's model requires each of them as a non-empty string of at most 64 characters (what
    ``_body_params`` hands the rules), so such a body can never reach the service."""
    checked = 0
    for rp in route_policies(application):
        assert rp.policy is not None
        for name in rp.policy.body_fields:
            (body,) = rp.route.dependant.body_params
            model = body.field_info.annotation
            field = model.model_fields[name]
            assert field.is_required(), f"{rp.method} {rp.path}: {name} is optional"
            schema = model.model_json_schema()["properties"][name]
            assert schema.get("type") == "string", (rp.path, schema)
            assert schema.get("minLength", 0) >= 1 and schema.get("maxLength", 1000) <= 64, (rp.path, schema)
            checked += 1
    assert checked >= 4


def _names_idempotency(route: object) -> bool:
    from app.core.idempotency import idempotency_key

    stack = list(route.dependant.dependencies)  # type: ignore[attr-defined]
    while stack:
        dep = stack.pop()
        if dep.call is idempotency_key:
            return True
        stack.extend(dep.dependencies)
    return False


def test_idempotent_routes_authorise_before_any_replay(application: FastAPI) -> None:
    # The key is claimed (and a stored response replayed) by the route's policy once it admits the caller:
    # a public route would never claim it, and a replay must never reach a caller nobody checked.
    idempotent = [rp for rp in route_policies(application) if _names_idempotency(rp.route)]
    assert len(idempotent) >= 15
    public = [f"{rp.method} {rp.path}" for rp in idempotent if rp.policy is None or rp.policy.public]
    assert public == []
