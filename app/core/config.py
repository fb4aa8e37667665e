"""Settings: one object, read from the environment (prefix ``THIDUA_``)."""

from __future__ import annotations

import math
import zlib
from collections import Counter
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url

DEV_JWT_SECRET = "development-only-secret-change-me-please"  # refused in production
DEMO_ADMIN_PASSWORD = "thidua-demo-admin"  # `make run`'s; refused in production
# A production secret must hold at least this much by the estimate below: 32 random bytes written in
# base64 or hex come to 150–240; "a" × 32 or a repeated word to almost nothing.
MIN_SECRET_BITS = 96
# Passwords anyone would try first; a production admin password may not be one of them.
COMMON_PASSWORDS = frozenset(
    {
        "password",
        "passw0rd",
        "123456789012",
        "1234567890",
        "qwertyuiop",
        "admin",
        "administrator",
        "matkhau",
        "thidua",
        "khenthuong",
        "changeme",
        "letmein",
        "welcome",
    }
)


def _shannon_bits(text: str) -> float:
    n = len(text)
    return -n * sum(c / n * math.log2(c / n) for c in Counter(text).values()) if n else 0.0


def _period(text: str) -> int:
    """The length of the shortest block that, repeated, spells ``text`` (its own length when none does)."""
    for p in range(1, len(text) // 2 + 1):
        if all(text[i] == text[i % p] for i in range(len(text))):
            return p
    return len(text)


def estimated_bits(secret: str) -> float:
    """A rough, generous estimate of the secret's strength, enough to refuse the obviously weak: the least
    of its length × the Shannon entropy of its characters, the same for one block of a repeated word
    ("metrics" × 6 counts as "metrics"), and what deflate leaves of it. It cannot see a dictionary word."""
    if not secret:
        return 0.0
    raw = secret.encode()
    deflated = (len(zlib.compress(raw, 9)) - 6) * 8  # zlib's 2-byte header and 4-byte checksum aside
    return min(_shannon_bits(secret), _shannon_bits(secret[: _period(secret)]), float(deflated))


def admin_password_problem(password: str, username: str | None) -> str | None:
    """Why ``password`` is too weak for a production admin; None when it is not."""
    if len(password) < 12:
        return "must be at least 12 characters"
    lowered = password.lower()
    if (
        password == DEMO_ADMIN_PASSWORD
        or lowered in COMMON_PASSWORDS
        or lowered.rstrip("0123456789!.") in COMMON_PASSWORDS
    ):
        return "is a common or published password"
    if username and username.lower() in lowered:
        return "must not contain the username"
    if len(set(password)) < 6:
        return "must use at least 6 different characters"
    return None


class DocumentDirUnset(ValueError):
    """No directory for dossier documents: THIDUA_DOCUMENT_DIR is unset and the database is no SQLite file."""


def sqlite_file(database_url: str) -> Path | None:
    """The file of a SQLite database URL; None for another database, an in-memory SQLite or a URI filename."""
    url = make_url(database_url)
    database = url.database
    if url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    if database.startswith("file:"):  # a URI filename: shared memory, or a path with options
        return None
    return Path(database)


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

    # Login throttling (docs/login-throttling.md). Each limit holds within a fixed window; past it → 429.
    # One username (or service client id) from one client address: failed or unfinished attempts.
    login_max_failures: int = Field(default=5, ge=1)
    login_window_seconds: int = Field(default=300, ge=1)
    # One client address, whatever the names tried: failed attempts, and every attempt (argon2 costs CPU).
    login_address_max_failures: int = Field(default=30, ge=1)
    login_address_max_attempts: int = Field(default=300, ge=1)
    # One username (or client id) from every address: failed or unfinished attempts, in a window of its
    # own, so that a guess spread over many addresses locks its owner out for no longer than this window.
    login_user_max_failures: int = Field(default=20, ge=1)
    login_user_window_seconds: int = Field(default=300, ge=1)

    # argon2id cost; the defaults are OWASP's first recommendation (m=19 MiB, t=2, p=1), its floor: ~25 ms a
    # hash on one core. RFC 9106's 64 MiB, t=3 took ~300 ms, and a burst of 100 logins on a 2-core server
    # then waited more than 30 s (docs/security.md, "Where passwords are hashed").
    argon2_time_cost: int = Field(default=2, ge=1)
    argon2_memory_kib: int = Field(default=19456, ge=8)
    argon2_parallelism: int = Field(default=1, ge=1)

    idempotency_ttl_hours: int = Field(default=24, ge=24)
    idempotency_lease_seconds: int = Field(default=60, ge=1)

    log_level: str = "INFO"

    # Who may read /openapi.json, /docs and /redoc: `public` (anyone), `token` (/openapi.json with a valid
    # access token; the pages are not served), `off` (none). Default: public in development, token in
    # production. The committed openapi.json is the contract either way.
    docs_access: Literal["public", "token", "off"] | None = None
    # /metrics: when set, scrapers send `Authorization: Bearer <token>`. Unset: open in development, not
    # served in production.
    metrics_token: SecretStr | None = None
    # Strict-Transport-Security max-age, for a deployment behind TLS; 0 sends none.
    hsts_seconds: int = Field(default=0, ge=0, le=2 * 365 * 24 * 3600)

    # The change feed and webhooks (docs/events.md).
    # Events older than this are pruned by the worker (never before every webhook has had them); a feed
    # cursor from before the pruned part is 410 `cursor_expired`.
    event_retention_days: int = Field(default=30, ge=3, le=3650)
    # Webhook targets: https only (unless this is off; default on in production), and never a loopback,
    # link-local, private or otherwise non-public address unless `webhook_allow_private` (a closed network).
    webhook_require_https: bool | None = None
    webhook_allow_private: bool = False
    # Seconds to wait for a receiver's answer; the retry schedule in seconds after each failed attempt
    # (the default spans ~27.5 h: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h), after which the delivery
    # fails; an endpoint whose deliveries have all failed for `webhook_disable_after_hours` is disabled.
    webhook_timeout_seconds: float = Field(default=10.0, gt=0, le=60)
    webhook_retry_schedule: Annotated[list[float], NoDecode] = Field(
        default_factory=lambda: [5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0, 36000.0]
    )
    webhook_disable_after_hours: float = Field(default=24.0, gt=0)
    # After a secret's rotation the old one still signs beside the new one for this long.
    webhook_secret_overlap_hours: float = Field(default=24.0, ge=0, le=24 * 30)

    # Issue 13, the commendation procedure: the values law.md could not confirm, with its defaults
    # (docs/law-engine.md, "Procedure"; read through app.law.procedure.ProcedureRules). Working days (WD).
    # The ministry's appraisal of a complete dossier (published for the commune-level procedure only).
    procedure_appraisal_days: int = Field(default=20, ge=1, le=250)
    # Public consultation or disclosure (10 WD is the period 2025 postings for Anh hùng candidates used).
    procedure_consultation_days: int = Field(default=10, ge=1, le=250)
    # The time a unit has to resubmit a returned proposal: not in law.md, the ministry's own rule.
    procedure_return_fix_days: int = Field(default=10, ge=1, le=250)
    # The council's quorum, a share of ALL its members (MOST TT 25/2025 Art 23: 2/3; before R2025 unknown),
    # e.g. `2/3` or `0.75`; and how a share of the members is rounded to votes (law.md 2.4: ceil).
    council_quorum_share: Fraction = Field(default=Fraction(2, 3), gt=0, le=1)
    council_vote_rounding: Literal["ceil", "floor", "half_up"] = "ceil"

    # Dossier documents (issue 13; docs/documents.md, "Dossier documents"). Where uploads are kept, content-
    # addressed: unset means a `documents/` directory beside the SQLite database file; a deployment on
    # PostgreSQL (or an in-memory SQLite) must name one, a volume every API process shares
    # (`document_directory()` refuses otherwise). The largest document an upload may carry, in bytes.
    document_dir: Path | None = None
    document_max_bytes: int = Field(default=20 * 1024 * 1024, ge=1024)
    # The ministry whose commendation office this is: printed on the documents the system drafts
    # (submissions, decisions, the council's minutes); the reference scenario's by default.
    ministry_name: str = Field(default="Bộ Khoa học và Công nghệ", min_length=1, max_length=300)
    ministry_symbol: str = Field(default="BKHCN", pattern=r"^[A-ZĐ0-9-]{1,32}$")

    # Live views (docs/live.md): server-sent event streams of a session's turnout and a conference's
    # attendance. Each stream reads the database every `live_poll_seconds` (a short session of its own),
    # sends a `: keep-alive` comment every `live_heartbeat_seconds` so reverse proxies keep it, and ends
    # after `live_max_seconds` (0: the first snapshot only). At most `live_max_streams` streams per process
    # (then 503 with Retry-After).
    live_poll_seconds: float = Field(default=1.0, gt=0, le=60)
    live_heartbeat_seconds: float = Field(default=15.0, gt=0, le=600)
    live_max_seconds: float = Field(default=3600.0, ge=0, le=24 * 3600)
    live_max_streams: int = Field(default=200, ge=1, le=100_000)
    # The audit trail (docs/architecture.md): events are written unsealed, without a lock, and chained after
    # they commit. Each API process seals every `audit_seal_seconds` (0: only when the trail is read).
    audit_seal_seconds: float = Field(default=2.0, ge=0, le=3600)
    # `thidua serve` on SIGTERM: requests in flight get this long to finish, then open connections (live
    # streams, which would otherwise keep a stopping server up for `live_max_seconds`) are cut.
    shutdown_grace_seconds: int = Field(default=10, ge=0, le=600)

    def document_directory(self) -> Path:
        """The directory dossier documents are stored under (``THIDUA_DOCUMENT_DIR``, or beside the SQLite
        database file); ``DocumentDirUnset`` when neither names one."""
        if self.document_dir is not None:
            return self.document_dir
        database = sqlite_file(self.database_url)
        if database is None:
            raise DocumentDirUnset(
                "THIDUA_DOCUMENT_DIR must be set: the database is not a SQLite file, so there is no "
                "directory beside it to keep dossier documents in; name a directory every API process shares"
            )
        return database.parent / "documents"

    @property
    def webhooks_https_only(self) -> bool:
        if self.webhook_require_https is not None:
            return self.webhook_require_https
        return self.env == "production"

    @field_validator("webhook_retry_schedule", mode="before")
    @classmethod
    def _split_schedule(cls, value: object) -> object:
        if isinstance(value, str):
            return [float(v) for v in value.split(",") if v.strip()]
        return value

    @property
    def effective_docs_access(self) -> Literal["public", "token", "off"]:
        if self.docs_access is not None:
            return self.docs_access
        return "token" if self.env == "production" else "public"

    @property
    def metrics_access(self) -> Literal["public", "token", "off"]:
        if self.metrics_token is not None:
            return "token"
        return "off" if self.env == "production" else "public"

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
            if estimated_bits(self.jwt_secret) < MIN_SECRET_BITS:
                raise ValueError(
                    "THIDUA_JWT_SECRET is too predictable for production: use 32 random bytes, "
                    "e.g. `python -c 'import secrets; print(secrets.token_urlsafe(32))'`"
                )
            if self.metrics_token is not None and (
                estimated_bits(self.metrics_token.get_secret_value()) < MIN_SECRET_BITS
            ):
                raise ValueError(
                    "THIDUA_METRICS_TOKEN is too predictable for production: use 32 random bytes"
                )
            if self.admin_password is not None:
                problem = admin_password_problem(self.admin_password, self.admin_username)
                if problem is not None:
                    raise ValueError(f"THIDUA_ADMIN_PASSWORD {problem} in production")
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
