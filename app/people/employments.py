"""A person's employment history and transfers between units: the use cases. No FastAPI here.

Employments are only ever opened by creating a person (``service``) and by a transfer, which ends the
open one the day before the next starts (``rules.transfer_problems`` refuses what would overlap, backdate
or anticipate), so a person's periods never overlap. ``service.unit_on`` and ``service.employments_of``
read them for other features.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from app.core import audit, updates
from app.core.errors import Invalid
from app.core.etag import check_if_match
from app.core.principal import Principal
from app.models import Employment
from app.models.base import new_id
from app.people import repository, rules, service
from app.people.dates import vn_today
from app.people.repository import UnitLabel
from app.people.service import PersonView


@dataclass(frozen=True)
class EmploymentView:
    employment: Employment
    unit: UnitLabel


@dataclass(frozen=True)
class Transfer:
    person: PersonView
    ended: EmploymentView | None
    started: EmploymentView


def history(*, session: Session, person_id: str) -> list[EmploymentView]:
    """The person's employments, oldest first, with each unit's code and name."""
    rows = repository.employments_of(session, person_id=service.get_person(session, person_id).id)
    labels = repository.unit_labels(session, unit_ids=[e.unit_id for e in rows])
    return [EmploymentView(employment=e, unit=labels[e.unit_id]) for e in rows]


def transfer(
    *,
    session: Session,
    principal: Principal,
    person_id: str,
    unit_id: str,
    on: date,
    position: str | None = None,
    if_match: str | None = None,
) -> Transfer:
    """End the open employment the day before ``on`` and open one in ``unit_id``; the person follows."""
    # The person's row lock serialises transfers (and the history they read) of one person.
    person = service.get_person(session, person_id, for_update=True)
    check_if_match(if_match, person)
    target = service.unit_for_body(session, unit_id)
    history = repository.employments_of(session, person_id=person.id)
    periods = [rules.Period(e.unit_id, e.started_on, e.ended_on) for e in history]
    problems = rules.transfer_problems(history=periods, to_unit_id=target.id, on=on, today=vn_today())
    if problems:
        raise Invalid(
            "The transfer cannot be recorded; each error names the field.",
            detail_vi="Không thể ghi nhận việc điều chuyển; mỗi lỗi chỉ rõ trường dữ liệu.",
            errors=problems,
        )
    from_unit = person.unit_id
    ended = next((e for e in history if e.ended_on is None), None)
    if ended is not None:
        ended.ended_on = rules.day_before(on)
    new_position = (position or None) if position is not None else person.position
    started = Employment(
        id=new_id(), person_id=person.id, unit_id=target.id, position=new_position, started_on=on
    )
    session.add(started)
    person.unit_id = target.id
    person.position = new_position
    updates.flush(session, what="person", what_vi="cán bộ")
    audit.record(
        session,
        actor=principal.actor,
        action="person.transfer",
        object_type="person",
        object_id=person.id,
        details={
            "code": person.code,
            "from_unit_id": from_unit,
            "to_unit_id": target.id,
            "on": on.isoformat(),
            "position": new_position,
        },
    )
    labels = repository.unit_labels(session, unit_ids=[target.id, ended.unit_id if ended else None])
    return Transfer(
        person=service.view_with(principal, person, labels),
        ended=EmploymentView(ended, labels[ended.unit_id]) if ended is not None else None,
        started=EmploymentView(started, labels[target.id]),
    )
