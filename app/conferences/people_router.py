"""The conference's guests, delegates, check-in and voting delegates. Thin routes over
``app.conferences.people``."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query, Response, status

from app.conferences import people
from app.conferences.policies import ConferenceManager, ConferenceReader, DelegateCheckIn, GuestManager
from app.conferences.schemas import (
    ConferenceDelegateCreate,
    ConferenceDelegateRead,
    ConferenceGuestCreate,
    ConferenceGuestRead,
    ConferenceGuestUpdate,
    ConferenceSubstitutionRead,
    ConferenceVotingDelegatePut,
)
from app.core.db import SessionDep
from app.core.idempotency import Idempotent
from app.core.pagination import Page, PageDep
from app.core.responses import AUTH, Responses, auth
from app.core.routing import feature_router

router = feature_router(prefix="/conferences", tags=["conference people"])

_NOT_FOUND: Responses = {404: {"description": "No such conference, or one this principal may not read."}}
_GUEST_NOT_FOUND: Responses = {404: {"description": "No such conference or guest of it."}}
_DELEGATE_NOT_FOUND: Responses = {404: {"description": "No such conference or delegate of it."}}
_MANAGERS = auth("Not the leader (deputy) of the bloc that year nor the secretariat")
_CHANGE_409 = "`campaign_closed`, or the conference is closed or cancelled (`conference_finished`)."
_READERS = "Readable by every reader of the conference."

ConferenceId = Annotated[str, Path(description="The conference's id.")]
GuestId = Annotated[str, Path(description="The guest's id.")]
DelegateId = Annotated[str, Path(description="The delegate's id.")]
UnitId = Annotated[str, Path(description="The member unit's id.")]


# ---- guests --------------------------------------------------------------------------------------------


@router.post(
    "/{conference_id}/guests",
    response_model=ConferenceGuestRead,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Idempotent],
    summary="Invite a guest (leader, secretariat)",
    description="E.g. the council's vice-chair. With `user_id`, the guest reads the conference and what "
    "observers read for its campaign (at most once per conference: 409 `guest_exists`).",
    responses={
        **_MANAGERS,
        **_NOT_FOUND,
        409: {"description": "`guest_exists`, or " + _CHANGE_409},
        422: {"description": "An invalid body, or no such active user (`user_not_found`)."},
    },
)
def create_conference_guest(
    conference_id: ConferenceId,
    body: ConferenceGuestCreate,
    session: SessionDep,
    principal: ConferenceManager,
) -> ConferenceGuestRead:
    view = people.add_guest(
        session=session, principal=principal, conference_id=conference_id, fields=body.model_dump()
    )
    return ConferenceGuestRead.of(view)


@router.get(
    "/{conference_id}/guests",
    response_model=Page[ConferenceGuestRead],
    summary="List the conference's guests",
    description="In the order they were invited. " + _READERS,
    responses={**AUTH, **_NOT_FOUND},
)
def list_conference_guests(
    conference_id: ConferenceId, session: SessionDep, _principal: ConferenceReader, page: PageDep
) -> Page[ConferenceGuestRead]:
    views, next_cursor = people.list_guests(session=session, conference_id=conference_id, page=page)
    return page.of(ConferenceGuestRead, [ConferenceGuestRead.of(v) for v in views], next_cursor)


@router.get(
    "/{conference_id}/guests/{guest_id}",
    response_model=ConferenceGuestRead,
    summary="Read a guest",
    description=_READERS,
    responses={**AUTH, **_GUEST_NOT_FOUND},
)
def get_conference_guest(
    conference_id: ConferenceId, guest_id: GuestId, session: SessionDep, _principal: ConferenceReader
) -> ConferenceGuestRead:
    return ConferenceGuestRead.of(
        people.get_guest(session=session, conference_id=conference_id, guest_id=guest_id)
    )


@router.patch(
    "/{conference_id}/guests/{guest_id}",
    response_model=ConferenceGuestRead,
    summary="Change a guest (leader, secretariat)",
    description="Only the fields sent change (e.g. `attended` on the day).",
    responses={
        **_MANAGERS,
        **_GUEST_NOT_FOUND,
        409: {"description": "`guest_exists`, or " + _CHANGE_409},
        422: {"description": "An invalid body, or no such active user (`user_not_found`)."},
    },
)
def update_conference_guest(
    conference_id: ConferenceId,
    guest_id: GuestId,
    body: ConferenceGuestUpdate,
    session: SessionDep,
    principal: GuestManager,
) -> ConferenceGuestRead:
    view = people.patch_guest(
        session=session,
        principal=principal,
        conference_id=conference_id,
        guest_id=guest_id,
        changes=body.changes(),
    )
    return ConferenceGuestRead.of(view)


@router.delete(
    "/{conference_id}/guests/{guest_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Withdraw a guest's invitation (leader, secretariat)",
    description="While the conference is planned or open.",
    responses={**_MANAGERS, **_GUEST_NOT_FOUND, 409: {"description": _CHANGE_409}},
)
def delete_conference_guest(
    conference_id: ConferenceId, guest_id: GuestId, session: SessionDep, principal: GuestManager
) -> Response:
    people.remove_guest(session=session, principal=principal, conference_id=conference_id, guest_id=guest_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# ---- delegates -----------------------------------------------------------------------------------------


@router.post(
    "/{conference_id}/delegates",
    response_model=ConferenceDelegateRead,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Idempotent],
    summary="Register a member unit's delegate (leader, secretariat)",
    description="`unit_id` a member unit that year (422 `not_a_member`); `user_id`, if any, an active user "
    "of that unit (422 `user_not_found`), once per conference (409 `delegate_exists`). `voting` makes them "
    "the unit's voting delegate (needs `user_id`: 409 `delegate_has_no_account`; one per unit: 409 "
    "`delegate_exists`, change it with `PUT .../units/{unit_id}/voting-delegate`).",
    responses={
        **_MANAGERS,
        **_NOT_FOUND,
        409: {"description": "`delegate_exists`, `delegate_has_no_account`, or " + _CHANGE_409},
        422: {"description": "An invalid body, `not_a_member` or `user_not_found`."},
    },
)
def create_conference_delegate(
    conference_id: ConferenceId,
    body: ConferenceDelegateCreate,
    session: SessionDep,
    principal: ConferenceManager,
) -> ConferenceDelegateRead:
    view = people.add_delegate(
        session=session, principal=principal, conference_id=conference_id, fields=body.model_dump()
    )
    return ConferenceDelegateRead.of(view)


@router.get(
    "/{conference_id}/delegates",
    response_model=Page[ConferenceDelegateRead],
    summary="List the conference's delegates",
    description="In the order they were registered; `?unit_id=` for one unit's (the attendance groups them "
    "by unit). " + _READERS,
    responses={**AUTH, **_NOT_FOUND},
)
def list_conference_delegates(
    conference_id: ConferenceId,
    session: SessionDep,
    _principal: ConferenceReader,
    page: PageDep,
    unit_id: Annotated[str | None, Query(max_length=64, description="Only this unit's delegates.")] = None,
) -> Page[ConferenceDelegateRead]:
    views, next_cursor = people.list_delegates(
        session=session, conference_id=conference_id, unit_id=unit_id, page=page
    )
    return page.of(ConferenceDelegateRead, [ConferenceDelegateRead.of(v) for v in views], next_cursor)


@router.post(
    "/{conference_id}/delegates/{delegate_id}/check-in",
    response_model=ConferenceDelegateRead,
    summary="Check a delegate in (leader, secretariat, or the delegate's own unit)",
    description="Only while the conference is open (409 `conference_not_open`). Checking in twice keeps the "
    "first time.",
    responses={
        **auth("Neither the leader, the secretariat, nor an officer of the delegate's unit"),
        **_DELEGATE_NOT_FOUND,
        409: {"description": "`conference_not_open` or `campaign_closed`."},
    },
)
def check_in_conference_delegate(
    conference_id: ConferenceId, delegate_id: DelegateId, session: SessionDep, principal: DelegateCheckIn
) -> ConferenceDelegateRead:
    view = people.check_in(
        session=session, principal=principal, conference_id=conference_id, delegate_id=delegate_id
    )
    return ConferenceDelegateRead.of(view)


@router.put(
    "/{conference_id}/units/{unit_id}/voting-delegate",
    response_model=ConferenceSubstitutionRead,
    summary="Change a unit's voting delegate (leader, secretariat)",
    description="Records a substitution (from the previous voting delegate, if any, to this one, with the "
    "reason). Only while the conference is open; the new one must be a checked-in delegate of that unit "
    "(409 `delegate_not_checked_in`) with an account (409 `delegate_has_no_account`).",
    responses={
        **_MANAGERS,
        **_NOT_FOUND,
        409: {
            "description": "`conference_not_open`, `delegate_not_checked_in`, `delegate_has_no_account`, "
            "`already_voting_delegate` or `campaign_closed`."
        },
        422: {"description": "An invalid body, or no such delegate of the unit."},
    },
)
def set_conference_voting_delegate(
    conference_id: ConferenceId,
    unit_id: UnitId,
    body: ConferenceVotingDelegatePut,
    session: SessionDep,
    principal: ConferenceManager,
) -> ConferenceSubstitutionRead:
    view = people.set_voting_delegate(
        session=session,
        principal=principal,
        conference_id=conference_id,
        unit_id=unit_id,
        delegate_id=body.delegate_id,
        reason=body.reason,
    )
    return ConferenceSubstitutionRead.of(view)
