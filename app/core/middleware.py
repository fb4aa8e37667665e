"""Pure ASGI middleware: request ids, the body size limit, access logs and metrics, HTTP semantics (HEAD,
conditional GET, ``Allow``, ``Vary``)."""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.context import request_id_var
from app.core.errors import nul_problem, problem_response
from app.core.etag import none_match_hits
from app.core.i18n import detail_for, title_for, wants_vietnamese
from app.core.routing import allowed_methods

access_log = logging.getLogger("thidua.access")
_REQUEST_ID_OK = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "thidua_http_requests_total",
            "HTTP requests",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "thidua_http_request_duration_seconds",
            "HTTP request latency",
            ["method", "route"],
            registry=self.registry,
        )


def _header(scope: Scope, name: bytes) -> str | None:
    headers: list[tuple[bytes, bytes]] = scope.get("headers", [])  # ASGI: raw (name, value) pairs
    for key, value in headers:
        if key == name:
            return value.decode("latin-1")
    return None


class RequestContextMiddleware:
    """Assigns the request id, times the request, logs it and counts it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = _header(scope, b"x-request-id")
        request_id = incoming if incoming and _REQUEST_ID_OK.match(incoming) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = scope.get("route")
            route_path = getattr(route, "path", None) or "unmatched"
            metrics: Metrics = scope["app"].state.metrics  # the app's own registry, read per request
            metrics.requests.labels(scope["method"], route_path, str(status)).inc()
            metrics.latency.labels(scope["method"], route_path).observe(elapsed)
            access_log.info(
                "request",
                extra={
                    "method": scope["method"],
                    "path": scope["path"],  # never the query string: it may carry a cursor or a search
                    "route": route_path,
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 2),
                },
            )
            request_id_var.reset(token)


# Headers a 304 keeps (RFC 9110 §15.4.5); those that describe the body it does not carry are dropped.
_NOT_MODIFIED_DROPS = frozenset(
    {b"content-type", b"content-length", b"content-disposition", b"transfer-encoding"}
)


def _with_vary(headers: list[tuple[bytes, bytes]], token: bytes) -> list[tuple[bytes, bytes]]:
    """``headers`` with ``token`` in ``Vary``, merged into the one the response already has."""
    for i, (name, value) in enumerate(headers):
        if name.lower() == b"vary":
            present = {part.strip().lower() for part in value.split(b",")}
            if token.lower() in present or b"*" in present:
                return headers
            return [*headers[:i], (name, value + b", " + token), *headers[i + 1 :]]
    return [*headers, (b"vary", token)]


def _get(headers: list[tuple[bytes, bytes]], name: bytes) -> bytes | None:
    return next((value for key, value in headers if key.lower() == name), None)


class HttpSemanticsMiddleware:
    """What HTTP asks of every route, so no route has to remember it:

    - HEAD is answered for every GET: the request runs as the GET (same route, same policy, the same
      read) and the body is dropped; a path with no GET still answers 405.
    - ``If-None-Match`` naming the ETag a GET would send (weak comparison, or ``*``) answers 304 without
      a body.
    - A 405 lists in ``Allow`` every method the path answers, across all the routes that share it.
    - Every response varies with ``Accept-Language`` (problem details are translated).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        head = scope["method"] == "HEAD"
        if_none_match = _header(scope, b"if-none-match") if scope["method"] in ("GET", "HEAD") else None
        drop_body = head

        async def send_semantics(message: Message) -> None:
            nonlocal drop_body
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = _with_vary(list(message.get("headers", [])), b"Accept-Language")
                if status == 405:
                    allow = ", ".join(allowed_methods(scope["app"].router.routes, scope)).encode()
                    headers = [(k, v) for k, v in headers if k.lower() != b"allow"] + [(b"allow", allow)]
                etag = (_get(headers, b"etag") or b"").decode("latin-1")
                if status == 200 and if_none_match and etag and none_match_hits(if_none_match, etag):
                    status, drop_body = 304, True
                    headers = [(k, v) for k, v in headers if k.lower() not in _NOT_MODIFIED_DROPS]
                message = {**message, "status": status, "headers": headers}
            elif message["type"] == "http.response.body" and drop_body:
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b""}
            await send(message)

        if not head:
            await self.app(scope, receive, send_semantics)
            return
        # Routes declare GET only; HEAD is matched, authorised and run as that GET, in a scope of its own:
        # the server reads the method from its scope as it writes the response (no body after a HEAD).
        as_get = {**scope, "method": "GET"}
        try:
            await self.app(as_get, receive, send_semantics)
        finally:
            if "route" in as_get:  # the access log and the metrics name the route, and the method sent
                scope["route"] = as_get["route"]


