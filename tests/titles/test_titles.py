"""The titles catalogue through HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.models import Title
from tests.support.db import audit_events
from tests.support.problems import problem, read_and_patch_are_404

URL = "/api/v1/titles"
Headers = dict[str, str]

SEEDED_ORDER = [
    "chien_si_thi_dua_toan_quoc",  # government, by code
    "co_thi_dua_chinh_phu",
    "bang_khen_bo_truong",  # ministry, by code (retired: a form of commendation, not a title)
    "chien_si_thi_dua_cap_bo",
    "co_thi_dua_bo",
    "tap_the_lao_dong_xuat_sac",
    "chien_si_thi_dua_co_so",  # unit, by code
    "lao_dong_tien_tien",
    "tap_the_lao_dong_tien_tien",
]
READ_KEYS = {
    "code",
    "name",
    "level",
    "target",
    "requires",
    "requires_titles",
    "quota",
    "retired",
    "created_at",
    "updated_at",
}


@pytest.fixture
def secretariat(headers_for: Callable[..., Headers]) -> Headers:
    return headers_for("secretariat")


@pytest.fixture
def create(client: TestClient, secretariat: Headers) -> Callable[..., dict[str, Any]]:
    def _create(code: str | None = None, **fields: Any) -> dict[str, Any]:
        body = {"code": code or f"t_{uuid.uuid4().hex[:10]}", "name": "Danh hiệu thử", "level": "ministry"}
        r = client.post(URL, json={**body, **fields}, headers=secretariat)
        assert r.status_code == 201, r.text
        return r.json()

    return _create


def codes(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return [t["code"] for t in response.json()["items"]]


# ---- the seeded catalogue --------------------------------------------------------------------------------


def test_seeded_catalogue_has_the_contract_titles(client: TestClient, secretariat: Headers) -> None:
    r = client.get(URL, headers=secretariat)
    assert r.status_code == 200, r.text
    assert r.json()["next_cursor"] is None
    assert "Link" not in r.headers
    by_code = {t["code"]: t for t in r.json()["items"]}
    assert [t["code"] for t in r.json()["items"]] == SEEDED_ORDER
    for code in (
        "co_thi_dua_chinh_phu",
        "co_thi_dua_bo",
        "tap_the_lao_dong_xuat_sac",
        "tap_the_lao_dong_tien_tien",
        "bang_khen_bo_truong",
    ):
        assert set(by_code[code]) == READ_KEYS
        assert by_code[code]["quota"] is None
        assert by_code[code]["target"] == "collective"
    flag = by_code["co_thi_dua_chinh_phu"]
    # What the Government flag needs is each legal regime's own rule (app.law), not a fixed list.
    assert (flag["name"], flag["level"], flag["requires"]) == ("Cờ thi đua của Chính phủ", "government", [])
    assert (by_code["co_thi_dua_bo"]["name"], by_code["co_thi_dua_bo"]["requires"]) == (
        "Cờ thi đua của Bộ",
        [],
    )
    assert by_code["lao_dong_tien_tien"]["target"] == "individual"


def test_read_one_with_etag(client: TestClient, secretariat: Headers) -> None:
    r = client.get(f"{URL}/co_thi_dua_bo", headers=secretariat)
    assert r.status_code == 200, r.text
    assert r.headers["ETag"] == '"co_thi_dua_bo.1"'
    body = r.json()
    assert {k: body[k] for k in ("code", "name", "level", "target", "requires", "quota", "retired")} == {
        "code": "co_thi_dua_bo",
        "name": "Cờ thi đua của Bộ",
        "level": "ministry",
        "target": "collective",
        "requires": [],
        "quota": None,
        "retired": False,
    }


@pytest.mark.parametrize("role", ["admin", "secretariat", "officer", "observer"])
def test_every_role_may_read(client: TestClient, headers_for: Callable[..., Headers], role: str) -> None:
    headers = headers_for(role)
    assert codes(client.get(URL, headers=headers)) == SEEDED_ORDER
    assert client.get(f"{URL}/co_thi_dua_bo", headers=headers).status_code == 200


@pytest.mark.parametrize("scopes", [["results:read"], ["units:read"], []])
def test_service_clients_may_read(
    client: TestClient, make_client_token: Callable[..., Headers], scopes: list[str]
) -> None:
    headers = make_client_token(scopes)
    assert codes(client.get(URL, headers=headers)) == SEEDED_ORDER
    assert client.get(f"{URL}/co_thi_dua_bo", headers=headers).json()["code"] == "co_thi_dua_bo"


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", URL, None),
        ("GET", f"{URL}/co_thi_dua_bo", None),
        ("POST", URL, {"code": "x", "name": "X", "level": "unit"}),
        ("PATCH", f"{URL}/co_thi_dua_bo", {"name": "X"}),
    ],
)
def test_without_a_token_it_is_401(client: TestClient, method: str, path: str, body: Any) -> None:
    r = client.request(method, path, json=body, headers={"Authorization": "Bearer nope"})
    assert r.status_code == 401
    assert r.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("code", ["khong_co", "CO_THI_DUA_BO", "x" * 65, "a b", "%25"])
def test_unknown_title_is_404(client: TestClient, secretariat: Headers, code: str) -> None:
    read_and_patch_are_404(client, f"{URL}/{code}", secretariat, {"name": "X"})


def test_pagination_follows_link_in_catalogue_order(
    client: TestClient, secretariat: Headers, create: Callable[..., dict[str, Any]]
) -> None:
    create(code="aaa_government", level="government")
    create(code="zzz_unit", level="unit")
    seen: list[str] = []
    url: str | None = f"{URL}?limit=3"
    while url:
        r = client.get(url, headers=secretariat)
        assert r.status_code == 200, r.text
        seen += [t["code"] for t in r.json()["items"]]
        cursor = r.json()["next_cursor"]
        if cursor is None:
            assert "Link" not in r.headers
            url = None
        else:
            link = r.headers["Link"]
            assert link.endswith('>; rel="next"')
            url = link[1 : link.index(">")]
    assert seen == [
        "aaa_government",
        "chien_si_thi_dua_toan_quoc",
        "co_thi_dua_chinh_phu",
        "bang_khen_bo_truong",
        "chien_si_thi_dua_cap_bo",
        "co_thi_dua_bo",
        "tap_the_lao_dong_xuat_sac",
        "chien_si_thi_dua_co_so",
        "lao_dong_tien_tien",
        "tap_the_lao_dong_tien_tien",
        "zzz_unit",
    ]


@pytest.mark.parametrize(
    "params", [{"cursor": "not-a-cursor"}, {"cursor": "WzEsMl0"}, {"limit": 0}, {"limit": 501}]
)
def test_bad_list_parameters_are_422(
    client: TestClient, secretariat: Headers, params: dict[str, Any]
) -> None:
    r = client.get(URL, params=params, headers=secretariat)
    problem(r, 422, "validation_error")


# ---- create --------------------------------------------------------------------------------------------


def test_secretariat_creates_a_title(client: TestClient, secretariat: Headers, session_factory: Any) -> None:
    name = unicodedata.normalize("NFD", "  Cờ thi đua của Khối ")
    body = {
        "code": "co_thi_dua_khoi",
        "name": name,
        "level": "ministry",
        "requires": ["tap_the_lao_dong_xuat_sac"],
        "quota": {"max_share": 0.2, "scope": "bloc"},
    }
    r = client.post(URL, json=body, headers=secretariat)
    assert r.status_code == 201, r.text
    created = r.json()
    assert set(created) == READ_KEYS
    assert {k: created[k] for k in ("code", "name", "level", "target", "requires", "quota")} == {
        "code": "co_thi_dua_khoi",
        "name": "Cờ thi đua của Khối",
        "level": "ministry",
        "target": "collective",
        "requires": ["tap_the_lao_dong_xuat_sac"],
        "quota": {"max_share": 0.2, "scope": "bloc"},
    }
    # the required title named beside its code
    assert created["requires_titles"] == [
        {"code": "tap_the_lao_dong_xuat_sac", "name": "Tập thể lao động xuất sắc"}
    ]
    assert r.headers["ETag"] == '"co_thi_dua_khoi.1"'
    assert r.headers["Location"] == f"http://testserver{URL}/co_thi_dua_khoi"
    got = client.get(f"{URL}/co_thi_dua_khoi", headers=secretariat)
    assert got.json() == created
    [event] = audit_events(session_factory, "title.create")
    assert (event.object_type, event.object_id) == ("title", "co_thi_dua_khoi")
    assert event.details["quota"] == {"max_share": 0.2, "scope": "bloc"}
    assert event.details["requires"] == ["tap_the_lao_dong_xuat_sac"]


@pytest.mark.parametrize(
    "quota",
    [
        None,
        {"max_share": 1, "scope": "ministry"},
        {"max_share": 0.05, "scope": "bloc"},
        {"max_count": 1, "scope": "bloc"},
        {"max_count": 30, "scope": "ministry"},
    ],
)
def test_quota_forms(client: TestClient, secretariat: Headers, quota: dict[str, Any] | None) -> None:
    r = client.post(
        URL, json={"code": "q", "name": "Q", "level": "unit", "quota": quota}, headers=secretariat
    )
    assert r.status_code == 201, r.text
    assert r.json()["quota"] == quota
    assert client.get(f"{URL}/q", headers=secretariat).json()["quota"] == quota


def test_individual_target(client: TestClient, create: Callable[..., dict[str, Any]]) -> None:
    assert create(code="csdt_bo", target="individual")["target"] == "individual"


@pytest.mark.parametrize("role", ["admin", "officer", "observer"])
def test_other_roles_may_not_create(
    client: TestClient, headers_for: Callable[..., Headers], role: str
) -> None:
    r = client.post(URL, json={"code": "x", "name": "X", "level": "unit"}, headers=headers_for(role))
    problem(r, 403, "forbidden")
    assert client.get(f"{URL}/x", headers=headers_for("observer")).status_code == 404


def test_service_client_may_not_create(client: TestClient, make_client_token: Callable[..., Headers]) -> None:
    headers = make_client_token(["units:write", "results:read"])
    assert (
        client.post(URL, json={"code": "x", "name": "X", "level": "unit"}, headers=headers).status_code == 403
    )


@pytest.mark.parametrize("code", ["co_thi_dua_bo", "dup"])
def test_duplicate_code_is_409(
    client: TestClient, secretariat: Headers, create: Callable[..., dict[str, Any]], code: str
) -> None:
    if code == "dup":
        create(code="dup")
    r = client.post(URL, json={"code": code, "name": "Khác", "level": "unit"}, headers=secretariat)
    problem(r, 409, "already_exists")
    assert client.get(f"{URL}/{code}", headers=secretariat).json()["name"] != "Khác"


@pytest.mark.parametrize(
    "fields",
    [
        {"code": ""},
        {"code": "Co_Thi_Dua"},
        {"code": "có_dấu"},
        {"code": "a-b"},
        {"code": "a" * 65},
        {"name": ""},
        {"name": "   "},
        {"name": "x" * 301},
        {"level": "province"},
        {"level": None},
        {"target": "team"},
        {"requires": "co_thi_dua_bo"},
        {"requires": ["co_thi_dua_bo", "co_thi_dua_bo"]},
        {"requires": ["Bad Code"]},
        {"requires": [f"t{i}" for i in range(21)]},
        {"quota": {}},
        {"quota": {"scope": "bloc"}},
        {"quota": {"max_share": 0.2}},
        {"quota": {"max_share": 0, "scope": "bloc"}},
        {"quota": {"max_share": 1.01, "scope": "bloc"}},
        {"quota": {"max_share": -0.1, "scope": "bloc"}},
        {"quota": {"max_share": "0.2", "scope": "bloc"}},
        {"quota": {"max_share": True, "scope": "bloc"}},
        {"quota": {"max_count": 0, "scope": "bloc"}},
        {"quota": {"max_count": 2.5, "scope": "bloc"}},
        {"quota": {"max_count": "3", "scope": "bloc"}},
        {"quota": {"max_count": 3, "scope": "province"}},
        {"quota": {"max_count": 3, "max_share": 0.2, "scope": "bloc"}},
        {"quota": {"max_count": 3, "scope": "bloc", "extra": 1}},
        {"unknown": 1},
    ],
)
def test_invalid_create_bodies_are_422(
    client: TestClient, secretariat: Headers, fields: dict[str, Any]
) -> None:
    body = {"code": "new_title", "name": "Danh hiệu", "level": "unit", **fields}
    r = client.post(URL, json=body, headers=secretariat)
    problem(r, 422, "validation_error")
    assert r.json()["errors"]
    assert codes(client.get(URL, headers=secretariat)) == SEEDED_ORDER


@pytest.mark.parametrize(
    ("requires", "msg"),
    [
        (["khong_co"], "unknown title(s): khong_co"),
        (["co_thi_dua_bo", "khong_co", "nua"], "unknown title(s): khong_co, nua"),
        (["new_title"], "a title cannot require itself"),
    ],
)
def test_create_checks_requires(
    client: TestClient, secretariat: Headers, requires: list[str], msg: str
) -> None:
    r = client.post(
        URL,
        json={"code": "new_title", "name": "X", "level": "unit", "requires": requires},
        headers=secretariat,
    )
    problem(r, 422, "validation_error")
    assert r.json()["errors"] == [{"loc": ["body", "requires"], "msg": msg, "type": "value_error"}]
    assert client.get(f"{URL}/new_title", headers=secretariat).status_code == 404


def test_create_honours_idempotency_key(client: TestClient, secretariat: Headers) -> None:
    headers = {**secretariat, "Idempotency-Key": str(uuid.uuid4())}
    body = {"code": "idem", "name": "X", "level": "unit"}
    first = client.post(URL, json=body, headers=headers)
    again = client.post(URL, json=body, headers=headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    other = client.post(URL, json={**body, "code": "idem2"}, headers=headers)
    problem(other, 422, "idempotency_key_reused")


# ---- update --------------------------------------------------------------------------------------------


def test_secretariat_patches_a_title(client: TestClient, secretariat: Headers, session_factory: Any) -> None:
    etag = client.get(f"{URL}/tap_the_lao_dong_xuat_sac", headers=secretariat).headers["ETag"]
    r = client.patch(
        f"{URL}/tap_the_lao_dong_xuat_sac",
        json={"name": "Tập thể lao động xuất sắc (Bộ KH&CN)", "quota": {"max_count": 5, "scope": "ministry"}},
        headers={**secretariat, "If-Match": etag},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["name"], body["quota"], body["level"], body["requires"]) == (
        "Tập thể lao động xuất sắc (Bộ KH&CN)",
        {"max_count": 5, "scope": "ministry"},
        "ministry",
        [],
    )
    assert r.headers["ETag"] == '"tap_the_lao_dong_xuat_sac.2"'
    assert client.get(f"{URL}/tap_the_lao_dong_xuat_sac", headers=secretariat).json() == body
    [event] = audit_events(session_factory, "title.update")
    assert event.object_id == "tap_the_lao_dong_xuat_sac"
    assert event.details["changes"] == {
        "name": ["Tập thể lao động xuất sắc", "Tập thể lao động xuất sắc (Bộ KH&CN)"],
        "quota": [None, {"max_count": 5, "scope": "ministry"}],
    }

    cleared = client.patch(f"{URL}/tap_the_lao_dong_xuat_sac", json={"quota": None}, headers=secretariat)
    assert (cleared.status_code, cleared.json()["quota"]) == (200, None)
    assert cleared.headers["ETag"] == '"tap_the_lao_dong_xuat_sac.3"'


def test_patch_with_a_stale_etag_is_412(client: TestClient, secretariat: Headers) -> None:
    r = client.patch(
        f"{URL}/co_thi_dua_bo", json={"name": "X"}, headers={**secretariat, "If-Match": '"co_thi_dua_bo.9"'}
    )
    problem(r, 412, "precondition_failed")
    assert client.get(f"{URL}/co_thi_dua_bo", headers=secretariat).json()["name"] == "Cờ thi đua của Bộ"


def test_unchanged_patch_writes_nothing(
    client: TestClient, secretariat: Headers, session_factory: Any
) -> None:
    r = client.patch(
        f"{URL}/co_thi_dua_bo",
        json={"code": "co_thi_dua_bo", "requires": [], "quota": None, "retired": False},
        headers=secretariat,
    )
    assert r.status_code == 200, r.text
    assert r.headers["ETag"] == '"co_thi_dua_bo.1"'
    assert audit_events(session_factory, "title.update") == []


def test_code_is_immutable(client: TestClient, secretariat: Headers) -> None:
    r = client.patch(f"{URL}/co_thi_dua_bo", json={"code": "co_bo"}, headers=secretariat)
    problem(r, 409, "immutable_field")
    assert client.get(f"{URL}/co_bo", headers=secretariat).status_code == 404


def require_ministry_flag_for_government_flag(client: TestClient, secretariat: Headers) -> None:
    """The secretariat may still list same-year titles itself (the law no longer seeds this one)."""
    r = client.patch(f"{URL}/co_thi_dua_chinh_phu", json={"requires": ["co_thi_dua_bo"]}, headers=secretariat)
    assert r.status_code == 200, r.text


@pytest.mark.parametrize(
    ("code", "requires", "msg"),
    [
        (
            "co_thi_dua_bo",
            ["co_thi_dua_chinh_phu"],
            "would create a cycle: co_thi_dua_bo → co_thi_dua_chinh_phu → co_thi_dua_bo",
        ),
        ("co_thi_dua_bo", ["co_thi_dua_bo"], "a title cannot require itself"),
        ("co_thi_dua_bo", ["khong_co"], "unknown title(s): khong_co"),
    ],
)
def test_patch_checks_requires(
    client: TestClient, secretariat: Headers, code: str, requires: list[str], msg: str
) -> None:
    require_ministry_flag_for_government_flag(client, secretariat)
    r = client.patch(f"{URL}/{code}", json={"requires": requires}, headers=secretariat)
    assert r.status_code == 422, r.text
    assert r.json()["errors"] == [{"loc": ["body", "requires"], "msg": msg, "type": "value_error"}]
    assert client.get(f"{URL}/{code}", headers=secretariat).json()["requires"] == []


def test_longer_cycles_are_refused(
    client: TestClient, secretariat: Headers, create: Callable[..., dict[str, Any]]
) -> None:
    require_ministry_flag_for_government_flag(client, secretariat)
    create(code="a_title", requires=["co_thi_dua_chinh_phu"])
    r = client.patch(f"{URL}/co_thi_dua_bo", json={"requires": ["a_title"]}, headers=secretariat)
    assert r.status_code == 422
    assert r.json()["errors"][0]["msg"] == (
        "would create a cycle: co_thi_dua_bo → a_title → co_thi_dua_chinh_phu → co_thi_dua_bo"
    )
    ok = client.patch(
        f"{URL}/co_thi_dua_bo", json={"requires": ["tap_the_lao_dong_xuat_sac"]}, headers=secretariat
    )
    assert ok.status_code == 200, ok.text
    assert ok.json()["requires"] == ["tap_the_lao_dong_xuat_sac"]
    assert ok.json()["requires_titles"] == [
        {"code": "tap_the_lao_dong_xuat_sac", "name": "Tập thể lao động xuất sắc"}
    ]


@pytest.mark.parametrize(
    "body",
    [
        {"name": None},
        {"level": None},
        {"target": None},
        {"requires": None},
        {"name": ""},
        {"level": "x"},
        {"quota": {"max_share": 2, "scope": "bloc"}},
        {"requires": ["co_thi_dua_bo", "co_thi_dua_bo"]},
        {"other": 1},
    ],
)
def test_invalid_patch_bodies_are_422(client: TestClient, secretariat: Headers, body: dict[str, Any]) -> None:
    r = client.patch(f"{URL}/tap_the_lao_dong_xuat_sac", json=body, headers=secretariat)
    problem(r, 422, "validation_error")
    assert client.get(f"{URL}/tap_the_lao_dong_xuat_sac", headers=secretariat).headers["ETag"] == (
        '"tap_the_lao_dong_xuat_sac.1"'
    )


@pytest.mark.parametrize("role", ["admin", "officer", "observer"])
def test_other_roles_may_not_patch(
    client: TestClient, headers_for: Callable[..., Headers], session_factory: Any, role: str
) -> None:
    r = client.patch(f"{URL}/co_thi_dua_bo", json={"name": "X"}, headers=headers_for(role))
    assert r.status_code == 403
    with session_factory() as s:
        assert s.get(Title, "co_thi_dua_bo").name == "Cờ thi đua của Bộ"
