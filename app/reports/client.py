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
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

import httpx
import yaml

from app.core.script_client import EXIT_GAVE_UP as EXIT_GAVE_UP
from app.core.script_client import EXIT_INPUT as EXIT_INPUT
from app.core.script_client import EXIT_OK as EXIT_OK
from app.core.script_client import EXIT_REFUSED as EXIT_REFUSED
from app.core.script_client import InputError, ScriptClient, canonical_json, credentials, run_command
from app.core.script_client import RetryPolicy as RetryPolicy
from app.locale import _

DEFAULT_BASE_URL = "http://127.0.0.1:8000"
DEFAULT_KIND = "annual"
FILE_FIELDS = ("kind", "title", "sections", "metrics")
USER_AGENT = "thidua-submit-report/1"

# ---- what is submitted --------------------------------------------------------------------------------


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


# ---- the client ---------------------------------------------------------------------------------------


@dataclass
class ReportClient(ScriptClient):
    """Submits reports as one service client (``ScriptClient``: token, retries)."""

    user_agent: str = USER_AGENT

    def submit(self, submission: Submission) -> Submitted:
        """Send until the server answers for good: the created (or replayed) version, or an error."""
        with self._http() as http:
            response = self.exchange(
                http,
                "POST",
                f"/api/v1/campaigns/{submission.campaign_id}/reports",
                content=submission.body(),
                headers={"Content-Type": "application/json", "Idempotency-Key": submission.idempotency_key()},
            )
        return self._submitted(response)

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

    def act(log: Callable[[str], None]) -> str:
        client_id, client_secret = credentials(env)
        submission = Submission.of(load_file(file), campaign_id=campaign_id, unit_id=unit_id, kind=kind)
        client = ReportClient(
            base_url=base_url, client_id=client_id, client_secret=client_secret, log=log, **client_options
        )
        return client.submit(submission).message()

    return run_command(act, out=out, err=err)
