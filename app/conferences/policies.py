"""Who may act on a conference, as policies the routes declare (see ``app.core.policy``).

- A conference exists for the members of its bloc that year (any officer of a member unit: the leader and
  deputy included), the secretariat, observers, admins, and its guests invited by account; anyone else gets
  404. Service clients get 404 too.
- The leader (or deputy) unit's officers and the secretariat manage it: create, change, open, close,
  cancel, agenda, guests, delegates, voting delegates, next year's leadership. Others who may read it get
  403.
- Check-in: the leader or the secretariat, or an officer of the delegate's own unit (a unit checks its
  own delegates in at the door).
- Next year's membership draft: the secretariat, or the leader (deputy) unit's officers of the year that
  chose it or of the year drafted; adopting it is the secretariat's.

The checks read plain columns (the conference's campaign, bloc and year), never load a ``Conference``:
the services then read it fresh (FOR UPDATE where they change it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.blocs import leadership
from app.blocs.policies import BLOC_EXISTS, year_of
from app.campaigns.policies import LEADER as CAMPAIGN_LEADER
from app.campaigns.policies import find_bloc_year, not_manager
from app.core.errors import Forbidden, NotFound
from app.core.policy import ANY_USER, Allow, Params, Policy, Rule, Visibility, Who, remembered, role
from app.core.principal import Principal
from app.models import Campaign, Conference, ConferenceDelegate, ConferenceGuest

_MAX_ID_LENGTH = 64
READER_ROLES = ("admin", "secretariat", "observer")


@dataclass(frozen=True)
class ConferenceFacts:
    campaign_id: str
    bloc_id: str
    year: int


def conference_not_found() -> NotFound:
    return NotFound("The conference does not exist.", detail_vi="Không tìm thấy hội nghị.")


def guest_not_found() -> NotFound:
    return NotFound("The conference has no such guest.", detail_vi="Hội nghị không có khách mời này.")


def delegate_not_found() -> NotFound:
    return NotFound("The conference has no such delegate.", detail_vi="Hội nghị không có đại biểu này.")


def facts(session: Session, conference_id: str) -> ConferenceFacts | None:
    """The conference's campaign, bloc and year (None when there is no such conference), read once per
    policy check."""
    if len(conference_id) > _MAX_ID_LENGTH:
        return None

    def read() -> ConferenceFacts | None:
        row = session.execute(
            select(Conference.campaign_id, Campaign.bloc_id, Campaign.year)
            .join(Campaign, Campaign.id == Conference.campaign_id)
            .where(Conference.id == conference_id)
        ).first()
        return None if row is None else ConferenceFacts(row.campaign_id, row.bloc_id, row.year)

    return remembered(session, ("conference_facts", conference_id), read)


def unit_role(session: Session, principal: Principal, f: ConferenceFacts | None) -> str | None:
    """The role of the officer's unit in the conference's bloc-year (None for others)."""
    if f is None or not principal.has_role("officer") or principal.unit_id is None:
        return None
    return remembered(
        session,
        ("unit_role", f.bloc_id, f.year, principal.unit_id),
        lambda: leadership.unit_role(session, bloc_id=f.bloc_id, year=f.year, unit_id=principal.unit_id),
    )


def is_invited(session: Session, principal: Principal, conference_id: str) -> bool:
    """A guest of this conference, invited by account."""
    if not principal.is_user or len(conference_id) > _MAX_ID_LENGTH:
        return False
    return remembered(
        session,
        ("conference_invited", conference_id, principal.id),
        lambda: (
            session.scalar(
                select(ConferenceGuest.id).where(
                    ConferenceGuest.conference_id == conference_id, ConferenceGuest.user_id == principal.id
                )
            )
            is not None
        ),
    )


def may_read(session: Session, principal: Principal, params: Params) -> bool:
    """Whether the conference exists for ``principal``: False also when there is no such conference."""
    f = facts(session, params["conference_id"])
    if f is None:
        return False
    if principal.has_role(*READER_ROLES):
        return True
    return unit_role(session, principal, f) is not None or is_invited(
        session, principal, params["conference_id"]
    )


def _leads(session: Session, principal: Principal, params: Params) -> bool:
    return leadership.leads(unit_role(session, principal, facts(session, params["conference_id"])))


def _is_member(session: Session, principal: Principal, params: Params) -> bool:
    return unit_role(session, principal, facts(session, params["conference_id"])) is not None


def _guest_in_conference(session: Session, principal: Principal, params: Params) -> bool:
    if not may_read(session, principal, params) or len(params["guest_id"]) > _MAX_ID_LENGTH:
        return False
    found = session.scalar(
        select(ConferenceGuest.id).where(
            ConferenceGuest.id == params["guest_id"],
            ConferenceGuest.conference_id == params["conference_id"],
        )
    )
    return found is not None


def delegate_unit(session: Session, conference_id: str, delegate_id: str) -> str | None:
    """The delegate's unit, None when the conference has no such delegate."""
    if len(delegate_id) > _MAX_ID_LENGTH:
        return None
    return remembered(
        session,
        ("delegate_unit", conference_id, delegate_id),
        lambda: session.scalar(
            select(ConferenceDelegate.unit_id).where(
                ConferenceDelegate.id == delegate_id, ConferenceDelegate.conference_id == conference_id
            )
        ),
    )


