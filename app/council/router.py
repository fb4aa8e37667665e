"""The council per term and its members: thin routes over ``app.council.service``."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Request, Response, status

from app.core.db import SessionDep
from app.core.etag import IfMatch, set_etag
from app.core.idempotency import Idempotent
from app.core.pagination import Page, PageDep
from app.core.responses import AUTH, PRECONDITION_FAILED, Responses, auth, etag_headers
from app.core.routing import feature_router
from app.council import service
from app.council.policies import (
    CouncilCreator,
    CouncilLister,
    CouncilManager,
    CouncilReader,
    MemberManager,
)
from app.council.schemas import (
    CouncilCreate,
    CouncilMemberCreate,
    CouncilMemberRead,
    CouncilMemberUpdate,
    CouncilRead,
    CouncilUpdate,
)

router = feature_router(prefix="/councils", tags=["council"])

_ETAG = etag_headers("The council's version")
_NOT_FOUND: Responses = {404: {"description": "No such council."}}
_MEMBER_NOT_FOUND: Responses = {404: {"description": "No such council, or no such member of it."}}
_OFFICE = auth("Not the secretariat nor an admin")
_READERS = "Readable by every signed-in user."

CouncilId = Annotated[str, Path(description="The council's id.")]
MemberId = Annotated[str, Path(description="The member's id.")]


def _read(view: service.CouncilView, response: Response) -> CouncilRead:
    set_etag(response, view.council)
    return CouncilRead.of(view)


@router.post(
    "",
    response_model=CouncilRead,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Idempotent],
    summary="Create a council for a term (secretariat, admin)",
    description="The emulation and commendation council (Hội đồng Thi đua - Khen thưởng) of one term "
    "(nhiệm kỳ); members are added next.",
    responses={**_OFFICE, 201: {"headers": _ETAG}, 422: {"description": "An invalid body."}},
)
def create_council(
    body: CouncilCreate, request: Request, response: Response, session: SessionDep, principal: CouncilCreator
) -> CouncilRead:
    view = service.create(session=session, principal=principal, fields=body.model_dump())
    response.headers["Location"] = str(request.url_for("get_council", council_id=view.council.id))
    return _read(view, response)


@router.get(
    "",
    response_model=Page[CouncilRead],
    summary="List the councils",
    description=f"In creation order. {_READERS}",
    responses={**AUTH},
)
def list_councils(session: SessionDep, _principal: CouncilLister, page: PageDep) -> Page[CouncilRead]:
    views, next_cursor = service.list_councils(session=session, page=page)
    return page.of(CouncilRead, [CouncilRead.of(v) for v in views], next_cursor)


@router.get(
    "/{council_id}",
    response_model=CouncilRead,
    name="get_council",
    summary="Read a council with its members",
    description=_READERS,
    responses={**AUTH, **_NOT_FOUND, 200: {"headers": _ETAG}},
)
def get_council(
    council_id: CouncilId, response: Response, session: SessionDep, _principal: CouncilReader
) -> CouncilRead:
    return _read(service.get(session=session, council_id=council_id), response)


@router.patch(
    "/{council_id}",
    response_model=CouncilRead,
    summary="Change a council (secretariat, admin)",
    description="Only the fields sent change. Changing nothing keeps the version.",
    responses={
        **_OFFICE,
        **_NOT_FOUND,
        200: {"headers": _ETAG},
        **PRECONDITION_FAILED,
        422: {"description": "An invalid body."},
    },
)
def update_council(
    council_id: CouncilId,
    body: CouncilUpdate,
    response: Response,
    session: SessionDep,
    principal: CouncilManager,
    if_match: IfMatch = None,
) -> CouncilRead:
    view = service.patch(
        session=session, principal=principal, council_id=council_id, changes=body.changes(), if_match=if_match
    )
    return _read(view, response)


# ---- members -------------------------------------------------------------------------------------------


@router.post(
    "/{council_id}/members",
    response_model=CouncilMemberRead,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Idempotent],
    summary="Add a member to the council (secretariat, admin)",
    description="With their role (one `chair` at a time: 409 `council_has_chair`), whether they are the "
    "secretary, and the account they vote with (`user_id`, at most once per council: 409 "
    "`council_member_exists`).",
    responses={
        **_OFFICE,
        **_NOT_FOUND,
        409: {"description": "`council_has_chair` or `council_member_exists`."},
        422: {"description": "An invalid body, or no such active user (`user_not_found`)."},
    },
)
def create_council_member(
    council_id: CouncilId,
    body: CouncilMemberCreate,
    session: SessionDep,
    principal: CouncilManager,
) -> CouncilMemberRead:
    view = service.add_member(
        session=session, principal=principal, council_id=council_id, fields=body.model_dump()
    )
    return CouncilMemberRead.of(view)


@router.get(
    "/{council_id}/members",
    response_model=Page[CouncilMemberRead],
    summary="List the council's members",
    description=f"In the order they were added, former members (`left_on`) included. {_READERS}",
    responses={**AUTH, **_NOT_FOUND},
)
def list_council_members(
    council_id: CouncilId, session: SessionDep, _principal: CouncilReader, page: PageDep
) -> Page[CouncilMemberRead]:
    views, next_cursor = service.list_members(session=session, council_id=council_id, page=page)
    return page.of(CouncilMemberRead, [CouncilMemberRead.of(v) for v in views], next_cursor)


@router.patch(
    "/{council_id}/members/{member_id}",
    response_model=CouncilMemberRead,
    summary="Change a member (secretariat, admin)",
    description="Only the fields sent change. A member who leaves gets `left_on` (no longer a member from "
    "that day): later sessions do not count them, earlier ones keep them.",
    responses={
        **_OFFICE,
        **_MEMBER_NOT_FOUND,
        409: {"description": "`council_has_chair` or `council_member_exists`."},
        422: {"description": "An invalid body, or no such active user (`user_not_found`)."},
    },
)
def update_council_member(
    council_id: CouncilId,
    member_id: MemberId,
    body: CouncilMemberUpdate,
    session: SessionDep,
    principal: MemberManager,
) -> CouncilMemberRead:
    view = service.patch_member(
        session=session,
        principal=principal,
        council_id=council_id,
        member_id=member_id,
        changes=body.changes(),
    )
    return CouncilMemberRead.of(view)


@router.delete(
    "/{council_id}/members/{member_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove a member added by mistake (secretariat, admin)",
    description="Only a member no session has counted; one a session counted stays, so its minutes keep "
    "naming them (409 `council_member_counted`): set `left_on` instead.",
    responses={
        **_OFFICE,
        **_MEMBER_NOT_FOUND,
        409: {"description": "A session counted the member (`council_member_counted`)."},
    },
)
def delete_council_member(
    council_id: CouncilId, member_id: MemberId, session: SessionDep, principal: MemberManager
) -> Response:
    service.remove_member(session=session, principal=principal, council_id=council_id, member_id=member_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
