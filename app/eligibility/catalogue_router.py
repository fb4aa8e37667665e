"""The legal regimes and what each says of every title and form: read-only, from ``app.law``'s data."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

from app.core.errors import NotFound
from app.core.responses import AUTH, not_found
from app.core.routing import feature_router
from app.eligibility.catalogue_schemas import EntryRules, RegimeCatalogueRead, RegimeList, RegimeSummary
from app.eligibility.policies import CapReader as LawReader
from app.law import catalogue
from app.law.regimes import REGIMES, UnknownRegime, regime

router = feature_router(prefix="/legal-regimes", tags=["eligibility"])


@router.get(
    "",
    response_model=RegimeList,
    summary="List the legal regimes",
    description="Each with the decision dates it covers and its core texts (law.md section 1).",
    responses=AUTH,
)
def list_legal_regimes(_principal: LawReader) -> RegimeList:
    return RegimeList(items=[RegimeSummary.of(r) for r in REGIMES])


@router.get(
    "/{code}",
    response_model=RegimeCatalogueRead,
    summary="Read a legal regime with its rules for every title and form",
    description="Criteria, caps, council thresholds and cash multiples, each with its citation; a citation "
    "with `confirmed: false` is a default law.md could not confirm (a regulation setting may change it).",
    responses={**AUTH, **not_found("legal regime")},
)
def get_legal_regime(
    code: Annotated[str, Path(description="The regime's code, e.g. `R2016`.")],
    _principal: LawReader,
) -> RegimeCatalogueRead:
    try:
        r = regime(code)
    except UnknownRegime as exc:
        raise NotFound(
            "No legal regime has this code.", detail_vi="Không có chế độ pháp lý nào với mã này."
        ) from exc
    summary = RegimeSummary.of(r)
    entries = catalogue.entries(r.code)
    names = {e.code: e.name_en for e in entries}
    return RegimeCatalogueRead(**summary.model_dump(), catalogue=[EntryRules.of(e, names) for e in entries])
