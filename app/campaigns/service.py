"""Campaigns: the use cases. No FastAPI here; services flush, the request's route commits.

Who may act is decided by ``app.campaigns.access`` (shared with every campaign-scoped feature).
Registrations live in ``app.campaigns.registrations``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.campaigns import access, repository
from app.campaigns.repository import CampaignSort as CampaignSort
from app.campaigns.schemas import deadline_order_problem
from app.core import audit, updates
from app.core.errors import Conflict, Invalid
from app.core.etag import check_if_match
from app.core.pagination import PageParams
from app.core.principal import Principal
from app.models import Bloc, Campaign, CampaignStatus
from app.models.base import utcnow

# API name of a deadline → its column.
DEADLINE_COLUMNS = {
    "mid_year_report": "mid_year_report_deadline",
    "annual_report": "annual_report_deadline",
    "scoring": "scoring_deadline",
}
# Status moves the API allows: closing is final in v1 (reopening is a secretariat decision made outside).
TRANSITIONS = {(CampaignStatus.ACTIVE, CampaignStatus.CLOSED)}


@dataclass(frozen=True)
class CampaignFilter:
    bloc_id: str | None = None
    year: int | None = None
    unit_id: str | None = None
    status: str | None = None


def list_campaigns(
    *, session: Session, flt: CampaignFilter, page: PageParams
) -> tuple[Sequence[Campaign], str | None]:
    return repository.campaigns_page(
        session, page=page, bloc_id=flt.bloc_id, year=flt.year, status=flt.status, unit_id=flt.unit_id
    )


def get(*, session: Session, campaign_id: str) -> Campaign:
    return access.get_campaign(session, campaign_id)


def deadlines_of(campaign: Campaign) -> dict[str, date | None]:
    return {name: getattr(campaign, column) for name, column in DEADLINE_COLUMNS.items()}


def _plain(value: Any) -> Any:
    """Audit details are JSON: dates as YYYY-MM-DD."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _already_exists(bloc_id: str, year: int) -> Conflict:
    return Conflict(
        f"The bloc already has a campaign for {year}.",
        code="already_exists",
        detail_vi=f"Khối đã có phong trào thi đua năm {year}.",
        errors=[{"loc": ["body", "year"], "msg": "already exists for this bloc", "type": "already_exists"}],
        extra={"bloc_id": bloc_id, "year": year},
    )


def _deadline_order_error() -> Invalid:
    return Invalid(
        "The mid-year report deadline must not be after the annual report deadline.",
        detail_vi="Hạn báo cáo sơ kết không được sau hạn báo cáo tổng kết.",
        errors=[
            {
                "loc": ["body", "deadlines", "mid_year_report"],
                "msg": "mid_year_report must not be after annual_report",
                "type": "value_error",
            }
        ],
    )


def create(
    *,
    session: Session,
    actor: audit.Actor,
    bloc_id: str,
    year: int,
    title: str,
    theme: str | None = None,
    deadlines: Mapping[str, date | None] | None = None,
) -> Campaign:
    if session.get(Bloc, bloc_id) is None:
        raise Invalid(
            "No bloc has this id.",
            detail_vi="Không có khối thi đua nào với mã định danh này.",
            errors=[{"loc": ["body", "bloc_id"], "msg": "unknown bloc", "type": "value_error"}],
        )
    deadlines = dict(deadlines or {})
    if deadline_order_problem(deadlines.get("mid_year_report"), deadlines.get("annual_report")):
        raise _deadline_order_error()
    exists = session.scalar(select(Campaign.id).where(Campaign.bloc_id == bloc_id, Campaign.year == year))
    if exists is not None:
        raise _already_exists(bloc_id, year)
    now = utcnow()
    campaign = Campaign(
        bloc_id=bloc_id,
        year=year,
        title=title,
        theme=theme or None,
        tie_break=[],
        status=CampaignStatus.ACTIVE,
        created_at=now,
        updated_at=now,
        **{DEADLINE_COLUMNS[k]: v for k, v in deadlines.items()},
    )
    try:
        with session.begin_nested():
            session.add(campaign)
    except IntegrityError as exc:  # created by a request that committed after our look
        raise _already_exists(bloc_id, year) from exc
    audit.record(
        session,
        actor=actor,
        action="campaign.create",
        object_type="campaign",
        object_id=campaign.id,
        details={
            "bloc_id": bloc_id,
            "year": year,
            "title": campaign.title,
            "theme": campaign.theme,
            "deadlines": _plain(deadlines_of(campaign)),
            "tie_break": [],
            "status": "active",
        },
    )
    return campaign


def _invalid_transition(old: str, new: str) -> Conflict:
    return Conflict(
        f"A campaign cannot go from {old!r} to {new!r}.",
        code="invalid_transition",
        detail_vi=f"Không thể chuyển phong trào thi đua từ {old!r} sang {new!r}.",
        errors=[
            {"loc": ["body", "status"], "msg": f"{old} → {new} is not allowed", "type": "invalid_transition"}
        ],
    )


def _wanted(campaign: Campaign, changes: Mapping[str, Any]) -> dict[str, Any]:
    """The API fields after ``changes``: deadlines merged key by key."""
    wanted: dict[str, Any] = {}
    for field in ("title", "tie_break", "status"):
        if field in changes:
            wanted[field] = changes[field]
    if "theme" in changes:
        wanted["theme"] = changes["theme"] or None
    if "deadlines" in changes:
        sent = changes["deadlines"]
        merged = deadlines_of(campaign)
        merged.update(dict.fromkeys(merged, None) if sent is None else sent)
        wanted["deadlines"] = merged
    return wanted


def patch(
    *,
    session: Session,
    principal: Principal,
    campaign_id: str,
    changes: Mapping[str, Any],
    if_match: str | None = None,
) -> Campaign:
    """Change the fields in ``changes`` (leader or secretariat). Changing nothing writes nothing."""
    campaign = access.get_campaign(session, campaign_id, for_update=True)
    check_if_match(if_match, campaign)
    if campaign.status != CampaignStatus.ACTIVE:
        if "status" in changes and changes["status"] != campaign.status:
            raise _invalid_transition(campaign.status, changes["status"])
        access.require_active(campaign)
    wanted = _wanted(campaign, changes)
    if "deadlines" in wanted and deadline_order_problem(
        wanted["deadlines"]["mid_year_report"], wanted["deadlines"]["annual_report"]
    ):
        raise _deadline_order_error()
    new_status = wanted.get("status", campaign.status)
    if new_status != campaign.status and (campaign.status, new_status) not in TRANSITIONS:
        raise _invalid_transition(campaign.status, wanted["status"])
    current = {
        "title": campaign.title,
        "theme": campaign.theme,
        "deadlines": deadlines_of(campaign),
        "tie_break": list(campaign.tie_break or []),
        "status": campaign.status,
    }
    diff = {field: [current[field], value] for field, value in wanted.items() if current[field] != value}
    if not diff:
        return campaign
    for field, (_old, new) in diff.items():
        if field == "deadlines":
            for name, column in DEADLINE_COLUMNS.items():
                setattr(campaign, column, new[name])
        else:
            setattr(campaign, field, new)
    updates.flush(session, what="campaign", what_vi="phong trào thi đua")
    audit.record(
        session,
        actor=principal.actor,
        action="campaign.update",
        object_type="campaign",
        object_id=campaign.id,
        details={
            "bloc_id": campaign.bloc_id,
            "year": campaign.year,
            "changes": {field: [_plain(old), _plain(new)] for field, (old, new) in diff.items()},
        },
    )
    return campaign
