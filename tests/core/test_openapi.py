"""The committed openapi.json is what the app serves: frontend teams generate clients from it."""

from __future__ import annotations

import json
from pathlib import Path

from app.main import create_app
from tests.support.settings import make_settings

ROOT = Path(__file__).resolve().parents[2]


def test_committed_openapi_matches_the_app(tmp_path):
    app = create_app(make_settings(f"sqlite:///{tmp_path}/x.db"))
    committed = json.loads((ROOT / "openapi.json").read_text(encoding="utf-8"))
    assert committed == app.openapi(), "openapi.json has drifted: run `make openapi` and commit it"


def test_served_openapi_equals_the_committed_file(client):
    committed = json.loads((ROOT / "openapi.json").read_text(encoding="utf-8"))
    assert client.get("/openapi.json").json() == committed


def test_every_create_endpoint_documents_idempotency_key():
    spec = json.loads((ROOT / "openapi.json").read_text(encoding="utf-8"))
    # Token endpoints create no resource; ballots (of sessions, unit reviews and council sessions, and an
    # absent council member's written vote) are the documented exception (api.md): a retried ballot gets
    # 409 already_voted, and turnout.i_voted confirms it counted.
    no_key_expected = {
        "/api/v1/auth/token",
        "/api/v1/auth/refresh",
        "/api/v1/auth/logout",
        "/api/v1/voting-sessions/{session_id}/ballots",
        "/api/v1/reviews/{review_id}/ballots",
        "/api/v1/council-sessions/{council_session_id}/ballots",
        "/api/v1/council-sessions/{council_session_id}/written-votes",
    }
    for path, item in spec["paths"].items():
        post = item.get("post")
        if not post or path in no_key_expected or "201" not in post["responses"]:
            continue
        names = {p["name"] for p in post.get("parameters", [])}
        assert "Idempotency-Key" in names, path
