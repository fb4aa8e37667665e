"""One delegate per unit (issue 14, point 3): a session whose electorate is the bloc's member units, each
represented by its one checked-in voting delegate at the conference.

- The electorate: the bloc's member units that year, frozen into ``SessionUnitElector`` when the session
  opens (before, while a draft, the members as they stand).
- Who votes for a unit: the user who is, at that moment, the unit's voting delegate at the session's
  conference (``ConferenceDelegate`` with ``voting``, ``checked_in_at`` and ``user_id`` set). A substitution
  moves the ``voting`` flag to another delegate; the new one may vote only if the unit has not.
- Once per unit: ``BallotUnitVoter(session, unit)``'s primary key, whichever delegate casts, on any server.
  The caller's own ``BallotVoter`` row is written too, so ``turnout.i_voted`` answers as for other sessions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, and_, exists, func, insert, select
from sqlalchemy.orm import Session

from app.blocs import leadership
from app.core.errors import Invalid
from app.core.principal import Principal
from app.models import (
    BlocMember,
    Campaign,
    Conference,
    ConferenceDelegate,
    SessionUnitElector,
    VotingSession,
)

if TYPE_CHECKING:
    from app.voting.settings import SessionSettings

_MAX_ID_LENGTH = 64


# ---- settings ------------------------------------------------------------------------------------------


def _invalid(field: str, msg: str, kind: str, detail: str, detail_vi: str) -> Invalid:
    return Invalid(detail, detail_vi=detail_vi, errors=[{"loc": ["body", field], "msg": msg, "type": kind}])


def check_electorate(session: Session, s: SessionSettings, *, campaign_id: str) -> None:
    """422 unless the electorate is given one way: listed users, or (``one_delegate_per_unit``) the member
    units through a conference of the session's campaign."""
    if s.conference_id is not None:
        conference = (
            session.get(Conference, s.conference_id) if len(s.conference_id) <= _MAX_ID_LENGTH else None
        )
        if conference is None or conference.campaign_id != campaign_id:
            raise _invalid(
                "conference_id",
                "not a conference of the session's campaign",
                "conference_not_of_campaign",
                "The conference does not exist or is not one of the session's campaign.",
                "Hội nghị không tồn tại hoặc không thuộc phong trào thi đua của phiên bỏ phiếu.",
            )
    if s.one_delegate_per_unit:
        if s.conference_id is None:
            raise _invalid(
                "conference_id",
                "required when one_delegate_per_unit is true",
                "missing",
                "A one-delegate-per-unit session names its conference (`conference_id`).",
                "Phiên bỏ phiếu mỗi đơn vị một đại biểu phải gắn với một hội nghị.",
            )
        if s.electorate_user_ids:
            raise _invalid(
                "electorate_user_ids",
                "must be left out: the electorate is the member units",
                "electorate_is_units",
                "A one-delegate-per-unit session's electorate is the bloc's member units; list no users.",
                "Phiên bỏ phiếu mỗi đơn vị một đại biểu có cử tri là các đơn vị thành viên; "
                "không liệt kê người dùng.",
            )
    elif not s.electorate_user_ids:
        raise _invalid(
            "electorate_user_ids",
            "at least one delegate",
            "missing",
            "List the delegates (`electorate_user_ids`), or set `one_delegate_per_unit`.",
            "Hãy liệt kê đại biểu, hoặc chọn mỗi đơn vị một đại biểu.",
        )


# ---- the electorate ------------------------------------------------------------------------------------


def _members(session: Session, vs: VotingSession) -> list[str]:
    campaign = session.get(Campaign, vs.campaign_id) if vs.campaign_id else None
    if campaign is None:
        return []
    return leadership.member_unit_ids(session, bloc_id=campaign.bloc_id, year=campaign.year)


def freeze(session: Session, vs: VotingSession) -> int:
    """Write the session's electorate (the member units now); called as it opens. The number of units."""
    units = _members(session, vs)
    if units:
        session.execute(insert(SessionUnitElector), [{"session_id": vs.id, "unit_id": u} for u in units])
    return len(units)


