"""Cursor pagination: the page envelope, ``?sort=``, ``?include_total=`` and ``Link: <...>; rel="next"``.

Every list answers ``{"items", "next_cursor", "total"}``. The order is creation order unless the list
offers ``?sort=`` (``key`` ascending, ``-key`` descending, ties by id, an empty key last either way). A
cursor is a keyset position in one order: it carries the sort it was made for, and a cursor used with
another sort is 422. ``total`` is counted (one ``COUNT``) only when the client asks for it.
"""

from __future__ import annotations

import base64
import binascii
import inspect
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.core.errors import Invalid

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)
MAX_LIMIT = 500

LINK_HEADER = {
    "Link": {
        "description": 'RFC 8288 `<url>; rel="next"`: the next page (the same query with `cursor` set), '
        "sent only when there is more.",
        "schema": {"type": "string"},
    }
}


class Page(BaseModel, Generic[T]):
    """One page of a list. Follow ``next_cursor`` (or the ``Link`` header) until it is null."""

    items: list[T]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last one.")
    total: int | None = Field(
        default=None,
        description="How many items the whole list has (every page, with the filters given): only with "
        "`include_total=true`, null otherwise.",
    )


@dataclass(kw_only=True)
class PageParams:
    limit: int
    cursor: str | None = None
    include_total: bool = False
    sort: str | None = None
    """The client's ``?sort=`` (``key`` or ``-key``), or None for the list's own order."""
    total: int | None = field(default=None, compare=False)
    """What the list's query counted, when ``include_total`` (set by ``paginate`` or ``count_into``)."""


@dataclass(kw_only=True)
class PageRequest(PageParams):
    """The page a list route was asked for: what the service needs, and where to link the next page."""

    request: Request
    response: Response

    def link(self, next_cursor: str | None) -> None:
        set_link_header(self.request, self.response, next_cursor)

    def of(self, model: type[M], items: Iterable[M], next_cursor: str | None) -> Page[M]:
        """The page of ``items``, with the ``Link`` header to the next one."""
        self.link(next_cursor)
        page_model = Page[model]  # type: ignore[valid-type]  # known at run time
        return page_model(items=list(items), next_cursor=next_cursor, total=self.total)


def page_params(
    request: Request,
    response: Response,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size (default 50, at most 500).")] = 50,
    cursor: Annotated[
        str | None, Query(max_length=2048, description="`next_cursor` of the previous page.")
    ] = None,
    include_total: Annotated[
        bool, Query(description="Also count the whole list (with the filters given) into `total`.")
    ] = False,
) -> PageRequest:
    return PageRequest(
        limit=limit, cursor=cursor, include_total=include_total, request=request, response=response
    )


PageDep = Annotated[PageRequest, Depends(page_params)]


def sort_enum(name: str, sorts: Mapping[str, Any]) -> type[StrEnum]:
    """The ``?sort=`` values of a list whose sort keys are ``sorts``' keys: each key, and ``-key``."""
    members = [(m, v) for key in sorts for m, v in ((key.upper(), key), (f"{key.upper()}_DESC", f"-{key}"))]
    return StrEnum(name, members)  # type: ignore[return-value]  # the functional API


def sorted_page(sorts: type[StrEnum], *, default: str = "creation order") -> Any:
    """A ``PageDep`` that also reads ``?sort=`` among ``sorts`` (``key`` ascending, ``-key`` descending).

    Use as ``page: Annotated[PageRequest, Depends(sorted_page(UnitSort))]``; the repository passes the
    columns behind the keys to ``paginate(..., sorts=...)``.
    """

    def sorted_page_params(page: PageRequest, sort: StrEnum | None) -> PageRequest:
        return replace(page, sort=None if sort is None else sort.value)

    keys = ", ".join(f"`{s.value}`" for s in sorts)
    description = (
        f"Order of the list: one of {keys} (`-` for descending; ties by id, an empty value last). "
        f"Default: {default}. A cursor keeps the sort it was made for."
    )
    sorted_page_params.__signature__ = inspect.Signature(  # type: ignore[attr-defined]  # read by FastAPI
        [
            inspect.Parameter("page", inspect.Parameter.KEYWORD_ONLY, annotation=PageDep),
            inspect.Parameter(
                "sort",
                inspect.Parameter.KEYWORD_ONLY,
                default=None,
                annotation=Annotated[sorts | None, Query(description=description)],
            ),
        ],
        return_annotation=PageRequest,
    )
    return sorted_page_params


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


