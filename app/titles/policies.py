"""Who may read and change the titles catalogue, as policies the routes declare (see ``app.core.policy``)."""

from __future__ import annotations

from typing import Annotated

from app.core.policy import ANY_PRINCIPAL, Allow, Policy, role
from app.core.principal import Principal

READ_TITLES = Policy("titles.read", rules=(ANY_PRINCIPAL,))
EDIT_TITLES = Policy("titles.edit", rules=(role("secretariat"),))

TitleReader = Annotated[Principal, Allow(READ_TITLES)]
TitleEditor = Annotated[Principal, Allow(EDIT_TITLES)]
