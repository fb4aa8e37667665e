"""The lock files that `make install` and the Docker image install from (`pip install --require-hashes`):
they cover pyproject.toml's requirements with pins inside its ranges, every pin has its hashes, the
runtime lock agrees with the dev lock, and nothing a locked package needs is missing from its lock."""

from __future__ import annotations

from importlib import metadata

import pytest
from packaging.requirements import Requirement
from packaging.utils import NormalizedName, canonicalize_name

from tests.support.locks import (
    DEV_LOCK,
    RUNTIME_LOCK,
    Pin,
    dev_requirements,
    read_lock,
    runtime_requirements,
)

LOCKS = {
    "requirements.lock": (RUNTIME_LOCK, runtime_requirements),
    "requirements-dev.lock": (DEV_LOCK, dev_requirements),
}


def _unmet(requirements: list[Requirement], pins: dict[NormalizedName, Pin]) -> list[str]:
    unmet = []
    for req in requirements:
        pin = pins.get(canonicalize_name(req.name))
        if pin is None:
            unmet.append(f"{req}: not in the lock")
        elif not req.specifier.contains(pin.version, prereleases=True):
            unmet.append(f"{req}: the lock pins {pin.version}")
    return unmet


@pytest.mark.parametrize("lock", sorted(LOCKS))
def test_every_requirement_of_pyproject_is_pinned_within_its_range(lock: str) -> None:
    path, requirements = LOCKS[lock]
    pins = read_lock(path)
    assert len(requirements()) > 15
    assert _unmet(requirements(), pins) == []


@pytest.mark.parametrize("lock", sorted(LOCKS))
def test_every_pin_has_its_hashes(lock: str) -> None:
    pins = read_lock(LOCKS[lock][0])
    assert len(pins) > 40
    assert [name for name, pin in pins.items() if not pin.hashes] == []


def test_the_runtime_lock_is_the_dev_lock_less_the_dev_tools() -> None:
    runtime, dev = read_lock(RUNTIME_LOCK), read_lock(DEV_LOCK)
    assert {n: str(p.version) for n, p in runtime.items()} == {
        n: str(dev[n].version) for n in runtime if n in dev
    }
    assert set(runtime) < set(dev)
    assert {"pytest", "ruff", "mypy", "uv"} <= set(dev) - set(runtime)


def _closure(requirements: list[Requirement], pins: dict[NormalizedName, Pin]) -> tuple[set[str], list[str]]:
    """What ``requirements`` need, following the installed packages' metadata (the versions of the lock,
    as `make install` installs them) on this platform; and what is needed but not pinned."""
    seen: set[str] = set()
    missing: list[str] = []
    todo = [(r, frozenset(r.extras)) for r in requirements]
    while todo:
        req, extras = todo.pop()
        name = canonicalize_name(req.name)
        key = f"{name}[{','.join(sorted(extras))}]"
        if key in seen:
            continue
        seen.add(key)
        if name not in pins:
            missing.append(str(req))
            continue
        for text in metadata.requires(name) or []:
            sub = Requirement(text)
            if sub.marker is None or any(sub.marker.evaluate({"extra": e}) for e in extras or {""}):
                todo.append((sub, frozenset(sub.extras)))
    return seen, missing


@pytest.mark.parametrize("lock", sorted(LOCKS))
def test_nothing_a_locked_package_needs_is_missing_from_the_lock(lock: str) -> None:
    path, requirements = LOCKS[lock]
    pins = read_lock(path)
    here = {n: p for n, p in pins.items() if p.applies()}
    installed = {n: metadata.version(n) for n in here}
    assert {n: v for n, v in installed.items() if v != str(here[n].version)} == {}, "run `make install`"
    seen, missing = _closure(requirements(), pins)
    assert missing == []
    # The extras are followed: uvicorn[standard] brings uvloop, python-jose[cryptography] cryptography.
    assert {"uvicorn[standard]", "uvloop[]", "python-jose[cryptography]", "cryptography[]"} <= seen
    # And the lock holds nothing that nothing needs (on this platform).
    needed = {key.partition("[")[0] for key in seen}
    assert {str(n) for n in here} - needed == set()
