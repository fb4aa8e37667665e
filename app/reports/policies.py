"""Who may submit and read a campaign's reports, as policies the routes declare (see ``app.core.policy``).

Submitting is the unit's own business: its officers, or the service client with ``reports:write`` bound to
it (the secretariat and the leader read reports but never write them for a unit). Reading is open to every
principal at the gate and narrowed per unit by the service (``app.reports.service.read_scope_of``).
"""

from __future__ import annotations

from typing import Annotated

from app.campaigns.policies import CAMPAIGN_EXISTS, OFFICER_OF_BODY_UNIT
from app.core.errors import Forbidden
from app.core.policy import ANY_PRINCIPAL, Allow, Policy, Rule, Who
from app.core.principal import Principal
from app.reports.service import REPORTS_WRITE

CLIENT_OF_BODY_UNIT = Rule(
    who="service client with `reports:write` bound to the unit named in the body (`unit_id`)",
    admits=frozenset({Who.CLIENT_SCOPED}),
    test=lambda _s, p, params: (
        p.has_scope(REPORTS_WRITE) and p.unit_id is not None and p.unit_id == params.get("unit_id")
    ),
    scopes=frozenset({REPORTS_WRITE}),
)
_READ_SCOPE = (
    "The secretariat, observers and the leader (an officer of the unit leading or deputising the bloc "
    "that year) read every unit's reports; an officer its own unit's; a `reports:write` client the unit "
    "it is bound to; anyone else none"
)


def _not_submitter() -> Forbidden:
    return Forbidden(
        "Only an officer of the unit, or a service client with reports:write for it, may submit its reports.",
        detail_vi="Chỉ cán bộ của đơn vị, hoặc ứng dụng có quyền reports:write của đơn vị, được nộp "
        "báo cáo của đơn vị.",
    )


SUBMIT_REPORT = Policy(
    "reports.submit",
    rules=(OFFICER_OF_BODY_UNIT, CLIENT_OF_BODY_UNIT),
    visible=CAMPAIGN_EXISTS,
    body_fields=("unit_id",),
    denied=_not_submitter,
    then="Only while the campaign is active (409 `campaign_closed`), for a unit that is a member of the "
    "bloc that year (422 `not_a_member`).",
)
LIST_REPORTS = Policy(
    "reports.list",
    rules=(ANY_PRINCIPAL,),
    visible=CAMPAIGN_EXISTS,
    then=f"{_READ_SCOPE} (an empty page).",
)
READ_REPORT = Policy(
    "reports.read",
    rules=(ANY_PRINCIPAL,),
    then=f"{_READ_SCOPE}: 404, as a missing report.",
)

ReportSubmitter = Annotated[Principal, Allow(SUBMIT_REPORT)]
ReportLister = Annotated[Principal, Allow(LIST_REPORTS)]
ReportReader = Annotated[Principal, Allow(READ_REPORT)]
