"""The conference: create, list, read, change, open, close, cancel, its agenda, attendance and minutes.
Thin routes over ``app.conferences.service``."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query, Request, Response, status
from sqlalchemy.orm import Session

from app.conferences import attendance, minutes_service, service
from app.conferences.policies import (
    ConferenceCreator,
    ConferenceLister,
    ConferenceManager,
    ConferenceReader,
)
from app.conferences.schemas import (
    ConferenceAgendaPut,
    ConferenceAttendanceRead,
    ConferenceCreate,
    ConferenceRead,
    ConferenceUpdate,
)
from app.core import media_types
from app.core.db import SessionDep
from app.core.etag import IfMatch, set_etag
from app.core.idempotency import Idempotent
from app.core.pagination import Page, PageDep
from app.core.principal import Principal
from app.core.responses import (
    AUTH,
    PRECONDITION_FAILED,
    UNAUTHENTICATED,
    Responses,
    attachment,
    auth,
    download,
    etag_headers,
)
from app.core.routing import feature_router

router = feature_router(prefix="/conferences", tags=["conferences"])

_ETAG = etag_headers("The conference's version")
_NOT_FOUND: Responses = {404: {"description": "No such conference, or one this principal may not read."}}
_MANAGERS = auth("Not the leader (deputy) of the bloc that year nor the secretariat")
_READERS = (
    "Readable by the officers of the bloc's member units that year, the secretariat, observers, admins and "
    "the conference's guests."
)
_CHANGE_409 = "`campaign_closed`, or the conference is closed or cancelled (`conference_finished`)."

ConferenceId = Annotated[str, Path(description="The conference's id.")]


def _read(view: service.ConferenceView, response: Response) -> ConferenceRead:
    set_etag(response, view.conference)
    return ConferenceRead.of(view)


@router.post(
    "",
    response_model=ConferenceRead,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Idempotent],
    summary="Plan a conference of a campaign (leader, secretariat)",
    description="The bloc's year-end (tổng kết) or mid-year (sơ kết) conference; one per campaign and kind "
    "(409 `conference_exists`). It starts `planned`.",
    responses={
        **_MANAGERS,
        201: {"headers": _ETAG},
        409: {"description": "`conference_exists` or `campaign_closed`."},
        422: {"description": "An invalid body, or no such campaign."},
    },
)
def create_conference(
    body: ConferenceCreate,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: ConferenceCreator,
) -> ConferenceRead:
    view = service.create(session=session, principal=principal, fields=body.model_dump())
    response.headers["Location"] = str(request.url_for("get_conference", conference_id=view.conference.id))
    return _read(view, response)


@router.get(
    "",
    response_model=Page[ConferenceRead],
    summary="List the conferences",
    description="In creation order; only those the principal may read. " + _READERS,
    responses={**AUTH},
)
def list_conferences(
    session: SessionDep,
    principal: ConferenceLister,
    page: PageDep,
    campaign_id: Annotated[str | None, Query(max_length=64, description="Only this campaign's.")] = None,
) -> Page[ConferenceRead]:
    views, next_cursor = service.list_conferences(
        session=session, principal=principal, campaign_id=campaign_id, page=page
    )
    return page.of(ConferenceRead, [ConferenceRead.of(v) for v in views], next_cursor)


@router.get(
    "/{conference_id}",
    response_model=ConferenceRead,
    name="get_conference",
    summary="Read a conference with its agenda",
    description=_READERS,
    responses={**AUTH, **_NOT_FOUND, 200: {"headers": _ETAG}},
)
def get_conference(
    conference_id: ConferenceId, response: Response, session: SessionDep, _principal: ConferenceReader
) -> ConferenceRead:
    return _read(service.get(session=session, conference_id=conference_id), response)


@router.patch(
    "/{conference_id}",
    response_model=ConferenceRead,
    summary="Change a conference (leader, secretariat)",
    description="Only the fields sent change, while it is planned or open.",
    responses={
        **_MANAGERS,
        **_NOT_FOUND,
        200: {"headers": _ETAG},
        **PRECONDITION_FAILED,
        409: {"description": _CHANGE_409},
        422: {"description": "An invalid body."},
    },
)
def update_conference(
    conference_id: ConferenceId,
    body: ConferenceUpdate,
    response: Response,
    session: SessionDep,
    principal: ConferenceManager,
    if_match: IfMatch = None,
) -> ConferenceRead:
    view = service.patch(
        session=session,
        principal=principal,
        conference_id=conference_id,
        changes=body.changes(),
        if_match=if_match,
    )
    return _read(view, response)


def _transition(
    action: str,
    conference_id: str,
    response: Response,
    session: Session,
    principal: Principal,
    if_match: str | None,
) -> ConferenceRead:
    view = service.transition(
        session=session, principal=principal, conference_id=conference_id, action=action, if_match=if_match
    )
    return _read(view, response)


_TRANSITION_RESPONSES: Responses = {
    **_MANAGERS,
    **_NOT_FOUND,
    200: {"headers": _ETAG},
    **PRECONDITION_FAILED,
    409: {
        "description": "An illegal transition (`invalid_transition`, with `current_status`), or "
        "`campaign_closed`."
    },
}


@router.post(
    "/{conference_id}/open",
    response_model=ConferenceRead,
    summary="Open the conference (leader, secretariat)",
    description="planned → open. Freezes the quorum: the share the bloc's regulation sets "
    "(`conference_quorum_share`, default 1/2) and the number of member units that year.",
    responses=_TRANSITION_RESPONSES,
)
def open_conference(
    conference_id: ConferenceId,
    response: Response,
    session: SessionDep,
    principal: ConferenceManager,
    if_match: IfMatch = None,
) -> ConferenceRead:
    return _transition("open", conference_id, response, session, principal, if_match)


@router.post(
    "/{conference_id}/close",
    response_model=ConferenceRead,
    summary="Close the conference (leader, secretariat)",
    description="open → closed.",
    responses=_TRANSITION_RESPONSES,
)
def close_conference(
    conference_id: ConferenceId,
    response: Response,
    session: SessionDep,
    principal: ConferenceManager,
    if_match: IfMatch = None,
) -> ConferenceRead:
    return _transition("close", conference_id, response, session, principal, if_match)


@router.post(
    "/{conference_id}/cancel",
    response_model=ConferenceRead,
    summary="Cancel the conference (leader, secretariat)",
    description="planned or open → cancelled.",
    responses=_TRANSITION_RESPONSES,
)
def cancel_conference(
    conference_id: ConferenceId,
    response: Response,
    session: SessionDep,
    principal: ConferenceManager,
    if_match: IfMatch = None,
) -> ConferenceRead:
    return _transition("cancel", conference_id, response, session, principal, if_match)


@router.put(
    "/{conference_id}/agenda",
    response_model=ConferenceRead,
    summary="Set the conference's agenda (leader, secretariat)",
    description="Replaces the agenda with the items in order (typically report, discussion, pledge, "
    "ballots, guidance speech, leadership). A `ballot` item names a voting session of the conference's "
    "campaign; no other kind names one (422 `voting_session_mismatch`).",
    responses={
        **_MANAGERS,
        **_NOT_FOUND,
        200: {"headers": _ETAG},
        **PRECONDITION_FAILED,
        409: {"description": _CHANGE_409},
        422: {"description": "An invalid body (`voting_session_mismatch`)."},
    },
)
def set_conference_agenda(
    conference_id: ConferenceId,
    body: ConferenceAgendaPut,
    response: Response,
    session: SessionDep,
    principal: ConferenceManager,
    if_match: IfMatch = None,
) -> ConferenceRead:
    view = service.set_agenda(
        session=session,
        principal=principal,
        conference_id=conference_id,
        items=[i.model_dump() for i in body.items],
        if_match=if_match,
    )
    return _read(view, response)


@router.get(
    "/{conference_id}/attendance",
    response_model=ConferenceAttendanceRead,
    summary="Read the conference's attendance and quorum",
    description="Per member unit: present (a delegate checked in), its delegates, its voting delegate; the "
    "totals and the quorum (`quorum_required` = ceil(`quorum_share` × members)). " + _READERS,
    responses={**AUTH, **_NOT_FOUND},
)
def get_conference_attendance(
    conference_id: ConferenceId, session: SessionDep, _principal: ConferenceReader
) -> ConferenceAttendanceRead:
    conference = service.load(session, conference_id)
    seen = attendance.attendance(session, conference)
    return ConferenceAttendanceRead.of(conference.id, conference.status, seen)


@router.get(
    "/{conference_id}/minutes",
    response_class=Response,
    summary="Download the conference's minutes (biên bản hội nghị) as a Word document",
    description="In Vietnamese, laid out per Nghị định 30/2020: time and place, chair, guests, attendance "
    "and quorum, each agenda item with its outcome, the ballots' elected units with their votes (counted "
    "sessions only), the year report adopted, next year's leadership, the conclusions and the signatures. "
    "Once the conference opened (409 `conference_not_open` before, or when cancelled). " + _READERS,
    responses={
        200: download("The minutes (DOCX), as an attachment.", media_types.DOCX),
        **UNAUTHENTICATED,
        **_NOT_FOUND,
        409: {"description": "The conference has not opened, or was cancelled (`conference_not_open`)."},
    },
)
def get_conference_minutes(
    conference_id: ConferenceId, session: SessionDep, _principal: ConferenceReader
) -> Response:
    doc = minutes_service.minutes_file(session=session, conference_id=conference_id)
    return attachment(doc.content, media_types.DOCX, doc.filename, no_store=True)
