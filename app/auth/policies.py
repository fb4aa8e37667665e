"""Who may call the auth routes, as policies the routes declare (see ``app.core.policy``).

Getting a token needs no token: the grants themselves check the password, refresh token or client secret
(``app.auth.service``), and answer in OAuth 2's own error format. Logging out and asking who one is need
a valid token, of any principal.
"""

from __future__ import annotations

from typing import Annotated

from app.core.policy import ANY_PRINCIPAL, Allow, Policy, role
from app.core.principal import Principal

TOKEN = Policy(
    "auth.token",
    public=True,
    then="The grant checks the credentials it carries: a password, a refresh token or a client secret.",
)
REFRESH = Policy(
    "auth.refresh", public=True, then="The refresh token in the body is the credential; it is spent."
)
OWN_LOGIN = Policy(
    "auth.own_login",
    rules=(ANY_PRINCIPAL,),
    then="Acts on the caller's own login (its session or token) and reads only the caller's own record.",
)

TokenHolder = Annotated[Principal, Allow(OWN_LOGIN)]
"""Any principal with a valid token, acting on its own login."""

UNLOCK_USER = Policy(
    "users.unlock",
    rules=(role("admin"),),
    then="Clears the login throttle of the user's username, from every address; the counters of the "
    "addresses themselves stay. Audited as `user.unlock`.",
)

UserUnlocker = Annotated[Principal, Allow(UNLOCK_USER)]
"""An admin, clearing a user's login throttle."""
