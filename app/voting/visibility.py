"""Who may read a ballot session, who may see its results, and who runs it.

- The session (settings, turnout): its electorate (in a one-delegate-per-unit session, whoever holds a
  member unit's vote at its conference now: ``app.voting.unit_delegates``), the leader (officers of the
  unit leading or deputising the campaign's bloc that year), the secretariat, observers; once published,
  also service clients with ``results:read``. Everyone else gets 404: they may not know the session exists.
- The results (and the counting minutes): the leader, the secretariat and observers once the session is
  closed; every principal who may read the session once it is published.
- Running it (create, change, transitions, runoff): the leader and the secretariat.

The routes' policies (``app.voting.policies``) answer 404 when ``may_read_session`` is false (and 403 to
readers who may not run the session); the services answer 409 ``results_not_available`` when the session
is readable but ``results_visible`` is false (``require_results``).
"""

from __future__ import annotations

from sqlalchemy import and_, bindparam, false, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from app.blocs import leadership
from app.core.errors import Conflict, NotFound
from app.core.principal import Principal
from app.models import BlocMember, Campaign, SessionElector, SessionStatus, VotingSession
from app.voting import unit_delegates

RESULTS_SCOPE = "results:read"
COUNTED = frozenset({SessionStatus.CLOSED, SessionStatus.PUBLISHED})


def _campaign(session: Session, vs: VotingSession) -> Campaign | None:
    return session.get(Campaign, vs.campaign_id) if vs.campaign_id else None


def is_elector(session: Session, principal: Principal, vs: VotingSession) -> bool:
    """In the electorate: listed, or (one delegate per unit) holding a member unit's vote now."""
    if vs.one_delegate_per_unit:
        return unit_delegates.elector_unit(session, principal, vs) is not None
    return principal.is_user and listed(session, session_id=vs.id, user_id=principal.id)


def listed(session: Session, *, session_id: str, user_id: str) -> bool:
    """In the session's list of electors."""
    return session.scalar(_LISTED, {"session_id": session_id, "user_id": user_id}) is not None


# Built once (building a statement per request costs more than running it).
_LISTED = select(SessionElector.user_id).where(
    SessionElector.session_id == bindparam("session_id"), SessionElector.user_id == bindparam("user_id")
)


def is_leader(session: Session, principal: Principal, vs: VotingSession) -> bool:
    campaign = _campaign(session, vs)
    return campaign is not None and leadership.is_leader(session, principal, campaign)


def _leads(session: Session, principal: Principal, vs: VotingSession, leads: bool | None) -> bool:
    """``leads`` when the caller knows already whether the principal leads the session's campaign (one
    answer for all of a campaign's sessions), else ``is_leader``."""
    return is_leader(session, principal, vs) if leads is None else leads


def is_manager(
    session: Session, principal: Principal, vs: VotingSession, *, leads: bool | None = None
) -> bool:
    """Runs the session: the secretariat, or the leader of the campaign's bloc-year."""
    return principal.has_role("secretariat") or _leads(session, principal, vs, leads)


def may_read_session(
    session: Session, principal: Principal, vs: VotingSession, *, leads: bool | None = None
) -> bool:
    if principal.has_role("secretariat", "observer"):
        return True
    if principal.is_client:
        return vs.status == SessionStatus.PUBLISHED and principal.has_scope(RESULTS_SCOPE)
    return _leads(session, principal, vs, leads) or is_elector(session, principal, vs)


def results_visible(
    session: Session, principal: Principal, vs: VotingSession, *, leads: bool | None = None
) -> bool:
    """Whether ``principal`` may see the results now (False also for principals who may not read it).
    ``leads``: whether the principal leads the session's campaign, if the caller knows (no query then)."""
    if vs.status == SessionStatus.CLOSED:
        return principal.has_role("observer") or is_manager(session, principal, vs, leads=leads)
    if vs.status == SessionStatus.PUBLISHED:
        return may_read_session(session, principal, vs, leads=leads)
    return False


def may_see_voters(session: Session, principal: Principal, vs: VotingSession) -> bool:
    """Who chose what, for a session with ``secret: false``: the leader and the secretariat only."""
    return not vs.secret and is_manager(session, principal, vs)


def not_found() -> NotFound:
    return NotFound("The ballot session does not exist.", detail_vi="Không tìm thấy phiên bỏ phiếu.")


def results_not_available(vs: VotingSession) -> Conflict:
    return Conflict(
        f"The results of this session are not available to you while it is {vs.status}.",
        code="results_not_available",
        detail_vi="Kết quả phiên bỏ phiếu này chưa được công bố cho bạn.",
    )


def require_results(session: Session, principal: Principal, vs: VotingSession) -> None:
    """409 ``results_not_available`` for a reader who may not see the results (yet). Who may not read the
    session never gets here: the route's policy answers 404."""
    if vs.result is None or not results_visible(session, principal, vs):
        raise results_not_available(vs)


def readable_filter(principal: Principal) -> ColumnElement[bool] | None:
    """The sessions ``principal`` may read, as a WHERE clause (None: all of them) for lists.

    The same rule as ``may_read_session``, in SQL, so that pages are full and cursors stable.
    """
    if principal.has_role("secretariat", "observer"):
        return None
    if principal.is_client:
        if principal.has_scope(RESULTS_SCOPE):
            return VotingSession.status == SessionStatus.PUBLISHED
        return false()
    electorate = select(SessionElector.session_id).where(SessionElector.user_id == principal.id)
    clauses: list[ColumnElement[bool]] = [
        VotingSession.id.in_(electorate),
        unit_delegates.sessions_of_delegate(principal.id),
    ]
    if principal.has_role("officer") and principal.unit_id is not None:
        led = (
            select(Campaign.id)
            .join(BlocMember, and_(BlocMember.bloc_id == Campaign.bloc_id, BlocMember.year == Campaign.year))
            .where(
                BlocMember.unit_id == principal.unit_id,
                BlocMember.role.in_(sorted(leadership.LEADING_ROLES)),
            )
        )
        clauses.append(VotingSession.campaign_id.in_(led))
    return or_(*clauses)
