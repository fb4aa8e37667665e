"""The ``thidua`` command as the operator runs it, for tests that start it in a process of its own."""

from __future__ import annotations

import subprocess
from collections.abc import Callable

Thidua = Callable[..., subprocess.CompletedProcess[str]]
"""``thidua(*args, database_url=...)``: the command's completed process (see tests/ops/conftest.py)."""
