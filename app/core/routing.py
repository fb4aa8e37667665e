"""The request's single commit point.

Every API route uses ``TransactionalRoute``: after the endpoint has built its response, the request's
session (if one was opened) is committed—together with the audit events and the idempotency record the
request produced—before the response leaves the process. Any error rolls everything back. So a client
that got a 2xx knows its write is durable, and a client that got an error knows nothing was written.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.routing import APIRoute
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError
from starlette.routing import BaseRoute, Match
from starlette.types import Scope

from app.core import idempotency
from app.core.errors import Conflict
from app.core.threads import in_thread


class TransactionalRoute(APIRoute):
    admission: bool = True
    """Whether a request waits for one of the process's database slots before it runs."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        super().__init__(path, _in_worker_thread(endpoint), **kwargs)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        admission = self.admission

        async def transactional_handler(request: Request) -> Response:
            if not admission:
                return await _run(request)
            # At most as many requests in flight as the pool has connections: the rest wait here, in the
            # event loop, holding neither a connection nor a worker thread. Without this, requests that
            # hold connections can wait for threads (to commit) while every thread waits for a connection.
            async with request.app.state.db_slots:
                return await _run(request)

        async def _run(request: Request) -> Response:
            ok = False
            try:
                response = await handler(request)
                session: Session | None = getattr(request.state, "db_session", None)
                claim = getattr(request.state, "idempotency_claim", None)
                if response.status_code < 400:
                    if claim is not None:
                        if session is None:
                            session = request.app.state.sessionmaker()
                            request.state.db_session = session
                        idempotency.complete(
                            session,
                            request.app.state.response_sealer,
                            claim,
                            response,
                            withhold=getattr(request.state, "idempotency_withhold", False),
                        )
                    if session is not None:
                        try:
                            await in_thread(_commit_and_close, session)
                            request.state.db_session = None
                        except StaleDataError as exc:
                            raise Conflict(
                                "The resource was changed by another request; reload it and retry.",
                                code="concurrent_update",
                                detail_vi="Dữ liệu đã bị một yêu cầu khác thay đổi; hãy tải lại và thử lại.",
                            ) from exc
                    ok = True
                return response
            finally:
                await _finish(request, ok)

        return transactional_handler


def _in_worker_thread(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """A plain ``def`` endpoint (they all are: their work is blocking database I/O) as a coroutine that
    runs it in a worker thread through ``in_thread``, as FastAPI would through anyio's, at about half the
    CPU per hand-off. FastAPI reads the endpoint's signature, annotations and name through ``__wrapped__``."""
    if inspect.iscoroutinefunction(endpoint) or inspect.isgeneratorfunction(endpoint):
        return endpoint

    @functools.wraps(endpoint)
    async def run(*args: Any, **kwargs: Any) -> Any:
        return await in_thread(endpoint, *args, **kwargs)

    return run


def _commit_and_close(session: Session) -> None:
    """Commit, and on success hand the connection back in the same worker-thread hand-off (a failed commit
    is rolled back and closed by ``_finish``)."""
    session.commit()
    session.close()


def _end(session: Session, ok: bool) -> None:
    if not ok:
        session.rollback()
    session.close()


async def _finish(request: Request, ok: bool) -> None:
    session: Session | None = getattr(request.state, "db_session", None)
    if session is not None:
        request.state.db_session = None
        await in_thread(_end, session, ok)
    claim = getattr(request.state, "idempotency_claim", None)
    if claim is not None and not ok:
        request.state.idempotency_claim = None
        await in_thread(idempotency.release, request.app.state.sessionmaker, claim)


class OperationalRoute(TransactionalRoute):
    """/healthz, /readyz, /metrics: they write nothing and hold no request session, and a load balancer or
    scraper must get an answer while every database slot is busy, so they skip the admission queue."""

    admission = False


def feature_router(**kwargs: Any) -> APIRouter:
    """Every feature's router: its routes commit through ``TransactionalRoute``.

    (FastAPI keeps each route's own class when a router is included, so the class must be set here,
    on the router that declares the routes.)
    """
    return APIRouter(route_class=TransactionalRoute, **kwargs)


# Every method a route may declare, in the order an ``Allow`` header lists them. HEAD is answered for every
# GET (app.core.middleware.HttpSemanticsMiddleware), never declared.
_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def allowed_methods(routes: list[BaseRoute], scope: Scope) -> list[str]:
    """The methods some route answers at this request's path, across every route sharing the path (a
    405 raised by one route knows only its own methods)."""
    found: list[str] = []
    for method in _METHODS:
        probe: Scope = {
            "type": "http",
            "method": method,
            "path": scope["path"],
            "root_path": scope.get("root_path", ""),
            "headers": [],
            "query_string": b"",
        }
        if any(route.matches(probe)[0] is Match.FULL for route in routes):
            found.append(method)
            if method == "GET":
                found.append("HEAD")
    return found
