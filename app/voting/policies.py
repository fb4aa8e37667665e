"""Who may act on a ballot session, as policies the routes declare (see ``app.core.policy``).

The rules are those of ``app.voting.visibility``: a session exists only for its readers (the electorate,
the leader of its campaign's bloc-year, the secretariat, observers; once published, ``results:read``
clients); the leader and the secretariat run it. What depends on the session's state (409
``results_not_available``, ``session_not_open``, ``invalid_transition``...) stays in the services.

The checks read plain columns (the session's campaign and status, the campaign's bloc and year, one
electorate row), never load a ``VotingSession``: the services then take the row FOR UPDATE / FOR SHARE and
must get it freshly read, not an object a check left in the ORM session.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Annotated

from sqlalchemy import bindparam, exists, select
from sqlalchemy.orm import Session

from app.blocs import leadership
from app.campaigns.policies import (
    LEADER,
    BlocYear,
    find_bloc_year,
    knew_bloc_year,
    knew_unit_role,
    not_manager,
    unit_role_in,
)
from app.core.errors import Forbidden
from app.core.policy import (
    ANY_PRINCIPAL,
    Allow,
    Params,
    Policy,
    Rule,
    Visibility,
    Who,
    prime,
    remembered,
    role,
    scope,
)
from app.core.principal import Principal
from app.models import Ballot, BlocMember, Campaign, SessionElector, SessionStatus, VotingSession
from app.voting import receipts, unit_delegates, visibility

_MAX_ID_LENGTH = 64


@dataclass(frozen=True)
class SessionFacts:
    campaign_id: str | None
    status: str


def session_facts(
    session: Session, session_id: str | None, principal: Principal | None = None
) -> SessionFacts | None:
    """The session's campaign and status, as plain columns (None when there is no such session); read once
    per policy check. Given the ``principal``, the same statement reads what the rules ask next: its unit's
    role in the campaign's bloc-year and whether it is listed in the electorate."""
    if session_id is None or len(session_id) > _MAX_ID_LENGTH:
        return None
    return remembered(session, ("session_facts", session_id), lambda: _facts(session, session_id, principal))


# Built once: a statement built per request costs more to build (and to key for the compiled cache) than to
# run. The unit's role and the listing are read for whichever unit and user the parameters name (none: NULL).
_FACTS = (
    select(
        VotingSession.campaign_id,
        VotingSession.status,
        Campaign.bloc_id,
        Campaign.year,
        select(BlocMember.role)
        .where(
            BlocMember.bloc_id == Campaign.bloc_id,
            BlocMember.year == Campaign.year,
            BlocMember.unit_id == bindparam("unit_id"),
        )
        .scalar_subquery()
        .label("unit_role"),
        exists()
        .where(SessionElector.session_id == VotingSession.id, SessionElector.user_id == bindparam("user_id"))
        .label("listed"),
    )
    .outerjoin(Campaign, Campaign.id == VotingSession.campaign_id)
    .where(VotingSession.id == bindparam("session_id"))
)


def _facts(session: Session, session_id: str, principal: Principal | None) -> SessionFacts | None:
    # The campaign's bloc and year come with it, and the principal's role and listing: the leader's and the
    # electors' rules ask for them next, and each would be a statement of its own.
    unit_id = principal.unit_id if principal is not None and principal.has_role("officer") else None
    user_id = principal.id if principal is not None and principal.is_user else None
    row = session.execute(_FACTS, {"session_id": session_id, "unit_id": unit_id, "user_id": user_id}).first()
    if row is None:
        return None
    if row.campaign_id is not None and row.bloc_id is not None:
        bloc_year = BlocYear(bloc_id=row.bloc_id, year=row.year)
        knew_bloc_year(session, row.campaign_id, bloc_year)
        if unit_id is not None:
            knew_unit_role(session, bloc_year, unit_id, row.unit_role)
    if user_id is not None:
        prime(session, ("listed", session_id, user_id), bool(row.listed))
    return SessionFacts(campaign_id=row.campaign_id, status=row.status)


def _leads(session: Session, principal: Principal, facts: SessionFacts | None) -> bool:
    if facts is None or facts.campaign_id is None or not principal.has_role("officer"):
        return False
    return leadership.leads(unit_role_in(session, principal, {"campaign_id": facts.campaign_id}))


