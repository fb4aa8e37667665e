"""The pledge (giao ước thi đua) and its signatures through HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import unicodedata
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.blocs import leadership
from app.core.audit_sealer import seal_pending
from app.models import AuditEvent, Campaign, Pledge, PledgeSignature
from app.models.base import new_id
from app.pledges import service as pledges_service
from tests.support.builders import BlocYear, Builders, Headers
from tests.support.problems import problem

BODY = {
    "title": "Giao ước thi đua năm 2016",
    "preamble": "Thực hiện phong trào thi đua “Nâng cao trách nhiệm – Phối hợp hiệu quả”.",
    "commitments": [
        {"text": "Hoàn thành xuất sắc nhiệm vụ chính trị được giao."},
        {"text": "Thực hành tiết kiệm, chống lãng phí."},
    ],
}
PLEDGE_KEYS = {
    "id",
    "campaign_id",
    "status",
    "title",
    "preamble",
    "commitments",
    "opened_at",
    "closed_at",
    "updated_at",
    "signatures",
    "unsigned_unit_ids",
    "unsigned_units",
}


def url(campaign_id: str, tail: str = "") -> str:
    return f"/api/v1/campaigns/{campaign_id}/pledge{tail}"


def signer(unit_id: str, name: str = "Nguyễn Văn A", position: str = "Vụ trưởng") -> dict[str, str]:
    return {"unit_id": unit_id, "signatory_name": name, "signatory_position": position}


class World(BlocYear):
    """One bloc in 2016 (leader, deputy, two members), its campaign, and people to act in it."""

    def __init__(self, build: Builders) -> None:
        super().__init__(build)
        # Membership order is the shared rule's (app.blocs.leadership), not the order the fixture wrote.
        with self.session_factory() as s:
            self.members = leadership.member_unit_ids(s, bloc_id=self.bloc["id"], year=2016)

    def members_but(self, *unit_ids: str) -> list[str]:
        return [u for u in self.members if u not in unit_ids]

    def put(self, headers: Headers | None = None, body: dict[str, Any] | None = None, **extra: Any) -> Any:
        return self.client.put(
            url(self.cid), json=body or BODY, headers={**(headers or self.leader), **extra}
        )

    def transition(self, action: str, headers: Headers | None = None) -> Any:
        return self.client.post(url(self.cid, f"/{action}"), headers=headers or self.leader)

    def sign(self, unit_id: str, headers: Headers | None = None, **body: str) -> Any:
        return self.client.post(
            url(self.cid, "/signatures"),
            json={**signer(unit_id), **body},
            headers=headers or self.officer_of(unit_id),
        )

    def get(self, headers: Headers | None = None) -> Any:
        return self.client.get(url(self.cid), headers=headers or self.secretariat)

    def opened(self) -> dict[str, Any]:
        assert self.put().status_code == 200
        r = self.transition("open")
        assert r.status_code == 200, r.text
        return r.json()


@pytest.fixture
def world(build: Builders) -> World:
    return World(build)


@pytest.fixture
def outsider_unit(make_unit: Callable[..., dict[str, Any]]) -> str:
    """A unit in no bloc in 2016."""
    return make_unit()["id"]


WRITING_SCOPES = ["units:write", "results:read", "scores:write"]


@pytest.fixture
def stranger(
    world: World,
    outsider_unit: str,
    make_bloc: Callable[..., dict[str, Any]],
    make_client_token: Callable[..., Headers],
) -> Callable[[str], Headers]:
    """Headers, by name, of someone with no say over the pledge: ``member``, ``outsider``, ``observer``,
    ``admin``, ``next_year_leader``/``next_year_member`` (the outside unit, alone in the same bloc in 2017,
    not in the campaign's year), ``client`` (a writing client of the leading unit), ``reading_client``."""

    def next_year() -> Headers:
        unit = make_bloc(unit_ids=[outsider_unit], year=2017, bloc_id=world.bloc["id"])["leader"]
        return world.officer_of(unit)

    makers: dict[str, Callable[[], Headers]] = {
        "member": lambda: world.officer_of(world.member_unit),
        "outsider": lambda: world.officer_of(outsider_unit),
        "observer": lambda: world.headers_for("observer"),
        "admin": lambda: world.headers_for("admin"),
        "next_year_leader": next_year,
        "next_year_member": next_year,
        "client": lambda: make_client_token(
            ["units:write", "results:read", "scores:write"], world.leader_unit
        ),
        "reading_client": lambda: make_client_token(["results:read", "units:read"]),
    }
    return lambda who: makers[who]()


def signature_rows(session_factory: Any, campaign_id: str) -> list[tuple[str, str]]:
    with session_factory() as s:
        return [
            (row.unit_id, row.signatory_name)
            for row in s.scalars(
                select(PledgeSignature)
                .join(Pledge, Pledge.id == PledgeSignature.pledge_id)
                .where(Pledge.campaign_id == campaign_id)
                .order_by(PledgeSignature.signed_at)
            )
        ]


def audit_actions(session_factory: Any, object_id: str) -> list[tuple[str, dict[str, Any]]]:
    seal_pending(session_factory)
    with session_factory() as s:
        return [
            (e.action, e.details)
            for e in s.scalars(
                select(AuditEvent).where(AuditEvent.object_id == object_id).order_by(AuditEvent.seq)
            )
        ]


def recent(value: str) -> bool:
    at = datetime.fromisoformat(value)
    return at.utcoffset() == timedelta(0) and abs(at - datetime.now(UTC)) < timedelta(minutes=5)


# ---- writing the text ------------------------------------------------------------------------------------


def test_leader_creates_the_draft_stored_nfc(world: World, session_factory: Any) -> None:
    decomposed = unicodedata.normalize("NFD", "Giao ước thi đua năm 2016")
    body = {**BODY, "title": f"  {decomposed}\n"}
    r = world.put(body=body)
    assert r.status_code == 200, r.text
    got = r.json()
    assert set(got) == PLEDGE_KEYS
    assert got["campaign_id"] == world.cid
    assert got["status"] == "draft"
    assert got["title"] == "Giao ước thi đua năm 2016"
    assert got["preamble"] == BODY["preamble"]
    assert got["commitments"] == BODY["commitments"]
    assert (got["opened_at"], got["closed_at"], got["signatures"]) == (None, None, [])
    assert got["unsigned_unit_ids"] == world.members
    assert recent(got["updated_at"])
    assert r.headers["ETag"] == f'"{got["id"]}.1"'

    read = world.get()
    assert read.status_code == 200
    assert read.json() == got
    assert read.headers["ETag"] == r.headers["ETag"]
    assert audit_actions(session_factory, got["id"]) == [
        ("pledge.create", {"campaign_id": world.cid, "title": got["title"], "commitments": 2})
    ]


@pytest.mark.parametrize("who", ["leader", "deputy", "secretariat"])
def test_leader_deputy_and_secretariat_may_write_the_text(world: World, who: str) -> None:
    headers = world.person(who)
    r = world.put(headers)
    assert (r.status_code, r.json()["status"]) == (200, "draft")


@pytest.mark.parametrize("who", ["member", "outsider", "observer", "admin", "next_year_leader", "client"])
def test_others_may_not_write_the_text(world: World, who: str, stranger: Callable[[str], Headers]) -> None:
    headers = stranger(who)
    problem(world.put(headers), 403, "forbidden")
    problem(world.get(), 404, "not_found")

    assert world.put().status_code == 200
    problem(world.put(headers, body={**BODY, "title": "Khác"}), 403, "forbidden")
    assert world.get().json()["title"] == BODY["title"]


def test_leader_replaces_the_draft_text(world: World, session_factory: Any) -> None:
    first = world.put().json()
    new = {"title": "Giao ước (sửa)", "commitments": [{"text": "Một cam kết."}]}
    r = world.put(body=new)
    assert r.status_code == 200, r.text
    got = r.json()
    assert (got["id"], got["title"], got["preamble"], got["commitments"]) == (
        first["id"],
        "Giao ước (sửa)",
        None,
        [{"text": "Một cam kết."}],
    )
    assert r.headers["ETag"] == f'"{first["id"]}.2"'
    assert world.get().json() == got

    # The same text again changes nothing: same version, no audit event.
    again = world.put(body=new)
    assert (again.status_code, again.headers["ETag"], again.json()) == (200, r.headers["ETag"], got)
    assert [a for a, _ in audit_actions(session_factory, first["id"])] == ["pledge.create", "pledge.update"]
    assert audit_actions(session_factory, first["id"])[1][1] == {
        "campaign_id": world.cid,
        "title": "Giao ước (sửa)",
        "changed": ["title", "preamble", "commitments"],
    }


def test_put_honours_if_match(world: World) -> None:
    problem(world.put(**{"If-Match": '"nothing.1"'}), 412, "precondition_failed")
    problem(world.get(), 404, "not_found")
    created = world.put()
    etag = created.headers["ETag"]
    changed = world.put(body={**BODY, "title": "Bản hai"}, **{"If-Match": etag})
    assert changed.status_code == 200
    stale = world.put(body={**BODY, "title": "Bản ba"}, **{"If-Match": etag})
    problem(stale, 412, "precondition_failed")
    assert world.get().json()["title"] == "Bản hai"
    assert world.put(body={**BODY, "title": "Bản ba"}, **{"If-Match": "*"}).status_code == 200


@pytest.mark.parametrize("status", ["open", "closed"])
def test_text_is_fixed_once_open(world: World, status: str) -> None:
    world.opened()
    if status == "closed":
        assert world.transition("close").status_code == 200
    before = world.get().json()
    r = world.put(body={**BODY, "title": "Sửa sau khi mở"})
    problem(r, 409, "pledge_not_draft")
    vi = world.put(body=BODY, **{"Accept-Language": "vi"})
    assert vi.json()["detail"] == "Giao ước đã được mở ký hoặc đã đóng; chỉ sửa được khi còn là bản dự thảo."
    assert world.get().json() == before


def test_closed_campaign_refuses_the_text(
    world: World, make_bloc: Callable[..., dict[str, Any]], make_campaign: Callable[..., dict[str, Any]]
) -> None:
    bloc = make_bloc(3, year=2015)
    closed = make_campaign(bloc, status="closed")
    r = world.client.put(url(closed["id"]), json=BODY, headers=world.officer_of(bloc["leader"]))
    problem(r, 409, "campaign_closed")
    problem(world.client.get(url(closed["id"]), headers=world.secretariat), 404, "not_found")


def test_unknown_campaign_is_404(world: World) -> None:
    for cid in (str(uuid.uuid4()), "x" * 65):
        problem(world.client.put(url(cid), json=BODY, headers=world.secretariat), 404, "not_found")
        problem(world.client.get(url(cid), headers=world.secretariat), 404, "not_found")
        problem(world.client.post(url(cid, "/open"), headers=world.secretariat), 404, "not_found")
        problem(
            world.client.post(
                url(cid, "/signatures"), json=signer(world.member_unit), headers=world.secretariat
            ),
            404,
            "not_found",
        )


@pytest.mark.parametrize(
    "body",
    [
        {"commitments": [{"text": "x"}]},
        {"title": "", "commitments": [{"text": "x"}]},
        {"title": "   ", "commitments": [{"text": "x"}]},
        {"title": "x" * 301, "commitments": [{"text": "x"}]},
        {"title": "T", "preamble": "x" * 20001, "commitments": [{"text": "x"}]},
        {"title": "T"},
        {"title": "T", "commitments": []},
        {"title": "T", "commitments": [{"text": "x"}] * 101},
        {"title": "T", "commitments": [{"text": ""}]},
        {"title": "T", "commitments": [{"text": " \n "}]},
        {"title": "T", "commitments": [{"text": "x" * 2001}]},
        {"title": "T", "commitments": [{"text": "x", "weight": 1}]},
        {"title": "T", "commitments": ["x"]},
        {"title": "T", "commitments": [{"text": "x"}], "status": "open"},
        {"title": 1, "commitments": [{"text": "x"}]},
    ],
)
def test_invalid_text_is_422(world: World, body: dict[str, Any]) -> None:
    r = world.put(body=body)
    problem(r, 422, "validation_error")
    assert r.json()["errors"]
    problem(world.get(), 404, "not_found")


def test_limits_count_nfc_characters(world: World) -> None:
    body = {
        "title": unicodedata.normalize("NFD", "ệ" * 300),
        "preamble": unicodedata.normalize("NFD", "ố" * 20000),
        "commitments": [{"text": unicodedata.normalize("NFD", "ữ" * 2000)}] + [{"text": "x"}] * 99,
    }
    r = world.put(body=body)
    assert r.status_code == 200, r.text
    got = r.json()
    assert (got["title"], got["preamble"]) == ("ệ" * 300, "ố" * 20000)
    assert got["commitments"] == [{"text": "ữ" * 2000}] + [{"text": "x"}] * 99
    assert world.put(body={**body, "preamble": ""}).json()["preamble"] is None


def test_a_pledge_at_every_limit_fits_the_default_body_limit(world: World) -> None:
    body = {"title": "ệ" * 300, "preamble": "ố" * 20000, "commitments": [{"text": "ữ" * 2000}] * 100}
    r = world.put(body=body)
    assert r.status_code == 200, r.text
    assert len(r.json()["commitments"]) == 100


# ---- open and close --------------------------------------------------------------------------------------


def test_open_then_close(world: World, session_factory: Any) -> None:
    created = world.put()
    opened = world.transition("open")
    assert opened.status_code == 200, opened.text
    body = opened.json()
    assert body["status"] == "open" and recent(body["opened_at"]) and body["closed_at"] is None
    assert opened.headers["ETag"] == f'"{body["id"]}.2"'
    assert world.get().json() == body

    closed = world.transition("close", world.secretariat)
    assert closed.status_code == 200, closed.text
    body = closed.json()
    assert body["status"] == "closed" and body["opened_at"] == opened.json()["opened_at"]
    assert recent(body["closed_at"])
    assert world.get().json() == body
    assert audit_actions(session_factory, body["id"])[1:] == [
        ("pledge.open", {"campaign_id": world.cid, "from": "draft", "to": "open"}),
        ("pledge.close", {"campaign_id": world.cid, "from": "open", "to": "closed"}),
    ]
    assert created.json()["id"] == body["id"]


def test_illegal_transitions_are_409(world: World) -> None:
    world.put()
    problem(world.transition("close"), 409, "invalid_transition")
    assert world.transition("open").status_code == 200
    problem(world.transition("open"), 409, "invalid_transition")
    assert world.transition("close").status_code == 200
    problem(world.transition("open"), 409, "invalid_transition")
    problem(world.transition("close"), 409, "invalid_transition")
    assert world.get().json()["status"] == "closed"


def test_transitions_before_the_first_put_are_404(world: World) -> None:
    problem(world.transition("open"), 404, "not_found")
    problem(world.transition("close", world.secretariat), 404, "not_found")


def test_transitions_honour_if_match(world: World) -> None:
    etag = world.put().headers["ETag"]
    world.put(body={**BODY, "title": "Bản hai"})
    r = world.client.post(url(world.cid, "/open"), headers={**world.leader, "If-Match": etag})
    problem(r, 412, "precondition_failed")
    current = world.get().headers["ETag"]
    r = world.client.post(url(world.cid, "/open"), headers={**world.leader, "If-Match": current})
    assert (r.status_code, r.json()["status"]) == (200, "open")


@pytest.mark.parametrize("who", ["leader", "deputy", "secretariat"])
def test_leader_deputy_and_secretariat_may_open_and_close(world: World, who: str) -> None:
    world.put()
    headers = world.person(who)
    assert world.transition("open", headers).json()["status"] == "open"
    assert world.transition("close", headers).json()["status"] == "closed"


@pytest.mark.parametrize("who", ["member", "outsider", "observer", "admin"])
def test_others_may_not_open_or_close(world: World, who: str, outsider_unit: str) -> None:
    headers = {
        "member": world.officer_of(world.member_unit),
        "outsider": world.officer_of(outsider_unit),
        "observer": world.headers_for("observer"),
        "admin": world.headers_for("admin"),
    }[who]
    world.put()
    problem(world.transition("open", headers), 403, "forbidden")
    assert world.get().json()["status"] == "draft"
    world.transition("open")
    problem(world.transition("close", headers), 403, "forbidden")
    assert world.get().json()["status"] == "open"


def test_a_campaign_closed_later_refuses_every_pledge_change(world: World, session_factory: Any) -> None:
    world.opened()
    with session_factory() as s:
        s.get(Campaign, world.cid).status = "closed"
        s.commit()
    problem(world.put(), 409, "campaign_closed")
    problem(world.transition("close"), 409, "campaign_closed")
    problem(world.sign(world.member_unit), 409, "campaign_closed")
    got = world.get()
    assert (got.status_code, got.json()["status"], got.json()["signatures"]) == (200, "open", [])


# ---- signing ---------------------------------------------------------------------------------------------


def test_officer_signs_for_its_unit(world: World, session_factory: Any) -> None:
    pledge = world.opened()
    before = world.get().headers["ETag"]
    name = unicodedata.normalize("NFD", "  Trần Thị Bích ")
    r = world.sign(world.member_unit, signatory_name=name, signatory_position="Phó Vụ trưởng")
    assert r.status_code == 201, r.text
    sig = r.json()
    assert set(sig) == {
        "unit_id",
        "unit_code",
        "unit_name",
        "signatory_name",
        "signatory_position",
        "signed_at",
    }
    assert {
        k: sig[k] for k in ("unit_id", "unit_code", "unit_name", "signatory_name", "signatory_position")
    } == {
        **world.unit_ref(world.member_unit),
        "signatory_name": "Trần Thị Bích",
        "signatory_position": "Phó Vụ trưởng",
    }
    assert recent(sig["signed_at"])

    read = world.get()
    assert read.json()["signatures"] == [sig]
    assert read.json()["unsigned_unit_ids"] == world.members_but(world.member_unit)
    assert read.headers["ETag"] != before  # what GET shows changed, so its ETag did
    assert signature_rows(session_factory, world.cid) == [(world.member_unit, "Trần Thị Bích")]
    assert audit_actions(session_factory, pledge["id"])[-1] == (
        "pledge.sign",
        {
            "campaign_id": world.cid,
            "unit_id": world.member_unit,
            "signatory_name": "Trần Thị Bích",
            "signatory_position": "Phó Vụ trưởng",
        },
    )


def test_secretariat_signs_on_behalf_and_the_view_lists_who_has_not(
    world: World, session_factory: Any
) -> None:
    world.opened()
    order = [world.other_unit, world.leader_unit]
    signed = []
    for unit_id in order:
        r = world.sign(unit_id, world.secretariat, signatory_name=f"Người ký {unit_id[:4]}")
        assert r.status_code == 201, r.text
        signed.append(r.json())
    got = world.get(world.officer_of(world.member_unit)).json()
    assert got["signatures"] == signed
    assert [s["unit_id"] for s in got["signatures"]] == order
    assert got["unsigned_unit_ids"] == world.members_but(world.other_unit, world.leader_unit)
    # each unit named beside its id: the signers, and the units yet to sign in the same order as the ids
    assert [{k: x[k] for k in ("unit_id", "unit_code", "unit_name")} for x in got["signatures"]] == [
        world.unit_ref(u) for u in order
    ]
    assert got["unsigned_units"] == [world.unit_ref(u) for u in got["unsigned_unit_ids"]]
    with session_factory() as s:
        recorded = s.scalars(select(PledgeSignature.recorded_by).distinct()).all()
    assert len(recorded) == 1 and recorded[0] is not None


@pytest.mark.parametrize(
    "who", ["other_member", "leader", "deputy", "outsider", "observer", "admin", "client"]
)
def test_only_the_units_officers_and_the_secretariat_sign(
    world: World,
    who: str,
    outsider_unit: str,
    make_client_token: Callable[..., Headers],
    session_factory: Any,
) -> None:
    world.opened()
    headers = {
        "other_member": lambda: world.officer_of(world.other_unit),
        "leader": lambda: world.leader,
        "deputy": lambda: world.officer_of(world.deputy_unit),
        "outsider": lambda: world.officer_of(outsider_unit),
        "observer": lambda: world.headers_for("observer"),
        "admin": lambda: world.headers_for("admin"),
        "client": lambda: make_client_token(["reports:write", "scores:write"], world.member_unit),
    }[who]()
    problem(world.sign(world.member_unit, headers), 403, "forbidden")
    assert signature_rows(session_factory, world.cid) == []
    assert world.get().json()["unsigned_unit_ids"] == world.members


@pytest.mark.parametrize("status", ["draft", "closed"])
def test_signing_needs_an_open_pledge(world: World, status: str, session_factory: Any) -> None:
    world.put()
    if status == "closed":
        world.transition("open")
        world.transition("close")
    problem(world.sign(world.member_unit), 409, "pledge_not_open")
    problem(world.sign(world.member_unit, world.secretariat), 409, "pledge_not_open")
    assert signature_rows(session_factory, world.cid) == []


def test_signing_before_the_first_put_is_404(world: World) -> None:
    problem(world.sign(world.member_unit), 404, "not_found")


def test_signing_twice_is_409(world: World, session_factory: Any) -> None:
    world.opened()
    assert world.sign(world.member_unit).status_code == 201
    problem(world.sign(world.member_unit, signatory_name="Người khác"), 409, "already_signed")
    problem(world.sign(world.member_unit, world.secretariat), 409, "already_signed")
    assert signature_rows(session_factory, world.cid) == [(world.member_unit, "Nguyễn Văn A")]


def test_signatures_stop_when_the_pledge_closes(world: World, session_factory: Any) -> None:
    world.opened()
    assert world.sign(world.member_unit).status_code == 201
    world.transition("close")
    problem(world.sign(world.other_unit), 409, "pledge_not_open")
    got = world.get().json()
    assert [s["unit_id"] for s in got["signatures"]] == [world.member_unit]
    assert got["unsigned_unit_ids"] == world.members_but(world.member_unit)


@pytest.mark.parametrize("who", ["outsider_officer", "secretariat", "next_year_member", "unknown"])
def test_a_unit_outside_the_bloc_that_year_is_422(
    world: World,
    who: str,
    outsider_unit: str,
    make_bloc: Callable[..., dict[str, Any]],
    session_factory: Any,
) -> None:
    world.opened()
    if who == "next_year_member":
        make_bloc(unit_ids=[outsider_unit], year=2017, bloc_id=world.bloc["id"])
    unit_id = str(uuid.uuid4()) if who == "unknown" else outsider_unit
    headers = world.officer_of(outsider_unit) if who in ("outsider_officer", "next_year_member") else None
    r = world.sign(unit_id, headers or world.secretariat)
    problem(r, 422, "not_a_member")
    assert r.json()["errors"][0]["loc"] == ["body", "unit_id"]
    assert signature_rows(session_factory, world.cid) == []


@pytest.mark.parametrize(
    "body",
    [
        {"signatory_name": "A", "signatory_position": "B"},
        {"unit_id": "U", "signatory_position": "B"},
        {"unit_id": "U", "signatory_name": "A"},
        {"unit_id": "U", "signatory_name": " ", "signatory_position": "B"},
        {"unit_id": "U", "signatory_name": "A", "signatory_position": ""},
        {"unit_id": "U", "signatory_name": "x" * 201, "signatory_position": "B"},
        {"unit_id": "U", "signatory_name": "A", "signatory_position": "x" * 201},
        {"unit_id": "x" * 65, "signatory_name": "A", "signatory_position": "B"},
        {"unit_id": "U", "signatory_name": "A", "signatory_position": "B", "signed_at": "2016-01-01"},
    ],
)
def test_invalid_signature_bodies_are_422(world: World, body: dict[str, Any]) -> None:
    world.opened()
    r = world.client.post(url(world.cid, "/signatures"), json=body, headers=world.secretariat)
    problem(r, 422, "validation_error")


def test_the_database_refuses_a_second_signature(world: World, session_factory: Any) -> None:
    pledge = world.opened()
    assert world.sign(world.member_unit).status_code == 201
    with session_factory() as s:
        s.add(
            PledgeSignature(
                id=new_id(),
                pledge_id=pledge["id"],
                unit_id=world.member_unit,
                signatory_name="Bản sao",
                signatory_position="Không",
            )
        )
        with pytest.raises(IntegrityError):
            s.commit()
    assert signature_rows(session_factory, world.cid) == [(world.member_unit, "Nguyễn Văn A")]


def test_the_constraint_answers_when_the_check_misses(
    world: World, session_factory: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A signature committed between the check and the insert: the unique constraint still says 409."""
    world.opened()
    assert world.sign(world.member_unit).status_code == 201
    monkeypatch.setattr(pledges_service, "_signature_of", lambda *_a, **_k: None)
    problem(world.sign(world.member_unit, signatory_name="Người khác"), 409, "already_signed")
    assert signature_rows(session_factory, world.cid) == [(world.member_unit, "Nguyễn Văn A")]
    assert world.get().json()["signatures"][0]["signatory_name"] == "Nguyễn Văn A"


def _race(client: TestClient, calls: list[tuple[str, dict[str, Any], Headers]]) -> list[Any]:
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(i: int, path: str, body: dict[str, Any], headers: Headers) -> None:
        barrier.wait()
        results[i] = client.post(path, json=body, headers=headers)

    threads = [threading.Thread(target=run, args=(i, *call)) for i, call in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def test_concurrent_double_signing_gives_one_signature(world: World, session_factory: Any) -> None:
    world.opened()
    path = url(world.cid, "/signatures")
    results = _race(
        world.client,
        [
            (path, signer(world.member_unit, "Người thứ nhất"), world.officer_of(world.member_unit)),
            (path, signer(world.member_unit, "Người thứ hai"), world.secretariat),
        ],
    )
    assert sorted(r.status_code for r in results) == [201, 409], [r.text for r in results]
    winner = next(r for r in results if r.status_code == 201).json()
    problem(next(r for r in results if r.status_code == 409), 409, "already_signed")
    assert signature_rows(session_factory, world.cid) == [(world.member_unit, winner["signatory_name"])]
    assert world.get().json()["signatures"] == [winner]


def test_concurrent_signatures_of_different_units_all_count(world: World, session_factory: Any) -> None:
    world.opened()
    path = url(world.cid, "/signatures")
    results = _race(world.client, [(path, signer(u), world.officer_of(u)) for u in world.units])
    assert [r.status_code for r in results] == [201] * 4, [r.text for r in results]
    got = world.get()
    assert sorted(s["unit_id"] for s in got.json()["signatures"]) == sorted(world.units)
    assert got.json()["unsigned_unit_ids"] == []
    assert got.headers["ETag"] == f'"{got.json()["id"]}.6"'  # created 1, opened 2, four signatures
    with session_factory() as s:
        assert s.scalar(select(func.count()).select_from(PledgeSignature)) == 4


def test_concurrent_first_puts_make_one_pledge(world: World, session_factory: Any) -> None:
    path = url(world.cid)
    bodies = [{**BODY, "title": "Bản của Khối trưởng"}, {**BODY, "title": "Bản của Thường trực"}]
    barrier = threading.Barrier(2)
    results: list[Any] = [None, None]

    def put(i: int, headers: Headers) -> None:
        barrier.wait()
        results[i] = world.client.put(path, json=bodies[i], headers=headers)

    threads = [
        threading.Thread(target=put, args=(0, world.leader)),
        threading.Thread(target=put, args=(1, world.secretariat)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert [r.status_code for r in results] == [200, 200], [r.text for r in results]
    assert results[0].json()["id"] == results[1].json()["id"]
    with session_factory() as s:
        rows = s.scalars(select(Pledge).where(Pledge.campaign_id == world.cid)).all()
    assert len(rows) == 1 and rows[0].version == 2
    assert world.get().json()["title"] in {b["title"] for b in bodies}


def test_a_signature_racing_the_close_is_either_in_or_refused(world: World, session_factory: Any) -> None:
    world.opened()
    sign_path, close_path = url(world.cid, "/signatures"), url(world.cid, "/close")
    signed, closed = _race(
        world.client,
        [
            (sign_path, signer(world.member_unit), world.officer_of(world.member_unit)),
            (close_path, {}, world.leader),
        ],
    )
    assert closed.status_code == 200, closed.text
    rows = signature_rows(session_factory, world.cid)
    if signed.status_code == 201:
        assert rows == [(world.member_unit, "Nguyễn Văn A")]
    else:
        problem(signed, 409, "pledge_not_open")
        assert rows == []
    assert world.get().json()["status"] == "closed"


def test_signing_honours_idempotency_key(world: World, session_factory: Any) -> None:
    world.opened()
    headers = {**world.officer_of(world.member_unit), "Idempotency-Key": str(uuid.uuid4())}
    body = signer(world.member_unit)
    first = world.client.post(url(world.cid, "/signatures"), json=body, headers=headers)
    again = world.client.post(url(world.cid, "/signatures"), json=body, headers=headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again.headers.get("Idempotent-Replayed") == "true"
    other = world.client.post(
        url(world.cid, "/signatures"), json={**body, "signatory_name": "Khác"}, headers=headers
    )
    problem(other, 422, "idempotency_key_reused")
    assert signature_rows(session_factory, world.cid) == [(world.member_unit, "Nguyễn Văn A")]
    with session_factory() as s:
        signs = s.scalars(select(AuditEvent).where(AuditEvent.action == "pledge.sign")).all()
    assert len(signs) == 1


# ---- reading ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["leader", "member", "secretariat", "observer"])
def test_members_secretariat_and_observers_read(world: World, who: str) -> None:
    world.opened()
    world.sign(world.member_unit)
    headers = {
        "leader": world.leader,
        "member": world.officer_of(world.other_unit),
        "secretariat": world.secretariat,
        "observer": world.headers_for("observer"),
    }[who]
    r = world.get(headers)
    assert r.status_code == 200, r.text
    assert r.json() == world.get().json()
    assert r.headers["ETag"] == f'"{r.json()["id"]}.3"'


@pytest.mark.parametrize("who", ["outsider", "next_year_member", "admin", "reading_client"])
def test_others_may_not_read(world: World, who: str, stranger: Callable[[str], Headers]) -> None:
    world.opened()
    headers = stranger(who)
    problem(world.get(headers), 403, "forbidden")


def test_reading_before_the_first_put_is_404(world: World) -> None:
    problem(world.get(), 404, "not_found")
    problem(world.get(world.officer_of(world.member_unit)), 404, "not_found")
    # Who may not read learns nothing more: 403 whether or not a pledge exists.
    problem(world.get(world.headers_for("admin")), 403, "forbidden")


@pytest.mark.parametrize(
    ("method", "tail", "body"),
    [
        ("GET", "", None),
        ("PUT", "", BODY),
        ("POST", "/open", None),
        ("POST", "/close", None),
        ("POST", "/signatures", signer("U")),
    ],
)
def test_without_a_valid_token_it_is_401(
    world: World, method: str, tail: str, body: dict[str, Any] | None
) -> None:
    for auth in (None, "Bearer not-a-token"):
        headers = {"Authorization": auth} if auth else {}
        r = world.client.request(method, url(world.cid, tail), json=body, headers=headers)
        problem(r, 401, "not_authenticated")
        assert r.headers["WWW-Authenticate"] == "Bearer"
