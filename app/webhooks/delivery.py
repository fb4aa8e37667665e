"""Delivering: claim due deliveries, send each outside any transaction, record what happened.

A delivery is claimed (``delivering``, with a lease) in a short transaction that commits before anything
is sent, so no database lock or connection is held while a receiver takes its time. On PostgreSQL the
claim skips rows another worker has locked (``FOR UPDATE SKIP LOCKED``): several workers share the due
deliveries and none takes one another holds. A worker that dies mid-delivery leaves its lease to expire,
and the delivery is claimed again: at least once, with the same ``webhook-id`` (the event's id) every time,
which is how a receiver drops the duplicates. The outcome is recorded only by the lease's holder (the
lease's end is its token), so a worker that lost its lease cannot overwrite a newer outcome.

Nothing here logs a secret or a body; the target URL is not logged either (it may carry a token).
"""

from __future__ import annotations

import logging
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import httpx
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from app.core.audit import SYSTEM, record
from app.core.config import Settings
from app.core.db import session_scope
from app.events.serialise import body
from app.models import DeliveryStatus, Event, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from app.models.base import utcnow
from app.webhooks import rotation, secrets, signing
from app.webhooks.backoff import delay_after
from app.webhooks.target import Guard, pin

log = logging.getLogger(__name__)

USER_AGENT = "thidua-webhooks/1"
ERROR_LENGTH = 500


def lease_seconds(settings: Settings) -> float:
    """How long a claim holds a delivery: longer than an attempt can take (connect, send and wait for the
    answer each get the timeout), so a live worker never loses its lease; short enough that a crashed
    worker's deliveries are taken up again soon."""
    return 3 * settings.webhook_timeout_seconds + 5


@dataclass(frozen=True)
class Job:
    """A claimed delivery and all it needs to be sent, read in the claiming transaction."""

    delivery_id: str
    endpoint_id: str
    event_id: str  # the webhook-id
    url: str = field(repr=False)
    secrets: tuple[str, ...] = field(repr=False)
    body: bytes = field(repr=False)
    manual: bool
    lease_until: datetime
    secret_error: str | None = None


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    error: str | None
    duration_ms: int

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300

    def summary(self) -> str:
        return f"HTTP {self.status_code}" if self.status_code is not None else (self.error or "no answer")


# ---- claiming -------------------------------------------------------------------------------------------


def claim(session: Session, settings: Settings, *, limit: int, now: datetime | None = None) -> list[Job]:
    """Take up to ``limit`` due deliveries of active endpoints: pending ones whose time has come, and ones
    whose worker's lease ran out. The caller commits before sending."""
    at = now or utcnow()
    due = or_(
        and_(WebhookDelivery.status == DeliveryStatus.PENDING, WebhookDelivery.next_attempt_at <= at),
        and_(WebhookDelivery.status == DeliveryStatus.DELIVERING, WebhookDelivery.lease_until < at),
    )
    deliveries = list(
        session.scalars(
            select(WebhookDelivery)
            .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
            .where(due, WebhookEndpoint.active.is_(True))
            .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
            .limit(limit)
            .with_for_update(skip_locked=True, of=WebhookDelivery)
            .execution_options(populate_existing=True)
        )
    )
    if not deliveries:
        return []
    events = {
        e.id: e for e in session.scalars(select(Event).where(Event.id.in_({d.event_id for d in deliveries})))
    }
    endpoints = {
        e.id: e
        for e in session.scalars(
            select(WebhookEndpoint).where(WebhookEndpoint.id.in_({d.endpoint_id for d in deliveries}))
        )
    }
    lease_until = at + timedelta(seconds=lease_seconds(settings))
    jobs = []
    for delivery in deliveries:
        event, endpoint = events[delivery.event_id], endpoints[delivery.endpoint_id]
        keys: tuple[str, ...] = ()
        problem = None
        try:
            keys = tuple(rotation.signing_secrets(endpoint, at, master=settings.jwt_secret))
        except secrets.SecretUnreadable:
            problem = "the endpoint's secret cannot be decrypted (THIDUA_JWT_SECRET changed?): rotate it"
        if delivery.status == DeliveryStatus.DELIVERING:  # its worker's lease ran out: it died mid-attempt
            session.add(_interrupted(delivery, at))
        delivery.status = DeliveryStatus.DELIVERING
        delivery.lease_until = lease_until
        jobs.append(
            Job(
                delivery_id=delivery.id,
                endpoint_id=endpoint.id,
                event_id=event.public_id,
                url=endpoint.url,
                secrets=keys,
                body=body(event),
                manual=delivery.manual,
                lease_until=lease_until,
                secret_error=problem,
            )
        )
    session.flush()
    return jobs


