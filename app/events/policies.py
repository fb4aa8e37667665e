"""Who may read the change feed, as a policy the route declares (see ``app.core.policy``)."""

from __future__ import annotations

from typing import Annotated

from app.core.policy import ANY_PRINCIPAL, Allow, Policy
from app.core.principal import Principal

READ_EVENTS = Policy(
    "events.read",
    rules=(ANY_PRINCIPAL,),
    then="Each principal reads only the events it may read (`app.events.visibility`): the staff (admin, "
    "secretariat, observer) every event; another user the events of awards and units and those of its own "
    "unit; a service client the types its scopes admit (`units:read`, `results:read`; `reports:write` only "
    "for the unit it is bound to). Others' events are skipped, never an error.",
)

EventReader = Annotated[Principal, Allow(READ_EVENTS)]