def _b64(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value, separators=(",", ":")).encode()).decode().rstrip("=")


def _unb64(cursor: str) -> Any:
    return json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))


def _invalid_cursor(reason: str = "invalid cursor") -> Invalid:
    return Invalid(
        "The cursor is not valid.",
        detail_vi="Con trỏ phân trang không hợp lệ.",
        errors=[{"loc": ["query", "cursor"], "msg": reason, "type": "value_error"}],
    )


def _other_sort() -> Invalid:
    return Invalid(
        "The cursor was made for another sort order: start again without a cursor.",
        detail_vi="Con trỏ phân trang được tạo cho một cách sắp xếp khác: hãy bắt đầu lại không kèm con trỏ.",
        errors=[{"loc": ["query", "cursor"], "msg": "cursor made for another sort", "type": "value_error"}],
    )


def encode_cursor(created_at: datetime, id_: str) -> str:
    """A position in creation order (the form cursors had before ``?sort=``, kept so they stay valid)."""
    return _b64([created_at.isoformat(), id_])


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        raw = _unb64(cursor)
    except (ValueError, TypeError, binascii.Error) as exc:
        raise _invalid_cursor() from exc
    if isinstance(raw, dict) and "sort" in raw:
        raise _other_sort()
    try:
        created, id_ = raw
        if not isinstance(created, str) or not isinstance(id_, str) or len(id_) > 64:
            raise ValueError("cursor parts have the wrong types")
        at = datetime.fromisoformat(created)
        if at.tzinfo is None:
            raise ValueError("cursor time without offset")
        # In UTC here, as the columns store it: a time that has none (year 9999 at -14:00) is invalid,
        # not an overflow in the database driver.
        return at.astimezone(UTC), id_
    except (ValueError, TypeError, OverflowError) as exc:
        raise _invalid_cursor() from exc


def encode_sorted_cursor(sort: str, key: Any, id_: str) -> str:
    if isinstance(key, date):  # a datetime is a date too
        key = key.isoformat()
    return _b64({"sort": sort, "key": key, "id": id_})


def decode_sorted_cursor(cursor: str, sort: str, python_type: type[Any]) -> tuple[Any, str]:
    """(key, id) of a cursor made for ``sort``, the key as ``python_type`` (or None)."""
    try:
        raw = _unb64(cursor)
    except (ValueError, TypeError, binascii.Error) as exc:
        raise _invalid_cursor() from exc
    if not isinstance(raw, dict) or "sort" not in raw:
        raise _other_sort() if isinstance(raw, list) else _invalid_cursor()
    if raw["sort"] != sort:
        raise _other_sort()
    key, id_ = raw.get("key"), raw.get("id")
    if not isinstance(id_, str) or len(id_) > 64:
        raise _invalid_cursor()
    if key is None:
        return None, id_
    try:
        return _key_of(key, python_type), id_
    except (ValueError, TypeError, OverflowError) as exc:
        raise _invalid_cursor() from exc


def _key_of(value: Any, python_type: type[Any]) -> Any:
    if python_type is datetime:
        at = datetime.fromisoformat(value)
        if at.tzinfo is None:
            raise ValueError("cursor time without offset")
        return at.astimezone(UTC)
    if python_type is date:
        return date.fromisoformat(value)
    if python_type is int:
        if type(value) is not int:
            raise TypeError("not an integer")
        return value
    if not isinstance(value, str) or len(value) > 1000:
        raise TypeError("not a string")
    return value


