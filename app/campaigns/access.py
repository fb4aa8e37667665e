"""Load a campaign and check its state: what every campaign-scoped feature (registrations, pledge, scores,
ballots, reports) asks before it changes anything. Who may call a route is its policy's business
(``app.campaigns.policies``)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.blocs import leadership
from app.campaigns import repository
from app.campaigns.policies import not_manager
from app.core.errors import Conflict, NotFound
from app.core.principal import Principal
from app.models import Bloc, Campaign, CampaignStatus


def get_campaign(session: Session, campaign_id: str, *, for_update: bool = False) -> Campaign:
    campaign = (
        session.get(Campaign, campaign_id, with_for_update=for_update) if len(campaign_id) <= 64 else None
    )
    if campaign is None:
        raise NotFound("The campaign does not exist.", detail_vi="Không tìm thấy phong trào thi đua.")
    return campaign


def hold_shared(session: Session, campaign: Campaign) -> None:
    """Hold the campaign row in shared mode until commit (PostgreSQL; SQLite writers already serialise).

    Writing score sheets takes it, replacing the criteria (or closing the campaign) takes it exclusively:
    a criteria change and a sheet write can never interleave, while sheet writes do not wait for each
    other. The campaign is re-read under the lock, so a status check made after this call sees a close
    that committed while we waited."""
    repository.lock_campaign_shared(session, campaign_id=campaign.id)


def require_active(campaign: Campaign) -> None:
    if campaign.status != CampaignStatus.ACTIVE:
        raise Conflict(
            "The campaign is closed and refuses changes.",
            code="campaign_closed",
            detail_vi="Phong trào thi đua đã kết thúc, không thể thay đổi.",
        )


def require_manager(session: Session, principal: Principal, campaign: Campaign) -> None:
    """The secretariat, or an officer of the unit leading (or deputising) the bloc that year: for a check on
    a campaign the route's policy could not see (a draft ballot session moved to another campaign)."""
    if not leadership.is_manager(session, principal, campaign):
        raise not_manager()


def file_stem(session: Session, campaign: Campaign, *, what: str) -> str:
    """A download of the campaign named the way a person would name it, before its extension, e.g.
    "Xếp hạng thi đua 2016 - Khối thi đua cơ quan Bộ" (``app.core.disposition`` makes it safe)."""
    bloc = session.get(Bloc, campaign.bloc_id)
    of_bloc = f" - {bloc.name}" if bloc is not None else ""
    return f"{what} {campaign.year}{of_bloc}"
