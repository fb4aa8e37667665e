"""Route lookup by the path's first segment under the API prefix.

FastAPI (0.165) finds a request's route by asking every included router in turn, and each asks every one
of its routes; the router that matches is walked a second time to handle the request. With some 260 routes,
a request to a router included late spent about a sixth of its CPU there (docs/benchmarks.md). Every
feature's paths start with a literal segment under ``/api/v1`` (``/api/v1/voting-sessions/...``), so the
candidates for a request are known from that segment: ``install`` gives the app's router, for each such
segment, a copy of itself that holds only the included routers with a path under it (in their order), and
a request under the prefix is routed by that copy. FastAPI's own matching runs unchanged on it: the same
route objects, the same order, trailing-slash redirects, 404 and 405; a path whose segment no route has
(or outside the prefix) goes to the whole router, as before. ``scope["router"]`` stays the whole router,
so ``url_for`` finds every route.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable

from fastapi import FastAPI
from fastapi.routing import APIRouter
from starlette._utils import get_route_path
from starlette.routing import BaseRoute
from starlette.types import Receive, Scope, Send

_ANY = "{"  # a path whose segment is a parameter could match a request under any segment


def _paths(route: BaseRoute, prefix: str = "") -> Iterable[str]:
    """The full paths a top-level route entry can match: an included router's routes under its prefix,
    read from the routes as declared (FastAPI builds its effective routes lazily, at their first request,
    and this must not build them all at startup)."""
    context = getattr(route, "include_context", None)
    original = getattr(route, "original_router", None)
    if context is not None and original is not None:  # an included router
        for child in original.routes:
            yield from _paths(child, prefix + str(context.prefix))
        return
    path = getattr(route, "path", None)
    yield prefix + path if isinstance(path, str) else prefix + "/{any}"  # no path: assume it matches anything


def _segment(path: str, prefix: str) -> str | None:
    """The segment right under ``prefix`` (``_ANY`` for a parameter), or None when the path can match no
    request under the prefix (a literal path elsewhere, like ``/healthz``)."""
    if path.startswith(prefix + "/"):
        segment = path[len(prefix) + 1 :].split("/", 1)[0]
        return _ANY if "{" in segment or not segment else segment
    first = path.lstrip("/").split("/", 1)[0]
    return _ANY if "{" in first or first == prefix.strip("/").split("/", 1)[0] else None


class PrefixDispatch:
    """The app router's entry point (``router.middleware_stack``): the copy for the request's segment."""

    def __init__(self, router: APIRouter, prefix: str) -> None:
        self.router = router
        self.prefix = prefix
        self.by_segment: dict[str, APIRouter] = {}
        self._built_for = -1
        self._build()

    def _build(self) -> None:
        """The copies, for the router's routes as they are now."""
        entries: list[tuple[BaseRoute, set[str]]] = [
            (route, {s for p in _paths(route) if (s := _segment(p, self.prefix)) is not None})
            for route in self.router.routes
        ]
        segments = {s for _route, found in entries for s in found} - {_ANY}
        by_segment: dict[str, APIRouter] = {}
        for segment in segments:
            subset = copy.copy(self.router)
            subset.routes = [route for route, found in entries if segment in found or _ANY in found]
            by_segment[segment] = subset
        self.by_segment, self._built_for = by_segment, len(self.router.routes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        router = self.router
        if len(router.routes) != self._built_for:  # a route or router added since (routes are only added)
            self._build()
        if scope["type"] == "http":
            path = get_route_path(scope)
            if path.startswith(self.prefix) and path[len(self.prefix) : len(self.prefix) + 1] == "/":
                subset = self.by_segment.get(path[len(self.prefix) + 1 :].split("/", 1)[0])
                if subset is not None:
                    scope.setdefault("router", router)  # url_for: every route
                    await subset.app(scope, receive, send)
                    return
        await router.app(scope, receive, send)


def install(app: FastAPI, prefix: str) -> PrefixDispatch:
    """Route ``app``'s requests under ``prefix`` by their first segment (call once every router is in)."""
    router = app.router
    # Starlette sets ``middleware_stack = self.app`` unless the router has middleware of its own (a body
    # limit on the router, say): then this would skip it, so refuse.
    if router.middleware_stack != router.app:
        raise RuntimeError("the app's router has middleware of its own; PrefixDispatch would bypass it")
    dispatch = PrefixDispatch(router, prefix)
    router.middleware_stack = dispatch
    return dispatch
