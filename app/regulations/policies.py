"""Who may read and write the regulations, as policies the routes declare (see ``app.core.policy``)."""

from __future__ import annotations

from typing import Annotated

from app.core.policy import ANY_USER, Allow, Policy, role
from app.core.principal import Principal

READ_REGULATIONS = Policy(
    "regulations.read", rules=(ANY_USER,), then="The rules every verdict is judged by are public to users."
)
WRITE_REGULATIONS = Policy("regulations.write", rules=(role("secretariat"),))

RegulationReader = Annotated[Principal, Allow(READ_REGULATIONS)]
RegulationWriter = Annotated[Principal, Allow(WRITE_REGULATIONS)]
