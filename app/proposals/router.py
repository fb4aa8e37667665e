"""Proposals for commendation (issue 13): thin routes over ``app.proposals.service``.

One route per action of the procedure (``app.proposals.states.STEPS``), each with the policy that says who
takes it; every move goes through ``app.proposals.flow.move``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request, Response, status

from app.core.db import SessionDep
from app.core.etag import IfMatch, set_etag
from app.core.idempotency import Idempotent
from app.core.literal import InlineEnum
from app.core.pagination import Page, PageDep
from app.core.principal import Principal
from app.core.responses import AUTH, PRECONDITION_FAILED, Responses, etag_headers, not_found
from app.core.routing import feature_router
from app.dossiers import documents as dossier_documents
from app.dossiers import generated
from app.models import ProposalComment, ProposalOrigin, ProposalStatus, VotingSession
from app.proposals import service
from app.proposals.policies import (
    CommentRecorder,
    OfficeMover,
    OwnProposalCreator,
    ProposalCreator,
    ProposalEditor,
    ProposalLister,
    ProposalReader,
    ProposerMover,
    SessionProposer,
)
from app.proposals.schemas import (
    ActionBody,
    CommentAnswer,
    CommentCreate,
    CommentRead,
    ForwardBody,
    ItemCreate,
    ItemPatch,
    ItemRead,
    OwnProposalCreate,
    ProposalCreate,
    ProposalPatch,
    ProposalRead,
    ProposalReturn,
    TransitionRead,
)
from app.proposals.service import Move, ProposalView

router = feature_router(tags=["proposals"])

StatusQuery = InlineEnum[ProposalStatus]
_ETAG = etag_headers("The proposal's version")
_ONE: Responses = {**AUTH, **not_found("proposal (or the caller may not read it)"), 200: {"headers": _ETAG}}
_CREATED: Responses = {
    **AUTH,
    201: {
        "headers": {**_ETAG, "Location": {"description": "The proposal's URL.", "schema": {"type": "string"}}}
    },
    409: {"description": "A request with the same `Idempotency-Key` is in flight (`idempotency_in_flight`)."},
    422: {
        "description": "Invalid body, an unknown subject, title or form, `subject_not_in_unit`, "
        "`subject_mismatch`, or items decided by different authorities (`mixed_authority`)."
    },
}
_EDIT: Responses = {
    **_ONE,
    409: {"description": "The proposal is neither `draft` nor `returned` (`proposal_locked`)."},
    **PRECONDITION_FAILED,
    422: {"description": "Invalid body, `subject_not_in_unit`, `subject_mismatch` or `mixed_authority`."},
}
_MOVE: Responses = {
    **_ONE,
    409: {
        "description": "Out of order (`invalid_transition`, with `current_status` and `allowed_actions`), "
        "or a guard refuses (its own code, e.g. `dossier_incomplete`, `consultation_running`)."
    },
    **PRECONDITION_FAILED,
}


def _read(view: ProposalView) -> ProposalRead:
    p = view.proposal
    return ProposalRead(
        id=p.id,
        year=p.year,
        title=p.title,
        origin=str(p.origin),
        unit_id=p.unit_id,
        unit_code=view.unit.code if view.unit else None,
        unit_name=view.unit.name if view.unit else None,
        bloc_id=p.bloc_id,
        campaign_id=p.campaign_id,
        source_session_id=p.source_session_id,
        status=str(p.status),
        round=p.round,
        regime=p.regime_code,
        step_started_on=p.step_started_on,
        due_on=p.due_on,
        overdue=view.overdue,
        submitted_at=p.submitted_at,
        forwarded_to=p.forwarded_to,
        forwarded_on=p.forwarded_on,
        forwarded_ref=p.forwarded_ref,
        allowed_actions=view.allowed_actions,
        documents=view.documents,
        unanswered_comments=view.unanswered_comments,
        proposal_items=[
            ItemRead(
                id=v.item.id,
                position=v.item.position,
                subject_kind="person" if v.item.person_id is not None else "unit",
                unit_id=v.item.unit_id,
                unit_code=v.unit.code if v.unit else None,
                unit_name=v.unit.name if v.unit else None,
                person_id=v.item.person_id,
                person_code=v.person.code if v.person else None,
                person_name=v.person.name if v.person else None,
                kind="form" if v.item.form_code is not None else "title",
                title_code=v.item.title_code,
                form_code=v.item.form_code,
                name=v.name,
                method=str(v.item.method),
                achievements=v.item.achievements,
                status=str(v.item.status),
                verdict_outcome=str(v.item.verdict_outcome) if v.item.verdict_outcome else None,
                verdict=v.item.verdict,
                return_reason=v.item.return_reason,
                council_result=v.item.council_result,
                award_id=v.item.award_id,
            )
            for v in view.items
        ],
        created_at=p.created_at,
        updated_at=p.updated_at,
    )


def _answer(session: SessionDep, proposal_id: str, principal: Principal, response: Response) -> ProposalRead:
    view = service.get(session, principal, proposal_id)
    set_etag(response, view.proposal)
    return _read(view)


def _created(
    request: Request, response: Response, session: SessionDep, principal: Principal, proposal_id: str
) -> ProposalRead:
    response.headers["Location"] = str(request.url_for("get_proposal", proposal_id=proposal_id))
    return _answer(session, proposal_id, principal, response)


# ---- creating ------------------------------------------------------------------------------------------


@router.post(
    "/proposals",
    response_model=ProposalRead,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Idempotent],
    summary="Draft a unit's proposal (its officers and head, its proposals:write client, the secretariat)",
    description="A `draft` of origin `unit`, with its items inline or added later. A unit proposes itself "
    "or its own people (422 `subject_not_in_unit`); every item of one proposal is decided by the same "
    "authority (422 `mixed_authority`). Honours `Idempotency-Key`.",
    responses=_CREATED,
)
def create_proposal(
    body: ProposalCreate,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: ProposalCreator,
) -> ProposalRead:
    proposal = service.create(
        session,
        principal,
        origin=ProposalOrigin.UNIT,
        unit_id=body.unit_id,
        year=body.year,
        title=body.title,
        items=[i.model_dump() for i in body.items],
    )
    return _created(request, response, session, principal, proposal.id)


@router.post(
    "/secretariat/proposals",
    response_model=ProposalRead,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Idempotent],
    summary="Draft the secretariat's own proposal (secretariat)",
    description="A `draft` of origin `secretariat` (no proposing unit), for any unit or person. Every item "
    "is decided by the same authority (422 `mixed_authority`). Honours `Idempotency-Key`.",
    responses=_CREATED,
)
def create_own_proposal(
    body: OwnProposalCreate,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: OwnProposalCreator,
) -> ProposalRead:
    proposal = service.create(
        session,
        principal,
        origin=ProposalOrigin.SECRETARIAT,
        unit_id=None,
        year=body.year,
        title=body.title,
        items=[i.model_dump() for i in body.items],
    )
    return _created(request, response, session, principal, proposal.id)


@router.post(
    "/voting-sessions/{session_id}/proposal",
    response_model=ProposalRead,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Idempotent],
    summary="Propose a published session's winners (the bloc leader, the secretariat)",
    description="A `draft` of origin `bloc`, for the unit leading the bloc that year: one item per award "
    "the session's publication proposed (the unit, the session's title, `award_id`), `source_session_id` "
    "set, and the session's counting minutes in its dossier (a `review_minutes` document drafted by the "
    "system). Idempotent: a second call answers the proposal made the first time, with 200.",
    responses={
        **_CREATED,
        200: {"description": "The session's proposal was made before: here it is.", "headers": _ETAG},
        **not_found("voting session (or the caller may not read it)"),
        409: {
            "description": "The session is not published (`session_not_published`) or elected nobody "
            "(`no_winners`)."
        },
        503: {"description": "No directory for documents on this server (`document_storage_unconfigured`)."},
    },
)
def create_session_proposal(
    session_id: str, request: Request, response: Response, session: SessionDep, principal: SessionProposer
) -> ProposalRead:
    proposal, made = service.create_from_session(session, principal, session_id)
    if made:  # the counting minutes of the ballot are the proposal's review minutes
        store = dossier_documents.store_for(request.app.state.settings)
        voting_session = session.get(VotingSession, session_id)
        assert voting_session is not None  # the proposal was just made from it
        generated.attach_counting_minutes(
            session, store, proposal=proposal, voting_session=voting_session, principal=principal
        )
    else:
        response.status_code = status.HTTP_200_OK
    return _created(request, response, session, principal, proposal.id)


# ---- reading -------------------------------------------------------------------------------------------


@router.get(
    "/proposals",
    response_model=Page[ProposalRead],
    summary="List proposals",
    description="In creation order. The secretariat, admins and observers see every proposal; an officer "
    "or head their unit's; a `proposals:write` client its bound unit's; anyone else none.",
    responses=AUTH,
)
def list_proposals(
    session: SessionDep,
    principal: ProposalLister,
    page: PageDep,
    year: Annotated[int | None, Query(ge=1945, le=2200, description="Only this year's.")] = None,
    status_: Annotated[StatusQuery | None, Query(alias="status", description="Only in this state.")] = None,
    unit_id: Annotated[str | None, Query(max_length=64, description="Only this unit's.")] = None,
    overdue: Annotated[
        bool | None,
        Query(description="`true`: only those whose current step is overdue; `false`: the others."),
    ] = None,
) -> Page[ProposalRead]:
    flt = service.ProposalFilter(
        year=year, status=str(status_) if status_ else None, unit_id=unit_id, overdue=overdue
    )
    views, next_cursor = service.list_proposals(session, principal, flt, page)
    return page.of(ProposalRead, [_read(v) for v in views], next_cursor)


@router.get(
    "/proposals/{proposal_id}",
    response_model=ProposalRead,
    name="get_proposal",
    summary="Read a proposal with its items",
    description="With each item's verdict as recorded at submission, the deadline of the current step "
    "(`due_on`, `overdue`), what the caller may do next (`allowed_actions`) and the dossier's documents "
    "counted by type. Readable by the proposing unit's officers and head, its `proposals:write` client, "
    "the secretariat, admins and observers; 404 for anyone else.",
    responses=_ONE,
)
def get_proposal(
    proposal_id: str, response: Response, session: SessionDep, principal: ProposalReader
) -> ProposalRead:
    return _answer(session, proposal_id, principal, response)


@router.get(
    "/proposals/{proposal_id}/transitions",
    response_model=Page[TransitionRead],
    summary="The proposal's history of moves",
    description="Every move in order: the action, from and to which state, the round, when, who, the note, "
    "the return's reasons per item, and the deadline it set.",
    responses={**AUTH, **not_found("proposal (or the caller may not read it)")},
)
def list_proposal_transitions(
    proposal_id: str, session: SessionDep, principal: ProposalReader, page: PageDep
) -> Page[TransitionRead]:
    del principal
    rows, next_cursor = service.transitions(session, proposal_id, page)
    reads = [
        TransitionRead(
            action=t.action,
            from_status=t.from_status,
            to_status=t.to_status,
            round=t.round,
            at=t.at,
            actor_id=t.actor_id,
            actor_name=t.actor_name,
            note=t.note,
            reasons=t.details,
            due_on=t.due_on,
        )
        for t in rows
    ]
    return page.of(TransitionRead, reads, next_cursor)


# ---- editing -------------------------------------------------------------------------------------------


@router.patch(
    "/proposals/{proposal_id}",
    response_model=ProposalRead,
    summary="Change a draft's or a returned proposal's abstract",
    responses=_EDIT,
)
def update_proposal(
    proposal_id: str,
    body: ProposalPatch,
    response: Response,
    session: SessionDep,
    principal: ProposalEditor,
    if_match: IfMatch = None,
) -> ProposalRead:
    service.patch(session, principal, proposal_id, title=body.title, if_match=if_match)
    return _answer(session, proposal_id, principal, response)


@router.post(
    "/proposals/{proposal_id}/items",
    response_model=ProposalRead,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Idempotent],
    summary="Add an item to a draft or a returned proposal",
    description="Answers the proposal with the new item last. Honours `If-Match` and `Idempotency-Key`.",
    responses={**_EDIT, 201: {"headers": _ETAG}},
)
def create_proposal_item(
    proposal_id: str,
    body: ItemCreate,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: ProposalEditor,
    if_match: IfMatch = None,
) -> ProposalRead:
    service.add_item(session, principal, proposal_id, body.model_dump(), if_match)
    return _created(request, response, session, principal, proposal_id)


@router.patch(
    "/proposals/{proposal_id}/items/{item_id}",
    response_model=ProposalRead,
    summary="Change an item of a draft or a returned proposal",
    responses=_EDIT,
)
def update_proposal_item(
    proposal_id: str,
    item_id: str,
    body: ItemPatch,
    response: Response,
    session: SessionDep,
    principal: ProposalEditor,
    if_match: IfMatch = None,
) -> ProposalRead:
    service.patch_item(session, principal, proposal_id, item_id, body.model_dump(exclude_none=True), if_match)
    return _answer(session, proposal_id, principal, response)


@router.delete(
    "/proposals/{proposal_id}/items/{item_id}",
    response_model=ProposalRead,
    summary="Remove an item of a draft or a returned proposal",
    responses=_EDIT,
)
def delete_proposal_item(
    proposal_id: str,
    item_id: str,
    response: Response,
    session: SessionDep,
    principal: ProposalEditor,
    if_match: IfMatch = None,
) -> ProposalRead:
    service.delete_item(session, principal, proposal_id, item_id, if_match)
    return _answer(session, proposal_id, principal, response)


# ---- moves ---------------------------------------------------------------------------------------------


def _move(
    session: SessionDep,
    principal: Principal,
    response: Response,
    proposal_id: str,
    action: str,
    move: Move,
    if_match: str | None,
) -> ProposalRead:
    proposal = service.load(session, proposal_id)
    by = service.caller_by(principal, proposal)
    service.act(session, principal, proposal_id, action, move, by=by, if_match=if_match)
    return _answer(session, proposal_id, principal, response)


def _note(body: ActionBody | None) -> Move:
    return Move(note=body.note if body else None)


@router.post(
    "/proposals/{proposal_id}/submit",
    response_model=ProposalRead,
    summary="Submit a draft or a returned proposal (the proposer, the secretariat)",
    description="`draft` | `returned` → `submitted` (a resubmission starts the next round). Records the "
    "engine's verdict on every live item and puts returned items back to `pending`. Refused while the "
    "dossier lacks a required document (409 `dossier_incomplete`, naming them) or without items (409 "
    "`proposal_empty`).",
    responses=_MOVE,
)
def submit_proposal(
    proposal_id: str,
    response: Response,
    session: SessionDep,
    principal: ProposerMover,
    body: ActionBody | None = None,
    if_match: IfMatch = None,
) -> ProposalRead:
    return _move(session, principal, response, proposal_id, "submit", _note(body), if_match)


@router.post(
    "/proposals/{proposal_id}/withdraw",
    response_model=ProposalRead,
    summary="Withdraw a proposal before review (the proposer, the secretariat)",
    description="`draft` | `submitted` | `returned` → `withdrawn`; its pending items are withdrawn.",
    responses=_MOVE,
)
def withdraw_proposal(
    proposal_id: str,
    response: Response,
    session: SessionDep,
    principal: ProposerMover,
    body: ActionBody | None = None,
    if_match: IfMatch = None,
) -> ProposalRead:
    return _move(session, principal, response, proposal_id, "withdraw", _note(body), if_match)


@router.post(
    "/proposals/{proposal_id}/take-up",
    response_model=ProposalRead,
    summary="Take a submitted proposal up for review (secretariat)",
    description="`submitted` → `under_review`; the appraisal's deadline keeps running.",
    responses=_MOVE,
)
def take_up_proposal(
    proposal_id: str,
    response: Response,
    session: SessionDep,
    principal: OfficeMover,
    body: ActionBody | None = None,
    if_match: IfMatch = None,
) -> ProposalRead:
    return _move(session, principal, response, proposal_id, "take_up", _note(body), if_match)


@router.post(
    "/proposals/{proposal_id}/return",
    response_model=ProposalRead,
    summary="Return a proposal to the proposer with a reason per item (secretariat)",
    description="`submitted` | `under_review` | `checked` → `returned`. The items named in `reasons` "
    "become `returned` with their `return_reason`; the others stay as they are. Every key must be an item "
    "of the proposal (409 `return_reasons_required`).",
    responses=_MOVE,
)
def return_proposal(
    proposal_id: str,
    body: ProposalReturn,
    response: Response,
    session: SessionDep,
    principal: OfficeMover,
    if_match: IfMatch = None,
) -> ProposalRead:
    move = Move(note=body.note, reasons=dict(body.reasons))
    return _move(session, principal, response, proposal_id, "return", move, if_match)


@router.post(
    "/proposals/{proposal_id}/check",
    response_model=ProposalRead,
    summary="Record that the appraisal is complete (secretariat)",
    description="`under_review` → `checked`.",
    responses=_MOVE,
)
def check_proposal(
    proposal_id: str,
    response: Response,
    session: SessionDep,
    principal: OfficeMover,
    body: ActionBody | None = None,
    if_match: IfMatch = None,
) -> ProposalRead:
    return _move(session, principal, response, proposal_id, "check", _note(body), if_match)


@router.post(
    "/proposals/{proposal_id}/open-consultation",
    response_model=ProposalRead,
    summary="Open the public consultation (secretariat)",
    description="`checked` → `consultation`, when an item needs one (409 `consultation_not_required`); "
    "`due_on` is the period's last day.",
    responses=_MOVE,
)
def open_proposal_consultation(
    proposal_id: str,
    response: Response,
    session: SessionDep,
    principal: OfficeMover,
    body: ActionBody | None = None,
    if_match: IfMatch = None,
) -> ProposalRead:
    return _move(session, principal, response, proposal_id, "open_consultation", _note(body), if_match)


@router.post(
    "/proposals/{proposal_id}/to-council",
    response_model=ProposalRead,
    summary="Put the proposal before the council (secretariat)",
    description="`checked` | `consultation` → `council`. Refused while a required consultation has not "
    "been held (409 `consultation_required`), still runs (`consultation_running`) or has unanswered "
    "comments (`comments_unanswered`).",
    responses=_MOVE,
)
def submit_to_council(
    proposal_id: str,
    response: Response,
    session: SessionDep,
    principal: OfficeMover,
    body: ActionBody | None = None,
    if_match: IfMatch = None,
) -> ProposalRead:
    return _move(session, principal, response, proposal_id, "to_council", _note(body), if_match)


@router.post(
    "/proposals/{proposal_id}/to-signing",
    response_model=ProposalRead,
    summary="Send the council's approved items to signing (secretariat)",
    description="`council` → `signing`, once every item has the council's outcome and some were approved, "
    "all decided by the minister.",
    responses=_MOVE,
)
def submit_to_signing(
    proposal_id: str,
    response: Response,
    session: SessionDep,
    principal: OfficeMover,
    body: ActionBody | None = None,
    if_match: IfMatch = None,
) -> ProposalRead:
    return _move(session, principal, response, proposal_id, "to_signing", _note(body), if_match)


@router.post(
    "/proposals/{proposal_id}/forward",
    response_model=ProposalRead,
    summary="Forward the approved items to the higher level (secretariat)",
    description="`council` → `forwarded`, when the approved items are decided by the Prime Minister or the "
    "President: to whom, when, and the reference of the ministry's submission.",
    responses=_MOVE,
)
def forward_proposal(
    proposal_id: str,
    body: ForwardBody,
    response: Response,
    session: SessionDep,
    principal: OfficeMover,
    if_match: IfMatch = None,
) -> ProposalRead:
    move = Move(
        note=body.note,
        forwarded_to=body.forwarded_to,
        forwarded_on=body.forwarded_on,
        forwarded_ref=body.forwarded_ref,
    )
    return _move(session, principal, response, proposal_id, "forward", move, if_match)


@router.post(
    "/proposals/{proposal_id}/reject",
    response_model=ProposalRead,
    summary="Reject a proposal the council approved nothing of (secretariat)",
    description="`council` | `forwarded` → `rejected`, when no item is approved (409 `items_approved`).",
    responses=_MOVE,
)
def reject_proposal(
    proposal_id: str,
    response: Response,
    session: SessionDep,
    principal: OfficeMover,
    body: ActionBody | None = None,
    if_match: IfMatch = None,
) -> ProposalRead:
    return _move(session, principal, response, proposal_id, "reject", _note(body), if_match)


# ---- consultation --------------------------------------------------------------------------------------


def _comment(c: ProposalComment) -> CommentRead:
    return CommentRead(
        id=c.id,
        proposal_id=c.proposal_id,
        item_id=c.item_id,
        author_name=c.author_name,
        body=c.body,
        received_at=c.received_at,
        answer=c.answer,
        answered_at=c.answered_at,
    )


@router.get(
    "/proposals/{proposal_id}/comments",
    response_model=Page[CommentRead],
    summary="The comments received during the public consultation",
    responses={**AUTH, **not_found("proposal (or the caller may not read it)")},
)
def list_proposal_comments(
    proposal_id: str, session: SessionDep, principal: ProposalReader, page: PageDep
) -> Page[CommentRead]:
    del principal
    rows, next_cursor = service.comments(session, proposal_id, page)
    return page.of(CommentRead, [_comment(c) for c in rows], next_cursor)


@router.post(
    "/proposals/{proposal_id}/comments",
    response_model=CommentRead,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Idempotent],
    summary="Record a comment received during the consultation (secretariat)",
    description="Only while the proposal is in consultation (409 `not_in_consultation`).",
    responses={
        **AUTH,
        **not_found("proposal (or the caller may not read it)"),
        409: {"description": "Not in consultation (`not_in_consultation`)."},
    },
)
def create_proposal_comment(
    proposal_id: str, body: CommentCreate, session: SessionDep, principal: CommentRecorder
) -> CommentRead:
    comment = service.add_comment(
        session, principal, proposal_id, author_name=body.author_name, body=body.body, item_id=body.item_id
    )
    return _comment(comment)


@router.post(
    "/proposals/{proposal_id}/comments/{comment_id}/answer",
    response_model=CommentRead,
    summary="Record the office's answer to a comment (secretariat)",
    responses={**AUTH, **not_found("proposal or comment")},
)
def set_comment_answer(
    proposal_id: str, comment_id: str, body: CommentAnswer, session: SessionDep, principal: CommentRecorder
) -> CommentRead:
    return _comment(service.answer_comment(session, principal, proposal_id, comment_id, answer=body.answer))
