"""The OpenAPI document: FastAPI's, with every error response described as the server sends it.

FastAPI documents a 422 as its own ``{"detail": [...]}`` and leaves the other errors without a body; the
server answers every error with problem details (app/core/errors.py). ``openapi_document`` rewrites each
operation's errors to ``application/problem+json`` (``Problem``, or ``ValidationProblem`` for a 422) and adds
the statuses the route can answer, read from what the route declares rather than written by hand:

- a policy that is not public: 401 (with ``WWW-Authenticate``) and 403;
- a policy that hides objects, or a path parameter: 404;
- a request body: 400 (bytes that are not UTF-8: FastAPI's "error parsing the body", ``malformed_body``),
  413, 415 (a Content-Type the operation does not list, ``unsupported_media_type``: app/core/errors.py)
  and 422;
- any parameter: 422 (FastAPI's own rule, kept);
- ``If-Match``: 412; ``Idempotency-Key``: 409 (in flight) and 422 (another body).

A body field that may be left out but not sent as ``null`` (``app.core.patch.refuse_null`` and its like)
is ``Optional`` to pydantic, which documents it as nullable; ``_refuse_nulls`` asks each body model which
fields refuse ``null`` and documents them without it, so a client (or a fuzzer) sends what is accepted.

Every list (an operation whose response model is a ``Page``) documents its ``Link`` header on the 200; an
operation that answers a whole list (a model with ``items`` but no ``next_cursor``: the ranking, catalogues,
computed verdicts) says on its 200 that the list is whole. docs/lists.md has both.

The token endpoint (``issue_token``) answers RFC 6749 bodies, not problem details: its responses are left as
declared but for FastAPI's 422 (request validation, which the problem handler answers) and the 413 and
429 the middleware and the throttle send as problems.
"""

from __future__ import annotations

from typing import Any, get_origin

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, ValidationError

from app.core.errors import PROBLEM_JSON, Problem
from app.core.pagination import LINK_HEADER, Page
from app.core.policy import api_routes, route_policies

Document = dict[str, Any]

# Operations whose errors are not problem details (RFC 6749 §5.2): their responses are left as declared.
NOT_PROBLEMS = frozenset({"issue_token"})
# Error responses of other operations that are not problem details, left as declared (none today).
NOT_PROBLEM_RESPONSES: frozenset[tuple[str, str]] = frozenset()
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

WHOLE_LIST = "The whole list, every item in this one response: not paginated (docs/lists.md)."

PROBLEM_REF = "#/components/schemas/Problem"
VALIDATION_PROBLEM_REF = "#/components/schemas/ValidationProblem"
# FastAPI's own validation schemas: replaced, and dropped when nothing else refers to them.
FASTAPI_SCHEMAS = ("HTTPValidationError", "ValidationError")

WWW_AUTHENTICATE = {
    "WWW-Authenticate": {
        "description": "`Bearer` (RFC 6750): the request needs a valid access token.",
        "schema": {"type": "string"},
    }
}

# Descriptions of the statuses added to an operation that does not declare them itself.
DESCRIPTIONS = {
    400: "The body cannot be read: its bytes are not UTF-8 text (`malformed_body`).",
    401: "No valid bearer token (`not_authenticated`).",
    403: "Not allowed for this principal (`forbidden`).",
    404: "No such object, or not one this principal may know of (`not_found`).",
    409: "A request with this `Idempotency-Key` is still in flight (`idempotency_in_flight`).",
    412: "`If-Match` does not match (`precondition_failed`).",
    413: "The body is over the size limit (`payload_too_large`).",
    415: "The body's `Content-Type` is not one this operation reads (`unsupported_media_type`).",
    429: "Too many attempts (`too_many_requests`); see `Retry-After`.",
    422: "The request is not valid (`validation_error`): `errors` lists the inputs at fault.",
}


