"""Reading and verifying the audit trail. Writing it is ``app.core.audit.record``'s job alone; sealing it,
``app.core.audit_sealer``'s. Readers seal first and then read in a snapshot taken after that, so a reader
sees every event committed before its request, in chain order."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from app.audit import repository
from app.core import audit_sealer
from app.core.audit import ChainRow, fields_of, first_bad
from app.core.db import read_only_options
from app.core.errors import Invalid, NotFound
from app.core.pagination import PageParams, count_into
from app.models import AuditEvent

VERIFY_BATCH = 1000
_MAX_ID_LENGTH = 64
_MAX_SEQ = 2**63  # seq is a signed 64-bit integer on every database


@dataclass(frozen=True)
class EventFilter:
    action: str | None = None
    actor_id: str | None = None
    object_type: str | None = None
    object_id: str | None = None


@dataclass(frozen=True)
class Verification:
    ok: bool
    count: int
    first_bad_id: str | None


@contextmanager
def sealed_snapshot(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A read-only session whose snapshot is taken after every event committed so far was sealed."""
    audit_sealer.seal_pending(factory)
    reading = factory()
    try:
        reading.connection(execution_options=read_only_options(reading))
        yield reading
    finally:
        reading.rollback()
        reading.close()


# The trail is ordered by ``seq``, not by creation time: the cursor is the last seq seen.


def encode_cursor(seq: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"seq": seq}).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        seq = raw["seq"]
        if type(seq) is not int or not 0 <= seq < _MAX_SEQ:
            raise ValueError("seq")
        return seq
    except (ValueError, TypeError, KeyError, binascii.Error) as exc:
        raise Invalid(
            "The cursor is not valid.",
            detail_vi="Con trỏ phân trang không hợp lệ.",
            errors=[{"loc": ["query", "cursor"], "msg": "invalid cursor", "type": "value_error"}],
        ) from exc


def list_events(
    *, session: Session, flt: EventFilter, page: PageParams
) -> tuple[Sequence[AuditEvent], str | None]:
    count_into(
        session,
        repository.events_matching(
            action=flt.action, actor_id=flt.actor_id, object_type=flt.object_type, object_id=flt.object_id
        ),
        page,
    )
    rows = repository.events_after(
        session,
        after_seq=decode_cursor(page.cursor) if page.cursor else None,
        limit=page.limit + 1,
        action=flt.action,
        actor_id=flt.actor_id,
        object_type=flt.object_type,
        object_id=flt.object_id,
    )
    if len(rows) <= page.limit:
        return rows, None
    rows = rows[: page.limit]
    return rows, encode_cursor(_position(rows[-1]))


def get(*, session: Session, event_id: str) -> AuditEvent:
    event = session.get(AuditEvent, event_id) if len(event_id) <= _MAX_ID_LENGTH else None
    if event is None or event.seq is None:  # an unsealed event is shown once sealed
        raise NotFound("No audit event has this id.", detail_vi="Không có sự kiện nhật ký nào với mã này.")
    return event


def _chain_rows(session: Session, batch: int) -> Iterator[ChainRow]:
    """Every event in seq order, read in keyset batches so memory stays flat however long the trail."""
    last_seq: int | None = None
    while True:
        events = repository.events_after(session, after_seq=last_seq, limit=batch)
        for ev in events:
            yield ChainRow(id=ev.id, prev_hash=ev.prev_hash or "", hash=ev.hash or "", fields=fields_of(ev))
            session.expunge(ev)
        if len(events) < batch:
            return
        last_seq = _position(events[-1])


def _position(event: AuditEvent) -> int:
    assert event.seq is not None, "only sealed events are read"
    return event.seq


def verify(*, session: Session, batch: int = VERIFY_BATCH) -> Verification:
    bad_id, count, _last_hash = first_bad(_chain_rows(session, batch))
    if bad_id is not None:
        return Verification(ok=False, count=count, first_bad_id=bad_id)
    return Verification(ok=True, count=count, first_bad_id=None)
