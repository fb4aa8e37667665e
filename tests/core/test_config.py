from __future__ import annotations

import pytest
from pydantic import ValidationError

from app.core.config import DEV_JWT_SECRET, Settings


def test_production_refuses_default_or_short_secret():
    with pytest.raises(ValidationError, match="THIDUA_JWT_SECRET"):
        Settings(env="production")
    with pytest.raises(ValidationError, match="THIDUA_JWT_SECRET"):
        Settings(env="production", jwt_secret="short")
    ok = Settings(env="production", jwt_secret="x" * 32)
    assert ok.env == "production"


def test_development_allows_the_default_secret():
    assert Settings(env="development").jwt_secret == DEV_JWT_SECRET


def test_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("THIDUA_CORS_ORIGINS", "https://a.gov.vn, https://b.gov.vn")
    monkeypatch.setenv("THIDUA_MAX_BODY_BYTES", "4096")
    monkeypatch.setenv("THIDUA_ACCESS_TOKEN_MINUTES", "15")
    s = Settings()
    assert s.cors_origins == ["https://a.gov.vn", "https://b.gov.vn"]
    assert s.max_body_bytes == 4096 and s.access_token_minutes == 15
