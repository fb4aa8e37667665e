"""The year report's queries that are more than one-liners."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from app.models import (
    Conference,
    ContributionStatus,
    User,
    YearReport,
    YearReportContribution,
    YearReportVersion,
)


def report_of_campaign(
    session: Session, *, campaign_id: str, lock: bool = False, shared: bool = False
) -> YearReport | None:
    """The campaign's report; ``lock`` takes its row FOR UPDATE (``shared``: FOR SHARE) and re-reads it, so
    what a concurrent writer committed is what we check."""
    stmt = select(YearReport).where(YearReport.campaign_id == campaign_id)
    if lock:
        stmt = stmt.with_for_update(read=shared).execution_options(populate_existing=True)
    return session.scalars(stmt).one_or_none()


def version(session: Session, *, report_id: str, number: int) -> YearReportVersion | None:
    return session.scalars(
        select(YearReportVersion).where(
            YearReportVersion.report_id == report_id, YearReportVersion.number == number
        )
    ).one_or_none()


def versions(session: Session, *, report_id: str) -> Sequence[YearReportVersion]:
    """Oldest first."""
    return session.scalars(
        select(YearReportVersion)
        .where(YearReportVersion.report_id == report_id)
        .order_by(YearReportVersion.number)
    ).all()


def versions_query(report_id: str) -> Select[tuple[YearReportVersion]]:
    return select(YearReportVersion).where(YearReportVersion.report_id == report_id)


def pending_count(session: Session, *, report_id: str) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(YearReportContribution)
            .where(
                YearReportContribution.report_id == report_id,
                YearReportContribution.status == ContributionStatus.PENDING,
            )
        )
        or 0
    )


def contribution(
    session: Session, *, report_id: str, contribution_id: str, lock: bool = False
) -> YearReportContribution | None:
    if len(contribution_id) > 64:
        return None
    stmt = select(YearReportContribution).where(
        YearReportContribution.id == contribution_id, YearReportContribution.report_id == report_id
    )
    if lock:
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    return session.scalars(stmt).one_or_none()


def contributions_by_id(session: Session, ids: Sequence[str]) -> dict[str, YearReportContribution]:
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    rows = session.scalars(select(YearReportContribution).where(YearReportContribution.id.in_(wanted)))
    return {c.id: c for c in rows}


def conference_title(session: Session, *, conference_id: str | None, campaign_id: str) -> str | None:
    """The title of the campaign's conference ``conference_id``; None when it is not one of the campaign's."""
    if conference_id is None or len(conference_id) > 64:
        return None
    return session.scalar(
        select(Conference.title).where(Conference.id == conference_id, Conference.campaign_id == campaign_id)
    )


def unit_head_name(session: Session, *, unit_id: str) -> str | None:
    """The full name of the unit's head (an active user with the ``unit_head`` role), if it has one."""
    heads = session.scalars(
        select(User).where(User.unit_id == unit_id, User.active.is_(True)).order_by(User.full_name, User.id)
    ).all()
    return next((u.full_name for u in heads if "unit_head" in (u.roles or [])), None)
