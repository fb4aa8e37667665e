"""Who may manage users and service clients, as policies the routes declare (see ``app.core.policy``)."""

from __future__ import annotations

from typing import Annotated

from app.core.policy import Allow, Policy, role
from app.core.principal import Principal

MANAGE_USERS = Policy(
    "users.manage",
    rules=(role("admin"),),
    then="A change is refused (403) when the admin was disabled or lost the role by a concurrent request; "
    "an admin cannot disable themself or drop their own admin role (409 `self_lockout`).",
)
MANAGE_CLIENTS = Policy("service_clients.manage", rules=(role("admin"),))

UserAdmin = Annotated[Principal, Allow(MANAGE_USERS)]
ClientAdmin = Annotated[Principal, Allow(MANAGE_CLIENTS)]
