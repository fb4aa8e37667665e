from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class TokenResponse(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int
    refresh_token: str | None = None


class RefreshRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    refresh_token: str = Field(min_length=1, max_length=512)


class GrantType(StrEnum):
    PASSWORD = "password"
    REFRESH_TOKEN = "refresh_token"
    CLIENT_CREDENTIALS = "client_credentials"


TOKEN_FIELD_MAX = 512


class TokenForm(BaseModel):
    """The token request's fields as sent, read from the form by the route itself: each is optional here
    because RFC 6749 answers a missing field with 400 ``invalid_request`` (and an unknown grant with 400
    ``unsupported_grant_type``), never with a 422; ``TOKEN_REQUEST_SCHEMA`` documents what each grant
    requires. Other fields (``scope``, which OAuth clients such as Swagger UI send) are ignored."""

    grant_type: str | None = Field(default=None, max_length=TOKEN_FIELD_MAX)
    username: str | None = Field(default=None, max_length=TOKEN_FIELD_MAX)
    password: str | None = Field(default=None, max_length=TOKEN_FIELD_MAX)
    refresh_token: str | None = Field(default=None, max_length=TOKEN_FIELD_MAX)
    client_id: str | None = Field(default=None, max_length=TOKEN_FIELD_MAX)
    client_secret: str | None = Field(default=None, max_length=TOKEN_FIELD_MAX)


_FIELDS = {
    "grant_type": "The grant: `password`, `refresh_token` or `client_credentials`.",
    "username": "The user's username (`password` grant).",
    "password": "The user's password (`password` grant).",
    "refresh_token": "A refresh token from an earlier answer (`refresh_token` grant); it is spent.",
    "client_id": "The service client's id (`client_credentials` grant). Ignored by the other grants "
    "(Swagger UI may send it with the password flow).",
    "client_secret": "The service client's secret (`client_credentials` grant). Ignored by the other grants.",
    "scope": "Accepted and ignored: a user's token carries the user's roles, a client's token every scope "
    "the client is registered with.",
}


def _string(name: str) -> dict[str, Any]:
    return {"type": "string", "maxLength": TOKEN_FIELD_MAX, "description": _FIELDS[name]}


def _grant(grant: GrantType, title: str, *required: str) -> dict[str, Any]:
    return {
        "title": title,
        "type": "object",
        "properties": {
            "grant_type": {"type": "string", "enum": [grant.value], "description": _FIELDS["grant_type"]},
            **{name: _string(name) for name in required},
        },
        "required": ["grant_type", *required],
    }


TOKEN_REQUEST_SCHEMA: dict[str, Any] = {
    "title": "TokenRequest",
    "description": "One of the three grants (RFC 6749 §4.3, §6, §4.4). A missing field is 400 "
    "`invalid_request`, another `grant_type` 400 `unsupported_grant_type`; fields a grant does not use are "
    "ignored.",
    "type": "object",
    "properties": {
        "grant_type": {
            "type": "string",
            "enum": [g.value for g in GrantType],
            "description": _FIELDS["grant_type"],
        },
        **{name: _string(name) for name in _FIELDS if name != "grant_type"},
    },
    "required": ["grant_type"],
    "oneOf": [
        _grant(GrantType.PASSWORD, "Password grant", "username", "password"),
        _grant(GrantType.REFRESH_TOKEN, "Refresh token grant", "refresh_token"),
        _grant(GrantType.CLIENT_CREDENTIALS, "Client credentials grant", "client_id", "client_secret"),
    ],
}
"""The token request body as documented (the route reads the form itself: see ``TokenForm``)."""


class OAuthErrorCode(StrEnum):
    """The RFC 6749 §5.2 errors the token endpoint answers."""

    INVALID_REQUEST = "invalid_request"
    INVALID_CLIENT = "invalid_client"
    INVALID_GRANT = "invalid_grant"
    UNSUPPORTED_GRANT_TYPE = "unsupported_grant_type"


class OAuthErrorBody(BaseModel):
    """An RFC 6749 §5.2 error (not problem details): 400 for `invalid_request`, `invalid_grant` and
    `unsupported_grant_type`; 401 (with `WWW-Authenticate: Basic`) for `invalid_client`."""

    error: OAuthErrorCode
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
    unit_code: str | None = Field(description="That unit's code; null without a unit.")
    unit_name: str | None = Field(description="That unit's name; null without a unit.")
    scopes: list[str]
    memberships: list[MembershipRead]
