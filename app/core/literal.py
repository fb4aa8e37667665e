"""``StrEnum`` fields that validate and render exactly as the ``Literal`` of their values.

Pydantic would render an enum as a named component (a ``$ref``) and report a bad value as ``enum``; the
API contract has inline string enums and ``literal_error``. ``Annotated[SessionStatus, AsLiteral()]``
keeps both, and still hands the code the enum's member.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema


class AsLiteral:
    def __get_pydantic_core_schema__(
        self, source: type[StrEnum], handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        values: list[Any] = [m.value for m in source]
        return core_schema.no_info_after_validator_function(source, core_schema.literal_schema(values))
