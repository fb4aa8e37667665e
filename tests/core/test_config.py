from __future__ import annotations

import pytest
from pydantic import ValidationError

from app.core.config import DEV_JWT_SECRET, Settings


def test_production_refuses_default_or_short_secret():
    with pytest.raises(ValidationError, match="THIDUA_JWT_SECRET"):
        Settings(env="production")
    with pytest.raises(ValidationError, match="THIDUA_JWT_SECRET"):
        Settings(env="production", jwt_secret="short")
    ok = Settings(env="production", jwt_secret="0f9c1e7a5b3d2c8e4a6f1b9d7c3e5a2f")  # 32 hex digits
    assert ok.env == "production"


@pytest.mark.parametrize(
    "secret", ["x" * 32, "ab" * 20, "secret" * 6, "a" * 31 + "b", "thi-dua-khen-thuong-" * 2, "metrics" * 6]
)
def test_production_refuses_a_predictable_secret_of_any_length(secret: str) -> None:
    with pytest.raises(ValidationError, match="too predictable"):
        Settings(env="production", jwt_secret=secret)
    assert Settings(env="development", jwt_secret=secret).jwt_secret == secret


STRONG = "kX9-qa2Rt_7vLm0PzW3yN8bC5dHs1uEo4fG6jQ"


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("short-Pw1", "at least 12 characters"),
        ("thidua-demo-admin", "common or published"),
        ("Password1234", "common or published"),
        ("administrator!", "common or published"),
        ("quan-tri-vien-chinh", "contain the username"),
        ("aaaaaabbbbbbbb", "6 different characters"),
    ],
)
def test_production_refuses_a_weak_admin_password(password: str, why: str) -> None:
    with pytest.raises(ValidationError, match=why):
        Settings(env="production", jwt_secret=STRONG, admin_username="quan-tri-vien", admin_password=password)
    ok = Settings(
        env="production",
        jwt_secret=STRONG,
        admin_username="quan-tri-vien",
        admin_password="Hội-đồng-TĐKT-2026!",
    )
    assert ok.admin_password == "Hội-đồng-TĐKT-2026!"


def test_development_allows_the_default_secret():
    assert Settings(env="development").jwt_secret == DEV_JWT_SECRET


def test_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("THIDUA_CORS_ORIGINS", "https://a.gov.vn, https://b.gov.vn")
    monkeypatch.setenv("THIDUA_MAX_BODY_BYTES", "4096")
    monkeypatch.setenv("THIDUA_ACCESS_TOKEN_MINUTES", "15")
    s = Settings()
    assert s.cors_origins == ["https://a.gov.vn", "https://b.gov.vn"]
    assert s.max_body_bytes == 4096 and s.access_token_minutes == 15
