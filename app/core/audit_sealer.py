"""Sealing the audit trail: committed events that have no place in the hash chain get one.

Writers insert their events unsealed (``app.core.audit``), without a lock, so they never wait for each
other. A sealer takes the committed unsealed events, oldest ``at`` first, gives each the next ``seq``,
links it to the hash of the event before and computes its own hash, then commits. Sealers take turns (a
transaction advisory lock on PostgreSQL; SQLite's write lock, taken by ``BEGIN IMMEDIATE``); the unique
``seq`` is the backstop that makes a fork impossible even if that ever failed. A database trigger lets an
UPDATE through only when it fills an unsealed event's ``seq``, ``prev_hash`` and ``hash`` and changes
nothing else, so a sealed event never changes and an unsealed one's content never does either.

Who seals: every read of the trail (list, one event, verify: in a short transaction of their own, before
reading in a fresh snapshot, so a reader sees everything committed before the request), and each API
process every ``THIDUA_AUDIT_SEAL_SECONDS``.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from fastapi.concurrency import run_in_threadpool
from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from app.core.audit import GENESIS_HASH, chain_hash, fields_of
from app.core.db import drain
from app.models import AuditEvent

log = logging.getLogger(__name__)

_LOCK_KEY = 0x7468696475610001  # "thidua" + 1: only the audit sealer takes this lock
BATCH = 1000

_SEAL = (
    update(AuditEvent)
    .where(AuditEvent.id == bindparam("b_id"), AuditEvent.seq.is_(None))
    .values(seq=bindparam("b_seq"), prev_hash=bindparam("b_prev"), hash=bindparam("b_hash"))
)


def seal(session: Session, *, batch: int = BATCH) -> int:
    """Chain up to ``batch`` committed unsealed events; the number sealed. The caller commits (on
    PostgreSQL the advisory lock is held until then, so the next sealer sees these positions)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(_LOCK_KEY)))
    last = session.execute(
        select(AuditEvent.seq, AuditEvent.hash)
        .where(AuditEvent.seq.is_not(None))
        .order_by(AuditEvent.seq.desc())
        .limit(1)
    ).first()
    seq, prev_hash = (int(last[0]), str(last[1])) if last else (0, GENESIS_HASH)
    events = session.scalars(
        select(AuditEvent).where(AuditEvent.seq.is_(None)).order_by(AuditEvent.at, AuditEvent.id).limit(batch)
    ).all()
    params: list[dict[str, Any]] = []
    for ev in events:
        seq += 1
        digest = chain_hash(prev_hash, fields_of(ev, seq))
        params.append({"b_id": ev.id, "b_seq": seq, "b_prev": prev_hash, "b_hash": digest})
        prev_hash = digest
    for ev in events:
        session.expunge(ev)
    if params:
        session.connection().execute(_SEAL, params)
    return len(params)


def seal_pending(factory: sessionmaker[Session]) -> int:
    """Seal every committed event still unsealed, a batch per transaction; the number sealed."""
    return drain(factory, select(AuditEvent.id).where(AuditEvent.seq.is_(None)), seal)


async def keep_sealing(factory: sessionmaker[Session], every: float) -> None:
    """Seal every ``every`` seconds until cancelled (an API process's background task), so events are
    chained soon after they commit even when nobody reads the trail. A failed pass is logged and retried."""
    while True:
        await asyncio.sleep(every)
        try:
            await run_in_threadpool(seal_pending, factory)
        except Exception:
            log.exception("audit sealing failed; retrying in %s s", every)
