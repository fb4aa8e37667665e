"""Domain errors and their RFC 9457 problem-details rendering.

Services raise ``DomainError`` subclasses (no FastAPI import); one set of handlers, installed by
``install_error_handlers``, turns every error—domain, validation, routing, unexpected—into
``application/problem+json`` with a stable ``code``.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.core.i18n import DETAILS, detail_for, title_for, validation_msg, wants_vietnamese

log = logging.getLogger("thidua.errors")

PROBLEM_JSON = "application/problem+json"


class FieldError(BaseModel):
    """One entry of a problem's ``errors``: which input (``loc``), what is wrong with it, and its kind."""

    loc: list[str | int] = Field(description='Where: e.g. `["body", "code"]`, `["query", "limit"]`.')
    msg: str = Field(description="What is wrong, in the language of the response.")
    type: str = Field(description="The kind of error, stable: e.g. `missing`, `string_too_long`.")


# What ``problem_response`` sends, as a model: the OpenAPI document describes every error with it
# (app/core/openapi.py) and tests/core/test_openapi_problems.py validates real answers against it.
class Problem(BaseModel):
    """An error (RFC 9457 problem details), under `application/problem+json`."""

    model_config = ConfigDict(extra="allow")  # an error may add members of its own (RFC 9457 §3.2)

    type: str = Field(
        description="A URI naming the kind of problem: `https://thidua.gov.vn/problems/<code>`."
    )
    title: str = Field(description="A short summary of the kind of problem, in the language of the response.")
    status: int = Field(description="The HTTP status code.")
    detail: str = Field(description="What went wrong with this request, in the language of the response.")
    instance: str = Field(description="The path of the request.")
    code: str = Field(description="A stable, machine-readable code, e.g. `not_found`, `already_voted`.")
    request_id: str | SkipJsonSchema[None] = Field(
        default=None, description="The request's `X-Request-ID`, to quote when reporting the error."
    )
    errors: list[FieldError] | SkipJsonSchema[None] = Field(
        default=None, description="The inputs at fault, when the error is about some (always on a 422)."
    )


class DomainError(Exception):
    status: int = 400
    code: str = "error"

    def __init__(
        self,
        detail: str | None = None,
        *,
        code: str | None = None,
        detail_vi: str | None = None,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
        extra_vi: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail or code or self.code)
        if code is not None:
            self.code = code
        self.detail = detail
        self.detail_vi = detail_vi
        self.errors = errors
        self.headers = headers or {}
        self.extra = extra or {}
        self.extra_vi = extra_vi or {}  # members of ``extra`` said in Vietnamese, under Accept-Language: vi


class NotFound(DomainError):
    status, code = 404, "not_found"


class Unauthenticated(DomainError):
    status, code = 401, "not_authenticated"


class Forbidden(DomainError):
    status, code = 403, "forbidden"


class Conflict(DomainError):
    status, code = 409, "conflict"


class Gone(DomainError):
    """What the request points at existed and was removed for good (e.g. events pruned by retention)."""

    status, code = 410, "gone"


class Invalid(DomainError):
    """A well-formed request the domain rules refuse (422)."""

    status, code = 422, "validation_error"


class PreconditionFailed(DomainError):
    status, code = 412, "precondition_failed"


class TooManyRequests(DomainError):
    status, code = 429, "too_many_requests"


class OAuthError(DomainError):
    """An RFC 6749 §5.2 error: rendered as ``{"error", "error_description"}``, not as problem details."""

    def __init__(self, error: str, description: str, description_vi: str, status: int = 400) -> None:
        super().__init__(description, code=error, detail_vi=description_vi)
        self.status = status


def refuse_code_change(current: str, sent: str | None, *, what: str, what_vi: str) -> None:
    """Codes that other systems refer to never change: a body naming another code is 409."""
    if sent is not None and sent != current:
        raise Conflict(
            f"A {what}'s code cannot be changed.",
            code="immutable_field",
            detail_vi=f"Không được thay đổi mã của {what_vi}.",
            errors=[{"loc": ["body", "code"], "msg": "code is immutable", "type": "immutable_field"}],
        )


def already_exists(what: str, what_vi: str, code: str) -> Conflict:
    """409 for a create whose ``code`` is taken; ``what``/``what_vi`` name the resource in lower case."""
    return Conflict(
        f"A {what} with code {code!r} already exists.",
        code="already_exists",
        detail_vi=f"Đã có {what_vi} với mã {code!r}.",
        errors=[{"loc": ["body", "code"], "msg": "already exists", "type": "already_exists"}],
    )


def problem_response(
    request: Request,
    status: int,
    code: str,
    detail: str | None = None,
    *,
    detail_vi: str | None = None,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> JSONResponse:
    vi = wants_vietnamese(request.headers.get("accept-language"))
    body: dict[str, Any] = {
        "type": f"https://thidua.gov.vn/problems/{code.replace('_', '-')}",
        "title": title_for(code, vi),
        "status": status,
        # Under vi an English-only detail gives way to the code's Vietnamese one: a reader who asked for
        # Vietnamese gets Vietnamese, if less specific.
        "detail": (detail_vi if vi else detail) or detail_for(code, vi) or title_for(code, vi),
        "instance": request.url.path,
        "code": code,
    }
    request_id = getattr(request.state, "request_id", None)
    if request_id:
        body["request_id"] = request_id
    if errors is not None:
        body["errors"] = errors
    if extra:
        # Extra members never replace the problem document's own (a resource's "status" is not the HTTP one).
        body.update({k: v for k, v in extra.items() if k not in body})
    response_headers = {**language_headers(vi), **(headers or {})}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=response_headers)


