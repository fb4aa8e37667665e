"""Whole numbers in JSON bodies: strict (``true`` and ``"7"`` are not numbers), but read as JSON reads them.

JSON, and JSON Schema's ``integer``, do not tell ``7`` from ``7.0``; a client that writes every number as a
float (JavaScript's ``7``, Python's ``7.0``) sends a whole number all the same. ``INTEGRAL`` goes before a
strict ``int``: a float with an integral value becomes that int; ``7.5``, ``true`` and ``"7"`` stay refused.
Put it after the ``Field`` of the constraints (``Annotated[int, Field(strict=True, ge=1), INTEGRAL]``): before
it, pydantic would document the constraints as ``ge``/``le`` rather than ``minimum``/``maximum``.
"""

from __future__ import annotations

from pydantic import BeforeValidator


def integral(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


INTEGRAL = BeforeValidator(integral)
