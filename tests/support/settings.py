"""The application's settings in tests."""

from __future__ import annotations

from typing import Any

from app.core.config import Settings

TEST_SECRET = "test-secret-that-is-long-enough-for-hs256-0123456789"


def make_settings(database_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": database_url,
        "jwt_secret": TEST_SECRET,
        # Cheap argon2id for tests only: the algorithm is the same, the cost is not what is under test.
        "argon2_time_cost": 1,
        "argon2_memory_kib": 1024,
        "login_max_failures": 5,
        "login_window_seconds": 300,
    }
    values.update(overrides)
    return Settings(**values)
