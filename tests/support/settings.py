"""The application's settings in tests."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path
from typing import Any

from app.core.config import Settings

TEST_SECRET = "test-secret-that-is-long-enough-for-hs256-0123456789"


# Dossier documents of the tests (content-addressed: tests sharing it never see each other's rows).
DOCUMENT_DIR = Path(tempfile.mkdtemp(prefix="thidua-test-documents-"))
atexit.register(shutil.rmtree, DOCUMENT_DIR, ignore_errors=True)  # each test process removes its own


def make_settings(database_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": database_url,
        "document_dir": DOCUMENT_DIR,
        "jwt_secret": TEST_SECRET,
        # Cheap argon2id for tests only: the algorithm is the same, the cost is not what is under test.
        "argon2_time_cost": 1,
        "argon2_memory_kib": 1024,
        "login_max_failures": 5,
        "login_window_seconds": 300,
        # Live streams (app.live) send their first snapshot and end: the in-process walks (the permission
        # matrix, the fuzzer) read every GET whole. Tests of the streams themselves use a real server.
        "live_max_seconds": 0,
        # No background sealing of the audit trail: the requests and statements a test counts are its
        # own. Reads of the trail seal first; tests/audit/test_sealing.py runs the background sealer.
        "audit_seal_seconds": 0,
    }
    values.update(overrides)
    return Settings(**values)
