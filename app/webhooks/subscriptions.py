"""Which event types an endpoint may subscribe to: known types its owner client may read at all.

An endpoint receives an event only if its owner could read it in the feed (``app.events.visibility``).
A type the owner can never read would be a subscription that silently receives nothing, so it is refused
when the endpoint is registered or changed, naming the scope (or the unit binding) that is missing.
Whether one particular event reaches the endpoint is still decided per event (a unit-bound type reaches
only the client bound to the event's unit).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.events.catalogue import TYPES, readable_scopes


@dataclass(frozen=True)
class Refused:
    """One event type of the request that cannot be subscribed to: its position, and why."""

    index: int
    name: str
    reason: str
    reason_vi: str


def unknown_types(names: Sequence[str]) -> list[Refused]:
    return [
        Refused(i, name, "unknown event type", "loại sự kiện không tồn tại")
        for i, name in enumerate(names)
        if name not in TYPES
    ]


def unreadable_types(names: Sequence[str], scopes: Iterable[str], unit_id: str | None) -> list[Refused]:
    """The known types among ``names`` that a client with ``scopes`` (bound to ``unit_id``) never reads."""
    readable = readable_scopes(frozenset(scopes))
    refused = []
    for i, name in enumerate(names):
        kind = TYPES.get(name)
        if kind is None:
            continue
        if kind.scope is None:
            refused.append(
                Refused(i, name, "no service client may receive it", "không dịch vụ nào được nhận loại này")
            )
        elif kind.scope not in readable:
            refused.append(
                Refused(i, name, f"needs the scope {kind.scope}", f"cần phạm vi quyền {kind.scope}")
            )
        elif kind.unit_bound and unit_id is None:
            refused.append(
                Refused(
                    i,
                    name,
                    "only a client bound to a unit receives it (its unit's events)",
                    "chỉ dịch vụ gắn với một đơn vị mới nhận được (sự kiện của đơn vị đó)",
                )
            )
    return refused
