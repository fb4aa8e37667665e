"""A real webhook receiver on 127.0.0.1 for delivery tests: it records every request (headers and body,
recorded as soon as the body is read, before answering) and can be switched while the test runs:

- ``ok()``: answer 200 (or ``status``);
- ``fail(500)``: answer that status;
- ``slow(seconds)``: read the request, then hold it that long before answering 200 (a timeout for the
  sender when longer than its timeout);
- ``down()``: stop listening (the port refuses connections), ``up()`` listens again on the same port.

With ``tls`` (a server ``SSLContext``, e.g. from ``tests.support.tls``) it speaks https.
"""

from __future__ import annotations

import json
import ssl
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]  # lower-cased names
    body: bytes
    at: float  # time.monotonic()

    @property
    def webhook_id(self) -> str:
        return self.headers["webhook-id"]

    def json(self) -> Any:
        return json.loads(self.body)


class Receiver:
    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self._tls = tls
        self._lock = threading.Lock()
        self._requests: list[Received] = []
        self._status = 200
        self._delay = 0.0
        self._release = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.port = 0
        self.up()

    # ---- switching --------------------------------------------------------------------------------------

    def up(self) -> None:
        if self._server is not None:
            return
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # the http.server convention
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                with receiver._lock:
                    receiver._requests.append(
                        Received(
                            self.path,
                            {k.lower(): v for k, v in self.headers.items()},
                            body,
                            time.monotonic(),
                        )
                    )
                    status, delay = receiver._status, receiver._delay
                if delay:
                    receiver._release.wait(delay)
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"ok")
                except OSError:  # the sender gave up (timeout) or died
                    pass

            def log_message(self, format: str, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        if self._tls is not None:
            server.socket = self._tls.wrap_socket(server.socket, server_side=True)
        server.daemon_threads = True
        self.port = server.server_address[1]
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def down(self) -> None:
        """Stop listening: connections to the port are refused until ``up()``."""
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()

    def ok(self, status: int = 200) -> None:
        self._set(status, 0.0)

    def fail(self, status: int = 500) -> None:
        self._set(status, 0.0)

    def slow(self, seconds: float, status: int = 200) -> None:
        self._set(status, seconds)

    def _set(self, status: int, delay: float) -> None:
        with self._lock:
            self._status, self._delay = status, delay
            if delay:
                self._release.clear()
            else:
                self._release.set()  # requests still held answer now

    def close(self) -> None:
        self._release.set()
        self.down()

    # ---- what it received -------------------------------------------------------------------------------

    def url(self, path: str = "/hook", host: str = "127.0.0.1") -> str:
        return f"{'https' if self._tls else 'http'}://{host}:{self.port}{path}"

    @property
    def requests(self) -> list[Received]:
        with self._lock:
            return list(self._requests)

    def ids(self) -> Counter[str]:
        """How many times each webhook-id arrived."""
        return Counter(r.webhook_id for r in self.requests)

    def wait_for(self, predicate: Callable[[list[Received]], bool], timeout: float = 30) -> list[Received]:
        deadline = time.monotonic() + timeout
        while True:
            seen = self.requests
            if predicate(seen):
                return seen
            if time.monotonic() > deadline:
                raise AssertionError(f"receiver: condition not met in {timeout} s; {len(seen)} requests")
            time.sleep(0.05)


@contextmanager
def receiver(tls: ssl.SSLContext | None = None) -> Iterator[Receiver]:
    r = Receiver(tls)
    try:
        yield r
    finally:
        r.close()
