"""Login throttling kept in the database, so that every app process counts the same attempts.

A grant attempt names a subject (a username or a service client id) and comes from a client address. It
is admitted or refused *before* its password is checked, by ``reserve`` in a short transaction of its own
that the caller commits before running argon2: each counter of the attempt is upserted (which locks its
row, on PostgreSQL by the row lock of ``INSERT .. ON CONFLICT DO UPDATE``, on SQLite by the write lock that
``BEGIN IMMEDIATE`` takes), and only when every one of them has room are the counters that count
admitted attempts incremented. So of any number of parallel attempts, across any number of processes, no
more than a counter's limit get past it, and a refused attempt counts on none of the counters that it
did not reach: a flood refused for one address never fills the counters of the username it names.

What each counter counts, and what a success does to it, is its ``Counting``; docs/login-throttling.md
gives the reasoning. The pure rules (keys, networks, windows, which counters an attempt has) are plain
functions; the statements are the few functions below them.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import case, delete, literal, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.core.config import Settings
from app.core.db import rowcount
from app.models import LoginThrottle, ThrottleKind
from app.models.base import UTCDateTime, table_of

UNKNOWN_ADDRESS = "unknown"
PURGE_BATCH = 500


class Counting(StrEnum):
    """What a counter counts, and so what a successful attempt does to it."""

    EVERY_ATTEMPT = "every_attempt"  # admitted attempts count at once and stay counted
    UNTIL_SUCCESS = "until_success"  # admitted attempts count at once; a success clears the counter
    UNLESS_SUCCESS = "unless_success"  # admitted attempts count at once; a success takes its own back
    FAILURES = "failures"  # failures count once known (a soft limit: parallel attempts may all pass)


@dataclass(frozen=True)
class Counter:
    kind: ThrottleKind
    key: str
    subject: str | None
    limit: int
    window: timedelta
    counting: Counting

    @property
    def reserves(self) -> bool:
        return self.counting is not Counting.FAILURES


@dataclass(frozen=True)
class Window:
    """A counter's row as read under lock: its counts in the window that started at ``started_at``."""

    attempts: int
    refusals: int
    started_at: datetime


@dataclass(frozen=True)
class Refusal:
    counter: Counter
    retry_after: int  # seconds until the counter's window ends
    first: bool  # the first refusal of this counter's window: the one that is audited


@dataclass(frozen=True)
class Reservation:
    """An admitted attempt's hold on its counters (each with the start of the window it counted in), or
    the refusal of an attempt."""

    held: tuple[tuple[Counter, datetime], ...] = ()
    refusal: Refusal | None = None
    fresh: bool = False  # the first counter's window started with this attempt: a moment to purge


# ---- pure rules --------------------------------------------------------------------------------------


def subject_of(name: str) -> str:
    """The hash a username or client id is counted under: lower-cased and trimmed, so that case and
    blanks are no way around a limit, and hashed, so the table holds no name a stranger typed (people
    type their password into the username field)."""
    return hashlib.sha256(name.strip().lower().encode()).hexdigest()


def network_of(host: str | None) -> str:
    """The network one client is counted as: its IPv4 address; for IPv6, its /64 (one subscriber gets a
    whole /64, so counting single addresses would give an attacker 2^64 fresh counters); an IPv4-mapped
    IPv6 address as the IPv4 address. Anything else (a test client's name, a Unix socket) as given."""
    if not host:
        return UNKNOWN_ADDRESS
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return host[:128]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


def _key(kind: ThrottleKind, *parts: str) -> str:
    return f"{kind.value}:" + hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:48]


def counters(settings: Settings, *, client: bool, name: str, address: str | None) -> list[Counter]:
    """The counters of one grant attempt, in the order they are checked (and locked: one order for every
    attempt, so two transactions never wait for each other's rows): the address's first, so that a flood
    refused for its address creates no row for each name it invents."""
    network = network_of(address)
    subject = subject_of(name)
    window = timedelta(seconds=settings.login_window_seconds)
    user_window = timedelta(seconds=settings.login_user_window_seconds)
    pair, alone = (
        (ThrottleKind.CLIENT_ADDRESS, ThrottleKind.CLIENT)
        if client
        else (ThrottleKind.USER_ADDRESS, ThrottleKind.USER)
    )
    return [
        Counter(
            ThrottleKind.ADDRESS,
            _key(ThrottleKind.ADDRESS, network),
            None,
            settings.login_address_max_attempts,
            window,
            Counting.EVERY_ATTEMPT,
        ),
        Counter(
            ThrottleKind.ADDRESS_FAILURES,
            _key(ThrottleKind.ADDRESS_FAILURES, network),
            None,
            settings.login_address_max_failures,
            window,
            Counting.FAILURES,
        ),
        Counter(
            pair,
            _key(pair, subject, network),
            subject,
            settings.login_max_failures,
            window,
            Counting.UNTIL_SUCCESS,
        ),
        Counter(
            alone,
            _key(alone, subject),
            subject,
            settings.login_user_max_failures,
            user_window,
            Counting.UNLESS_SUCCESS,
        ),
    ]


