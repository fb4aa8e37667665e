"""Live views as server-sent events (issue 14, point 5; docs/live.md): a session's turnout and a
conference's attendance, for the conference screen."""
