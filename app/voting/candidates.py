"""Where a session's candidates come from when they are not listed (``candidates_from``).

- ``{"session_id": id}`` / ``{"session_ids": [...]}``: the units elected by published sessions (the
  government flag's candidates are the ministry flag's winners), each once, in the sessions' order;
- ``{"ranking": {"top": K, "min_total": x}}``: the campaign's ranking, the units within the top K ranks
  (units tied at the K-th rank included) and/or with a total of at least x; units with no total never.

And what every candidate list must satisfy, however it was made: units of the bloc that year, holding
the title's prerequisites (proposed or decided awards of the same year).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.awards import repository as awards_repository
from app.core.errors import Conflict, Invalid
from app.core.time import VN_TZ
from app.law import catalogue
from app.law.engine import same_year_titles
from app.law.regimes import regime_on
from app.models import AwardStatus, Campaign, SessionStatus, Title, Unit, VotingSession
from app.scoring import rank_rules
from app.scoring.ranking import ranking
from app.titles import rules
from app.voting.tally import TallyResult

# ---- pure rules ---------------------------------------------------------------------------------------


def elected_of(results: Iterable[TallyResult | None]) -> list[str]:
    """The units elected in the given (frozen) results, each once, in order."""
    units: list[str] = []
    for result in results:
        for unit_id in result.elected if result is not None else []:
            if unit_id not in units:
                units.append(unit_id)
    return units


def centi_floor(min_total: float) -> int:
    """``min_total`` points as the smallest whole number of hundredths a total must reach (totals have at
    most 2 decimals, so "at least 79.991" means at least 80.00)."""
    return math.ceil(Decimal(str(min_total)) * 100)


# ---- resolving ----------------------------------------------------------------------------------------


def _no_candidates(what: str, loc: list[Any]) -> Invalid:
    return Invalid(
        f"{what} gives no candidate.",
        code="no_candidates",
        detail_vi="Nguồn ứng viên đã chọn không cho ứng viên nào.",
        errors=[{"loc": loc, "msg": "no candidate", "type": "no_candidates"}],
    )


def from_sessions(
    session: Session, session_ids: Sequence[str], *, loc: list[Any], indexed: bool = True
) -> list[str]:
    """The units elected by the given published sessions (``indexed``: errors name the list's entry)."""
    found = {
        vs.id: vs
        for vs in session.scalars(select(VotingSession).where(VotingSession.id.in_(list(session_ids))))
    }
    unknown = [i for i, sid in enumerate(session_ids) if sid not in found]
    if unknown:
        raise Invalid(
            "A source session does not exist.",
            detail_vi="Phiên bỏ phiếu nguồn không tồn tại.",
            errors=[
                {"loc": [*loc, i] if indexed else loc, "msg": "no such session", "type": "not_found"}
                for i in unknown
            ],
        )
    unpublished = [sid for sid in session_ids if found[sid].status != SessionStatus.PUBLISHED]
    if unpublished:
        raise Conflict(
            f"Candidates come only from published sessions; not published: {', '.join(unpublished)}.",
            code="source_not_published",
            detail_vi="Chỉ lấy ứng viên từ phiên bỏ phiếu đã công bố kết quả.",
            extra={"session_ids": unpublished},
        )
    units = elected_of(TallyResult.from_stored(found[sid].result or {}) for sid in session_ids)
    if not units:
        raise _no_candidates("The source session", loc)
    return units


def from_ranking(
    session: Session, campaign: Campaign, *, top: int | None, min_total: float | None, loc: list[Any]
) -> list[str]:
    """The campaign's ranked units within the top ``top`` ranks (a tie at the last one kept whole) and/or
    with a total of at least ``min_total`` points, best first."""
    rows = rank_rules.leading(
        ranking(session, campaign),
        top=top,
        min_total_centi=None if min_total is None else centi_floor(min_total),
    )
    if not rows:
        raise _no_candidates("The ranking", loc)
    return [r.unit_id for r in rows]


def resolve(session: Session, campaign: Campaign, source: Mapping[str, Any]) -> list[str]:
    """The candidate units ``source`` (a ``candidates_from`` object, as stored) gives."""
    loc: list[Any] = ["body", "candidates_from"]
    if "session_id" in source:
        return from_sessions(session, [source["session_id"]], loc=[*loc, "session_id"], indexed=False)
    if "session_ids" in source:
        return from_sessions(session, list(source["session_ids"]), loc=[*loc, "session_ids"])
    rule = source["ranking"]
    return from_ranking(
        session, campaign, top=rule.get("top"), min_total=rule.get("min_total"), loc=[*loc, "ranking"]
    )


# ---- what every candidate list must satisfy -----------------------------------------------------------


def _label(units: Mapping[str, Unit], unit_id: str) -> str:
    unit = units.get(unit_id)
    return unit.code if unit is not None else unit_id


def require_members(
    candidate_ids: Sequence[str], members: Collection[str], *, listed: bool, units: Mapping[str, Unit]
) -> None:
    """422 ``candidate_not_member`` naming every candidate that is not a unit of the bloc that year.

    ``listed``: the candidates were sent as ``candidate_ids`` (errors point at each entry), else they came
    from ``candidates_from``.
    """
    outsiders = [(i, unit_id) for i, unit_id in enumerate(candidate_ids) if unit_id not in members]
    if not outsiders:
        return
    names = ", ".join(_label(units, unit_id) for _, unit_id in outsiders)
    raise Invalid(
        f"Candidates must be units of the bloc in the campaign's year; not members: {names}.",
        code="candidate_not_member",
        detail_vi=f"Ứng viên phải là đơn vị thành viên của khối trong năm; không phải thành viên: {names}.",
        errors=[
            {
                "loc": ["body", "candidate_ids", i] if listed else ["body", "candidates_from"],
                "msg": f"{unit_id} is not a member of the bloc that year",
                "type": "candidate_not_member",
            }
            for i, unit_id in outsiders
        ],
    )


def held_titles(session: Session, unit_ids: Sequence[str], year: int) -> dict[str, set[str]]:
    """The titles each unit holds for ``year``: its proposed or decided (not revoked) awards."""
    held: dict[str, set[str]] = {u: set() for u in unit_ids}
    rows = awards_repository.titles_held_rows(
        session, unit_ids=unit_ids, year=year, statuses=(AwardStatus.PROPOSED, AwardStatus.DECIDED)
    )
    for unit_id, title_code in rows:
        held[unit_id].add(title_code)
    return held


def require_prerequisites(
    session: Session, title: Title, candidate_ids: Sequence[str], year: int, *, units: Mapping[str, Unit]
) -> None:
    """409 ``prerequisite_not_met`` naming every candidate that lacks a title ``title`` requires that year:
    the catalogue's same-year list, and what the law in force today requires the same year (the session
    leads to a decision now; the Government flag needs the ministry flag from R2017 on, law.md 2.3)."""
    regime = regime_on(datetime.now(VN_TZ).date())
    entry = catalogue.entry(regime.code, title.code)
    by_law = same_year_titles(entry) if entry is not None else ()
    requires = list(dict.fromkeys([*(str(code) for code in title.requires or []), *by_law]))
    if not requires:
        return
    held = held_titles(session, candidate_ids, year)
    lacking = [
        (unit_id, missing)
        for unit_id in candidate_ids
        if (missing := rules.missing_prerequisites(requires, held[unit_id]))
    ]
    if not lacking:
        return
    text = "; ".join(f"{_label(units, u)} lacks {', '.join(m)}" for u, m in lacking)
    text_vi = "; ".join(f"{_label(units, u)} chưa có {', '.join(m)}" for u, m in lacking)
    raise Conflict(
        f"Every candidate for {title.code} must first hold its prerequisites for {year}: {text}.",
        code="prerequisite_not_met",
        detail_vi=f"Ứng viên {title.code} phải có danh hiệu tiên quyết trong năm {year}: {text_vi}.",
        extra={
            "missing": [{"unit_id": u, "unit_code": _label(units, u), "title_codes": m} for u, m in lacking],
            "regime": regime.code,
        },
    )
