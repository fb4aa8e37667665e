"""The campaigns' and registrations' queries that are more than one-liners."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from app.core.pagination import PageParams, paginate, sort_enum
from app.models import BlocMember, Campaign, Registration


def lock_campaign_shared(session: Session, *, campaign_id: str) -> None:
    """FOR SHARE on the campaign row (PostgreSQL), the loaded object refreshed from it."""
    session.scalars(  # fetched, so that the loaded object is refreshed
        select(Campaign)
        .where(Campaign.id == campaign_id)
        .with_for_update(read=True)
        .execution_options(populate_existing=True)
    ).one()


CAMPAIGN_SORTS = {"year": Campaign.year}
CampaignSort = sort_enum("CampaignSort", CAMPAIGN_SORTS)


def campaigns_page(
    session: Session,
    *,
    page: PageParams,
    bloc_id: str | None,
    year: int | None,
    status: str | None,
    unit_id: str | None,
) -> tuple[Sequence[Campaign], str | None]:
    """The campaigns matching every filter given, in creation order, a page at a time."""
    stmt = select(Campaign)
    if bloc_id is not None:
        stmt = stmt.where(Campaign.bloc_id == bloc_id)
    if year is not None:
        stmt = stmt.where(Campaign.year == year)
    if status is not None:
        stmt = stmt.where(Campaign.status == status)
    if unit_id is not None:
        # The campaigns of the blocs the unit belongs to, each in the year it belongs (a unit is in at
        # most one bloc a year, so the join never repeats a campaign).
        stmt = stmt.join(
            BlocMember, and_(BlocMember.bloc_id == Campaign.bloc_id, BlocMember.year == Campaign.year)
        ).where(BlocMember.unit_id == unit_id)
    return paginate(
        session, stmt, page, created_col=Campaign.created_at, id_col=Campaign.id, sorts=CAMPAIGN_SORTS
    )


def registration_id_of(session: Session, *, campaign_id: str, unit_id: str, title_code: str) -> str | None:
    return session.scalar(
        select(Registration.id).where(
            Registration.campaign_id == campaign_id,
            Registration.unit_id == unit_id,
            Registration.title_code == title_code,
        )
    )


def registrations_page(
    session: Session, *, page: PageParams, campaign_id: str, unit_id: str | None, title_code: str | None
) -> tuple[Sequence[Registration], str | None]:
    """The campaign's registrations matching the filters given, in creation order, a page at a time."""
    stmt = select(Registration).where(Registration.campaign_id == campaign_id)
    if unit_id is not None:
        stmt = stmt.where(Registration.unit_id == unit_id)
    if title_code is not None:
        stmt = stmt.where(Registration.title_code == title_code)
    return paginate(
        session,
        stmt,
        page,
        created_col=Registration.created_at,
        id_col=Registration.id,
    )
