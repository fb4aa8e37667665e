"""Who may read the audit trail, as a policy the routes declare (see ``app.core.policy``)."""

from __future__ import annotations

from typing import Annotated

from app.core.policy import Allow, Policy, role
from app.core.principal import Principal

READ_AUDIT = Policy("audit.read", rules=(role("admin", "observer"),))

AuditReader = Annotated[Principal, Allow(READ_AUDIT)]
