"""The conference's quorum (pure): how many member units must be present, and whether they are.

A unit is present when at least one of its delegates checked in. The share comes from the bloc's
regulation (``conference_quorum_share``, default one half) and is frozen on the conference when it opens,
with the number of member units; the count rounds up (a half of 9 units is 5).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

DENOMINATOR_LIMIT = 1_000_000


def share_of(value: float | Fraction | str) -> Fraction:
    """The share as a fraction; a frozen float (0.6666666666666666) reads back as the fraction it was
    (2/3)."""
    if isinstance(value, Fraction):
        return value
    return Fraction(value).limit_denominator(DENOMINATOR_LIMIT)


def required(share: Fraction, members: int) -> int:
    """ceil(share × members): the member units that must be present."""
    return math.ceil(share * members)


@dataclass(frozen=True)
class Quorum:
    members: int
    present: int
    share: Fraction
    required: int

    @property
    def met(self) -> bool:
        return self.present >= self.required


def quorum(*, members: int, present: int, share: Fraction) -> Quorum:
    return Quorum(members=members, present=present, share=share, required=required(share, members))


def share_text(share: Fraction) -> str:
    """ "1/2", "2/3"; a whole share as "1"."""
    return str(share)
