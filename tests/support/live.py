"""Real uvicorn processes on 127.0.0.1 for tests that need several servers, concurrency or a crash."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LiveServer:
    url: str
    proc: subprocess.Popen[bytes]
    log_path: Path

    def kill(self) -> None:
        """Crash it: SIGKILL, no shutdown hooks, like a power cut for the process."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


def start_server(
    env_overrides: dict[str, str],
    log_dir: Path,
    *,
    workers: int = 1,
    timeout: float = 60,
    serve: bool = False,
) -> LiveServer:
    """uvicorn on a free port of 127.0.0.1; ``serve``: through ``thidua serve`` (the product's own
    start-up: its uvicorn options), without migrating."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("THIDUA_")}
    env.update(env_overrides)
    log_path = log_dir / f"uvicorn-{port}.log"
    thidua = str(Path(sys.executable).parent / "thidua")
    served = [thidua, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    cmd = (
        [*served, "--no-migrate"]
        if serve
        else [
            sys.executable,
            "-m",
            "uvicorn",
            "app.main:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--no-access-log",
        ]
    )
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"uvicorn exited early:\n{log_path.read_text(errors='replace')}")
        try:
            if httpx.get(url + "/readyz", timeout=2).status_code == 200:
                return LiveServer(url, proc, log_path)
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    server = LiveServer(url, proc, log_path)
    server.kill()
    raise RuntimeError(f"uvicorn did not become ready:\n{server.log()}")