def _is_elector(session: Session, principal: Principal, session_id: str) -> bool:
    if not principal.is_user or len(session_id) > _MAX_ID_LENGTH:
        return False
    return remembered(
        session,
        ("elector", session_id),
        lambda: (
            _listed(session, principal.id, session_id)
            or unit_delegates.is_elector(session, session_id=session_id, user_id=principal.id)
        ),
    )


def _listed(session: Session, user_id: str, session_id: str) -> bool:
    """In the session's list of electors (``session_facts`` read it along, given the principal)."""
    return remembered(
        session,
        ("listed", session_id, user_id),
        lambda: visibility.listed(session, session_id=session_id, user_id=user_id),
    )


def _client_reads(principal: Principal, facts: SessionFacts | None) -> bool:
    return (
        facts is not None
        and facts.status == SessionStatus.PUBLISHED
        and principal.has_scope(visibility.RESULTS_SCOPE)
    )


def may_read(session: Session, principal: Principal, params: Params) -> bool:
    """``visibility.may_read_session``, on plain columns; False when there is no such session."""
    facts = session_facts(session, params["session_id"], principal)
    if facts is None:
        return False
    if principal.has_role("secretariat", "observer"):
        return True
    if principal.is_client:
        return _client_reads(principal, facts)
    return _leads(session, principal, facts) or _is_elector(session, principal, params["session_id"])


def _only_delegates() -> Forbidden:
    return Forbidden(
        "Only delegates, signed in as themselves, cast ballots.",
        detail_vi="Chỉ đại biểu, đăng nhập bằng tài khoản của mình, được bỏ phiếu.",
    )


def _not_in_electorate() -> Forbidden:
    return Forbidden(
        "You are not in this session's electorate.",
        code="not_in_electorate",
        detail_vi="Bạn không có tên trong danh sách đại biểu của phiên bỏ phiếu này.",
    )


def _council_only() -> Forbidden:
    return Forbidden(
        "Only the secretariat runs a council session.",
        detail_vi="Chỉ thường trực hội đồng (văn phòng) điều hành phiên họp hội đồng.",
    )


def _may_cast_or_hidden(session: Session, principal: Principal, params: Params) -> bool:
    """A service client is refused (403) before the session is even looked up; others must read it."""
    if not principal.is_user:
        raise _only_delegates()
    return may_read(session, principal, params)


def _leads_session_campaign(session: Session, principal: Principal, params: Params) -> bool:
    """Leads the session's campaign; a council session (no campaign) is refused here with its own 403."""
    facts = session_facts(session, params["session_id"], principal)
    if facts is not None and facts.campaign_id is None:
        raise _council_only()
    return _leads(session, principal, facts)


def _holds_receipt(session: Session, principal: Principal, params: Params) -> bool:
    """A receipt of one of the session's ballots: the capability to learn that the session exists."""
    receipt = params.get("receipt", "")
    if not receipts.well_formed(receipt):
        return False
    ballot_session_id = session.scalar(
        select(Ballot.session_id).where(Ballot.receipt_hash == receipts.receipt_hash(receipt))
    )
    return ballot_session_id is not None and ballot_session_id == params["session_id"]


def _no_campaign_in_body(session: Session, _principal: Principal, params: Params) -> bool:
    campaign_id = params.get("campaign_id")
    if campaign_id is None:
        return True
    return find_bloc_year(session, campaign_id) is None


# ---- rules ---------------------------------------------------------------------------------------------

SESSION_LEADER = Rule(
    who="officer of the unit leading or deputising the bloc of the session's campaign that year",
    admits=frozenset({Who.LEADER, Who.DEPUTY}),
    test=lambda s, p, params: _leads(s, p, session_facts(s, params["session_id"], p)),
)
SESSION_MANAGER_LEADER = Rule(
    who="officer of the unit leading or deputising the bloc of the session's campaign that year (a "
    "council session, without a campaign, is the secretariat's alone: 403)",
    admits=frozenset({Who.LEADER, Who.DEPUTY}),
    test=_leads_session_campaign,
)
ELECTOR = Rule(
    who="delegate in the session's electorate (one delegate per unit: the checked-in voting delegate of a "
    "member unit at the session's conference)",
    admits=frozenset({Who.ELECTOR}),
    test=lambda s, p, params: _is_elector(s, p, params["session_id"]),
)
PUBLISHED_TO_CLIENTS = replace(
    scope(visibility.RESULTS_SCOPE, who="service client with `results:read`, once the session is published"),
    test=lambda s, p, params: _client_reads(p, session_facts(s, params["session_id"], p)),
)
READERS = (role("secretariat", "observer"), SESSION_LEADER, ELECTOR, PUBLISHED_TO_CLIENTS)

