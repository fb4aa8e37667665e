"""Lists (docs/lists.md): every list is the page envelope ``{"items", "next_cursor", "total"}`` with a
``Link: <...>; rel="next"`` header while there is more, documented as such; ``?include_total=true`` counts the
whole filtered list; ``?sort=`` orders the lists users sort, across pages, on SQLite and PostgreSQL.

The few lists that are whole (the ranking, a bloc's members, catalogues and computed verdicts) are named
here: a new list is a page unless someone decides otherwise, and says so below.
"""

from __future__ import annotations

import base64
import json
import re
import typing
from datetime import date
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event

from app.core.openapi import WHOLE_LIST, openapi_document
from app.core.pagination import Page
from app.core.policy import Who, api_routes, route_policies
from app.core.text import fold
from app.main import create_app
from app.models import Award
from app.models.base import new_id
from tests.support.builders import Builders, Headers
from tests.support.lists import next_url, walk
from tests.support.permissions import PermissionWorld
from tests.support.problems import problem
from tests.support.settings import make_settings

API = "/api/v1"

# Whole lists, in one response, by design: api.md's ranking and a bloc's members, the catalogues (forms,
# legal regimes, regulation settings and their history: tens of rows), one person's employments, and the
# eligibility verdicts computed for one unit's people or one bloc-year's units.
WHOLE_LISTS = {
    "get_ranking",
    "get_bloc_members",
    "list_forms",
    "list_legal_regimes",
    "list_regulation_settings",
    "get_ministry_regulation",
    "get_bloc_regulation",
    "list_employments",
    "list_unit_people_eligibility",
    "list_bloc_eligibility",
    "list_holidays",  # one year's public holidays: a few dozen days at most
    "list_proposal_documents",  # one proposal's dossier: a handful of documents per item
}


def _app() -> Any:
    return create_app(make_settings("sqlite:///lists-collection-only.db"))


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _ok_schema(document: dict[str, Any], operation: dict[str, Any]) -> dict[str, Any]:
    content = operation["responses"].get("200", {}).get("content", {})
    return _resolve(document, content.get("application/json", {}).get("schema", {}))


# ---- the contract: every list a page (or a named whole list), every page with its Link --------------------


def test_no_route_answers_a_bare_array_and_every_list_is_a_page_or_a_named_whole_list() -> None:
    app = _app()
    document = openapi_document(app)
    bare, unnamed_whole, pages = [], [], []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            schema = _ok_schema(document, operation)
            name = f"{method.upper()} {path} ({operation['operationId']})"
            if schema.get("type") == "array":
                bare.append(name)
            props = schema.get("properties", {})
            if props.get("items", {}).get("type") == "array":
                if "next_cursor" in props:
                    pages.append(operation["operationId"])
                elif operation["operationId"] not in WHOLE_LISTS:
                    unnamed_whole.append(name)
    assert bare == []
    assert unnamed_whole == []
    assert set(pages).isdisjoint(WHOLE_LISTS)
    # The same lists, read from the routes' response models: each is a Page.
    page_routes = [
        route.operation_id or route.name
        for _, route in api_routes(app)
        if isinstance(route.response_model, type) and issubclass(route.response_model, Page)
    ]
    assert sorted(page_routes) == sorted(pages)
    for _, route in api_routes(app):
        assert typing.get_origin(route.response_model) is not list, route.path
    operations = {op["operationId"]: op for item in document["paths"].values() for op in item.values()}
    assert set(operations) >= WHOLE_LISTS  # the named whole lists exist (a rename must update this list)
    # Each says so in the document; a bloc's members are a record's list (`members`), said in docs/lists.md.
    for name in WHOLE_LISTS - {"get_bloc_members"}:
        assert operations[name]["responses"]["200"]["description"] == WHOLE_LIST, name


def test_every_page_documents_its_link_header_total_and_page_parameters() -> None:
    document = openapi_document(_app())
    found = 0
    for item in document["paths"].values():
        for operation in item.values():
            schema = _ok_schema(document, operation)
            if "next_cursor" not in schema.get("properties", {}):
                continue
            found += 1
            ok = operation["responses"]["200"]
            assert ok["headers"]["Link"]["schema"] == {"type": "string"}, operation["operationId"]
            assert 'rel="next"' in ok["headers"]["Link"]["description"]
            total = schema["properties"]["total"]
            assert {"type": "integer"} in total["anyOf"] and "include_total" in total["description"]
            names = {p["name"] for p in operation["parameters"] if p["in"] == "query"}
            assert {"limit", "cursor", "include_total"} <= names, operation["operationId"]
    assert found >= 22


