"""Ballots of a session, its turnout and receipt checks: thin routes over ``app.voting.ballots``."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Response, status
from pydantic import BaseModel, ConfigDict, Field

from app.core.db import SessionDep
from app.core.responses import UNAUTHENTICATED
from app.core.routing import feature_router
from app.voting import ballots
from app.voting.policies import ReceiptChecker, SessionReader, Voter

router = feature_router(prefix="/voting-sessions", tags=["ballots"])

MAX_BALLOT_CHOICES = 500  # far above any real max_choices; only bounds the work a body can ask for

_NO_STORE = {"Cache-Control": "no-store"}


class BallotCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    choices: list[Annotated[str, Field(min_length=1, max_length=64)]] = Field(
        max_length=MAX_BALLOT_CHOICES,
        description="The candidate unit ids this ballot approves, at most the session's `max_choices`, "
        "each once. An empty list is a blank ballot; it counts as cast.",
        examples=[["3f0c1c8e-6a53-4c4e-9d67-2b1f0f3f6a10"]],
    )


class BallotReceipt(BaseModel):
    receipt: str = Field(
        description="Keep it: once the session is closed, `GET .../receipts/{receipt}` confirms the ballot "
        "was counted. 192 random bits; shown only this once, the server stores only its hash.",
        examples=["q3JbM1m0pW4pXo8Yc1s7fA2l9eZkT6uR"],
    )


class TurnoutRead(BaseModel):
    electorate: int = Field(description="Delegates in the session's electorate.")
    voted: int = Field(description="Delegates who have cast a ballot (blank ballots included).")
    i_voted: bool = Field(description="Whether the caller has cast a ballot in this session.")


class ReceiptCheck(BaseModel):
    counted: bool = Field(description="Always true: the ballot with this receipt is in the count.")


def _keep_receipt_out_of_logs(request: Request) -> None:
    """The access log writes the request path; a receipt in it would let a log reader find the ballot."""
    path = request.scope.get("path", "")
    head, sep, _receipt = path.rpartition("/receipts/")
    if sep:
        request.scope["path"] = f"{head}/receipts/[redacted]"


@router.post(
    "/{session_id}/ballots",
    status_code=status.HTTP_201_CREATED,
    response_model=BallotReceipt,
    summary="Cast the caller's ballot (delegates)",
    description="The voter is the token's user; a delegate casts at most one ballot per session, however "
    "many requests race (the database refuses a second). `Idempotency-Key` is not honoured here (a ballot "
    "is never stored with anything that names its voter): a retried ballot gets 409 `already_voted`, and "
    "`GET .../turnout` (`i_voted`) confirms it counted. In a secret session the stored ballot carries no "
    "voter, no time and a random id; the audit trail records that the caller voted in the session, never "
    "the ballot, its receipt or its choices.",
    responses={
        **UNAUTHENTICATED,
        201: {"headers": {"Cache-Control": {"description": "`no-store`", "schema": {"type": "string"}}}},
        403: {
            "description": "The caller is not in the session's electorate (`not_in_electorate`), or is a "
            "service client (`forbidden`)."
        },
        404: {"description": "No such session, or the caller may not read it."},
        409: {
            "description": "The caller has already voted (`already_voted`), or the session is not open "
            "(`session_not_open`)."
        },
        422: {
            "description": "A choice is not a candidate (`unknown_candidate`), is given twice "
            "(`duplicate_choice`), or there are more than `max_choices` (`too_many_choices`); each bad "
            "entry is named in `errors`."
        },
    },
)
def cast_session_ballot(
    session_id: str,
    body: BallotCreate,
    response: Response,
    session: SessionDep,
    principal: Voter,
) -> BallotReceipt:
    receipt = ballots.cast(session=session, principal=principal, session_id=session_id, choices=body.choices)
    response.headers.update(_NO_STORE)
    return BallotReceipt(receipt=receipt)


@router.get(
    "/{session_id}/turnout",
    response_model=TurnoutRead,
    summary="How many of the electorate have voted",
    description="Readable by the session's electorate, the leader, the secretariat and observers. Counts "
    "only: who voted is never listed.",
    responses={**UNAUTHENTICATED, 404: {"description": "No such session, or the caller may not read it."}},
)
def get_session_turnout(session_id: str, session: SessionDep, principal: SessionReader) -> TurnoutRead:
    t = ballots.turnout(session=session, principal=principal, session_id=session_id)
    return TurnoutRead(electorate=t.electorate, voted=t.voted, i_voted=t.i_voted)


@router.get(
    "/{session_id}/receipts/{receipt}",
    response_model=ReceiptCheck,
    summary="Check that the ballot with this receipt was counted",
    description='Once the session is closed (or published): `{"counted": true}` for a receipt of one of '
    "its ballots. The answer says nothing about the ballot's content. Any authenticated principal holding "
    "a receipt may check it; readers of the session learn whether it is closed yet without one. The "
    "receipt is kept out of the server's logs.",
    responses={
        **UNAUTHENTICATED,
        404: {
            "description": "No ballot of this session has this receipt, or no such session (for a caller "
            "who neither reads the session nor holds one of its receipts)."
        },
        409: {"description": "The session is not closed yet, or was cancelled (`session_not_closed`)."},
    },
    dependencies=[Depends(_keep_receipt_out_of_logs)],
)
def check_session_receipt(
    session_id: str, receipt: str, response: Response, session: SessionDep, principal: ReceiptChecker
) -> ReceiptCheck:
    counted = ballots.check_receipt(
        session=session, principal=principal, session_id=session_id, receipt=receipt
    )
    response.headers.update(_NO_STORE)
    return ReceiptCheck(counted=counted)
