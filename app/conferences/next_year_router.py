"""Next year's leadership as the conference chose it, and next year's membership draft it fills. Thin
routes over ``app.conferences.next_year``; the draft's routes sit under the bloc's path but live here (the
blocs package only provides the service that writes a year's membership)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, status

from app.blocs.schemas import MAX_YEAR, MIN_YEAR
from app.conferences import next_year
from app.conferences.policies import ConferenceManager, ConferenceReader, DraftAdopter, DraftReader
from app.conferences.schemas import (
    ConferenceLeadershipCreate,
    ConferenceLeadershipRead,
    ConferenceMembershipDraft,
)
from app.core.db import SessionDep
from app.core.idempotency import Idempotent
from app.core.responses import AUTH, Responses, auth
from app.core.routing import feature_router

router = feature_router(tags=["conference leadership"])

_NOT_FOUND: Responses = {404: {"description": "No such conference, or one this principal may not read."}}
_MANAGERS = auth("Not the leader (deputy) of the bloc that year nor the secretariat")

ConferenceId = Annotated[str, Path(description="The conference's id.")]
BlocId = Annotated[str, Path(description="The bloc's id.")]
Year = Annotated[int, Path(ge=MIN_YEAR, le=MAX_YEAR, description="The year drafted (the conference's + 1).")]


@router.post(
    "/conferences/{conference_id}/leadership",
    response_model=ConferenceLeadershipRead,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Idempotent],
    summary="Record next year's leader and deputy (leader, secretariat)",
    description="While the conference is open or closed (409 `conference_not_open`). `election`: the body "
    "names the leader (and optionally the deputy), member units this year (422 `not_a_member`). "
    "`rotation`: computed from this year's members in unit-code order (the deputy leads next; else the "
    "member after the leader; the deputy is the member after the new leader); the body names no unit or "
    "the same ones (422 `rotation_mismatch`). Without `method` the bloc's regulation decides "
    "(`leadership_rule`). While the conference is open a second record replaces the first; once closed "
    "it is final (409 `leadership_recorded`).",
    responses={
        **_MANAGERS,
        **_NOT_FOUND,
        409: {"description": "`conference_not_open`, `leadership_recorded` or `campaign_closed`."},
        422: {"description": "An invalid body, `not_a_member` or `rotation_mismatch`."},
    },
)
def create_conference_leadership(
    conference_id: ConferenceId,
    body: ConferenceLeadershipCreate,
    session: SessionDep,
    principal: ConferenceManager,
) -> ConferenceLeadershipRead:
    view = next_year.record(
        session=session,
        principal=principal,
        conference_id=conference_id,
        method=body.method,
        leader_unit_id=body.leader_unit_id,
        deputy_unit_id=body.deputy_unit_id,
        note=body.note,
    )
    return ConferenceLeadershipRead.of(view)


@router.get(
    "/conferences/{conference_id}/leadership",
    response_model=ConferenceLeadershipRead,
    summary="Read next year's leadership the conference recorded",
    description="409 `leadership_not_recorded` until it is recorded. Readable by every reader of the "
    "conference.",
    responses={**AUTH, **_NOT_FOUND, 409: {"description": "`leadership_not_recorded`."}},
)
def get_conference_leadership(
    conference_id: ConferenceId, session: SessionDep, _principal: ConferenceReader
) -> ConferenceLeadershipRead:
    return ConferenceLeadershipRead.of(next_year.get_leadership(session=session, conference_id=conference_id))


@router.get(
    "/blocs/{bloc_id}/years/{year}/members/draft",
    response_model=ConferenceMembershipDraft,
    summary="Read next year's membership draft (leader, secretariat)",
    description="The year before's members carried to `year`, with the leader and deputy a conference of "
    "the year before recorded (named in `source`); 409 `leadership_not_recorded` until one did.",
    responses={
        **auth("Not the leader (deputy) of the bloc that year or the year before, nor the secretariat"),
        404: {"description": "No such bloc."},
        409: {"description": "`leadership_not_recorded`."},
        422: {"description": "An invalid year."},
    },
)
def get_membership_draft(
    bloc_id: BlocId, year: Year, session: SessionDep, _principal: DraftReader
) -> ConferenceMembershipDraft:
    return ConferenceMembershipDraft.of(next_year.draft(session=session, bloc_id=bloc_id, year=year))


@router.post(
    "/blocs/{bloc_id}/years/{year}/members/draft/adopt",
    response_model=ConferenceMembershipDraft,
    summary="Adopt next year's membership draft (secretariat)",
    description="Writes the draft as that year's membership (as `PUT .../members` would); 409 "
    "`bloc_year_has_members` when the year already has members, `leadership_not_recorded` without a draft.",
    responses={
        **auth("Not the secretariat"),
        404: {"description": "No such bloc."},
        409: {
            "description": "`bloc_year_has_members`, `leadership_not_recorded`, or a unit in another bloc."
        },
        422: {"description": "An invalid year."},
    },
)
def set_members_from_draft(
    bloc_id: BlocId, year: Year, session: SessionDep, principal: DraftAdopter
) -> ConferenceMembershipDraft:
    return ConferenceMembershipDraft.of(
        next_year.adopt(session=session, principal=principal, bloc_id=bloc_id, year=year)
    )
