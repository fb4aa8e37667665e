"""Request and response models for users and service clients."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)

from app.core.literal import InlineEnum
from app.core.names import UnitName
from app.core.text import SINGLE_LINE, clean_text
from app.models import ServiceClient, User, enums

Role = InlineEnum[enums.UserRole]
Scope = InlineEnum[enums.Scope]

ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"


def _unique(values: list[Any]) -> list[Any]:
    if len(set(values)) != len(values):
        raise ValueError("must not contain duplicates")
    return values


Username = Annotated[str, StringConstraints(min_length=3, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")]
Password = Annotated[str, StringConstraints(min_length=8, max_length=256), SINGLE_LINE]
# NFC and trimmed first, so the length limits count what is stored.
Name = Annotated[
    str,
    BeforeValidator(clean_text),
    StringConstraints(min_length=1, max_length=200),
    SINGLE_LINE,
]
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Roles = Annotated[
    list[Role],
    Field(
        min_length=1,
        max_length=len(enums.UserRole),
        description="`officer` and `unit_head` (the head of the unit, thủ trưởng đơn vị) act for one unit "
        "and need `unit_id`; a user may hold both.",
        json_schema_extra={"uniqueItems": True},
    ),
    AfterValidator(_unique),
]
Scopes = Annotated[
    list[Scope],
    Field(min_length=1, max_length=5, json_schema_extra={"uniqueItems": True}),
    AfterValidator(_unique),
]


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _not_null(value: Any) -> Any:
    # Runs only for fields that were sent (defaults are not validated): omitted is fine, null is not.
    if value is None:
        raise ValueError("may be omitted but not null")
    return value


# ---- users --------------------------------------------------------------------------------------------


class UserCreate(_Input):
    username: Username
    password: Password
    full_name: Name
    roles: Roles
    unit_id: Id | None = None


class UserUpdate(_Input):
    """Only the fields sent change. ``unit_id: null`` detaches the user from its unit."""

    full_name: Name | None = None
    roles: Roles | None = None
    unit_id: Id | None = None
    active: bool | None = Field(default=None, description="`false` disables the user and ends its sessions.")
    password: Password | None = Field(default=None, description="A new password; ends the user's sessions.")

    _refuse_null = field_validator("full_name", "roles", "active", "password", mode="before")(_not_null)


class UserRead(BaseModel):
    id: str
    username: str
    full_name: str
    roles: list[str]
    unit_id: str | None
    unit_code: str | None = Field(description="The unit's code; null without a unit.")
    unit_name: str | None = Field(description="The unit's name; null without a unit.")
    active: bool
    created_at: datetime
    updated_at: datetime
    last_login_at: datetime | None

    @classmethod
    def of(cls, user: User, units: dict[str, UnitName]) -> UserRead:
        unit = units[user.unit_id] if user.unit_id else None
        return cls(
            id=user.id,
            username=user.username,
            full_name=user.full_name,
            roles=list(user.roles),
            unit_id=user.unit_id,
            unit_code=unit.code if unit else None,
            unit_name=unit.name if unit else None,
            active=user.active,
            created_at=user.created_at,
            updated_at=user.updated_at,
            last_login_at=user.last_login_at,
        )


# ---- service clients ----------------------------------------------------------------------------------


class ClientCreate(_Input):
    name: Name
    scopes: Scopes
    unit_id: Id | None = Field(
        default=None,
        description=(
            "Required with `reports:write`, `scores:write` or `proposals:write`: the one unit it writes for."
        ),
    )


class ClientUpdate(_Input):
    name: Name | None = None
    scopes: Scopes | None = None
    unit_id: Id | None = None
    active: bool | None = Field(default=None, description="`false` disables the client and ends its tokens.")

    _refuse_null = field_validator("name", "scopes", "active", mode="before")(_not_null)


class ClientRead(BaseModel):
    id: str
    client_id: str
    name: str
    scopes: list[str]
    unit_id: str | None
    unit_code: str | None = Field(description="The unit's code; null for a client bound to no unit.")
    unit_name: str | None = Field(description="The unit's name; null for a client bound to no unit.")
    active: bool
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, client: ServiceClient, units: dict[str, UnitName]) -> ClientRead:
        unit = units[client.unit_id] if client.unit_id else None
        return cls(
            id=client.id,
            client_id=client.client_id,
            name=client.name,
            scopes=list(client.scopes),
            unit_id=client.unit_id,
            unit_code=unit.code if unit else None,
            unit_name=unit.name if unit else None,
            active=client.active,
            created_at=client.created_at,
            updated_at=client.updated_at,
        )


class ClientWithSecret(ClientRead):
    client_secret: str = Field(description="Shown only in this response: store it now.")
