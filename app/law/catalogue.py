"""The catalogue: per regime, per code, the rules of each title and form as data (law.md sections 2–3).

The shapes (``Citation``, ``Cap``, ``Entry``, the criteria) live in ``app.law.spec`` and are re-exported here;
the values live in ``app.law.tables``, one module per kind of entry.
"""

from __future__ import annotations

from functools import cache

from app.law.regimes import regime as _regime
from app.law.spec import (
    AbsentBelow,
    Cap,
    CapSetting,
    Citation,
    CountAwards,
    CriterionSpec,
    Entry,
    HasAchievement,
    HeldBefore,
    HoldsTitle,
    Judgement,
    MembersAtLeast,
    MembersNoWarning,
    MembersShare,
    NoDiscipline,
    NothingPending,
    OncePerYear,
    OneOf,
    Option,
    RatedAtLeast,
    WorkedMonths,
)
from app.law.tables import bang_khen, collective, forms, individual, orders
from app.law.tables.common import REGIME_CODES

__all__ = [
    "AbsentBelow",
    "Cap",
    "CapSetting",
    "Citation",
    "CountAwards",
    "CriterionSpec",
    "Entry",
    "HasAchievement",
    "HeldBefore",
    "HoldsTitle",
    "Judgement",
    "MembersAtLeast",
    "MembersNoWarning",
    "MembersShare",
    "NoDiscipline",
    "NothingPending",
    "OncePerYear",
    "OneOf",
    "Option",
    "RatedAtLeast",
    "WorkedMonths",
    "all_codes",
    "entries",
    "entry",
    "latest_entry",
]


@cache
def _catalogue(regime_code: str) -> dict[str, Entry]:
    built = [
        b(regime_code)
        for b in (*individual.BUILDERS, *collective.BUILDERS, *forms.BUILDERS, *bang_khen.BUILDERS)
    ]
    built += [orders.order(code, regime_code) for code in orders.ORDER_CODES]
    return {e.code: e for e in built}


def entries(regime_code: str) -> tuple[Entry, ...]:
    """Every entry of the regime; an unknown regime raises ``UnknownRegime``."""
    _regime(regime_code)
    return tuple(_catalogue(regime_code).values())


def entry(regime_code: str, code: str) -> Entry | None:
    _regime(regime_code)
    return _catalogue(regime_code).get(code)


def all_codes() -> tuple[str, ...]:
    """Every code any regime knows, in catalogue order."""
    seen: dict[str, None] = {}
    for r in REGIME_CODES:
        seen.update(dict.fromkeys(_catalogue(r)))
    return tuple(seen)


def latest_entry(code: str) -> Entry | None:
    """The entry for ``code`` in the latest regime that has it (for checks that do not depend on the
    regime: whether a code is a title, and for whom)."""
    for r in reversed(REGIME_CODES):
        if (found := _catalogue(r).get(code)) is not None:
            return found
    return None
