"""The live streams' pure rules: which events a change gives, and the wire format (no database)."""

from __future__ import annotations

import json

from app.live.events import ConferenceView, SessionTurnout, conference_events, encode, session_events


def turnout(status: str = "open", electorate: int = 16, voted: int = 0, sid: str = "s1") -> SessionTurnout:
    return SessionTurnout(session_id=sid, name=None, status=status, electorate=electorate, voted=voted)


def test_a_session_stream_starts_with_the_turnout_then_sends_only_changes() -> None:
    first = turnout()
    assert session_events(None, first) == [
        ("turnout", {"session_id": "s1", "status": "open", "electorate": 16, "voted": 0})
    ]
    assert session_events(first, turnout()) == []
    assert session_events(first, turnout(voted=1)) == [
        ("turnout", {"session_id": "s1", "status": "open", "electorate": 16, "voted": 1})
    ]
    assert session_events(turnout(voted=2), turnout(status="closed", voted=2)) == [
        ("status", {"session_id": "s1", "status": "closed"})
    ]
    # a per-unit session's electorate is frozen as it opens: both change at once
    assert [name for name, _ in session_events(turnout("draft", 15), turnout("open", 16))] == [
        "status",
        "turnout",
    ]


def test_only_published_and_cancelled_sessions_and_closed_or_cancelled_conferences_are_final() -> None:
    assert [s for s in ("draft", "open", "closed", "published", "cancelled") if turnout(s).final] == [
        "published",
        "cancelled",
    ]
    view = ConferenceView("c1", "open", 16, 0, ())
    assert not view.final
    assert ConferenceView("c1", "closed", 16, 0, ()).final


def test_a_conference_stream_sends_attendance_and_each_session() -> None:
    before = ConferenceView("c1", "planned", 16, 0, (turnout(sid="s1"),))
    first = conference_events(None, before)
    assert first == [
        ("attendance", {"conference_id": "c1", "status": "planned", "members": 16, "present": 0}),
        ("turnout", {"session_id": "s1", "status": "open", "electorate": 16, "voted": 0}),
    ]
    after = ConferenceView("c1", "open", 16, 3, (turnout(sid="s1", voted=1), turnout(sid="s2")))
    assert conference_events(before, after) == [
        ("status", {"conference_id": "c1", "status": "open"}),
        ("attendance", {"conference_id": "c1", "status": "open", "members": 16, "present": 3}),
        ("turnout", {"session_id": "s1", "status": "open", "electorate": 16, "voted": 1}),
        ("turnout", {"session_id": "s2", "status": "open", "electorate": 16, "voted": 0}),
    ]
    assert conference_events(after, after) == []


def test_the_wire_format() -> None:
    text = encode(7, "turnout", {"voted": 1, "session_id": "Phiên 1"}, retry_ms=5000)
    assert text == 'retry: 5000\nid: 7\nevent: turnout\ndata: {"session_id":"Phiên 1","voted":1}\n\n'
    assert encode(8, "end", {"reason": "final"}) == 'id: 8\nevent: end\ndata: {"reason":"final"}\n\n'
    # one data line whatever the text holds: JSON escapes newlines
    line = encode(1, "x", {"t": "a\nb"}).split("\n")[2]
    assert json.loads(line.removeprefix("data: ")) == {"t": "a\nb"}
