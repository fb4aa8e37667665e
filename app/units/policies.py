"""Who may read and change units, as policies the routes declare (see ``app.core.policy``)."""

from __future__ import annotations

from typing import Annotated

from app.core.policy import ANY_USER, Allow, Policy, role, scope
from app.core.principal import Principal

READ_UNITS = Policy("units.read", rules=(ANY_USER, scope("units:read", "units:write")))
EDIT_UNITS = Policy("units.edit", rules=(role("admin", "secretariat"),))
SYNC_UNITS = Policy("units.sync", rules=(role("admin", "secretariat"), scope("units:write")))

UnitReader = Annotated[Principal, Allow(READ_UNITS)]
UnitEditor = Annotated[Principal, Allow(EDIT_UNITS)]
UnitSyncer = Annotated[Principal, Allow(SYNC_UNITS)]
"""Creates or replaces a unit by its code: the registry sync of another system, or an editor."""
