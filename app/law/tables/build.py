"""Assemble an entry from its criteria and the shared tables (names, cash, council thresholds, deferral)."""

from __future__ import annotations

from app.law.spec import Cap, CapSetting, CriterionSpec, Entry, EntryKind
from app.law.tables.cash import cash
from app.law.tables.common import NAMES, deferral
from app.law.tables.council import threshold
from app.models.enums import FormSubject


def make_entry(
    code: str,
    regime: str,
    *,
    kind: EntryKind,
    subject: FormSubject,
    level: str,
    authority_vi: str,
    criteria: tuple[CriterionSpec, ...],
    cap: Cap | None = None,
    cap_setting: CapSetting | None = None,
) -> Entry:
    ind, coll, cash_citation = cash(code, regime)
    share, threshold_citation = threshold(code, regime)
    vi, en = NAMES[code]
    return Entry(
        code=code,
        kind=kind,
        subject=subject,
        level=level,
        name_vi=vi,
        name_en=en,
        authority_vi=authority_vi,
        cash_individual_centi=ind,
        cash_collective_centi=coll,
        cash_citation=cash_citation,
        council_threshold=share,
        threshold_citation=threshold_citation,
        cap=cap,
        cap_setting=cap_setting,
        criteria=(*deferral(regime), *criteria),
        basis=criteria[0].citation if criteria else None,
    )
