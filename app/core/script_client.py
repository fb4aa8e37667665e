"""What the scripts that talk to the API share (``thidua submit-report``, ``thidua submit-proposal``): a
service client's token (OAuth2 client credentials), retries with exponential backoff for what may succeed
on a second try (network errors, 5xx, 429, a request still in flight), one-line errors, and the exit codes.

A request that creates something carries an ``Idempotency-Key`` derived from what is sent, the same on
every try and on every run with the same input: a retry whose first attempt did reach the server replays
that attempt's answer instead of creating a second one.

Exit codes: 0 done; 1 refused by the server (4xx); 2 bad input or configuration (file, environment);
3 gave up after the retries (the server stayed unreachable or failing).
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import IO, Any

import httpx

from app.locale import _, vietnamese

TOKEN_PATH = "/api/v1/auth/token"

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_INPUT = 2
EXIT_GAVE_UP = 3

# Conflicts that a later try resolves by itself: the same key's first request is still being processed
# (or its process died and its lease runs out), or a concurrent submission took the same version.
_RETRYABLE_CODES = frozenset({"idempotency_in_flight", "concurrent_update"})


class SubmitError(Exception):
    """Ends the run with a one-line message and ``exit_code``."""

    exit_code = EXIT_REFUSED

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))


class InputError(SubmitError):
    exit_code = EXIT_INPUT


class Refused(SubmitError):
    exit_code = EXIT_REFUSED


class GaveUp(SubmitError):
    exit_code = EXIT_GAVE_UP


class _Transient(Exception):
    """A failure worth retrying; ``retry_after`` is the server's hint in seconds, if any."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


