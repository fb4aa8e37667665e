"""Who may read verdicts, as policies the routes declare (see ``app.core.policy``).

A verdict shows a subject's history, ratings and exclusions (discipline is personnel data): it is read by
the secretariat, admins, observers and the subject's own unit, and for a bloc's units by the bloc's leader.
"""

from __future__ import annotations

from typing import Annotated

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.blocs.policies import BLOC_EXISTS, LEADER_OF_BLOC_YEAR
from app.core.errors import Forbidden, NotFound
from app.core.policy import ANY_USER, Allow, Params, Policy, Rule, Visibility, Who, remembered, role
from app.core.principal import Principal
from app.models import Person, Unit

OFFICE = role("admin", "secretariat", "observer")


def _person_unit(session: Session, person_id: str) -> tuple[bool, str | None]:
    """(whether the person exists, the unit they work in today)."""

    def look() -> tuple[bool, str | None]:
        if len(person_id) > 64:
            return False, None
        row = session.execute(select(Person.unit_id).where(Person.id == person_id)).first()
        return (False, None) if row is None else (True, row.unit_id)

    return remembered(session, ("person_unit", person_id), look)


def _officer_of_person_unit(session: Session, p: Principal, params: Params) -> bool:
    exists, unit_id = _person_unit(session, params["person_id"])
    return exists and p.has_role("officer", "unit_head") and unit_id is not None and p.unit_id == unit_id


def _may_know_person(session: Session, p: Principal, params: Params) -> bool:
    exists, _unit = _person_unit(session, params["person_id"])
    return exists and (
        p.has_role("admin", "secretariat", "observer") or _officer_of_person_unit(session, p, params)
    )


def person_not_found() -> NotFound:
    return NotFound("The person does not exist.", detail_vi="Không tìm thấy cá nhân.")


def unit_not_found() -> NotFound:
    return NotFound("The unit does not exist.", detail_vi="Không tìm thấy đơn vị.")


def _unit_exists(session: Session, _p: Principal, params: Params) -> bool:
    unit_id = params["unit_id"]
    return remembered(
        session,
        ("unit_exists", unit_id),
        lambda: len(unit_id) <= 64 and session.get(Unit, unit_id) is not None,
    )


OFFICER_OF_PERSON_UNIT = Rule(
    who="officer or head of the unit the person works in",
    admits=frozenset({Who.OFFICER, Who.HEAD}),
    test=_officer_of_person_unit,
)
OFFICER_OF_UNIT = Rule(
    who="officer or head of the unit",
    admits=frozenset({Who.OFFICER, Who.HEAD}),
    test=lambda _s, p, params: p.has_role("officer", "unit_head") and p.unit_id == params["unit_id"],
)
KNOWS_PERSON = Visibility(
    who="admins, the secretariat, observers and the person's own unit (people of other units are hidden)",
    test=_may_know_person,
    hidden=person_not_found,
)
UNIT_EXISTS = Visibility(who="naming an existing unit", test=_unit_exists, hidden=unit_not_found)


def not_verdict_reader() -> Forbidden:
    return Forbidden(
        "Only the unit's own officers, the secretariat, admins and observers may read its verdicts.",
        detail_vi="Chỉ cán bộ của đơn vị, Thường trực Hội đồng, quản trị viên và quan sát viên được xem.",
    )


READ_PERSON_VERDICT = Policy(
    "eligibility.read_person", rules=(OFFICE, OFFICER_OF_PERSON_UNIT), visible=KNOWS_PERSON
)
READ_UNIT_VERDICTS = Policy(
    "eligibility.read_unit",
    rules=(OFFICE, OFFICER_OF_UNIT),
    visible=UNIT_EXISTS,
    denied=not_verdict_reader,
    then="The unit's own verdict, or its people's.",
)
READ_BLOC_VERDICTS = Policy("eligibility.read_bloc", rules=(OFFICE, LEADER_OF_BLOC_YEAR), visible=BLOC_EXISTS)
READ_CAPS = Policy("eligibility.read_caps", rules=(ANY_USER,), then="Counts only: no subject is named.")

PersonVerdictReader = Annotated[Principal, Allow(READ_PERSON_VERDICT)]
UnitVerdictReader = Annotated[Principal, Allow(READ_UNIT_VERDICTS)]
BlocVerdictReader = Annotated[Principal, Allow(READ_BLOC_VERDICTS)]
CapReader = Annotated[Principal, Allow(READ_CAPS)]
