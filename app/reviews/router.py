"""A unit's year-end review of its people: thin routes over ``app.reviews.service``, ``ballots`` and
``decisions``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import BackgroundTasks, Depends, Path, Query, Request, Response, status

from app.core.db import SessionDep
from app.core.etag import IfMatch, set_etag
from app.core.idempotency import Idempotent
from app.core.pagination import Page, PageDep
from app.core.principal import Principal
from app.core.responses import AUTH, PRECONDITION_FAILED, UNAUTHENTICATED, Responses, etag_headers
from app.core.routing import feature_router
from app.models import ReviewBallot, ReviewVoter
from app.models.base import table_of
from app.reviews import ballots, decisions, service
from app.reviews.policies import (
    ReceiptChecker,
    ResultsReader,
    ReviewCreator,
    ReviewDecider,
    ReviewLister,
    ReviewManager,
    ReviewReader,
    Voter,
)
from app.reviews.schemas import (
    ReceiptCheck,
    ReviewBallotCreate,
    ReviewBallotReceipt,
    ReviewCreate,
    ReviewDecide,
    ReviewRead,
    ReviewResultsRead,
    ReviewTurnoutRead,
    TitleCode,
)
from app.voting import scrub

router = feature_router(prefix="", tags=["reviews"])

_ETAG = etag_headers("The review's version")
_NOT_FOUND: Responses = {404: {"description": "No such review, or one this principal may not read."}}
_ONE: Responses = {**AUTH, **_NOT_FOUND, 200: {"headers": _ETAG}}
_NO_STORE = {"Cache-Control": "no-store"}
_RUNNERS = "the unit's officers and its head, or the secretariat"
_READERS = (
    "the unit's officers and head, the review's electorate, the secretariat, admins and observers; others "
    "get 404"
)

ReviewId = Annotated[str, Path(description="The review's id.")]
UnitId = Annotated[str, Path(description="The unit's id.")]


def _read(view: service.ReviewView, response: Response) -> ReviewRead:
    set_etag(response, view.review)
    return ReviewRead.of(view)


@router.post(
    "/units/{unit_id}/reviews",
    response_model=ReviewRead,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Idempotent],
    summary="Start the unit's year-end review of its people (bình xét cá nhân)",
    description=f"By {_RUNNERS}. A `draft` review of one title (`lao_dong_tien_tien` or "
    "`chien_si_thi_dua_co_so`: the titles the head of a unit decides) for one year. Each candidate comes "
    "with the law's verdict as of today (verdict, regime, the criteria not met), for the electorate to see "
    "before it votes. The vote's threshold is the one the legal regime in force today sets for the title, "
    "over ALL the electorate (Chiến sĩ thi đua cơ sở: at least 80% of all members, Decree 98/2023 Art "
    "30(7)); where the law sets none, more than half of the electorate. It is shown with its source.",
    responses={
        **AUTH,
        201: {"headers": _ETAG},
        404: {"description": "No such unit."},
        409: {"description": "The unit has a review of this title for this year already (`review_exists`)."},
        422: {
            "description": "A candidate did not work in the unit that year (`candidate_not_in_unit`), nobody "
            "did (`no_candidates`), an elector is not an active officer or head of the unit "
            "(`elector_not_in_unit`), `secret: false` where the law asks for a secret ballot "
            "(`secret_ballot_required`), or another invalid field (`validation_error`)."
        },
    },
)
def create_review(
    unit_id: UnitId,
    body: ReviewCreate,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: ReviewCreator,
) -> ReviewRead:
    view = service.create(session=session, principal=principal, inp=body.input(unit_id))
    response.headers["Location"] = str(request.url_for("get_review", review_id=view.review.id))
    return _read(view, response)


@router.get(
    "/units/{unit_id}/reviews",
    response_model=Page[ReviewRead],
    summary="List the unit's reviews",
    description="In creation order. Readable by the unit's officers and head, the secretariat, admins and "
    "observers.",
    responses={**AUTH, 404: {"description": "No such unit."}},
)
def list_reviews(
    unit_id: UnitId,
    session: SessionDep,
    principal: ReviewLister,
    page: PageDep,
    year: Annotated[int | None, Query(ge=1945, le=2200, description="Only this year's reviews.")] = None,
    title_code: Annotated[TitleCode | None, Query(description="Only reviews of this title.")] = None,
) -> Page[ReviewRead]:
    views, next_cursor = service.list_reviews(
        session=session, unit_id=unit_id, year=year, title_code=title_code, page=page
    )
    return page.of(ReviewRead, [ReviewRead.of(v) for v in views], next_cursor)


@router.get(
    "/reviews/{review_id}",
    response_model=ReviewRead,
    name="get_review",
    summary="Read a review",
    description=f"Readable by {_READERS}.",
    responses={**UNAUTHENTICATED, 200: {"headers": _ETAG}, **_NOT_FOUND},
)
def get_review(
    review_id: ReviewId, response: Response, session: SessionDep, principal: ReviewReader
) -> ReviewRead:
    return _read(service.get(session=session, review_id=review_id), response)


def _transition(summary: str, legal: str, extra: str = "") -> dict[str, Any]:
    return {
        "response_model": ReviewRead,
        "summary": summary,
        "description": f"By {_RUNNERS}. Only {legal}; any other transition is 409 "
        f"`invalid_transition`.{extra}",
        "responses": {
            **_ONE,
            409: {"description": "An illegal transition (`invalid_transition`)."},
            **PRECONDITION_FAILED,
        },
    }


class _Target:
    """What a transition route acts on: the review in the path, at the version the client read."""

    def __init__(
        self,
        review_id: ReviewId,
        request: Request,
        response: Response,
        session: SessionDep,
        tasks: BackgroundTasks,
        if_match: IfMatch = None,
    ) -> None:
        self.review_id = review_id
        self.request = request
        self.response = response
        self.session = session
        self.tasks = tasks
        self.if_match = if_match

    def transition(self, action: str, principal: Principal) -> ReviewRead:
        view = service.transition(
            session=self.session,
            principal=principal,
            review_id=self.review_id,
            action=action,
            if_match=self.if_match,
        )
        if view.sealed:  # after the commit, as for ballot sessions (app.voting.scrub)
            tables = (table_of(ReviewBallot), table_of(ReviewVoter))
            self.tasks.add_task(scrub.scrub, self.request.app.state.engine, tables)
        return _read(view, self.response)


Target = Annotated[_Target, Depends()]


@router.post(
    "/reviews/{review_id}/open",
    **_transition("Open the vote", "a `draft` review opens (`voting`)", " Electors may then cast ballots."),
)
def open_review(target: Target, principal: ReviewManager) -> ReviewRead:
    return target.transition("open", principal)


@router.post(
    "/reviews/{review_id}/close",
    **_transition(
        "Close the vote and count",
        "a `voting` review closes (`counted`)",
        " The tally is computed and frozen: per candidate yes, no and blank, and whether the yes votes "
        "reached the threshold over the whole electorate.",
    ),
)
def close_review(target: Target, principal: ReviewManager) -> ReviewRead:
    return target.transition("close", principal)


@router.post(
    "/reviews/{review_id}/cancel",
    **_transition("Cancel the review", "a `draft` or `voting` review is cancelled"),
)
def cancel_review(target: Target, principal: ReviewManager) -> ReviewRead:
    return target.transition("cancel", principal)


@router.post(
    "/reviews/{review_id}/decide",
    response_model=ReviewRead,
    summary="Decide the titles (the head of the unit)",
    description="By the head of the review's unit (thủ trưởng đơn vị, Law 06/2022 Art 80(1)) or the "
    "secretariat; only a `counted` review (else 409 `invalid_transition`). Each candidate who passed the "
    "vote, most yes votes first, is judged by the law in force on `decision_date`: one who fails a hard "
    "criterion then (`criteria_not_met`), already holds the title that year (`award_exists`) or would go "
    "past the title's cap (`cap_exceeded`, e.g. Chiến sĩ thi đua cơ sở ≤ 15% of the unit's Lao động "
    "tiên tiến under the 2016–2023 regimes) is listed in `decision.not_awarded` with the reason; every "
    "other gets an award, proposed and decided with this number and date, its verdict and its cash "
    "(`decision.awarded`). "
    "Criteria are never overridden here: the secretariat may do so on the award (`POST "
    "/awards/{id}/decide`). All in one transaction.",
    responses={
        **_ONE,
        403: {"description": "Not the head of the unit nor the secretariat (`not_unit_head`)."},
        409: {"description": "The review is not counted (`invalid_transition`)."},
        **PRECONDITION_FAILED,
        422: {"description": "An invalid body, or a decision date no legal regime covers."},
    },
)
def decide_review(
    review_id: ReviewId,
    body: ReviewDecide,
    response: Response,
    session: SessionDep,
    principal: ReviewDecider,
    if_match: IfMatch = None,
) -> ReviewRead:
    view = decisions.decide(
        session=session,
        principal=principal,
        review_id=review_id,
        decision_number=body.decision_number,
        decision_date=body.decision_date,
        if_match=if_match,
    )
    return _read(view, response)


# ---- ballots -------------------------------------------------------------------------------------------


def _keep_receipt_out_of_logs(request: Request) -> None:
    """The access log writes the request path; a receipt in it would let a log reader find the ballot."""
    path = request.scope.get("path", "")
    head, sep, _receipt = path.rpartition("/receipts/")
    if sep:
        request.scope["path"] = f"{head}/receipts/[redacted]"


@router.post(
    "/reviews/{review_id}/ballots",
    status_code=status.HTTP_201_CREATED,
    response_model=ReviewBallotReceipt,
    summary="Cast the caller's ballot (electors)",
    description="`yes` or `no` per candidate; a candidate left out is blank. The voter is the token's user; "
    "an elector casts at most one ballot per review, however many requests race (the database refuses a "
    "second). `Idempotency-Key` is not honoured here (a ballot is never stored with anything that names its "
    "voter): a retried ballot gets 409 `already_voted`, and `GET .../turnout` (`i_voted`) confirms it "
    "counted. In a secret review the stored ballot carries no voter, no time and a random id; the audit "
    "trail records that the caller voted in the review, never the ballot, its receipt or its choices.",
    responses={
        **UNAUTHENTICATED,
        201: {"headers": {"Cache-Control": {"description": "`no-store`", "schema": {"type": "string"}}}},
        403: {
            "description": "The caller is not in the review's electorate (`not_in_electorate`), or is a "
            "service client (`forbidden`)."
        },
        404: {"description": "No such review, or the caller may not read it."},
        409: {
            "description": "The caller has already voted (`already_voted`), or the vote is not open "
            "(`review_not_voting`)."
        },
        422: {"description": "A choice names a person who is not a candidate (`unknown_candidate`)."},
    },
)
def cast_review_ballot(
    review_id: ReviewId, body: ReviewBallotCreate, response: Response, session: SessionDep, principal: Voter
) -> ReviewBallotReceipt:
    receipt = ballots.cast(session=session, principal=principal, review_id=review_id, choices=body.choices)
    response.headers.update(_NO_STORE)
    return ReviewBallotReceipt(receipt=receipt)


@router.get(
    "/reviews/{review_id}/turnout",
    response_model=ReviewTurnoutRead,
    summary="How many of the electorate have voted",
    description=f"Readable by {_READERS}. Counts only: who voted is never listed.",
    responses={**UNAUTHENTICATED, **_NOT_FOUND},
)
def get_review_turnout(
    review_id: ReviewId, session: SessionDep, principal: ReviewReader
) -> ReviewTurnoutRead:
    t = ballots.turnout(session=session, principal=principal, review_id=review_id)
    return ReviewTurnoutRead(electorate=t.electorate, voted=t.voted, i_voted=t.i_voted)


@router.get(
    "/reviews/{review_id}/results",
    response_model=ReviewResultsRead,
    response_model_exclude_unset=True,
    summary="Read the vote's results",
    description="Once counted, to the review's electorate, the unit's officers and head, the secretariat and "
    "observers (otherwise 409 `results_not_available`): per candidate yes, no, blank and whether the yes "
    "votes reached the threshold over the whole electorate. A review with `secret: false` adds `ballots` "
    "(who voted what) for the head of the unit and the secretariat only.",
    responses={
        **AUTH,
        **_NOT_FOUND,
        409: {"description": "Not counted yet (`results_not_available`)."},
    },
)
def get_review_results(
    review_id: ReviewId, session: SessionDep, principal: ResultsReader
) -> ReviewResultsRead:
    return ReviewResultsRead.of(service.results(session=session, principal=principal, review_id=review_id))


@router.get(
    "/reviews/{review_id}/receipts/{receipt}",
    response_model=ReceiptCheck,
    summary="Check that the ballot with this receipt was counted",
    description='Once the vote is counted: `{"counted": true}` for a receipt of one of its ballots. The '
    "answer says nothing about the ballot's content. Any authenticated principal holding a receipt may "
    "check it. The receipt is kept out of the server's logs.",
    responses={
        **UNAUTHENTICATED,
        404: {
            "description": "No ballot of this review has this receipt, or no such review (for a caller who "
            "neither reads the review nor holds one of its receipts)."
        },
        409: {
            "description": "The vote is not counted yet, or the review was cancelled (`review_not_counted`)."
        },
    },
    dependencies=[Depends(_keep_receipt_out_of_logs)],
)
def check_review_receipt(
    review_id: ReviewId, receipt: str, response: Response, session: SessionDep, principal: ReceiptChecker
) -> ReceiptCheck:
    counted = ballots.check_receipt(session=session, review_id=review_id, receipt=receipt)
    response.headers.update(_NO_STORE)
    return ReceiptCheck(counted=counted)
