"""The live streams' pure rules: what a snapshot looks like, which events a change between two snapshots
gives, and how an event is written on the wire (text/event-stream). No database, no I/O.

Events carry counts and states only: never who voted, nor whether the caller did (a stream is for a shared
screen; ``GET .../turnout`` answers ``i_voted`` to the caller alone).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# The states after which nothing changes any more: the stream sends its last events and ends.
SESSION_FINAL = frozenset({"published", "cancelled"})
CONFERENCE_FINAL = frozenset({"closed", "cancelled"})

# How long a client waits before reconnecting after the connection drops (the `retry:` field, ms).
RETRY_MS = 5000
KEEP_ALIVE = ": keep-alive\n\n"

Event = tuple[str, dict[str, Any]]


@dataclass(frozen=True)
class SessionTurnout:
    session_id: str
    name: str | None
    status: str
    electorate: int
    voted: int

    def turnout(self) -> dict[str, Any]:
        return {
            "session_id": self.session_id,
            "status": self.status,
            "electorate": self.electorate,
            "voted": self.voted,
        }

    def status_event(self) -> Event:
        return ("status", {"session_id": self.session_id, "status": self.status})

    @property
    def final(self) -> bool:
        return self.status in SESSION_FINAL


@dataclass(frozen=True)
class ConferenceView:
    conference_id: str
    status: str
    members: int
    present: int
    sessions: tuple[SessionTurnout, ...]

    def attendance(self) -> dict[str, Any]:
        return {
            "conference_id": self.conference_id,
            "status": self.status,
            "members": self.members,
            "present": self.present,
        }

    @property
    def final(self) -> bool:
        return self.status in CONFERENCE_FINAL


def session_events(before: SessionTurnout | None, now: SessionTurnout) -> list[Event]:
    """The first snapshot gives a ``turnout`` event; later, a ``status`` event when the state changed and
    a ``turnout`` event when the counts did (the electorate changes once, when a per-unit session opens)."""
    if before is None:
        return [("turnout", now.turnout())]
    events: list[Event] = []
    if now.status != before.status:
        events.append(now.status_event())
    if (now.electorate, now.voted) != (before.electorate, before.voted):
        events.append(("turnout", now.turnout()))
    return events


def conference_events(before: ConferenceView | None, now: ConferenceView) -> list[Event]:
    """``attendance`` first and whenever it changes (a ``status`` event naming the conference when its
    state changed); then each session's events as ``session_events`` gives them (a session that joined the
    conference since counts as first seen)."""
    events: list[Event] = []
    if before is None or now.attendance() != before.attendance():
        if before is not None and now.status != before.status:
            events.append(("status", {"conference_id": now.conference_id, "status": now.status}))
        events.append(("attendance", now.attendance()))
    earlier: Mapping[str, SessionTurnout] = (
        {s.session_id: s for s in before.sessions} if before is not None else {}
    )
    for s in now.sessions:
        events.extend(session_events(earlier.get(s.session_id), s))
    return events


def encode(event_id: int, name: str, data: dict[str, Any], *, retry_ms: int | None = None) -> str:
    """One event on the wire: ``id``, ``event``, one ``data`` line of JSON (no newline inside), blank line."""
    head = f"retry: {retry_ms}\n" if retry_ms is not None else ""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return f"{head}id: {event_id}\nevent: {name}\ndata: {body}\n\n"
