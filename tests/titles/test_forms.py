"""The forms of commendation catalogue through HTTP, and what the catalogue's first version got wrong put
right (Bằng khen is a form, not a title; individual titles are not for units), on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.support.builders import BlocYear
from tests.support.db import audit_events
from tests.support.problems import ODD_IDS, problem

URL = "/api/v1/forms"
Headers = dict[str, str]

SEEDED = [
    # state, by code
    "huan_chuong_doc_lap_hang_ba",
    "huan_chuong_doc_lap_hang_nhat",
    "huan_chuong_doc_lap_hang_nhi",
    "huan_chuong_ho_chi_minh",
    "huan_chuong_lao_dong_hang_ba",
    "huan_chuong_lao_dong_hang_nhat",
    "huan_chuong_lao_dong_hang_nhi",
    "huan_chuong_sao_vang",
    "bang_khen_thu_tuong",  # government
    "bang_khen_bo_truong",  # ministry
    "ky_niem_chuong",
    "giay_khen",  # unit
]


@pytest.fixture
def secretariat(headers_for: Callable[..., Headers]) -> Headers:
    return headers_for("secretariat")


def test_the_seeded_forms_by_level_then_code(client: TestClient, headers_for: Callable[..., Headers]) -> None:
    r = client.get(URL, headers=headers_for("observer"))
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    assert [f["code"] for f in items] == SEEDED
    bk = next(f for f in items if f["code"] == "bang_khen_bo_truong")
    assert {k: bk[k] for k in ("name", "level", "subject", "authority", "retired")} == {
        "name": "Bằng khen của Bộ trưởng",
        "level": "ministry",
        "subject": "both",
        "authority": "Bộ trưởng",
        "retired": False,
    }
    assert next(f for f in items if f["code"] == "ky_niem_chuong")["subject"] == "individual"


def test_bang_khen_is_no_longer_a_usable_title(client: TestClient, secretariat: Headers) -> None:
    title = client.get("/api/v1/titles/bang_khen_bo_truong", headers=secretariat).json()
    assert title["retired"] is True
    gov = client.get("/api/v1/titles/co_thi_dua_chinh_phu", headers=secretariat).json()
    assert gov["requires"] == []  # the regime's rules say what it needs, not a fixed list
    for code in ("chien_si_thi_dua_cap_bo", "chien_si_thi_dua_toan_quoc"):
        assert client.get(f"/api/v1/titles/{code}", headers=secretariat).json()["target"] == "individual"


def test_create_read_patch_a_form(client: TestClient, secretariat: Headers, session_factory: Any) -> None:
    body = {
        "code": "huy_chuong_thu",
        "name": "  Huy chương thử ",
        "level": "ministry",
        "subject": "individual",
        "authority": "Bộ trưởng",
    }
    r = client.post(URL, json=body, headers=secretariat)
    assert r.status_code == 201, r.text
    assert r.json()["name"] == "Huy chương thử"
    assert r.headers["Location"].endswith(f"{URL}/huy_chuong_thu")
    assert r.headers["ETag"] == '"huy_chuong_thu.1"'
    problem(client.post(URL, json=body, headers=secretariat), 409, "already_exists")
    r = client.patch(
        f"{URL}/huy_chuong_thu",
        json={"retired": True},
        headers={**secretariat, "If-Match": '"huy_chuong_thu.1"'},
    )
    assert r.status_code == 200, r.text
    assert (r.json()["retired"], r.headers["ETag"]) == (True, '"huy_chuong_thu.2"')
    problem(
        client.patch(f"{URL}/huy_chuong_thu", json={"code": "other"}, headers=secretariat),
        409,
        "immutable_field",
    )
    problem(
        client.patch(
            f"{URL}/huy_chuong_thu",
            json={"name": "x"},
            headers={**secretariat, "If-Match": '"huy_chuong_thu.1"'},
        ),
        412,
    )
    assert [e.action for e in audit_events(session_factory, object_id="huy_chuong_thu")] == [
        "form.create",
        "form.update",
    ]


@pytest.mark.parametrize(
    "body",
    [
        {"code": "Bad Code", "name": "x", "level": "ministry", "subject": "both", "authority": "x"},
        {"code": "f1", "name": "x", "level": "province", "subject": "both", "authority": "x"},
        {"code": "f1", "name": "x", "level": "ministry", "subject": "people", "authority": "x"},
        {"code": "f1", "name": "x", "level": "ministry", "subject": "both"},
        {"code": "f1", "name": "x", "level": "ministry", "subject": "both", "authority": "x", "extra": 1},
    ],
)
def test_invalid_forms_are_422(client: TestClient, secretariat: Headers, body: dict[str, Any]) -> None:
    problem(client.post(URL, json=body, headers=secretariat), 422, "validation_error")


def test_only_the_secretariat_writes_and_unknown_codes_are_404(
    client: TestClient, headers_for: Callable[..., Headers], secretariat: Headers
) -> None:
    body = {"code": "f2", "name": "x", "level": "ministry", "subject": "both", "authority": "x"}
    problem(client.post(URL, json=body, headers=headers_for("observer")), 403)
    problem(client.post(URL, json=body), 401)
    for odd in ODD_IDS:
        problem(client.get(f"{URL}/{odd}", headers=secretariat), 404, "not_found")


def test_a_unit_may_register_only_for_a_collective_title_in_use(bloc_year: BlocYear) -> None:
    client, unit = bloc_year.client, bloc_year.unit_ids[0]
    url = f"/api/v1/campaigns/{bloc_year.campaign['id']}/registrations"
    officer = bloc_year.officer(unit)
    for code, msg in (
        ("lao_dong_tien_tien", "not a collective title"),
        ("chien_si_thi_dua_co_so", "not a collective title"),
        ("bang_khen_bo_truong", "retired title"),
        ("no_such_title", "unknown title"),
    ):
        body = problem(client.post(url, json={"unit_id": unit, "title_code": code}, headers=officer), 422)
        assert body["errors"] == [{"loc": ["body", "title_code"], "msg": msg, "type": "value_error"}], code
    r = client.post(url, json={"unit_id": unit, "title_code": "tap_the_lao_dong_xuat_sac"}, headers=officer)
    assert r.status_code == 201, r.text
