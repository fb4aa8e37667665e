"""Request and response models for blocs and their yearly members."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from app.core import text
from app.core.literal import InlineEnum
from app.core.patch import PatchBody, refuse_null
from app.core.text import MULTI_LINE, clean_text
from app.models import User, enums

CODE_PATTERN = r"^[A-Za-z0-9._-]{1,64}$"
MAX_MEMBERS = 200
MIN_YEAR, MAX_YEAR = 1945, 2200

MemberRole = InlineEnum[enums.MemberRole]


Code = Annotated[
    str,
    Field(
        pattern=CODE_PATTERN,
        examples=["KHOI_CQB"],
        description="Stable, unique and immutable.",
    ),
]
Name = Annotated[text.Name, Field(examples=["Khối thi đua các cơ quan Bộ"])]
Description = Annotated[
    str,
    BeforeValidator(clean_text),
    Field(max_length=2000, description="An empty string clears it."),
    MULTI_LINE,
]


class BlocCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: Code
    name: Name
    description: Description | None = None


class BlocUpdate(PatchBody):
    """Only the fields sent change. ``code`` is immutable: it may be sent only with its current value."""

    code: Code | None = None
    name: Name | None = None
    description: Description | None = Field(default=None, description="`null` or an empty string clears it.")

    _not_null = field_validator("code", "name")(refuse_null)


class BlocRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    code: str
    name: str
    description: str | None
    created_at: datetime
    updated_at: datetime


# ---- yearly members -----------------------------------------------------------------------------------


class MemberIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    unit_id: str = Field(min_length=1, max_length=64)
    role: MemberRole = Field(description="`leader` (Khối trưởng), `deputy` (Khối phó) or `member`.")


class MembersPut(BaseModel):
    """The year's whole list: units left out are removed, new ones added, roles changed in place."""

    model_config = ConfigDict(extra="forbid")

    members: list[MemberIn] = Field(
        max_length=MAX_MEMBERS,
        description="Exactly one leader and at most one deputy; each unit once; at most 200 units.",
    )


class MemberRead(BaseModel):
    unit_id: str
    role: str = Field(description="leader | deputy | member (more may come).")
    unit_code: str
    unit_name: str


class MembersRead(BaseModel):
    bloc_id: str
    year: int
    members: list[MemberRead] = Field(description="The leader, the deputy, then the members by unit code.")


class DelegateRead(BaseModel):
    user_id: str
    full_name: str
    unit_id: str
    unit_code: str
    unit_name: str

    @classmethod
    def of(cls, user: User, unit: tuple[str, str, str]) -> DelegateRead:
        """``unit``: (id, code, name) of the member unit the officer acts for."""
        unit_id, code, name = unit
        return cls(user_id=user.id, full_name=user.full_name, unit_id=unit_id, unit_code=code, unit_name=name)
