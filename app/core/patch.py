"""What every PATCH body shares: fields that may be left out but not sent as ``null``, and the changes."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict

T = TypeVar("T")


def refuse_null(value: T) -> T:
    """A field validator (``field_validator(*names)(refuse_null)``): pydantic does not validate defaults, so
    it runs only for fields that were sent, and refuses only an explicit ``null``."""
    if value is None:
        raise ValueError("may not be null")
    return value


class PatchBody(BaseModel):
    # Only the fields sent change; ``code``, where a resource has one, is immutable and may be sent only
    # with its current value (the service compares it), so it is never among the changes.
    model_config = ConfigDict(extra="forbid")

    def changes(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.model_fields_set if name != "code"}
