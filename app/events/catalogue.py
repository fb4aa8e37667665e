"""The event types, as data: what object each is about, and who may read it (the same people who may read
that object through the API, narrowed where a rule cannot be a plain filter).

``users``: every signed-in user may read it (awards and units are readable by every user); otherwise only
the staff (admin, secretariat, observer) and the officers of the event's unit. ``scope``: the scope a
service client needs (none: no client reads it); ``unit_bound``: the client must also be bound to the
event's unit (a unit's reports are its own business).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.events import payloads
from app.models import Scope


@dataclass(frozen=True)
class EventType:
    name: str
    object_type: str
    payload: type[payloads.EventPayload]
    users: bool
    scope: Scope | None
    unit_bound: bool = False

    @property
    def description(self) -> str:
        return (self.payload.__doc__ or "").strip()


_TYPES = (
    EventType("unit.created", "unit", payloads.UnitCreated, users=True, scope=Scope.UNITS_READ),
    EventType("unit.updated", "unit", payloads.UnitUpdated, users=True, scope=Scope.UNITS_READ),
    EventType("award.proposed", "award", payloads.AwardProposed, users=True, scope=Scope.RESULTS_READ),
    EventType("award.decided", "award", payloads.AwardDecided, users=True, scope=Scope.RESULTS_READ),
    EventType("award.revoked", "award", payloads.AwardRevoked, users=True, scope=Scope.RESULTS_READ),
    EventType(
        "voting_session.published",
        "voting_session",
        payloads.VotingSessionPublished,
        users=False,
        scope=Scope.RESULTS_READ,
    ),
    EventType(
        "report.submitted",
        "report",
        payloads.ReportSubmitted,
        users=False,
        scope=Scope.REPORTS_WRITE,
        unit_bound=True,
    ),
    EventType(
        "proposal.moved",
        "proposal",
        payloads.ProposalMoved,
        users=False,
        scope=Scope.PROPOSALS_WRITE,
        unit_bound=True,
    ),
    EventType("decision.issued", "decision", payloads.DecisionIssued, users=True, scope=Scope.RESULTS_READ),
)

TYPES: dict[str, EventType] = {t.name: t for t in _TYPES}
NAMES: tuple[str, ...] = tuple(TYPES)

# A client with one of these scopes reads what the key scope admits (writing units implies reading them).
IMPLIED_SCOPES: dict[str, frozenset[str]] = {Scope.UNITS_WRITE: frozenset({Scope.UNITS_READ})}


def readable_scopes(scopes: frozenset[str]) -> frozenset[str]:
    implied = {s for scope in scopes for s in IMPLIED_SCOPES.get(scope, frozenset())}
    return scopes | implied