@pytest.mark.parametrize(
    ("path", "schema", "keys"),
    [
        ("/units", "UnitSort", ["code", "name"]),
        ("/people", "PersonSort", ["name", "code"]),
        ("/units/{unit_id}/people", "PersonSort", ["name", "code"]),
        ("/awards", "AwardSort", ["decision_date", "year"]),
        ("/users", "UserSort", ["username"]),
        ("/campaigns", "CampaignSort", ["year"]),
    ],
)
def test_sorts_are_documented_enums(path: str, schema: str, keys: list[str]) -> None:
    document = openapi_document(_app())
    (sort,) = [p for p in document["paths"][API + path]["get"]["parameters"] if p["name"] == "sort"]
    assert sort["schema"]["anyOf"][0] == {"$ref": f"#/components/schemas/{schema}"}
    assert document["components"]["schemas"][schema]["enum"] == [v for k in keys for v in (k, f"-{k}")]


# ---- every list, through HTTP: envelope, Link, total ------------------------------------------------------

# Who reads each list in the walk below: the first kind its policy admits.
_READERS = (Who.SECRETARIAT, Who.ADMIN, Who.OBSERVER, Who.LEADER, Who.OFFICER, Who.HEAD)


def test_every_list_walks_to_its_total_one_item_a_page(
    build: Builders, client: TestClient, app: FastAPI
) -> None:
    world = PermissionWorld(build)
    # Two or more of what the world has one of, so that most lists have a second page.
    for person_id in (world.person_id, build.person(world.unit)["id"]):
        build.achievement(person_id=person_id, year=2015)
        build.exclusion(person_id=person_id, starts_on=date(2015, 3, 1))
        build.rating(person_id=person_id, year=2015)
    for year in (2014, 2015):
        build.achievement(unit_id=world.unit, year=year)
        build.exclusion(unit_id=world.unit, starts_on=date(year, 3, 1))
    build.rating(unit_id=world.unit, year=2015)
    build.campaign(build.bloc(2, year=2016))
    build.service_client(["units:read"])
    params = world.path_params()
    walked, multi_page = [], 0
    problems: list[str] = []
    for rp in route_policies(app):
        route = rp.route
        if rp.method != "GET" or not (
            isinstance(route.response_model, type) and issubclass(route.response_model, Page)
        ):
            continue
        assert rp.policy is not None
        admitted = rp.policy.admits_for(params)
        who = next(w for w in _READERS if w in admitted)
        headers = world.headers_of(who, rp.policy)
        url = re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: params[m.group(1)], rp.path)
        items, bodies = walk(client, url, headers, limit=1, include_total=True)
        totals = {b["total"] for b in bodies}
        plain = client.get(url, headers=headers).json()
        if totals != {len(items)} or any(len(b["items"]) > 1 for b in bodies) or plain["total"] is not None:
            problems.append(f"{rp.path}: totals {totals}, {len(items)} items, plain total {plain['total']}")
        everything = client.get(url, params={"limit": 500}, headers=headers).json()["items"]
        if everything != items:
            problems.append(f"{rp.path}: the pages are not the whole list in order")
        walked.append(rp.path)
        multi_page += len(bodies) > 1
    assert problems == []
    assert len(walked) >= 22
    assert multi_page >= 17, f"only {multi_page} of {len(walked)} lists had a second page"


def test_the_total_follows_the_filters_and_the_link_keeps_them(
    client: TestClient, build: Builders, admin_headers: Headers
) -> None:
    for i in range(5):
        build.unit(code=f"DG{i}", name=f"Vụ Đánh giá {i}")
    build.unit(code="KH1", name="Vụ Khác")
    items, bodies = walk(
        client, f"{API}/units", admin_headers, q="danh gia", limit=2, include_total=True, sort="-code"
    )
    assert [u["code"] for u in items] == ["DG4", "DG3", "DG2", "DG1", "DG0"]
    assert [b["total"] for b in bodies] == [5, 5, 5]
    assert [len(b["items"]) for b in bodies] == [2, 2, 1]


