"""Ballot sessions: settings, transitions, results and runoffs; thin routes over ``app.voting.service``.

(Ballots, turnout and receipts are in ``app.voting.ballots_router``; the minutes in
``app.voting.minutes_router``.)
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import BackgroundTasks, Depends, Query, Request, Response, status

from app.core.db import SessionDep
from app.core.etag import IfMatch, set_etag
from app.core.idempotency import Idempotent
from app.core.names import UnitRef, UserRef
from app.core.pagination import Page, PageDep
from app.core.principal import Principal
from app.core.responses import AUTH, PRECONDITION_FAILED, UNAUTHENTICATED, Responses, etag_headers
from app.core.routing import feature_router
from app.voting import scrub, service
from app.voting import settings as session_settings
from app.voting.policies import (
    ResultsReader,
    SessionCreator,
    SessionLister,
    SessionManager,
    SessionReader,
)
from app.voting.schemas import (
    BallotRead,
    CandidateResultRead,
    ResultsRead,
    SessionCreate,
    SessionRead,
    SessionStatus,
    SessionUpdate,
    Threshold,
)

router = feature_router(prefix="/voting-sessions", tags=["voting"])

_ETAG = etag_headers("The session's version")
_NOT_FOUND: Responses = {404: {"description": "No such session, or one this principal may not read."}}
# Reading or changing one session: who may, whether it exists, and its ETag.
_ONE: Responses = {**AUTH, **_NOT_FOUND, 200: {"headers": _ETAG}}
_MANAGERS = "the leader (an officer of the unit leading or deputising the bloc that year) or the secretariat"
_READERS = (
    "its electorate, the leader, the secretariat and observers; once published, also service clients with "
    "`results:read`. Others get 404."
)
_SETTINGS_422 = (
    "A candidate is not a unit of the bloc that year (`candidate_not_member`), a delegate is not an active "
    "officer of a member unit (`delegate_not_member`), `candidates_from` gives nobody (`no_candidates`), "
    "or another invalid field (`validation_error`)."
)
_SETTINGS_409 = (
    "A candidate lacks a prerequisite title that year (`prerequisite_not_met`, with `missing`), a source "
    "session is not published (`source_not_published`), or the campaign is closed (`campaign_closed`)."
)


def _model(view: service.SessionView) -> SessionRead:
    vs = view.vs
    return SessionRead(
        id=vs.id,
        campaign_id=vs.campaign_id,
        title_code=vs.title_code,
        title_name=view.title_name,
        name=vs.name,
        seats=vs.seats,
        candidate_ids=view.candidate_ids,
        candidate_units=UnitRef.many(view.candidate_ids, view.units),
        electorate_user_ids=view.electorate_user_ids,
        electorate_users=UserRef.many(view.electorate_user_ids, view.users),
        one_delegate_per_unit=vs.one_delegate_per_unit,
        conference_id=vs.conference_id,
        conference_name=view.conference_name,
        electorate_unit_ids=view.electorate_unit_ids,
        electorate_units=UnitRef.many(view.electorate_unit_ids, view.units),
        max_choices=vs.max_choices,
        threshold=Threshold.from_rule(session_settings.threshold_of(vs)),
        quorum=vs.quorum,
        secret=vs.secret,
        method=vs.method,
        status=vs.status,
        runoff_of=vs.runoff_of,
        candidates_from=vs.candidates_from,
        opened_at=vs.opened_at,
        closed_at=vs.closed_at,
        published_at=vs.published_at,
        cancelled_at=vs.cancelled_at,
        created_at=vs.created_at,
        updated_at=vs.updated_at,
    )


def _read(view: service.SessionView, response: Response) -> SessionRead:
    set_etag(response, view.vs)
    return _model(view)


def _location(request: Request, session_id: str) -> str:
    return str(request.url_for("get_voting_session", session_id=session_id))


@router.post(
    "",
    response_model=SessionRead,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Idempotent],
    summary="Create a ballot session (leader, secretariat)",
    description=f"By {_MANAGERS} of the campaign. Candidates are either listed (`candidate_ids`) or taken "
    "from `candidates_from`: the units elected by published sessions (`session_id`, `session_ids`) or the "
    "campaign's ranking (`ranking`: the top K ranks, ties at the K-th included, and/or a minimum total). "
    "The title's prerequisites are checked now: every candidate must hold them for the campaign's year as "
    "proposed or decided awards. `max_choices` defaults to the seats (at most the number of candidates).",
    responses={
        **AUTH,
        201: {"headers": _ETAG},
        409: {"description": _SETTINGS_409},
        422: {"description": _SETTINGS_422},
    },
)
def create_voting_session(
    body: SessionCreate,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: SessionCreator,
) -> SessionRead:
    view = service.create(session=session, principal=principal, settings_in=body.settings())
    response.headers["Location"] = _location(request, view.vs.id)
    return _read(view, response)


@router.get(
    "",
    response_model=Page[SessionRead],
    summary="List ballot sessions",
    description=f"In creation order; only the sessions this principal may read: {_READERS} "
    "`voter=me`: the sessions whose electorate includes the caller.",
    responses={**UNAUTHENTICATED},
)
def list_voting_sessions(
    session: SessionDep,
    principal: SessionLister,
    page: PageDep,
    campaign_id: Annotated[str | None, Query(max_length=64)] = None,
    status_: Annotated[SessionStatus | None, Query(alias="status")] = None,
    voter: Annotated[Literal["me"] | None, Query(description="`me`: sessions I may vote in.")] = None,
) -> Page[SessionRead]:
    flt = service.SessionFilter(campaign_id=campaign_id, status=status_, voter_me=voter == "me")
    views, next_cursor = service.list_sessions(session=session, principal=principal, flt=flt, page=page)
    return page.of(SessionRead, [_model(v) for v in views], next_cursor)


@router.get(
    "/{session_id}",
    response_model=SessionRead,
    name="get_voting_session",
    summary="Read a ballot session's settings",
    description=f"Readable by {_READERS}",
    responses={**UNAUTHENTICATED, 200: {"headers": _ETAG}, **_NOT_FOUND},
)
def get_session(
    session_id: str, response: Response, session: SessionDep, principal: SessionReader
) -> SessionRead:
    return _read(service.get(session=session, principal=principal, session_id=session_id), response)


@router.patch(
    "/{session_id}",
    response_model=SessionRead,
    summary="Change a draft session's settings (leader, secretariat)",
    description=f"By {_MANAGERS}, only while the session is a `draft` (then 409 `session_not_draft`). Only "
    "the fields sent change, and the whole session is checked again as at creation. `candidate_ids` "
    "replaces the candidates; `candidates_from` resolves anew; `max_choices: null` returns it to its "
    "default (it also follows the seats when it was at its default).",
    responses={
        **_ONE,
        409: {"description": "The session is not a draft (`session_not_draft`). " + _SETTINGS_409},
        **PRECONDITION_FAILED,
        422: {"description": _SETTINGS_422},
    },
)
def update_voting_session(
    session_id: str,
    body: SessionUpdate,
    response: Response,
    session: SessionDep,
    principal: SessionManager,
    if_match: IfMatch = None,
) -> SessionRead:
    view = service.patch(
        session=session, principal=principal, session_id=session_id, changes=body.changes(), if_match=if_match
    )
    return _read(view, response)


def _transition(summary: str, legal: str, extra: str = "") -> dict[str, Any]:
    return {
        "response_model": SessionRead,
        "summary": summary,
        "description": f"By {_MANAGERS}. Only {legal}; any other transition is 409 "
        f"`invalid_transition`.{extra}",
        "responses": {
            **_ONE,
            409: {"description": "An illegal transition (`invalid_transition`)."},
            **PRECONDITION_FAILED,
        },
    }


class _Target:
    """What a transition route acts on: the session in the path, at the version the client read."""

    def __init__(
        self,
        session_id: str,
        request: Request,
        response: Response,
        session: SessionDep,
        tasks: BackgroundTasks,
        if_match: IfMatch = None,
    ) -> None:
        self.session_id = session_id
        self.request = request
        self.response = response
        self.session = session
        self.tasks = tasks
        self.if_match = if_match

    def transition(self, action: str, principal: Principal) -> SessionRead:
        view = service.transition(
            session=self.session,
            principal=principal,
            session_id=self.session_id,
            action=action,
            if_match=self.if_match,
        )
        if view.sealed:
            # Background tasks run after the response is sent, so after TransactionalRoute has committed
            # the close (and never when it failed): the scrub runs outside the request's transaction.
            self.tasks.add_task(scrub.scrub, self.request.app.state.engine)
        return _read(view, self.response)


Target = Annotated[_Target, Depends()]


@router.post(
    "/{session_id}/open",
    **_transition("Open the session for ballots", "a `draft` opens", " Its settings are frozen from now."),
)
def open_voting_session(target: Target, principal: SessionManager) -> SessionRead:
    return target.transition("open", principal)


@router.post(
    "/{session_id}/close",
    **_transition(
        "Close the session and count",
        "an `open` session closes",
        " The tally is computed and frozen.",
    ),
)
def close_voting_session(target: Target, principal: SessionManager) -> SessionRead:
    return target.transition("close", principal)


@router.post(
    "/{session_id}/publish",
    **_transition(
        "Publish the results",
        "a `closed` session is published",
        " The results become visible to every reader of the session, and each elected unit gets an award of "
        "the title for the campaign's year with status `proposed` (none when the quorum was not met). A unit "
        "that already has it (409 `award_exists`) or a full quota (409 `quota_exceeded`) refuses the whole "
        "publication.",
    ),
)
def publish_voting_session(target: Target, principal: SessionManager) -> SessionRead:
    return target.transition("publish", principal)


@router.post(
    "/{session_id}/cancel",
    **_transition("Cancel the session", "a `draft` or `open` session is cancelled"),
)
def cancel_voting_session(target: Target, principal: SessionManager) -> SessionRead:
    return target.transition("cancel", principal)


@router.get(
    "/{session_id}/results",
    response_model=ResultsRead,
    response_model_exclude_unset=True,
    summary="Read the results",
    description="To the leader, secretariat and observers once the session is closed; to every principal "
    "who may read the session (and `results:read` clients) once published; otherwise 409 "
    "`results_not_available`. `share` is votes divided by the threshold's base. A session with "
    "`secret: false` adds `ballots` (who chose what) for the leader and the secretariat only.",
    responses={
        **UNAUTHENTICATED,
        **_NOT_FOUND,
        409: {"description": "Not available to this principal yet (`results_not_available`)."},
    },
)
def get_session_results(session_id: str, session: SessionDep, principal: ResultsReader) -> ResultsRead:
    view = service.results(session=session, principal=principal, session_id=session_id)
    r = view.result
    out = ResultsRead(
        status=view.vs.status,
        electorate=r.electorate,
        ballots_cast=r.ballots_cast,
        blank=r.blank,
        quorum_met=r.quorum_met,
        candidates=[
            CandidateResultRead(
                **UnitRef.of(c.unit_id, view.units).model_dump(),
                votes=c.votes,
                share=c.share,
                passes=c.passes,
                elected=c.elected,
            )
            for c in r.candidates
        ],
        elected=list(r.elected),
        elected_units=UnitRef.many(r.elected, view.units),
        tied=list(r.tied),
        tied_units=UnitRef.many(r.tied, view.units),
        unfilled_seats=r.unfilled_seats,
    )
    if view.ballots is not None:
        out.ballots = [
            BallotRead(
                user_id=b["user_id"],
                full_name=view.users[b["user_id"]],
                choices=b["choices"],
                choice_units=UnitRef.many(b["choices"], view.units),
            )
            for b in view.ballots
        ]
    return out


@router.post(
    "/{session_id}/runoff",
    response_model=SessionRead,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Idempotent],
    summary="Create a runoff session for the tied candidates (leader, secretariat)",
    description=f"By {_MANAGERS}. A new `draft` session (`runoff_of` set) for the candidates tied across the "
    "last seat and the seats left unfilled, with the same title, campaign, electorate, threshold, quorum and "
    "secrecy. 409 `no_runoff_needed` when nothing is tied (or the session is not counted yet); 409 "
    "`runoff_exists` when a runoff (not cancelled) already exists.",
    responses={
        **AUTH,
        201: {"headers": _ETAG},
        **_NOT_FOUND,
        409: {"description": "`no_runoff_needed`, `runoff_exists`, or " + _SETTINGS_409},
        422: {"description": _SETTINGS_422},
    },
)
def create_session_runoff(
    session_id: str, request: Request, response: Response, session: SessionDep, principal: SessionManager
) -> SessionRead:
    view = service.runoff(session=session, principal=principal, session_id=session_id)
    response.headers["Location"] = _location(request, view.vs.id)
    return _read(view, response)
