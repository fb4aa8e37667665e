"""Clients generated from openapi.json at test time, as integrators generate them, for
tests/core/test_clients_typescript.py and tests/core/test_clients_python.py. Nothing generated is
committed: the TypeScript types and build go to git-ignored folders of clients/ts, the Python client to
the test's temporary folder."""

from __future__ import annotations

import fcntl
import hashlib
import importlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.support.builders import Builders
from tests.support.voting import VotingWorld

ROOT = Path(__file__).resolve().parents[2]
OPENAPI = ROOT / "openapi.json"
TS_DIR = ROOT / "clients" / "ts"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# ---- TypeScript -----------------------------------------------------------------------------------------


def node_and_npm() -> tuple[str, str]:
    """node and npm, or the test stops: it fails under CI (.ci/run installs them, so their absence is a
    broken CI machine) and is skipped, saying why, on a developer's machine without them."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node and npm:
        return node, npm
    message = "node and npm are needed to check the TypeScript client (Debian: apt-get install nodejs npm)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """One pytest-xdist worker at a time in clients/ts (npm ci replaces node_modules as a whole)."""
    with open(path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _run(cmd: list[str], *, timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cmd,
        cwd=TS_DIR,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def _checked(cmd: list[str], *, timeout: float) -> None:
    done = _run(cmd, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"


@dataclass(frozen=True)
class TypeScriptBuild:
    tsc: subprocess.CompletedProcess[str]  # `tsc --strict` over src/ and the generated types
    out_dir: Path  # the compiled example, when tsc found no error

    @property
    def errors(self) -> list[str]:
        return [line for line in (self.tsc.stdout + self.tsc.stderr).splitlines() if "error TS" in line]


def build_typescript(worker: str) -> TypeScriptBuild:
    """`npm ci` (only when package-lock.json changed since the last one), openapi-typescript over
    openapi.json into generated/, then tsc (strict, per tsconfig.json) into build/<worker>/."""
    _, npm = node_and_npm()
    with _locked(TS_DIR / ".build.lock"):
        lock_digest = hashlib.sha256((TS_DIR / "package-lock.json").read_bytes()).hexdigest()
        stamp = TS_DIR / "node_modules" / ".thidua-package-lock.sha256"
        if not stamp.is_file() or stamp.read_text() != lock_digest:
            _checked([npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"], timeout=600)
            stamp.write_text(lock_digest)
        bin_dir = TS_DIR / "node_modules" / ".bin"
        _checked([str(bin_dir / "openapi-typescript"), str(OPENAPI), "-o", "generated/api.d.ts"], timeout=300)
        out_dir = TS_DIR / "build" / worker
        shutil.rmtree(out_dir, ignore_errors=True)
        tsc_args = ["-p", "tsconfig.json", "--noEmitOnError", "--pretty", "false", "--outDir", str(out_dir)]
        tsc = _run([str(bin_dir / "tsc"), *tsc_args], timeout=300)
    return TypeScriptBuild(tsc, out_dir)


# Misuses of the generated types that `tsc --strict` must refuse: were the types loose (`any`, optional
# everywhere), the example would compile whatever it did.
TS_PROBE = """\
import createClient from "openapi-fetch";
import type { components, paths } from "../../generated/api.js";

const unit: components["schemas"]["UnitRead"] = { code: 7 };
const api = createClient<paths>({ baseUrl: "http://127.0.0.1" });
await api.GET("/api/v1/units", { params: { query: { limit: "fifty" } } });
await api.POST("/api/v1/voting-sessions/{session_id}/ballots", { body: { choices: [] } });
export { unit };
"""


def typecheck_probe(worker: str) -> list[str]:
    """The compiler's errors over TS_PROBE (same options as tsconfig.json), one per line."""
    probe_dir = TS_DIR / "build" / f"{worker}-probe"
    probe_dir.mkdir(parents=True, exist_ok=True)
    (probe_dir / "probe.ts").write_text(TS_PROBE)
    # outDir elsewhere: tsc leaves out the files under the inherited outDir (build/), the probe among them.
    config = {
        "extends": "../../tsconfig.json",
        "compilerOptions": {"rootDir": ".", "outDir": "out", "noEmit": True},
        "include": ["probe.ts", "../../generated/**/*.d.ts"],
    }
    (probe_dir / "tsconfig.json").write_text(json.dumps(config))
    with _locked(TS_DIR / ".build.lock"):
        done = _run(
            [str(TS_DIR / "node_modules" / ".bin" / "tsc"), "-p", str(probe_dir), "--pretty", "false"],
            timeout=300,
        )
    return [line for line in (done.stdout + done.stderr).splitlines() if "error TS" in line]


def run_example(build: TypeScriptBuild, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    node, _ = node_and_npm()
    return subprocess.run(
        [node, str(build.out_dir / "example.js")],
        cwd=TS_DIR,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        stdin=subprocess.DEVNULL,
    )


# ---- Python ---------------------------------------------------------------------------------------------

PY_CLIENT_PACKAGE = "thidua_generated_client"
# What an integrator writes in openapi-python-client's config: the file formats are bytes to it.
PY_CLIENT_CONFIG = f"""\
package_name_override: {PY_CLIENT_PACKAGE}
post_hooks: []
content_type_overrides:
  {XLSX}: application/octet-stream
  application/vnd.openxmlformats-officedocument.wordprocessingml.document: application/octet-stream
"""


@dataclass(frozen=True)
class PythonClient:
    package: ModuleType
    output: str  # what the generator printed: its warnings name the operations it left out

    def module(self, name: str) -> Any:
        return importlib.import_module(f"{PY_CLIENT_PACKAGE}.{name}")


def generate_python_client(dest: Path) -> PythonClient:
    """openapi-python-client over openapi.json into ``dest``, imported from there."""
    config = dest / "openapi-python-client.yaml"
    config.write_text(PY_CLIENT_CONFIG)
    generator = Path(sys.executable).with_name("openapi-python-client")
    done = subprocess.run(
        [
            *(str(generator), "generate", "--path", str(OPENAPI), "--meta", "none"),
            *("--output-path", str(dest / PY_CLIENT_PACKAGE), "--config", str(config)),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for name in [m for m in sys.modules if m == PY_CLIENT_PACKAGE or m.startswith(PY_CLIENT_PACKAGE + ".")]:
        del sys.modules[name]  # another test's generation, from another folder
    sys.path.insert(0, str(dest))
    try:
        package = importlib.import_module(PY_CLIENT_PACKAGE)
    finally:
        sys.path.remove(str(dest))
    return PythonClient(package, done.stdout + done.stderr)


# ---- the world both clients act on ----------------------------------------------------------------------


@dataclass(frozen=True)
class BallotStage:
    """A bloc-year with an open ballot session; the voter is the officer of the leading unit, who may also
    read the campaign's summary. ``world`` acts in process on the same database as the live server."""

    world: VotingWorld
    username: str
    password: str
    session_id: str
    candidate_id: str

    @property
    def campaign_id(self) -> str:
        return self.world.cid


def ballot_stage(build: Builders) -> BallotStage:
    world = VotingWorld(build)
    session_id = world.created()["id"]
    world.acted(session_id, "open")
    voter = world.delegates[0]
    return BallotStage(world, voter["username"], voter["password"], session_id, world.b)
