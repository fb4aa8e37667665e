"""Strong ETags from each resource's version counter, ``If-Match`` preconditions and ``If-None-Match``."""

from __future__ import annotations

import re
from typing import Annotated, Protocol

from fastapi import Header, Response

from app.core.errors import PreconditionFailed


class Versioned(Protocol):
    """Read-only: a model row, or a frozen tag such as ``app.titles.service.TitleTag``."""

    @property
    def id(self) -> str: ...

    @property
    def version(self) -> int: ...


def etag_of(obj: Versioned) -> str:
    return f'"{obj.id}.{obj.version}"'


def set_etag(response: Response, obj: Versioned) -> None:
    response.headers["ETag"] = etag_of(obj)


def check_if_match(if_match: str | None, obj: Versioned) -> None:
    if if_match is None:
        return
    wanted = {tag.strip() for tag in if_match.split(",")}
    if "*" in wanted or etag_of(obj) in wanted:
        return
    raise PreconditionFailed(
        "If-Match does not match the current version; reload the resource and retry.",
        detail_vi="If-Match không khớp với phiên bản hiện tại; hãy tải lại và thử lại.",
    )


_ENTITY_TAG = re.compile(r'(?:W/)?"([^"]*)"')


def none_match_hits(if_none_match: str, etag: str) -> bool:
    """Whether an ``If-None-Match`` header names ``etag`` (RFC 9110 §13.1.2): ``*`` names any current
    representation, and the comparison is weak (``W/"x"`` and ``"x"`` are the same tag)."""
    if if_none_match.strip() == "*":
        return True
    current = _ENTITY_TAG.fullmatch(etag.strip())
    if current is None:
        return False
    return current.group(1) in _ENTITY_TAG.findall(if_none_match)


IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match", max_length=1024, description="The ETag you read; 412 when the resource has changed."
    ),
]
