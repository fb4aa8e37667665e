"""Running a live stream: the per-process cap, the response, and the loop that polls, diffs and writes.

The route has authorised the caller through the request's session, which ``TransactionalRoute`` finishes
(commits and closes) before the first byte of the stream is sent. From then on each poll opens a short
read-only session of its own, in a worker thread, after taking one of the process's database slots (as a
request does): so no connection or transaction is held across the stream, and any process sees what any
other committed. Each poll also checks the token again (expired, revoked, the user disabled) and the
route's policy (access may have lapsed): the stream ends with an ``end`` event when either fails.

The stream ends after the final state (``published``/``cancelled``, a conference ``closed``/``cancelled``)
with its last events, after ``THIDUA_LIVE_MAX_SECONDS``, or when the client goes away (Starlette cancels
the generator on ``http.disconnect``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
import weakref
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from fastapi import FastAPI, Request
from fastapi.responses import StreamingResponse
from sqlalchemy.orm import Session
from starlette.types import Receive, Scope, Send

from app.core.config import Settings
from app.core.db import read_only_options
from app.core.errors import DomainError
from app.core.policy import Params, Policy
from app.core.principal import principal_from_claims
from app.core.security import InvalidToken
from app.core.threads import in_thread
from app.live import events

log = logging.getLogger("thidua.live")

MEDIA_TYPE = "text/event-stream"
HEADERS = {
    "Cache-Control": "no-store",
    "X-Accel-Buffering": "no",  # nginx: pass each event on at once, do not buffer the stream
}
RETRY_AFTER_SECONDS = 5

S = TypeVar("S")


class StreamsFull(DomainError):
    status, code = 503, "too_many_streams"


class Slots:
    """Streams open in this process, at most ``limit``: a counter under a lock (routes run in threads)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.open = 0
        self._lock = threading.Lock()

    def take(self) -> Lease:
        with self._lock:
            if self.open >= self.limit:
                raise StreamsFull(
                    f"This server is already serving {self.limit} live streams; retry shortly.",
                    detail_vi="Máy chủ đang phục vụ quá nhiều luồng trực tiếp; hãy thử lại sau ít phút.",
                    headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
                )
            self.open += 1
        return Lease(self)

    def give_back(self) -> None:
        with self._lock:
            self.open -= 1


class Lease:
    """One stream's slot, given back once: when the response has been sent (or failed), or when the
    response is dropped without being sent."""

    def __init__(self, slots: Slots) -> None:
        self._slots = slots
        self._held = True
        self._lock = threading.Lock()

    def release(self) -> None:
        with self._lock:
            if not self._held:
                return
            self._held = False
        self._slots.give_back()


def slots(app: FastAPI) -> Slots:
    found: Slots | None = getattr(app.state, "live_slots", None)
    if found is None:
        found = app.state.live_slots = Slots(app.state.settings.live_max_streams)
    return found


class LiveResponse(StreamingResponse):
    """A ``text/event-stream`` response that gives its slot back when it is done."""

    def __init__(self, content: AsyncIterator[str], lease: Lease) -> None:
        super().__init__(content, media_type=MEDIA_TYPE, headers=HEADERS)
        self._lease = lease
        weakref.finalize(self, lease.release)  # never sent (an error after the route returned)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            self._lease.release()


@dataclass(frozen=True)
class Poll(Generic[S]):
    snapshot: S | None
    end: str | None  # why the stream must end now, if it must


@dataclass(frozen=True)
class Source(Generic[S]):
    """What one stream follows: ``read`` a snapshot, ``diff`` two into events, ``final`` a snapshot."""

    read: Callable[[Session, str], S | None]
    diff: Callable[[S | None, S], list[events.Event]]
    final: Callable[[S], bool]
    object_id: str


@dataclass(frozen=True)
class Caller:
    """Who is following, to be checked again at each poll: the token and the route's policy."""

    token: str
    policy: Policy
    params: Params


def bearer_token(request: Request) -> str:
    """The request's bearer token (the policy dependency has already accepted it)."""
    return request.headers.get("authorization", "").partition(" ")[2].strip()


def _poll(app: FastAPI, caller: Caller, source: Source[S]) -> Poll[S]:
    """One short read-only session: the token, the access, then the snapshot."""
    with app.state.sessionmaker() as session:
        session.connection(execution_options=read_only_options(session))
        try:
            principal = principal_from_claims(session, app.state.tokens.decode(caller.token))
        except (InvalidToken, DomainError):
            return Poll(None, "unauthenticated")
        try:
            caller.policy.authorise(session, principal, caller.params)
        except DomainError:
            return Poll(None, "forbidden")
        snapshot = source.read(session, source.object_id)
        return Poll(snapshot, None if snapshot is not None else "not_found")


async def _poll_async(app: FastAPI, caller: Caller, source: Source[S]) -> Poll[S]:
    db_slots: asyncio.Semaphore | None = getattr(app.state, "db_slots", None)
    if db_slots is None:
        return await in_thread(_poll, app, caller, source)
    async with db_slots:  # as a request waits for its slot (TransactionalRoute)
        return await in_thread(_poll, app, caller, source)


async def run(app: FastAPI, caller: Caller, source: Source[S]) -> AsyncIterator[str]:
    """The stream: ``retry`` and the first snapshot's events at once, then events as things change, a
    keep-alive comment when nothing was sent for a heartbeat, and an ``end`` event when it ends."""
    settings: Settings = app.state.settings
    started = time.monotonic()
    deadline = started + settings.live_max_seconds
    event_id = 0
    last: S | None = None
    last_sent = started
    first = True
    while True:
        try:
            poll = await _poll_async(app, caller, source)
        except Exception:  # a database hiccup ends this stream, never the process; the client reconnects
            log.exception("live stream poll failed")
            poll = Poll(None, "error")
        out: list[tuple[str, dict[str, Any]]] = []
        reason = poll.end
        if poll.snapshot is not None:
            out = source.diff(last, poll.snapshot)
            last = poll.snapshot
            if source.final(poll.snapshot):
                reason = "final"
        now = time.monotonic()
        if reason is None and now >= deadline:
            reason = "max_seconds"
        if reason is not None:
            out.append(("end", {"reason": reason}))
        for name, data in out:
            event_id += 1
            yield events.encode(event_id, name, data, retry_ms=events.RETRY_MS if first else None)
            first = False
            last_sent = time.monotonic()
        if reason is not None:
            return
        next_poll = now + settings.live_poll_seconds
        while (now := time.monotonic()) < min(next_poll, deadline):  # until the next poll
            await asyncio.sleep(min(next_poll, deadline, last_sent + settings.live_heartbeat_seconds) - now)
            if time.monotonic() >= last_sent + settings.live_heartbeat_seconds:
                yield events.KEEP_ALIVE
                last_sent = time.monotonic()


def respond(request: Request, caller_policy: Policy, source: Source[S]) -> LiveResponse:
    """The stream's response, once the route's policy admitted the caller; 503 when this process serves
    as many streams as it may."""
    lease = slots(request.app).take()
    try:
        caller = Caller(token=bearer_token(request), policy=caller_policy, params=dict(request.path_params))
        return LiveResponse(run(request.app, caller, source), lease)
    except BaseException:
        with contextlib.suppress(Exception):
            lease.release()
        raise
