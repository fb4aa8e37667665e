"""Cursor pagination in creation order, with ``Link: <...>; rel="next"``."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query, Request, Response
from pydantic import BaseModel
from sqlalchemy import Select, and_, or_
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.core.errors import Invalid

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)
MAX_LIMIT = 500


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None


@dataclass(frozen=True)
class PageParams:
    limit: int
    cursor: str | None


@dataclass(frozen=True)
class PageRequest(PageParams):
    """The page a list route was asked for: what the service needs, and where to link the next page."""

    request: Request
    response: Response

    def link(self, next_cursor: str | None) -> None:
        set_link_header(self.request, self.response, next_cursor)

    def of(self, model: type[M], items: Iterable[M], next_cursor: str | None) -> Page[M]:
        """The page of ``items``, with the ``Link`` header to the next one."""
        self.link(next_cursor)
        return Page[model](items=list(items), next_cursor=next_cursor)  # type: ignore[valid-type]  # known at run time


def page_params(
    request: Request,
    response: Response,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size (default 50, at most 500).")] = 50,
    cursor: Annotated[
        str | None, Query(max_length=512, description="`next_cursor` of the previous page.")
    ] = None,
) -> PageRequest:
    return PageRequest(limit=limit, cursor=cursor, request=request, response=response)


PageDep = Annotated[PageRequest, Depends(page_params)]


def updated_since_utc(value: datetime) -> datetime:
    """An ``updated_since`` filter as UTC: a time without an offset is read as UTC; out of range is 422."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError as exc:  # e.g. 0001-01-01T00:00:00+14:00
        raise Invalid(
            "updated_since is out of range.",
            detail_vi="updated_since nằm ngoài phạm vi cho phép.",
            errors=[{"loc": ["query", "updated_since"], "msg": "out of range", "type": "value_error"}],
        ) from exc


def encode_cursor(created_at: datetime, id_: str) -> str:
    raw = json.dumps([created_at.isoformat(), id_], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        created, id_ = json.loads(raw)
        if not isinstance(created, str) or not isinstance(id_, str) or len(id_) > 64:
            raise ValueError("cursor parts have the wrong types")
        at = datetime.fromisoformat(created)
        if at.tzinfo is None:
            raise ValueError("cursor time without offset")
        # In UTC here, as the columns store it: a time that has none (year 9999 at -14:00) is invalid,
        # not an overflow in the database driver.
        return at.astimezone(UTC), id_
    except (ValueError, TypeError, OverflowError, binascii.Error, json.JSONDecodeError) as exc:
        raise Invalid(
            "The cursor is not valid.",
            detail_vi="Con trỏ phân trang không hợp lệ.",
            errors=[{"loc": ["query", "cursor"], "msg": "invalid cursor", "type": "value_error"}],
        ) from exc


def paginate(
    session: Session,
    stmt: Select[Any],
    params: PageParams,
    *,
    created_col: InstrumentedAttribute[Any],
    id_col: InstrumentedAttribute[Any],
) -> tuple[Sequence[Any], str | None]:
    """Rows of ``stmt`` (a select of one entity) after the cursor, in (created_at, id) order."""
    if params.cursor:
        created, id_ = decode_cursor(params.cursor)
        stmt = stmt.where(or_(created_col > created, and_(created_col == created, id_col > id_)))
    rows = session.scalars(stmt.order_by(created_col, id_col).limit(params.limit + 1)).all()
    if len(rows) <= params.limit:
        return rows, None
    rows = rows[: params.limit]
    last = rows[-1]
    return rows, encode_cursor(getattr(last, created_col.key), getattr(last, id_col.key))


def set_link_header(request: Request, response: Response, next_cursor: str | None) -> None:
    if next_cursor:
        url = request.url.include_query_params(cursor=next_cursor)
        response.headers["Link"] = f'<{url}>; rel="next"'