def seconds_left(started_at: datetime, window: timedelta, now: datetime) -> int:
    """Whole seconds until the window ends, at least 1 (a Retry-After of 0 invites an instant retry)."""
    return max(1, math.ceil((started_at + window - now).total_seconds()))


def is_full(counter: Counter, window: Window) -> bool:
    return window.attempts >= counter.limit


# ---- statements --------------------------------------------------------------------------------------


def _upsert(session: Session, counter: Counter, now: datetime, *, add: int) -> Window:
    """Add ``add`` to the counter's attempts, first starting a new window if its last one has ended, and
    return the row as it now is. The statement locks the row until the transaction ends (``add=0`` only
    locks it, and starts the new window)."""
    table = table_of(LoginThrottle)
    insert = (postgresql if session.get_bind().dialect.name == "postgresql" else sqlite).insert
    ended = table.c.window_started_at <= now - counter.window
    statement = insert(table).values(
        key=counter.key,
        kind=counter.kind,
        subject=counter.subject,
        attempts=add,
        refusals=0,
        window_started_at=now,
    )
    upsert = statement.on_conflict_do_update(
        index_elements=[table.c.key],
        set_={
            "attempts": case((ended, add), else_=table.c.attempts + add),
            "refusals": case((ended, 0), else_=table.c.refusals),
            "window_started_at": case((ended, literal(now, UTCDateTime())), else_=table.c.window_started_at),
        },
    ).returning(table.c.attempts, table.c.refusals, table.c.window_started_at)
    attempts, refusals, started_at = session.execute(upsert).one()
    return Window(attempts, refusals, started_at)


def reserve(session: Session, attempt_counters: Sequence[Counter], now: datetime) -> Reservation:
    """Admit the attempt (count it on every counter that reserves) or refuse it (count the refusal on the
    first full counter); the caller commits either way, and only then checks a password."""
    windows: list[tuple[Counter, Window]] = []
    for counter in attempt_counters:
        window = _upsert(session, counter, now, add=0)
        if is_full(counter, window):
            session.execute(
                update(LoginThrottle)
                .where(LoginThrottle.key == counter.key)
                .values(refusals=LoginThrottle.refusals + 1)
            )
            return Reservation(
                refusal=Refusal(
                    counter, seconds_left(window.started_at, counter.window, now), first=window.refusals == 0
                )
            )
        windows.append((counter, window))
    held = tuple((c, w.started_at) for c, w in windows if c.reserves)
    session.execute(
        update(LoginThrottle)
        .where(LoginThrottle.key.in_([c.key for c, _ in held]))
        .values(attempts=LoginThrottle.attempts + 1)
    )
    first = windows[0][1]  # a row no attempt has touched yet: just made, or its window just restarted
    return Reservation(held=held, fresh=first.attempts == 0 and first.refusals == 0)


def record_failure(session: Session, attempt_counters: Sequence[Counter], now: datetime) -> None:
    """Count a failed attempt on the counters that count failures once known (the others counted it
    when it was admitted)."""
    for counter in attempt_counters:
        if counter.counting is Counting.FAILURES:
            _upsert(session, counter, now, add=1)


def release(session: Session, reservation: Reservation) -> None:
    """After a success, in the success's own transaction: clear or take back what the attempt held."""
    for counter, started_at in reservation.held:
        if counter.counting is Counting.UNTIL_SUCCESS:
            session.execute(delete(LoginThrottle).where(LoginThrottle.key == counter.key))
        elif counter.counting is Counting.UNLESS_SUCCESS:
            # Only in the window the attempt counted in: a newer window never held it.
            session.execute(
                update(LoginThrottle)
                .where(
                    LoginThrottle.key == counter.key,
                    LoginThrottle.window_started_at == started_at,
                    LoginThrottle.attempts > 0,
                )
                .values(attempts=LoginThrottle.attempts - 1)
            )


def clear_subject(session: Session, subject: str) -> int:
    """Remove every counter of one username or client id (from every address); return how many."""
    return rowcount(session.execute(delete(LoginThrottle).where(LoginThrottle.subject == subject)))


def purge(session: Session, *, ended_before: datetime) -> None:
    """Remove a batch of counters whose window started before ``ended_before`` (so has ended, whatever
    its length): names invented by strangers leave no rows behind. Rows another transaction holds are
    skipped (PostgreSQL), never waited for."""
    stale = (
        select(LoginThrottle.key)
        .where(LoginThrottle.window_started_at < ended_before)
        .limit(PURGE_BATCH)
        .with_for_update(skip_locked=True)
    )
    session.execute(delete(LoginThrottle).where(LoginThrottle.key.in_(stale)))
