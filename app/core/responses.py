"""What routes answer besides their JSON body, said once: the OpenAPI entries many routes share (auth
errors, ETag and If-Match, 404, file downloads) and the file download itself."""

from __future__ import annotations

from typing import Any

from fastapi import Response

from app.core.disposition import content_disposition

# The shape of FastAPI's `responses=`: status code -> OpenAPI response object (extended with "model").
Responses = dict[int | str, dict[str, Any]]

UNAUTHENTICATED: Responses = {401: {"description": "No valid bearer token"}}


def auth(forbidden: str = "Not allowed for this principal") -> Responses:
    """401 and 403; ``forbidden`` says who is refused, where it is more than "not allowed"."""
    return {**UNAUTHENTICATED, 403: {"description": forbidden}}


AUTH = auth()
PRECONDITION_FAILED: Responses = {412: {"description": "`If-Match` does not match."}}


def not_found(what: str) -> Responses:
    return {404: {"description": f"No such {what}."}}


def etag_headers(version: str | None = None) -> dict[str, Any]:
    """The ``ETag`` response header; ``version`` says what the tag stands for (e.g. "The unit's version")."""
    use = f"{version}; send it back as `If-Match`." if version else "Send it back as `If-Match`."
    return {"ETag": {"description": use, "schema": {"type": "string"}}}


def binary(*media_types: str) -> dict[str, Any]:
    """The ``content`` of a response that is a file in one of ``media_types``."""
    return {media_type: {"schema": {"type": "string", "format": "binary"}} for media_type in media_types}


# The header every download carries, as the OpenAPI document shows it.
DOWNLOAD_HEADERS: dict[str, Any] = {
    "Content-Disposition": {
        "description": "`attachment` with the file's Vietnamese name twice (RFC 6266): as `filename*` "
        "(RFC 8187: `UTF-8''` and the name percent-encoded), and as a plain ASCII `filename` "
        "(diacritics dropped, đ → d) for clients that only read that one. Present only on file formats.",
        "schema": {"type": "string"},
        "example": 'attachment; filename="Bao cao tong ket 2016.docx"; '
        "filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20t%E1%BB%95ng%20k%E1%BA%BFt%202016.docx",
    }
}


def download(description: str, *media_types: str, headers: dict[str, Any] | None = None) -> dict[str, Any]:
    """The 200 of a route that gives a file in each of ``media_types`` (besides any JSON form FastAPI adds
    from ``response_model``): each type with a binary schema, so generated clients hand back bytes rather
    than parse them, and the ``Content-Disposition`` header."""
    return {
        "description": description,
        "headers": {**(headers or {}), **DOWNLOAD_HEADERS},
        "content": binary(*media_types),
    }


def attachment(content: bytes, media_type: str, filename: str, *, no_store: bool = False) -> Response:
    """``content`` as a file download named ``filename`` (Vietnamese welcome: ``app.core.disposition``
    writes it for every client); ``no_store`` keeps it out of caches."""
    headers = {"Content-Disposition": content_disposition(filename)}
    if no_store:
        headers["Cache-Control"] = "no-store"
    return Response(content=content, media_type=media_type, headers=headers)
