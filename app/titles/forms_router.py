"""The forms of commendation catalogue: thin routes over ``app.titles.forms``."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Request, Response, status

from app.core.db import SessionDep
from app.core.etag import IfMatch, set_etag
from app.core.idempotency import Idempotent
from app.core.responses import AUTH, PRECONDITION_FAILED, Responses, etag_headers, not_found
from app.core.routing import feature_router
from app.models import CommendationForm
from app.titles import forms
from app.titles.forms_schemas import FormCreate, FormList, FormRead, FormUpdate
from app.titles.policies import TitleEditor, TitleReader

router = feature_router(prefix="/forms", tags=["titles"])

CodePath = Annotated[str, Path(description="The form's code, e.g. `bang_khen_bo_truong`.")]
_ETAG = etag_headers("The form's version")
_ONE: Responses = {**AUTH, **not_found("form of commendation"), 200: {"headers": _ETAG}}


def _read(form: CommendationForm, response: Response) -> FormRead:
    set_etag(response, forms.tag_of(form))
    return FormRead.model_validate(form)


@router.get(
    "",
    response_model=FormList,
    summary="List the forms of commendation",
    description="Giấy khen, Bằng khen, orders and medals: their own catalogue, not titles. The whole list, "
    "by level then code. Readable by every authenticated principal.",
    responses=AUTH,
)
def list_forms(session: SessionDep, _principal: TitleReader) -> FormList:
    return FormList(items=[FormRead.model_validate(f) for f in forms.list_forms(session=session)])


@router.post(
    "",
    response_model=FormRead,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Idempotent],
    summary="Add a form of commendation (secretariat)",
    responses={
        **AUTH,
        201: {"headers": _ETAG},
        409: {"description": "A form with this code exists (`already_exists`)."},
    },
)
def create_form(
    body: FormCreate, request: Request, response: Response, session: SessionDep, principal: TitleEditor
) -> FormRead:
    form = forms.create(session=session, actor=principal.actor, **body.model_dump())
    response.headers["Location"] = str(request.url_for("get_form", code=form.code))
    return _read(form, response)


@router.get("/{code}", response_model=FormRead, name="get_form", summary="Read a form", responses=_ONE)
def get_form(code: CodePath, response: Response, session: SessionDep, _principal: TitleReader) -> FormRead:
    return _read(forms.get(session=session, code=code), response)


@router.patch(
    "/{code}",
    response_model=FormRead,
    summary="Change a form of commendation (secretariat)",
    description="Only the fields sent change. `code` is immutable: another code is 409 `immutable_field`.",
    responses={
        **_ONE,
        409: {"description": "`code` differs from the form's (`immutable_field`)."},
        **PRECONDITION_FAILED,
    },
)
def update_form(
    code: CodePath,
    body: FormUpdate,
    response: Response,
    session: SessionDep,
    principal: TitleEditor,
    if_match: IfMatch = None,
) -> FormRead:
    form = forms.patch(
        session=session,
        actor=principal.actor,
        code=code,
        changes=body.changes(),
        code_in_body=body.code,
        if_match=if_match,
    )
    return _read(form, response)