def canonical_json(value: Any) -> str:
    """One text per value: sorted keys, no spaces, UTF-8 kept, finite numbers only."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


# ---- retries ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff: ``initial_delay`` doubling up to ``max_delay`` (with up to 25% jitter so
    many units' scripts do not return in step), at most ``tries`` requests and ``max_wait`` seconds of
    waiting in all. A server's ``Retry-After`` lengthens the wait, never shortens it.

    The defaults wait about 95 s in all (up to 120 s with jitter): longer than a server's default
    idempotency lease (``THIDUA_IDEMPOTENCY_LEASE_SECONDS``, 60 s), so when the server died while
    holding this submission's key, the retries outlast the lease and take the key over instead of
    giving up on ``idempotency_in_flight``."""

    tries: int = 16
    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_wait: float = 120.0
    jitter: float = 0.25

    def delay(self, attempt: int, retry_after: float | None = None, rand: float = 0.0) -> float:
        """The wait after failed attempt number ``attempt`` (1-based)."""
        base = min(self.max_delay, self.initial_delay * 2.0 ** (attempt - 1))
        return max(base * (1 + self.jitter * rand), retry_after or 0.0)


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "")
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def _json_object(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _describe(response: httpx.Response) -> str:
    """A one-line account of an error response (problem details or OAuth2 error)."""
    body = _json_object(response)
    code = body.get("code") or body.get("error") or response.reason_phrase
    detail = body.get("detail") or body.get("error_description") or ""
    line = f"HTTP {response.status_code} {code}" + (f": {detail}" if detail else "")
    errors = body.get("errors")
    if isinstance(errors, list) and errors:
        shown = []
        for err in errors[:3]:
            if isinstance(err, dict):
                loc = ".".join(str(p) for p in (err.get("loc") or [])[1:]) or "body"
                shown.append(f"{loc}: {err.get('msg', '')}")
        more = _(" (+{count} more)").format(count=len(errors) - 3) if len(errors) > 3 else ""
        line += " [" + "; ".join(shown) + more + "]"
    return " ".join(line.split())


def _is_transient(response: httpx.Response) -> bool:
    if response.status_code >= 500 or response.status_code in (408, 429):
        return True
    return response.status_code == 409 and _json_object(response).get("code") in _RETRYABLE_CODES


# ---- the client ---------------------------------------------------------------------------------------


@dataclass
class ScriptClient:
    """Calls the API as one service client. ``base_url`` may be a callable, read before every request (a
    test points it at a restarted server)."""

    base_url: str | Callable[[], str]
    client_id: str
    client_secret: str
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    timeout: float = 30.0
    sleep: Callable[[float], None] = time.sleep
    rand: Callable[[], float] = random.random
    log: Callable[[str], None] = lambda _message: None
    transport: httpx.BaseTransport | None = None
    token: str | None = None
    attempts: int = 0  # tries made by the last ``exchange`` (each: a token if needed, then the request)
    uncertain: bool = False  # a try of the last ``exchange`` may have been stored without our knowing
    user_agent: str = "thidua-script/1"

    def _url(self, path: str) -> str:
        base = self.base_url() if callable(self.base_url) else self.base_url
        return base.rstrip("/") + path

    def _http(self) -> httpx.Client:
        return httpx.Client(
            timeout=self.timeout,
            transport=self.transport,
            # The server's problem details in the command's language.
            headers={"User-Agent": self.user_agent, "Accept-Language": "vi" if vietnamese() else "en"},
        )

    def _obtain_token(self, http: httpx.Client) -> str:
        try:
            response = http.post(
                self._url(TOKEN_PATH),
                data={
                    "grant_type": "client_credentials",
                    "client_id": self.client_id,
                    "client_secret": self.client_secret,
                },
            )
        except httpx.TransportError as exc:
            reason = _("token request failed: {error}").format(
                error=f"{type(exc).__name__}: {str(exc) or _('no answer')}"
            )
            raise _Transient(reason) from exc
        if response.status_code == 200:
            token = _json_object(response).get("access_token")
            if isinstance(token, str) and token:
                return token
            raise _Transient(_("the token response has no access_token"))
        if _is_transient(response):
            raise _Transient(
                _("token request: {answer}").format(answer=_describe(response)), _retry_after(response)
            )
        raise Refused(
            _("could not obtain a token ({answer}); check THIDUA_CLIENT_ID/SECRET").format(
                answer=_describe(response)
            )
        )

    def _request(
        self,
        http: httpx.Client,
        method: str,
        path: str,
        *,
        content: bytes | None,
        headers: dict[str, str],
        params: dict[str, str] | None,
    ) -> httpx.Response:
        if self.token is None:
            self.token = self._obtain_token(http)
        try:
            return http.request(
                method,
                self._url(path),
                content=content,
                params=params,
                headers={"Authorization": f"Bearer {self.token}", **headers},
            )
        except httpx.TransportError as exc:
            # Unless the connection was never made, the server may have stored it and died answering.
            self.uncertain |= not isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout)
            raise _Transient(f"{type(exc).__name__}: {str(exc) or _('connection lost')}") from exc

    def exchange(
        self,
        http: httpx.Client,
        method: str,
        path: str,
        *,
        content: bytes | None = None,
        headers: dict[str, str] | None = None,
        params: dict[str, str] | None = None,
        ok: tuple[int, ...] = (200, 201),
    ) -> httpx.Response:
        """Send until the server answers for good: the answer with a status in ``ok``, else ``Refused``
        (4xx) or ``GaveUp`` (the retries ran out). A refused token is renewed (twice at most)."""
        self.attempts, self.uncertain = 0, False
        waited = 0.0
        renewals = 0
        sent = dict(headers or {})
        while True:
            self.attempts += 1
            try:
                response = self._request(http, method, path, content=content, headers=sent, params=params)
                if response.status_code == 401 and renewals < 2:
                    # Expired or revoked (e.g. the secret was rotated): a fresh token, sent again.
                    renewals += 1
                    self.token = None
                    self.log(_("the token was refused; obtaining a new one"))
                    response = self._request(http, method, path, content=content, headers=sent, params=params)
                if response.status_code in ok:
                    return response
                if not _is_transient(response):
                    raise Refused(_("refused: {answer}").format(answer=_describe(response)))
                # A 5xx may come from a proxy in front of a server that did store it.
                self.uncertain |= response.status_code >= 500 or response.status_code == 408
                raise _Transient(_describe(response), _retry_after(response))
            except _Transient as failure:
                pause = self.policy.delay(self.attempts, failure.retry_after, self.rand())
                if self.attempts >= self.policy.tries or waited + pause > self.policy.max_wait:
                    raise GaveUp(
                        _(
                            "gave up after {attempts} attempt(s) and {waited:.1f}s of waiting: {reason}; "
                            "running the same command again is safe (it cannot make a second version)"
                        ).format(attempts=self.attempts, waited=waited, reason=failure.reason)
                    ) from failure
                self.log(
                    _("attempt {attempt} failed ({reason}); retrying in {pause:.1f}s").format(
                        attempt=self.attempts, reason=failure.reason, pause=pause
                    )
                )
                self.sleep(pause)
                waited += pause


# ---- the command ----------------------------------------------------------------------------------------


def credentials(env: Mapping[str, str]) -> tuple[str, str]:
    """The service client's id and secret from the environment (``InputError`` when either is missing)."""
    client_id, client_secret = env.get("THIDUA_CLIENT_ID"), env.get("THIDUA_CLIENT_SECRET")
    if not client_id or not client_secret:
        raise InputError(_("set THIDUA_CLIENT_ID and THIDUA_CLIENT_SECRET (the unit's service client)"))
    return client_id, client_secret


def run_command(act: Callable[[Callable[[str], None]], str], *, out: IO[str], err: IO[str]) -> int:
    """Run a script's ``act(log)``: its result line goes to ``out``, progress (``log``) and the one-line
    error to ``err``; returns the exit code."""

    def log(message: str) -> None:
        print(message, file=err, flush=True)

    try:
        line = act(log)
    except SubmitError as exc:
        log(_("error: {reason}").format(reason=exc))
        return exc.exit_code
    print(line, file=out, flush=True)
    return EXIT_OK
