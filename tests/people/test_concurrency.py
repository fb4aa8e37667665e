"""Two writers of one person's code at once, on SQLite and PostgreSQL: one person, and the loser told so."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import select

from app.core.errors import Conflict
from app.core.principal import Principal
from app.models import AuditEvent, Gender, Person, PrincipalKind
from app.people import service
from tests.people.world import PeopleWorld
from tests.support.db import in_thread

ADMIN = Principal(kind=PrincipalKind.USER, id="test-admin", name="admin", roles=frozenset({"admin"}))


def _fields(world: PeopleWorld, full_name: str) -> dict[str, Any]:
    return {"full_name": full_name, "gender": Gender.FEMALE, "unit_id": world.unit["id"]}


def test_concurrent_puts_of_a_new_code_create_once_then_update(world: PeopleWorld) -> None:
    factory = world.session_factory

    def second() -> tuple[str, bool]:
        with factory() as s:
            view, created = service.put_by_code(
                session=s, principal=ADMIN, code="RACE", **_fields(world, "Thứ hai")
            )
            s.commit()
            return view.person.id, created

    with factory() as first:
        view, created = service.put_by_code(
            session=first, principal=ADMIN, code="RACE", **_fields(world, "Thứ nhất")
        )
        assert created
        thread, outcome = in_thread(second)
        time.sleep(0.5)  # the second writer now waits on the first (the unique code, or SQLite's lock)
        first.commit()
        thread.join(timeout=30)
    assert "error" not in outcome, outcome.get("error")
    assert outcome["value"] == (view.person.id, False)
    with factory() as s:
        stored = s.scalars(select(Person).where(Person.code == "RACE")).one()
        assert (stored.full_name, stored.version) == ("Thứ hai", 2)
        actions = s.scalars(
            select(AuditEvent.action).where(AuditEvent.object_id == stored.id).order_by(AuditEvent.seq)
        )
        assert list(actions) == ["person.create", "person.update"]
        assert len(service.employments_of(s, person_id=stored.id)) == 1


def test_concurrent_creates_of_one_code_give_one_person_and_one_409(world: PeopleWorld) -> None:
    factory = world.session_factory

    def second() -> Any:
        with factory() as s:
            return service.create(session=s, principal=ADMIN, code="RACE", **_fields(world, "Thứ hai"))

    with factory() as first:
        service.create(session=first, principal=ADMIN, code="RACE", **_fields(world, "Thứ nhất"))
        thread, outcome = in_thread(second)
        time.sleep(0.5)
        first.commit()
        thread.join(timeout=30)
    assert isinstance(outcome.get("error"), Conflict), outcome
    assert outcome["error"].code == "already_exists"
    with factory() as s:
        assert s.scalars(select(Person.full_name).where(Person.code == "RACE")).all() == ["Thứ nhất"]
