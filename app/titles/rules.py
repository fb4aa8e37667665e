"""Pure rules of the titles catalogue: prerequisites, quotas and the prerequisite graph.

Plain functions over plain data, so later features (ballot sessions, awards) check a candidate's
prerequisites and a title's quota with the rows they have already loaded, and tests need no database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any


def missing_prerequisites(requires: list[str], held: set[str]) -> list[str]:
    """The codes in ``requires`` that are not in ``held``: in ``requires`` order, each once.

    ``held`` is what the unit already has for the same year (its proposed or decided awards).
    """
    missing: list[str] = []
    for code in requires:
        if code not in held and code not in missing:
            missing.append(code)
    return missing


def quota_allows(quota: Mapping[str, Any] | None, *, already: int, population: int) -> bool:
    """Whether one more award of the title fits its quota.

    ``already``: awards of the title already counted in the quota's scope (bloc or ministry);
    ``population``: the units in that scope, the base of a ``max_share``.

    - ``None``: no quota, always allowed.
    - ``{"max_count": n}``: at most ``n`` awards: allowed while ``already + 1 <= n``.
    - ``{"max_share": x}``: at most the share ``x`` of the population, rounded down: allowed while
      ``already + 1 <= x * population`` (20% of 10 units allows 2; 20% of 4 units allows none).
      The share is compared exactly (as the decimal it was written as), never in binary floating point,
      so 0.29 of 100 allows 29, not 28.
    """
    if already < 0 or population < 0:
        raise ValueError("already and population must not be negative")
    if quota is None:
        return True
    if "max_count" in quota:
        return already + 1 <= int(quota["max_count"])
    if "max_share" in quota:
        share = Fraction(str(quota["max_share"]))
        return already + 1 <= share * population
    raise ValueError("a quota has max_count or max_share")


def cycle_through(code: str, graph: Mapping[str, Iterable[str]]) -> list[str] | None:
    """A prerequisite cycle that passes through ``code``, as a path ``[code, ..., code]``; else None.

    ``graph`` maps each title code to the codes it requires. A title requiring (directly or through
    others) itself could never be awarded, so the catalogue refuses such a change.
    """
    stack: list[tuple[str, list[str]]] = [(code, [code])]
    seen: set[str] = set()
    while stack:
        node, path = stack.pop()
        for nxt in graph.get(node, ()):
            if nxt == code:
                return [*path, code]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*path, nxt]))
    return None