def language_headers(vi: bool) -> dict[str, str]:
    """The language a body is in, and that it depends on the request's Accept-Language."""
    return {"Content-Language": "vi" if vi else "en", "Vary": "Accept-Language"}


def _clean_validation_errors(exc: RequestValidationError, vi: bool) -> list[dict[str, Any]]:
    # Never echo the rejected input back: it may be a password.
    return [
        {
            "loc": list(err.get("loc", ())),
            "msg": validation_msg(err, vi),
            "type": str(err.get("type", "")),
        }
        for err in exc.errors()
    ]


_HTTP_CODES = {
    400: "malformed_body",  # FastAPI's "error parsing the body": bytes that are not UTF-8
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    412: "precondition_failed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "too_many_requests",
}


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


_NUL_DETAIL = "The request contains a NUL character (U+0000), which no identifier or value may hold."
_NUL_DETAIL_VI = "Yêu cầu chứa ký tự NUL (U+0000); không mã định danh hay giá trị nào được chứa ký tự này."


def nul_problem(request: Request, where: str) -> JSONResponse:
    """422 for a NUL character anywhere in a request (``where``: path, query or body). PostgreSQL cannot
    store or even compare text holding one; free-text fields refuse it by their own rule."""
    return problem_response(
        request,
        422,
        "validation_error",
        _NUL_DETAIL,
        detail_vi=_NUL_DETAIL_VI,
        errors=[{"loc": [where], "msg": "contains a NUL character (U+0000)", "type": "nul_character"}],
    )


def _is_nul_error(exc: DataError) -> bool:
    return "NUL" in str(exc.orig)  # psycopg: "PostgreSQL text fields cannot contain NUL (0x00) bytes"


def media_type(content_type: str) -> str:
    """``type/subtype`` of a Content-Type, without its parameters, in lower case."""
    return content_type.split(";", 1)[0].strip().lower()


def accepted_media_types(request: Request) -> list[str]:
    """The media types the OpenAPI document lists for the body of the operation ``request`` reached
    (operation ids are the routes' names: app/main.py)."""
    name = getattr(request.scope.get("route"), "name", None)
    state = request.app.state
    if getattr(state, "body_media_types", None) is None:
        state.body_media_types = {
            operation.get("operationId"): list(operation.get("requestBody", {}).get("content", {}))
            for item in request.app.openapi().get("paths", {}).values()
            for operation in item.values()
            if isinstance(operation, dict)
        }
    found: list[str] = state.body_media_types.get(name, [])
    return found


def unaccepted_media_type(request: Request) -> list[str]:
    """When the request failed validation because its body is of a media type the operation does not
    read (FastAPI then reads no body at all), the ones it does; else nothing. A request without a
    Content-Type stays a 422: a body may be missing altogether, which ``errors`` says."""
    content_type = request.headers.get("content-type")
    if not content_type:
        return []
    accepted = accepted_media_types(request)
    if not accepted or media_type(content_type) in accepted:
        return []
    return accepted


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError) -> JSONResponse:
        headers = dict(exc.headers)
        if isinstance(exc, OAuthError):  # RFC 6749 §5.2 form for the token endpoint
            if exc.status == 401:
                headers.setdefault("WWW-Authenticate", 'Basic realm="thidua", error="invalid_client"')
            headers.update({"Cache-Control": "no-store", "Pragma": "no-cache"})
            vi = wants_vietnamese(request.headers.get("accept-language"))
            headers.update(language_headers(vi))
            description = exc.detail_vi if vi else exc.detail
            body = {"error": exc.code, "error_description": description}
            return JSONResponse(body, status_code=exc.status, headers=headers)
        if exc.status == 401:
            headers.setdefault("WWW-Authenticate", "Bearer")
        return problem_response(
            request,
            exc.status,
            exc.code,
            exc.detail,
            detail_vi=exc.detail_vi,
            errors=exc.errors,
            headers=headers,
            extra={**exc.extra, **exc.extra_vi}
            if wants_vietnamese(request.headers.get("accept-language"))
            else exc.extra,
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        accepted = unaccepted_media_type(request)
        if accepted:
            return problem_response(
                request,
                415,
                "unsupported_media_type",
                detail_for("unsupported_media_type", False, accepted=", ".join(accepted)),
                detail_vi=detail_for("unsupported_media_type", True, accepted=", ".join(accepted)),
            )
        vi = wants_vietnamese(request.headers.get("accept-language"))
        errors = _clean_validation_errors(exc, vi)
        return problem_response(
            request,
            422,
            "validation_error",
            detail_for("validation_error", False, count=len(errors)),
            detail_vi=detail_for("validation_error", True, count=len(errors)),
            errors=errors,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, "error")
        detail = detail_vi = None
        if code in DETAILS:
            # 413: a body streamed past the limit (app.core.middleware); the others take no parameter.
            # The limit the middleware applied to this request (document uploads have their own).
            limit = getattr(request.state, "body_limit", request.app.state.settings.max_body_bytes)
            detail, detail_vi = detail_for(code, False, limit=limit), detail_for(code, True, limit=limit)
        elif isinstance(exc.detail, str) and exc.detail != _phrase(exc.status_code):
            detail = exc.detail  # a framework message, English only: under vi the Vietnamese title stands
        headers = dict(exc.headers or {})
        return problem_response(request, exc.status_code, code, detail, detail_vi=detail_vi, headers=headers)

    @app.exception_handler(DataError)
    async def _data(request: Request, exc: DataError) -> JSONResponse:
        # An id or code in a body holding NUL reaches the database (the URL is checked on the way in,
        # free text by its schema); the transaction is rolled back like any other failed request.
        if _is_nul_error(exc):
            return nul_problem(request, "body")
        return await _unexpected(request, exc)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", extra={"error_type": type(exc).__name__})
        return problem_response(request, 500, "internal_error")
