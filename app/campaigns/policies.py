"""Who may act on a campaign, as policies the routes declare (see ``app.core.policy``).

Leadership is data (``app.blocs.leadership``): an officer whose unit leads or deputises the campaign's bloc
in the campaign's year runs that campaign. The relation rules read the campaign's bloc and year as plain
columns, never as a loaded ``Campaign``: a service that later takes the campaign ``FOR UPDATE`` must get a
freshly read row, not an object this check left in the session.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.blocs import leadership
from app.core.errors import Forbidden, NotFound
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
)
from app.core.principal import Principal
from app.models import Campaign


@dataclass(frozen=True)
class BlocYear:
    bloc_id: str
    year: int


def campaign_not_found() -> NotFound:
    return NotFound("The campaign does not exist.", detail_vi="Không tìm thấy phong trào thi đua.")


def _find_bloc_year(session: Session, campaign_id: str) -> BlocYear | None:
    if len(campaign_id) > 64:
        return None
    row = session.execute(select(Campaign.bloc_id, Campaign.year).where(Campaign.id == campaign_id)).first()
    return None if row is None else BlocYear(bloc_id=row.bloc_id, year=row.year)


def find_bloc_year(session: Session, campaign_id: str) -> BlocYear | None:
    """The campaign's bloc and year, None when there is no such campaign (read once per policy check)."""
    return remembered(session, ("bloc_year", campaign_id), lambda: _find_bloc_year(session, campaign_id))


def knew_bloc_year(session: Session, campaign_id: str, bloc_year: BlocYear) -> None:
    """The campaign's bloc and year, read by a check along with something else: ``find_bloc_year`` answers
    from it for the rest of the policy check."""
    prime(session, ("bloc_year", campaign_id), bloc_year)


def knew_unit_role(session: Session, bloc_year: BlocYear, unit_id: str, role: str | None) -> None:
    """The unit's role in the bloc-year (None: not a member), read by a check along with something else:
    ``unit_role_in`` answers from it for the rest of the policy check."""
    prime(session, ("unit_role", bloc_year, unit_id), role)


def bloc_year_of(session: Session, campaign_id: str) -> BlocYear:
    """The campaign's bloc and year (404 when there is no such campaign)."""
    found = find_bloc_year(session, campaign_id)
    if found is None:
        raise campaign_not_found()
    return found


def campaign_exists(session: Session, _principal: Principal, params: Params) -> bool:
    return find_bloc_year(session, params["campaign_id"]) is not None


CAMPAIGN_EXISTS = Visibility(
    who="naming an existing campaign (campaigns are public: only a missing one is hidden)",
    test=campaign_exists,
    hidden=campaign_not_found,
)
"""For the policies of a campaign's parts (pledge, criteria, sheets, reports, summary): a missing campaign
is 404 for every principal, before any rule can answer 403."""


def unit_role_in(session: Session, principal: Principal, params: Params) -> str | None:
    """The role of the officer's unit in the bloc-year of the campaign in ``params`` (None for others)."""
    if not principal.has_role("officer"):
        return None
    return _unit_role(session, params["campaign_id"], principal.unit_id)


def client_unit_is_member(session: Session, principal: Principal, params: Params) -> bool:
    if not principal.is_client or principal.unit_id is None:
        return False
    return _unit_role(session, params["campaign_id"], principal.unit_id) is not None


def _unit_role(session: Session, campaign_id: str, unit_id: str | None) -> str | None:
    """The unit's role in the campaign's bloc-year (read once per policy check; 404 without a campaign)."""
    by = bloc_year_of(session, campaign_id)
    return remembered(
        session,
        ("unit_role", by, unit_id),
        lambda: leadership.unit_role(session, bloc_id=by.bloc_id, year=by.year, unit_id=unit_id),
    )


LEADER = Rule(
    who="officer of the unit leading or deputising the campaign's bloc that year",
    admits=frozenset({Who.LEADER, Who.DEPUTY}),
    test=lambda s, p, params: leadership.leads(unit_role_in(s, p, params)),
)
MEMBER = Rule(
    who="officer of a member unit of the campaign's bloc that year",
    admits=frozenset({Who.OFFICER, Who.LEADER, Who.DEPUTY}),
    test=lambda s, p, params: unit_role_in(s, p, params) is not None,
)
OFFICER_OF_BODY_UNIT = Rule(
    who="officer of the unit named in the body (`unit_id`)",
    admits=frozenset({Who.OFFICER}),
    test=lambda _s, p, params: (
        p.has_role("officer") and p.unit_id is not None and p.unit_id == params.get("unit_id")
    ),
)


def not_manager() -> Forbidden:
    return Forbidden(
        "Only the bloc's leader unit for this year or the secretariat may do this.",
        detail_vi="Chỉ đơn vị Khối trưởng, Khối phó năm nay hoặc Thường trực Hội đồng được thực hiện.",
    )


def not_bloc_reader() -> Forbidden:
    return Forbidden(
        "Only the bloc's members this year, the secretariat and observers may read this.",
        detail_vi="Chỉ thành viên của khối trong năm, Thường trực Hội đồng và quan sát viên được xem.",
    )


def not_own_unit() -> Forbidden:
    return Forbidden(
        "You may act only for your own unit.", detail_vi="Bạn chỉ được thực hiện cho đơn vị của mình."
    )


READ_CAMPAIGNS = Policy(
    "campaigns.read", rules=(ANY_PRINCIPAL,), then="Campaigns are public to every principal."
)
CREATE_CAMPAIGN = Policy("campaigns.create", rules=(role("secretariat"),))
MANAGE_CAMPAIGN = Policy(
    "campaigns.manage", rules=(role("secretariat"), LEADER), visible=CAMPAIGN_EXISTS, denied=not_manager
)
READ_BLOC_PRIVATE = Policy(
    "campaigns.read_bloc_private",
    rules=(role("secretariat", "observer"), MEMBER),
    visible=CAMPAIGN_EXISTS,
    denied=not_bloc_reader,
)
ACT_FOR_UNIT = Policy(
    "campaigns.act_for_unit",
    rules=(role("secretariat"), OFFICER_OF_BODY_UNIT),
    body_fields=("unit_id",),
    denied=not_own_unit,
)
REGISTER = Policy(
    "campaigns.register",
    rules=(role("secretariat"), LEADER, OFFICER_OF_BODY_UNIT),
    visible=CAMPAIGN_EXISTS,
    body_fields=("unit_id",),
    denied=not_own_unit,
)
CampaignReader = Annotated[Principal, Allow(READ_CAMPAIGNS)]
CampaignCreator = Annotated[Principal, Allow(CREATE_CAMPAIGN)]
CampaignManager = Annotated[Principal, Allow(MANAGE_CAMPAIGN)]
BlocPrivateReader = Annotated[Principal, Allow(READ_BLOC_PRIVATE)]
UnitActor = Annotated[Principal, Allow(ACT_FOR_UNIT)]
Registrant = Annotated[Principal, Allow(REGISTER)]