# ---- sorts ------------------------------------------------------------------------------------------------


def _walk_ids(client: TestClient, url: str, headers: Headers, **params: Any) -> list[str]:
    items, _ = walk(client, url, headers, limit=2, **params)
    return [i["id"] for i in items]


def _sorted_ids(rows: list[dict[str, Any]], key: str, descending: bool) -> list[str]:
    """``rows`` by ``key`` (None last either way), ties by id ascending: the documented order."""
    present = [r for r in rows if r[key] is not None]
    absent = sorted((r for r in rows if r[key] is None), key=lambda r: r["id"])
    by_id = sorted(present, key=lambda r: r["id"])
    ordered = sorted(by_id, key=lambda r: r[key], reverse=descending)  # stable: ties keep id order
    return [r["id"] for r in ordered + absent]


def _check_sorts(
    client: TestClient, url: str, headers: Headers, rows: list[dict[str, Any]], keys: list[str], **params: Any
) -> None:
    """Each key both ways: the walk's ids equal ``rows`` in the documented order."""
    assert len(rows) >= 5
    for key in keys:
        for descending in (False, True):
            sort = f"-{key}" if descending else key
            assert _walk_ids(client, url, headers, sort=sort, **params) == _sorted_ids(
                rows, key, descending
            ), sort


UNIT_NAMES = [
    ("ZA", "Văn phòng Bộ", None),
    ("AB", "Vụ Tổ chức cán bộ", "TCCB"),
    ("MM", "Đảng ủy Bộ", None),
    ("KK", "ủy ban kiểm tra", None),
    ("BB", "Cục Công nghệ thông tin", "CNTT"),
    ("CC", "Vụ Tổ chức cán bộ", "TCCB"),  # the same name and short name as AB: the code decides
    ("DD", "Thanh tra Bộ", None),
]


def test_units_sort_by_code_and_by_folded_name_across_pages(
    client: TestClient, build: Builders, admin_headers: Headers
) -> None:
    for code, name, short in UNIT_NAMES:
        build.unit(code=code, name=name, short_name=short)
    rows = client.get(f"{API}/units", params={"limit": 500}, headers=admin_headers).json()["items"]
    # name: the name folded (case and diacritics aside, đ as d), then the short name and code.
    keyed = [{**u, "name": fold(f"{u['name']} {u['short_name'] or ''} {u['code']}")} for u in rows]
    _check_sorts(client, f"{API}/units", admin_headers, keyed, ["code", "name"])
    by_name = _walk_ids(client, f"{API}/units", admin_headers, sort="name")
    codes = {u["id"]: u["code"] for u in rows}
    assert [codes[i] for i in by_name] == ["BB", "MM", "DD", "KK", "ZA", "AB", "CC"]


def test_people_sort_by_name_and_code_in_both_lists(
    client: TestClient, build: Builders, admin_headers: Headers
) -> None:
    unit = build.unit()["id"]
    for code, name in [
        ("P5", "Nguyễn Văn An"),
        ("P1", "Đặng Thị Bình"),
        ("P3", "nguyễn văn an"),
        ("P2", "Lê Hà"),
    ]:
        build.person(unit, code=code, full_name=name)
    build.person(build.unit()["id"], code="P4", full_name="Bùi Minh")
    rows = client.get(f"{API}/people", params={"limit": 500}, headers=admin_headers).json()["items"]
    keyed = [{**p, "name": fold(f"{p['full_name']} {p['code']}")} for p in rows]
    _check_sorts(client, f"{API}/people", admin_headers, keyed, ["name", "code"])
    by_name = _walk_ids(client, f"{API}/people", admin_headers, sort="name")
    assert [next(p["code"] for p in rows if p["id"] == i) for i in by_name] == ["P4", "P1", "P2", "P3", "P5"]
    in_unit = [p for p in keyed if p["unit_id"] == unit]
    url = f"{API}/units/{unit}/people"
    assert _walk_ids(client, url, admin_headers, sort="-name") == _sorted_ids(in_unit, "name", True)
    assert _walk_ids(client, url, admin_headers, sort="code") == _sorted_ids(in_unit, "code", False)


