"""The change feed: ``GET /api/v1/events``."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from fastapi import Query, Request

from app.core.pagination import LINK_HEADER, Page, PageDep
from app.core.responses import AUTH, Responses
from app.core.routing import feature_router
from app.events import service
from app.events.catalogue import NAMES
from app.events.payloads import EventRead
from app.events.policies import EventReader
from app.events.service import FeedFilter

router = feature_router(prefix="/events", tags=["events"])

EventTypeName = StrEnum(  # type: ignore[misc]  # the functional API
    "EventTypeName", [(n.replace(".", "_").upper(), n) for n in NAMES]
)

_GONE: Responses = {
    410: {
        "description": "`cursor_expired`: events after `after` (or the cursor's position) were removed by "
        "retention; read the objects again and start from the beginning."
    }
}


@router.get(
    "",
    response_model=Page[EventRead],
    summary="Read the change feed",
    responses={**AUTH, **_GONE, 200: {"headers": LINK_HEADER}},
    description="Domain events in commit order (`seq`), only those the caller may read. Poll with `after` = "
    "the `seq` of the last event you processed: no event that commits later is ever placed before it. "
    "Within one poll, follow `next_cursor` (or `Link`) while there is more. Events are kept "
    "`THIDUA_EVENT_RETENTION_DAYS` days; an `after` older than that is 410 `cursor_expired`. Each type's "
    "`data` is described in the `webhooks` section and docs/events.md.",
)
def list_events(
    request: Request,
    principal: EventReader,
    page: PageDep,
    after: Annotated[
        int | None,
        Query(ge=0, le=2**62, description="Only events after this position (`seq`): your last one."),
    ] = None,
    type: Annotated[  # the query parameter's name
        list[EventTypeName] | None,
        Query(max_length=len(NAMES), description="Only these event types (repeat the parameter)."),
    ] = None,
    object_id: Annotated[
        str | None, Query(max_length=64, description="Only events about this object.")
    ] = None,
) -> Page[EventRead]:
    flt = FeedFilter(after=after, types=[str(t) for t in type or ()], object_id=object_id)
    items, next_cursor = service.feed(
        factory=request.app.state.sessionmaker, principal=principal, flt=flt, page=page
    )
    return page.of(EventRead, items, next_cursor)
