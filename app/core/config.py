"""Settings: one object, read from the environment (prefix ``THIDUA_``)."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEV_JWT_SECRET = "development-only-secret-change-me-please"  # refused in production


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="THIDUA_", extra="ignore", case_sensitive=False)

    env: Literal["development", "production"] = "development"
    database_url: str = "sqlite:///./data/thidua.db"

    jwt_secret: str = DEV_JWT_SECRET
    jwt_algorithm: Literal["HS256", "HS384", "HS512"] = "HS256"
    jwt_issuer: str = "thidua"
    jwt_audience: str = "thidua-api"
    access_token_minutes: int = Field(default=30, ge=1, le=24 * 60)
    refresh_token_days: int = Field(default=14, ge=1, le=365)

    admin_username: str | None = None
    admin_password: str | None = None

    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024)

    # Login throttling: this many failures for one username within the window → 429.
    login_max_failures: int = Field(default=5, ge=1)
    login_window_seconds: int = Field(default=300, ge=1)

    # argon2id cost; the defaults follow RFC 9106's second recommended option scaled to a small server.
    argon2_time_cost: int = Field(default=3, ge=1)
    argon2_memory_kib: int = Field(default=65536, ge=8)
    argon2_parallelism: int = Field(default=1, ge=1)

    idempotency_ttl_hours: int = Field(default=24, ge=24)
    idempotency_lease_seconds: int = Field(default=60, ge=1)

    log_level: str = "INFO"

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [o.strip() for o in value.split(",") if o.strip()]
        return value

    @model_validator(mode="after")
    def _refuse_weak_secret_in_production(self) -> Settings:
        if self.env == "production":
            if self.jwt_secret == DEV_JWT_SECRET or len(self.jwt_secret.encode()) < 32:
                raise ValueError("THIDUA_JWT_SECRET must be set to at least 32 bytes in production")
            if self.admin_password is not None and len(self.admin_password) < 12:
                raise ValueError("THIDUA_ADMIN_PASSWORD must be at least 12 characters in production")
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
