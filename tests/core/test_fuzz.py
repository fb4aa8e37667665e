"""The whole OpenAPI document fuzzed with Schemathesis, in process, on SQLite and PostgreSQL: no server error.

Every operation of the document gets requests that Schemathesis generates from its schema:

- valid ones (``positive``), on the real objects of the fuzzing world (``tests.support.inputs``: the path
  names a campaign, a unit, a session... that exist, in a state that lets the request reach its service),
  by a principal the route admits;
- invalid ones (``negative``: wrong types, missing or unknown fields, out-of-range values), on the same
  objects, by the same principal.

The red team's run (45,903 requests, 0 server errors) is the bar this keeps in CI, at a size CI affords:
``MAX_EXAMPLES`` per operation and mode (about 3,300 requests, a minute, on each database),
derandomized (the same requests every run, so a failure is reproducible and nothing flakes), without
shrinking (the first failing request is reported as it was sent). Each answer passes Schemathesis'
``not_a_server_error``, ``status_code_conformance``, ``content_type_conformance`` and
``response_schema_conformance`` checks; the run then checks the database still answers.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from app.core.policy import RoutePolicy, Who, route_policies
from tests.support.builders import Builders, Headers
from tests.support.inputs import World

MAX_EXAMPLES = {GenerationMode.POSITIVE: 15, GenerationMode.NEGATIVE: 10}
SETTINGS = dict(
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
    print_blob=False,
)
BASE_URL = "http://testserver"
# No server error; and each answer is what the document says it is: a status it lists, in a media type it
# lists for that status, with a body that status's schema admits.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


class FuzzWorld(World):
    """The fuzzing world, with throwaway objects for what would lock everyone else out: a user to
    disable, a token to revoke."""

    def __init__(self, build: Builders) -> None:
        super().__init__(build)
        throwaway = build.user("observer")
        self.overrides["PATCH /api/v1/users/{user_id}"] = {"user_id": throwaway["id"]}

    def headers_for(self, rp: RoutePolicy, params: dict[str, str]) -> Headers:
        assert rp.policy is not None
        if (rp.method, rp.path) == ("POST", "/api/v1/auth/logout"):
            return self.build.headers("observer")  # a token of its own to revoke, every time
        return self.principal(rp.policy, params)


@pytest.fixture
def world(build: Builders) -> FuzzWorld:
    return FuzzWorld(build)


def _send(world: FuzzWorld, case: Any, headers: Headers) -> Any:
    kwargs = case.as_transport_kwargs(base_url=BASE_URL, headers=headers)
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


def test_fuzzing_the_document_finds_no_server_error(app: FastAPI, world: FuzzWorld) -> None:
    schema = schemathesis.openapi.from_dict(app.openapi())
    policies = {(rp.method, rp.path): rp for rp in route_policies(app)}
    failures: list[str] = []
    counted = {"requests": 0}
    current: dict[str, Any] = {}
    statuses: Counter[str] = Counter()
    started = time.monotonic()
    for result in schema.get_all_operations():
        operation = result.ok()
        rp = policies[(operation.method.upper(), operation.path)]
        operation_key = f"{rp.method} {rp.path}"
        params = world.params_for(operation_key)
        # The path names the world's objects: a generated id is only ever a 404.
        fixed = {name: params[name] for name in re.findall(r"\{(\w+)\}", operation.path) if name in params}
        for mode, examples in MAX_EXAMPLES.items():
            current.clear()
            strategy = operation.as_strategy(generation_mode=mode, path_parameters=fixed or None)

            @settings(max_examples=examples, **SETTINGS)
            @given(case=strategy)
            def run(case: Any) -> None:
                current["case"] = case  # reported as a curl command if it fails
                response = _send(world, case, world.headers_for(rp, params))
                counted["requests"] += 1
                statuses[f"{mode.value} {response.status_code}"] += 1
                case.validate_response(response, checks=CHECKS)

            try:
                run()
            except Unsatisfiable:  # nothing to send that the schema forbids (no parameters, no body)
                continue
            except (Exception, FailureGroup) as exc:  # each operation's first failure, then the next
                example = current["case"].as_curl_command(base_url=BASE_URL) if "case" in current else ""
                failures.append(
                    f"{operation_key} ({mode.value}): {type(exc).__name__}: {str(exc)[:1500]}\n{example}"
                )
    r = world.client.get("/api/v1/units", params={"limit": 1}, headers=world.headers[Who.SECRETARIAT])
    assert r.status_code == 200, r.text
    print(
        f"fuzzing: {counted['requests']} requests in {time.monotonic() - started:.0f} s; "
        f"answers: {dict(sorted(statuses.items()))}"
    )
    assert failures == [], "\n\n".join(failures)
