"""Two real server processes sharing one database: what one revokes, the other refuses."""

from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.live


def test_logout_on_one_server_is_refused_by_another(live_server, make_user):
    user = make_user("observer")
    a, b = live_server(), live_server()
    with httpx.Client(timeout=30) as http:
        pair = http.post(
            f"{a.url}/api/v1/auth/token",
            data={"grant_type": "password", "username": user["username"], "password": user["password"]},
        ).json()
        headers = {"Authorization": f"Bearer {pair['access_token']}"}
        assert http.get(f"{b.url}/api/v1/auth/me", headers=headers).status_code == 200
        assert http.post(f"{b.url}/api/v1/auth/logout", headers=headers).status_code == 204
        assert http.get(f"{a.url}/api/v1/auth/me", headers=headers).status_code == 401
        refreshed = http.post(f"{a.url}/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]})
        assert refreshed.status_code == 401