def _delegate_in_conference(session: Session, principal: Principal, params: Params) -> bool:
    return may_read(session, principal, params) and (
        delegate_unit(session, params["conference_id"], params["delegate_id"]) is not None
    )


def _officer_of_delegate_unit(session: Session, principal: Principal, params: Params) -> bool:
    if not principal.has_role("officer") or principal.unit_id is None:
        return False
    return principal.unit_id == delegate_unit(session, params["conference_id"], params["delegate_id"])


def _no_campaign_in_body(session: Session, _principal: Principal, params: Params) -> bool:
    campaign_id = params.get("campaign_id")
    return campaign_id is None or find_bloc_year(session, campaign_id) is None


def _leads_draft_years(session: Session, principal: Principal, params: Params) -> bool:
    """Leads (or deputises) the bloc in the year drafted or the year before it (whose conference chose)."""
    year = year_of(params)
    if year is None:
        return True  # 422 from the path's validation, not a denial (``app.blocs.policies.year_of``)
    if not principal.has_role("officer"):
        return False
    return any(
        leadership.leads(
            leadership.unit_role(session, bloc_id=params["bloc_id"], year=y, unit_id=principal.unit_id)
        )
        for y in (year - 1, year)
    )


def _not_check_in() -> Forbidden:
    return Forbidden(
        "Only the leader, the secretariat, or an officer of the delegate's own unit checks a delegate in.",
        detail_vi="Chỉ Khối trưởng, Khối phó, Thường trực Hội đồng hoặc cán bộ của chính đơn vị được điểm "
        "danh đại biểu.",
    )


def _not_secretariat() -> Forbidden:
    return Forbidden(
        "Only the secretariat adopts next year's membership.",
        detail_vi="Chỉ Thường trực Hội đồng được thông qua danh sách thành viên năm sau.",
    )


# ---- rules ---------------------------------------------------------------------------------------------

READERS = role(*READER_ROLES)
LEADER = Rule(
    who="officer of the unit leading or deputising the conference's bloc that year",
    admits=frozenset({Who.LEADER, Who.DEPUTY}),
    test=_leads,
)
MEMBER = Rule(
    who="officer of a member unit of the conference's bloc that year",
    admits=frozenset({Who.OFFICER, Who.LEADER, Who.DEPUTY}),
    test=_is_member,
)
GUEST = Rule(
    who="a guest of the conference invited by account (`user_id`)",
    admits=frozenset(),
    test=lambda s, p, params: is_invited(s, p, params["conference_id"]),
)
OWN_UNIT_OFFICER = Rule(
    who="officer of the delegate's own unit",
    admits=frozenset({Who.OFFICER}),
    test=_officer_of_delegate_unit,
)
NO_CAMPAIGN_IN_BODY = Rule(
    who="anyone whose body names no existing campaign (`campaign_id`): the body is refused with 422",
    admits=frozenset(),
    test=_no_campaign_in_body,
)
DRAFT_LEADER = Rule(
    who="officer of the unit leading or deputising the bloc in the year drafted or the year before",
    admits=frozenset({Who.LEADER, Who.DEPUTY}),
    test=_leads_draft_years,
)

