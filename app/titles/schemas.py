"""Request and response models for the titles catalogue."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from app.core import text
from app.core.literal import InlineEnum
from app.core.numbers import INTEGRAL
from app.models import Title, enums

CODE_PATTERN = r"^[a-z0-9_]{1,64}$"
MAX_REQUIRES = 20

Level = Literal["government", "ministry", "unit"]
Target = InlineEnum[enums.TitleTarget]
QuotaScope = Literal["bloc", "ministry"]


TitleCode = Annotated[
    str,
    Field(
        pattern=CODE_PATTERN,
        examples=["co_thi_dua_bo"],
        description="Lower-case letters, digits and `_`; unique and immutable.",
    ),
]
TitleName = Annotated[text.Name, Field(examples=["Cờ thi đua của Bộ"])]
Requires = Annotated[
    list[TitleCode],
    Field(
        max_length=MAX_REQUIRES,
        description="Codes of the titles a unit must hold the same year (proposed or decided, not revoked) "
        "before it may be proposed for this one. They must exist, and no title may require itself, "
        "directly or through others.",
        examples=[["co_thi_dua_bo"]],
    ),
]


class ShareQuota(BaseModel):
    """At most this share of the units in the scope (rounded down)."""

    model_config = ConfigDict(extra="forbid")

    max_share: Annotated[float, Field(strict=True, gt=0, le=1, examples=[0.2])]
    scope: QuotaScope


class CountQuota(BaseModel):
    """At most this many awards in the scope."""

    model_config = ConfigDict(extra="forbid")

    max_count: Annotated[int, Field(strict=True, ge=1, examples=[3]), INTEGRAL]
    scope: QuotaScope


QUOTA_DESCRIPTION = (
    "How many awards of this title a year may give: exactly one of `max_share` (0 < x ≤ 1, a share of the "
    "units in the scope, rounded down) or `max_count` (an integer ≥ 1), with `scope` `bloc` or `ministry`; "
    "`null` for no quota."
)
Quota = Annotated[ShareQuota | CountQuota, Field(description=QUOTA_DESCRIPTION)]


def _unique(codes: list[str] | None) -> list[str] | None:
    if codes is not None and len(set(codes)) != len(codes):
        raise ValueError("requires lists a title more than once")
    return codes


class TitleCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: TitleCode
    name: TitleName
    level: Level = Field(description="government | ministry | unit: who confers the title.")
    target: Target = enums.TitleTarget.COLLECTIVE
    requires: Requires = Field(default_factory=list)
    quota: Quota | None = None

    @field_validator("requires")
    @classmethod
    def _requires_unique(cls, value: list[str]) -> list[str] | None:
        return _unique(value)


class TitleUpdate(BaseModel):
    """Only the fields sent change. ``code`` is immutable: it may be sent only with its current value."""

    model_config = ConfigDict(extra="forbid")

    code: TitleCode | None = None
    name: TitleName | None = None
    level: Level | None = None
    target: Target | None = None
    requires: Requires | None = None
    quota: Quota | None = Field(default=None, description=QUOTA_DESCRIPTION + " `null` removes the quota.")
    retired: bool | None = Field(
        default=None,
        description="A retired title stays for the registrations, sessions and awards that name it; nothing "
        "new may use it.",
    )

    @field_validator("code", "name", "level", "target", "requires", "retired")
    @classmethod
    def _not_null(cls, value: object) -> object:
        # Defaults are not validated, so this only refuses an explicit null.
        if value is None:
            raise ValueError("may not be null")
        return _unique(value) if isinstance(value, list) else value

    def changes(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in self.model_fields_set - {"code"}:
            value = getattr(self, name)
            out[name] = value.model_dump() if isinstance(value, BaseModel) else value
        return out


class RequiredTitle(BaseModel):
    code: str
    name: str


class TitleRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    name: str
    level: str = Field(description="government | ministry | unit (more may come).")
    target: str = Field(description="collective | individual (more may come).")
    requires: list[str]
    requires_titles: list[RequiredTitle] = Field(
        description="The titles `requires` names, with their names, in the same order."
    )
    quota: ShareQuota | CountQuota | None = Field(description=QUOTA_DESCRIPTION)
    retired: bool = Field(description="Retired: kept for history, not usable for anything new.")
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, title: Title, names: dict[str, str]) -> TitleRead:
        """``names``: the names of the titles ``title`` requires, by code."""
        fields = {f: getattr(title, f) for f in cls.model_fields if f != "requires_titles"}
        required = [RequiredTitle(code=c, name=names.get(c, c)) for c in title.requires]
        return cls.model_validate({**fields, "requires_titles": required})
