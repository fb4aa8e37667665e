"""Response models for the audit trail (read-only: nobody writes it through the API)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.core.pagination import Page


class AuditEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    seq: int = Field(description="Position in the chain, from 1.")
    at: datetime
    actor_id: str | None = Field(description="The user's or service client's id; null for the system.")
    actor_type: str = Field(description="user | client | system")
    actor_name: str | None = Field(
        default=None, description="The user's full name or the service client's name; null for the system."
    )
    action: str = Field(examples=["unit.update"])
    object_type: str | None
    object_id: str | None
    request_id: str | None
    outcome: str = Field(examples=["success", "failure"])
    details: dict[str, Any]


class AuditEventPage(Page[AuditEventRead]):
    """A page of the trail, in chain order."""


class ChainVerification(BaseModel):
    ok: bool
    count: int | None = Field(default=None, description="Events checked, when the chain is intact.")
    first_bad_id: str | None = Field(default=None, description="The first event that breaks the chain.")
