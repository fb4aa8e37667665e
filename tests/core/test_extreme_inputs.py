"""No date, number or cursor crashes anything, on SQLite and PostgreSQL.

Every operation of the OpenAPI document, every query or path parameter and every JSON body field whose
type is an integer, a number, a date or a date-time, is sent the values that break programs: years 0, 1,
9999 and 10000, times at the ends of the calendar in the farthest offsets, 30 February, integers past
64 bits (PostgreSQL's ``integer`` and ``bigint`` columns stop at 2**31 and 2**63), 1e308 and ``1e309``
(infinity once parsed), the ``NaN`` and ``Infinity`` that JSON cannot carry (sent as raw text), leading
zeros and empty strings. Each request is made by a principal the route admits, on real objects (the
permission matrix's world, ``tests.support.permissions``), with an otherwise valid body, so the value
reaches the service and the database. The answer is never a server error, always a problem document when
refused, and the database stays usable afterwards: then every read the API offers is called once more
over what the accepted values stored.

The criteria and people imports (CSV) carry numbers and dates in cells: they are played the same way.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import pytest
from sqlalchemy import update

from app.core.policy import Policy, RoutePolicy, Who, route_policies
from app.main import create_app
from app.models import Campaign
from tests.support.builders import BlocYear, Builders
from tests.support.inputs import World, path_of
from tests.support.settings import make_settings

API = "/api/v1"


class Raw(str):
    """JSON text spliced into the body as it is: what ``json.dumps`` cannot write (NaN, 1e309, 10**5000)."""


# ---- the values ------------------------------------------------------------------------------------------

BIG = [2**31, 2**31 - 1, -(2**31) - 1, 2**63 - 1, 2**63, -(2**63) - 1, 2**64, 10**30, -(10**30)]
NUMBERS_IN_JSON: list[Any] = [
    0,
    -1,
    1,
    9999,
    10000,
    *BIG,
    1e308,
    -1e308,
    5e-324,
    1.5,
    0.001,
    Raw("1e309"),
    Raw("-1e309"),
    Raw("NaN"),
    Raw("Infinity"),
    Raw("-Infinity"),
    Raw("1" + "0" * 5000),  # past Python's 4,300-digit limit for int()
    "007",
    "",
    "1e309",
    True,
]
NUMBERS_IN_TEXT = [
    "0",
    "-1",
    "1",
    "9999",
    "10000",
    *map(str, BIG),
    "1e308",
    "1e309",
    "-1e309",
    "NaN",
    "nan",
    "Infinity",
    "-Infinity",
    "inf",
    "0002016",
    "2016.0",
    "2016.5",
    "",
    " ",
    "1" + "0" * 5000,
    "0x7e0",
    "２０１６",  # full-width digits: int() takes them, a database would not
]
DATES = [
    "0000-01-01",
    "0001-01-01",
    "-0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "+10000-01-01",
    "2016-02-30",
    "2015-02-29",
    "2016-13-01",
    "2016-00-10",
    "2016-1-1",
    "20160101",
    "02016-01-01",
    "9999-12-31T23:59:59+14:00",
    "0001-01-01T00:00:00-14:00",
    "",
    "0",
    str(2**63),
    "1e309",
    "NaN",
]
DATES_IN_JSON: list[Any] = [*DATES, 0, -1, 2**63, -(2**63) - 1, 10**30, 1e308, Raw("1e309"), Raw("NaN")]
DATE_TIMES = [
    "9999-12-31T23:59:59+14:00",
    "9999-12-31T23:59:59-14:00",
    "9999-12-31T23:59:59.999999Z",
    "0001-01-01T00:00:00+14:00",
    "0001-01-01T00:00:00-14:00",
    "0001-01-01T00:00:00Z",
    "0000-01-01T00:00:00Z",
    "10000-01-01T00:00:00Z",
    "2016-02-30T00:00:00Z",
    "2016-01-01T24:00:00Z",
    "2016-01-01T23:59:60Z",
    "2016-01-01T00:00:00+24:00",
    "2016-01-01T00:00:00",
    "2016-01-01",
    "9999-12-31",
    "0001-01-01",
    "",
    "0",
    str(2**63),
    "-" + str(2**63),
    "1e309",
    "NaN",
]
CURSORS = [
    "",
    "=",
    "!!!",
    "a" * 512,
    "bnVsbA",  # null
    "WzEsMl0",  # [1,2]
    "WyI5OTk5LTEyLTMxVDIzOjU5OjU5LTE0OjAwIiwiYSJd",  # ["9999-12-31T23:59:59-14:00","a"]
    "WyIwMDAxLTAxLTAxVDAwOjAwOjAwKzE0OjAwIiwiYSJd",  # ["0001-01-01T00:00:00+14:00","a"]
    "WyIyMDE2LTAxLTAxVDAwOjAwOjAwKzAwOjAwIiwiXHUwMDAwIl0",  # a NUL in the id
]


def values_for(kind: str, where: str) -> list[Any]:
    text = where != "body"
    if kind in ("integer", "number"):
        return NUMBERS_IN_TEXT if text else NUMBERS_IN_JSON
    if kind == "date":
        return DATES if text else DATES_IN_JSON
    if kind == "date-time":
        return DATE_TIMES if text else [*DATE_TIMES, 0, 2**63, Raw("1e309")]
    if kind == "cursor":
        return CURSORS
    raise AssertionError(kind)


# ---- what the document says ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """One place of one operation that holds a number, a date, a time or a cursor."""

    method: str
    path: str
    where: str  # "query", "path" or "body"
    pointer: tuple[str, ...]  # the parameter's name, or the body field's path ("[]": a list's first item)
    kind: str

    @property
    def operation(self) -> str:
        return f"{self.method} {self.path}"

    def __str__(self) -> str:
        return f"{self.operation} {self.where}:{'.'.join(self.pointer)}"


@cache
def _app_and_spec() -> tuple[list[RoutePolicy], dict[str, Any]]:
    app = create_app(make_settings("sqlite:///extreme-inputs-collection-only.db"))
    return route_policies(app), app.openapi()


def _kind(schema: dict[str, Any]) -> str | None:
    if schema.get("format") in ("date", "date-time"):
        return str(schema["format"])
    if schema.get("type") in ("integer", "number"):
        return str(schema["type"])
    return None


def _walk(
    spec: dict[str, Any], schema: dict[str, Any], pointer: tuple[str, ...], seen: frozenset[str]
) -> Iterator[tuple[tuple[str, ...], str]]:
    components = spec["components"]["schemas"]
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name not in seen:
            yield from _walk(spec, components[name], pointer, seen | {name})
        return
    if (kind := _kind(schema)) is not None:
        yield pointer, kind
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in schema.get(key, []):
            yield from _walk(spec, sub, pointer, seen)
    for name, sub in schema.get("properties", {}).items():
        yield from _walk(spec, sub, (*pointer, name), seen)
    if isinstance(schema.get("items"), dict):
        yield from _walk(spec, schema["items"], (*pointer, "[]"), seen)
    for sub in schema.get("patternProperties", {}).values():
        yield from _walk(spec, sub, (*pointer, "{}"), seen)


def targets() -> list[Target]:
    _, spec = _app_and_spec()
    found: dict[Target, None] = {}
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            for parameter in operation.get("parameters", []):
                where, name = parameter["in"], parameter["name"]
                if where not in ("query", "path"):
                    continue
                if name == "cursor":
                    found[Target(method.upper(), path, where, (name,), "cursor")] = None
                for _, kind in _walk(spec, parameter["schema"], (), frozenset()):
                    found[Target(method.upper(), path, where, (name,), kind)] = None
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                for pointer, kind in _walk(spec, content["application/json"]["schema"], (), frozenset()):
                    found[Target(method.upper(), path, "body", pointer, kind)] = None
    return list(found)


# ---- the world and the requests --------------------------------------------------------------------------


def _put(body: Any, pointer: tuple[str, ...], value: Any) -> Any:
    """``body`` with ``value`` at ``pointer`` (a list's first item for "[]", a new key for "{}")."""
    if not pointer:
        return value
    head, rest = pointer[0], pointer[1:]
    if head == "[]":
        items = list(body) if isinstance(body, list) and body else [{}]
        items[0] = _put(items[0], rest, value)
        return items
    container = dict(body) if isinstance(body, dict) else {}
    key = "extreme" if head == "{}" else head
    container[key] = _put(container.get(key), rest, value)
    return container


_RAW = "\u0000raw{}\u0000"


def encode(body: Any) -> bytes:
    """JSON, with each ``Raw`` value spliced in as it is."""
    raws: list[str] = []

    def swap(node: Any) -> Any:
        if isinstance(node, Raw):
            raws.append(str(node))
            return _RAW.format(len(raws) - 1)
        if isinstance(node, dict):
            return {k: swap(v) for k, v in node.items()}
        if isinstance(node, list):
            return [swap(v) for v in node]
        return node

    text = json.dumps(swap(body), ensure_ascii=False)
    for i, raw in enumerate(raws):
        text = text.replace(json.dumps(_RAW.format(i)), raw)
    return text.encode()


def _required_query(spec: dict[str, Any], target: Target) -> dict[str, str]:
    """The operation's required query parameters, with ordinary values."""
    # The docs pages and their assets are outside the document (include_in_schema=False): no parameters.
    operation = spec["paths"].get(target.path, {}).get(target.method.lower(), {})
    ordinary = {"integer": "2016", "number": "1", "date": "2017-01-15", "date-time": "2016-01-01T00:00:00Z"}
    found = {}
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "query" and parameter.get("required"):
            kinds = [kind for _, kind in _walk(spec, parameter["schema"], (), frozenset())]
            found[parameter["name"]] = ordinary[kinds[0]] if kinds else "2016"
    return found


@dataclass
class Outcome:
    target: Target
    value: Any
    status: int
    text: str

    def __str__(self) -> str:
        value = repr(self.value) if len(repr(self.value)) < 60 else repr(self.value)[:57] + "..."
        return f"{self.target} = {value} -> {self.status} {self.text[:300]}"


def problem_or_success(response: Any) -> str | None:
    """What is wrong with the answer: a server error, or a refusal that is not a problem document."""
    if response.status_code >= 500:
        return "server error"
    problem_json = response.headers.get("content-type", "").startswith("application/problem+json")
    if response.status_code >= 400 and response.status_code != 401 and not problem_json:
        return "a refusal that is not a problem document"
    return None


def send(world: World, operation: str, spec: dict[str, Any], policy: Policy, **at: Any) -> Any:
    """The operation, on the world's objects with a valid body, but for the values ``at`` puts in place:
    ``path``/``query`` (name → value) and ``body`` (pointer → value)."""
    method, template = operation.split(" ", 1)
    params = world.params_for(operation) | world.fresh(operation)
    params |= {k: str(v) for k, v in at.get("path", {}).items()}
    query = _required_query(spec, Target(method, template, "query", (), "")) | {
        k: str(v) for k, v in at.get("query", {}).items()
    }
    kwargs: dict[str, Any] = {
        "params": query,
        "headers": dict(world.principal(policy, world.params_for(operation))),
    }
    if method not in ("GET", "DELETE"):
        body = world.bodies().get(operation, dict)()
        for pointer, value in at.get("body", {}).items():
            body = _put(body, pointer, value)
        kwargs["content"] = encode(body)
        kwargs["headers"]["Content-Type"] = "application/json"
    return world.client.request(method, path_of(template, params), **kwargs)


def play(
    world: World, target: Target, policies: dict[str, Policy], spec: dict[str, Any], accepted: list[Any]
) -> list[Outcome]:
    """Every extreme value at the target; what went wrong. The body values taken go to ``accepted``."""
    wrong: list[Outcome] = []
    for value in values_for(target.kind, target.where):
        key = target.pointer if target.where == "body" else target.pointer[0]
        r = send(world, target.operation, spec, policies[target.operation], **{target.where: {key: value}})
        if problem_or_success(r):
            wrong.append(Outcome(target, value, r.status_code, r.text))
        elif r.status_code < 300 and target.where == "body":
            accepted.append(value)
    return wrong


def store_extremes(
    world: World, taken: dict[Target, list[Any]], policies: dict[str, Policy], spec: dict[str, Any]
) -> list[str]:
    """Each operation once more with the first (the most extreme) value each of its fields took, all at
    once where they go together, else one by one; they stay stored. Then every valid write again, which
    now meets them (a report sent against a deadline of 9999-12-31, a session ranked on huge totals)."""
    wrong = []
    by_operation: dict[str, dict[tuple[str, ...], Any]] = {}
    for target, values in taken.items():
        if values:
            by_operation.setdefault(target.operation, {})[target.pointer] = values[0]
    for operation, values in by_operation.items():
        r = send(world, operation, spec, policies[operation], body=values)
        if r.status_code >= 300:
            for pointer, value in values.items():
                r = send(world, operation, spec, policies[operation], body={pointer: value})
                if (problem := problem_or_success(r)) is not None:
                    wrong.append(
                        f"{operation} {pointer}={value!r} stored: {problem}: {r.status_code} {r.text[:300]}"
                    )
    for operation in world.bodies():
        r = send(world, operation, spec, policies[operation])
        if (problem := problem_or_success(r)) is not None:
            wrong.append(f"{operation} after the extremes: {problem}: {r.status_code} {r.text[:300]}")
    return wrong


def database_answers(world: World) -> None:
    """A read that reaches the database, as a principal of every kind: each gets a connection of the pool."""
    for who in (Who.SECRETARIAT, Who.ADMIN, Who.OFFICER):
        r = world.client.get(f"{API}/units", params={"limit": 1}, headers=world.headers[who])
        assert r.status_code == 200, r.text


def read_everything(world: World, routes: list[RoutePolicy], spec: dict[str, Any]) -> list[str]:
    """Every read of the API, in each of its formats, over what the accepted extreme values stored."""
    wrong = []
    for rp in routes:
        if rp.method != "GET" or rp.policy is None:
            continue
        operation = spec["paths"].get(rp.path, {}).get("get", {})
        formats: list[str | None] = [None]
        for parameter in operation.get("parameters", []):
            if parameter["name"] == "format":
                formats += [
                    v
                    for sub in [parameter["schema"], *parameter["schema"].get("anyOf", [])]
                    for v in sub.get("enum", [])
                ]
        params = world.params_for(f"GET {rp.path}")
        query = _required_query(spec, Target("GET", rp.path, "query", (), ""))
        headers = world.principal(rp.policy, params)
        for fmt in formats:
            r = world.client.get(
                path_of(rp.path, params), params=query | ({"format": fmt} if fmt else {}), headers=headers
            )
            if (problem := problem_or_success(r)) is not None:
                wrong.append(f"GET {rp.path} format={fmt}: {problem}: {r.status_code} {r.text[:300]}")
    return wrong


def _csv(rows: list[list[str]]) -> bytes:
    return "".join(",".join(row) + "\r\n" for row in rows).encode()


def file_imports(world: World) -> list[str]:
    """The CSV imports, with the extreme values in their number and date cells."""
    secretariat = world.headers[Who.SECRETARIAT]
    wrong = []
    cells = [*NUMBERS_IN_TEXT, "-0", "1,5", "1e-400"]
    criteria = f"{API}/campaigns/{world.campaign_id}/criteria"
    for value in cells:
        body = _csv(
            [
                ["code", "parent_code", "title", "max_points", "kind", "required"],
                ["1", "", "Nhiệm vụ", "", "", ""],
                ["1.1", "1", "Kế hoạch", value if "," not in value else f'"{value}"', "standard", ""],
            ]
        )
        r = world.client.put(criteria, content=body, headers={**secretariat, "Content-Type": "text/csv"})
        if (problem := problem_or_success(r)) is not None:
            wrong.append(f"criteria CSV max_points={value!r}: {problem}: {r.status_code} {r.text[:300]}")
    people = f"{API}/units/{world.unit}/people"
    for value in [*DATES, "1980-01-01T00:00:00-14:00", "29/02/1980"]:
        code = world.unique("CB")
        body = _csv(
            [
                ["code", "full_name", "gender", "birth_date", "position"],
                [code, "Trần Thị Hoa", "female", value, ""],
            ]
        )
        r = world.client.put(people, content=body, headers={**secretariat, "Content-Type": "text/csv"})
        if (problem := problem_or_success(r)) is not None:
            wrong.append(f"people CSV birth_date={value!r}: {problem}: {r.status_code} {r.text[:300]}")
    return wrong


# ---- the tests -------------------------------------------------------------------------------------------


@pytest.fixture
def world(build: Builders) -> World:
    return World(build)


def test_no_extreme_value_is_a_server_error(world: World) -> None:
    routes, spec = _app_and_spec()
    policies = {f"{rp.method} {rp.path}": rp.policy for rp in routes if rp.policy is not None}
    bodies = world.bodies()
    missing = sorted({t.operation for t in targets() if t.where == "body" and t.operation not in bodies})
    assert missing == [], "operations with a number or a date in the body but no valid body here"
    wrong: list[Any] = []
    taken: dict[Target, list[Any]] = {}
    for target in targets():
        wrong += play(world, target, policies, spec, taken.setdefault(target, []))
        database_answers(world)
    wrong += store_extremes(world, taken, policies, spec)
    database_answers(world)
    wrong += file_imports(world)
    database_answers(world)
    wrong += read_everything(world, routes, spec)
    database_answers(world)
    assert wrong == [], "\n".join(map(str, wrong))


def test_a_deadline_at_the_end_of_the_calendar(build: Builders) -> None:
    """Found by the test above: a campaign's deadline of 9999-12-31 was stored, then every report sent
    for it and the campaign's summary were 500 (the day after the deadline, when it is late, does not
    exist). A deadline is now a day of the years campaigns have (1945–2200); one stored before that rule
    is simply never passed."""
    w = BlocYear(build)
    r = w.client.patch(
        f"{API}/campaigns/{w.cid}", json={"deadlines": {"annual_report": "9999-12-31"}}, headers=w.secretariat
    )
    assert r.status_code == 422, r.text
    assert [e["loc"] for e in r.json()["errors"]] == [["body", "deadlines", "annual_report"]]
    assert "between 1945-01-01 and 2200-12-31" in r.json()["errors"][0]["msg"]
    with w.session_factory() as s:
        s.execute(
            update(Campaign)
            .where(Campaign.id == w.cid)
            .values(mid_year_report_deadline=date.max, annual_report_deadline=date.max)
        )
        s.commit()
    report = {
        "unit_id": w.c,
        "kind": "annual",
        "title": "Báo cáo",
        "sections": [{"heading": "I", "body": ""}],
    }
    r = w.client.post(f"{API}/campaigns/{w.cid}/reports", json=report, headers=w.officer(w.c))
    assert (r.status_code, r.json()["late"]) == (201, False), r.text
    summary = w.client.get(f"{API}/campaigns/{w.cid}/summary", headers=w.secretariat)
    assert summary.status_code == 200, summary.text
    assert {m["kind"]: m["overdue"] for m in summary.json()["reports"]["missing"] if m["unit_id"] == w.c} == {
        "mid_year": False
    }
    for fmt in ("xlsx", "docx"):
        r = w.client.get(f"{API}/campaigns/{w.cid}/summary", params={"format": fmt}, headers=w.secretariat)
        assert r.status_code == 200, r.text
