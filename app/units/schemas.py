"""Request and response models for units."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from app.core import text
from app.core.patch import PatchBody, refuse_null
from app.core.text import SINGLE_LINE, clean_text

CODE_PATTERN = r"^[A-Za-z0-9._-]{1,64}$"

UnitKind = Literal["office", "department", "inspectorate", "agency", "other"]


Code = Annotated[
    str,
    Field(
        pattern=CODE_PATTERN,
        examples=["VP"],
        description="Stable, unique and immutable; other systems use it.",
    ),
]
Name = Annotated[text.Name, Field(examples=["Vụ Khoa học Xã hội và Tự nhiên"])]
ShortName = Annotated[
    str,
    BeforeValidator(clean_text),
    Field(max_length=100, examples=["Vụ KHXH&TN"], description="An empty string clears it."),
    SINGLE_LINE,
]


class UnitCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: Code
    name: Name
    short_name: ShortName | None = None
    kind: UnitKind = "other"


class UnitPut(BaseModel):
    """The whole unit, for ``PUT /units/by-code/{code}``: fields left out take their defaults."""

    model_config = ConfigDict(extra="forbid")

    code: Code | None = Field(
        default=None, description="Optional; when sent it must equal the code in the path."
    )
    name: Name
    short_name: ShortName | None = None
    kind: UnitKind = "other"
    active: bool = True


class UnitUpdate(PatchBody):
    """Only the fields sent change. ``code`` is immutable: it may be sent only with its current value."""

    code: Code | None = None
    name: Name | None = None
    short_name: ShortName | None = Field(default=None, description="`null` or an empty string clears it.")
    kind: UnitKind | None = None
    active: bool | None = None

    _not_null = field_validator("code", "name", "kind", "active")(refuse_null)


class UnitRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    code: str
    name: str
    short_name: str | None
    kind: str = Field(description="office | department | inspectorate | agency | other (more may come).")
    active: bool
    created_at: datetime
    updated_at: datetime
