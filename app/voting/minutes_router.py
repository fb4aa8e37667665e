"""The counting minutes of a ballot session as a DOCX download: the route, and the gathering of the plain
data that ``app.voting.minutes`` renders."""

from __future__ import annotations

from datetime import UTC, date, timedelta, timezone

from fastapi import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.db import SessionDep
from app.core.principal import CurrentPrincipal
from app.core.routing import feature_router
from app.models import Bloc, BlocMember, Campaign, MemberRole, Title, Unit, VotingSession
from app.voting import minutes, visibility
from app.voting.tally import TallyResult

router = feature_router(prefix="/voting-sessions", tags=["minutes"])

# The minutes carry the date the delegates saw: Vietnam's (UTC+7, no daylight saving), not UTC's.
VIETNAM = timezone(timedelta(hours=7), "ICT")
COUNCIL_NAME = "Hội đồng Thi đua – Khen thưởng"


def _local_date(vs: VotingSession) -> date:
    at = vs.closed_at or vs.published_at
    return (at or vs.updated_at).astimezone(UTC).astimezone(VIETNAM).date()


def minutes_of(session: Session, vs: VotingSession) -> minutes.Minutes:
    """The plain data of a closed session's minutes: its frozen result, with names instead of ids."""
    result = TallyResult.from_stored(vs.result or {})
    campaign = session.get(Campaign, vs.campaign_id) if vs.campaign_id else None
    bloc = session.get(Bloc, campaign.bloc_id) if campaign else None
    title = session.get(Title, vs.title_code)
    held_on = _local_date(vs)
    ids = {c.unit_id for c in result.candidates}
    leader_id = (
        session.scalar(
            select(BlocMember.unit_id).where(
                BlocMember.bloc_id == campaign.bloc_id,
                BlocMember.year == campaign.year,
                BlocMember.role == MemberRole.LEADER,
            )
        )
        if campaign
        else None
    )
    if leader_id:
        ids.add(leader_id)
    names = {u.id: u.name for u in session.scalars(select(Unit).where(Unit.id.in_(ids)))} if ids else {}
    tied = result.tied
    return minutes.Minutes(
        bloc_name=bloc.name if bloc else COUNCIL_NAME,
        title_name=title.name if title else vs.title_code,
        year=campaign.year if campaign else held_on.year,
        held_on=held_on,
        seats=vs.seats,
        electorate=result.electorate,
        ballots_cast=result.ballots_cast,
        blank=result.blank,
        quorum_met=result.quorum_met,
        candidates=[
            minutes.CandidateLine(
                unit_name=names.get(c.unit_id, c.unit_id),
                votes=c.votes,
                share=c.share,
                elected=c.elected,
                tied=c.unit_id in tied,
            )
            for c in result.candidates
        ],
        elected=[names.get(u, u) for u in result.elected],
        tied=[names.get(u, u) for u in tied],
        unfilled_seats=result.unfilled_seats,
        threshold_share=vs.threshold_share,
        threshold_of=vs.threshold_of,
        threshold_inclusive=vs.threshold_inclusive,
        quorum=vs.quorum,
        secret=vs.secret,
        session_name=vs.name,
        runoff=vs.runoff_of is not None,
        leader_unit_name=names.get(leader_id) if leader_id else None,
    )


@router.get(
    "/{session_id}/minutes",
    response_class=Response,
    summary="Download the counting minutes (biên bản kiểm phiếu) as a Word document",
    description="In Vietnamese: the electorate, ballots cast, blank ballots, a table of the candidates "
    "with their votes and shares, the elected units, the tied ones and the seats left open, and the "
    "signature lines. Visible exactly when the results are: to the leader, secretariat and observer once "
    "the session is closed; to every principal who may read the session (and `results:read`) once "
    "published. A secret session's minutes never name a voter.",
    responses={
        200: {
            "description": "The minutes (DOCX), as an attachment.",
            "content": {minutes.MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}},
        },
        401: {"description": "No valid bearer token"},
        404: {"description": "No such session, or one this principal may not read."},
        409: {"description": "The results are not available to this principal (`results_not_available`)."},
    },
)
def get_minutes(session_id: str, session: SessionDep, principal: CurrentPrincipal) -> Response:
    vs = session.get(VotingSession, session_id) if len(session_id) <= 64 else None
    if vs is None:
        raise visibility.not_found()
    visibility.require_results(session, principal, vs)  # 404 to who may not know it, else 409 when early
    data = minutes_of(session, vs)
    name = minutes.filename(title_code=vs.title_code, year=data.year, session_id=vs.id)
    return Response(
        content=minutes.render(data),
        media_type=minutes.MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )
