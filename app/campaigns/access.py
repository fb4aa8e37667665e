"""Load a campaign and check what the principal may do with it. Used by every campaign-scoped feature
(registrations, pledge, scores, ballots, reports) so the rules live in one place."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.blocs import leadership
from app.campaigns import repository
from app.core.errors import Conflict, Forbidden, NotFound
from app.core.principal import Principal
from app.models import Campaign, CampaignStatus


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
    """The secretariat, or an officer of the unit leading (or deputising) the bloc that year."""
    if not leadership.is_manager(session, principal, campaign):
        raise Forbidden(
            "Only the bloc's leader unit for this year or the secretariat may do this.",
            detail_vi="Chỉ đơn vị Khối trưởng, Khối phó năm nay hoặc Thường trực Hội đồng được thực hiện.",
        )


def require_bloc_private_reader(session: Session, principal: Principal, campaign: Campaign) -> None:
    """Readers of the pledge, signatures and registrations. Others may know the campaign exists (it is
    public), so they get 403, not 404."""
    if not leadership.may_read_bloc_private(session, principal, campaign):
        raise Forbidden(
            "Only the bloc's members this year, the secretariat and observers may read this.",
            detail_vi="Chỉ thành viên của khối trong năm, Thường trực Hội đồng và quan sát viên được xem.",
        )


def require_acts_for_unit(session: Session, principal: Principal, campaign: Campaign, unit_id: str) -> None:
    """An officer acts only for its own unit; the secretariat (and, where the caller allows, the leader)
    act for any member. Callers add the leader where the contract says so."""
    if principal.has_role("secretariat"):
        return
    if principal.has_role("officer") and principal.unit_id == unit_id:
        return
    raise Forbidden(
        "You may act only for your own unit.", detail_vi="Bạn chỉ được thực hiện cho đơn vị của mình."
    )