def count_into(session: Session, stmt: Select[Any], params: PageParams) -> None:
    """``params.total``: how many rows ``stmt`` (the whole filtered list) has, when the client asked."""
    if params.include_total:
        counted = select(func.count()).select_from(stmt.order_by(None).subquery())
        params.total = session.scalar(counted) or 0


def paginate(
    session: Session,
    stmt: Select[Any],
    params: PageParams,
    *,
    created_col: InstrumentedAttribute[Any],
    id_col: InstrumentedAttribute[Any],
    sorts: Mapping[str, InstrumentedAttribute[Any]] | None = None,
) -> tuple[Sequence[Any], str | None]:
    """Rows of ``stmt`` (a select of one entity) after the cursor: in (created_at, id) order, or by
    ``params.sort`` (a key of ``sorts``, ``-`` for descending) then id."""
    count_into(session, stmt, params)
    if params.sort:
        return _paginate_sorted(session, stmt, params, id_col=id_col, sorts=sorts or {})
    if params.cursor:
        created, id_ = decode_cursor(params.cursor)
        stmt = stmt.where(or_(created_col > created, and_(created_col == created, id_col > id_)))
    rows = session.scalars(stmt.order_by(created_col, id_col).limit(params.limit + 1)).all()
    if len(rows) <= params.limit:
        return rows, None
    rows = rows[: params.limit]
    last = rows[-1]
    return rows, encode_cursor(getattr(last, created_col.key), getattr(last, id_col.key))


def _paginate_sorted(
    session: Session,
    stmt: Select[Any],
    params: PageParams,
    *,
    id_col: InstrumentedAttribute[Any],
    sorts: Mapping[str, InstrumentedAttribute[Any]],
) -> tuple[Sequence[Any], str | None]:
    sort = params.sort or ""
    descending = sort.startswith("-")
    column = sorts[sort.removeprefix("-")]  # a KeyError here is a route offering a key its query lacks
    python_type = column.type.python_type
    key: ColumnElement[Any] = column.expression
    if python_type is str and session.get_bind().dialect.name == "postgresql":
        # Code-point order, as SQLite's BINARY: the same pages on both, whatever the database's locale.
        key = column.collate("C")
    nullable = bool(getattr(column.expression, "nullable", True))
    if params.cursor:
        after, id_ = decode_sorted_cursor(params.cursor, sort, python_type)
        if after is None:
            stmt = stmt.where(key.is_(None), id_col > id_)
        else:
            beyond = key < after if descending else key > after
            rest = [key.is_(None)] if nullable else []
            stmt = stmt.where(or_(beyond, and_(key == after, id_col > id_), *rest))
    order: list[ColumnElement[Any]] = [key.is_(None)] if nullable else []
    order += [key.desc() if descending else key.asc(), id_col.asc()]
    rows = session.scalars(stmt.order_by(*order).limit(params.limit + 1)).all()
    if len(rows) <= params.limit:
        return rows, None
    rows = rows[: params.limit]
    last = rows[-1]
    return rows, encode_sorted_cursor(sort, getattr(last, column.key), getattr(last, id_col.key))


def paginate_in_memory(
    rows: Sequence[T], params: PageParams, *, key: Callable[[T], list[int | str]]
) -> tuple[Sequence[T], str | None]:
    """A page of ``rows``, already in ``key`` order (unique keys), for lists computed in Python."""
    if params.include_total:
        params.total = len(rows)
    if params.cursor:
        try:
            raw = _unb64(params.cursor)
            after = raw["after"]
            if not isinstance(after, list) or not all(isinstance(k, int | str) for k in after):
                raise TypeError("cursor key")
            rows = [r for r in rows if key(r) > after]
        except (ValueError, TypeError, KeyError, binascii.Error) as exc:
            raise _invalid_cursor() from exc
    if len(rows) <= params.limit:
        return rows, None
    rows = rows[: params.limit]
    return rows, _b64({"after": key(rows[-1])})


def set_link_header(request: Request, response: Response, next_cursor: str | None) -> None:
    if next_cursor:
        url = request.url.include_query_params(cursor=next_cursor)
        response.headers["Link"] = f'<{url}>; rel="next"'
