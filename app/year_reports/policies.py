"""Who may act on a campaign's year report (báo cáo tổng kết của Khối), as policies the routes declare
(see ``app.core.policy``).

- Readers: the bloc's members that year (any officer of a member unit, the leader and deputy included),
  the secretariat, observers, admins, and guests invited (by account) to a conference of the campaign.
  Everyone else gets 404: the report is the bloc's internal business until adopted.
- The leader (an officer of the unit leading or deputising the bloc that year) or the secretariat drafts
  the text, answers contributions and records the adoption.
- An officer of a member unit contributes for that unit (the leader's and deputy's units too).

The checks read plain columns (the campaign's bloc and year, the caller's role), never a loaded report.
"""

from __future__ import annotations

from typing import Annotated

from sqlalchemy.orm import Session

from app.campaigns.policies import LEADER, MEMBER, OFFICER_OF_BODY_UNIT, find_bloc_year, unit_role_in
from app.conferences.guests import is_guest
from app.core.errors import Forbidden, NotFound
from app.core.policy import Allow, Params, Policy, Rule, Visibility, role
from app.core.principal import Principal

_READER_ROLES = ("admin", "secretariat", "observer")


def year_report_not_found() -> NotFound:
    return NotFound(
        "The campaign has no year report, or you may not read it.",
        detail_vi="Không tìm thấy báo cáo tổng kết của Khối, hoặc bạn không có quyền xem.",
    )


def _guest(session: Session, principal: Principal, params: Params) -> bool:
    return is_guest(session, principal, params["campaign_id"])


def may_read(session: Session, principal: Principal, params: Params) -> bool:
    """The campaign exists and the principal is one of the report's readers."""
    if find_bloc_year(session, params["campaign_id"]) is None:
        return False
    if principal.has_role(*_READER_ROLES):
        return True
    return unit_role_in(session, principal, params) is not None or _guest(session, principal, params)


GUEST = Rule(
    who="a guest invited (by account) to a conference of the campaign",
    admits=frozenset(),  # not a kind the permission matrix plays: tests/year_reports cover it
    test=_guest,
)
READABLE = Visibility(
    who="the report's readers: members of the bloc that year, the secretariat, observers, admins, the "
    "campaign's conference guests",
    test=may_read,
    hidden=year_report_not_found,
)


def _not_drafter() -> Forbidden:
    return Forbidden(
        "Only the bloc's leader unit for this year (or its deputy) and the secretariat may do this.",
        detail_vi="Chỉ đơn vị Khối trưởng, Khối phó năm nay hoặc Thường trực Hội đồng được thực hiện.",
    )


def _not_contributor() -> Forbidden:
    return Forbidden(
        "Only an officer of the unit may contribute for it.",
        detail_vi="Chỉ cán bộ của đơn vị được góp ý thay mặt đơn vị.",
    )


_ACTIVE = (
    "Only while the campaign is active (409 `campaign_closed`) and the report is not adopted (409 "
    "`year_report_adopted`)."
)

READ_YEAR_REPORT = Policy(
    "year_reports.read",
    rules=(role(*_READER_ROLES), MEMBER, GUEST),
    visible=READABLE,
    then="404 while the campaign has no year report.",
)
DRAFT_YEAR_REPORT = Policy(
    "year_reports.draft",
    rules=(role("secretariat"), LEADER),
    visible=READABLE,
    denied=_not_drafter,
    then=_ACTIVE,
)
CONTRIBUTE_YEAR_REPORT = Policy(
    "year_reports.contribute",
    rules=(OFFICER_OF_BODY_UNIT,),
    visible=READABLE,
    body_fields=("unit_id",),
    denied=_not_contributor,
    then="For a unit that is a member of the bloc that year (422 `not_a_member`). " + _ACTIVE,
)

YearReportReader = Annotated[Principal, Allow(READ_YEAR_REPORT)]
YearReportDrafter = Annotated[Principal, Allow(DRAFT_YEAR_REPORT)]
YearReportContributor = Annotated[Principal, Allow(CONTRIBUTE_YEAR_REPORT)]
