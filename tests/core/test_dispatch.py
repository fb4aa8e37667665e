"""Route lookup by first segment (``app.core.dispatch``) picks exactly the route FastAPI's whole router
picks: for every operation of the API (its path with each parameter filled in), with a trailing slash,
with a method the path does not answer, and for paths no route has, the app with the dispatch and the same
app routed the old way (every router in turn) answer with the same status, ``Allow`` and ``Location``
headers and the same endpoint."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.types import Receive, Scope, Send

from app.core import dispatch
from app.main import API_PREFIX

# Routing does not depend on the database: SQLite only.


class Routed:
    """Records the endpoint the router picked for each request (``scope["endpoint"]``)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.endpoint: Any = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self.inner(scope, receive, send)
        finally:
            self.endpoint = scope.get("endpoint")


def _requests(app: FastAPI) -> Iterator[tuple[str, str]]:
    paths = app.openapi()["paths"]
    for template, operations in paths.items():
        path = re.sub(r"\{[^}]+\}", "0f1e2d3c", template)
        for method in operations:
            yield method.upper(), path
        yield "DELETE" if "delete" not in operations else "PUT", path  # 405 (or a route further down)
        yield "GET", path + "/"  # the trailing-slash redirect, or 404
    for path in (f"{API_PREFIX}/no-such-thing", f"{API_PREFIX}/", API_PREFIX, "/healthz", "/nowhere", "/"):
        yield "GET", path


def _answer(client: TestClient, routed: Routed, method: str, path: str) -> tuple[Any, ...]:
    routed.endpoint = None
    r = client.request(method, path, follow_redirects=False, headers={"Authorization": "Bearer not-a-token"})
    endpoint = getattr(routed.endpoint, "__qualname__", routed.endpoint)
    return r.status_code, r.headers.get("allow"), r.headers.get("location"), endpoint


@pytest.mark.parametrize("backend", ["sqlite"])
def test_dispatch_routes_every_request_as_the_whole_router_does(app: FastAPI) -> None:
    installed = app.router.middleware_stack
    assert isinstance(installed, dispatch.PrefixDispatch)
    assert "voting-sessions" in installed.by_segment
    # the copy for a segment holds fewer routers than the whole router, in the same order
    subset = installed.by_segment["voting-sessions"].routes
    assert 0 < len(subset) < len(app.router.routes)
    assert subset == [r for r in app.router.routes if r in subset]

    with_dispatch, whole = Routed(installed), Routed(app.router.app)
    compared = 0
    with TestClient(app) as client:
        for method, path in _requests(app):
            app.router.middleware_stack = with_dispatch
            got = _answer(client, with_dispatch, method, path)
            app.router.middleware_stack = whole
            expected = _answer(client, whole, method, path)
            app.router.middleware_stack = installed
            assert got == expected, (method, path)
            compared += 1
    assert compared > 500


def test_install_refuses_a_router_with_middleware_of_its_own() -> None:
    app = FastAPI()
    app.router.middleware_stack = Routed(app.router.app)
    with pytest.raises(RuntimeError):
        dispatch.install(app, API_PREFIX)


@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_route_added_after_the_app_was_built_is_found(app: FastAPI) -> None:
    installed = app.router.middleware_stack
    assert isinstance(installed, dispatch.PrefixDispatch)

    @app.get(f"{API_PREFIX}/voting-sessions/added/later", include_in_schema=False)
    def added_later() -> dict[str, str]:
        return {"found": "yes"}

    try:
        with TestClient(app) as client:
            r = client.get(f"{API_PREFIX}/voting-sessions/added/later")
        assert r.status_code == 200 and r.json() == {"found": "yes"}
    finally:
        app.router.routes.pop()  # the app is shared by the tests of this process
