"""The conference (hội nghị tổng kết / sơ kết) of a campaign: create, change, open, close, cancel, and its
agenda. No FastAPI here; services flush, the route commits.

Opening freezes the quorum: the share the bloc's regulation in force on the day sets
(``conference_quorum_share``) and the number of member units that year.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.campaigns import access
from app.conferences import errors, policies, repository
from app.core import audit, updates
from app.core.errors import Conflict
from app.core.etag import check_if_match
from app.core.pagination import PageParams, paginate
from app.core.principal import Principal
from app.models import (
    AgendaKind,
    Campaign,
    Conference,
    ConferenceAgendaItem,
    ConferenceStatus,
    VotingSession,
)
from app.models.base import utcnow
from app.regulations import service as regulations

QUORUM_SETTING = "conference_quorum_share"
LEADERSHIP_SETTING = "leadership_rule"
LIVE = (ConferenceStatus.PLANNED, ConferenceStatus.OPEN)


@dataclass(frozen=True)
class ConferenceView:
    conference: Conference
    campaign: Campaign
    agenda: list[ConferenceAgendaItem]


def flush(session: Session) -> None:
    updates.flush(session, what="conference", what_vi="hội nghị")


def load(session: Session, conference_id: str, *, for_update: bool = False) -> Conference:
    conference = (
        session.get(Conference, conference_id, with_for_update=for_update)
        if len(conference_id) <= 64
        else None
    )
    if conference is None:
        raise policies.conference_not_found()
    return conference


def writable(session: Session, conference_id: str, *, live: bool = True) -> tuple[Conference, Campaign]:
    """The conference, locked, for a change: its campaign active (409 `campaign_closed`) and, with
    ``live``, the conference planned or open (409 `conference_finished`)."""
    conference = load(session, conference_id, for_update=True)
    campaign = access.get_campaign(session, conference.campaign_id)
    access.require_active(campaign)
    if live and conference.status not in LIVE:
        raise errors.finished(conference)
    return conference, campaign


def view(session: Session, conference: Conference) -> ConferenceView:
    campaign = access.get_campaign(session, conference.campaign_id)
    return ConferenceView(conference, campaign, list(repository.agenda(session, conference.id)))


def get(*, session: Session, conference_id: str) -> ConferenceView:
    return view(session, load(session, conference_id))


def list_conferences(
    *, session: Session, principal: Principal, campaign_id: str | None, page: PageParams
) -> tuple[list[ConferenceView], str | None]:
    stmt = repository.readable(principal, campaign_id)
    rows, next_cursor = paginate(session, stmt, page, created_col=Conference.created_at, id_col=Conference.id)
    return [view(session, c) for c in rows], next_cursor


def _exists(campaign: Campaign, kind: str) -> Conflict:
    return Conflict(
        f"The campaign already has a {kind} conference.",
        code="conference_exists",
        detail_vi="Phong trào thi đua đã có hội nghị loại này.",
        extra={"campaign_id": campaign.id, "kind": kind},
    )


def create(*, session: Session, principal: Principal, fields: Mapping[str, Any]) -> ConferenceView:
    campaign = session.get(Campaign, fields["campaign_id"])
    if campaign is None:
        raise errors.invalid("No such campaign.", "Không có phong trào thi đua này.", ["campaign_id"])
    access.require_manager(session, principal, campaign)
    access.require_active(campaign)
    now = utcnow()
    conference = Conference(**fields, created_by=principal.id, created_at=now, updated_at=now)
    try:
        with session.begin_nested():
            session.add(conference)
            session.flush()
    except IntegrityError as exc:
        raise _exists(campaign, str(fields["kind"])) from exc
    audit.record(
        session,
        actor=principal.actor,
        action="conference.create",
        object_type="conference",
        object_id=conference.id,
        details={
            "campaign_id": campaign.id,
            "kind": str(conference.kind),
            "held_on": str(conference.held_on),
        },
    )
    return view(session, conference)


def patch(
    *,
    session: Session,
    principal: Principal,
    conference_id: str,
    changes: Mapping[str, Any],
    if_match: str | None,
) -> ConferenceView:
    conference, _campaign = writable(session, conference_id)
    check_if_match(if_match, conference)
    diff = updates.diff_of(conference, changes)
    if diff:
        updates.apply(conference, diff)
        conference.updated_at = utcnow()
        flush(session)
        audit.record(
            session,
            actor=principal.actor,
            action="conference.update",
            object_type="conference",
            object_id=conference.id,
            details={"changes": {k: [str(a), str(b)] for k, (a, b) in diff.items()}},
        )
    return view(session, conference)


# ---- transitions ---------------------------------------------------------------------------------------

ACTIONS: dict[str, tuple[tuple[ConferenceStatus, ...], ConferenceStatus, str]] = {
    "open": ((ConferenceStatus.PLANNED,), ConferenceStatus.OPEN, "opened"),
    "close": ((ConferenceStatus.OPEN,), ConferenceStatus.CLOSED, "closed"),
    "cancel": (LIVE, ConferenceStatus.CANCELLED, "cancelled"),
}


def transition(
    *, session: Session, principal: Principal, conference_id: str, action: str, if_match: str | None
) -> ConferenceView:
    conference, campaign = writable(session, conference_id, live=False)
    check_if_match(if_match, conference)
    sources, target, done = ACTIONS[action]
    if conference.status not in sources:
        raise errors.invalid_transition(conference, done)
    before = conference.status
    now = utcnow()
    conference.status = target
    conference.updated_at = now
    details: dict[str, Any] = {"from": str(before), "to": str(target)}
    if target == ConferenceStatus.OPEN:
        overlay = regulations.overlay_for(session, on=conference.held_on, bloc_id=campaign.bloc_id)
        share = overlay.share(QUORUM_SETTING)
        conference.quorum_share = float(share) if share is not None else 0.5
        conference.members_count = len(
            repository.members(session, bloc_id=campaign.bloc_id, year=campaign.year)
        )
        conference.opened_at = now
        details |= {"quorum_share": str(share), "members_count": conference.members_count}
    elif target == ConferenceStatus.CLOSED:
        conference.closed_at = now
    flush(session)
    audit.record(
        session,
        actor=principal.actor,
        action=f"conference.{action}",
        object_type="conference",
        object_id=conference.id,
        details=details,
    )
    return view(session, conference)


# ---- agenda --------------------------------------------------------------------------------------------


def _check_items(session: Session, campaign: Campaign, items: Sequence[Mapping[str, Any]]) -> None:
    for i, item in enumerate(items):
        session_id = item.get("voting_session_id")
        if item["kind"] == AgendaKind.BALLOT:
            found = session.get(VotingSession, session_id) if session_id and len(session_id) <= 64 else None
            if found is None or found.campaign_id != campaign.id:
                raise errors.invalid(
                    "A ballot item needs a voting session of the conference's campaign.",
                    "Nội dung bỏ phiếu cần một phiên bỏ phiếu của chính phong trào thi đua này.",
                    ["items", i, "voting_session_id"],
                    code="voting_session_mismatch",
                )
        elif session_id is not None:
            raise errors.invalid(
                "Only a ballot item names a voting session.",
                "Chỉ nội dung bỏ phiếu mới gắn với phiên bỏ phiếu.",
                ["items", i, "voting_session_id"],
                code="voting_session_mismatch",
            )


def set_agenda(
    *,
    session: Session,
    principal: Principal,
    conference_id: str,
    items: Sequence[Mapping[str, Any]],
    if_match: str | None,
) -> ConferenceView:
    """Replace the agenda with ``items``, in order."""
    conference, campaign = writable(session, conference_id)
    check_if_match(if_match, conference)
    _check_items(session, campaign, items)
    for old in repository.agenda(session, conference.id):
        session.delete(old)
    session.flush()
    for position, item in enumerate(items, start=1):
        session.add(ConferenceAgendaItem(conference_id=conference.id, position=position, **item))
    conference.updated_at = utcnow()
    flush(session)
    audit.record(
        session,
        actor=principal.actor,
        action="conference.agenda_set",
        object_type="conference",
        object_id=conference.id,
        details={"items": [{"kind": str(i["kind"]), "title": i["title"]} for i in items]},
    )
    return view(session, conference)