NO_CAMPAIGN_IN_BODY = Rule(
    who="anyone whose body names no existing campaign (`campaign_id`): there is nothing to authorise "
    "against, the body is refused with 422",
    admits=frozenset(),
    test=_no_campaign_in_body,
)

# ---- visibility ----------------------------------------------------------------------------------------

_READERS_WORDS = (
    "a reader of the session (its electorate, the leader, the secretariat, observers; once published, "
    "`results:read` clients)"
)
SESSION_READER = Visibility(who=_READERS_WORDS, test=may_read, hidden=visibility.not_found)
SESSION_READER_NOT_CLIENT = Visibility(
    who=_READERS_WORDS + "; a service client gets 403 before this check: only delegates cast ballots",
    test=_may_cast_or_hidden,
    hidden=visibility.not_found,
)
READER_OR_RECEIPT_HOLDER = Visibility(
    who=_READERS_WORDS + ", nor presenting a receipt of one of its ballots",
    test=lambda s, p, params: may_read(s, p, params) or _holds_receipt(s, p, params),
    hidden=visibility.not_found,
)

# ---- policies ------------------------------------------------------------------------------------------

CREATE_SESSION = Policy(
    "voting.create",
    rules=(role("secretariat"), NO_CAMPAIGN_IN_BODY, LEADER),
    body_fields=("campaign_id",),
    denied=not_manager,
    then="For the body's campaign (`campaign_id`): 409 `campaign_closed` when it is closed; the settings are "
    "checked against its bloc-year (422, 409).",
)
LIST_SESSIONS = Policy(
    "voting.list",
    rules=(ANY_PRINCIPAL,),
    then="Lists only the sessions the principal may read (`voting.read`'s rule as a SQL filter): "
    "everything to the secretariat and observers; published sessions to `results:read` clients, none to "
    "other clients; to a user, the sessions of its electorate and those of the campaigns its unit leads "
    "or deputises that year.",
)
READ_SESSION = Policy(
    "voting.read",
    rules=READERS,
    visible=SESSION_READER,
    then="The turnout gives counts only, never who voted.",
)
MANAGE_SESSION = Policy(
    "voting.manage",
    rules=(role("secretariat"), SESSION_MANAGER_LEADER),
    visible=SESSION_READER,
    denied=not_manager,
    then="Settings change only in a draft (409 `session_not_draft`), and moving a session to another "
    "campaign needs its leader too (403); transitions follow the state machine (409 "
    "`invalid_transition`); a runoff needs a counted session with a tie (409).",
)
READ_RESULTS = Policy(
    "voting.results",
    rules=READERS,
    visible=SESSION_READER,
    then="409 `results_not_available` unless the session is closed (to the leader, secretariat and "
    "observers) or published (to every reader). Who chose what (a session with `secret: false`) only to "
    "the leader and the secretariat.",
)
CAST_BALLOT = Policy(
    "voting.cast",
    rules=(ELECTOR,),
    visible=SESSION_READER_NOT_CLIENT,
    denied=_not_in_electorate,
    then="409 `session_not_open` unless the session is open; 409 `already_voted` for a second ballot.",
)
CHECK_RECEIPT = Policy(
    "voting.check_receipt",
    rules=(ANY_PRINCIPAL,),
    visible=READER_OR_RECEIPT_HOLDER,
    then="409 `session_not_closed` until the session is counted (readers learn it before the receipt is "
    "looked at); 404 to a reader for a receipt that is not one of the session's ballots.",
)

SessionCreator = Annotated[Principal, Allow(CREATE_SESSION)]
SessionLister = Annotated[Principal, Allow(LIST_SESSIONS)]
SessionReader = Annotated[Principal, Allow(READ_SESSION)]
SessionManager = Annotated[Principal, Allow(MANAGE_SESSION)]
ResultsReader = Annotated[Principal, Allow(READ_RESULTS)]
Voter = Annotated[Principal, Allow(CAST_BALLOT)]
ReceiptChecker = Annotated[Principal, Allow(CHECK_RECEIPT)]
