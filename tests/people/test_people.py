"""People through HTTP, on SQLite and PostgreSQL: create, read, search, change, sync by code, and who may."""

from __future__ import annotations

import unicodedata
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.people.world import URL, PeopleWorld
from tests.support.problems import ODD_IDS, expected_errors, problem, read_and_patch_are_404

FIELDS = {
    "id",
    "code",
    "full_name",
    "gender",
    "birth_date",
    "position",
    "unit_id",
    "unit_code",
    "unit_name",
    "active",
    "created_at",
    "updated_at",
}


# ---- create ----------------------------------------------------------------------------------------------


def test_admin_adds_a_person_with_the_first_employment(world: PeopleWorld) -> None:
    name = unicodedata.normalize("NFD", "Nguyễn Văn An")
    r = world.client.post(URL, json=world.body(full_name=f"  {name} "), headers=world.admin)
    assert r.status_code == 201, r.text
    person = r.json()
    assert set(person) == FIELDS
    assert person == {
        "id": person["id"],
        "code": "CB0001",
        "full_name": "Nguyễn Văn An",
        "gender": "male",
        "birth_date": "1980-05-01",
        "position": "Chuyên viên chính",
        "unit_id": world.unit["id"],
        "unit_code": "VP",
        "unit_name": "Văn phòng Bộ",
        "active": True,
        "created_at": person["created_at"],
        "updated_at": person["created_at"],
    }
    assert datetime.fromisoformat(person["created_at"]).utcoffset() == timedelta(0)
    assert r.headers["ETag"] == f'"{person["id"]}.1"'
    assert r.headers["Location"] == f"http://testserver{URL}/{person['id']}"
    got = world.get(person["id"])
    assert (got.status_code, got.json(), got.headers["ETag"]) == (200, person, r.headers["ETag"])
    [employment] = world.employments(person["id"])
    assert employment == {
        "id": employment["id"],
        "unit_id": world.unit["id"],
        "unit_code": "VP",
        "unit_name": "Văn phòng Bộ",
        "position": "Chuyên viên chính",
        "started_on": "2015-01-05",
        "ended_on": None,
    }
    # The audit event says who was added, never the birth date.
    [(action, details)] = world.events(person["id"])
    assert action == "person.create"
    assert details == {
        "code": "CB0001",
        "full_name": "Nguyễn Văn An",
        "gender": "male",
        "position": "Chuyên viên chính",
        "unit_id": world.unit["id"],
        "started_on": "2015-01-05",
        "active": True,
        "source": "api",
    }


def test_defaults(world: PeopleWorld) -> None:
    person = world.create(birth_date=None, position=None, started_on=None, gender="female")
    assert (person["birth_date"], person["position"], person["gender"]) == (None, None, "female")
    [employment] = world.employments(person["id"])
    assert employment["started_on"] == world.today().isoformat()


@pytest.mark.parametrize("who", ["admin", "secretariat", "officer"])
def test_admin_secretariat_and_the_units_officer_may_add(world: PeopleWorld, who: str) -> None:
    person = world.create(world.who(who))
    assert person["unit_id"] == world.unit["id"]


@pytest.mark.parametrize("who", ["stranger", "observer", "reader", "client_without_scope"])
def test_others_may_not_add(world: PeopleWorld, who: str) -> None:
    r = world.client.post(URL, json=world.body(), headers=world.who(who))
    problem(r, 403, "forbidden")
    assert world.codes() == []


def test_duplicate_code_is_409_already_exists(world: PeopleWorld) -> None:
    first = world.create()
    r = world.client.post(URL, json=world.body(full_name="Người khác"), headers=world.admin)
    body = problem(r, 409, "already_exists")
    assert body["errors"] == expected_errors((["body", "code"], "already exists", "already_exists"))
    vi = world.client.post(URL, json=world.body(), headers={**world.admin, "Accept-Language": "vi"})
    assert (vi.json()["title"], vi.json()["detail"]) == ("Đã tồn tại", "Đã có cán bộ với mã 'CB0001'.")
    assert world.get(first["id"]).json() == first


