"""The titles catalogue: the use cases. No FastAPI here; services flush, the request's route commits."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core import audit, updates
from app.core.errors import Conflict, Invalid, NotFound, already_exists, refuse_code_change
from app.core.etag import check_if_match
from app.core.pagination import PageParams, count_into
from app.models import Title, TitleTarget
from app.models.base import utcnow
from app.titles import repository, rules
from app.titles.repository import LEVEL_ORDER, OTHER_LEVEL


@dataclass(frozen=True)
class TitleTag:
    """What an ETag is made of (``app.core.etag`` reads ``id`` and ``version``): titles are keyed by code."""

    id: str
    version: int


def tag_of(title: Title) -> TitleTag:
    return TitleTag(id=title.code, version=title.version)


# ---- reading ------------------------------------------------------------------------------------------


def _encode_cursor(rank: int, code: str) -> str:
    raw = json.dumps([rank, code], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[int, str]:
    try:
        rank, code = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(rank, int) or not isinstance(code, str):
            raise ValueError("cursor parts have the wrong types")
        return rank, code
    except (ValueError, TypeError, binascii.Error) as exc:
        raise Invalid(
            "The cursor is not valid.",
            detail_vi="Con trỏ phân trang không hợp lệ.",
            errors=[{"loc": ["query", "cursor"], "msg": "invalid cursor", "type": "value_error"}],
        ) from exc


def list_titles(*, session: Session, page: PageParams) -> tuple[Sequence[Title], str | None]:
    """The whole catalogue by level (government, ministry, unit) then code, a page at a time."""
    count_into(session, select(Title), page)
    after = _decode_cursor(page.cursor) if page.cursor else None
    rows = repository.titles_after(session, after=after, limit=page.limit + 1)
    if len(rows) <= page.limit:
        return rows, None
    rows = rows[: page.limit]
    last = rows[-1]
    return rows, _encode_cursor(LEVEL_ORDER.get(last.level, OTHER_LEVEL), last.code)


def get(*, session: Session, code: str) -> Title:
    title = session.get(Title, code) if len(code) <= 64 else None
    if title is None:
        raise NotFound("No title has this code.", detail_vi="Không có danh hiệu nào với mã này.")
    return title


# ---- checks -------------------------------------------------------------------------------------------


def _title_code_error(msg: str, detail: str, detail_vi: str) -> Invalid:
    return Invalid(
        detail,
        detail_vi=detail_vi,
        errors=[{"loc": ["body", "title_code"], "msg": msg, "type": "value_error"}],
    )


def for_units(session: Session, code: str) -> Title:
    """The title ``code`` when a unit may aim for it or be elected for it: it exists, is not retired, and
    is a collective title (individual titles go to people). Else 422 naming ``title_code``."""
    title = session.get(Title, code) if len(code) <= 64 else None
    if title is None:
        raise _title_code_error(
            "unknown title", "No title has this code.", "Không có danh hiệu nào với mã này."
        )
    if title.retired:
        raise _title_code_error(
            "retired title",
            f"'{title.name}' is retired from the titles catalogue; nothing new may use it.",
            f"“{title.name}” đã bị loại khỏi danh mục danh hiệu; không thể sử dụng cho nội dung mới.",
        )
    if title.target != TitleTarget.COLLECTIVE:
        raise _title_code_error(
            "not a collective title",
            f"'{title.name}' is an individual title: it goes to people, not to units.",
            f"“{title.name}” là danh hiệu cá nhân: chỉ xét cho cá nhân, không xét cho đơn vị.",
        )
    return title


def _requires_error(msg: str, detail: str, detail_vi: str) -> Invalid:
    return Invalid(
        detail,
        detail_vi=detail_vi,
        errors=[{"loc": ["body", "requires"], "msg": msg, "type": "value_error"}],
    )


def _check_requires(session: Session, *, code: str, requires: list[str]) -> None:
    """The prerequisites exist, and none leads back to ``code``."""
    if code in requires:
        raise _requires_error(
            "a title cannot require itself",
            "A title cannot require itself.",
            "Danh hiệu không thể tự yêu cầu chính nó.",
        )
    # FOR UPDATE (PostgreSQL; SQLite writers are serialised already): two concurrent changes that each
    # look harmless (A requires B, B requires A) must not both commit a cycle.
    rows = session.execute(select(Title.code, Title.requires).with_for_update())
    graph: dict[str, list[str]] = {row.code: list(row.requires or []) for row in rows}
    unknown = [c for c in requires if c not in graph]
    if unknown:
        raise _requires_error(
            f"unknown title(s): {', '.join(unknown)}",
            f"These required titles do not exist: {', '.join(unknown)}.",
            f"Các danh hiệu yêu cầu không tồn tại: {', '.join(unknown)}.",
        )
    graph[code] = list(requires)
    cycle = rules.cycle_through(code, graph)
    if cycle is not None:
        path = " → ".join(cycle)
        raise _requires_error(
            f"would create a cycle: {path}",
            f"These prerequisites would make a cycle: {path}.",
            f"Các điều kiện này tạo thành vòng lặp: {path}.",
        )


def _already_exists(code: str) -> Conflict:
    return already_exists("title", "danh hiệu", code)


# ---- writing ------------------------------------------------------------------------------------------


def create(
    *,
    session: Session,
    actor: audit.Actor,
    code: str,
    name: str,
    level: str,
    target: str = "collective",
    requires: list[str] | None = None,
    quota: Mapping[str, Any] | None = None,
) -> Title:
    requires = list(requires or [])
    if session.get(Title, code) is not None:
        raise _already_exists(code)
    _check_requires(session, code=code, requires=requires)
    now = utcnow()
    title = Title(
        code=code,
        name=name,
        level=level,
        target=target,
        requires=requires,
        quota=dict(quota) if quota is not None else None,
        created_at=now,
        updated_at=now,
    )
    try:
        with session.begin_nested():
            session.add(title)
    except IntegrityError as exc:  # created by a request that committed after our look
        raise _already_exists(code) from exc
    audit.record(
        session,
        actor=actor,
        action="title.create",
        object_type="title",
        object_id=code,
        details={
            "code": code,
            "name": name,
            "level": level,
            "target": target,
            "requires": requires,
            "quota": title.quota,
        },
    )
    return title


def patch(
    *,
    session: Session,
    actor: audit.Actor,
    code: str,
    changes: Mapping[str, Any],
    code_in_body: str | None = None,
    if_match: str | None = None,
) -> Title:
    """Change the fields in ``changes``. Changing nothing writes nothing: no new version, no audit event."""
    title = get(session=session, code=code)
    check_if_match(if_match, tag_of(title))
    refuse_code_change(title.code, code_in_body, what="title", what_vi="danh hiệu")
    diff = updates.diff_of(title, changes)
    if not diff:
        return title
    if "requires" in diff:
        _check_requires(session, code=title.code, requires=list(changes["requires"]))
    updates.apply(title, diff)
    updates.record(
        session, actor, diff, object_type="title", object_id=title.code, code=title.code, what_vi="danh hiệu"
    )
    return title
