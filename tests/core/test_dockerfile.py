"""The image: the Dockerfile read statically (no hadolint and no container engine here; `.ci/run` builds
and runs the image where a builder exists), and its entry point run as the image runs it: production
settings, the demo loaded into an empty data folder, served, and kept across a restart."""

from __future__ import annotations

import os
import re
import secrets
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.support.dockerfile import ROOT, dockerignore_allows, read_dockerfile
from tests.support.live import free_port

DOCKERFILE = read_dockerfile()
ENTRYPOINT = ROOT / "docker" / "entrypoint.sh"


def _runs(stage_runs: list[str]) -> list[list[str]]:
    """Each shell command of the RUN lines, split into words."""
    return [shlex.split(c) for run in stage_runs for c in re.split(r"&&|;", run) if c.strip()]


def test_both_stages_start_from_a_standard_python_slim_base() -> None:
    assert len(DOCKERFILE.stages) == 2
    assert DOCKERFILE.stages[0].name == "builder"
    bases = {DOCKERFILE.base_of(stage) for stage in DOCKERFILE.stages}
    assert len(bases) == 1
    assert re.fullmatch(r"python:3\.11-slim(-[a-z]+)?", bases.pop())


def test_the_builder_installs_the_lock_with_hashes_and_nothing_else() -> None:
    builder = DOCKERFILE.stages[0]
    copied = [args.split() for args in builder.all("COPY")]
    assert ["requirements.lock", "./"] in copied
    installs = [cmd for cmd in _runs(builder.all("RUN")) if cmd[0].endswith("/pip") and cmd[1] == "install"]
    assert [cmd[2:] for cmd in installs] == [
        ["--require-hashes", "-r", "requirements.lock"],
        ["--no-deps", "--no-build-isolation", "-e", "."],
    ]
    # The lock is installed before the sources are copied (its layer outlives code changes).
    order = [(i.keyword, i.args) for i in builder.instructions]
    lock_install = next(n for n, (k, a) in enumerate(order) if k == "RUN" and "requirements.lock" in a)
    first_source = next(n for n, (k, a) in enumerate(order) if k == "COPY" and a.startswith("app "))
    assert lock_install < first_source


def test_the_image_runs_as_a_non_root_user_with_its_healthcheck_port_and_volume() -> None:
    final = DOCKERFILE.final
    users = final.all("USER")
    assert users, "no USER: the image would run as root"
    user = users[-1].split(":")[0]
    assert user not in {"root", "0"}
    assert final.instructions[-1].keyword in {"CMD", "ENTRYPOINT"}
    assert [i.keyword for i in final.instructions].index("USER") > max(
        n for n, i in enumerate(final.instructions) if i.keyword == "RUN"
    )
    (healthcheck,) = final.all("HEALTHCHECK")
    assert "/healthz" in healthcheck and "--interval=" in healthcheck
    assert final.all("EXPOSE") == ["8000"]
    assert final.all("VOLUME") == ['["/app/data"]']
    env = " ".join(final.all("ENV"))
    assert "THIDUA_DATABASE_URL=sqlite:////app/data/thidua.db" in env
    assert "THIDUA_ENV=production" in env


def test_the_entrypoint_is_in_the_image_and_the_build_context_holds_what_copy_needs() -> None:
    final = DOCKERFILE.final
    assert final.all("ENTRYPOINT") == ['["thidua-entrypoint"]']
    assert final.all("CMD") == ['["serve"]']
    assert os.access(ENTRYPOINT, os.X_OK)
    sources = [
        args.split()[:-1]
        for stage in DOCKERFILE.stages
        for args in stage.all("COPY")
        if not args.startswith("--from")
    ]
    paths = [p for group in sources for p in group]
    assert "docker/entrypoint.sh" in paths
    assert [p for p in paths if not dockerignore_allows(p)] == []
    assert all((ROOT / p).exists() for p in paths)
    # And the context leaves out what must not be baked into an image.
    for private in [".venv", "data/thidua.db", ".git", "tests", "requirements-dev.lock", ".env", "clients"]:
        assert not dockerignore_allows(private), private
    assert not dockerignore_allows("app/__pycache__/main.cpython-311.pyc")


# ---- the entry point, run as the image runs it ---------------------------------------------------------


def _start(data: Path, port: int, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with open(log, "ab") as out:
        return subprocess.Popen(
            ["sh", str(ENTRYPOINT), "serve"],
            cwd=data.parent,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, log.read_text(errors="replace")
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"not healthy in {timeout} s:\n{log.read_text(errors='replace')}")


def _stop(proc: subprocess.Popen[bytes]) -> bool:
    """`docker stop`: SIGTERM; a clean shutdown ends with 0 or (uvicorn re-raising it) the signal."""
    os.killpg(proc.pid, signal.SIGTERM)
    return proc.wait(timeout=30) in (0, -signal.SIGTERM)


@pytest.mark.live
def test_the_entrypoint_migrates_loads_the_demo_into_an_empty_volume_and_serves(tmp_path: Path) -> None:
    data = tmp_path / "data"  # the mounted volume
    data.mkdir()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    admin_password = "Quan-tri-" + secrets.token_urlsafe(12)
    env = {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}/usr/bin:/bin",
        "HOME": str(tmp_path),
        # What the Dockerfile sets, but the host: 127.0.0.1 here, 0.0.0.0 in the image.
        "THIDUA_ENV": "production",
        "THIDUA_DATABASE_URL": f"sqlite:///{data}/thidua.db",
        "THIDUA_HOST": "127.0.0.1",
        "THIDUA_PORT": str(port),
        # What an operator passes with `docker run -e`.
        "THIDUA_DEMO": "1",
        "THIDUA_JWT_SECRET": secrets.token_urlsafe(32),
        "THIDUA_ADMIN_USERNAME": "admin",
        "THIDUA_ADMIN_PASSWORD": admin_password,
    }
    log = tmp_path / "container.log"

    def units() -> list[str]:
        token = httpx.post(
            f"{url}/api/v1/auth/token",
            data={"grant_type": "password", "username": "admin", "password": admin_password},
            timeout=30,
        )
        assert token.status_code == 200, token.text
        page = httpx.get(
            f"{url}/api/v1/units",
            params={"limit": 500},
            headers={"Authorization": f"Bearer {token.json()['access_token']}"},
            timeout=30,
        )
        assert page.status_code == 200, page.text
        return sorted(u["code"] for u in page.json()["items"])

    proc = _start(data, port, env, log)
    try:
        _wait_healthy(url, proc, log)
        first = units()
    finally:
        assert _stop(proc), log.read_text(errors="replace")
    assert len(first) == 16  # the 2016 scenario: the bloc of the ministry's own agencies
    assert "demo: loaded the 2016 scenario" in log.read_text()

    # Restarted on the same volume: the data is there, the demo is not loaded again.
    proc = _start(data, port, env, log)
    try:
        _wait_healthy(url, proc, log)
        assert units() == first
    finally:
        assert _stop(proc), log.read_text(errors="replace")
    assert "demo: the database already has data; nothing loaded" in log.read_text()
