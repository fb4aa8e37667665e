"""The whole OpenAPI document checked with Schemathesis, in process, on SQLite and PostgreSQL: every check it
has, several roles, no failure.

Every operation of the document gets, on the real objects of the fuzzing world (``tests.support.inputs``: the
path names a campaign, a unit, a session... that exist, in a state that lets the request reach its service):

- a sample of Schemathesis' coverage phase (``tests.support.conformance.coverage_cases``): each kind of
  boundary value and each kind of violation (a missing required header, an undeclared HTTP method, an
  unsupported or malformed ``Content-Type``, a missing or unexpected property, a value past its bound...),
  by a principal the route admits;
- generated requests, valid ones (``positive``) and invalid ones (``negative``), by that principal;
- a few valid requests by each of several roles (``ROLES``: admin, secretariat, an officer of the unit,
  observer, a service client): a role the route refuses gets a 403 or 404 problem (``refused_principal``,
  this module's own check: the route's declared policy says who is refused), whatever Schemathesis' checks
  say of the same answer.

Each answer passes every check the installed Schemathesis registers
(``tests.support.conformance.all_checks``), each on the requests it is defined for:

- ``not_a_server_error``, ``status_code_conformance``, ``content_type_conformance``,
  ``response_schema_conformance``, ``response_headers_conformance``: every answer is one the document lists,
  in a media type it lists, with the body and headers it documents;
- ``negative_data_rejection``, ``positive_data_acceptance``: what the schema forbids is refused (4xx), what it
  allows is not refused as malformed. ``tests.support.conformance.conform`` adds 412 to both lists (an
  ``If-Match`` naming another version answers the resource's state, like the 409 they hold) and 413 to the
  rejections. A valid request's 422 fails only when it is the request read against the operation's own
  models (``is_request_validation``): the document is generated from them, so that is a gap in it. A 422
  of a service's rule (an id naming nothing, a unit not in the bloc that year, a cursor this server did
  not issue, the law's dates) is about other objects and the server's state, which no schema holds. A
  generated ``Idempotency-Key`` on a valid request is made unique, so it is not a reuse with another body;
- ``missing_required_header``, ``unsupported_method``, ``allow_header_conformance``: on the coverage phase's
  cases that drop a required header or use a method the path does not declare (405 with a correct ``Allow``);
- ``ignored_auth``: each operation that succeeds with a token would be sent again without one and with a
  bad one (through ``WSGIBridge``, the way every request goes); but Schemathesis 4 builds those probes for
  ``apiKey``, ``basic`` and ``http`` schemes only, and this document declares OAuth2 (its Authorize
  logs in), so it probes nothing (the summary counts its probes). This module sends the same probes
  itself: one valid request per operation without a token and one with a bad token, each a 401 with
  ``WWW-Authenticate: Bearer`` (``UNAUTHENTICATED``);
- ``use_after_free``, ``ensure_resource_availability`` and ``object_level_authorization`` run too, but judge
  only requests linked by a stateful run (a resource read after its ``DELETE`` or after its ``POST``) or by
  configured peer identities, which this run does not make; the role pass above is the object-level check
  here, against the policy each route declares.

Left out: ``max_response_time`` (timing, not conformance; a loaded CI machine would fail it at random).

Size: ``MAX_EXAMPLES`` per operation and mode, ``ROLE_EXAMPLES`` per other role, and ``PER_SCENARIO`` coverage
cases per kind: about 5,400 requests per database (2,500 from the coverage phase, 1,700 generated for the
admitted principal, 1,200 by the other roles and without a token), about 1.5 minutes of CPU, 2.5 to 4
on a loaded 2-core machine; derandomized (the same requests every run, so a failure is reproducible and
nothing flakes), without shrinking (the first failing request is reported as it was sent). Failures are
counted per check over the whole run, the first of each operation and check reported with its request and
answer. The run then checks the database still answers.
"""

from __future__ import annotations

import contextlib
import itertools
import re
import time
from collections import Counter
from typing import Any

import httpx
import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.core.failures import FailureGroup
from schemathesis.generation import GenerationMode
from schemathesis.transport.requests import REQUESTS_TRANSPORT

from app.core.policy import Policy, RoutePolicy, Who, route_policies
from tests.support.builders import Builders, Headers
from tests.support.conformance import (
    WSGIBridge,
    all_checks,
    check_names,
    conform,
    coverage_cases,
    failed_check,
    is_request_validation,
)
from tests.support.inputs import World

MAX_EXAMPLES = {GenerationMode.POSITIVE: 10, GenerationMode.NEGATIVE: 8}
ROLE_EXAMPLES = 2
ROLES = (Who.ADMIN, Who.SECRETARIAT, Who.OFFICER, Who.OBSERVER, Who.CLIENT_SCOPED)
SETTINGS = dict(
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
    print_blob=False,
)
BASE_URL = "http://testserver"
CHECKS = all_checks()
KEYS = itertools.count()
REFUSED = "refused_principal"
# No token, a bad one: 401 on every operation that needs one (what ``ignored_auth`` would probe, could it
# read an OAuth2 scheme).
UNAUTHENTICATED: dict[str, Headers] = {
    "no token": {},
    "bad token": {"Authorization": "Bearer not-a-token"},
}
# Operations that end the caller's session: each request gets a token of its own (``FuzzWorld.headers_for``).
SELF_REVOKING = {("POST", "/api/v1/auth/logout")}


