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
from typing import Any

import pytest

from app.core.policy import RoutePolicy, Who, route_policies
from app.main import create_app
from tests.support.builders import Builders
from tests.support.permissions import PermissionWorld
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


@pytest.fixture
def world(build: Builders) -> PermissionWorld:
    return PermissionWorld(build)


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
