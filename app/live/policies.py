"""Who may follow a live stream. A session's turnout stream: whoever reads the session
(``app.voting.policies.READ_SESSION``, the route names it). A conference's stream: its readers (common
notes, "shared decisions"): members of the bloc that year (any officer of a member unit), the leader, the
secretariat, observers, admins, and the conference's guests; everyone else gets 404."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.blocs import leadership
from app.conferences.guests import is_guest
from app.core.errors import NotFound
from app.core.policy import Allow, Params, Policy, Rule, Visibility, Who, remembered, role
from app.core.principal import Principal
from app.models import Campaign, Conference

_MAX_ID_LENGTH = 64


@dataclass(frozen=True)
class ConferenceFacts:
    campaign_id: str
    bloc_id: str
    year: int


def conference_facts(session: Session, conference_id: str | None) -> ConferenceFacts | None:
    """The conference's campaign and bloc-year, as plain columns; None when there is no such conference."""
    if conference_id is None or len(conference_id) > _MAX_ID_LENGTH:
        return None

    def read() -> ConferenceFacts | None:
        row = session.execute(
            select(Conference.campaign_id, Campaign.bloc_id, Campaign.year)
            .join(Campaign, Campaign.id == Conference.campaign_id)
            .where(Conference.id == conference_id)
        ).first()
        return None if row is None else ConferenceFacts(row.campaign_id, row.bloc_id, row.year)

    return remembered(session, ("conference_facts", conference_id), read)


def _member_officer(session: Session, principal: Principal, params: Params) -> bool:
    facts = conference_facts(session, params.get("conference_id"))
    if facts is None or not principal.has_role("officer"):
        return False
    role_ = leadership.unit_role(session, bloc_id=facts.bloc_id, year=facts.year, unit_id=principal.unit_id)
    return role_ is not None


def _guest(session: Session, principal: Principal, params: Params) -> bool:
    facts = conference_facts(session, params.get("conference_id"))
    return facts is not None and is_guest(session, principal, facts.campaign_id)


def _not_found() -> NotFound:
    return NotFound("The conference does not exist.", detail_vi="Không tìm thấy hội nghị.")


MEMBER_OFFICER = Rule(
    who="officer of a member unit of the conference's bloc that year (the leader and deputy included)",
    admits=frozenset({Who.OFFICER, Who.LEADER, Who.DEPUTY}),
    test=_member_officer,
)
GUEST = Rule(
    who="a guest invited (by account) to a conference of the campaign",
    admits=frozenset(),
    test=_guest,
)
_STAFF = role("admin", "secretariat", "observer")
_READERS = (_STAFF, MEMBER_OFFICER, GUEST)


def may_read_conference(session: Session, principal: Principal, params: Params) -> bool:
    if conference_facts(session, params.get("conference_id")) is None:
        return False
    return any(rule.test(session, principal, params) for rule in _READERS)


FOLLOW_CONFERENCE = Policy(
    "live.conference",
    rules=_READERS,
    visible=Visibility(
        who="a reader of the conference (members of the bloc that year, the leader, secretariat, "
        "observers, admins, its guests)",
        test=may_read_conference,
        hidden=_not_found,
    ),
    then="Counts only (units present, ballots cast per session), never who voted. The token and the "
    "access are checked again at every poll: the stream ends when either lapses.",
)

ConferenceFollower = Annotated[Principal, Allow(FOLLOW_CONFERENCE)]