def test_awards_sort_by_decision_date_undecided_last_and_by_year(
    client: TestClient, build: Builders, admin_headers: Headers, session_factory: Any
) -> None:
    decided = [date(2017, 3, 1), None, date(2016, 12, 30), date(2017, 3, 1), None, date(2015, 1, 5)]
    with session_factory() as s:
        for i, when in enumerate(decided):
            s.add(
                Award(
                    id=new_id(),
                    unit_id=build.unit()["id"],
                    title_code="tap_the_lao_dong_tien_tien",
                    year=2014 + i % 3,
                    status="decided" if when else "proposed",
                    decision_number=f"{i}/QĐ-BKHCN" if when else None,
                    decision_date=when,
                )
            )
        s.commit()
    rows = client.get(f"{API}/awards", params={"limit": 500}, headers=admin_headers).json()["items"]
    assert len(rows) == 6
    _check_sorts(client, f"{API}/awards", admin_headers, rows, ["decision_date", "year"])
    ids = _walk_ids(client, f"{API}/awards", admin_headers, sort="-decision_date")
    dates = [next(r["decision_date"] for r in rows if r["id"] == i) for i in ids]
    assert dates == ["2017-03-01", "2017-03-01", "2016-12-30", "2015-01-05", None, None]
    # with a filter: the year's awards only, by decision date
    year = [r for r in rows if r["year"] == 2015]
    url = f"{API}/awards"
    assert _walk_ids(client, url, admin_headers, sort="decision_date", year=2015) == _sorted_ids(
        year, "decision_date", False
    )


def test_users_sort_by_username(client: TestClient, build: Builders, admin_headers: Headers) -> None:
    for name in ("minh", "An", "binh", "Zoe", "an2"):
        build.user("observer", username=name)
    rows = client.get(f"{API}/users", params={"limit": 500}, headers=admin_headers).json()["items"]
    _check_sorts(client, f"{API}/users", admin_headers, rows, ["username"])


def test_campaigns_sort_by_year(client: TestClient, build: Builders, admin_headers: Headers) -> None:
    for year in (2018, 2016, 2020, 2016, 2019):
        build.campaign(build.bloc(1, year=year))
    rows = client.get(f"{API}/campaigns", params={"limit": 500}, headers=admin_headers).json()["items"]
    _check_sorts(client, f"{API}/campaigns", admin_headers, rows, ["year"])


# ---- refusals ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {"sort": "created"},
        {"sort": "--code"},
        {"sort": "password_hash"},
        {"sort": ""},
        {"include_total": "maybe"},
    ],
)
def test_a_sort_or_total_the_list_does_not_offer_is_422(
    client: TestClient, admin_headers: Headers, params: dict[str, str]
) -> None:
    r = client.get(f"{API}/units", params=params, headers=admin_headers)
    body = problem(r, 422, "validation_error")
    assert body["errors"][0]["loc"][:2] == ["query", next(iter(params))]


def test_a_cursor_made_for_another_sort_is_422(
    client: TestClient, build: Builders, admin_headers: Headers
) -> None:
    for i in range(3):
        build.unit(code=f"S{i}")
    url = f"{API}/units"

    def cursor(**params: Any) -> str:
        r = client.get(url, params={"limit": 1, **params}, headers=admin_headers)
        assert r.status_code == 200 and next_url(r) is not None, r.text
        return str(r.json()["next_cursor"])

    by_code, by_name, created = cursor(sort="code"), cursor(sort="-name"), cursor()
    for made, used in [
        (by_code, {"sort": "-code"}),
        (by_code, {"sort": "name"}),
        (by_code, {}),
        (created, {"sort": "code"}),
        (by_name, {}),
    ]:
        r = client.get(url, params={"cursor": made, **used}, headers=admin_headers)
        body = problem(r, 422, "validation_error")
        assert body["errors"] == [
            {"loc": ["query", "cursor"], "msg": "cursor made for another sort", "type": "value_error"}
        ]
    vi = client.get(url, params={"cursor": by_code}, headers={**admin_headers, "Accept-Language": "vi"})
    assert "sắp xếp" in problem(vi, 422, "validation_error")["detail"]
    # the cursor still works with the sort it was made for
    assert (
        client.get(url, params={"cursor": by_code, "sort": "code"}, headers=admin_headers).status_code == 200
    )


