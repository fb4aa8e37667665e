"""Request and response models for the forms of commendation catalogue."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from app.core import text
from app.core.literal import InlineEnum
from app.core.text import SINGLE_LINE, clean_text
from app.models import enums
from app.titles.schemas import CODE_PATTERN

FormLevel = Literal["state", "government", "ministry", "unit"]
Subject = InlineEnum[enums.FormSubject]
FormCode = Annotated[
    str,
    Field(
        pattern=CODE_PATTERN,
        examples=["bang_khen_bo_truong"],
        description="Lower-case letters, digits and `_`; unique and immutable.",
    ),
]
Authority = Annotated[str, BeforeValidator(clean_text), Field(min_length=1, max_length=200), SINGLE_LINE]


class FormCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: FormCode
    name: text.Name
    level: FormLevel = Field(description="state | government | ministry | unit: who confers the form.")
    subject: Subject = Field(description="individual | collective | both: whom the form may go to.")
    authority: Authority = Field(description="Who decides it, e.g. `Bộ trưởng`.")


class FormUpdate(BaseModel):
    """Only the fields sent change. ``code`` is immutable: it may be sent only with its current value."""

    model_config = ConfigDict(extra="forbid")

    code: FormCode | None = None
    name: text.Name | None = None
    level: FormLevel | None = None
    subject: Subject | None = None
    authority: Authority | None = None
    retired: bool | None = Field(
        default=None, description="A retired form stays for the awards that name it; nothing new may use it."
    )

    @field_validator("code", "name", "level", "subject", "authority", "retired")
    @classmethod
    def _not_null(cls, value: object) -> object:
        if value is None:
            raise ValueError("may not be null")
        return value

    def changes(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.model_fields_set - {"code"}}


class FormRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    name: str
    level: str = Field(description="state | government | ministry | unit (more may come).")
    subject: str = Field(description="individual | collective | both (more may come).")
    authority: str
    retired: bool
    created_at: datetime
    updated_at: datetime


class FormList(BaseModel):
    items: list[FormRead] = Field(description="The whole catalogue, by level (highest first) then code.")