# ---- visibility ----------------------------------------------------------------------------------------

_READERS_WORDS = (
    "a reader of the conference (officers of the bloc's member units that year, the secretariat, "
    "observers, admins, its guests)"
)
CONFERENCE_READER = Visibility(who=_READERS_WORDS, test=may_read, hidden=conference_not_found)
GUEST_EXISTS = Visibility(
    who=_READERS_WORDS + ", naming one of its guests", test=_guest_in_conference, hidden=guest_not_found
)
DELEGATE_EXISTS = Visibility(
    who=_READERS_WORDS + ", naming one of its delegates",
    test=_delegate_in_conference,
    hidden=delegate_not_found,
)

# ---- policies ------------------------------------------------------------------------------------------

_WRITES_THEN = "409 `campaign_closed` once the campaign is closed."
CREATE_CONFERENCE = Policy(
    "conferences.create",
    rules=(role("secretariat"), NO_CAMPAIGN_IN_BODY, CAMPAIGN_LEADER),
    body_fields=("campaign_id",),
    denied=not_manager,
    then="One conference per campaign and kind (409 `conference_exists`). " + _WRITES_THEN,
)
LIST_CONFERENCES = Policy(
    "conferences.list",
    rules=(ANY_USER,),
    then="Lists only the conferences the principal may read (`conferences.read`).",
)
READ_CONFERENCE = Policy(
    "conferences.read",
    rules=(READERS, MEMBER, GUEST),
    visible=CONFERENCE_READER,
    then="Readable whatever the campaign's state; the minutes once the conference opened.",
)
MANAGE_CONFERENCE = Policy(
    "conferences.manage",
    rules=(role("secretariat"), LEADER),
    visible=CONFERENCE_READER,
    denied=not_manager,
    then="Transitions follow planned → open → closed, planned/open → cancelled (409 "
    "`invalid_transition`); a closed or cancelled conference refuses changes (409 `conference_finished`). "
    + _WRITES_THEN,
)
MANAGE_GUEST = Policy(
    "conferences.manage_guest",
    rules=(role("secretariat"), LEADER),
    visible=GUEST_EXISTS,
    denied=not_manager,
    then="409 `conference_finished` once closed or cancelled. " + _WRITES_THEN,
)
CHECK_IN = Policy(
    "conferences.check_in",
    rules=(role("secretariat"), LEADER, OWN_UNIT_OFFICER),
    visible=DELEGATE_EXISTS,
    denied=_not_check_in,
    then="Only while the conference is open (409 `conference_not_open`); twice keeps the first time. "
    + _WRITES_THEN,
)
READ_DRAFT = Policy(
    "conferences.read_membership_draft",
    rules=(role("secretariat"), DRAFT_LEADER),
    visible=BLOC_EXISTS,
    denied=not_manager,
    then="409 `leadership_not_recorded` until a conference of the year before records the leadership.",
)
ADOPT_DRAFT = Policy(
    "conferences.adopt_membership_draft",
    rules=(role("secretariat"),),
    visible=BLOC_EXISTS,
    denied=_not_secretariat,
    then="409 `bloc_year_has_members` when the year already has members.",
)

ConferenceCreator = Annotated[Principal, Allow(CREATE_CONFERENCE)]
ConferenceLister = Annotated[Principal, Allow(LIST_CONFERENCES)]
ConferenceReader = Annotated[Principal, Allow(READ_CONFERENCE)]
ConferenceManager = Annotated[Principal, Allow(MANAGE_CONFERENCE)]
GuestManager = Annotated[Principal, Allow(MANAGE_GUEST)]
DelegateCheckIn = Annotated[Principal, Allow(CHECK_IN)]
DraftReader = Annotated[Principal, Allow(READ_DRAFT)]
DraftAdopter = Annotated[Principal, Allow(ADOPT_DRAFT)]