def _cursor(raw: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(raw).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    ("path", "sort", "raw"),
    [
        ("/units", "code", {"sort": "code", "key": ["x"], "id": "x"}),
        ("/units", "code", {"sort": "code", "key": 12, "id": "x"}),
        ("/units", "code", {"sort": "code", "key": "x", "id": "x" * 65}),
        ("/units", "code", {"sort": "code", "key": "x"}),
        ("/units", "name", {"sort": "name", "key": "x" * 1001, "id": "x"}),
        ("/awards", "-decision_date", {"sort": "-decision_date", "key": "not a date", "id": "x"}),
        ("/awards", "decision_date", {"sort": "decision_date", "key": 20170301, "id": "x"}),
        ("/awards", "year", {"sort": "year", "key": "2016", "id": "x"}),
        ("/awards", "year", {"sort": "year", "key": True, "id": "x"}),
        ("/campaigns", "-year", {"sort": "-year", "key": 2016.5, "id": "x"}),
        ("/users", "username", ["user", "x"]),
        ("/users", "username", "username"),
    ],
)
def test_a_crafted_sorted_cursor_is_422_and_the_connection_stays_usable(
    client: TestClient, admin_headers: Headers, path: str, sort: str, raw: Any
) -> None:
    r = client.get(f"{API}{path}", params={"sort": sort, "cursor": _cursor(raw)}, headers=admin_headers)
    body = problem(r, 422, "validation_error")
    assert body["errors"][0]["loc"] == ["query", "cursor"]
    assert client.get(f"{API}{path}", params={"sort": sort}, headers=admin_headers).status_code == 200


def test_a_sorted_cursor_with_an_empty_key_pages_on_among_the_empty(
    client: TestClient, build: Builders, admin_headers: Headers, session_factory: Any
) -> None:
    """A cursor whose key is null (the page ended among undecided awards) goes on past its id, nulls only."""
    with session_factory() as s:
        for when in (None, None, None, date(2016, 1, 1)):
            s.add(
                Award(
                    id=new_id(),
                    unit_id=build.unit()["id"],
                    title_code="tap_the_lao_dong_tien_tien",
                    year=2016,
                    decision_date=when,
                    status="decided" if when else "proposed",
                )
            )
        s.commit()
    ids = _walk_ids(client, f"{API}/awards", admin_headers, sort="decision_date")
    rows = client.get(f"{API}/awards", params={"limit": 500}, headers=admin_headers).json()["items"]
    assert ids == _sorted_ids(rows, "decision_date", False)
    nulls = sorted(r["id"] for r in rows if r["decision_date"] is None)
    after_first_null = _cursor({"sort": "decision_date", "key": None, "id": nulls[0]})
    r = client.get(
        f"{API}/awards", params={"sort": "decision_date", "cursor": after_first_null}, headers=admin_headers
    )
    assert [a["id"] for a in r.json()["items"]] == nulls[1:]


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/units", {"sort": "-code"}),
        ("/units", {"q": "c"}),
        ("/awards", {}),
        ("/audit-events", {}),
        ("/titles", {}),
        ("/users", {"sort": "username"}),
    ],
)
def test_the_total_costs_one_count_statement(
    client: TestClient,
    app: FastAPI,
    build: Builders,
    admin_headers: Headers,
    path: str,
    params: dict[str, str],
) -> None:
    for i in range(3):
        build.unit(code=f"C{i}")
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    def run(**more: Any) -> list[str]:
        statements.clear()
        event.listen(app.state.engine, "before_cursor_execute", record)
        try:
            r = client.get(f"{API}{path}", params={"limit": 2, **params, **more}, headers=admin_headers)
        finally:
            event.remove(app.state.engine, "before_cursor_execute", record)
        assert r.status_code == 200, r.text
        return list(statements)

    run()  # a first read may do one-off work (the audit trail seals what has committed before reading)
    plain, counted = run(), run(include_total=True)
    extra = [s for s in counted if s not in plain]
    assert len(counted) == len(plain) + 1
    assert len(extra) == 1 and "count(" in extra[0].lower()
