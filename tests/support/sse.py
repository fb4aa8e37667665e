"""A server-sent events client for the live-stream tests: reads a stream in a thread of its own and hands
over its events and comments in order, so the test can act while it listens."""

from __future__ import annotations

import json
import queue
import threading
from dataclasses import dataclass, field
from typing import Any

import httpx

WAIT = 30.0  # the longest a test waits for the next thing a stream should send (a bound, not a timing)


@dataclass(frozen=True)
class Event:
    id: str | None
    name: str
    data: dict[str, Any]
    retry: str | None = None
    raw: str = ""


@dataclass
class Stream:
    """``GET url`` as an event stream; ``status``, ``headers`` once answered; ``body`` when not a stream."""

    url: str
    headers: dict[str, str]
    status: int | None = None
    response_headers: httpx.Headers | None = None
    body: bytes = b""
    comments: list[str] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    closed: bool = False

    def __post_init__(self) -> None:
        self._items: queue.Queue[tuple[str, Any]] = queue.Queue()
        self._answered = threading.Event()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()
        assert self._answered.wait(WAIT), "the stream did not answer"

    def _read(self) -> None:
        try:
            with httpx.stream("GET", self.url, headers=self.headers, timeout=WAIT) as r:
                self.status, self.response_headers = r.status_code, r.headers
                self._answered.set()
                if r.status_code != 200:
                    self.body = r.read()
                    return
                fields: dict[str, str] = {}
                raw: list[str] = []
                for line in r.iter_lines():
                    if line.startswith(":"):
                        self._items.put(("comment", line))
                        continue
                    if line == "":
                        if fields:
                            event = Event(
                                id=fields.get("id"),
                                name=fields.get("event", "message"),
                                data=json.loads(fields.get("data", "null")),
                                retry=fields.get("retry"),
                                raw="\n".join(raw),
                            )
                            self._items.put(("event", event))
                        fields, raw = {}, []
                        continue
                    name, _, value = line.partition(":")
                    fields[name] = value.removeprefix(" ")
                    raw.append(line)
        except httpx.HTTPError:
            pass  # the server went away (the test is over): the stream is closed
        finally:
            self._answered.set()
            self._items.put(("closed", None))

    def _next(self) -> tuple[str, Any]:
        kind, item = self._items.get(timeout=WAIT)
        if kind == "comment":
            self.comments.append(item)
        elif kind == "event":
            self.events.append(item)
        else:
            self.closed = True
        return kind, item

    def next_event(self) -> Event:
        """The next event (comments are kept aside); fails if the stream ends first."""
        while True:
            kind, item = self._next()
            if kind == "event":
                return item  # type: ignore[no-any-return]
            assert kind != "closed", f"the stream ended; events so far: {self.events}"

    def until(self, name: str, **data: Any) -> Event:
        """Read on until an event ``name`` whose data holds ``data``."""
        while True:
            event = self.next_event()
            if event.name == name and all(event.data.get(k) == v for k, v in data.items()):
                return event

    def comments_until(self, count: int) -> None:
        while len(self.comments) < count:
            kind, _ = self._next()
            assert kind != "closed", "the stream ended"

    def until_closed(self) -> list[Event]:
        while not self.closed:
            self._next()
        return self.events
