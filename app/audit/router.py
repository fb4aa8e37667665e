"""The audit trail, for admins and observers: read it, and check its hash chain."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from fastapi import Query, Request
from sqlalchemy.orm import Session

from app.audit import service
from app.audit.policies import AuditReader
from app.audit.schemas import AuditEventPage, AuditEventRead, ChainVerification
from app.audit.service import EventFilter
from app.core import names
from app.core.pagination import PageDep
from app.core.responses import auth, not_found
from app.core.routing import feature_router
from app.models import AuditEvent

router = feature_router(prefix="/audit-events", tags=["audit"])

_AUTH = auth("Not an admin or observer")


def _reads(session: Session, events: Sequence[AuditEvent]) -> list[AuditEventRead]:
    """The events, each with its actor's name: one query for the users and one for the clients."""
    users = names.users(session, (e.actor_id for e in events if e.actor_type == "user"))
    clients = names.clients(session, (e.actor_id for e in events if e.actor_type == "client"))
    actors = {"user": users, "client": clients}
    return [
        AuditEventRead.model_validate(e).model_copy(
            update={"actor_name": actors.get(e.actor_type, {}).get(e.actor_id or "")}
        )
        for e in events
    ]


@router.get(
    "",
    response_model=AuditEventPage,
    summary="List audit events (admin, observer)",
    responses=_AUTH,
    description="In chain order (`seq`), oldest first: every event committed before the request, sealed "
    "into the chain first if it was not yet. Details never hold a secret or a ballot choice.",
)
def list_audit_events(
    request: Request,
    _principal: AuditReader,
    page: PageDep,
    action: Annotated[str | None, Query(max_length=64, description="e.g. `unit.update`")] = None,
    actor_id: Annotated[str | None, Query(max_length=64)] = None,
    object_type: Annotated[str | None, Query(max_length=64, description="e.g. `unit`")] = None,
    object_id: Annotated[str | None, Query(max_length=64)] = None,
) -> AuditEventPage:
    flt = EventFilter(action=action, actor_id=actor_id, object_type=object_type, object_id=object_id)
    with service.sealed_snapshot(request.app.state.sessionmaker) as session:
        items, next_cursor = service.list_events(session=session, flt=flt, page=page)
        page.link(next_cursor)
        return AuditEventPage(items=_reads(session, items), next_cursor=next_cursor, total=page.total)


# Declared before "/{event_id}" so that "verify" is never taken for an id.
@router.get(
    "/verify",
    response_model=ChainVerification,
    response_model_exclude_none=True,
    summary="Check the hash chain (admin, observer)",
    responses=_AUTH,
    description='`{"ok": true, "count": N}` when every event links to the one before it and its hash '
    'matches its content; otherwise `{"ok": false, "first_bad_id": "..."}`: the first event that was '
    "altered, or that follows a removed or reordered one.",
)
def verify_audit_chain(request: Request, _principal: AuditReader) -> ChainVerification:
    with service.sealed_snapshot(request.app.state.sessionmaker) as session:
        result = service.verify(session=session)
    if result.ok:
        return ChainVerification(ok=True, count=result.count)
    return ChainVerification(ok=False, first_bad_id=result.first_bad_id)


@router.get(
    "/{event_id}",
    response_model=AuditEventRead,
    summary="Read one audit event (admin, observer)",
    responses={**_AUTH, **not_found("event")},
)
def get_audit_event(event_id: str, request: Request, _principal: AuditReader) -> AuditEventRead:
    with service.sealed_snapshot(request.app.state.sessionmaker) as session:
        return _reads(session, [service.get(session=session, event_id=event_id)])[0]
