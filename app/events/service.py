"""The change feed: the events a principal may read, in commit order (``seq``), after a position.

A read first seals what has committed (in a short transaction of its own), then reads in a fresh read-only
snapshot: the request's own snapshot was taken before the seal, when its token was checked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.core.db import read_only_options
from app.core.errors import Gone
from app.core.pagination import PageParams, count_into, decode_sorted_cursor, encode_sorted_cursor
from app.core.principal import Principal
from app.events import marks, sealer, visibility
from app.events.payloads import EventRead
from app.events.serialise import event_read
from app.models import Event

_CURSOR_KEY = "seq"


@dataclass(frozen=True)
class FeedFilter:
    after: int | None = None
    types: Sequence[str] = ()
    object_id: str | None = None


def _expired(after: int, pruned: int) -> Gone:
    return Gone(
        f"Events after position {after} were removed by retention (everything up to {pruned} is gone). "
        "Read the objects you follow again, then read the feed from its start.",
        code="cursor_expired",
        detail_vi=f"Các sự kiện sau vị trí {after} đã bị xóa theo thời hạn lưu giữ (đã xóa đến vị trí "
        f"{pruned}). Hãy đọc lại các đối tượng cần theo dõi, rồi đọc dòng sự kiện từ đầu.",
        extra={"after": after, "pruned_through": pruned},
    )


def _page(
    session: Session, principal: Principal, flt: FeedFilter, page: PageParams
) -> tuple[list[EventRead], str | None]:
    after = flt.after
    if page.cursor:
        after, _ = decode_sorted_cursor(page.cursor, _CURSOR_KEY, int)
    pruned = marks.read(session, marks.PRUNED)
    if after is not None and after < pruned:
        raise _expired(after, pruned)
    stmt = select(Event).where(Event.seq.is_not(None), visibility.filter_for(principal))
    if flt.after is not None:
        stmt = stmt.where(Event.seq > flt.after)
    if flt.types:
        stmt = stmt.where(Event.type.in_(flt.types))
    if flt.object_id is not None:
        stmt = stmt.where(Event.object_id == flt.object_id)
    count_into(session, stmt, page)
    if after is not None:
        stmt = stmt.where(Event.seq > after)
    rows = session.scalars(stmt.order_by(Event.seq).limit(page.limit + 1)).all()
    more = len(rows) > page.limit
    rows = rows[: page.limit]
    next_cursor = encode_sorted_cursor(_CURSOR_KEY, rows[-1].seq, rows[-1].public_id) if more else None
    return [event_read(e) for e in rows], next_cursor


def feed(
    *, factory: sessionmaker[Session], principal: Principal, flt: FeedFilter, page: PageParams
) -> tuple[list[EventRead], str | None]:
    """A page of the feed; 410 ``cursor_expired`` when retention removed events after the position."""
    sealer.seal_pending(factory)
    reading = factory()
    try:
        reading.connection(execution_options=read_only_options(reading))
        return _page(reading, principal, flt, page)
    finally:
        reading.rollback()
        reading.close()
