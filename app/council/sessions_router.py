"""The council's sessions: thin routes over ``app.council.sessions`` and ``app.council.ballots``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import BackgroundTasks, Body, Depends, Path, Query, Request, Response, status

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
    download,
    etag_headers,
)
from app.core.routing import feature_router
from app.council import ballots, minutes_service, sessions
from app.council.policies import (
    SessionChair,
    SessionCreator,
    SessionLister,
    SessionManager,
    SessionReader,
    SessionRecorder,
    Voter,
)
from app.council.schemas import (
    CouncilAttendanceLine,
    CouncilBallotCreate,
    CouncilBallotReceipt,
    CouncilResultRead,
    CouncilSessionCreate,
    CouncilSessionRead,
    CouncilSessionUpdate,
    CouncilTurnoutRead,
    CouncilWrittenVoteCreate,
)
from app.law.procedure import ProcedureRules
from app.models import CouncilBallot, CouncilSessionStatus, CouncilVoter
from app.models.base import table_of
from app.voting import scrub

router = feature_router(prefix="", tags=["council sessions"])

_ETAG = etag_headers("The session's version")
_NOT_FOUND: Responses = {404: {"description": "No such session, or one this principal may not read."}}
_ONE: Responses = {**AUTH, **_NOT_FOUND, 200: {"headers": _ETAG}}
_NO_STORE = {"Cache-Control": "no-store"}
_READERS = "admins, the secretariat, observers and the council's members; others get 404"
MAX_ATTENDANCE = 200

CouncilId = Annotated[str, Path(description="The council's id.")]
SessionId = Annotated[str, Path(description="The council session's id.")]


def _procedure(request: Request) -> ProcedureRules:
    """The quorum share (``THIDUA_COUNCIL_QUORUM_SHARE``, 2/3) and the vote rounding
    (``THIDUA_COUNCIL_VOTE_ROUNDING``, up) the law leaves to settings."""
    return ProcedureRules.from_settings(request.app.state.settings)


Procedure = Annotated[ProcedureRules, Depends(_procedure)]


def _read(view: sessions.SessionView, response: Response) -> CouncilSessionRead:
    set_etag(response, view.row)
    return CouncilSessionRead.of(view)


@router.post(
    "/councils/{council_id}/sessions",
    response_model=CouncilSessionRead,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Idempotent],
    summary="Prepare a council session (secretariat, admin)",
    description="A `draft` session: its day, place and agenda (the proposal items to vote on). Each item "
    "must be a pending item of a proposal in state `council`, on no other draft or open session's agenda.",
    responses={
        **AUTH,
        404: {"description": "No such council."},
        201: {"headers": _ETAG},
        409: {
            "description": "An agenda item is not ready (`agenda_item_not_ready`, naming each in `errors`)."
        },
        422: {"description": "An invalid body."},
    },
)
def create_council_session(
    council_id: CouncilId,
    body: CouncilSessionCreate,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: SessionCreator,
    procedure: Procedure,
) -> CouncilSessionRead:
    view = sessions.create(
        session=session,
        principal=principal,
        council_id=council_id,
        fields=body.model_dump(),
        procedure=procedure,
    )
    response.headers["Location"] = str(request.url_for("get_council_session", council_session_id=view.row.id))
    return _read(view, response)


@router.get(
    "/councils/{council_id}/sessions",
    response_model=Page[CouncilSessionRead],
    summary="List the council's sessions",
    description="In creation order. Readable by admins, the secretariat, observers and the council's "
    "members.",
    responses={**AUTH, 404: {"description": "No such council."}},
)
def list_council_sessions(
    council_id: CouncilId,
    session: SessionDep,
    _principal: SessionLister,
    page: PageDep,
    procedure: Procedure,
    status: Annotated[CouncilSessionStatus | None, Query(description="Only sessions in this status.")] = None,
) -> Page[CouncilSessionRead]:
    views, next_cursor = sessions.list_sessions(
        session=session, council_id=council_id, page=page, procedure=procedure, status=status
    )
    return page.of(CouncilSessionRead, [CouncilSessionRead.of(v) for v in views], next_cursor)


@router.get(
    "/council-sessions/{council_session_id}",
    response_model=CouncilSessionRead,
    name="get_council_session",
    summary="Read a council session",
    description=f"With its agenda (names beside ids; the required yes votes once open; the outcomes once "
    f"closed) and its attendance. Readable by {_READERS}.",
    responses={**UNAUTHENTICATED, 200: {"headers": _ETAG}, **_NOT_FOUND},
)
def get_council_session(
    council_session_id: SessionId,
    response: Response,
    session: SessionDep,
    _principal: SessionReader,
    procedure: Procedure,
) -> CouncilSessionRead:
    return _read(sessions.get(session=session, session_id=council_session_id, procedure=procedure), response)


@router.patch(
    "/council-sessions/{council_session_id}",
    response_model=CouncilSessionRead,
    summary="Change a draft session (secretariat, admin)",
    description="Its day, place, notes or agenda (the whole list, same rules as at creation); only while "
    "`draft` (409 `invalid_transition`).",
    responses={
        **_ONE,
        409: {"description": "Not a draft (`invalid_transition`), or an agenda item not ready."},
        **PRECONDITION_FAILED,
        422: {"description": "An invalid body."},
    },
)
def update_council_session(
    council_session_id: SessionId,
    body: CouncilSessionUpdate,
    response: Response,
    session: SessionDep,
    principal: SessionManager,
    procedure: Procedure,
    if_match: IfMatch = None,
) -> CouncilSessionRead:
    view = sessions.patch(
        session=session,
        principal=principal,
        session_id=council_session_id,
        changes=body.changes(),
        if_match=if_match,
        procedure=procedure,
    )
    return _read(view, response)


@router.put(
    "/council-sessions/{council_session_id}/attendance",
    response_model=CouncilSessionRead,
    summary="Record who attends (the council's secretary, the secretariat)",
    description="The whole attendance of a `draft` session, one line per member: present or not, and the "
    "substitute a member sent in writing (who votes for them). A member without a line counts as absent "
    "when the session opens.",
    responses={
        **_ONE,
        409: {"description": "Not a draft (`invalid_transition`)."},
        **PRECONDITION_FAILED,
        422: {"description": "A line names someone who is not a member (`not_council_member`), or twice."},
    },
)
def set_council_attendance(
    council_session_id: SessionId,
    body: Annotated[list[CouncilAttendanceLine], Body(max_length=MAX_ATTENDANCE)],
    response: Response,
    session: SessionDep,
    principal: SessionRecorder,
    procedure: Procedure,
    if_match: IfMatch = None,
) -> CouncilSessionRead:
    view = sessions.set_attendance(
        session=session,
        principal=principal,
        session_id=council_session_id,
        lines=[line.model_dump() for line in body],
        if_match=if_match,
        procedure=procedure,
    )
    return _read(view, response)


class _Target:
    """What a transition acts on: the session in the path, at the version the client read."""

    def __init__(
        self,
        council_session_id: SessionId,
        request: Request,
        response: Response,
        session: SessionDep,
        tasks: BackgroundTasks,
        procedure: Procedure,
        if_match: IfMatch = None,
    ) -> None:
        self.session_id = council_session_id
        self.request = request
        self.response = response
        self.session = session
        self.tasks = tasks
        self.procedure = procedure
        self.if_match = if_match

    def transition(self, action: str, principal: Principal) -> CouncilSessionRead:
        view = sessions.transition(
            session=self.session,
            principal=principal,
            session_id=self.session_id,
            action=action,
            if_match=self.if_match,
            procedure=self.procedure,
        )
        if view.sealed:  # after the commit, as for ballot sessions (app.voting.scrub)
            tables = (table_of(CouncilBallot), table_of(CouncilVoter))
            self.tasks.add_task(scrub.scrub, self.request.app.state.engine, tables)
        return _read(view, self.response)


Target = Annotated[_Target, Depends()]


def _transition(summary: str, description: str, conflicts: str) -> dict[str, Any]:
    return {
        "response_model": CouncilSessionRead,
        "summary": summary,
        "description": description,
        "responses": {**_ONE, 409: {"description": conflicts}, **PRECONDITION_FAILED},
    }


@router.post(
    "/council-sessions/{council_session_id}/open",
    **_transition(
        "Open the session and the vote (the chair, the secretariat)",
        "From `draft`. Freezes `members_count` (ALL the council's members that day; a member without an "
        "attendance line is absent), checks the quorum (present ≥ the quorum share of ALL members, 2/3 by "
        "default, TT 25/2025/TT-BKHCN Art 23), and freezes each item's `required_share` and `required_yes`: "
        "the law's share of ALL members for the proposal's regime (law.md §2.4: e.g. 90% for Chiến sĩ thi "
        "đua cấp Bộ, 80% for Cờ thi đua của Bộ under Decree 98/2023 Art 30(7)), `ceil(share × members)`; "
        "where the law sets none, more than half of the members present.",
        "Not a draft (`invalid_transition`), the quorum is not met (`quorum_not_met`, with `present`, "
        "`required` and `members`), or the agenda is empty (`agenda_empty`).",
    ),
)
def open_council_session(target: Target, principal: SessionChair) -> CouncilSessionRead:
    return target.transition("open", principal)


@router.post(
    "/council-sessions/{council_session_id}/close",
    **_transition(
        "Close the vote and count (the chair, the secretariat)",
        "From `open`. Counts the ballots (written votes included), freezes the result, sets each agenda "
        "item's `outcome` and the proposal item's `status` (`approved` when its yes votes reach "
        "`required_yes`, else `rejected`) and `council_result`. The proposal itself is moved on by the "
        "secretariat through the proposals API. The ballot rows are resealed and the storage scrubbed.",
        "Not open (`invalid_transition`).",
    ),
)
def close_council_session(target: Target, principal: SessionChair) -> CouncilSessionRead:
    return target.transition("close", principal)


@router.post(
    "/council-sessions/{council_session_id}/cancel",
    **_transition(
        "Cancel a draft session (secretariat, admin)",
        "From `draft` only; its agenda items are free for another session.",
        "Not a draft (`invalid_transition`).",
    ),
)
def cancel_council_session(target: Target, principal: SessionManager) -> CouncilSessionRead:
    return target.transition("cancel", principal)


# ---- the vote ------------------------------------------------------------------------------------------


@router.post(
    "/council-sessions/{council_session_id}/ballots",
    status_code=status.HTTP_201_CREATED,
    response_model=CouncilBallotReceipt,
    summary="Cast the caller's secret ballot (members present)",
    description="`yes`, `no` or `abstain` per agenda item; an item left out is an abstention. The voter is "
    "the member whose account the token is (a substitute sent in writing votes for the member). At most "
    "one ballot per member, however many requests race (the database refuses a second). `Idempotency-Key` "
    "is not honoured (a ballot is never stored with anything that names its voter): a retried ballot gets "
    "409 `already_voted`, and `GET .../turnout` (`i_voted`) confirms it counted. The stored ballot has a "
    "random id, no voter and no time; the audit trail records that the caller voted, never the ballot.",
    responses={
        **UNAUTHENTICATED,
        201: {"headers": {"Cache-Control": {"description": "`no-store`", "schema": {"type": "string"}}}},
        403: {
            "description": "Not a member of the council (`not_council_member`), or not marked present "
            "(`not_present`)."
        },
        **_NOT_FOUND,
        409: {
            "description": "Already voted (`already_voted`), or the session is not open (`session_not_open`)."
        },
        422: {"description": "A choice names an item not on the agenda (`not_on_agenda`), or a bad vote."},
    },
)
def cast_council_ballot(
    council_session_id: SessionId,
    body: CouncilBallotCreate,
    response: Response,
    session: SessionDep,
    principal: Voter,
) -> CouncilBallotReceipt:
    receipt = ballots.cast(
        session=session, principal=principal, session_id=council_session_id, choices=body.choices
    )
    response.headers.update(_NO_STORE)
    return CouncilBallotReceipt(receipt=receipt)


@router.post(
    "/council-sessions/{council_session_id}/written-votes",
    status_code=status.HTTP_201_CREATED,
    response_model=CouncilBallotReceipt,
    summary="Enter an absent member's written vote (the council's secretary, the secretariat)",
    description="The opinion in writing of a member the session counted as absent (law.md §2.4: absent "
    "members give a written opinion); it counts like a ballot and marks the member as having voted. It is "
    "stored like a ballot (no voter on the row), of kind `written`; the minutes count written votes. The "
    "answer is the ballot's receipt, for the member. Like ballots, not idempotent: a second one for the "
    "member is 409 `already_voted`.",
    responses={
        **AUTH,
        201: {"headers": {"Cache-Control": {"description": "`no-store`", "schema": {"type": "string"}}}},
        **_NOT_FOUND,
        409: {
            "description": "Already voted (`already_voted`), or the session is not open (`session_not_open`)."
        },
        422: {
            "description": "Not a member counted absent (`member_not_absent`), an item not on the agenda "
            "(`not_on_agenda`), or a bad vote."
        },
    },
)
def cast_council_written_vote(
    council_session_id: SessionId,
    body: CouncilWrittenVoteCreate,
    response: Response,
    session: SessionDep,
    principal: SessionRecorder,
) -> CouncilBallotReceipt:
    receipt = ballots.record_written(
        session=session,
        principal=principal,
        session_id=council_session_id,
        member_id=body.member_id,
        choices=body.choices,
    )
    response.headers.update(_NO_STORE)
    return CouncilBallotReceipt(receipt=receipt)


@router.get(
    "/council-sessions/{council_session_id}/turnout",
    response_model=CouncilTurnoutRead,
    summary="How many members are present and have voted",
    description=f"Counts only: who voted is never listed. Readable by {_READERS}.",
    responses={**UNAUTHENTICATED, **_NOT_FOUND},
)
def get_council_turnout(
    council_session_id: SessionId, session: SessionDep, principal: SessionReader
) -> CouncilTurnoutRead:
    return CouncilTurnoutRead.of(
        ballots.turnout(session=session, principal=principal, session_id=council_session_id)
    )


@router.get(
    "/council-sessions/{council_session_id}/result",
    response_model=CouncilResultRead,
    summary="Read the session's result",
    description=f"Once closed (else 409 `results_not_available`): per agenda item the yes, no and abstain "
    f"votes, the required yes votes and the outcome. Readable by {_READERS}.",
    responses={
        **UNAUTHENTICATED,
        **_NOT_FOUND,
        409: {"description": "Not closed (`results_not_available`)."},
    },
)
def get_council_result(
    council_session_id: SessionId, session: SessionDep, _principal: SessionReader
) -> CouncilResultRead:
    return CouncilResultRead.of(sessions.result(session=session, session_id=council_session_id))


@router.get(
    "/council-sessions/{council_session_id}/minutes.docx",
    response_class=Response,
    summary="Download the council's minutes (biên bản họp Hội đồng) as a Word document",
    description="In Vietnamese, once the session is closed: the council, the day and place, the members "
    "and who attended (substitutes named), the quorum, and per agenda item the yes, no and abstain votes, "
    "the required number and the outcome; written votes are counted. The minutes never say how a member "
    f"voted. Readable by {_READERS}.",
    responses={
        200: download("The minutes (DOCX), as an attachment.", media_types.DOCX),
        **UNAUTHENTICATED,
        **_NOT_FOUND,
        409: {"description": "Not closed (`results_not_available`)."},
    },
)
def get_council_minutes(
    council_session_id: SessionId, session: SessionDep, _principal: SessionReader, procedure: Procedure
) -> Response:
    doc = minutes_service.minutes_file(session, session_id=council_session_id, procedure=procedure)
    return attachment(doc.content, media_types.DOCX, doc.filename, no_store=True)
