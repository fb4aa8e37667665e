"""Append-only, hash-chained audit trail.

``record`` queues an event on the session; a ``before_commit`` hook inserts the queued events inside the
same transaction as the change they describe, so an event exists exactly when its change does. The hook
takes no lock and reads nothing: the events are inserted *unsealed* (no ``seq``, ``prev_hash``, ``hash``),
and ``app.core.audit_sealer`` chains the committed ones afterwards, one sealer at a time. So writers never
queue behind each other for the trail (docs/architecture.md, "The audit trail").
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import event, insert
from sqlalchemy.orm import Session

from app.core.context import request_id_var
from app.models.audit import AuditEvent
from app.models.base import new_id, table_of, utcnow

GENESIS_HASH = "0" * 64
_PENDING = "audit_pending"
_TICK = timedelta(microseconds=1)

# Keys that must never reach the trail, whatever a caller passes in ``details``.
_FORBIDDEN_DETAIL_KEYS = {
    "password",
    "secret",
    "client_secret",
    "token",
    "refresh_token",
    "choices",
    "receipt",
}


@dataclass(frozen=True)
class Actor:
    id: str | None
    type: str  # user | client | system


SYSTEM = Actor(id=None, type="system")


# ---- pure chain rules -------------------------------------------------------------------------------


def canonical_content(fields: Mapping[str, Any]) -> bytes:
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def event_fields(
    *,
    id: str,
    seq: int,
    at: datetime,
    actor_id: str | None,
    actor_type: str,
    action: str,
    object_type: str | None,
    object_id: str | None,
    request_id: str | None,
    outcome: str,
    details: Mapping[str, Any],
) -> dict[str, Any]:
    return {
        "id": id,
        "seq": seq,
        "at": at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "actor_id": actor_id,
        "actor_type": actor_type,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "request_id": request_id,
        "outcome": outcome,
        "details": dict(details),
    }


def chain_hash(prev_hash: str, fields: Mapping[str, Any]) -> str:
    return hashlib.sha256(prev_hash.encode() + b"\n" + canonical_content(fields)).hexdigest()


@dataclass(frozen=True)
class ChainRow:
    id: str
    prev_hash: str
    hash: str
    fields: Mapping[str, Any]


def first_bad(rows: Iterable[ChainRow], prev_hash: str = GENESIS_HASH) -> tuple[str | None, int, str]:
    """Walk the chain; return (first bad id or None, rows checked, last hash)."""
    count = 0
    for row in rows:
        count += 1
        if row.prev_hash != prev_hash or chain_hash(prev_hash, row.fields) != row.hash:
            return row.id, count, prev_hash
        prev_hash = row.hash
    return None, count, prev_hash


def fields_of(ev: AuditEvent, seq: int | None = None) -> dict[str, Any]:
    """The hashed fields of ``ev``; ``seq`` is its position when it is being sealed."""
    position = ev.seq if seq is None else seq
    assert position is not None, "an unsealed event has no position in the chain yet"
    return event_fields(
        id=ev.id,
        seq=position,
        at=ev.at,
        actor_id=ev.actor_id,
        actor_type=ev.actor_type,
        action=ev.action,
        object_type=ev.object_type,
        object_id=ev.object_id,
        request_id=ev.request_id,
        outcome=ev.outcome,
        details=ev.details or {},
    )


# ---- recording --------------------------------------------------------------------------------------


def _scrub(details: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in details.items() if k not in _FORBIDDEN_DETAIL_KEYS}


def record(
    session: Session,
    *,
    actor: Actor,
    action: str,
    object_type: str | None = None,
    object_id: str | None = None,
    details: Mapping[str, Any] | None = None,
    outcome: str = "success",
) -> None:
    pending: list[dict[str, Any]] = session.info.setdefault(_PENDING, [])
    pending.append(
        {
            "actor_id": actor.id,
            "actor_type": actor.type,
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "request_id": request_id_var.get(),
            "outcome": outcome,
            "details": _scrub(details or {}),
        }
    )


def _append_pending(session: Session) -> None:
    """Insert the queued events unsealed. Their ``at`` strictly increases within the transaction, so the
    sealer (which chains unsealed events in ``at`` order) keeps the order they were recorded in."""
    pending: list[dict[str, Any]] = session.info.pop(_PENDING, [])
    if not pending:
        return
    at = utcnow()
    rows = []
    for item in pending:
        rows.append({**item, "id": new_id(), "at": at})
        at = max(utcnow(), at + _TICK)
    session.execute(_INSERT, rows)  # Core: no ORM object for a row nothing reads back


_INSERT = insert(table_of(AuditEvent))


def discard_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    _append_pending(session)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    discard_pending(session)
