"""Next year's leadership by rotation (pure).

This year's members in the order of their unit codes: the new leader is this year's deputy, if there is
one, else the member after this year's leader (wrapping round); the new deputy is the member after the
new leader (none when the bloc has a single member).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

LEADER, DEPUTY = "leader", "deputy"


@dataclass(frozen=True)
class Member:
    unit_id: str
    code: str
    role: str  # leader | deputy | member


@dataclass(frozen=True)
class Leadership:
    leader_unit_id: str
    deputy_unit_id: str | None


def _after(ordered: Sequence[Member], unit_id: str) -> Member:
    at = next(i for i, m in enumerate(ordered) if m.unit_id == unit_id)
    return ordered[(at + 1) % len(ordered)]


def rotate(members: Sequence[Member]) -> Leadership | None:
    """The rotation's leader and deputy for next year; None when this year has no leader."""
    ordered = sorted(members, key=lambda m: (m.code, m.unit_id))
    leader = next((m for m in ordered if m.role == LEADER), None)
    if leader is None:
        return None
    deputy = next((m for m in ordered if m.role == DEPUTY), None)
    new_leader = deputy if deputy is not None else _after(ordered, leader.unit_id)
    new_deputy = _after(ordered, new_leader.unit_id)
    return Leadership(
        leader_unit_id=new_leader.unit_id,
        deputy_unit_id=None if new_deputy.unit_id == new_leader.unit_id else new_deputy.unit_id,
    )


def carried(members: Sequence[Member], chosen: Leadership) -> list[tuple[str, str]]:
    """This year's members carried to next year, in code order, with the chosen leader and deputy and
    everyone else a plain member: (unit_id, role) pairs."""
    ordered = sorted(members, key=lambda m: (m.code, m.unit_id))
    return [
        (
            m.unit_id,
            LEADER
            if m.unit_id == chosen.leader_unit_id
            else DEPUTY
            if m.unit_id == chosen.deputy_unit_id
            else "member",
        )
        for m in ordered
    ]