INTERRUPTED = (
    "interrupted: the worker stopped before the receiver answered; the receiver may have the event, "
    "it is sent again with the same webhook-id"
)


def _interrupted(delivery: WebhookDelivery, at: datetime) -> WebhookAttempt:
    """The delivery log's line for an attempt whose worker died (its lease ran out): the owner sees why
    a duplicate may have arrived. Not counted against the retry schedule (nothing says it failed)."""
    return WebhookAttempt(
        delivery_id=delivery.id,
        endpoint_id=delivery.endpoint_id,
        at=at,
        status_code=None,
        error=INTERRUPTED,
        duration_ms=0,
        manual=delivery.manual,
    )


# ---- sending --------------------------------------------------------------------------------------------


def make_client(settings: Settings, *, verify: ssl.SSLContext | bool = True) -> httpx.Client:
    """One client for every delivery: no redirects followed, no proxy from the environment (it would
    bypass the address check), and no kept-alive connections (a connection is pinned to one name's
    checked address and TLS name; reusing it for another name on the same address would skip both).
    ``verify``: the certificates trusted (the system's by default; a test's own authority in tests)."""
    return httpx.Client(
        verify=verify,
        timeout=httpx.Timeout(settings.webhook_timeout_seconds),
        follow_redirects=False,
        trust_env=False,
        limits=httpx.Limits(max_keepalive_connections=0),
        headers={"User-Agent": USER_AGENT},
    )


def _describe(exc: httpx.HTTPError, timeout: float) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return f"timeout: no answer within {timeout:g} s ({type(exc).__name__})"
    if isinstance(exc, httpx.ConnectError):
        return f"connection failed: {exc}"
    return f"{type(exc).__name__}: {exc}"


def send(
    job: Job,
    http: httpx.Client,
    settings: Settings,
    guard: Guard,
    *,
    clock: Callable[[], float] = time.time,
) -> Outcome:
    """POST the event to the endpoint, signed; never raises (an outcome that is not recorded would leave
    the delivery to be claimed again and again without ever counting an attempt)."""
    started = time.monotonic()
    try:
        status_code, error = _post(job, http, settings, guard, int(clock()))
    except Exception as exc:
        log.exception("webhook delivery: unexpected error", extra={"delivery_id": job.delivery_id})
        status_code, error = None, f"unexpected error: {type(exc).__name__}"
    elapsed = round((time.monotonic() - started) * 1000)
    return Outcome(status_code, None if error is None else error[:ERROR_LENGTH], elapsed)


def _post(
    job: Job, http: httpx.Client, settings: Settings, guard: Guard, timestamp: int
) -> tuple[int | None, str | None]:
    """(status code, None) or (None, why no answer). Only the status line is read: the receiver's body is
    not wanted (and could be endless)."""
    if job.secret_error is not None:
        return None, job.secret_error
    timeout = settings.webhook_timeout_seconds
    try:
        ways = pin(
            job.url,
            guard,
            https_only=settings.webhooks_https_only,
            allow_private=settings.webhook_allow_private,
        )
    except (ValueError, httpx.InvalidURL) as exc:
        return None, f"target refused: {exc}"
    except OSError as exc:  # the name could not be resolved
        return None, f"target unreachable: {exc}"
    headers = {
        "Content-Type": "application/json",
        **signing.headers(job.secrets, job.event_id, timestamp, job.body),
    }
    error = "no address to connect to"
    for way in ways:
        extensions = {} if way.sni_hostname is None else {"sni_hostname": way.sni_hostname}
        request = http.build_request(
            "POST",
            way.url,
            content=job.body,
            headers={**headers, "Host": way.host_header},
            extensions=extensions,
        )
        try:
            response = http.send(request, stream=True)
        except httpx.ConnectError as exc:  # try the name's next checked address
            error = _describe(exc, timeout)
            continue
        except httpx.HTTPError as exc:
            return None, _describe(exc, timeout)
        response.close()
        return response.status_code, None
    return None, error


# ---- recording ------------------------------------------------------------------------------------------


def _disable(endpoint: WebhookEndpoint, now: datetime, reason: str) -> None:
    endpoint.active = False
    endpoint.disabled_at = now
    endpoint.disabled_reason = reason


