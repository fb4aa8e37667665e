"""Request and response models for people (cán bộ, công chức, viên chức, người lao động)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from app.core.literal import InlineEnum
from app.core.patch import PatchBody, refuse_null
from app.core.text import SINGLE_LINE, clean_text
from app.models import Employment, enums
from app.people.dates import BirthDate, Day

CODE_PATTERN = r"^[A-Za-z0-9._-]{1,64}$"
MAX_NAME = 200
MAX_POSITION = 200

Code = Annotated[
    str,
    Field(
        pattern=CODE_PATTERN,
        examples=["CB0001"],
        description="Stable, unique and immutable: the ministry's personnel registry and other systems "
        "use it.",
    ),
]
FullName = Annotated[
    str,
    BeforeValidator(clean_text),
    Field(min_length=1, max_length=MAX_NAME, examples=["Nguyễn Văn An"]),
    SINGLE_LINE,
]
Position = Annotated[
    str,
    BeforeValidator(clean_text),
    Field(max_length=MAX_POSITION, examples=["Chuyên viên chính"], description="An empty string clears it."),
    SINGLE_LINE,
]
Gender = InlineEnum[enums.Gender]
UnitId = Annotated[str, Field(min_length=1, max_length=64, description="The unit's id.")]

_BIRTH_DATE = "`YYYY-MM-DD`, from 1900-01-01 to today."
_STARTED_ON = (
    "The first day of work in the unit (`YYYY-MM-DD`); today in Vietnam when left out. Not later than today."
)


class PersonCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: Code
    full_name: FullName
    gender: Gender
    birth_date: BirthDate | None = Field(default=None, description=_BIRTH_DATE)
    position: Position | None = None
    unit_id: UnitId
    started_on: Day | None = Field(default=None, description=_STARTED_ON)


class PersonPut(BaseModel):
    """The whole person, for ``PUT /people/by-code/{code}``: fields left out take their defaults."""

    model_config = ConfigDict(extra="forbid")

    code: Code | None = Field(
        default=None, description="Optional; when sent it must equal the code in the path."
    )
    full_name: FullName
    gender: Gender
    birth_date: BirthDate | None = Field(default=None, description=_BIRTH_DATE)
    position: Position | None = None
    unit_id: UnitId = Field(
        description="The person's unit: for a new person, where the first employment starts; for an "
        "existing one it must be the current unit (a move is a transfer)."
    )
    active: bool = True
    started_on: Day | None = Field(
        default=None,
        description=_STARTED_ON + " Used only when this call creates the person; the history of an existing "
        "person changes through transfers.",
    )


class PersonUpdate(PatchBody):
    """Only the fields sent change. ``code`` is immutable: it may be sent only with its current value. The
    unit changes through ``POST /people/{id}/transfers``."""

    code: Code | None = None
    full_name: FullName | None = None
    gender: Gender | None = None
    birth_date: BirthDate | None = Field(default=None, description=_BIRTH_DATE + " `null` clears it.")
    position: Position | None = Field(default=None, description="`null` or an empty string clears it.")
    active: bool | None = None

    _not_null = field_validator("code", "full_name", "gender", "active")(refuse_null)


class PersonRead(BaseModel):
    id: str
    code: str
    full_name: str
    gender: str = Field(description="male | female (more may come).")
    birth_date: date | None = Field(
        description="Shown to the admin, the secretariat and the officers of the person's unit only: "
        "observers and service clients see names, units and positions, and always `null` here."
    )
    position: str | None
    unit_id: str | None = Field(description="The unit the person works in now (null: none).")
    unit_code: str | None
    unit_name: str | None
    active: bool
    created_at: datetime
    updated_at: datetime


class TransferCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    unit_id: UnitId = Field(description="The unit the person moves to.")
    on: Day = Field(
        description="The first day in the new unit (`YYYY-MM-DD`, not later than today); the current "
        "employment ends the day before."
    )
    position: Position | None = Field(
        default=None, description="The position in the new unit; the current one when left out."
    )


class EmploymentRead(BaseModel):
    id: str
    unit_id: str
    unit_code: str
    unit_name: str
    position: str | None
    started_on: date
    ended_on: date | None = Field(description="The last day in the unit; null while the person works there.")

    @classmethod
    def of(cls, employment: Employment, *, unit_code: str, unit_name: str) -> EmploymentRead:
        return cls(
            id=employment.id,
            unit_id=employment.unit_id,
            unit_code=unit_code,
            unit_name=unit_name,
            position=employment.position,
            started_on=employment.started_on,
            ended_on=employment.ended_on,
        )


class EmploymentList(BaseModel):
    items: list[EmploymentRead] = Field(description="The whole history, oldest first.")


class TransferRead(BaseModel):
    person: PersonRead
    ended: EmploymentRead | None = Field(
        description="The employment the transfer ended (null: none was open)."
    )
    started: EmploymentRead


class PeopleImported(BaseModel):
    unit_id: str
    unit_code: str
    unit_name: str
    rows: int = Field(description="The people the file lists.")
    created: int
    updated: int
    unchanged: int
