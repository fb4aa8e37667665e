from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class TokenResponse(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int
    refresh_token: str | None = None


class RefreshRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    refresh_token: str = Field(min_length=1, max_length=512)


class OAuthErrorBody(BaseModel):
    error: str
    error_description: str


class MembershipRead(BaseModel):
    year: int
    bloc_id: str
    role: str
    campaign_id: str | None


class MeRead(BaseModel):
    id: str
    kind: str
    username: str
    full_name: str
    roles: list[str] = Field(
        description="`admin`, `secretariat`, `officer`, `unit_head`, `observer` (more may come); a client "
        "has none."
    )
    unit_id: str | None = Field(description="The unit an `officer` or `unit_head` acts for.")
    scopes: list[str]
    memberships: list[MembershipRead]
