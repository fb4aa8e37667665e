"""Whose record it is: a person or a unit. Every record names exactly one of the two (``person_id`` or
``unit_id``, a check constraint), and shows its subject's code and name beside the id."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from app.models import Achievement, Assessment, Exclusion, Person, SubjectKind, Unit
from app.people import service as people_service
from app.units import service as units_service

RecordModel = type[Achievement] | type[Assessment] | type[Exclusion]


class SubjectRow(Protocol):
    @property
    def person_id(self) -> str | None: ...

    @property
    def unit_id(self) -> str | None: ...


@dataclass(frozen=True)
class Subject:
    kind: SubjectKind
    id: str

    @classmethod
    def person(cls, person_id: str) -> Subject:
        return cls(SubjectKind.PERSON, person_id)

    @classmethod
    def unit(cls, unit_id: str) -> Subject:
        return cls(SubjectKind.UNIT, unit_id)

    @classmethod
    def of(cls, row: SubjectRow) -> Subject:
        if row.person_id is not None:
            return cls.person(row.person_id)
        assert row.unit_id is not None  # the one_subject check constraint
        return cls.unit(row.unit_id)

    def columns(self) -> dict[str, str | None]:
        """The record's subject columns: one set, the other None."""
        is_person = self.kind == SubjectKind.PERSON
        return {"person_id": self.id if is_person else None, "unit_id": None if is_person else self.id}

    def where(self, model: RecordModel) -> ColumnElement[bool]:
        column = model.person_id if self.kind == SubjectKind.PERSON else model.unit_id
        return column == self.id


@dataclass(frozen=True)
class SubjectLabel:
    """The subject with its code and name, for the responses."""

    kind: SubjectKind
    id: str
    code: str
    name: str

    def fields(self) -> dict[str, Any]:
        """The subject's fields of a read schema (``_SubjectRead``)."""
        is_person = self.kind == SubjectKind.PERSON
        mine = {"id": self.id, "code": self.code, "name": self.name}
        none = dict.fromkeys(mine)
        person, unit = (mine, none) if is_person else (none, mine)
        return {
            "subject": self.kind.value,
            **{f"person_{k}": v for k, v in person.items()},
            **{f"unit_{k}": v for k, v in unit.items()},
        }


def resolve(session: Session, subject: Subject) -> SubjectLabel:
    """The subject's label; 404 when there is no such person or unit."""
    if subject.kind == SubjectKind.PERSON:
        person = people_service.get_person(session, subject.id)
        return SubjectLabel(subject.kind, person.id, person.code, person.full_name)
    unit = units_service.get(session=session, unit_id=subject.id)
    return SubjectLabel(subject.kind, unit.id, unit.code, unit.name)


def label_of(session: Session, row: SubjectRow) -> SubjectLabel:
    """The label of a stored record's subject (which exists: the foreign keys say so)."""
    subject = Subject.of(row)
    if subject.kind == SubjectKind.PERSON:
        person = session.get(Person, subject.id)
        assert person is not None
        return SubjectLabel(subject.kind, person.id, person.code, person.full_name)
    unit = session.get(Unit, subject.id)
    assert unit is not None
    return SubjectLabel(subject.kind, unit.id, unit.code, unit.name)
