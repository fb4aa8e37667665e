"""The titles catalogue: thin routes over ``app.titles.service``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from fastapi import Path, Request, Response, status

from app.core import names
from app.core.db import SessionDep
from app.core.etag import IfMatch, set_etag
from app.core.idempotency import Idempotent
from app.core.pagination import Page, PageDep
from app.core.responses import AUTH, PRECONDITION_FAILED, Responses, etag_headers, not_found
from app.core.routing import feature_router
from app.models import Title
from app.titles import service
from app.titles.policies import TitleEditor, TitleReader
from app.titles.schemas import TitleCreate, TitleRead, TitleUpdate

router = feature_router(prefix="/titles", tags=["titles"])

CodePath = Annotated[str, Path(description="The title's code, e.g. `co_thi_dua_bo`.")]

_ETAG = etag_headers("The title's version")
# Reading or changing one title: who may, whether it exists, and its ETag.
_ONE: Responses = {**AUTH, **not_found("title"), 200: {"headers": _ETAG}}
_REQUIRES_422 = (
    "Invalid body, or `requires` names an unknown title, the title itself, or makes a cycle "
    '(`validation_error`, with `errors[].loc` = `["body", "requires"]`).'
)


def _reads(session: SessionDep, titles: Sequence[Title]) -> list[TitleRead]:
    """The titles, each with the names of the titles it requires (one query for them all)."""
    required = names.titles(session, (c for t in titles for c in t.requires))
    return [TitleRead.of(t, required) for t in titles]


def _read(session: SessionDep, title: Title, response: Response) -> TitleRead:
    set_etag(response, service.tag_of(title))
    return _reads(session, [title])[0]


@router.get(
    "",
    response_model=Page[TitleRead],
    summary="List the titles catalogue",
    description="Every title, by level (`government`, `ministry`, `unit`, then any later level) and then "
    "by code. Readable by every authenticated principal.",
    responses=AUTH,
)
def list_titles(session: SessionDep, _principal: TitleReader, page: PageDep) -> Page[TitleRead]:
    items, next_cursor = service.list_titles(session=session, page=page)
    return page.of(TitleRead, _reads(session, items), next_cursor)


@router.post(
    "",
    response_model=TitleRead,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Idempotent],
    summary="Add a title to the catalogue (secretariat)",
    responses={
        **AUTH,
        201: {"headers": _ETAG},
        409: {"description": "A title with this code exists (`already_exists`)."},
        422: {"description": _REQUIRES_422},
    },
)
def create_title(
    body: TitleCreate, request: Request, response: Response, session: SessionDep, principal: TitleEditor
) -> TitleRead:
    title = service.create(session=session, actor=principal.actor, **body.model_dump())
    response.headers["Location"] = str(request.url_for("get_title", code=title.code))
    return _read(session, title, response)


@router.get(
    "/{code}",
    response_model=TitleRead,
    name="get_title",
    summary="Read a title",
    responses=_ONE,
)
def get_title(code: CodePath, response: Response, session: SessionDep, _principal: TitleReader) -> TitleRead:
    return _read(session, service.get(session=session, code=code), response)


@router.patch(
    "/{code}",
    response_model=TitleRead,
    summary="Change a title (secretariat)",
    description="Only the fields sent change; `quota: null` removes the quota. `code` is immutable: "
    "another code is 409 `immutable_field`. A changed `requires` is checked like on create.",
    responses={
        **_ONE,
        409: {"description": "`code` differs from the title's (`immutable_field`)."},
        **PRECONDITION_FAILED,
        422: {"description": _REQUIRES_422},
    },
)
def update_title(
    code: CodePath,
    body: TitleUpdate,
    response: Response,
    session: SessionDep,
    principal: TitleEditor,
    if_match: IfMatch = None,
) -> TitleRead:
    title = service.patch(
        session=session,
        actor=principal.actor,
        code=code,
        changes=body.changes(),
        code_in_body=body.code,
        if_match=if_match,
    )
    return _read(session, title, response)
