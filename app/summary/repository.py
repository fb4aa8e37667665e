"""The summary's set-based queries: each reads one part for the whole bloc-year in one statement, so the
number of statements does not grow with the number of units."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.models import (
    Award,
    BlocMember,
    Campaign,
    CommendationForm,
    Pledge,
    PledgeSignature,
    Report,
    Title,
    Unit,
    VotingSession,
)


def pledge_of(session: Session, campaign_id: str) -> Pledge | None:
    return session.scalars(select(Pledge).where(Pledge.campaign_id == campaign_id)).one_or_none()


def signatures_of(session: Session, pledge_id: str) -> Sequence[PledgeSignature]:
    """In signing order, as the pledge shows them."""
    return session.scalars(
        select(PledgeSignature)
        .where(PledgeSignature.pledge_id == pledge_id)
        .order_by(PledgeSignature.signed_at, PledgeSignature.id)
    ).all()


def latest_reports(
    session: Session, campaign_id: str
) -> Sequence[tuple[str, str, str, int, str, datetime, bool]]:
    """(id, unit id, kind, version, title, submitted at, late) of the latest version per unit and kind,
    without the reports' text."""
    newest = (
        select(Report.unit_id, Report.kind, func.max(Report.version).label("version"))
        .where(Report.campaign_id == campaign_id)
        .group_by(Report.unit_id, Report.kind)
        .subquery("newest")
    )
    return (
        session.execute(
            select(
                Report.id,
                Report.unit_id,
                Report.kind,
                Report.version,
                Report.title,
                Report.submitted_at,
                Report.late,
            )
            .join(
                newest,
                (Report.unit_id == newest.c.unit_id)
                & (Report.kind == newest.c.kind)
                & (Report.version == newest.c.version),
            )
            .where(Report.campaign_id == campaign_id)
        )
        .tuples()
        .all()
    )


def sessions_of(session: Session, campaign_id: str) -> Sequence[VotingSession]:
    """In creation order."""
    return session.scalars(
        select(VotingSession)
        .where(VotingSession.campaign_id == campaign_id)
        .order_by(VotingSession.created_at, VotingSession.id)
    ).all()


def awards_of(session: Session, campaign: Campaign) -> Sequence[Award]:
    """The awards the campaign's ballots proposed, and any other award of that year to a unit that is a
    member of the bloc that year; in creation order."""
    members = select(BlocMember.unit_id).where(
        BlocMember.bloc_id == campaign.bloc_id, BlocMember.year == campaign.year
    )
    return session.scalars(
        select(Award)
        .where(
            or_(
                Award.campaign_id == campaign.id,
                (Award.year == campaign.year) & Award.unit_id.in_(members),
            )
        )
        .order_by(Award.created_at, Award.id)
    ).all()


def title_names(session: Session, codes: Collection[str]) -> dict[str, str]:
    """code → name of the titles and forms of commendation among ``codes``."""
    if not codes:
        return {}
    names = dict(
        session.execute(
            select(CommendationForm.code, CommendationForm.name).where(
                CommendationForm.code.in_(sorted(codes))
            )
        )
        .tuples()
        .all()
    )
    names.update(
        session.execute(select(Title.code, Title.name).where(Title.code.in_(sorted(codes)))).tuples().all()
    )
    return names


def units(session: Session, unit_ids: Collection[str]) -> dict[str, tuple[str, str]]:
    """unit id → (code, name) for units the member list did not already name."""
    if not unit_ids:
        return {}
    rows: Any = session.execute(select(Unit.id, Unit.code, Unit.name).where(Unit.id.in_(sorted(unit_ids))))
    return {unit_id: (code, name) for unit_id, code, name in rows}
