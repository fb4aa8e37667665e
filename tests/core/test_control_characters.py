"""Control characters in people's text, on SQLite and PostgreSQL.

Input: every free-text field refuses control characters (422 ``validation_error`` naming the field and the
character; nothing stored); multi-line text keeps its tabs and line breaks. Output: text stored before the
rule (written here straight into the database) still exports: the workbooks and Word documents open, with
the forbidden characters replaced (``app.core.text.xml_safe``).
"""

from __future__ import annotations

import json
import re
import types
import typing
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

import docx
import httpx
import pytest
from openpyxl import Workbook, load_workbook
from pydantic import BaseModel, BeforeValidator
from sqlalchemy import update

from app.core.policy import api_routes
from app.core.text import (
    MULTI_LINE_PATTERN,
    SINGLE_LINE_PATTERN,
    PlainText,
    clean_text,
    control_character_problem,
    xml_safe,
)
from app.main import create_app
from app.models import (
    Award,
    Bloc,
    Campaign,
    Criterion,
    Report,
    SessionCandidate,
    Unit,
    VotingSession,
)
from app.models.base import new_id
from app.voting.tally import Rules, tally
from tests.support.builders import BlocYear, Builders, Headers, sign_pledge
from tests.support.documents import DOCX, XLSX, data_tables, reading_order
from tests.support.settings import make_settings

API = "/api/v1"
ROOT = Path(__file__).resolve().parents[2]
# What XML 1.0 forbids (and so openpyxl and python-docx refuse): C0 controls but TAB, LF, CR; U+FFFE/U+FFFF.
XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# ---- the rule itself (no database) ----------------------------------------------------------------------


def test_single_line_text_refuses_every_control_character() -> None:
    for ch in [*map(chr, range(0x20)), "\x7f", *map(chr, range(0x80, 0xA0)), "\ufffe", "\uffff", "\ud800"]:
        assert control_character_problem(f"Báo cáo{ch}năm") is not None, hex(ord(ch))
    for text in ("Báo cáo năm 2016", "Vụ KH&CN – “Đổi mới”", "😀 ½ \u00a0", ""):
        assert control_character_problem(text) is None, text


INVISIBLE = [
    *map(
        chr, range(0x200B, 0x2010)
    ),  # zero-width space, non-joiner, joiner; left-to-right, right-to-left marks
    *map(chr, range(0x202A, 0x202F)),  # embeddings and overrides
    *map(chr, range(0x2060, 0x2065)),  # word joiner, invisible operators
    *map(chr, range(0x2066, 0x206A)),  # isolates
    "\ufeff",  # zero-width no-break space
]


@pytest.mark.parametrize("multiline", [False, True])
def test_invisible_and_text_direction_characters_are_refused(multiline: bool) -> None:
    for ch in INVISIBLE:
        assert control_character_problem(f"Vụ Tài{ch} chính", multiline=multiline) == (
            f"must not contain invisible or text-direction characters (found U+{ord(ch):04X} at character 7)"
        ), hex(ord(ch))


