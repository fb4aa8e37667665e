"""The live streams (server-sent events): a ballot session's turnout, a conference's attendance and the
turnout of its sessions. Thin: authorise (the policy), then hand over to ``app.live.stream``."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response

from app.core.responses import UNAUTHENTICATED, Responses
from app.core.routing import feature_router
from app.live import events, snapshots, stream
from app.live.policies import FOLLOW_CONFERENCE, ConferenceFollower
from app.voting.policies import READ_SESSION, SessionReader

router = feature_router(tags=["live"])

_WIRE = (
    "Each event has an `id:` (counting from 1 in this stream), an `event:` name and one `data:` line of "
    "JSON; the first carries `retry: 5000`. A comment line `: keep-alive` is sent when nothing else was "
    "for `THIDUA_LIVE_HEARTBEAT_SECONDS` (default 15), so reverse proxies keep the connection. The server "
    "reads the database every `THIDUA_LIVE_POLL_SECONDS` (default 1) and checks the token and the access "
    'again each time. The stream ends with an `end` event `{"reason"}`: `final` (nothing will change '
    "any more), `max_seconds` (after `THIDUA_LIVE_MAX_SECONDS`, default 3600: reconnect), "
    "`unauthenticated` (the token expired or was revoked: get a new one), `forbidden` (access lapsed), "
    "`not_found` or `error` (reconnect). A reconnection starts again with the current state "
    "(`Last-Event-ID` is not needed). Never who voted, nor whether the caller did (a shared screen: "
    "`GET .../turnout` answers `i_voted` to the caller). docs/live.md."
)


def _event_schema(names: list[str]) -> dict[str, Any]:
    """One event of the stream, as SSE parsers read it (OpenAPI 3.1: the media type's `schema` describes
    each event of an event stream)."""
    return {
        "type": "object",
        "description": "One server-sent event; `data` is one line of JSON.",
        "required": ["event", "data", "id"],
        "properties": {
            "event": {"type": "string", "enum": names, "description": "The event's name."},
            "data": {
                "type": "string",
                "contentMediaType": "application/json",
                "description": "The event's JSON (see the operation's description).",
            },
            "id": {"type": "string", "description": "1, 2, ... within this stream."},
            "retry": {"type": "integer", "description": "On the first event: 5000 (ms)."},
        },
    }


def _stream_responses(example: str, names: list[str]) -> Responses:
    return {
        200: {
            "description": "An event stream (`text/event-stream`); a `: keep-alive` comment line between "
            "events when nothing else was sent for a while.",
            "content": {stream.MEDIA_TYPE: {"schema": _event_schema(names), "example": example}},
            "headers": {
                "Cache-Control": {"description": "`no-store`", "schema": {"type": "string"}},
                "X-Accel-Buffering": {
                    "description": "`no`: proxies (nginx) pass each event on at once.",
                    "schema": {"type": "string"},
                },
            },
        },
        **UNAUTHENTICATED,
        503: {
            "description": "This server process serves as many live streams as it may "
            "(`THIDUA_LIVE_MAX_STREAMS`; `too_many_streams`): retry after `Retry-After` seconds.",
            "headers": {
                "Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}},
            },
        },
    }


_SESSION_EXAMPLE = (
    'retry: 5000\nid: 1\nevent: turnout\ndata: {"electorate":16,"session_id":"…","status":"open","voted":0}'
    '\n\n: keep-alive\n\nid: 2\nevent: turnout\ndata: {"electorate":16,"session_id":"…","status":"open",'
    '"voted":1}\n\nid: 3\nevent: status\ndata: {"session_id":"…","status":"closed"}\n\n'
)
_CONFERENCE_EXAMPLE = (
    'retry: 5000\nid: 1\nevent: attendance\ndata: {"conference_id":"…","members":16,"present":15,'
    '"status":"open"}\n\nid: 2\nevent: turnout\ndata: {"electorate":16,"session_id":"…",'
    '"status":"open","voted":3}\n\n'
)


@router.get(
    "/voting-sessions/{session_id}/turnout/stream",
    response_class=Response,
    summary="Follow a session's turnout live (server-sent events)",
    description="For the conference screen. Readable as the turnout is: by the session's electorate, the "
    "leader, the secretariat and observers (once published, `results:read` clients); others get 404. "
    'Events: `turnout` `{"session_id", "status", "electorate", "voted"}` at once and whenever the '
    'counts change (in a one-delegate-per-unit session, units); `status` `{"session_id", "status"}` '
    "on each state change (open, closed, published, cancelled); `end` after `published` or `cancelled`. "
    + _WIRE,
    responses={
        **_stream_responses(_SESSION_EXAMPLE, ["turnout", "status", "end"]),
        404: {"description": "No such session, or the caller may not read it."},
    },
)
def get_session_turnout_stream(session_id: str, request: Request, principal: SessionReader) -> Response:
    source: stream.Source[Any] = stream.Source(
        read=snapshots.session_turnout,
        diff=events.session_events,
        final=lambda s: s.final,
        object_id=session_id,
    )
    return stream.respond(request, READ_SESSION, source)


@router.get(
    "/conferences/{conference_id}/stream",
    response_class=Response,
    summary="Follow a conference live: attendance and its sessions' turnout (server-sent events)",
    description="For the conference screen. Readable by members of the bloc that year (officers of its "
    "member units), the leader, the secretariat, observers, admins and the conference's guests; others "
    'get 404. Events: `attendance` `{"conference_id", "status", "members", "present"}` (units with '
    'a checked-in delegate) at once and whenever it changes; `status` `{"conference_id", "status"}` '
    "when the conference's state changes; for each of its ballot sessions (held at it, or on its agenda), "
    "`turnout` and `status` as the session's own stream sends them; `end` once the conference is closed "
    "or cancelled. " + _WIRE,
    responses={
        **_stream_responses(_CONFERENCE_EXAMPLE, ["attendance", "turnout", "status", "end"]),
        404: {"description": "No such conference, or the caller may not read it."},
    },
)
def get_conference_stream(conference_id: str, request: Request, principal: ConferenceFollower) -> Response:
    source: stream.Source[Any] = stream.Source(
        read=snapshots.conference_view,
        diff=events.conference_events,
        final=lambda c: c.final,
        object_id=conference_id,
    )
    return stream.respond(request, FOLLOW_CONFERENCE, source)
