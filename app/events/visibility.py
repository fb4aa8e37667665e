"""Who may read an event, as a rule over its visibility fields (``app.events.catalogue`` sets them): in
Python for one event (the webhook fan-out) and as a SQL filter for the feed.

- The staff (admin, secretariat, observer) read every event.
- Any other user reads the events every user may read (``users``) and those of its own unit.
- A service client reads the events whose ``scope`` it holds (``units:write`` implies ``units:read``); for a
  ``unit_bound`` event, only if it is bound to the event's unit. An event without a scope reaches no client.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, false, or_, true

from app.core.principal import Principal
from app.events.catalogue import readable_scopes
from app.models import Event

STAFF_ROLES = ("admin", "secretariat", "observer")


def client_may_read(event: Event, scopes: frozenset[str], unit_id: str | None) -> bool:
    if event.scope is None or event.scope not in readable_scopes(scopes):
        return False
    return not event.unit_bound or (unit_id is not None and event.unit_id == unit_id)


def client_filter(scopes: frozenset[str], unit_id: str | None) -> ColumnElement[bool]:
    readable = sorted(readable_scopes(scopes))
    if not readable:
        return false()
    bound = Event.unit_id == unit_id if unit_id is not None else false()
    return and_(Event.scope.in_(readable), or_(Event.unit_bound.is_(False), bound))


def filter_for(principal: Principal) -> ColumnElement[bool]:
    """The feed's filter for ``principal``."""
    if principal.is_client:
        return client_filter(principal.scopes, principal.unit_id)
    if principal.has_role(*STAFF_ROLES):
        return true()
    own_unit = Event.unit_id == principal.unit_id if principal.unit_id is not None else false()
    return or_(Event.users.is_(True), own_unit)