@pytest.mark.parametrize(
    ("fields", "loc"),
    [
        ({"code": None}, ["body", "code"]),
        ({"code": "có dấu"}, ["body", "code"]),
        ({"code": "A/B"}, ["body", "code"]),
        ({"code": "A" * 65}, ["body", "code"]),
        ({"full_name": "  "}, ["body", "full_name"]),
        ({"full_name": "x" * 201}, ["body", "full_name"]),
        ({"full_name": "Nguyễn\nVăn An"}, ["body", "full_name"]),
        ({"gender": "nam"}, ["body", "gender"]),
        ({"gender": None}, ["body", "gender"]),
        ({"birth_date": "1899-12-31"}, ["body", "birth_date"]),
        ({"birth_date": "01/05/1980"}, ["body", "birth_date"]),
        ({"position": "x" * 201}, ["body", "position"]),
        ({"unit_id": None}, ["body", "unit_id"]),
        ({"unit_id": ""}, ["body", "unit_id"]),
        ({"started_on": "1944-12-31"}, ["body", "started_on"]),
        ({"active": False}, ["body", "active"]),
        ({"unit_code": "VP"}, ["body", "unit_code"]),
    ],
)
def test_invalid_bodies_are_422_naming_the_field(
    world: PeopleWorld, fields: dict[str, Any], loc: list[str]
) -> None:
    r = world.client.post(URL, json=world.body(**fields), headers=world.admin)
    body = problem(r, 422, "validation_error")
    assert [e["loc"] for e in body["errors"]] == [loc]
    assert world.codes() == []


def test_a_birth_date_or_start_after_today_is_422(world: PeopleWorld) -> None:
    tomorrow = (world.today() + timedelta(days=1)).isoformat()
    for field in ("birth_date", "started_on"):
        r = world.client.post(URL, json=world.body(**{field: tomorrow}), headers=world.admin)
        body = problem(r, 422, "validation_error")
        assert [e["loc"] for e in body["errors"]] == [["body", field]], field
    assert world.codes() == []


def test_an_unknown_unit_is_422_naming_unit_id(world: PeopleWorld) -> None:
    r = world.client.post(URL, json=world.body(unit_id=str(uuid.uuid4())), headers=world.admin)
    body = problem(r, 422, "validation_error")
    assert body["errors"] == expected_errors((["body", "unit_id"], "no unit has this id", "not_found"))


def test_create_honours_idempotency_key(world: PeopleWorld) -> None:
    headers = {**world.admin, "Idempotency-Key": str(uuid.uuid4())}
    first = world.client.post(URL, json=world.body(), headers=headers)
    again = world.client.post(URL, json=world.body(), headers=headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert (again.headers["ETag"], again.headers.get("Idempotent-Replayed")) == (
        first.headers["ETag"],
        "true",
    )
    other = world.client.post(URL, json=world.body(code="CB0002"), headers=headers)
    problem(other, 422, "idempotency_key_reused")
    assert world.codes() == ["CB0001"]
    assert len(world.events(action="person.create")) == 1


# ---- read ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "sees_birth_date"),
    [("admin", True), ("secretariat", True), ("officer", True), ("observer", False), ("reader", False)],
)
def test_readers_and_what_they_see(world: PeopleWorld, who: str, sees_birth_date: bool) -> None:
    person = world.create()
    shown = person if sees_birth_date else {**person, "birth_date": None}
    one = world.get(person["id"], world.who(who))
    assert (one.status_code, one.json()) == (200, shown)
    listed = world.list(world.who(who))
    assert listed.json() == {"items": [shown], "next_cursor": None, "total": None}


def test_an_officer_of_another_unit_gets_404(world: PeopleWorld) -> None:
    person = world.create()
    for r in (
        world.get(person["id"], world.stranger),
        world.client.get(f"{URL}/{person['id']}/employments", headers=world.stranger),
        world.patch(person["id"], {"position": "X"}, world.stranger),
        world.transfer(person["id"], world.stranger, unit_id=world.other_unit["id"], on="2020-01-01"),
    ):
        problem(r, 404, "not_found")
    assert world.codes(world.stranger) == []
    assert world.codes(world.stranger, unit_id=world.unit["id"]) == []
    assert world.get(person["id"]).json() == person


def test_a_client_without_units_read_is_403(world: PeopleWorld) -> None:
    person = world.create()
    problem(world.get(person["id"], world.client_without_scope), 403, "forbidden")
    problem(world.list(world.client_without_scope), 403, "forbidden")


