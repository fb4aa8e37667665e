"""Document uploads have a body limit of their own (THIDUA_DOCUMENT_MAX_BYTES plus room for the multipart
framing); every other request keeps THIDUA_MAX_BODY_BYTES. The 413 names the limit that applied."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient

from app.core.errors import install_error_handlers
from app.core.middleware import (
    MULTIPART_ALLOWANCE,
    BodySizeLimitMiddleware,
    upload_limits,
)
from app.main import create_app
from tests.support.settings import make_settings

GLOBAL, DOCUMENT = 2048, 8192
UPLOAD = "/api/v1/proposals/3f1c/documents"


def _echo_app() -> TestClient:
    """Routes that read their whole body, behind the middleware with the upload override."""
    app = FastAPI()
    app.state.settings = SimpleNamespace(max_body_bytes=GLOBAL)
    install_error_handlers(app)

    @app.post("/api/v1/proposals/{proposal_id}/documents")
    @app.put("/api/v1/proposals/{proposal_id}/documents")
    @app.post("/api/v1/proposals/{proposal_id}/documents/extra")
    @app.post("/api/v1/units")
    async def echo(request: Request) -> dict[str, int]:
        return {"read": len(await request.body())}

    wrapped = BodySizeLimitMiddleware(app, max_bytes=GLOBAL, overrides=upload_limits(DOCUMENT))
    return TestClient(wrapped)  # type: ignore[arg-type]


def _chunks(total: int):
    for _ in range(total // 512):
        yield b"x" * 512


def test_the_upload_path_takes_the_document_limit():
    limit = DOCUMENT + MULTIPART_ALLOWANCE
    with _echo_app() as c:
        assert c.post(UPLOAD, content=b"x" * (GLOBAL * 3)).json() == {"read": GLOBAL * 3}
        assert c.post(UPLOAD, content=b"x" * limit).json() == {"read": limit}
        over = c.post(UPLOAD, content=b"x" * (limit + 1))
        assert over.status_code == 413 and over.json()["detail"] == f"The request body exceeds {limit} bytes."
        # Streamed without a Content-Length: counted as it arrives, and the in-app 413 names the same limit.
        streamed = c.post(UPLOAD, content=_chunks(limit + 1024), headers={"Accept-Language": "vi"})
        assert streamed.status_code == 413
        assert streamed.json()["detail"] == f"Nội dung yêu cầu vượt quá {limit} byte."
        assert c.post(UPLOAD, content=_chunks(GLOBAL * 4)).json() == {"read": GLOBAL * 4}


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/api/v1/units"),
        ("PUT", UPLOAD),  # only POST uploads
        ("POST", UPLOAD + "/extra"),  # the whole path must match
        ("POST", "/api/v1/proposals/a/b/documents"),  # one segment for the id
    ],
)
def test_every_other_request_keeps_the_global_limit(method, path):
    with _echo_app() as c:
        r = c.request(method, path, content=b"x" * (GLOBAL + 1))
        assert r.status_code == 413 and r.json()["detail"] == f"The request body exceeds {GLOBAL} bytes."
        streamed = c.request(method, path, content=_chunks(GLOBAL * 2))
        assert streamed.status_code in (404, 413)
        if streamed.status_code == 413:
            assert streamed.json()["detail"] == f"The request body exceeds {GLOBAL} bytes."


def test_the_application_installs_the_override(database_url):
    app = create_app(make_settings(database_url, max_body_bytes=GLOBAL, document_max_bytes=DOCUMENT))
    limit = DOCUMENT + MULTIPART_ALLOWANCE
    headers = {"Content-Type": "application/json"}
    with TestClient(app) as c:
        # Past the global limit, within the document one: not refused for its size (no route yet: 404).
        passed = c.post(UPLOAD, content=b"x" * (GLOBAL * 2), headers=headers)
        assert passed.status_code != 413
        over = c.post(UPLOAD, content=b"x" * (limit + 1), headers=headers)
        assert over.status_code == 413 and over.json()["detail"] == f"The request body exceeds {limit} bytes."
        other = c.post("/api/v1/units", content=b"x" * (GLOBAL * 2), headers=headers)
        assert other.status_code == 413
        assert other.json()["detail"] == f"The request body exceeds {GLOBAL} bytes."
    app.state.engine.dispose()
