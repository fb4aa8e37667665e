"""Display names for the ids a response carries (api.md: "Wherever a response refers to a unit, person,
user or title by id, it also carries its display name").

Each lookup is one ``IN`` query for a whole page of rows (none at all for no ids), so a list costs the
same few statements whatever its length. ``UnitRef`` and ``UserRef`` are the objects a response lists
where the contract already fixes a list of bare ids (``candidate_ids`` stays; ``candidate_units`` sits
beside it)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from pydantic import BaseModel
from sqlalchemy import BindParameter, CompoundSelect, Integer, bindparam, literal_column, select
from sqlalchemy.orm import Session

from app.models import CommendationForm, Person, ServiceClient, Title, Unit, User


class UnitName(NamedTuple):
    code: str
    name: str


class PersonName(NamedTuple):
    code: str
    name: str


def _ids(ids: Iterable[str | None]) -> list[str]:
    return sorted({i for i in ids if i})


# Built once, executed with the ids as one expanding parameter: building a statement per request costs more
# than running it.
_IDS: BindParameter[list[str]] = bindparam("ids", expanding=True)
_UNITS = select(Unit.id, Unit.code, Unit.name).where(Unit.id.in_(_IDS))
_USERS = select(User.id, User.full_name).where(User.id.in_(_IDS))
_CLIENTS = select(ServiceClient.id, ServiceClient.name).where(ServiceClient.id.in_(_IDS))
_PEOPLE = select(Person.id, Person.code, Person.full_name).where(Person.id.in_(_IDS))
# A form's rows first, a title's after: were a code both, the title's name would win.
_TITLES: CompoundSelect[tuple[str, str, int]] = (
    select(CommendationForm.code, CommendationForm.name, literal_column("0", Integer).label("rank"))
    .where(CommendationForm.code.in_(_IDS))
    .union_all(
        select(Title.code, Title.name, literal_column("1", Integer).label("rank")).where(Title.code.in_(_IDS))
    )
)


def units(session: Session, ids: Iterable[str | None]) -> dict[str, UnitName]:
    """(code, name) of each unit by id."""
    wanted = _ids(ids)
    if not wanted:
        return {}
    return {r.id: UnitName(r.code, r.name) for r in session.execute(_UNITS, {"ids": wanted})}


def users(session: Session, ids: Iterable[str | None]) -> dict[str, str]:
    """Each user's full name by id."""
    wanted = _ids(ids)
    if not wanted:
        return {}
    return dict(session.execute(_USERS, {"ids": wanted}).tuples().all())


def clients(session: Session, ids: Iterable[str | None]) -> dict[str, str]:
    """Each service client's name by id."""
    wanted = _ids(ids)
    if not wanted:
        return {}
    return dict(session.execute(_CLIENTS, {"ids": wanted}).tuples().all())


def people(session: Session, ids: Iterable[str | None]) -> dict[str, PersonName]:
    """(code, full name) of each person by id."""
    wanted = _ids(ids)
    if not wanted:
        return {}
    return {r.id: PersonName(r.code, r.full_name) for r in session.execute(_PEOPLE, {"ids": wanted})}


def titles(session: Session, codes: Iterable[str | None]) -> dict[str, str]:
    """Each title's name by code; forms of commendation too (their codes never clash with titles')."""
    wanted = _ids(codes)
    if not wanted:
        return {}
    rows = session.execute(_TITLES, {"ids": wanted}).all()
    return {code: name for code, name, _rank in sorted(rows, key=lambda r: int(r[2]))}


class UnitRef(BaseModel):
    """A unit a response refers to: its id, stable code and name."""

    unit_id: str
    unit_code: str
    unit_name: str

    @classmethod
    def of(cls, unit_id: str, names: dict[str, UnitName]) -> UnitRef:
        # Every unit id a response carries is a foreign key, so its name is always there.
        code, name = names[unit_id]
        return cls(unit_id=unit_id, unit_code=code, unit_name=name)

    @classmethod
    def many(cls, unit_ids: Iterable[str], names: dict[str, UnitName]) -> list[UnitRef]:
        return [cls.of(u, names) for u in unit_ids]


class UserRef(BaseModel):
    """A user a response refers to: the id and the full name."""

    user_id: str
    full_name: str

    @classmethod
    def many(cls, user_ids: Iterable[str], names: dict[str, str]) -> list[UserRef]:
        return [cls(user_id=u, full_name=names[u]) for u in user_ids]
