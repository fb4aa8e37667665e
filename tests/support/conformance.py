"""What the conformance run (tests/core/test_fuzz.py) needs from Schemathesis beyond its public API: the
checks it registers, a sample of its coverage phase, and a way for its checks' own probes (``ignored_auth``
sends the request again without a token and with a bad one) to reach the app under test in process."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any

from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.config import ProjectConfig
from schemathesis.config._checks import (
    NEGATIVE_DATA_REJECTION_EXPECTED_STATUSES,
    POSITIVE_DATA_ACCEPTANCE_EXPECTED_STATUSES,
    NegativeDataRejectionConfig,
    PositiveDataAcceptanceConfig,
)
from schemathesis.core.failures import Failure
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation import GenerationMode
from schemathesis.generation.case import Case
from schemathesis.generation.drivers import CoverageGenerator
from schemathesis.generation.feedback import FeedbackSources
from schemathesis.generation.meta import CoverageScenario
from schemathesis.generation.overrides import Override
from schemathesis.schemas import APIOperation

from app.core.i18n import detail_for
from app.people.dates import birth_date_problem

# Checks that measure time, not conformance: a loaded CI machine would fail them at random.
TIMING_CHECKS = frozenset({"max_response_time"})


def all_checks() -> list[Callable[..., Any]]:
    """Every check the installed Schemathesis registers, but the timing ones."""
    load_all_checks()
    return [CHECKS.get_one(name) for name in CHECKS.get_all_names() if name not in TIMING_CHECKS]


def check_names() -> list[str]:
    load_all_checks()
    return [name for name in CHECKS.get_all_names() if name not in TIMING_CHECKS]


def conform(config: ProjectConfig) -> None:
    """The statuses that say "valid" and "rejected", with this API's preconditions: a 412 (``If-Match``
    names another version) answers the state of the resource, like the 409 both lists hold, whether the
    request is valid or not; a 413 (a body past ``THIDUA_MAX_BODY_BYTES``) refuses the request unread."""
    config.checks.positive_data_acceptance = PositiveDataAcceptanceConfig(
        expected_statuses=[*POSITIVE_DATA_ACCEPTANCE_EXPECTED_STATUSES, "412"]
    )
    config.checks.negative_data_rejection = NegativeDataRejectionConfig(
        expected_statuses=[*NEGATIVE_DATA_REJECTION_EXPECTED_STATUSES, "412", "413"]
    )


# Bounds that move with the clock, which a document written once cannot hold (it says them in words).
CLOCK_RULES = frozenset({f"Value error, {birth_date_problem(date.max, today=date.min)}"})


def is_request_validation(response: Any) -> bool:
    """Whether a 422 is the request read against the operation's own models (FastAPI's validation, whose
    detail counts the fields at fault) rather than a rule of a service: an id that names nothing, a unit
    that is not a member that year, a cursor this server did not issue, a date no legal regime covers...
    The models are what the document is generated from, so a valid request they refuse is a gap in the
    document; the services' rules are about other objects and the server's state, which no schema holds."""
    if response.status_code != 422:
        return False
    body = response.json()
    errors = body.get("errors") or []
    if all(error.get("msg") in CLOCK_RULES for error in errors):
        return False
    return bool(body.get("detail") == detail_for("validation_error", False, count=len(errors)))


def failed_check(failure: Failure) -> str:
    """The check that reported ``failure`` (its class lists them; the first is the one that raises it)."""
    checks = type(failure).checks
    return checks[0] if checks else type(failure).__name__


# The coverage phase enumerates, per parameter and per body field, each boundary and each violation of the
# schema: thousands of requests over the document. Each kind of scenario is kept a few times per
# operation, which keeps every kind the checks look at (a missing required header, an undeclared method,
# a wrong or malformed Content-Type, a value past a bound, a missing or unexpected property, ...).
PER_SCENARIO = 2
EVERY_TIME = frozenset(
    {
        CoverageScenario.MISSING_PARAMETER,
        CoverageScenario.UNSUPPORTED_CONTENT_TYPE,
        CoverageScenario.MALFORMED_CONTENT_TYPE,
        CoverageScenario.UNSPECIFIED_HTTP_METHOD,
    }
)


def coverage_cases(operation: APIOperation, path_parameters: dict[str, str]) -> Iterator[Case]:
    """A deterministic sample of the coverage phase's cases for ``operation``, on the given objects."""
    generator = CoverageGenerator(
        operation=operation,
        generation_modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
        generation_config=operation.schema.config.generation_for(operation=operation, phase="coverage"),
        auth_storage=None,
        override=Override(path_parameters=dict(path_parameters)),
        feedback=FeedbackSources(),
    )
    seen: Counter[tuple[str, str]] = Counter()
    for case in generator:
        assert case.meta is not None
        data = case.meta.phase.data
        if (
            getattr(data, "parameter_location", None) == ParameterLocation.PATH
            and data.parameter in path_parameters
        ):
            continue  # a value the world fixes: what is sent is not the violation the case describes
        scenario = getattr(data, "scenario", None)
        key = (case.meta.generation.mode.value, str(scenario))
        seen[key] += 1
        if scenario in EVERY_TIME or seen[key] <= PER_SCENARIO:
            yield case


class WSGIBridge:
    """A WSGI application that hands each request to ``send`` (the test client of the app under test).

    Schemathesis sends its checks' probes through the transport of the schema's ``app``; an ASGI app would
    get a second lifespan (and a second event loop) of its own. Through this bridge the probes go the way
    every other request of the run goes."""

    def __init__(self, send: Callable[..., Any]) -> None:
        self._send = send
        self.probes = 0

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        self.probes += 1
        headers = {
            key[5:].replace("_", "-").title(): value
            for key, value in environ.items()
            if key.startswith("HTTP_")
        }
        if environ.get("CONTENT_TYPE"):
            headers["Content-Type"] = environ["CONTENT_TYPE"]
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        url = environ.get("REQUEST_URI") or environ.get("PATH_INFO", "/")
        if "REQUEST_URI" not in environ and environ.get("QUERY_STRING"):
            url += "?" + environ["QUERY_STRING"]
        response = self._send(environ["REQUEST_METHOD"], url, headers=headers, content=body or None)
        start_response(
            f"{response.status_code} {response.reason_phrase}",
            [(k, v) for k, v in response.headers.multi_items() if k.lower() != "content-length"],
        )
        return [response.content]
