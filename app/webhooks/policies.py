"""Who may manage webhook endpoints, as policies the routes declare (see ``app.core.policy``).

An endpoint belongs to one service client. That client manages it (and reads its delivery log); an admin
manages every client's. Another client never learns that an endpoint exists (404, as for an unknown id);
a user who is not an admin may know that endpoints exist but not touch them (403).

The checks read plain columns (the endpoint's owner, the delivery's endpoint), never load a record.
"""

from __future__ import annotations

from typing import Annotated

from sqlalchemy.orm import Session

from app.core.policy import Allow, Params, Policy, Rule, Visibility, Who, remembered, role
from app.core.principal import Principal
from app.webhooks import repository
from app.webhooks.service import endpoint_not_found


def _owner(session: Session, params: Params) -> str | None:
    """The owner client of the path's endpoint; None when there is none, or when the path's delivery is
    not one of that endpoint's."""
    endpoint_id = params["endpoint_id"]
    owner = remembered(
        session, ("webhook_endpoint", endpoint_id), lambda: repository.owner_of(session, endpoint_id)
    )
    delivery_id = params.get("delivery_id")
    if owner is None or delivery_id is None:
        return owner
    of = remembered(
        session, ("webhook_delivery", delivery_id), lambda: repository.delivery_endpoint(session, delivery_id)
    )
    return owner if of == endpoint_id else None


def _visible(session: Session, principal: Principal, params: Params) -> bool:
    owner = _owner(session, params)
    return owner is not None and (not principal.is_client or principal.id == owner)


ANY_CLIENT = Rule(
    who="any service client, for itself",
    admits=frozenset({Who.CLIENT_SCOPED, Who.CLIENT}),
    test=lambda _s, p, _params: p.is_client,
)
# The permission matrix plays fresh service clients, none of them an endpoint's owner: this rule admits
# none of its kinds, and tests/webhooks/test_endpoints.py plays the owner.
OWNER = Rule(
    who="the service client that owns the endpoint",
    admits=frozenset(),
    test=lambda s, p, params: p.is_client and p.id == _owner(s, params),
)

REGISTER = Policy(
    "webhook_endpoints.register",
    rules=(role("admin"), ANY_CLIENT),
    then="A service client registers endpoints for itself and lists only its own; an admin names the "
    "owner (`client_id`) and lists every client's. Each event type must be one the owner may read.",
)
MANAGE = Policy(
    "webhook_endpoints.manage",
    rules=(role("admin"), OWNER),
    visible=Visibility(
        who="the endpoint's owner client, or a user", test=_visible, hidden=endpoint_not_found
    ),
    then="A delivery is found only under its own endpoint (404 otherwise).",
)

Registrar = Annotated[Principal, Allow(REGISTER)]
EndpointManager = Annotated[Principal, Allow(MANAGE)]
