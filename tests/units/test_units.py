"""Units through HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import time
import unicodedata
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.core.audit import SYSTEM
from app.core.audit_sealer import seal_pending
from app.core.errors import Conflict
from app.models import AuditEvent, Unit
from app.units import service as units_service
from tests.support.db import in_thread
from tests.support.problems import ODD_IDS, problem, read_and_patch_are_404

URL = "/api/v1/units"
Headers = dict[str, str]

ARTICLE_UNITS = [
    ("VP", "Văn phòng Bộ KH&CN", "VP Bộ", "office"),
    ("KHXHTN", "Vụ Khoa học Xã hội và Tự nhiên", None, "department"),
    ("KHCNKTKT", "Vụ KH&CN các ngành Kinh tế – Kỹ thuật", None, "department"),
    ("DTG", "Vụ Đánh giá, Thẩm định và Giám định công nghệ", "Vụ ĐTG", "department"),
    ("TTRA", "Thanh tra Bộ KH&CN", None, "inspectorate"),
    ("DDT", "Văn phòng Đảng – Đoàn thể", None, "office"),
    ("CCTPN", "Cục Công tác phía Nam", None, "agency"),
]


def new_code() -> str:
    return f"T{uuid.uuid4().hex[:10].upper()}"


@pytest.fixture
def admin(headers_for: Callable[..., Headers]) -> Headers:
    return headers_for("admin")


@pytest.fixture
def create(client: TestClient, admin: Headers) -> Callable[..., dict[str, Any]]:
    def _create(code: str | None = None, name: str = "Vụ Thử nghiệm", **extra: Any) -> dict[str, Any]:
        r = client.post(URL, json={"code": code or new_code(), "name": name, **extra}, headers=admin)
        assert r.status_code == 201, r.text
        return r.json()

    return _create


@pytest.fixture
def article_units(create: Callable[..., dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {
        code: create(code=code, name=name, short_name=short, kind=kind)
        for code, name, short, kind in ARTICLE_UNITS
    }


def codes(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return [u["code"] for u in response.json()["items"]]


# ---- create ----------------------------------------------------------------------------------------------


def test_admin_creates_a_unit_stored_nfc(client: TestClient, admin: Headers) -> None:
    decomposed = unicodedata.normalize("NFD", "Vụ Đánh giá, Thẩm định và Giám định công nghệ")
    r = client.post(
        URL,
        json={"code": "DTG", "name": f"  {decomposed} ", "short_name": "ĐTG", "kind": "department"},
        headers=admin,
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert set(body) == {"id", "code", "name", "short_name", "kind", "active", "created_at", "updated_at"}
    assert body["name"] == unicodedata.normalize("NFC", "Vụ Đánh giá, Thẩm định và Giám định công nghệ")
    assert (body["code"], body["short_name"], body["kind"], body["active"]) == (
        "DTG",
        "ĐTG",
        "department",
        True,
    )
    assert body["created_at"] == body["updated_at"]
    assert datetime.fromisoformat(body["created_at"]).utcoffset() == timedelta(0)
    assert r.headers["ETag"] == f'"{body["id"]}.1"'
    assert r.headers["Location"] == f"http://testserver{URL}/{body['id']}"

    got = client.get(f"{URL}/{body['id']}", headers=admin)
    assert got.status_code == 200
    assert got.json() == body
    assert got.headers["ETag"] == r.headers["ETag"]


def test_create_defaults(client: TestClient, admin: Headers) -> None:
    r = client.post(URL, json={"code": "a.b_c-1", "name": "Cục Công tác phía Nam"}, headers=admin)
    assert r.status_code == 201, r.text
    assert (r.json()["short_name"], r.json()["kind"], r.json()["active"]) == (None, "other", True)


@pytest.mark.parametrize("role", ["admin", "secretariat"])
def test_admin_and_secretariat_may_create(
    client: TestClient, headers_for: Callable[..., Headers], role: str
) -> None:
    r = client.post(URL, json={"code": new_code(), "name": "Vụ Pháp chế"}, headers=headers_for(role))
    assert r.status_code == 201, r.text


@pytest.mark.parametrize("role", ["officer", "observer"])
def test_other_roles_may_not_create(
    client: TestClient, headers_for: Callable[..., Headers], role: str
) -> None:
    code = new_code()
    r = client.post(URL, json={"code": code, "name": "Vụ Pháp chế"}, headers=headers_for(role))
    problem(r, 403, "forbidden")
    assert r.headers["content-type"] == "application/problem+json"
    assert codes(client.get(URL, params={"code": code}, headers=headers_for("admin"))) == []


@pytest.mark.parametrize("scopes", [["units:write"], ["units:read", "units:write", "results:read"]])
def test_service_clients_may_not_create(
    client: TestClient, make_client_token: Callable[..., Headers], scopes: list[str]
) -> None:
    r = client.post(URL, json={"code": new_code(), "name": "Vụ Pháp chế"}, headers=make_client_token(scopes))
    assert r.status_code == 403


def test_duplicate_code_is_409_already_exists(
    client: TestClient, admin: Headers, create: Callable[..., dict[str, Any]]
) -> None:
    first = create(code="VP", name="Văn phòng Bộ")
    r = client.post(URL, json={"code": "VP", "name": "Văn phòng khác"}, headers=admin)
    problem(r, 409, "already_exists")
    assert r.json()["status"] == 409
    vi = client.post(URL, json={"code": "VP", "name": "X"}, headers={**admin, "Accept-Language": "vi"})
    assert (vi.status_code, vi.json()["title"]) == (409, "Đã tồn tại")
    assert codes(client.get(URL, params={"code": "VP"}, headers=admin)) == ["VP"]
    assert client.get(f"{URL}/{first['id']}", headers=admin).json()["name"] == "Văn phòng Bộ"


@pytest.mark.parametrize(
    "body",
    [
        {"name": "Thiếu mã"},
        {"code": "VP"},
        {"code": "", "name": "X"},
        {"code": "có dấu", "name": "X"},
        {"code": "A/B", "name": "X"},
        {"code": "A" * 65, "name": "X"},
        {"code": "VP", "name": ""},
        {"code": "VP", "name": "   "},
        {"code": "VP", "name": "x" * 301},
        {"code": "VP", "name": "X", "short_name": "x" * 101},
        {"code": "VP", "name": "X", "kind": "ministry"},
        {"code": "VP", "name": "X", "active": False},
        {"code": "VP", "name": "X", "unknown": 1},
        {"code": 12, "name": "X"},
    ],
)
def test_invalid_create_bodies_are_422(client: TestClient, admin: Headers, body: dict[str, Any]) -> None:
    r = client.post(URL, json=body, headers=admin)
    problem(r, 422, "validation_error")
    assert r.json()["errors"]
    assert codes(client.get(URL, headers=admin)) == []


def test_length_limits_count_nfc_characters(client: TestClient, admin: Headers) -> None:
    # 300 "ệ" are 900 code points when decomposed, 300 in NFC: the limit is on what is stored.
    name = unicodedata.normalize("NFD", "ệ" * 300)
    r = client.post(URL, json={"code": "LONG", "name": name, "short_name": "ệ" * 100}, headers=admin)
    assert r.status_code == 201, r.text
    assert r.json()["name"] == "ệ" * 300


def test_create_honours_idempotency_key(client: TestClient, admin: Headers) -> None:
    headers = {**admin, "Idempotency-Key": str(uuid.uuid4())}
    body = {"code": "IDEM", "name": "Vụ Tài chính"}
    first = client.post(URL, json=body, headers=headers)
    again = client.post(URL, json=body, headers=headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers.get("Idempotent-Replayed") == "true"
    other = client.post(URL, json={"code": "IDEM2", "name": "Vụ Tài chính"}, headers=headers)
    problem(other, 422, "idempotency_key_reused")
    assert codes(client.get(URL, headers=admin)) == ["IDEM"]


# ---- read ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "secretariat", "officer", "observer"])
def test_every_role_may_read(
    client: TestClient, headers_for: Callable[..., Headers], create: Callable[..., dict[str, Any]], role: str
) -> None:
    unit = create(code="VP", name="Văn phòng Bộ")
    headers = headers_for(role)
    assert client.get(f"{URL}/{unit['id']}", headers=headers).json() == unit
    assert "VP" in codes(client.get(URL, headers=headers))


@pytest.mark.parametrize(
    ("scopes", "status"),
    [
        (["units:read"], 200),
        (["units:write"], 200),
        (["results:read", "reports:write"], 403),
        ([], 403),
    ],
)
def test_service_clients_read_with_a_units_scope(
    client: TestClient,
    make_client_token: Callable[..., Headers],
    create: Callable[..., dict[str, Any]],
    scopes: list[str],
    status: int,
) -> None:
    unit = create(code="VP", name="Văn phòng Bộ")
    headers = make_client_token(scopes)
    one = client.get(f"{URL}/{unit['id']}", headers=headers)
    many = client.get(URL, headers=headers)
    assert (one.status_code, many.status_code) == (status, status)
    if status == 200:
        assert one.json() == unit
        assert [u["id"] for u in many.json()["items"]] == [unit["id"]]


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", URL, None),
        ("POST", URL, {"code": "VP", "name": "X"}),
        ("GET", f"{URL}/{uuid.uuid4()}", None),
        ("PATCH", f"{URL}/{uuid.uuid4()}", {"name": "X"}),
        ("PUT", f"{URL}/by-code/VP", {"name": "X"}),
    ],
)
@pytest.mark.parametrize("auth", [None, "Bearer not-a-token", "Basic dXNlcjpwYXNz"])
def test_without_a_valid_token_it_is_401(
    client: TestClient, method: str, path: str, body: dict[str, Any] | None, auth: str | None
) -> None:
    headers = {"Authorization": auth} if auth else {}
    r = client.request(method, path, json=body, headers=headers)
    assert r.status_code == 401, r.text
    assert r.headers["WWW-Authenticate"] == "Bearer"
    assert r.json()["code"] == "not_authenticated"


@pytest.mark.parametrize("unit_id", [*ODD_IDS, "%25"])
def test_unknown_or_malformed_id_is_404(client: TestClient, admin: Headers, unit_id: str) -> None:
    read_and_patch_are_404(client, f"{URL}/{unit_id}", admin, {"name": "X"})


# ---- search and filters ----------------------------------------------------------------------------------


@pytest.mark.usefixtures("article_units")
@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("vu khoa hoc", ["KHXHTN"]),
        ("Vụ Khoa học", ["KHXHTN"]),
        ("VU KHOA HOC XA HOI", ["KHXHTN"]),
        ("danh gia", ["DTG"]),
        ("Đánh giá", ["DTG"]),
        ("ĐÁNH GIÁ", ["DTG"]),
        ("dtg", ["DTG"]),  # the short name "Vụ ĐTG" and the code
        ("dang", ["DDT"]),
        ("đoàn thể", ["DDT"]),
        ("van phong", ["VP", "DDT"]),
        ("  van   phong  ", ["VP", "DDT"]),
        ("kh&cn", ["VP", "KHCNKTKT", "TTRA"]),
        ("vp bo", ["VP"]),  # the short name
        ("cctpn", ["CCTPN"]),  # the code
        ("phia nam", ["CCTPN"]),
        ("kinh te – ky thuat", ["KHCNKTKT"]),
        ("khoa hoc vu", ["KHXHTN"]),  # every word must match, in any order
        ("\u00d0anh gia", ["DTG"]),  # Ð (U+00D0), sometimes typed for Đ
        ("khoa hoc xyz", []),
        ("%", []),
        ("_", []),
        ("\\", []),
        ("khong co", []),
        ("", ["VP", "KHXHTN", "KHCNKTKT", "DTG", "TTRA", "DDT", "CCTPN"]),
    ],
)
def test_search_ignores_case_and_diacritics(
    client: TestClient, admin: Headers, q: str, expected: list[str]
) -> None:
    assert codes(client.get(URL, params={"q": q}, headers=admin)) == expected


def test_search_finds_decomposed_input(client: TestClient, admin: Headers, article_units: Any) -> None:
    q = unicodedata.normalize("NFD", "Giám định")
    assert codes(client.get(URL, params={"q": q}, headers=admin)) == ["DTG"]


def test_search_sees_renames(client: TestClient, admin: Headers, article_units: dict[str, Any]) -> None:
    unit = article_units["TTRA"]
    r = client.patch(
        f"{URL}/{unit['id']}", json={"name": "Thanh tra Bộ Khoa học và Công nghệ"}, headers=admin
    )
    assert r.status_code == 200, r.text
    assert codes(client.get(URL, params={"q": "khoa hoc va cong nghe"}, headers=admin)) == ["TTRA"]
    assert "TTRA" not in codes(client.get(URL, params={"q": "kh&cn"}, headers=admin))


def test_filter_by_code_and_active(client: TestClient, admin: Headers, article_units: dict[str, Any]) -> None:
    assert codes(client.get(URL, params={"code": "DTG"}, headers=admin)) == ["DTG"]
    assert codes(client.get(URL, params={"code": "dtg"}, headers=admin)) == []
    r = client.patch(f"{URL}/{article_units['VP']['id']}", json={"active": False}, headers=admin)
    assert r.status_code == 200
    assert codes(client.get(URL, params={"active": "false"}, headers=admin)) == ["VP"]
    assert codes(client.get(URL, params={"active": "true", "q": "van phong"}, headers=admin)) == ["DDT"]
    assert codes(client.get(URL, params={"active": "false", "code": "DDT"}, headers=admin)) == []


def test_filter_by_updated_since(client: TestClient, admin: Headers, article_units: dict[str, Any]) -> None:
    r = client.patch(f"{URL}/{article_units['TTRA']['id']}", json={"kind": "other"}, headers=admin)
    changed_at = r.json()["updated_at"]
    assert codes(client.get(URL, params={"updated_since": changed_at}, headers=admin)) == ["TTRA"]
    at = datetime.fromisoformat(changed_at)
    plus7 = at.astimezone(timezone(timedelta(hours=7))).isoformat()
    assert codes(client.get(URL, params={"updated_since": plus7}, headers=admin)) == ["TTRA"]
    naive_utc = at.replace(tzinfo=None).isoformat()
    assert codes(client.get(URL, params={"updated_since": naive_utc}, headers=admin)) == ["TTRA"]
    later = (at + timedelta(seconds=1)).isoformat()
    assert codes(client.get(URL, params={"updated_since": later}, headers=admin)) == []
    earlier = (at - timedelta(days=1)).isoformat()
    assert len(codes(client.get(URL, params={"updated_since": earlier}, headers=admin))) == len(ARTICLE_UNITS)
    for bad in ("yesterday", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"):
        assert client.get(URL, params={"updated_since": bad}, headers=admin).status_code == 422, bad
    assert len(codes(client.get(URL, params={"updated_since": "0001-01-01T00:00:00"}, headers=admin))) == 7


def test_pagination_follows_link_until_the_end(
    client: TestClient, admin: Headers, create: Callable[..., dict[str, Any]]
) -> None:
    created = [create(code=f"P{i:02d}", name=f"Vụ số {i}")["id"] for i in range(11)]
    seen: list[str] = []
    url: str | None = f"{URL}?limit=3"
    pages = 0
    while url:
        r = client.get(url, headers=admin)
        assert r.status_code == 200, r.text
        body = r.json()
        seen += [u["id"] for u in body["items"]]
        pages += 1
        if body["next_cursor"] is None:
            assert "Link" not in r.headers
            url = None
        else:
            assert len(body["items"]) == 3
            link = r.headers["Link"]
            assert link.endswith('>; rel="next"') and f"cursor={body['next_cursor']}" in link
            url = link[1 : link.index(">")]
    assert pages == 4
    assert seen == created  # creation order, no duplicates, no gaps


def test_pagination_keeps_the_filters(
    client: TestClient, admin: Headers, create: Callable[..., dict[str, Any]]
) -> None:
    wanted = [create(code=f"A{i}", name=f"Vụ Đánh giá {i}")["id"] for i in range(5)]
    create(code="B1", name="Vụ Khác")
    first = client.get(URL, params={"q": "danh gia", "limit": 2}, headers=admin)
    ids = [u["id"] for u in first.json()["items"]]
    cursor = first.json()["next_cursor"]
    while cursor:
        page = client.get(URL, params={"q": "danh gia", "limit": 2, "cursor": cursor}, headers=admin).json()
        ids += [u["id"] for u in page["items"]]
        cursor = page["next_cursor"]
    assert ids == wanted


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 0},
        {"limit": 501},
        {"limit": "x"},
        {"cursor": "not-a-cursor"},
        {"active": "maybe"},
        {"q": "x" * 301},
    ],
)
def test_bad_list_parameters_are_422(client: TestClient, admin: Headers, params: dict[str, Any]) -> None:
    r = client.get(URL, params=params, headers=admin)
    problem(r, 422, "validation_error")


def test_limit_500_is_allowed(client: TestClient, admin: Headers) -> None:
    assert client.get(URL, params={"limit": 500}, headers=admin).status_code == 200


# ---- patch -----------------------------------------------------------------------------------------------


def test_patch_changes_only_the_fields_sent(
    client: TestClient, admin: Headers, create: Callable[..., dict[str, Any]]
) -> None:
    unit = create(code="VP", name="Văn phòng", short_name="VP", kind="office")
    r = client.patch(
        f"{URL}/{unit['id']}", json={"name": unicodedata.normalize("NFD", "Văn phòng Bộ")}, headers=admin
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body == {**unit, "name": "Văn phòng Bộ", "updated_at": body["updated_at"]}
    assert datetime.fromisoformat(body["updated_at"]) > datetime.fromisoformat(unit["updated_at"])
    assert r.headers["ETag"] == f'"{unit["id"]}.2"'
    cleared = client.patch(f"{URL}/{unit['id']}", json={"short_name": None, "active": False}, headers=admin)
    assert (cleared.json()["short_name"], cleared.json()["active"]) == (None, False)
    assert cleared.headers["ETag"] == f'"{unit["id"]}.3"'


def test_patch_that_changes_nothing_keeps_the_version(
    client: TestClient, admin: Headers, create: Callable[..., dict[str, Any]]
) -> None:
    unit = create(code="VP", name="Văn phòng")
    for body in ({}, {"name": "Văn phòng"}, {"code": "VP"}):
        r = client.patch(f"{URL}/{unit['id']}", json=body, headers=admin)
        assert r.status_code == 200, r.text
        assert r.json() == unit
        assert r.headers["ETag"] == f'"{unit["id"]}.1"'


def test_patch_if_match(client: TestClient, admin: Headers, create: Callable[..., dict[str, Any]]) -> None:
    unit = create(code="VP", name="Văn phòng")
    url = f"{URL}/{unit['id']}"
    etag = client.get(url, headers=admin).headers["ETag"]
    ok = client.patch(url, json={"name": "Văn phòng Bộ"}, headers={**admin, "If-Match": etag})
    assert ok.status_code == 200, ok.text
    new_etag = ok.headers["ETag"]
    assert new_etag != etag

    stale = client.patch(url, json={"name": "Lỗi thời"}, headers={**admin, "If-Match": etag})
    problem(stale, 412, "precondition_failed")
    assert client.get(url, headers=admin).json()["name"] == "Văn phòng Bộ"

    for if_match in (f"{etag}, {new_etag}", "*"):
        r = client.patch(url, json={"kind": "office"}, headers={**admin, "If-Match": if_match})
        assert r.status_code == 200, (if_match, r.text)


def test_code_is_immutable(client: TestClient, admin: Headers, create: Callable[..., dict[str, Any]]) -> None:
    unit = create(code="VP", name="Văn phòng")
    r = client.patch(f"{URL}/{unit['id']}", json={"code": "VP2", "name": "Khác"}, headers=admin)
    problem(r, 409, "immutable_field")
    assert client.get(f"{URL}/{unit['id']}", headers=admin).json() == unit


@pytest.mark.parametrize(
    "body",
    [
        {"name": None},
        {"kind": None},
        {"active": None},
        {"code": None},
        {"name": ""},
        {"kind": "x"},
        {"id": "x"},
        {"created_at": "2020-01-01T00:00:00Z"},
    ],
)
def test_invalid_patch_bodies_are_422(
    client: TestClient, admin: Headers, create: Callable[..., dict[str, Any]], body: dict[str, Any]
) -> None:
    unit = create(code="VP", name="Văn phòng")
    r = client.patch(f"{URL}/{unit['id']}", json=body, headers=admin)
    assert r.status_code == 422, r.text
    assert client.get(f"{URL}/{unit['id']}", headers=admin).json() == unit


@pytest.mark.parametrize("role", ["admin", "secretariat"])
def test_admin_and_secretariat_may_patch(
    client: TestClient, headers_for: Callable[..., Headers], create: Callable[..., dict[str, Any]], role: str
) -> None:
    unit = create()
    r = client.patch(f"{URL}/{unit['id']}", json={"kind": "agency"}, headers=headers_for(role))
    assert (r.status_code, r.json()["kind"]) == (200, "agency")


def test_others_may_not_patch(
    client: TestClient,
    headers_for: Callable[..., Headers],
    make_client_token: Callable[..., Headers],
    create: Callable[..., dict[str, Any]],
) -> None:
    unit = create()
    for headers in (
        headers_for("officer", unit_id=unit["id"]),
        headers_for("observer"),
        make_client_token(["units:write", "units:read"]),
    ):
        r = client.patch(f"{URL}/{unit['id']}", json={"kind": "agency"}, headers=headers)
        assert r.status_code == 403, r.text
    assert client.get(f"{URL}/{unit['id']}", headers=headers_for("admin")).json() == unit


# ---- put by code -----------------------------------------------------------------------------------------


def test_put_by_code_creates_then_updates(client: TestClient, admin: Headers) -> None:
    url = f"{URL}/by-code/KHXHTN"
    created = client.put(
        url, json={"name": "Vụ Khoa học Xã hội và Tự nhiên", "kind": "department"}, headers=admin
    )
    assert created.status_code == 201, created.text
    unit = created.json()
    assert (unit["code"], unit["short_name"], unit["kind"], unit["active"]) == (
        "KHXHTN",
        None,
        "department",
        True,
    )
    assert created.headers["ETag"] == f'"{unit["id"]}.1"'
    assert created.headers["Location"] == f"http://testserver{URL}/{unit['id']}"

    same = client.put(
        url, json={"name": "Vụ Khoa học Xã hội và Tự nhiên", "kind": "department"}, headers=admin
    )
    assert same.status_code == 200
    assert same.json() == unit
    assert same.headers["ETag"] == created.headers["ETag"]
    assert "Location" not in same.headers

    # The body is the whole unit: what is left out takes its default.
    changed = client.put(
        url, json={"code": "KHXHTN", "name": "Vụ KHXH&TN", "short_name": "KHXH"}, headers=admin
    )
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert body == {
        **unit,
        "name": "Vụ KHXH&TN",
        "short_name": "KHXH",
        "kind": "other",
        "updated_at": body["updated_at"],
    }
    assert changed.headers["ETag"] == f'"{unit["id"]}.2"'
    assert client.get(f"{URL}/{unit['id']}", headers=admin).json() == body
    assert codes(client.get(URL, params={"code": "KHXHTN"}, headers=admin)) == ["KHXHTN"]


def test_put_by_code_updates_a_unit_created_by_post(
    client: TestClient, admin: Headers, create: Callable[..., dict[str, Any]]
) -> None:
    unit = create(code="VP", name="Văn phòng", kind="office")
    r = client.put(
        f"{URL}/by-code/VP", json={"name": "Văn phòng Bộ", "kind": "office", "active": False}, headers=admin
    )
    assert r.status_code == 200, r.text
    assert r.json() == {**unit, "name": "Văn phòng Bộ", "active": False, "updated_at": r.json()["updated_at"]}


def test_put_by_code_if_match(
    client: TestClient, admin: Headers, create: Callable[..., dict[str, Any]]
) -> None:
    unit = create(code="VP", name="Văn phòng")
    url = f"{URL}/by-code/VP"
    stale = client.put(url, json={"name": "X"}, headers={**admin, "If-Match": f'"{unit["id"]}.7"'})
    assert stale.status_code == 412
    ok = client.put(url, json={"name": "Văn phòng Bộ"}, headers={**admin, "If-Match": f'"{unit["id"]}.1"'})
    assert (ok.status_code, ok.headers["ETag"]) == (200, f'"{unit["id"]}.2"')
    # If-Match names a current representation; a code nobody has yet has none.
    absent = client.put(f"{URL}/by-code/NEW", json={"name": "Mới"}, headers={**admin, "If-Match": "*"})
    assert absent.status_code == 412
    assert codes(client.get(URL, params={"code": "NEW"}, headers=admin)) == []


@pytest.mark.parametrize(
    ("path_code", "body"),
    [
        ("VP", {"code": "OTHER", "name": "X"}),
        ("VP", {}),
        ("VP", {"name": "X", "kind": "nation"}),
        ("VP", {"name": "X", "extra": True}),
        ("có dấu", {"name": "X"}),
        ("A" * 65, {"name": "X"}),
    ],
)
def test_invalid_put_is_422(client: TestClient, admin: Headers, path_code: str, body: dict[str, Any]) -> None:
    r = client.put(f"{URL}/by-code/{path_code}", json=body, headers=admin)
    assert r.status_code == 422, r.text
    assert codes(client.get(URL, headers=admin)) == []


@pytest.mark.parametrize("role", ["admin", "secretariat"])
def test_admin_and_secretariat_may_put(
    client: TestClient, headers_for: Callable[..., Headers], role: str
) -> None:
    assert client.put(f"{URL}/by-code/VP", json={"name": "X"}, headers=headers_for(role)).status_code == 201


def test_service_client_with_units_write_may_put(
    client: TestClient, make_client_token: Callable[..., Headers]
) -> None:
    headers = make_client_token(["units:write"])
    created = client.put(f"{URL}/by-code/VP", json={"name": "Văn phòng"}, headers=headers)
    assert created.status_code == 201, created.text
    updated = client.put(f"{URL}/by-code/VP", json={"name": "Văn phòng Bộ"}, headers=headers)
    assert (updated.status_code, updated.json()["name"]) == (200, "Văn phòng Bộ")


@pytest.mark.parametrize("who", ["officer", "observer", "units:read", "results:read"])
def test_others_may_not_put(
    client: TestClient,
    headers_for: Callable[..., Headers],
    make_client_token: Callable[..., Headers],
    who: str,
) -> None:
    headers = make_client_token([who]) if ":" in who else headers_for(who)
    r = client.put(f"{URL}/by-code/VP", json={"name": "X"}, headers=headers)
    assert r.status_code == 403, r.text
    assert codes(client.get(URL, params={"code": "VP"}, headers=headers_for("admin"))) == []


def test_timestamps_are_utc_with_offset(client: TestClient, create: Callable[..., dict[str, Any]]) -> None:
    unit = create()
    for key in ("created_at", "updated_at"):
        parsed = datetime.fromisoformat(unit[key])
        assert parsed.tzinfo is not None and parsed.utcoffset() == timedelta(0)
        assert abs(parsed - datetime.now(UTC)) < timedelta(minutes=5)


# ---- concurrent writers of one code ----------------------------------------------------------------------


def test_concurrent_puts_of_a_new_code_create_once_then_update(session_factory: Any) -> None:
    def second() -> tuple[str, bool]:
        with session_factory() as s:
            unit, created = units_service.put_by_code(session=s, actor=SYSTEM, code="RACE", name="Thứ hai")
            s.commit()
            return unit.id, created

    with session_factory() as first:
        unit, created = units_service.put_by_code(session=first, actor=SYSTEM, code="RACE", name="Thứ nhất")
        assert created
        thread, outcome = in_thread(second)
        time.sleep(0.5)  # the second writer now waits on the first (row lock or SQLite's write lock)
        first.commit()
        thread.join(timeout=30)
    assert "error" not in outcome, outcome.get("error")
    assert outcome["value"] == (unit.id, False)
    seal_pending(session_factory)
    with session_factory() as s:
        stored = s.scalars(select(Unit).where(Unit.code == "RACE")).one()
        assert (stored.name, stored.version) == ("Thứ hai", 2)
        actions = s.scalars(
            select(AuditEvent.action).where(AuditEvent.object_id == unit.id).order_by(AuditEvent.seq)
        )
        assert list(actions) == ["unit.create", "unit.update"]


def test_concurrent_creates_of_one_code_give_one_unit_and_one_409(
    session_factory: Any, admin: Headers
) -> None:
    def second() -> Any:
        with session_factory() as s:
            return units_service.create(session=s, actor=SYSTEM, code="RACE", name="Thứ hai")

    with session_factory() as first:
        units_service.create(session=first, actor=SYSTEM, code="RACE", name="Thứ nhất")
        thread, outcome = in_thread(second)
        time.sleep(0.5)
        first.commit()
        thread.join(timeout=30)
    assert isinstance(outcome.get("error"), Conflict), outcome
    assert outcome["error"].code == "already_exists"
    with session_factory() as s:
        assert s.scalars(select(Unit.name).where(Unit.code == "RACE")).all() == ["Thứ nhất"]