def _stamp(at: datetime) -> str:
    return at.isoformat(timespec="seconds").replace("+00:00", "Z")


def record_outcome(
    session: Session, job: Job, outcome: Outcome, settings: Settings, *, now: datetime | None = None
) -> None:
    """Log the attempt and move the delivery on: succeeded, pending again after the schedule's wait, or
    failed when the schedule is exhausted; the endpoint's failing streak with it. The caller commits."""
    at = now or utcnow()
    # The endpoint first, then the delivery: every recorder takes them in this order. FOR NO KEY UPDATE, so
    # as not to conflict with the key-share lock the attempt's foreign key takes on the endpoint.
    endpoint = session.scalars(
        select(WebhookEndpoint)
        .where(WebhookEndpoint.id == job.endpoint_id)
        .with_for_update(key_share=True)
        .execution_options(populate_existing=True)
    ).one_or_none()
    delivery = session.scalars(
        select(WebhookDelivery)
        .where(WebhookDelivery.id == job.delivery_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one_or_none()
    if endpoint is None or delivery is None:  # deleted meanwhile: nothing left to record against
        return
    session.add(
        WebhookAttempt(
            delivery_id=job.delivery_id,
            endpoint_id=job.endpoint_id,
            at=at,
            status_code=outcome.status_code,
            error=outcome.error,
            duration_ms=outcome.duration_ms,
            manual=job.manual,
        )
    )
    if delivery.status != DeliveryStatus.DELIVERING or delivery.lease_until != job.lease_until:
        log.warning(
            "webhook delivery outcome after its lease was lost",
            extra={"delivery_id": job.delivery_id, "outcome": outcome.summary()},
        )
        session.flush()
        return
    delivery.attempts += 1
    delivery.last_attempt_at = at
    delivery.last_status_code = outcome.status_code
    delivery.last_error = outcome.error
    delivery.lease_until = None
    delivery.manual = False
    if outcome.succeeded:
        delivery.status = DeliveryStatus.SUCCEEDED
        delivery.succeeded_at = at
        if endpoint.failing_since is not None:
            endpoint.failing_since = None
        session.flush()
        return
    wait = delay_after(settings.webhook_retry_schedule, delivery.attempts)
    if wait is None:
        delivery.status = DeliveryStatus.FAILED
    else:
        delivery.status = DeliveryStatus.PENDING
        delivery.next_attempt_at = at + timedelta(seconds=wait)
    if endpoint.failing_since is None:
        endpoint.failing_since = at
    if endpoint.active:
        reason = _disabling_reason(endpoint.failing_since, outcome, settings, at)
        if reason is not None:
            _disable(endpoint, at, reason)
            record(
                session,
                actor=SYSTEM,
                action="webhook_endpoint.disable",
                object_type="webhook_endpoint",
                object_id=endpoint.id,
                details={"reason": reason},
            )
            log.warning("webhook endpoint disabled", extra={"endpoint_id": endpoint.id, "reason": reason})
    session.flush()


def _disabling_reason(
    failing_since: datetime, outcome: Outcome, settings: Settings, at: datetime
) -> str | None:
    """Why the endpoint must stop receiving deliveries, or None: it answered 410 Gone (Standard Webhooks:
    the receiver asks for no more), or every attempt has failed for ``webhook_disable_after_hours``."""
    if outcome.status_code == 410:
        return f"the receiver answered HTTP 410 Gone at {_stamp(at)}: it asked for no more deliveries"
    if at - failing_since >= timedelta(hours=settings.webhook_disable_after_hours):
        return (
            f"every delivery has failed since {_stamp(failing_since)} "
            f"(over {settings.webhook_disable_after_hours:g} h); "
            f"last attempt at {_stamp(at)}: {outcome.summary()}"
        )
    return None


def attempt(
    factory: Callable[[], Session],
    job: Job,
    http: httpx.Client,
    settings: Settings,
    guard: Guard,
) -> Outcome:
    """Send one claimed delivery and record its outcome in a transaction of its own."""
    outcome = send(job, http, settings, guard)
    with session_scope(factory) as session:
        record_outcome(session, job, outcome, settings)
    log.info(
        "webhook delivery attempt",
        extra={
            "delivery_id": job.delivery_id,
            "endpoint_id": job.endpoint_id,
            "webhook_id": job.event_id,
            "status_code": outcome.status_code,
            "error": outcome.error,
            "duration_ms": outcome.duration_ms,
            "manual": job.manual,
        },
    )
    return outcome
