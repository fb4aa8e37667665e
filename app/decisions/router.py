"""Decisions: thin routes over ``app.decisions.service`` — the registers, the decisions (draft, change,
issue, read, download), a higher authority's outcome on a forwarded proposal, and the recoveries a
revocation tracks."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request, Response, status

from app.core import media_types
from app.core.db import SessionDep
from app.core.etag import IfMatch, set_etag
from app.core.idempotency import Idempotent
from app.core.pagination import Page, PageDep
from app.core.responses import (
    AUTH,
    PRECONDITION_FAILED,
    UNAUTHENTICATED,
    Responses,
    attachment,
    download,
    etag_headers,
    not_found,
)
from app.core.routing import feature_router
from app.decisions import document, service
from app.decisions.policies import (
    DecisionReader,
    DecisionsLister,
    DecisionWriter,
    OutcomeRecorder,
    RecoveryReader,
    RecoveryTracker,
    RegisterKeeper,
)
from app.decisions.schemas import (
    CommendationDecisionRead,
    DecisionCreate,
    DecisionKind,
    DecisionRecipientRead,
    DecisionRegisterCreate,
    DecisionRegisterRead,
    DecisionStatus,
    DecisionUpdate,
    ProposalOutcomeCreate,
    RecoveryRead,
    RecoveryUpdate,
)
from app.decisions.service import DecisionFilter, DecisionView
from app.models.decision import DecisionRegister, Recovery

registers_router = feature_router(prefix="/decision-registers", tags=["decisions"])
router = feature_router(prefix="/decisions", tags=["decisions"])
outcome_router = feature_router(prefix="/proposals", tags=["decisions"])
recoveries_router = feature_router(prefix="/recoveries", tags=["decisions"])

_ETAG = etag_headers("The decision's version")
_ONE: Responses = {
    **AUTH,
    **not_found("decision (or a draft, to anyone but the staff)"),
    200: {"headers": _ETAG},
}


def _register(r: DecisionRegister) -> DecisionRegisterRead:
    return DecisionRegisterRead.model_validate(r, from_attributes=True)


def _decision(v: DecisionView) -> CommendationDecisionRead:
    d = v.decision
    return CommendationDecisionRead(
        id=d.id,
        kind=str(d.kind),
        status=str(d.status),
        number=d.number,
        number_text=d.number_text,
        external=d.external,
        authority_code=d.authority_code,
        authority_name=d.authority_name,
        register_id=d.register_id,
        subject=d.subject,
        decision_date=d.decision_date,
        signer_name=d.signer_name,
        signer_position=d.signer_position,
        legal_grounds=[str(g) for g in d.legal_grounds],
        proposal_id=d.proposal_id,
        proposal_title=v.proposal_title,
        target_decision_id=d.target_decision_id,
        target_number_text=v.target_number_text,
        revocation_ground=d.revocation_ground,
        revocation_ground_text=v.ground_text,
        revocation_ground_citation=v.ground_citation,
        reason=d.reason,
        issued_at=d.issued_at,
        recipients=[
            DecisionRecipientRead(
                id=r.row.id,
                position=r.row.position,
                name=r.row.name,
                unit_id=r.row.unit_id,
                unit_code=r.unit[0] if r.unit else None,
                unit_name=r.unit[1] if r.unit else None,
                person_id=r.row.person_id,
                person_name=r.person,
                title_code=r.row.title_code,
                title_name=r.award_name if r.row.title_code else None,
                form_code=r.row.form_code,
                form_name=r.award_name if r.row.form_code else None,
                award_name=r.award_name,
                cash_vnd=r.row.cash_vnd,
                certificate_number=r.row.certificate_number,
                award_id=r.row.award_id,
                proposal_item_id=r.row.proposal_item_id,
                replaces_recipient_id=r.replaces_recipient_id,
            )
            for r in v.recipients
        ],
        created_at=d.created_at,
        updated_at=d.updated_at,
    )


def _read(v: DecisionView, response: Response) -> CommendationDecisionRead:
    set_etag(response, v.decision)
    return _decision(v)


def _recovery(r: Recovery, names: dict[str, str]) -> RecoveryRead:
    return RecoveryRead(
        id=r.id,
        decision_id=r.decision_id,
        award_id=r.award_id,
        recipient_name=names.get(r.award_id),
        money_due_vnd=r.money_due_vnd,
        money_recovered_vnd=r.money_recovered_vnd,
        object_description=r.object_description,
        object_recovered=r.object_recovered,
        completed_on=r.completed_on,
        note=r.note,
        updated_at=r.updated_at,
    )


# ---- registers ----------------------------------------------------------------------------------------


@registers_router.post(
    "",
    response_model=DecisionRegisterRead,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Idempotent],
    summary="Open a decision register for an authority and a year (secretariat)",
    description="The numbering book (sổ đăng ký) every decision of the authority dated that year takes its "
    "number from: 1, 2, 3 … without gap or duplicate, read as `{number}/{symbol}`. One per authority and "
    "year (409 `register_exists`).",
    responses={**AUTH, 409: {"description": "The authority already has a register that year."}},
)
def create_decision_register(
    body: DecisionRegisterCreate, session: SessionDep, principal: RegisterKeeper
) -> DecisionRegisterRead:
    return _register(service.create_register(session, actor=principal.actor, **body.model_dump()))


@registers_router.get(
    "",
    response_model=Page[DecisionRegisterRead],
    summary="List the decision registers (secretariat)",
    description="In the order they were opened, with the last number each has given.",
    responses=AUTH,
)
def list_decision_registers(
    session: SessionDep,
    principal: RegisterKeeper,
    page: PageDep,
    year: Annotated[int | None, Query(ge=1945, le=2200, description="Only this year's registers.")] = None,
) -> Page[DecisionRegisterRead]:
    rows, next_cursor = service.list_registers(session, year=year, page=page)
    return page.of(DecisionRegisterRead, [_register(r) for r in rows], next_cursor)


# ---- decisions ----------------------------------------------------------------------------------------


@router.post(
    "",
    response_model=CommendationDecisionRead,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Idempotent],
    summary="Draft a decision (secretariat)",
    description="`award`: from a proposal in state `signing` (`proposal_id`); its approved items become the "
    "recipients, each with the name as printed, the title or form, and the cash the law of the decision date "
    "pays (shown now, fixed when issued). `amendment`: corrects recipients of an issued award decision "
    "(`amendments`, each naming `replaces_recipient_id`). `revocation`: revokes recipients of an issued "
    "award decision (`revoked_recipient_ids`) on a ground of law.md §5 (`revocation_ground`). "
    "`legal_grounds` defaults to the `Căn cứ …` lines of the regime in force on the decision date.",
    responses={
        **AUTH,
        201: {"headers": _ETAG},
        409: {
            "description": "The proposal is not in `signing` (`proposal_not_signing`) or has nothing "
            "approved (`nothing_approved`); the target is not an issued award decision "
            "(`target_not_amendable`)."
        },
        422: {"description": "Invalid body; unknown proposal, target or recipients; `unknown_ground`."},
    },
)
def create_decision(
    body: DecisionCreate, request: Request, response: Response, session: SessionDep, principal: DecisionWriter
) -> CommendationDecisionRead:
    decision = service.create(session, principal=principal, fields=body.model_dump())
    response.headers["Location"] = str(request.url_for("get_decision", decision_id=decision.id))
    return _read(service.view(session, decision), response)


@router.get(
    "",
    response_model=Page[CommendationDecisionRead],
    summary="List decisions",
    description="In the order they were drafted. Every signed-in user and `results:read` clients read issued "
    "decisions; drafts are listed to the staff only.",
    responses=AUTH,
)
def list_decisions(
    session: SessionDep,
    principal: DecisionsLister,
    page: PageDep,
    year: Annotated[
        int | None, Query(ge=1945, le=2200, description="Only decisions dated this year.")
    ] = None,
    kind: Annotated[DecisionKind | None, Query(description="`award`, `amendment` or `revocation`.")] = None,
    status_: Annotated[
        DecisionStatus | None, Query(alias="status", description="`draft` or `issued`.")
    ] = None,
) -> Page[CommendationDecisionRead]:
    flt = DecisionFilter(year=year, kind=kind, status=status_)
    views, next_cursor = service.list_decisions(session, principal=principal, flt=flt, page=page)
    return page.of(CommendationDecisionRead, [_decision(v) for v in views], next_cursor)


@router.get(
    "/{decision_id}",
    response_model=CommendationDecisionRead,
    name="get_decision",
    summary="Read a decision, with its recipients",
    responses=_ONE,
)
def get_decision(
    decision_id: str, response: Response, session: SessionDep, principal: DecisionReader
) -> CommendationDecisionRead:
    return _read(service.get(session, decision_id=decision_id), response)


@router.patch(
    "/{decision_id}",
    response_model=CommendationDecisionRead,
    summary="Change a draft decision (secretariat)",
    description="Only the fields sent change; a new `decision_date` recomputes an award decision's cash. "
    "An issued decision is 409 `decision_not_draft`: correct it by an amendment.",
    responses={
        **_ONE,
        409: {"description": "The decision is issued (`decision_not_draft`)."},
        **PRECONDITION_FAILED,
    },
)
def update_decision(
    decision_id: str,
    body: DecisionUpdate,
    response: Response,
    session: SessionDep,
    principal: DecisionWriter,
    if_match: IfMatch = None,
) -> CommendationDecisionRead:
    decision = service.update(
        session, principal=principal, decision_id=decision_id, changes=body.changes(), if_match=if_match
    )
    return _read(service.view(session, decision), response)


@router.post(
    "/{decision_id}/issue",
    response_model=CommendationDecisionRead,
    summary="Issue a decision: number it from its register and do what it decides (secretariat)",
    description="Takes the next number of the register of the decision's authority for the decision date's "
    "year (409 `register_missing` when there is none), and the next certificate numbers, in the same "
    "transaction as everything the decision does: an award decision decides each recipient's award (judged "
    "by the law of the decision date: 422 `criteria_not_met`, 409 `cap_exceeded` refuse the whole issue, and "
    "the number is given back), its items become `decided` and the proposal `decided`; a revocation revokes "
    "the awards and opens a recovery per award. Issuing an issued decision again answers it unchanged.",
    responses={
        **_ONE,
        409: {
            "description": "`register_missing`; the proposal is no longer in `signing` "
            "(`invalid_transition`); `cap_exceeded`; an award already revoked."
        },
        **PRECONDITION_FAILED,
        422: {"description": "`criteria_not_met` for a recipient's award."},
    },
)
def issue_decision(
    decision_id: str,
    response: Response,
    session: SessionDep,
    principal: DecisionWriter,
    if_match: IfMatch = None,
) -> CommendationDecisionRead:
    decision = service.issue(session, principal=principal, decision_id=decision_id, if_match=if_match)
    return _read(service.view(session, decision), response)


@router.get(
    "/{decision_id}/document",
    response_class=Response,
    summary="Download the decision as a Word document (Nghị định 30/2020)",
    description="Laid out per Nghị định 30/2020/NĐ-CP: the authority and the number, the national name, the "
    "place and date, QUYẾT ĐỊNH and the subject, the `Căn cứ` lines, the articles with the table of "
    "recipients (name, title or form, certificate number, cash), the signature and the recipients of copies. "
    "A draft's document is marked DỰ THẢO and has no number.",
    responses={
        200: download("The decision (DOCX), as an attachment.", media_types.DOCX),
        **UNAUTHENTICATED,
        403: {"description": "Not allowed for this principal"},
        404: {"description": "No such decision, or a draft to anyone but the staff."},
    },
)
def get_decision_document(decision_id: str, session: SessionDep, principal: DecisionReader) -> Response:
    doc = document.decision_file(session, service.get(session, decision_id=decision_id))
    return attachment(doc.content, media_types.DOCX, doc.filename)


@router.get(
    "/{decision_id}/recoveries",
    response_model=Page[RecoveryRead],
    summary="The recoveries a revocation tracks (staff)",
    description="One per revoked award: the money due (what the award paid, as amended) and recovered, the "
    "object, and when the recovery was completed.",
    responses={**AUTH, **not_found("decision")},
)
def list_decision_recoveries(
    decision_id: str, session: SessionDep, principal: RecoveryReader, page: PageDep
) -> Page[RecoveryRead]:
    rows, next_cursor = service.recoveries(session, decision_id=decision_id, page=page)
    names = service.recovery_names(session, rows)
    return page.of(RecoveryRead, [_recovery(r, names) for r in rows], next_cursor)


# ---- a higher authority's decision ----------------------------------------------------------------------


@outcome_router.post(
    "/{proposal_id}/outcome",
    response_model=CommendationDecisionRead,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Idempotent],
    summary="Record a higher authority's decision on a forwarded proposal (secretariat)",
    description="For a proposal in state `forwarded`: the decision as the higher authority (e.g. `Thủ tướng "
    "Chính phủ`) issued it, with its own number (no register of ours), and each approved item `granted` or "
    "`refused` (every approved item once: 422 `outcome_items`). Granted items' awards are decided with that "
    "number and date; refused items become `rejected`; the proposal becomes `decided` when anything was "
    "granted, else `rejected`. Sending the same outcome again (same number) answers the decision recorded "
    "(200).",
    responses={
        **AUTH,
        200: {"description": "This outcome was recorded before: the decision recorded then."},
        201: {"headers": _ETAG},
        404: {"description": "No such proposal."},
        409: {"description": "The proposal is not `forwarded` (`invalid_transition`); `cap_exceeded`."},
        422: {"description": "Invalid body; `outcome_items`; `criteria_not_met`."},
    },
)
def create_proposal_outcome(
    proposal_id: str,
    body: ProposalOutcomeCreate,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: OutcomeRecorder,
) -> CommendationDecisionRead:
    decision, created = service.record_outcome(
        session, principal=principal, proposal_id=proposal_id, fields=body.model_dump()
    )
    if not created:
        response.status_code = status.HTTP_200_OK
    response.headers["Location"] = str(request.url_for("get_decision", decision_id=decision.id))
    return _read(service.view(session, decision), response)


# ---- recoveries -----------------------------------------------------------------------------------------


@recoveries_router.patch(
    "/{recovery_id}",
    response_model=RecoveryRead,
    summary="Record what was recovered (secretariat)",
    description="The money recovered (at most the amount due: 422 `more_than_due`), whether the object was "
    "returned, when the recovery was completed, a note. Only the fields sent change.",
    responses={
        **AUTH,
        **not_found("recovery"),
        200: {"headers": etag_headers("The recovery's version")},
        **PRECONDITION_FAILED,
        422: {"description": "Invalid body; `more_than_due`."},
    },
)
def update_recovery(
    recovery_id: str,
    body: RecoveryUpdate,
    response: Response,
    session: SessionDep,
    principal: RecoveryTracker,
    if_match: IfMatch = None,
) -> RecoveryRead:
    recovery = service.update_recovery(
        session, principal=principal, recovery_id=recovery_id, changes=body.changes(), if_match=if_match
    )
    set_etag(response, recovery)
    return _recovery(recovery, service.recovery_names(session, [recovery]))