def test_multi_line_text_keeps_tabs_and_line_breaks_only() -> None:
    assert control_character_problem("Dòng một\n\tDòng hai\r\nDòng ba", multiline=True) is None
    for ch in ["\x00", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\ufffe"]:
        assert control_character_problem(f"Dòng một\n{ch}", multiline=True) is not None, hex(ord(ch))


def test_the_problem_names_the_character_and_where_it_is() -> None:
    assert control_character_problem("Báo cáo\x0bnăm") == (
        "must not contain line breaks, tabs or other control characters (found U+000B at character 8)"
    )
    assert control_character_problem("a\nb\x00", multiline=True) == (
        "must not contain control characters other than line breaks and tabs (found U+0000 at character 4)"
    )


@pytest.mark.parametrize(("pattern", "multiline"), [(SINGLE_LINE_PATTERN, False), (MULTI_LINE_PATTERN, True)])
def test_the_published_pattern_is_the_rule(pattern: str, multiline: bool) -> None:
    """Clients validate with the OpenAPI ``pattern``: it refuses exactly what the server refuses (every
    character of the Basic Multilingual Plane but the surrogates, which JSON cannot carry alone)."""
    compiled = re.compile(pattern)
    for code in (*range(0xD800), *range(0xE000, 0x10000)):
        ch = chr(code)
        text = f"a{ch}b"
        assert (compiled.match(text) is not None) == (
            control_character_problem(text, multiline=multiline) is None
        ), hex(code)


def test_xml_safe_replaces_only_what_xml_forbids() -> None:
    assert xml_safe("Báo cáo\x0bnăm") == "Báo cáo năm"  # white-space controls: a space
    assert xml_safe("245\x00/QĐ\x08-BKHCN") == "245\ufffd/QĐ\ufffd-BKHCN"  # others: U+FFFD, never dropped
    assert xml_safe("a\x0c\x1c\x1d\x1e\x1fb") == "a     b"
    assert xml_safe("x\ufffe\uffff\ud800y") == "x\ufffd\ufffd\ufffdy"
    kept = "Dòng một\n\tDòng hai\r\nVụ KH&CN 😀 \x7f\x85 \ufffd"
    assert xml_safe(kept) == kept
    for code in range(0x10000):
        assert not XML_ILLEGAL.search(xml_safe(chr(code))), hex(code)


def test_every_free_text_field_of_every_request_body_publishes_the_rule() -> None:
    """A guard for fields added later: a request-body string longer than an identifier (64 characters) is
    free text and must carry a ``pattern`` (the control-character rule, or a stricter one). The token
    endpoint's form fields are compared, never stored."""
    spec = json.loads((ROOT / "openapi.json").read_text(encoding="utf-8"))
    components = spec["components"]["schemas"]
    unpatterned: list[str] = []
    seen: set[str] = set()

    def walk(schema: dict[str, Any], where: str) -> None:
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            if name not in seen:
                seen.add(name)
                walk(components[name], name)
            return
        for key in ("anyOf", "oneOf", "allOf"):
            subs = schema.get(key, [])
            decimal = any(sub.get("type") == "number" for sub in subs)  # a number, or the same as text
            for sub in subs:
                if not (decimal and sub.get("type") == "string"):
                    walk(sub, where)
        for name, sub in schema.get("properties", {}).items():
            walk(sub, f"{where}.{name}")
        for key in ("items", "additionalProperties", "propertyNames"):
            if isinstance(schema.get(key), dict):
                walk(schema[key], f"{where}[{key}]")
        free_text = schema.get("type") == "string" and schema.get("maxLength", 10**9) > 64
        if free_text and not {"pattern", "enum", "format"} & schema.keys():
            unpatterned.append(where)

    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if path == "/api/v1/auth/token":
                continue
            for media, content in operation.get("requestBody", {}).get("content", {}).items():
                if media == "application/json":
                    walk(content["schema"], f"{method.upper()} {path}")
    assert unpatterned == [
        "RefreshRequest.refresh_token",  # a token, compared with what is stored, never stored itself
    ]
    # The ones that matter most, spelled out.
    section = components["Section"]["properties"]
    assert section["heading"]["pattern"] == SINGLE_LINE_PATTERN
    assert section["body"]["pattern"] == MULTI_LINE_PATTERN


# ---- input through HTTP --------------------------------------------------------------------------------


class World(BlocYear):
    """One bloc in 2016 (units A leads, B deputises, C, D) with its campaign and the criteria of
    ``tests.support.builders``; the secretariat; the leader's and C's officers; an admin."""

    def __init__(self, build: Builders) -> None:
        super().__init__(build, criteria=True)
        self.session_id = ""  # the ballot session of ``stored``
        self.award_id = ""

    @property
    def officer_c(self) -> Headers:
        return self.officer(self.c)

    def call(self, method: str, url: str, body: Any = None, headers: Headers | None = None) -> httpx.Response:
        return self.client.request(method, API + url, json=body, headers=headers or self.secretariat)

    def get(self, url: str, headers: Headers | None = None) -> Any:
        """The status and the body, without what differs from one request to the next."""
        r = self.call("GET", url, headers=headers)
        body = r.json()
        if isinstance(body, dict):
            body.pop("request_id", None)
        return r.status_code, body

    def sheet(self, unit: str, tail: str = "") -> str:
        return f"/campaigns/{self.cid}/units/{unit}/scores/self{tail}"

    def submitted_sheet(self) -> str:
        url = self.sheet(self.c)
        entries = [{"criterion": "1.1", "points": 9}, {"criterion": "1.2", "points": 18}]
        assert self.call("PUT", url, {"entries": entries}).status_code == 200
        assert self.call("POST", url + "/submit").status_code == 200
        return url

    def open_pledge(self) -> None:
        body = {"title": "Giao ước thi đua năm 2016", "commitments": [{"text": "Hoàn thành nhiệm vụ."}]}
        assert self.call("PUT", f"/campaigns/{self.cid}/pledge", body).status_code == 200
        assert self.call("POST", f"/campaigns/{self.cid}/pledge/open").status_code == 200

    def award(self) -> str:
        self.award_id = new_id()
        with self.session_factory() as s:
            s.add(
                Award(
                    id=self.award_id, unit_id=self.a, title_code="co_thi_dua_bo", year=2016, status="proposed"
                )
            )
            s.commit()
        return self.award_id

    def post_report(self, **over: Any) -> httpx.Response:
        """Unit C's officer sends the report ``report(**over)``."""
        return self.call("POST", f"/campaigns/{self.cid}/reports", self.report(**over), self.officer_c)

    def report(self, **over: Any) -> dict[str, Any]:
        body: dict[str, Any] = {
            "unit_id": self.c,
            "kind": "annual",
            "title": "Báo cáo công tác thi đua năm 2016",
            "sections": [{"heading": "I. Kết quả", "body": "Hoàn thành nhiệm vụ."}],
        }
        return {**body, **over}


@pytest.fixture
def world(build: Builders) -> World:
    return World(build)


def criteria_xlsx(title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["code", "parent_code", "title", "max_points", "kind", "required"])
    sheet.append(["1", None, title, 10, "standard", None])
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class Case:
    """A request with a control character in one field: ``send`` makes it, ``state`` reads what it would
    have changed (the same before and after), ``loc`` is the field the problem must name."""

    loc: list[Any]
    send: Callable[[World], httpx.Response]
    state: Callable[[World], Any]
    prepare: Callable[[World], Any] = lambda w: None
    names_the_character: bool = True  # False where a stricter pattern (ASCII names) refuses it first


def _units(w: World) -> Any:
    return w.get("/units?code=VPC")


def _campaign(w: World) -> Any:
    return w.get(f"/campaigns/{w.cid}")


def _pledge(w: World) -> Any:
    return w.get(f"/campaigns/{w.cid}/pledge")


def _reports(w: World) -> Any:
    return w.get(f"/campaigns/{w.cid}/reports?all_versions=true")


def _criteria(w: World) -> Any:
    return w.get(f"/campaigns/{w.cid}/criteria")


def _sheet(w: World) -> Any:
    return w.get(w.sheet(w.c))


def _sessions(w: World) -> Any:
    return w.get(f"/voting-sessions?campaign_id={w.cid}")


def _awards(w: World) -> Any:
    return w.get("/awards?year=2016")


def _put_csv(w: World, data: bytes, media: str) -> httpx.Response:
    return w.client.put(
        f"{API}/campaigns/{w.cid}/criteria", content=data, headers={**w.secretariat, "Content-Type": media}
    )


def _session_body(w: World, name: str) -> dict[str, Any]:
    return {
        "campaign_id": w.cid,
        "title_code": "co_thi_dua_bo",
        "name": name,
        "seats": 1,
        "candidate_ids": [w.a, w.b],
        "electorate_user_ids": [new_id()],
    }


CASES: dict[str, Case] = {
    "unit name (vertical tab)": Case(
        ["body", "name"],
        lambda w: w.call("POST", "/units", {"code": "VPC", "name": "Vụ\x0bPháp chế"}),
        _units,
    ),
    "unit name (tab)": Case(
        ["body", "name"], lambda w: w.call("POST", "/units", {"code": "VPC", "name": "Vụ\tPháp chế"}), _units
    ),
    "unit short name (DEL)": Case(
        ["body", "short_name"],
        lambda w: w.call("POST", "/units", {"code": "VPC", "name": "Vụ Pháp chế", "short_name": "VPC\x7fx"}),
        _units,
    ),
    "unit upsert name (C1)": Case(
        ["body", "name"], lambda w: w.call("PUT", "/units/by-code/VPC", {"name": "Vụ\x85Pháp chế"}), _units
    ),
    "bloc name": Case(
        ["body", "name"],
        lambda w: w.call("POST", "/blocs", {"code": "K2", "name": "Khối\x0bhai"}),
        lambda w: w.get("/blocs"),
    ),
    "bloc description (NUL)": Case(
        ["body", "description"],
        lambda w: w.call("POST", "/blocs", {"code": "K2", "name": "Khối hai", "description": "a\x00b"}),
        lambda w: w.get("/blocs"),
    ),
    "campaign title": Case(
        ["body", "title"],
        lambda w: w.call(
            "POST", "/campaigns", {"bloc_id": w.bloc["id"], "year": 2017, "title": "Năm\x0b2017"}
        ),
        lambda w: w.get(f"/campaigns?bloc_id={w.bloc['id']}"),
    ),
    "campaign theme (line break)": Case(
        ["body", "theme"],
        lambda w: w.call("PATCH", f"/campaigns/{w.cid}", {"theme": "Đoàn kết\nsáng tạo"}),
        _campaign,
    ),
    "registration target": Case(
        ["body", "targets", 0],
        lambda w: w.call(
            "POST",
            f"/campaigns/{w.cid}/registrations",
            {"unit_id": w.a, "title_code": "co_thi_dua_bo", "targets": ["Hoàn thành\x1b100%"]},
        ),
        lambda w: w.get(f"/campaigns/{w.cid}/registrations"),
    ),
    "pledge title": Case(
        ["body", "title"],
        lambda w: w.call(
            "PUT", f"/campaigns/{w.cid}/pledge", {"title": "Giao\x0bước", "commitments": [{"text": "Một."}]}
        ),
        _pledge,
    ),
    "pledge commitment": Case(
        ["body", "commitments", 0, "text"],
        lambda w: w.call(
            "PUT", f"/campaigns/{w.cid}/pledge", {"title": "Giao ước", "commitments": [{"text": "Một\x0c."}]}
        ),
        _pledge,
    ),
    "signatory name": Case(
        ["body", "signatory_name"],
        lambda w: w.call(
            "POST",
            f"/campaigns/{w.cid}/pledge/signatures",
            {"unit_id": w.a, "signatory_name": "Nguyễn\x0bVăn An", "signatory_position": "Vụ trưởng"},
        ),
        _pledge,
        World.open_pledge,
    ),
    "signatory position": Case(
        ["body", "signatory_position"],
        lambda w: w.call(
            "POST",
            f"/campaigns/{w.cid}/pledge/signatures",
            {"unit_id": w.a, "signatory_name": "Nguyễn Văn An", "signatory_position": "Vụ\x01trưởng"},
        ),
        _pledge,
        World.open_pledge,
    ),
    "report title": Case(
        ["body", "title"],
        lambda w: w.post_report(title="Báo cáo\x0bnăm"),
        _reports,
    ),
    "report heading": Case(
        ["body", "sections", 0, "heading"],
        lambda w: w.post_report(sections=[{"heading": "I.\x0bKết quả", "body": ""}]),
        _reports,
    ),
    "report body (form feed)": Case(
        ["body", "sections", 0, "body"],
        lambda w: w.post_report(sections=[{"heading": "I. Kết quả", "body": "Trang một\x0cTrang hai"}]),
        _reports,
    ),
    "report body (U+FFFE)": Case(
        ["body", "sections", 0, "body"],
        lambda w: w.post_report(sections=[{"heading": "I. Kết quả", "body": "Hoàn thành\ufffe"}]),
        _reports,
    ),
    "report metric name": Case(
        ["body", "metrics", "so\x0bvan_ban", "[key]"],
        lambda w: w.post_report(metrics={"so\x0bvan_ban": 1}),
        _reports,
        names_the_character=False,
    ),
    "criteria title (JSON)": Case(
        ["body", "criteria", 0, "title"],
        lambda w: w.call(
            "PUT",
            f"/campaigns/{w.cid}/criteria",
            {"criteria": [{"code": "1", "title": "Tiêu\x0bchí", "max_points": 10, "kind": "standard"}]},
        ),
        _criteria,
    ),
    "criteria title (CSV row)": Case(
        ["body", "row", 2, "title"],
        lambda w: _put_csv(
            w,
            "code,parent_code,title,max_points,kind,required\r\n1,,Tiêu\x0bchí,10,standard,\r\n".encode(),
            "text/csv",
        ),
        _criteria,
    ),
    "criteria title (XLSX row, C1)": Case(
        ["body", "row", 2, "title"], lambda w: _put_csv(w, criteria_xlsx("Tiêu\x85chí"), XLSX), _criteria
    ),
    "score note": Case(
        ["body", "entries", 0, "note"],
        lambda w: w.call(
            "PUT", w.sheet(w.c), {"entries": [{"criterion": "1.1", "points": 9, "note": "Minh\x0bchứng"}]}
        ),
        _sheet,
    ),
    "bulk score note": Case(
        ["body", "sheets", 0, "entries", 0, "note"],
        lambda w: w.call(
            "POST",
            f"/campaigns/{w.cid}/scores/bulk",
            {
                "stage": "self",
                "sheets": [{"unit_id": w.c, "entries": [{"criterion": "1.1", "points": 9, "note": "x\x07"}]}],
            },
        ),
        _sheet,
    ),
    "return reason": Case(
        ["body", "reason"],
        lambda w: w.call("POST", w.sheet(w.c, "/return"), {"reason": "Thiếu\x0bminh chứng"}),
        _sheet,
        World.submitted_sheet,
    ),
    "ballot session name": Case(
        ["body", "name"],
        lambda w: w.call("POST", "/voting-sessions", _session_body(w, "Bỏ phiếu\x0bnăm 2016")),
        _sessions,
    ),
    "award decision number": Case(
        ["body", "decision_number"],
        lambda w: w.call(
            "POST",
            f"/awards/{w.award_id}/decide",
            {"decision_number": "245\x0b/QĐ-BKHCN", "decision_date": "2017-02-10"},
        ),
        _awards,
        World.award,
    ),
    "award revocation reason": Case(
        ["body", "reason"],
        lambda w: w.call("POST", f"/awards/{w.award_id}/revoke", {"reason": "Vi phạm\x0bquy định"}),
        _awards,
        World.award,
    ),
    "title name": Case(
        ["body", "name"],
        lambda w: w.call("POST", "/titles", {"code": "giay_khen_x", "name": "Giấy\x0bkhen", "level": "unit"}),
        lambda w: w.get("/titles"),
    ),
    "service client name": Case(
        ["body", "name"],
        lambda w: w.call(
            "POST", "/service-clients", {"name": "Hệ\x0bthống", "scopes": ["units:read"]}, w.admin
        ),
        lambda w: w.get("/service-clients", w.admin),
    ),
    "user full name": Case(
        ["body", "full_name"],
        lambda w: w.call(
            "POST",
            "/users",
            {
                "username": "nva",
                "password": "mat-khau-dai-1",
                "full_name": "Nguyễn\x0bVăn A",
                "roles": ["observer"],
            },
            w.admin,
        ),
        lambda w: w.get("/users?limit=500", w.admin),
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_control_characters_are_refused_and_nothing_is_stored(world: World, case: Case) -> None:
    case.prepare(world)
    before = case.state(world)
    r = case.send(world)
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["code"] == "validation_error"
    (error,) = [e for e in body["errors"] if e["loc"] == case.loc]
    if case.names_the_character:
        assert "control characters" in error["msg"] and "found U+" in error["msg"], error
    assert case.state(world) == before


def test_the_problem_is_clear_in_both_languages(world: World) -> None:
    body = {"code": "VPC", "name": "Vụ\x0bPháp chế"}
    r = world.client.post(f"{API}/units", json=body, headers={**world.secretariat, "Accept-Language": "vi"})
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"
    problem = r.json()
    assert problem["code"] == "validation_error"
    assert problem["errors"] == [
        {
            "loc": ["body", "name"],
            "msg": "Value error, must not contain line breaks, tabs or other control characters "
            "(found U+000B at character 3)",
            "type": "value_error",
        }
    ]
    assert "Vụ" not in json.dumps(problem, ensure_ascii=False)  # the input is never echoed


@pytest.mark.parametrize("ch", ["\u202e", "\u200b", "\ufeff"])
def test_a_name_with_an_invisible_or_direction_character_is_refused(world: World, ch: str) -> None:
    for url, body in (
        (f"{API}/units", {"code": "VPC", "name": f"Vụ{ch}Pháp chế"}),
        (
            f"{API}/people",
            {"code": "CB-1", "full_name": f"Nguyễn{ch} Văn An", "gender": "male", "unit_id": world.c},
        ),
    ):
        r = world.client.post(url, json=body, headers=world.secretariat)
        assert r.status_code == 422, r.text
        (error,) = r.json()["errors"]
        assert "invisible or text-direction characters" in error["msg"], error
    assert (
        world.client.get(f"{API}/units", params={"code": "VPC"}, headers=world.secretariat).json()["items"]
        == []
    )


MULTI = "Dòng một\n\tDòng hai\r\nDòng ba"


def test_multi_line_text_keeps_its_tabs_and_line_breaks(world: World) -> None:
    w = world
    # A criterion's title, a cell of the scoring table, may break lines (sent before a sheet locks it)
    items = [
        {"code": "1.1", "title": "Hoàn thành\nkế hoạch", "max_points": 10, "kind": "standard"},
        {"code": "1.2", "title": "Chất lượng\ttham mưu", "max_points": 20, "kind": "standard"},
    ]
    tree = {"criteria": [{"code": "1", "title": "Nhiệm vụ", "children": items}]}
    assert w.call("PUT", f"/campaigns/{w.cid}/criteria", tree).status_code == 200
    stored_items = _criteria(w)[1]["criteria"][0]["children"]
    assert [item["title"] for item in stored_items] == ["Hoàn thành\nkế hoạch", "Chất lượng\ttham mưu"]
    # A report's sections
    sections = [{"heading": "I. Kết quả", "body": MULTI}]
    r = w.post_report(sections=sections)
    assert r.status_code == 201, r.text
    assert w.get(f"/reports/{r.json()['id']}", w.officer_c)[1]["sections"] == sections
    # The pledge's preamble and commitments
    pledge = {"title": "Giao ước thi đua năm 2016", "preamble": MULTI, "commitments": [{"text": MULTI}]}
    assert w.call("PUT", f"/campaigns/{w.cid}/pledge", pledge).status_code == 200
    stored = _pledge(w)[1]
    assert (stored["preamble"], stored["commitments"]) == (MULTI, [{"text": MULTI}])
    # A registration's targets
    registration = {"unit_id": w.a, "title_code": "co_thi_dua_bo", "targets": [MULTI]}
    r = w.call("POST", f"/campaigns/{w.cid}/registrations", registration)
    assert (r.status_code, r.json()["targets"]) == (201, [MULTI]), r.text
    # A score note, and the reason a sheet is returned
    url = w.submitted_sheet()
    assert w.call("POST", url + "/return", {"reason": MULTI}).status_code == 200
    entries = [{"criterion": "1.1", "points": 9, "note": MULTI}]
    assert w.call("PUT", url, {"entries": entries}).status_code == 200
    sheet = _sheet(w)[1]
    assert (sheet["return_reason"], sheet["entries"][0]["note"]) == (MULTI, MULTI)
    # An award's revocation reason
    r = w.call("POST", f"/awards/{w.award()}/revoke", {"reason": MULTI})
    assert (r.status_code, r.json()["revoked_reason"]) == (200, MULTI), r.text


# ---- output: text stored before the rule ---------------------------------------------------------------

# (stored, as the exports show it): white-space controls become a space, others U+FFFD.
UNIT = ("Vụ\x0bPháp chế\x01", "Vụ Pháp chế\ufffd")
BLOC = ("Khối thi đua\x0ccơ quan Bộ", "Khối thi đua cơ quan Bộ")
TITLE = ("Phong trào thi đua\x1fnăm 2016", "Phong trào thi đua năm 2016")
THEME = ("Đoàn kết\x02sáng tạo\ufffe", "Đoàn kết\ufffdsáng tạo\ufffd")
PLEDGE = ("Giao ước\x0bthi đua", "Giao ước thi đua")
SIGNATORY = ("Nguyễn\x0bVăn An", "Nguyễn Văn An")
POSITION = ("Vụ\x1etrưởng", "Vụ trưởng")
REPORT = ("Báo cáo\x0bnăm", "Báo cáo năm")
SESSION = ("Bỏ phiếu\x0bCờ thi đua", "Bỏ phiếu Cờ thi đua")
DECISION = ("245\x08/QĐ-BKHCN", "245\ufffd/QĐ-BKHCN")
REVOKED = ("Vi phạm\x0bquy định", "Vi phạm quy định")
COMMITMENT = "Hoàn thành\x0bnhiệm vụ"
CRITERION = ("Hoàn thành\x0bkế hoạch", "Hoàn thành kế hoạch")


@pytest.fixture
def stored(world: World) -> World:
    """The world with control characters written straight into the database, as older data may hold."""
    w = world
    with w.session_factory() as s:
        s.execute(update(Unit).where(Unit.id == w.c).values(name=UNIT[0]))
        s.execute(update(Bloc).where(Bloc.id == w.bloc["id"]).values(name=BLOC[0]))
        s.execute(update(Campaign).where(Campaign.id == w.cid).values(title=TITLE[0], theme=THEME[0]))
        sign_pledge(
            s,
            w.cid,
            [w.c],
            title=PLEDGE[0],
            commitments=[{"text": COMMITMENT}],
            signatory=(SIGNATORY[0], POSITION[0]),
        )
        s.add(
            Report(
                id=new_id(),
                campaign_id=w.cid,
                unit_id=w.c,
                kind="annual",
                version=1,
                title=REPORT[0],
                sections=[{"heading": "I", "body": "x"}],
                metrics={},
                submitted_at=datetime(2016, 12, 20, 3, 0, tzinfo=UTC),
                submitted_by="user:x",
            )
        )
        result = tally([w.a, w.c], 4, [[w.c], [w.c], [w.c], [w.a]], Rules(seats=1))
        vs = VotingSession(
            id=new_id(),
            campaign_id=w.cid,
            title_code="co_thi_dua_bo",
            name=SESSION[0],
            seats=1,
            max_choices=1,
            status="published",
            closed_at=datetime(2016, 12, 29, 3, 0, tzinfo=UTC),
            published_at=datetime(2016, 12, 29, 4, 0, tzinfo=UTC),
            result=result.as_dict(),
        )
        s.add(vs)
        s.flush()
        for i, unit_id in enumerate((w.a, w.c)):
            s.add(SessionCandidate(session_id=vs.id, unit_id=unit_id, position=i))
        s.add_all(
            [
                Award(
                    id=new_id(),
                    unit_id=w.c,
                    title_code="co_thi_dua_bo",
                    year=2016,
                    status="decided",
                    campaign_id=w.cid,
                    source_session_id=vs.id,
                    decision_number=DECISION[0],
                    decision_date=date(2017, 2, 10),
                ),
                Award(
                    id=new_id(),
                    unit_id=w.d,
                    title_code="bang_khen_bo_truong",
                    year=2016,
                    status="revoked",
                    revoked_reason=REVOKED[0],
                ),
            ]
        )
        s.commit()
        s.execute(
            update(Criterion)
            .where(Criterion.campaign_id == w.cid, Criterion.code == "1.1")
            .values(title=CRITERION[0])
        )
        s.commit()
        w.session_id = vs.id
    return w


def download(w: World, url: str, media: str) -> bytes:
    r = w.client.get(API + url, headers=w.secretariat)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(media)
    return r.content


def workbook_texts(content: bytes) -> dict[str, list[list[Any]]]:
    workbook = load_workbook(BytesIO(content))
    return {ws.title: [list(row) for row in ws.iter_rows(values_only=True)] for ws in workbook.worksheets}


def document_texts(content: bytes) -> list[str]:
    document = docx.Document(BytesIO(content))
    texts = [p.text for p in reading_order(document)]  # the letterhead and signatures' lines included
    for table in data_tables(document):
        texts.extend(cell.text for row in table.rows for cell in row.cells)
    return texts


def assert_clean(texts: list[str]) -> None:
    for text in texts:
        assert not XML_ILLEGAL.search(text), text


def test_json_gives_the_stored_text_back_as_it_is(stored: World) -> None:
    """JSON carries any character: reading back what was stored before the rule never fails."""
    status, pledge = stored.get(f"/campaigns/{stored.cid}/pledge")
    assert (status, pledge["title"], pledge["commitments"]) == (200, PLEDGE[0], [{"text": COMMITMENT}])
    assert pledge["signatures"][0]["signatory_name"] == SIGNATORY[0]
    status, summary = stored.get(f"/campaigns/{stored.cid}/summary")
    assert (status, summary["campaign"]["title"], summary["bloc"]["name"]) == (200, TITLE[0], BLOC[0])


def test_the_summary_workbook_opens_with_the_text_readable(stored: World) -> None:
    sheets = workbook_texts(download(stored, f"/campaigns/{stored.cid}/summary?format=xlsx", XLSX))
    texts = [v for rows in sheets.values() for row in rows for v in row if isinstance(v, str)]
    assert_clean(texts)
    campaign = {row[0]: row[1] for row in sheets["Phong trào"][1:]}
    assert campaign["Khối thi đua"] == BLOC[1]
    assert campaign["Phong trào thi đua"] == TITLE[1]
    assert campaign["Chủ đề"] == THEME[1]
    assert campaign["Giao ước thi đua"] == PLEDGE[1]
    members = {row[1]: row[2] for row in sheets["Thành viên"][1:]}
    assert UNIT[1] in members.values()
    (signature,) = [row for row in sheets["Giao ước"][1:] if row[3] == "Đã ký"]
    assert (signature[2], signature[4], signature[5]) == (UNIT[1], SIGNATORY[1], POSITION[1])
    (report,) = [row for row in sheets["Báo cáo"][1:] if row[8]]
    assert (report[2], report[7]) == (UNIT[1], REPORT[1])
    assert {row[0] for row in sheets["Bỏ phiếu"][1:]} == {SESSION[1]}
    assert UNIT[1] in [row[9] for row in sheets["Bỏ phiếu"][1:]]
    awards = {row[2]: (row[6], row[8]) for row in sheets["Khen thưởng"][1:]}
    assert awards[UNIT[1]] == (DECISION[1], None)
    assert REVOKED[1] in {reason for _number, reason in awards.values()}


def test_the_summary_report_opens_with_the_text_readable(stored: World) -> None:
    texts = document_texts(download(stored, f"/campaigns/{stored.cid}/summary?format=docx", DOCX))
    assert_clean(texts)
    assert BLOC[1].upper() in texts
    assert TITLE[1] in texts
    assert f"Chủ đề: “{THEME[1]}”" in texts
    assert f"Giao ước: {PLEDGE[1]} (đang mở ký)" in texts
    assert {UNIT[1], SIGNATORY[1], POSITION[1], DECISION[1]} <= set(texts)
    assert f"1. {SESSION[1]}" in texts
    assert f"Đơn vị trúng cử: {UNIT[1]}" in texts
    assert any(text.endswith(f"đã bị thu hồi: {REVOKED[1]}") for text in texts)


def test_the_ranking_workbook_opens_with_the_text_readable(stored: World) -> None:
    content = download(stored, f"/campaigns/{stored.cid}/ranking?format=xlsx", XLSX)
    header, *rows = workbook_texts(content)["Xếp hạng"]
    names = {row[header.index("unit_id")]: row[header.index("unit_name")] for row in rows}
    assert names[stored.c] == UNIT[1]


def test_csv_exports_keep_the_text_as_stored(stored: World) -> None:
    """CSV is plain text, which may carry any character: other systems get exactly what is stored."""
    ranking = download(stored, f"/campaigns/{stored.cid}/ranking?format=csv", "text/csv").decode("utf-8-sig")
    assert UNIT[0] in ranking
    criteria = download(stored, f"/campaigns/{stored.cid}/criteria?format=csv", "text/csv").decode(
        "utf-8-sig"
    )
    assert CRITERION[0] in criteria


def test_the_criteria_workbook_opens_with_the_text_readable(stored: World) -> None:
    content = download(stored, f"/campaigns/{stored.cid}/criteria?format=xlsx", XLSX)
    titles = {row[0]: row[2] for row in workbook_texts(content)["Tiêu chí"][1:]}
    assert titles["1.1"] == CRITERION[1]
    assert titles["1"] == "Thực hiện nhiệm vụ chuyên môn"


def test_the_counting_minutes_open_with_the_text_readable(stored: World) -> None:
    texts = document_texts(download(stored, f"/voting-sessions/{stored.session_id}/minutes", DOCX))
    assert_clean(texts)
    assert BLOC[1].upper() in texts
    assert SESSION[1] in texts
    assert UNIT[1] in texts  # the candidates' table
    assert f"1. {UNIT[1]}" in texts  # the elected
    assert any(BLOC[1] in text and "tổ chức bỏ phiếu kín" in text for text in texts)


# ---- NFC: what is stored is composed, whatever the client sent ---------------------------------------


def _free_text_fields() -> list[tuple[str, bool]]:
    """Every string of every request body (route by route, recursively) that carries the control-character
    rule, and whether it is cleaned (NFC, trimmed) before it."""
    found: dict[str, bool] = {}
    seen: set[type] = set()

    def walk(tp: Any, where: str, metadata: tuple[Any, ...] = ()) -> None:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            inner, *more = typing.get_args(tp)
            walk(inner, where, (*metadata, *more))
        elif origin in (typing.Union, types.UnionType, list, dict, tuple, set, frozenset):
            for arg in typing.get_args(tp):
                walk(arg, where, metadata if origin in (typing.Union, types.UnionType) else ())
        elif isinstance(tp, type) and issubclass(tp, BaseModel) and tp not in seen:
            seen.add(tp)
            for name, field in tp.model_fields.items():
                walk(field.annotation, f"{tp.__name__}.{name}", tuple(field.metadata))
        elif tp is str and any(isinstance(m, PlainText) for m in metadata):
            found[where] = any(isinstance(m, BeforeValidator) and m.func is clean_text for m in metadata)

    app = create_app(make_settings("sqlite:///nfc-collection-only.db"))
    for _, route in api_routes(app):
        if route.body_field is not None:
            walk(route.body_field.field_info.annotation, route.path)
    return sorted(found.items())


def test_every_free_text_field_is_stored_nfc() -> None:
    """A guard for fields added later: text that people type (it carries the control-character rule) is
    NFC-normalised and trimmed before its limits and its rule are checked. Passwords are the exception:
    they are compared, never shown, and a password is the characters its owner chose."""
    fields = _free_text_fields()
    assert len(fields) > 40
    assert [name for name, cleaned in fields if not cleaned] == ["UserCreate.password", "UserUpdate.password"]


NFD_NAME = unicodedata.normalize("NFD", "Vụ Khoa học Xã hội")
NFD_TEXT = unicodedata.normalize("NFD", "Hoàn thành xuất sắc nhiệm vụ\nĐạt 100% kế hoạch")


def test_names_and_free_text_are_stored_nfc(world: World) -> None:
    """Decomposed text (as macOS and some Vietnamese keyboards send it) is stored composed: a search, a
    uniqueness check or an export sees one spelling of each name."""
    w = world
    assert unicodedata.normalize("NFC", NFD_NAME) != NFD_NAME
    nfc_name, nfc_text = unicodedata.normalize("NFC", NFD_NAME), unicodedata.normalize("NFC", NFD_TEXT)
    r = w.call("POST", "/units", {"code": "VKHXH", "name": f"  {NFD_NAME} ", "short_name": NFD_NAME})
    assert r.status_code == 201, r.text
    assert (r.json()["name"], r.json()["short_name"]) == (nfc_name, nfc_name)
    assert w.get("/units?code=VKHXH")[1]["items"][0]["name"] == nfc_name
    assert w.get("/units?q=vu khoa hoc xa hoi")[1]["items"][0]["code"] == "VKHXH"
    r = w.post_report(title=NFD_NAME, sections=[{"heading": NFD_NAME, "body": NFD_TEXT}])
    assert r.status_code == 201, r.text
    stored = w.get(f"/reports/{r.json()['id']}", w.officer_c)[1]
    assert (stored["title"], stored["sections"]) == (nfc_name, [{"heading": nfc_name, "body": nfc_text}])
    pledge = {"title": NFD_NAME, "preamble": NFD_TEXT, "commitments": [{"text": NFD_TEXT}]}
    assert w.call("PUT", f"/campaigns/{w.cid}/pledge", pledge).status_code == 200
    stored = _pledge(w)[1]
    assert (stored["title"], stored["preamble"], stored["commitments"]) == (
        nfc_name,
        nfc_text,
        [{"text": nfc_text}],
    )
    person = {"code": "CB-NFC", "full_name": NFD_NAME, "gender": "female", "unit_id": w.c}
    r = w.call("POST", "/people", person)
    assert (r.status_code, r.json()["full_name"]) == (201, nfc_name), r.text


def test_imported_text_is_stored_nfc(world: World) -> None:
    """The criteria and people imports compose what their cells hold, as the JSON bodies do."""
    w = world
    nfc_name = unicodedata.normalize("NFC", NFD_NAME)
    csv = f"code,parent_code,title,max_points,kind,required\r\n1,,{NFD_NAME},10,standard,\r\n".encode()
    assert _put_csv(w, csv, "text/csv").status_code == 200
    assert _criteria(w)[1]["criteria"][0]["title"] == nfc_name
    people = f"code,full_name,gender,birth_date,position\r\nCB-NFC,{NFD_NAME},male,,{NFD_NAME}\r\n".encode()
    r = w.client.put(
        f"{API}/units/{w.c}/people", content=people, headers={**w.secretariat, "Content-Type": "text/csv"}
    )
    assert r.status_code == 200, r.text
    listed = w.get(f"/units/{w.c}/people")[1]["items"]
    assert [(p["full_name"], p["position"]) for p in listed] == [(nfc_name, nfc_name)]
