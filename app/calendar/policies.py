"""Who may read and correct the calendar of public holidays, as policies the routes declare (see
``app.core.policy``)."""

from __future__ import annotations

from typing import Annotated

from app.core.policy import ANY_PRINCIPAL, Allow, Policy, role
from app.core.principal import Principal

READ_CALENDAR = Policy(
    "calendar.read",
    rules=(ANY_PRINCIPAL,),
    then="The days every time limit is counted on are public to every principal.",
)
EDIT_CALENDAR = Policy("calendar.edit", rules=(role("secretariat", "admin"),))

CalendarReader = Annotated[Principal, Allow(READ_CALENDAR)]
CalendarEditor = Annotated[Principal, Allow(EDIT_CALENDAR)]
