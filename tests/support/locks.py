"""Reading the lock files (requirements.lock, requirements-dev.lock: `make lock`'s pip-compatible output
with hashes) and pyproject.toml's requirements, for tests/core/test_lock_files.py."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import NormalizedName, canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
RUNTIME_LOCK = ROOT / "requirements.lock"
DEV_LOCK = ROOT / "requirements-dev.lock"

_PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;\\]+)\s*(?:;(?P<marker>[^\\]+))?")
_HASH = re.compile(r"--hash=sha256:(?P<digest>[0-9a-f]{64})")


@dataclass(frozen=True)
class Pin:
    name: NormalizedName
    version: Version
    marker: Marker | None
    hashes: tuple[str, ...]

    def applies(self, environment: dict[str, str] | None = None) -> bool:
        return self.marker is None or self.marker.evaluate(environment)


def read_lock(path: Path) -> dict[NormalizedName, Pin]:
    """Every pin of a lock: ``name==version [; marker] \\`` and its ``--hash=sha256:...`` lines."""
    pins: dict[NormalizedName, Pin] = {}
    entries: list[list[str]] = []
    for line in path.read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[0].isspace():  # a continuation: the hashes of the entry above
            entries[-1].append(line)
        else:
            entries.append([line])
    for entry in entries:
        head = _PIN.match(entry[0])
        assert head, f"{path.name}: not a pin: {entry[0]!r}"
        name = canonicalize_name(head["name"])
        assert name not in pins, f"{path.name}: {name} pinned twice"
        marker = head["marker"]
        pins[name] = Pin(
            name,
            Version(head["version"]),
            Marker(marker.strip()) if marker else None,
            tuple(m["digest"] for line in entry for m in _HASH.finditer(line)),
        )
    return pins


def pyproject() -> dict[str, object]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def runtime_requirements() -> list[Requirement]:
    """The project's dependencies and its build backend (the image and `make` build it from the lock)."""
    doc = pyproject()
    project = doc["project"]
    build = doc["build-system"]
    assert isinstance(project, dict) and isinstance(build, dict)
    return [Requirement(r) for r in [*project["dependencies"], *build["requires"]]]


def dev_requirements() -> list[Requirement]:
    project = pyproject()["project"]
    assert isinstance(project, dict)
    return [*runtime_requirements(), *(Requirement(r) for r in project["optional-dependencies"]["dev"])]
