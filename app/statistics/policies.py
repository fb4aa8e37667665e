"""Who may read the ministry's commendation statistics, as a policy the routes declare (see
``app.core.policy``).

The secretariat (which reports them), admins, observers, and service clients with ``results:read`` (the
ministry's reporting systems). Not the units' officers or heads: the statistics count every unit's awards,
cash included.
"""

from __future__ import annotations

from typing import Annotated

from app.core.errors import Forbidden
from app.core.policy import Allow, Policy, role, scope
from app.core.principal import Principal
from app.models.enums import Scope


def _not_statistics_reader() -> Forbidden:
    return Forbidden(
        "Only the secretariat, admins, observers and clients with `results:read` may read the ministry's "
        "commendation statistics.",
        detail_vi="Chỉ Thường trực Hội đồng, quản trị viên, quan sát viên và hệ thống có quyền "
        "`results:read` được xem thống kê khen thưởng của Bộ.",
    )


READ_STATISTICS = Policy(
    "statistics.read",
    rules=(role("secretariat", "admin", "observer"), scope(Scope.RESULTS_READ)),
    denied=_not_statistics_reader,
)

StatisticsReader = Annotated[Principal, Allow(READ_STATISTICS)]
