"""Who may read a bloc's year summary, as a policy the route declares (see ``app.core.policy``).

The leader (officers of the unit leading or deputising the bloc that year), the secretariat and observers.
Not the other members, not service clients: the summary holds every unit's reports and the results of
sessions not yet published. The others get 403 (the campaign itself is public, so they may know it
exists); a missing campaign is 404 for everyone.
"""

from __future__ import annotations

from typing import Annotated

from app.campaigns.policies import CAMPAIGN_EXISTS, LEADER
from app.core.errors import Forbidden
from app.core.policy import Allow, Policy, role
from app.core.principal import Principal


def _not_summary_reader() -> Forbidden:
    return Forbidden(
        "Only the bloc's leader unit for this year (or its deputy), the secretariat and observers may "
        "read the year's summary.",
        detail_vi="Chỉ đơn vị Khối trưởng, Khối phó năm nay, Thường trực Hội đồng và quan sát viên "
        "được xem báo cáo tổng hợp của khối.",
    )


READ_SUMMARY = Policy(
    "summary.read",
    rules=(role("secretariat", "observer"), LEADER),
    visible=CAMPAIGN_EXISTS,
    denied=_not_summary_reader,
    then="Each ballot session's result only where the reader may see it (`result: null` otherwise).",
)

SummaryReader = Annotated[Principal, Allow(READ_SUMMARY)]
