"""The pledge (giao ước thi đua) of a campaign: thin routes over ``app.pledges.service``."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Depends, Response, status

from app.core.db import SessionDep
from app.core.etag import IfMatch, set_etag
from app.core.idempotency import Idempotent
from app.core.names import UnitRef
from app.core.principal import Principal
from app.core.responses import AUTH, PRECONDITION_FAILED, Responses, etag_headers, not_found
from app.core.routing import feature_router
from app.pledges import service
from app.pledges.policies import PledgeManager, PledgeReader, PledgeSigner
from app.pledges.schemas import CommitmentRead, PledgePut, PledgeRead, SignatureCreate, SignatureRead

router = feature_router(prefix="/campaigns", tags=["pledge"])

_ETAG = etag_headers("The pledge's version (every signature changes it too)")
# Reading or changing the pledge: who may, whether it exists, and its ETag.
_ONE: Responses = {
    **AUTH,
    404: {"description": "No such campaign, or it has no pledge yet."},
    200: {"headers": _ETAG},
}
_MANAGERS = "the leader (an officer of the unit leading or deputising the bloc that year) or the secretariat"
_CLOSED = "the campaign is closed (`campaign_closed`)"


def _read(view: service.PledgeView, response: Response) -> PledgeRead:
    pledge = view.pledge
    set_etag(response, pledge)
    return PledgeRead(
        id=pledge.id,
        campaign_id=pledge.campaign_id,
        status=pledge.status,
        title=pledge.title,
        preamble=pledge.preamble,
        commitments=[CommitmentRead.model_validate(c) for c in pledge.commitments],
        opened_at=pledge.opened_at,
        closed_at=pledge.closed_at,
        updated_at=pledge.updated_at,
        signatures=[SignatureRead.of(s, view.units) for s in view.signatures],
        unsigned_unit_ids=view.unsigned_unit_ids,
        unsigned_units=UnitRef.many(view.unsigned_unit_ids, view.units),
    )


@router.get(
    "/{campaign_id}/pledge",
    response_model=PledgeRead,
    name="get_pledge",
    summary="Read the campaign's pledge, who signed it and who has not",
    description="Readable by the bloc's member units that year, the secretariat and observers.",
    responses=_ONE,
)
def get_pledge(
    campaign_id: str, response: Response, session: SessionDep, _principal: PledgeReader
) -> PledgeRead:
    return _read(service.get(session=session, campaign_id=campaign_id), response)


@router.put(
    "/{campaign_id}/pledge",
    response_model=PledgeRead,
    summary="Write the pledge's text (leader, secretariat)",
    description=f"By {_MANAGERS}. The first `PUT` creates the pledge as a `draft`; later ones replace its "
    "whole text while it is a draft. Sending what is already stored changes nothing (same `ETag`).",
    responses={
        **AUTH,
        200: {"headers": _ETAG},
        **not_found("campaign"),
        409: {"description": f"The pledge is no longer a draft (`pledge_not_draft`), or {_CLOSED}."},
        **PRECONDITION_FAILED,
    },
)
def set_pledge(
    campaign_id: str,
    body: PledgePut,
    response: Response,
    session: SessionDep,
    principal: PledgeManager,
    if_match: IfMatch = None,
) -> PledgeRead:
    view = service.put(
        session=session,
        principal=principal,
        campaign_id=campaign_id,
        title=body.title,
        preamble=body.preamble,
        commitments=[c.model_dump() for c in body.commitments],
        if_match=if_match,
    )
    return _read(view, response)


def _transition(summary: str, legal: str) -> dict[str, Any]:
    return {
        "response_model": PledgeRead,
        "summary": summary,
        "description": f"By {_MANAGERS}. Only {legal}; any other transition is 409 `invalid_transition`.",
        "responses": {
            **_ONE,
            409: {"description": f"An illegal transition (`invalid_transition`), or {_CLOSED}."},
            **PRECONDITION_FAILED,
        },
    }


class _Target:
    """What a transition route acts on: the campaign's pledge, at the version the client read."""

    def __init__(
        self, campaign_id: str, response: Response, session: SessionDep, if_match: IfMatch = None
    ) -> None:
        self.campaign_id = campaign_id
        self.response = response
        self.session = session
        self.if_match = if_match

    def transition(self, action: Literal["open", "close"], principal: Principal) -> PledgeRead:
        view = service.transition(
            session=self.session,
            principal=principal,
            campaign_id=self.campaign_id,
            action=action,
            if_match=self.if_match,
        )
        return _read(view, self.response)


Target = Annotated[_Target, Depends()]


@router.post(
    "/{campaign_id}/pledge/open",
    **_transition("Open the pledge for signing (leader, secretariat)", "a `draft` pledge opens"),
)
def open_pledge(target: Target, principal: PledgeManager) -> PledgeRead:
    return target.transition("open", principal)


@router.post(
    "/{campaign_id}/pledge/close",
    **_transition("Close the pledge to signatures (leader, secretariat)", "an `open` pledge closes"),
)
def close_pledge(target: Target, principal: PledgeManager) -> PledgeRead:
    return target.transition("close", principal)


@router.post(
    "/{campaign_id}/pledge/signatures",
    response_model=SignatureRead,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Idempotent],
    summary="Sign the pledge for a member unit (its officers, the secretariat)",
    description="By an officer of that unit, or the secretariat on its behalf; only while the pledge is "
    "`open`. Each unit signs once.",
    responses={
        **AUTH,
        404: {"description": "No such campaign, or it has no pledge yet."},
        409: {
            "description": "The pledge is not open (`pledge_not_open`), the unit has signed "
            f"(`already_signed`), or {_CLOSED}."
        },
        422: {"description": "The unit is not a member of the bloc that year (`not_a_member`)."},
    },
)
def sign_pledge(
    campaign_id: str, body: SignatureCreate, session: SessionDep, principal: PledgeSigner
) -> SignatureRead:
    signed = service.sign(
        session=session,
        principal=principal,
        campaign_id=campaign_id,
        unit_id=body.unit_id,
        signatory_name=body.signatory_name,
        signatory_position=body.signatory_position,
    )
    return SignatureRead.of(signed.signature, {signed.signature.unit_id: signed.unit})
