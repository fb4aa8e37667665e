"""Who may read and change people, as policies the routes declare (see ``app.core.policy``).

Officers manage the people of their own unit (the person's current unit): another unit's person does not
exist for them (404). The admin and the secretariat act on everyone; observers read everyone, and
``units:read`` service clients read everyone, both without birth dates (``rules.sees_birth_dates``).

The checks read the person's unit as a plain column, never load a ``Person``: a service that later takes
the row ``FOR UPDATE`` (a transfer) must get it freshly read, not an object a check left in the session.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.campaigns.policies import OFFICER_OF_BODY_UNIT, not_own_unit
from app.core.errors import Forbidden
from app.core.policy import ANY_USER, Allow, Params, Policy, Rule, Visibility, Who, remembered, role, scope
from app.core.principal import Principal
from app.models import Person, Unit
from app.people.rules import UNITS_READ
from app.people.service import person_not_found, unit_not_found

_MAX_ID_LENGTH = 64


@dataclass(frozen=True)
class PersonFacts:
    unit_id: str | None
    """The person's current unit (None: none)."""


def _find_person(session: Session, person_id: str) -> PersonFacts | None:
    if len(person_id) > _MAX_ID_LENGTH:
        return None
    row = session.execute(select(Person.unit_id).where(Person.id == person_id)).first()
    return None if row is None else PersonFacts(unit_id=row.unit_id)


def person_facts(session: Session, person_id: str) -> PersonFacts | None:
    """The person's current unit, as a plain column (None: no such person); read once per policy check."""
    return remembered(session, ("person_facts", person_id), lambda: _find_person(session, person_id))


def _only_officer(principal: Principal) -> bool:
    """An officer with no role that reads every unit's people."""
    return principal.has_role("officer") and not principal.has_role("admin", "secretariat", "observer")


def subject_visible(principal: Principal, unit_id: str | None) -> bool:
    """Whether the principal may know a person (or a unit's private record) of ``unit_id`` exists: an
    officer only of his own unit's; everyone else is answered by the rules (403 at worst)."""
    return not _only_officer(principal) or (unit_id is not None and unit_id == principal.unit_id)


def _person_visible(session: Session, principal: Principal, params: Params) -> bool:
    facts = person_facts(session, params["person_id"])
    return facts is not None and subject_visible(principal, facts.unit_id)


def officer_of(principal: Principal, unit_id: str | None) -> bool:
    return principal.has_role("officer") and unit_id is not None and principal.unit_id == unit_id


def _officer_of_person(session: Session, principal: Principal, params: Params) -> bool:
    facts = person_facts(session, params["person_id"]) if principal.has_role("officer") else None
    return facts is not None and officer_of(principal, facts.unit_id)


def _unit_exists(session: Session, _principal: Principal, params: Params) -> bool:
    unit_id = params["unit_id"]
    if len(unit_id) > _MAX_ID_LENGTH:
        return False
    return remembered(
        session,
        ("unit_exists", unit_id),
        lambda: session.scalar(select(Unit.id).where(Unit.id == unit_id)) is not None,
    )


PERSON_VISIBLE = Visibility(
    who="naming an existing person (for an officer, one of his own unit)",
    test=_person_visible,
    hidden=person_not_found,
)
UNIT_EXISTS = Visibility(who="naming an existing unit", test=_unit_exists, hidden=unit_not_found)

OFFICER_OF_PERSON = Rule(
    who="officer of the person's unit",
    admits=frozenset({Who.OFFICER}),
    test=_officer_of_person,
)
OFFICER_OF_UNIT = Rule(
    who="officer of the unit (`unit_id`)",
    admits=frozenset({Who.OFFICER}),
    test=lambda _s, p, params: officer_of(p, params["unit_id"]),
)
EDITORS = role("admin", "secretariat")
READERS = role("admin", "secretariat", "observer")
CLIENT_READERS = scope(UNITS_READ)

_NO_BIRTH_DATES = "Observers and service clients see no birth dates (`birth_date` is null)."


def not_own_person() -> Forbidden:
    return Forbidden(
        "Only the admin, the secretariat and the officers of the person's unit may change this person.",
        detail_vi="Chỉ quản trị viên, Thường trực Hội đồng và cán bộ của đơn vị được thay đổi thông tin "
        "cán bộ này.",
    )


LIST_PEOPLE = Policy(
    "people.list",
    rules=(ANY_USER, CLIENT_READERS),
    then="Officers (and users with no ministry-wide role) see only their own unit's people. "
    + _NO_BIRTH_DATES,
)
READ_PERSON = Policy(
    "people.read",
    rules=(READERS, OFFICER_OF_PERSON, CLIENT_READERS),
    visible=PERSON_VISIBLE,
    then=_NO_BIRTH_DATES,
)
CREATE_PERSON = Policy(
    "people.create",
    rules=(EDITORS, OFFICER_OF_BODY_UNIT),
    body_fields=("unit_id",),
    denied=not_own_unit,
)
SYNC_PERSON = Policy(
    "people.sync",
    rules=(EDITORS, OFFICER_OF_BODY_UNIT),
    body_fields=("unit_id",),
    denied=not_own_unit,
    then="A person of another unit than the body's is 422 (`person_in_other_unit`): a move is a transfer.",
)
EDIT_PERSON = Policy(
    "people.edit",
    rules=(EDITORS, OFFICER_OF_PERSON),
    visible=PERSON_VISIBLE,
    denied=not_own_person,
    then="A transfer by an officer moves the person out of his unit, to any unit.",
)
READ_UNIT_PEOPLE = Policy(
    "people.read_unit",
    rules=(READERS, OFFICER_OF_UNIT, CLIENT_READERS),
    visible=UNIT_EXISTS,
    denied=not_own_unit,
    then=_NO_BIRTH_DATES,
)
IMPORT_PEOPLE = Policy(
    "people.import",
    rules=(EDITORS, OFFICER_OF_UNIT),
    visible=UNIT_EXISTS,
    denied=not_own_unit,
    then="A row naming a person of another unit is 422 (`person_in_other_unit`): a move is a transfer.",
)

PeopleLister = Annotated[Principal, Allow(LIST_PEOPLE)]
PersonReader = Annotated[Principal, Allow(READ_PERSON)]
PersonCreator = Annotated[Principal, Allow(CREATE_PERSON)]
PersonSyncer = Annotated[Principal, Allow(SYNC_PERSON)]
PersonEditor = Annotated[Principal, Allow(EDIT_PERSON)]
UnitPeopleReader = Annotated[Principal, Allow(READ_UNIT_PEOPLE)]
PeopleImporter = Annotated[Principal, Allow(IMPORT_PEOPLE)]