def unit_ids(session: Session, vs: VotingSession) -> list[str]:
    """The units of the electorate, by id: frozen once opened, the members as they stand before."""
    if vs.opened_at is None:
        return sorted(_members(session, vs))
    return list(
        session.scalars(
            select(SessionUnitElector.unit_id)
            .where(SessionUnitElector.session_id == vs.id)
            .order_by(SessionUnitElector.unit_id)
        )
    )


def unit_rows(session: Session, session_ids: list[str]) -> list[tuple[str, str]]:
    """(session id, unit id) of the frozen electorates of these sessions, by session then unit id."""
    rows = session.execute(
        select(SessionUnitElector.session_id, SessionUnitElector.unit_id)
        .where(SessionUnitElector.session_id.in_(session_ids))
        .order_by(SessionUnitElector.session_id, SessionUnitElector.unit_id)
    ).all()
    return [(sid, uid) for sid, uid in rows]


def size(session: Session, vs: VotingSession) -> int:
    if vs.opened_at is None:
        return len(_members(session, vs))
    return int(
        session.scalar(
            select(func.count()).select_from(SessionUnitElector).where(SessionUnitElector.session_id == vs.id)
        )
        or 0
    )


# ---- who holds a unit's vote ---------------------------------------------------------------------------


def _voting_delegate(conference_id: Any, user_id: Any) -> ColumnElement[bool]:
    return and_(
        ConferenceDelegate.conference_id == conference_id,
        ConferenceDelegate.user_id == user_id,
        ConferenceDelegate.voting.is_(True),
        ConferenceDelegate.checked_in_at.is_not(None),
    )


def delegate_unit(session: Session, *, conference_id: str, user_id: str) -> str | None:
    """The unit whose checked-in voting delegate the user is at the conference now, if any."""
    return session.scalar(select(ConferenceDelegate.unit_id).where(_voting_delegate(conference_id, user_id)))


def elector_unit(session: Session, principal: Principal, vs: VotingSession) -> str | None:
    """The unit of the electorate whose vote the principal holds now; None for anyone else."""
    if not (principal.is_user and vs.one_delegate_per_unit and vs.conference_id):
        return None
    unit = delegate_unit(session, conference_id=vs.conference_id, user_id=principal.id)
    if unit is None:
        return None
    if vs.opened_at is None:
        return unit if unit in _members(session, vs) else None
    frozen = session.get(SessionUnitElector, (vs.id, unit))
    return unit if frozen is not None else None


def is_elector(session: Session, *, session_id: str, user_id: str) -> bool:
    """``elector_unit`` on plain columns (for the policies, which never load a ``VotingSession``)."""
    row = session.execute(
        select(
            VotingSession.one_delegate_per_unit,
            VotingSession.conference_id,
            VotingSession.opened_at,
            VotingSession.campaign_id,
        ).where(VotingSession.id == session_id)
    ).first()
    if row is None or not row.one_delegate_per_unit or row.conference_id is None:
        return False
    unit = delegate_unit(session, conference_id=row.conference_id, user_id=user_id)
    if unit is None:
        return False
    if row.opened_at is not None:
        return session.get(SessionUnitElector, (session_id, unit)) is not None
    member = (
        select(BlocMember.unit_id)
        .join(Campaign, and_(Campaign.bloc_id == BlocMember.bloc_id, Campaign.year == BlocMember.year))
        .where(Campaign.id == row.campaign_id, BlocMember.unit_id == unit)
    )
    return session.scalar(member) is not None


def sessions_of_delegate(user_id: str) -> ColumnElement[bool]:
    """The one-delegate-per-unit sessions whose conference has the user as a checked-in voting delegate,
    as a WHERE clause on ``VotingSession`` (lists; whether the unit is in the electorate is not checked)."""
    return and_(
        VotingSession.one_delegate_per_unit.is_(True),
        exists().where(_voting_delegate(VotingSession.conference_id, user_id)),
    )
