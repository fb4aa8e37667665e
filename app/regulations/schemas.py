"""Request and response models for the regulations (quy chế) and their settings."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from app.core.days import RecordDay
from app.core.text import MULTI_LINE, clean_text
from app.models import Regulation

MAX_SETTINGS = 50


class RegulationWrite(BaseModel):
    """A new version of the regulation: every setting it holds (settings left out take the law's value)."""

    model_config = ConfigDict(extra="forbid")

    values: dict[Annotated[str, Field(max_length=64)], Any] = Field(
        max_length=MAX_SETTINGS,
        description="Setting → value; `GET /api/v1/regulations/settings` lists the settings, their types, "
        "defaults, and whether a value may only tighten the law.",
        examples=[{"cstdcs_cap_share": 0.1, "government_flag_cap_share": 0.2}],
    )
    effective_from: RecordDay = Field(
        description="The first date the version applies to (decision dates), `YYYY-MM-DD`, 1945–2200."
    )
    reason: (
        Annotated[str, BeforeValidator(clean_text), Field(min_length=1, max_length=2000), MULTI_LINE] | None
    ) = Field(default=None, description="Why the regulation changes (e.g. the number of its decision).")


class RegulationRead(BaseModel):
    id: str
    scope: str = Field(description="`ministry`, or `bloc:<bloc id>`.")
    bloc_id: str | None
    version: int
    effective_from: date
    values: dict[str, Any]
    reason: str | None
    created_by: str | None
    created_by_name: str | None = Field(description="The full name of the user who published it.")
    created_at: datetime

    @classmethod
    def of(cls, r: Regulation, users: dict[str, str]) -> RegulationRead:
        """``users``: full names by id (``app.core.names.users``) of whoever published ``r``."""
        return cls(
            id=r.id,
            scope=r.scope_key,
            bloc_id=r.bloc_id,
            version=r.version,
            effective_from=r.effective_from,
            values=dict(r.values),
            reason=r.reason,
            created_by=r.created_by,
            created_by_name=users.get(r.created_by) if r.created_by else None,
            created_at=r.created_at,
        )


class RegulationHistory(BaseModel):
    items: list[RegulationRead] = Field(description="Every version, newest first.")


class SettingRead(BaseModel):
    key: str
    type: str
    default: Any
    description: str
    description_vi: str
    unconfirmed: bool = Field(
        description="law.md could not confirm the law's value: the default is a suggestion, not law."
    )
    tighten_only: bool = Field(description="A value may only make the law stricter.")


class SettingList(BaseModel):
    items: list[SettingRead]
