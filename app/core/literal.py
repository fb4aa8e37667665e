"""``StrEnum`` fields that validate and render exactly as the ``Literal`` of their values.

Pydantic would render an enum as a named component (and FastAPI lists every enum it meets among the
components) and report a bad value as ``enum``; the API contract has inline string enums and
``literal_error``. ``InlineEnum[SessionStatus]`` is validated as the ``Literal`` of the enum's values, then
handed to the code as the enum's member; for the type checker it is simply ``SessionStatus``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

from pydantic import AfterValidator

E = TypeVar("E", bound=StrEnum)

if TYPE_CHECKING:
    InlineEnum = Annotated[E, "validated as the Literal of its values"]
else:

    class InlineEnum:
        def __class_getitem__(cls, enum: type[StrEnum]) -> Any:
            values = tuple(m.value for m in enum)
            return Annotated[Literal[values], AfterValidator(enum)]
