"""The blocs' and yearly member lists' queries that are more than one-liners (the leadership queries every
campaign-scoped feature asks are ``app.blocs.leadership``)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import Row, Select, select
from sqlalchemy.orm import Session

from app.core.pagination import PageParams, paginate
from app.models import (
    BallotVoter,
    Bloc,
    BlocMember,
    Campaign,
    MemberRole,
    Pledge,
    PledgeSignature,
    Registration,
    Report,
    ScoreSheet,
    Unit,
    User,
    VotingSession,
    YearReport,
    YearReportContribution,
)


def blocs_page(session: Session, *, page: PageParams, code: str | None) -> tuple[Sequence[Bloc], str | None]:
    stmt = select(Bloc)
    if code is not None:
        stmt = stmt.where(Bloc.code == code)
    return paginate(session, stmt, page, created_col=Bloc.created_at, id_col=Bloc.id)


def member_rows(
    session: Session, *, bloc_id: str, year: int
) -> Sequence[Row[tuple[str, MemberRole, str, str]]]:
    """(unit id, role, unit code, unit name) of the bloc-year's members, in no particular order."""
    return session.execute(
        select(BlocMember.unit_id, BlocMember.role, Unit.code, Unit.name)
        .join(Unit, Unit.id == BlocMember.unit_id)
        .where(BlocMember.bloc_id == bloc_id, BlocMember.year == year)
    ).all()


def members_for_update(session: Session, *, bloc_id: str, year: int) -> Sequence[BlocMember]:
    """The bloc-year's membership rows, locked (FOR UPDATE) until the transaction ends."""
    return session.scalars(
        select(BlocMember).where(BlocMember.bloc_id == bloc_id, BlocMember.year == year).with_for_update()
    ).all()


def membership_rows(session: Session, *, unit_id: str) -> Sequence[Row[tuple[int, str, MemberRole, str]]]:
    """(year, bloc id, role, campaign id) of every year the unit belongs to a bloc, newest first; the
    campaign id is None (an outer join) before that bloc-year's campaign is opened."""
    return session.execute(
        select(BlocMember.year, BlocMember.bloc_id, BlocMember.role, Campaign.id)
        .outerjoin(Campaign, (Campaign.bloc_id == BlocMember.bloc_id) & (Campaign.year == BlocMember.year))
        .where(BlocMember.unit_id == unit_id)
        .order_by(BlocMember.year.desc())
    ).all()


def other_bloc_codes(
    session: Session, *, bloc_id: str, year: int, unit_ids: Collection[str]
) -> dict[str, str]:
    """unit_id → the code of the bloc other than ``bloc_id`` it belongs to that year."""
    rows = session.execute(
        select(BlocMember.unit_id, Bloc.code)
        .join(Bloc, Bloc.id == BlocMember.bloc_id)
        .where(BlocMember.year == year, BlocMember.unit_id.in_(unit_ids), BlocMember.bloc_id != bloc_id)
    ).all()
    return {unit_id: code for unit_id, code in rows}


def units_with_activity(session: Session, *, bloc_id: str, year: int, unit_ids: Collection[str]) -> set[str]:
    """The units among ``unit_ids`` (not empty) with activity in the bloc-year's campaign: one statement
    per kind of activity (``app.blocs.service.units_with_activity`` says which)."""
    wanted = unit_ids
    campaign_ids = select(Campaign.id).where(Campaign.bloc_id == bloc_id, Campaign.year == year)
    queries: list[Select[Any]] = [  # one unit id column each (officers' may be NULL, never wanted)
        select(PledgeSignature.unit_id)
        .join(Pledge, Pledge.id == PledgeSignature.pledge_id)
        .where(Pledge.campaign_id.in_(campaign_ids), PledgeSignature.unit_id.in_(wanted)),
        select(Registration.unit_id).where(
            Registration.campaign_id.in_(campaign_ids), Registration.unit_id.in_(wanted)
        ),
        select(ScoreSheet.unit_id).where(
            ScoreSheet.campaign_id.in_(campaign_ids), ScoreSheet.unit_id.in_(wanted)
        ),
        select(Report.unit_id).where(Report.campaign_id.in_(campaign_ids), Report.unit_id.in_(wanted)),
        select(User.unit_id)
        .join(BallotVoter, BallotVoter.user_id == User.id)
        .join(VotingSession, VotingSession.id == BallotVoter.session_id)
        .where(VotingSession.campaign_id.in_(campaign_ids), User.unit_id.in_(wanted)),
        select(YearReportContribution.unit_id)
        .join(YearReport, YearReport.id == YearReportContribution.report_id)
        .where(YearReport.campaign_id.in_(campaign_ids), YearReportContribution.unit_id.in_(wanted)),
    ]
    found: set[str] = set()
    for query in queries:
        found.update(session.scalars(query.distinct()))
    return found


def member_ids_for_share(session: Session, *, bloc_id: str, year: int) -> set[str]:
    """The bloc-year's member unit ids, their rows held FOR SHARE (PostgreSQL) until the transaction ends."""
    return set(
        session.scalars(
            select(BlocMember.unit_id)
            .where(BlocMember.bloc_id == bloc_id, BlocMember.year == year)
            .with_for_update(read=True)
        )
    )
