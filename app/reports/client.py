"""Submitting a unit's report from a script: ``thidua submit-report`` (the typer command in
``app.cli`` only wires this module to the command line).

The client authenticates as a service client (OAuth2 client credentials), sends the report with an
``Idempotency-Key`` derived from what is submitted, and retries what may succeed on a second try
(network errors, 5xx, 429, a request still in flight) with exponential backoff. Because the key is the
same on every try—and on every run with the same file—a retry whose first attempt did reach the server
replays that attempt's answer instead of storing a second version.

Exit codes: 0 submitted; 1 refused by the server (4xx); 2 bad input or configuration (file, environment);
3 gave up after the retries (the server stayed unreachable or failing).
"""

from __future__ import annotations

import hashlib
import json
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

import httpx
import yaml

from app.locale import _, vietnamese

TOKEN_PATH = "/api/v1/auth/token"
DEFAULT_BASE_URL = "http://127.0.0.1:8000"
DEFAULT_KIND = "annual"
FILE_FIELDS = ("kind", "title", "sections", "metrics")
USER_AGENT = "thidua-submit-report/1"

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


# ---- what is submitted --------------------------------------------------------------------------------


def canonical_json(value: Any) -> str:
    """One text per value: sorted keys, no spaces, UTF-8 kept, finite numbers only."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def _jsonable(value: Any) -> Any:
    # YAML turns an unquoted 2016-12-31 into a date; the API takes text.
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"a {type(value).__name__} cannot be sent as JSON")


def load_file(path: Path) -> dict[str, Any]:
    """The report file as a mapping: ``.json``, or ``.yaml``/``.yml``."""
    suffix = path.suffix.lower()
    if suffix not in (".json", ".yaml", ".yml"):
        raise InputError(_("{path}: expected a .json, .yaml or .yml file").format(path=path))
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(_("{path}: cannot read: {error}").format(path=path, error=exc)) from exc
    try:
        data = json.loads(text) if suffix == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        what = "JSON" if suffix == ".json" else "YAML"
        raise InputError(
            _("{path}: not valid {what}: {error}").format(path=path, what=what, error=exc)
        ) from exc
    if not isinstance(data, dict):
        raise InputError(
            _("{path}: expected an object with title, sections and optionally kind and metrics").format(
                path=path
            )
        )
    try:
        normalised: dict[str, Any] = json.loads(json.dumps(data, allow_nan=False, default=_jsonable))
    except (TypeError, ValueError) as exc:
        raise InputError(f"{path}: {exc}") from exc
    unknown = sorted(set(normalised) - set(FILE_FIELDS))
    if unknown:
        raise InputError(
            _("{path}: unknown field(s) {unknown}; allowed: {allowed}").format(
                path=path, unknown=", ".join(unknown), allowed=", ".join(FILE_FIELDS)
            )
        )
    return normalised


@dataclass(frozen=True)
class Submission:
    """One report to submit: where it goes and what the file said."""

    campaign_id: str
    unit_id: str
    kind: str
    content: Mapping[str, Any]

    @classmethod
    def of(
        cls, content: Mapping[str, Any], *, campaign_id: str, unit_id: str, kind: str | None = None
    ) -> Submission:
        """``kind`` (the command line's ``--kind``) overrides the file's; ``annual`` when neither says."""
        resolved = kind or content.get("kind") or DEFAULT_KIND
        if not isinstance(resolved, str):
            raise InputError(_("kind must be mid_year or annual"))
        return cls(campaign_id=campaign_id, unit_id=unit_id, kind=resolved, content=dict(content))

    def idempotency_key(self) -> str:
        """sha256 of (campaign, unit, kind, the file's content as canonical JSON): the same report sent
        again—by a retry or by running the command again—carries the same key."""
        material = canonical_json([self.campaign_id, self.unit_id, self.kind, self.content])
        return hashlib.sha256(material.encode()).hexdigest()

    def body(self) -> bytes:
        """The request body, byte-for-byte the same for the same submission (the server compares bodies
        under one key)."""
        payload = {k: v for k, v in self.content.items() if k in ("title", "sections", "metrics")}
        payload.update(unit_id=self.unit_id, kind=self.kind)
        return canonical_json(payload).encode()


@dataclass(frozen=True)
class Submitted:
    id: str
    kind: str
    version: int
    late: bool
    earlier_run: bool = False  # the server replayed a submission made by an earlier run

    def message(self) -> str:
        kind = (
            _("mid-year") if self.kind == "mid_year" else _("annual") if self.kind == "annual" else self.kind
        )
        line = _("submitted {kind} report version {version} (id {id})").format(
            kind=kind, version=self.version, id=self.id
        )
        if self.late:
            line += _(", late: after the campaign's deadline")
        if self.earlier_run:
            line += _("; this exact report had already been submitted, no new version was made")
        return line


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
class ReportClient:
    """Submits reports as one service client. ``base_url`` may be a callable, read before every
    request (a test points it at a restarted server)."""

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
    attempts: int = 0  # tries made by the last ``submit`` (each: a token if needed, then the report)
    uncertain: bool = False  # a try of the last ``submit`` may have been stored without our knowing

    def _url(self, path: str) -> str:
        base = self.base_url() if callable(self.base_url) else self.base_url
        return base.rstrip("/") + path

    def _http(self) -> httpx.Client:
        return httpx.Client(
            timeout=self.timeout,
            transport=self.transport,
            # The server's problem details in the command's language.
            headers={"User-Agent": USER_AGENT, "Accept-Language": "vi" if vietnamese() else "en"},
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

    def _post(self, http: httpx.Client, submission: Submission) -> httpx.Response:
        url = self._url(f"/api/v1/campaigns/{submission.campaign_id}/reports")
        try:
            return http.post(
                url,
                content=submission.body(),
                headers={
                    "Authorization": f"Bearer {self.token}",
                    "Content-Type": "application/json",
                    "Idempotency-Key": submission.idempotency_key(),
                },
            )
        except httpx.TransportError as exc:
            # Unless the connection was never made, the server may have stored it and died answering.
            self.uncertain |= not isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout)
            raise _Transient(f"{type(exc).__name__}: {str(exc) or _('connection lost')}") from exc

    def _send(self, http: httpx.Client, submission: Submission) -> httpx.Response:
        if self.token is None:
            self.token = self._obtain_token(http)
        return self._post(http, submission)

    def submit(self, submission: Submission) -> Submitted:
        """Send until the server answers for good: the created (or replayed) version, or an error."""
        self.attempts, self.uncertain = 0, False
        waited = 0.0
        renewals = 0
        with self._http() as http:
            while True:
                self.attempts += 1
                try:
                    response = self._send(http, submission)
                    if response.status_code == 401 and renewals < 2:
                        # Expired or revoked (e.g. the secret was rotated): a fresh token, sent again.
                        renewals += 1
                        self.token = None
                        self.log(_("the token was refused; obtaining a new one"))
                        response = self._send(http, submission)
                    if response.status_code in (200, 201):
                        return self._submitted(response)
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

    def _submitted(self, response: httpx.Response) -> Submitted:
        body = response.json()
        replayed = response.headers.get("idempotent-replayed") == "true"
        if replayed and self.uncertain:
            # An earlier try of this run reached the server, which stored it but could not answer.
            self.log(_("an earlier attempt had reached the server; its answer was replayed"))
        return Submitted(
            id=str(body["id"]),
            kind=str(body["kind"]),
            version=int(body["version"]),
            late=bool(body.get("late")),
            earlier_run=replayed and not self.uncertain,
        )


# ---- the command --------------------------------------------------------------------------------------


def run(
    file: Path,
    *,
    campaign_id: str,
    unit_id: str,
    kind: str | None,
    base_url: str | Callable[[], str],
    env: Mapping[str, str],
    out: IO[str],
    err: IO[str],
    **client_options: Any,
) -> int:
    """``thidua submit-report``: returns the exit code; prints the result to ``out``, progress and the
    one-line error to ``err``."""

    def log(message: str) -> None:
        print(message, file=err, flush=True)

    try:
        client_id, client_secret = env.get("THIDUA_CLIENT_ID"), env.get("THIDUA_CLIENT_SECRET")
        if not client_id or not client_secret:
            raise InputError(_("set THIDUA_CLIENT_ID and THIDUA_CLIENT_SECRET (the unit's service client)"))
        submission = Submission.of(load_file(file), campaign_id=campaign_id, unit_id=unit_id, kind=kind)
        client = ReportClient(
            base_url=base_url, client_id=client_id, client_secret=client_secret, log=log, **client_options
        )
        result = client.submit(submission)
    except SubmitError as exc:
        log(_("error: {reason}").format(reason=exc))
        return exc.exit_code
    print(result.message(), file=out, flush=True)
    return EXIT_OK