class FuzzWorld(World):
    """The fuzzing world, with throwaway objects for what would lock everyone else out: a user to
    disable, a token to revoke."""

    def __init__(self, build: Builders) -> None:
        super().__init__(build)
        throwaway = build.user("observer")
        self.overrides["PATCH /api/v1/users/{user_id}"] = {"user_id": throwaway["id"]}
        self._roles: dict[tuple[Who, frozenset[str]], Headers] = {}

    def role_headers(self, who: Who, policy: Policy) -> Headers:
        """``who``'s token; a service client's has the scopes ``policy`` names (one client per set)."""
        key = (who, policy.scopes if who is Who.CLIENT_SCOPED else frozenset())
        if key not in self._roles:
            self._roles[key] = self.headers_of(who, policy)
        return self._roles[key]

    def headers_for(self, rp: RoutePolicy, params: dict[str, str]) -> Headers:
        assert rp.policy is not None
        if (rp.method, rp.path) in SELF_REVOKING:
            return self.build.headers("observer")  # a token of its own to revoke, every time
        return self.principal(rp.policy, params)


@pytest.fixture
def world(build: Builders) -> FuzzWorld:
    return FuzzWorld(build)


def _send(world: FuzzWorld, case: Any, headers: Headers) -> Any:
    if case.meta is not None and case.meta.generation.mode.is_positive and case.headers:
        # A valid key used once: the same key with another body is the 422 the contract promises, a state
        # of the server (what it was sent before), not a request the schema forbids.
        for name, value in case.headers.items():
            if name.lower() == "idempotency-key" and isinstance(value, str):
                case.headers[name] = f"{value[:200]}-{next(KEYS)}"
    # Serialized as for ``requests`` (the schema's own transport is the bridge's WSGI one).
    kwargs = REQUESTS_TRANSPORT.serialize_case(case, base_url=BASE_URL, headers=headers)
    # The principal's token, whatever was generated: negative cases would otherwise mostly test the gate.
    sent = {k: v for k, v in kwargs.get("headers", {}).items() if k.lower() != "authorization"}
    data = kwargs.get("data")
    return world.client.request(
        kwargs["method"],
        kwargs["url"],
        params=kwargs.get("params"),
        headers=sent | headers,
        cookies=kwargs.get("cookies") or None,
        json=kwargs.get("json"),
        content=data if isinstance(data, bytes | str) else None,
        data=data if isinstance(data, dict) else None,
        files=kwargs.get("files"),
    )


def _refusal(policy: Policy, response: Any, headers: Headers) -> bool:
    """A refused principal's answer: 401 with its challenge without a valid token; else the policy's 403
    or 404. A policy that reads an object's id from the body (``body_fields``) lets a body naming no such
    object through to the service's 422, for everyone."""
    if headers in UNAUTHENTICATED.values():
        return response.status_code == 401 and response.headers.get("www-authenticate") == "Bearer"
    if response.status_code in (403, 404):
        return True
    return bool(policy.body_fields) and response.status_code == 422 and not is_request_validation(response)


class Run:
    """The requests of one run, their answers and their failures (per check; the first of each operation
    and check kept with its request)."""

    def __init__(self, world: FuzzWorld) -> None:
        self.world = world
        self.requests = 0
        self.statuses: Counter[str] = Counter()
        self.failures: Counter[str] = Counter()
        self.examples: dict[tuple[str, str], str] = {}

    def fail(self, operation: str, check: str, message: str, case: Any, response: Any) -> None:
        self.failures[check] += 1
        if (operation, check) not in self.examples:
            curl = case.as_curl_command(base_url=BASE_URL)[:1500]
            self.examples[(operation, check)] = (
                f"{operation} [{check}]: {message[:600]}\n{curl}\n-> {response.status_code} "
                f"{response.headers.get('content-type')} {response.text[:1500]}"
            )

    def exchange(
        self, operation: str, label: str, case: Any, headers: Headers, refused: bool, policy: Policy
    ) -> None:
        """Send ``case`` with ``headers`` and check the answer (``refused``: the route refuses them)."""
        response = _send(self.world, case, headers)
        self.requests += 1
        self.statuses[f"{label} {response.status_code}"] += 1
        if refused and not _refusal(policy, response, headers):
            self.fail(operation, REFUSED, f"a refused principal got {response.status_code}", case, response)
        try:
            case.validate_response(
                response,
                checks=CHECKS,
                headers=headers,
                transport_kwargs={"base_url": BASE_URL, "headers": headers},
            )
        except FailureGroup as group:
            for failure in group.exceptions:
                check = failed_check(failure)
                if check == "positive_data_acceptance" and not is_request_validation(response):
                    continue  # a service's rule on valid data (conformance.is_request_validation)
                self.fail(operation, check, str(failure), case, response)

    def fuzz(self, operation: str, label: str, strategy: Any, examples: int, send: Any) -> None:
        @settings(max_examples=examples, **SETTINGS)  # type: ignore[arg-type]
        @given(case=strategy)
        def run(case: Any) -> None:
            send(case)

        with contextlib.suppress(Unsatisfiable):  # nothing to send that the schema forbids (no parameters)
            run()


