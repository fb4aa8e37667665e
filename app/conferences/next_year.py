"""Next year's leadership as the conference chose it, and the membership draft it fills.

- ``election``: the body names the leader (and, optionally, the deputy), both member units this year.
- ``rotation``: ``app.conferences.rotation`` computes them from this year's members; the body names no
  unit, or the same ones.
Without ``method`` the bloc's regulation decides (``leadership_rule``, default ``election``).

Recorded once per conference; while the conference is still open a second record replaces the first
(audited with what it replaced); once closed it is final (409 `leadership_recorded`).

The draft carries this year's members to next year with the recorded leader and deputy; the secretariat
adopts it as next year's membership through ``app.blocs.service.set_members`` (409 when that year already
has members).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app.blocs import service as blocs_service
from app.conferences import errors, repository, rotation, service
from app.core import audit
from app.core.errors import Conflict
from app.core.principal import Principal
from app.models import (
    Campaign,
    Conference,
    ConferenceLeadership,
    ConferenceStatus,
    LeadershipMethod,
)
from app.models.base import utcnow
from app.regulations import service as regulations


@dataclass(frozen=True)
class LeadershipView:
    leadership: ConferenceLeadership
    unit_names: dict[str, str]
    recorded_by_name: str | None


def _members(session: Session, campaign: Campaign) -> list[rotation.Member]:
    return [
        rotation.Member(m.unit_id, m.code, m.role)
        for m in repository.members(session, bloc_id=campaign.bloc_id, year=campaign.year)
    ]


def leadership_view(session: Session, row: ConferenceLeadership) -> LeadershipView:
    ids = {row.leader_unit_id} | ({row.deputy_unit_id} if row.deputy_unit_id else set())
    recorder = repository.user_names(session, {row.recorded_by} if row.recorded_by else set())
    return LeadershipView(row, repository.unit_names(session, ids), recorder.get(row.recorded_by or ""))


def _elected(members: list[rotation.Member], leader: str | None, deputy: str | None) -> rotation.Leadership:
    ids = {m.unit_id for m in members}
    if leader is None:
        raise errors.invalid(
            "An election names the leader unit (`leader_unit_id`).",
            "Kết quả bầu cần nêu đơn vị Khối trưởng (leader_unit_id).",
            ["leader_unit_id"],
        )
    for field, unit in (("leader_unit_id", leader), ("deputy_unit_id", deputy)):
        if unit is not None and unit not in ids:
            raise errors.not_a_member([field])
    if deputy == leader:
        raise errors.invalid(
            "The deputy cannot be the leader.", "Khối phó không thể trùng Khối trưởng.", ["deputy_unit_id"]
        )
    return rotation.Leadership(leader, deputy)


def _rotated(members: list[rotation.Member], leader: str | None, deputy: str | None) -> rotation.Leadership:
    chosen = rotation.rotate(members)
    if chosen is None:
        raise Conflict(
            "This year has no leader to rotate from.",
            detail_vi="Năm nay khối chưa có Khối trưởng để luân phiên.",
        )
    if (leader is not None and leader != chosen.leader_unit_id) or (
        deputy is not None and deputy != chosen.deputy_unit_id
    ):
        raise errors.invalid(
            "The rotation designates other units; leave the units out or name the same ones.",
            "Theo luân phiên, đơn vị được chọn khác; không nêu đơn vị hoặc nêu đúng đơn vị theo luân phiên.",
            ["leader_unit_id"],
            code="rotation_mismatch",
        )
    return chosen


def _recorded(conference: Conference) -> Conflict:
    return Conflict(
        "The conference has recorded next year's leadership already, and it is closed.",
        code="leadership_recorded",
        detail_vi="Hội nghị đã ghi nhận Khối trưởng, Khối phó năm sau và đã bế mạc.",
        extra={"conference_id": conference.id},
    )


def record(
    *,
    session: Session,
    principal: Principal,
    conference_id: str,
    method: LeadershipMethod | None,
    leader_unit_id: str | None,
    deputy_unit_id: str | None,
    note: str | None,
) -> LeadershipView:
    conference, campaign = service.writable(session, conference_id, live=False)
    if conference.status not in (ConferenceStatus.OPEN, ConferenceStatus.CLOSED):
        raise errors.not_open(conference, "open or closed")
    if method is None:
        overlay = regulations.overlay_for(session, on=conference.held_on, bloc_id=campaign.bloc_id)
        method = LeadershipMethod(overlay.choice(service.LEADERSHIP_SETTING))
    members = _members(session, campaign)
    if method == LeadershipMethod.ELECTION:
        chosen = _elected(members, leader_unit_id, deputy_unit_id)
    else:
        chosen = _rotated(members, leader_unit_id, deputy_unit_id)
    row = repository.leadership(session, conference.id)
    replaced: dict[str, Any] | None = None
    if row is not None:
        if conference.status != ConferenceStatus.OPEN:
            raise _recorded(conference)
        replaced = {"method": str(row.method), "leader": row.leader_unit_id, "deputy": row.deputy_unit_id}
    else:
        row = ConferenceLeadership(
            conference_id=conference.id, bloc_id=campaign.bloc_id, year=campaign.year + 1
        )
        session.add(row)
    row.method = method
    row.leader_unit_id = chosen.leader_unit_id
    row.deputy_unit_id = chosen.deputy_unit_id
    row.note = note
    row.recorded_by = principal.id
    row.recorded_at = utcnow()
    session.flush()
    audit.record(
        session,
        actor=principal.actor,
        action="conference.leadership_record",
        object_type="conference",
        object_id=conference.id,
        details={
            "year": row.year,
            "method": str(method),
            "leader_unit_id": row.leader_unit_id,
            "deputy_unit_id": row.deputy_unit_id,
            "replaced": replaced,
        },
    )
    return leadership_view(session, row)


def get_leadership(*, session: Session, conference_id: str) -> LeadershipView:
    row = repository.leadership(session, service.load(session, conference_id).id)
    if row is None:
        raise _not_recorded()
    return leadership_view(session, row)


# ---- next year's membership draft -------------------------------------------------------------------


def _not_recorded() -> Conflict:
    return Conflict(
        "No conference has recorded this leadership yet.",
        code="leadership_not_recorded",
        detail_vi="Chưa có hội nghị nào ghi nhận Khối trưởng, Khối phó cho năm này.",
    )


@dataclass(frozen=True)
class DraftMember:
    unit: repository.MemberUnit
    role: str


@dataclass(frozen=True)
class MembershipDraft:
    bloc_id: str
    year: int
    leadership: ConferenceLeadership
    conference: Conference
    members: list[DraftMember]


def draft(*, session: Session, bloc_id: str, year: int) -> MembershipDraft:
    blocs_service.get(session=session, bloc_id=bloc_id)
    chosen = repository.leadership_for_year(session, bloc_id=bloc_id, year=year)
    if chosen is None:
        raise _not_recorded()
    conference = service.load(session, chosen.conference_id)
    units = {m.unit_id: m for m in repository.members(session, bloc_id=bloc_id, year=year - 1)}
    members = [rotation.Member(m.unit_id, m.code, m.role) for m in units.values()]
    roles = rotation.carried(members, rotation.Leadership(chosen.leader_unit_id, chosen.deputy_unit_id))
    return MembershipDraft(
        bloc_id=bloc_id,
        year=year,
        leadership=chosen,
        conference=conference,
        members=[DraftMember(units[u], role) for u, role in roles],
    )


def adopt(*, session: Session, principal: Principal, bloc_id: str, year: int) -> MembershipDraft:
    proposed = draft(session=session, bloc_id=bloc_id, year=year)
    if repository.members(session, bloc_id=bloc_id, year=year):
        raise Conflict(
            f"The bloc already has members in {year}; change them with the bloc's member list.",
            code="bloc_year_has_members",
            detail_vi=f"Khối đã có danh sách thành viên năm {year}.",
        )
    blocs_service.set_members(
        session=session,
        actor=principal.actor,
        bloc_id=bloc_id,
        year=year,
        entries=[(m.unit.unit_id, m.role) for m in proposed.members],
    )
    audit.record(
        session,
        actor=principal.actor,
        action="conference.membership_adopt",
        object_type="bloc",
        object_id=bloc_id,
        details={"year": year, "conference_id": proposed.conference.id, "members": len(proposed.members)},
    )
    return proposed