class NulInUrlMiddleware:
    """A NUL character in the URL, answered before any route sees it (PostgreSQL refuses NUL in text, so
    it could not even be looked up): in the path, 404 like any other malformed id (nothing can be named
    so); in the query string, 422."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            query = scope.get("query_string", b"")
            if "\x00" in scope["path"]:
                await problem_response(Request(scope), 404, "not_found")(scope, receive, send)
                return
            if b"%00" in query or b"\x00" in query:
                await nul_problem(Request(scope), "query")(scope, receive, send)
                return
        await self.app(scope, receive, send)


@dataclass(frozen=True)
class BodyLimit:
    """A body limit of its own for the requests of ``method`` whose path matches ``path`` (whole)."""

    method: str
    path: re.Pattern[str]
    max_bytes: int


# A multipart body carries, beside the file, its boundaries and part headers (the file name, up to a few
# hundred bytes) and a few small fields: this much over the file's own limit, which the route enforces on
# the file itself (app.dossiers.storage.read_limited).
MULTIPART_ALLOWANCE = 64 * 1024
DOCUMENT_UPLOAD_PATH = re.compile(r"/api/v1/proposals/[^/]+/documents")


def upload_limits(document_max_bytes: int) -> tuple[BodyLimit, ...]:
    """The paths whose bodies may be larger than ``THIDUA_MAX_BODY_BYTES``, and by how much. Explicit and
    short on purpose: every other request keeps the global limit."""
    return (BodyLimit("POST", DOCUMENT_UPLOAD_PATH, document_max_bytes + MULTIPART_ALLOWANCE),)


class BodySizeLimitMiddleware:
    """413 for bodies over the limit, whether announced by Content-Length or streamed in chunks. The limit
    is ``max_bytes``, or that of the first of ``overrides`` matching the request (document uploads). The
    limit applied is left in the request's state (``body_limit``) for the problem's detail."""

    def __init__(self, app: ASGIApp, max_bytes: int, overrides: Sequence[BodyLimit] = ()) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.overrides = tuple(overrides)

    def limit_for(self, method: str, path: str) -> int:
        for override in self.overrides:
            if override.method == method and override.path.fullmatch(path):
                return override.max_bytes
        return self.max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        max_bytes = self.limit_for(scope["method"], scope["path"])
        scope.setdefault("state", {})["body_limit"] = max_bytes
        length = _header(scope, b"content-length")
        if length is not None:
            try:
                too_big = int(length) > max_bytes
            except ValueError:
                too_big = True
            if too_big:
                await self._reject(scope, send, max_bytes)
                return

        received = 0
        response_started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > max_bytes:
                    raise _TooLarge()
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if not response_started:
                await self._reject(scope, send, max_bytes)

    async def _reject(self, scope: Scope, send: Send, max_bytes: int) -> None:
        vi = wants_vietnamese(_header(scope, b"accept-language"))
        body: dict[str, Any] = {
            "type": "https://thidua.gov.vn/problems/payload-too-large",
            "title": title_for("payload_too_large", vi),
            "status": 413,
            "detail": detail_for("payload_too_large", vi, limit=max_bytes),
            "instance": scope["path"],
            "code": "payload_too_large",
        }
        raw = json.dumps(body, ensure_ascii=False).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/problem+json"),
                    (b"content-length", str(len(raw)).encode()),
                    (b"content-language", b"vi" if vi else b"en"),
                    (b"vary", b"Accept-Language"),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": raw})


class _TooLarge(StarletteHTTPException):
    """Raised from ``receive``; FastAPI re-raises HTTP exceptions met while reading a body, so the
    problem handler answers 413 (a plain exception would become a 400 "error parsing the body")."""

    def __init__(self) -> None:
        super().__init__(status_code=413)


# The API answers JSON and files: nothing in it may run scripts, be framed, or be sniffed into HTML.
API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
# The interactive docs pages load Swagger UI and ReDoc from the service itself (/docs/static, vendored) and
# hold no inline script, so scripts, styles and images come from 'self' only. Styles keep 'unsafe-inline':
# ReDoc injects <style> elements at run time (styled-components, style-loader) and both set style
# attributes; a style cannot run script. ReDoc's search runs in a worker it builds from a blob: URL.
# data: images are the SVG icons inlined in swagger-ui.css.
DOCS_CSP = (
    "default-src 'none'; "
    "script-src 'self'; "
    "style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; "
    "connect-src 'self'; worker-src blob:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
DOCS_PATHS = frozenset({"/docs", "/docs/oauth2-redirect", "/redoc"})


class SecurityHeadersMiddleware:
    """Security headers on every response, error pages and 413s included; a route's own value wins."""

    def __init__(self, app: ASGIApp, hsts_seconds: int = 0) -> None:
        self.app = app
        base = [
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"x-frame-options", b"DENY"),
            (b"cross-origin-opener-policy", b"same-origin"),
            (b"cross-origin-resource-policy", b"same-origin"),
        ]
        if hsts_seconds:
            base.append((b"strict-transport-security", f"max-age={hsts_seconds}; includeSubDomains".encode()))
        self._api = [*base, (b"content-security-policy", API_CSP.encode())]
        self._docs = [*base, (b"content-security-policy", DOCS_CSP.encode())]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = self._docs if scope.get("path") in DOCS_PATHS else self._api

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers.extend((name, value) for name, value in extra if name not in present)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