def test_the_document_passes_every_schemathesis_check_for_several_roles(
    app: FastAPI, world: FuzzWorld
) -> None:
    schema = schemathesis.openapi.from_dict(app.openapi())
    conform(schema.config)
    # The checks' own probes (``ignored_auth``) reach the app through the test client, like every request.
    schema.app = bridge = WSGIBridge(world.client.request)
    policies = {(rp.method, rp.path): rp for rp in route_policies(app)}
    run = Run(world)
    started = time.monotonic()
    for result in schema.get_all_operations():
        operation = result.ok()
        rp = policies[(operation.method.upper(), operation.path)]
        assert rp.policy is not None
        key = f"{rp.method} {rp.path}"
        params = world.params_for(key)
        # The path names the world's objects: a generated id is only ever a 404.
        fixed = {name: params[name] for name in re.findall(r"\{(\w+)\}", operation.path) if name in params}
        admitted = world.headers_for(rp, params)

        def as_admitted(label: str, key: str = key, rp: RoutePolicy = rp, params: Any = params) -> Any:
            return lambda case: run.exchange(
                key, label, case, world.headers_for(rp, params), False, rp.policy
            )

        for case in coverage_cases(operation, fixed):
            as_admitted("coverage")(case)
        for mode, examples in MAX_EXAMPLES.items():
            strategy = operation.as_strategy(generation_mode=mode, path_parameters=fixed or None)
            run.fuzz(key, mode.value, strategy, examples, as_admitted(mode.value))

        if (rp.method, rp.path) in SELF_REVOKING:
            continue
        admits = rp.policy.admits_for(params)
        for who in ROLES:
            headers = world.role_headers(who, rp.policy)
            if headers == admitted:
                continue

            def as_role(case: Any, key: str = key, who: Who = who, headers: Headers = headers) -> None:
                run.exchange(key, who.value, case, headers, who not in admits, rp.policy)

            strategy = operation.as_strategy(
                generation_mode=GenerationMode.POSITIVE, path_parameters=fixed or None
            )
            run.fuzz(key, who.value, strategy, ROLE_EXAMPLES, as_role)
        if rp.policy.public:
            continue
        for label, headers in UNAUTHENTICATED.items():

            def as_stranger(
                case: Any, key: str = key, label: str = label, headers: Headers = headers
            ) -> None:
                run.exchange(key, label, case, headers, True, rp.policy)

            strategy = operation.as_strategy(
                generation_mode=GenerationMode.POSITIVE, path_parameters=fixed or None
            )
            run.fuzz(key, label, strategy, 1, as_stranger)

    r = world.client.get("/api/v1/units", params={"limit": 1}, headers=world.headers[Who.SECRETARIAT])
    assert r.status_code == 200, r.text
    per_check = {name: run.failures.get(name, 0) for name in [*check_names(), REFUSED]}
    summary = (
        f"conformance: {run.requests} requests (and {bridge.probes} probes of ignored_auth) in "
        f"{time.monotonic() - started:.0f} s; "
        f"failures per check: {per_check}; answers: {dict(sorted(run.statuses.items()))}"
    )
    print(f"\n{summary}")
    if run.examples:
        pytest.fail("\n\n".join([summary, *sorted(run.examples.values())]), pytrace=False)


def test_the_run_uses_every_check_but_timing_and_reports_a_failing_answer(app: FastAPI, client: Any) -> None:
    """The harness itself: the checks are the registry's (but ``max_response_time``), an answer the
    document does not list fails them, and the probes' bridge reaches the app."""
    from schemathesis.checks import CHECKS as REGISTRY

    assert set(check_names()) == set(REGISTRY.get_all_names()) - {"max_response_time"}
    assert {
        "positive_data_acceptance",
        "negative_data_rejection",
        "ignored_auth",
        "unsupported_method",
    } <= set(check_names())
    schema = schemathesis.openapi.from_dict(app.openapi())
    conform(schema.config)
    operation = schema["/healthz"]["GET"]
    case = operation.Case()
    ok = client.get("/healthz")
    case.validate_response(ok, checks=CHECKS)  # the real answer passes
    teapot = httpx.Response(418, json={"status": "ok"}, request=ok.request)
    teapot.elapsed = ok.elapsed
    with pytest.raises(FailureGroup) as caught:
        case.validate_response(teapot, checks=CHECKS)
    assert "status_code_conformance" in {failed_check(f) for f in caught.value.exceptions}

    from werkzeug.test import Client as WSGIClient

    bridge = WSGIBridge(client.request)
    answer = WSGIClient(bridge).get("/healthz", headers={"X-Request-ID": "probe-1"})
    assert (answer.status_code, answer.json, bridge.probes) == (200, {"status": "ok"}, 1)
    assert answer.headers["X-Request-ID"] == "probe-1"