def install(app: FastAPI) -> None:
    """Serve ``openapi_document(app)`` as the app's document, built once."""

    def openapi() -> Document:
        if app.openapi_schema is None:
            app.openapi_schema = openapi_document(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to customise it


def openapi_document(app: FastAPI) -> Document:
    document = get_openapi(
        title=app.title,
        version=app.version,
        openapi_version=app.openapi_version,
        summary=app.summary,
        description=app.description,
        terms_of_service=app.terms_of_service,
        contact=app.contact,
        license_info=app.license_info,
        routes=app.routes,
        webhooks=app.webhooks.routes,
        tags=app.openapi_tags,
        servers=app.servers,
        separate_input_output_schemas=app.separate_input_output_schemas,
        external_docs=app.openapi_external_docs,
    )
    statuses = _statuses_by_operation(app)
    lists, whole = _list_operations(app)
    for path, item in document.get("paths", {}).items():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            if operation.get("operationId") in NOT_PROBLEMS:
                _document_fastapi_422(operation)
                _document_problems(operation, (413, 429))  # the middleware's and the throttle's
            else:
                _document_errors(operation, statuses.get((method, path), set()))
            if (method, path) in lists:
                ok = operation["responses"]["200"]
                ok["headers"] = {**LINK_HEADER, **ok.get("headers", {})}
            elif (method, path) in whole and "200" in operation["responses"]:
                operation["responses"]["200"]["description"] = WHOLE_LIST
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    _refuse_nulls(app, document)
    schemas.update(problem_schemas())
    _drop_unused(document, FASTAPI_SCHEMAS)
    return document


NULL = {"type": "null"}


def _body_models(app: FastAPI) -> dict[str, type[BaseModel]]:
    """operationId (the route's name) -> the pydantic model of its JSON body."""
    found: dict[str, type[BaseModel]] = {}
    for _, route in api_routes(app):
        annotation = route.body_field.field_info.annotation if route.body_field is not None else None
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            found[route.name] = annotation
    return found


def _refuses_null(model: type[BaseModel], name: str) -> bool:
    try:
        model.model_validate({name: None})
    except ValidationError as exc:
        return any(tuple(error["loc"]) == (name,) for error in exc.errors())
    return False


def _refuse_nulls(app: FastAPI, document: Document) -> None:
    """Document without ``null`` each body field whose model refuses an explicit ``null``."""
    models = _body_models(app)
    schemas = document["components"]["schemas"]
    for item in document.get("paths", {}).values():
        for operation in item.values():
            model = models.get(str(operation.get("operationId"))) if isinstance(operation, dict) else None
            content = operation.get("requestBody", {}).get("content", {}) if model else {}
            ref = content.get("application/json", {}).get("schema", {}).get("$ref", "")
            schema = schemas.get(ref.rsplit("/", 1)[-1]) if ref else None
            if model is None or schema is None:
                continue
            for name, prop in schema.get("properties", {}).items():
                if NULL in prop.get("anyOf", []) and _refuses_null(model, name):
                    _drop_null(prop)


def _drop_null(prop: dict[str, Any]) -> None:
    rest = [branch for branch in prop.pop("anyOf") if branch != NULL]
    if len(rest) == 1:
        prop.update({k: v for k, v in rest[0].items() if k not in prop})
    else:
        prop["anyOf"] = rest
    if "default" in prop and prop["default"] is None:
        del prop["default"]


def problem_schemas() -> dict[str, Any]:
    """``Problem``, its ``FieldError``, and ``ValidationProblem`` (a ``Problem`` that has ``errors``)."""
    schema = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    nested = schema.pop("$defs", {})
    for model in (schema, *nested.values()):
        for prop in model.get("properties", {}).values():
            if prop.get("default", ...) is None:  # optional members are left out, never sent as null
                del prop["default"]
    return {
        **nested,  # FieldError
        "Problem": schema,
        "ValidationProblem": {
            "title": "ValidationProblem",
            "description": "A problem about the request's inputs: `errors` lists each input at fault.",
            "allOf": [
                {"$ref": PROBLEM_REF},
                {
                    "type": "object",
                    "required": ["errors"],
                    "properties": {
                        "errors": {"type": "array", "items": {"$ref": "#/components/schemas/FieldError"}}
                    },
                },
            ],
        },
    }


def _statuses_by_operation(app: FastAPI) -> dict[tuple[str, str], set[int]]:
    """The error statuses each operation's policy implies: (method, path) -> statuses."""
    found: dict[tuple[str, str], set[int]] = {}
    for rp in route_policies(app):
        statuses: set[int] = set()
        if rp.policy is not None and not rp.policy.public:
            statuses |= {401, 403}
            if rp.policy.visible is not None:
                statuses.add(404)
        found[(rp.method.lower(), rp.path)] = statuses
    return found


def _list_operations(app: FastAPI) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(method, path) of every route that answers a page of a list, and of those answering a whole list."""
    pages: set[tuple[str, str]] = set()
    whole: set[tuple[str, str]] = set()
    for path, route in api_routes(app):
        model = route.response_model
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            continue
        operations = {(method.lower(), path) for method in route.methods or ()}
        if issubclass(model, Page):
            pages |= operations
        elif "items" in model.model_fields and get_origin(model.model_fields["items"].annotation) is list:
            whole |= operations
    return pages, whole


def _document_errors(operation: dict[str, Any], statuses: set[int]) -> None:
    parameters = {(p["in"], p["name"].lower()) for p in operation.get("parameters", [])}
    statuses = set(statuses)
    if any(where == "path" for where, _ in parameters):
        statuses.add(404)
    if "requestBody" in operation:
        statuses |= {400, 413, 415, 422}
    if parameters:
        statuses.add(422)
    if ("header", "if-match") in parameters:
        statuses.add(412)
    if ("header", "idempotency-key") in parameters:
        statuses |= {409, 422}
    responses = operation.setdefault("responses", {})
    for status in statuses:
        responses.setdefault(str(status), {"description": DESCRIPTIONS[status]})
    for status, response in responses.items():
        if status[:1] not in ("4", "5") or (operation.get("operationId"), status) in NOT_PROBLEM_RESPONSES:
            continue
        if status == "422" and response.get("description") == "Validation Error":  # FastAPI's
            response["description"] = DESCRIPTIONS[422]
        ref = VALIDATION_PROBLEM_REF if status == "422" else PROBLEM_REF
        response["content"] = {PROBLEM_JSON: {"schema": {"$ref": ref}}}
        if status == "401":
            response["headers"] = {**WWW_AUTHENTICATE, **response.get("headers", {})}
    operation["responses"] = dict(sorted(responses.items()))


def _document_fastapi_422(operation: dict[str, Any]) -> None:
    """Only FastAPI's own 422 (its request validation, answered by our handler): the rest stays."""
    response = operation.get("responses", {}).get("422")
    if response and _refers_to(response, "#/components/schemas/HTTPValidationError"):
        response["description"] = DESCRIPTIONS[422]
        response["content"] = {PROBLEM_JSON: {"schema": {"$ref": VALIDATION_PROBLEM_REF}}}


def _document_problems(operation: dict[str, Any], statuses: tuple[int, ...]) -> None:
    """These statuses as problem details, on an operation whose other errors are not."""
    responses = operation.setdefault("responses", {})
    for status in statuses:
        response = responses.setdefault(str(status), {"description": DESCRIPTIONS[status]})
        response["content"] = {PROBLEM_JSON: {"schema": {"$ref": PROBLEM_REF}}}
    operation["responses"] = dict(sorted(responses.items()))


def _drop_unused(document: Document, names: tuple[str, ...]) -> None:
    schemas = document["components"]["schemas"]
    for name in names:
        ref = f"#/components/schemas/{name}"
        rest = {k: v for k, v in document.items() if k != "components"}
        others = {k: v for k, v in schemas.items() if k != name}
        if name in schemas and not _refers_to(rest, ref) and not _refers_to(others, ref):
            del schemas[name]


def _refers_to(node: Any, ref: str) -> bool:
    if isinstance(node, dict):
        return node.get("$ref") == ref or any(_refers_to(v, ref) for v in node.values())
    if isinstance(node, list):
        return any(_refers_to(v, ref) for v in node)
    return False
