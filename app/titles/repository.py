"""The titles catalogue's ordered read: by level (highest first), then code."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import and_, case, or_, select
from sqlalchemy.orm import Session

from app.models import Title

# The catalogue reads from the highest title down; a level added later sorts after these.
LEVEL_ORDER = {"government": 0, "ministry": 1, "unit": 2}
OTHER_LEVEL = len(LEVEL_ORDER)
_level_rank = case(LEVEL_ORDER, value=Title.level, else_=OTHER_LEVEL)


def titles_after(session: Session, *, after: tuple[int, str] | None, limit: int) -> Sequence[Title]:
    """Up to ``limit`` titles past ``after`` (a level rank and a code) in catalogue order."""
    stmt = select(Title)
    if after is not None:
        rank, code = after
        stmt = stmt.where(or_(_level_rank > rank, and_(_level_rank == rank, Title.code > code)))
    return session.scalars(stmt.order_by(_level_rank, Title.code).limit(limit)).all()