@pytest.mark.parametrize("person_id", [*ODD_IDS, "%25"])
def test_unknown_or_malformed_id_is_404(world: PeopleWorld, person_id: str) -> None:
    read_and_patch_are_404(world.client, f"{URL}/{person_id}", world.admin, {"position": "X"})


def test_without_a_token_it_is_401(world: PeopleWorld) -> None:
    person = world.create()
    for r in (
        world.client.get(URL),
        world.client.get(f"{URL}/{person['id']}"),
        world.client.post(URL, json={}),
    ):
        assert r.status_code == 401
        assert r.headers["WWW-Authenticate"] == "Bearer"


# ---- search and filters ----------------------------------------------------------------------------------

PEOPLE = [
    ("CB01", "Nguyễn Văn An", "VP"),
    ("CB02", "Đặng Thị Bình", "VP"),
    ("CB03", "Nguyễn Thị Vân", "TTRA"),
    ("CB04", "Trần Đức Dũng", "VP"),
    ("XY-05", "Lê Văn Nguyên", "TTRA"),
]


@pytest.fixture
def people(world: PeopleWorld) -> dict[str, dict[str, Any]]:
    units = {"VP": world.unit["id"], "TTRA": world.other_unit["id"]}
    return {code: world.create(code=code, full_name=name, unit_id=units[unit]) for code, name, unit in PEOPLE}


@pytest.mark.usefixtures("people")
@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("nguyen van", ["CB01", "CB03", "XY-05"]),  # every word, in any order: "Lê Văn Nguyên" too
        ("Nguyễn Văn", ["CB01", "CB03", "XY-05"]),
        ("NGUYEN THI", ["CB03"]),
        ("nguyen van cb01", ["CB01"]),
        ("dang", ["CB02"]),  # Đặng; "Dũng" does not fold to "dang"
        ("Đặng", ["CB02"]),
        ("duc dung", ["CB04"]),
        ("\u00d0ang", ["CB02"]),  # Ð (U+00D0), sometimes typed for Đ
        ("van", ["CB01", "CB03", "XY-05"]),
        ("cb0", ["CB01", "CB02", "CB03", "CB04"]),  # the code
        ("xy-05", ["XY-05"]),
        ("thi binh dang", ["CB02"]),
        ("%", []),
        ("_", []),
        ("khong co", []),
        ("", ["CB01", "CB02", "CB03", "CB04", "XY-05"]),
    ],
)
def test_search_ignores_case_and_diacritics(world: PeopleWorld, q: str, expected: list[str]) -> None:
    assert world.codes(q=q) == expected


def test_search_finds_decomposed_input(world: PeopleWorld, people: Any) -> None:
    assert world.codes(q=unicodedata.normalize("NFD", "Đặng Thị")) == ["CB02"]


def test_search_sees_renames(world: PeopleWorld, people: dict[str, Any]) -> None:
    r = world.patch(people["CB04"]["id"], {"full_name": "Trần Đức Dương"})
    assert r.status_code == 200, r.text
    assert world.codes(q="duc duong") == ["CB04"]
    assert world.codes(q="dung") == []


def test_filters(world: PeopleWorld, people: dict[str, Any]) -> None:
    assert world.codes(code="CB02") == ["CB02"]
    assert world.codes(code="cb02") == []
    assert world.codes(unit_id=world.other_unit["id"]) == ["CB03", "XY-05"]
    assert world.patch(people["CB01"]["id"], {"active": False}).status_code == 200
    assert world.codes(active="false") == ["CB01"]
    assert world.codes(active="true", q="nguyen") == ["CB03", "XY-05"]
    changed_at = world.get(people["CB01"]["id"]).json()["updated_at"]
    assert world.codes(updated_since=changed_at) == ["CB01"]
    later = (datetime.fromisoformat(changed_at) + timedelta(seconds=1)).astimezone(UTC).isoformat()
    assert world.codes(updated_since=later) == []


def test_an_officer_lists_his_own_units_people_only(world: PeopleWorld, people: Any) -> None:
    assert world.codes(world.officer) == ["CB01", "CB02", "CB04"]
    assert world.codes(world.officer, q="nguyen") == ["CB01"]
    assert world.codes(world.officer, unit_id=world.other_unit["id"]) == []
    assert world.codes(world.stranger) == ["CB03", "XY-05"]
    assert world.codes(world.observer) == ["CB01", "CB02", "CB03", "CB04", "XY-05"]


def test_pagination_follows_link(world: PeopleWorld, people: Any) -> None:
    first = world.list(limit=2, q="nguyen")
    assert [p["code"] for p in first.json()["items"]] == ["CB01", "CB03"]
    link = first.headers["Link"]
    assert link.endswith('>; rel="next"')
    second = world.client.get(link[1 : link.index(">")], headers=world.admin)
    assert second.json() == {"items": [people["XY-05"]], "next_cursor": None, "total": None}
    assert "Link" not in second.headers


@pytest.mark.parametrize(
    "params", [{"limit": 0}, {"limit": 501}, {"cursor": "x"}, {"active": "maybe"}, {"q": "x" * 301}]
)
def test_bad_list_parameters_are_422(world: PeopleWorld, params: dict[str, Any]) -> None:
    problem(world.list(**params), 422, "validation_error")


# ---- patch -----------------------------------------------------------------------------------------------


def test_patch_changes_only_the_fields_sent(world: PeopleWorld) -> None:
    person = world.create()
    r = world.patch(
        person["id"], {"position": "Phó Chánh Văn phòng", "birth_date": "1981-02-03"}, world.officer
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body == {
        **person,
        "position": "Phó Chánh Văn phòng",
        "birth_date": "1981-02-03",
        "updated_at": body["updated_at"],
    }
    assert r.headers["ETag"] == f'"{person["id"]}.2"'
    # The current employment holds the new position; the audit event names the birth date, not its values.
    assert world.employments(person["id"])[0]["position"] == "Phó Chánh Văn phòng"
    assert world.events(person["id"])[1] == (
        "person.update",
        {
            "code": "CB0001",
            "changes": {"position": ["Chuyên viên chính", "Phó Chánh Văn phòng"]},
            "source": "api",
            "redacted": ["birth_date"],
        },
    )
    cleared = world.patch(person["id"], {"position": "", "birth_date": None, "gender": "female"})
    assert (cleared.json()["position"], cleared.json()["birth_date"], cleared.json()["gender"]) == (
        None,
        None,
        "female",
    )


def test_patch_that_changes_nothing_keeps_the_version(world: PeopleWorld) -> None:
    person = world.create()
    for body in ({}, {"full_name": "Nguyễn Văn An"}, {"code": "CB0001"}, {"birth_date": "1980-05-01"}):
        r = world.patch(person["id"], body)
        assert (r.status_code, r.json(), r.headers["ETag"]) == (200, person, f'"{person["id"]}.1"')
    assert len(world.events(person["id"])) == 1


def test_patch_if_match(world: PeopleWorld) -> None:
    person = world.create()
    etag = world.get(person["id"]).headers["ETag"]
    url, headers = f"{URL}/{person['id']}", {**world.admin, "If-Match": etag}
    ok = world.client.patch(url, json={"full_name": "Nguyễn Văn Anh"}, headers=headers)
    assert ok.status_code == 200, ok.text
    stale = world.client.patch(url, json={"full_name": "Lỗi thời"}, headers=headers)
    problem(stale, 412, "precondition_failed")
    assert world.get(person["id"]).json()["full_name"] == "Nguyễn Văn Anh"


def test_code_is_immutable(world: PeopleWorld) -> None:
    person = world.create()
    r = world.patch(person["id"], {"code": "CB9999", "full_name": "Khác"})
    body = problem(r, 409, "immutable_field")
    assert body["errors"] == expected_errors((["body", "code"], "code is immutable", "immutable_field"))
    assert world.get(person["id"]).json() == person


@pytest.mark.parametrize(
    "body",
    [
        {"full_name": None},
        {"gender": None},
        {"active": None},
        {"code": None},
        {"gender": "other"},
        {"unit_id": "x"},
        {"started_on": "2020-01-01"},
        {"birth_date": "2999-01-01"},
    ],
)
def test_invalid_patch_bodies_are_422(world: PeopleWorld, body: dict[str, Any]) -> None:
    person = world.create()
    problem(world.patch(person["id"], body), 422, "validation_error")
    assert world.get(person["id"]).json() == person


@pytest.mark.parametrize("who", ["observer", "reader", "client_without_scope"])
def test_readers_may_not_patch(world: PeopleWorld, who: str) -> None:
    person = world.create()
    problem(world.patch(person["id"], {"position": "X"}, world.who(who)), 403, "forbidden")
    assert world.get(person["id"]).json() == person


# ---- put by code -----------------------------------------------------------------------------------------


def _put(world: PeopleWorld, path_code: str, headers: Any = None, **fields: Any) -> Any:
    body = {"full_name": "Đặng Thị Bình", "gender": "female", "unit_id": world.unit["id"], **fields}
    return world.client.put(f"{URL}/by-code/{path_code}", json=body, headers=headers or world.admin)


def test_put_by_code_creates_then_updates(world: PeopleWorld) -> None:
    created = _put(world, "CB0007", started_on="2012-09-01", position="Chuyên viên")
    assert created.status_code == 201, created.text
    person = created.json()
    assert (person["code"], person["birth_date"], person["position"], person["unit_code"]) == (
        "CB0007",
        None,
        "Chuyên viên",
        "VP",
    )
    assert created.headers["Location"] == f"http://testserver{URL}/{person['id']}"
    assert world.employments(person["id"])[0]["started_on"] == "2012-09-01"

    same = _put(world, "CB0007", started_on="2012-09-01", position="Chuyên viên")
    assert (same.status_code, same.json(), same.headers["ETag"]) == (200, person, created.headers["ETag"])
    assert "Location" not in same.headers
    assert [a for a, _ in world.events(person["id"])] == ["person.create"]

    # The body is the whole person: what is left out takes its default.
    changed = _put(world, "CB0007", code="CB0007", birth_date="1985-09-02", active=False)
    body = changed.json()
    assert (changed.status_code, changed.headers["ETag"]) == (200, f'"{person["id"]}.2"')
    assert body == {
        **person,
        "birth_date": "1985-09-02",
        "position": None,
        "active": False,
        "updated_at": body["updated_at"],
    }


def test_put_by_code_by_the_units_officer(world: PeopleWorld) -> None:
    assert _put(world, "CB0007", world.officer).status_code == 201
    assert _put(world, "CB0007", world.officer, position="Chuyên viên").status_code == 200
    problem(_put(world, "CB0008", world.officer, unit_id=world.other_unit["id"]), 403, "forbidden")
    problem(_put(world, "CB0008", world.observer), 403, "forbidden")
    assert world.codes() == ["CB0007"]


def test_put_by_code_never_moves_a_person(world: PeopleWorld) -> None:
    person = world.create(unit_id=world.other_unit["id"])
    for headers in (world.officer, world.admin):
        body = problem(_put(world, "CB0001", headers), 422, "validation_error")
        assert body["errors"] == expected_errors(
            (
                ["body", "unit_id"],
                "the person works in another unit; a move is a transfer",
                "person_in_other_unit",
            )
        )
    assert world.get(person["id"]).json() == person


@pytest.mark.parametrize(
    ("code", "fields"),
    [
        ("CB0007", {"code": "OTHER"}),
        ("CB0007", {"gender": "x"}),
        ("CB0007", {"extra": 1}),
        ("có dấu", {}),
        ("A" * 65, {}),
    ],
)
def test_invalid_put_is_422(world: PeopleWorld, code: str, fields: dict[str, Any]) -> None:
    problem(_put(world, code, **fields), 422, "validation_error")
    assert world.codes() == []


def test_put_by_code_if_match(world: PeopleWorld) -> None:
    person = world.create()
    stale = _put(world, "CB0001", {**world.admin, "If-Match": f'"{person["id"]}.9"'})
    problem(stale, 412, "precondition_failed")
    ok = _put(world, "CB0001", {**world.admin, "If-Match": f'"{person["id"]}.1"'})
    assert (ok.status_code, ok.headers["ETag"]) == (200, f'"{person["id"]}.2"')
    absent = _put(world, "NEW", {**world.admin, "If-Match": "*"})
    problem(absent, 412, "precondition_failed")
    assert world.codes() == ["CB0001"]


def test_a_number_is_not_a_date_and_nothing_is_stored(world: PeopleWorld) -> None:
    # pydantic alone would read 0 as 1970-01-01 (app.core.days)
    r = world.client.post(URL, json=world.body(birth_date=0), headers=world.admin)
    body = problem(r, 422, "validation_error")
    assert [e["loc"] for e in body["errors"]] == [["body", "birth_date"]]
    assert world.client.get(URL, headers=world.admin).json()["items"] == []
