"""Eligibility: the law's verdict on a subject, a title or form, and a year, with the regime it was judged
under and each criterion's evidence and article. The rules are ``app.law`` (pure); this module loads the
facts (``repository``), chooses the regime and the regulation in force, and asks the engine.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.errors import Invalid, NotFound
from app.core.time import VN_TZ
from app.eligibility import repository
from app.law import catalogue, engine
from app.law.catalogue import Cap, Citation
from app.law.facts import Subject
from app.law.overlay import Overlay
from app.law.regimes import RegimeChoice, UnknownRegime, choose_regime
from app.law.verdict import VerdictResult
from app.models import Award, AwardStatus, CommendationForm, Title, Unit
from app.regulations import service as regulations

# A verdict reads the subject's last years: the longest chain the law asks for is 5 consecutive years.
HISTORY_YEARS = 6


def today() -> date:
    return datetime.now(VN_TZ).date()


@dataclass(frozen=True)
class Question:
    """What is asked: ``code`` for ``year``, decided on ``decision_date`` (None: judged as of today)."""

    code: str
    year: int
    decision_date: date | None = None
    lodged_on: date | None = None


def _bad_query(name: str, msg: str, detail: str, detail_vi: str) -> Invalid:
    return Invalid(
        detail, detail_vi=detail_vi, errors=[{"loc": ["query", name], "msg": msg, "type": "value_error"}]
    )


def in_catalogue(session: Session, code: str) -> bool:
    return len(code) <= 64 and (
        session.get(Title, code) is not None or session.get(CommendationForm, code) is not None
    )


def require_catalogue_code(session: Session, code: str) -> None:
    """422 unless ``code`` is a title or a form of the catalogue."""
    if not in_catalogue(session, code):
        raise _bad_query(
            "code",
            "unknown title or form",
            "No title or form of commendation has this code.",
            "Không có danh hiệu hoặc hình thức khen thưởng nào với mã này.",
        )


def _choice(q: Question, overlay: Overlay) -> RegimeChoice:
    try:
        return choose_regime(
            decision_date=q.decision_date,
            lodged_on=q.lodged_on,
            keep_old_procedure=bool(overlay.values.get("keep_old_procedure_for_lodged_files", True)),
            today=today(),
        )
    except UnknownRegime as exc:
        raise _bad_query(
            "decision_date",
            "no legal regime",
            "No legal regime this product knows applies on that date (the earliest starts 20/8/2014).",
            "Không có chế độ pháp lý nào được hỗ trợ áp dụng cho ngày này (sớm nhất từ 20/8/2014).",
        ) from exc


def _judge(subject: Subject, q: Question, overlay: Overlay, award_id: str | None = None) -> VerdictResult:
    choice = _choice(q, overlay)
    try:
        return engine.judge(subject, q.code, q.year, choice=choice, overlay=overlay, award_id=award_id)
    except engine.UnknownEntry as exc:
        raise _bad_query(
            "code",
            "not in the legal regime",
            f"The legal regime {choice.regime.code} has no rules for '{q.code}'.",
            f"Chế độ pháp lý {choice.regime.code} không có quy định cho “{q.code}”.",
        ) from exc


def _on(q: Question) -> date:
    return q.decision_date or today()


def _years(q: Question) -> range:
    return range(q.year - HISTORY_YEARS + 1, q.year + 1)


# ---- one subject --------------------------------------------------------------------------------------


def judge_person(
    session: Session, *, person_id: str, q: Question, award_id: str | None = None
) -> VerdictResult:
    """``award_id``: the award being judged, left out of the person's history (it must not count against
    itself, e.g. for one Bằng khen a year)."""
    require_catalogue_code(session, q.code)
    subject = repository.person_subjects(session, [person_id]).get(person_id)
    if subject is None:
        raise NotFound("The person does not exist.", detail_vi="Không tìm thấy cá nhân.")
    unit_id = repository.unit_of_person(session, person_id=person_id, year=q.year)
    bloc_id = regulations.bloc_of_unit(session, unit_id=unit_id, year=q.year) if unit_id else None
    return _judge(subject, q, regulations.overlay_for(session, on=_on(q), bloc_id=bloc_id), award_id)


def judge_unit(session: Session, *, unit_id: str, q: Question, award_id: str | None = None) -> VerdictResult:
    require_catalogue_code(session, q.code)
    subject = repository.unit_subjects(session, [unit_id], years=_years(q)).get(unit_id)
    if subject is None:
        raise NotFound("The unit does not exist.", detail_vi="Không tìm thấy đơn vị.")
    bloc_id = regulations.bloc_of_unit(session, unit_id=unit_id, year=q.year)
    return _judge(subject, q, regulations.overlay_for(session, on=_on(q), bloc_id=bloc_id), award_id)


def judge_award(session: Session, award: Award, *, decision_date: date) -> VerdictResult:
    q = Question(code=award.title_code or award.form_code or "", year=award.year, decision_date=decision_date)
    if award.person_id is not None:
        return judge_person(session, person_id=award.person_id, q=q, award_id=award.id)
    assert award.unit_id is not None  # one subject: the check constraint
    return judge_unit(session, unit_id=award.unit_id, q=q, award_id=award.id)


# ---- batches ------------------------------------------------------------------------------------------


def judge_decided(session: Session, awards: Sequence[Award]) -> list[tuple[Award, VerdictResult]]:
    """Each decided award judged as of its decision date, the people's facts read once for all (the demo's
    history, hundreds of awards). Awards without a decision date are left out."""
    dated = [a for a in awards if a.decision_date is not None]
    subjects = repository.person_subjects(session, {a.person_id for a in dated if a.person_id})
    overlays: dict[tuple[date, str | None], Overlay] = {}
    out: list[tuple[Award, VerdictResult]] = []
    for award in dated:
        assert award.decision_date is not None
        if award.person_id is None:
            out.append((award, judge_award(session, award, decision_date=award.decision_date)))
            continue
        unit_id = repository.unit_of_person(session, person_id=award.person_id, year=award.year)
        bloc_id = regulations.bloc_of_unit(session, unit_id=unit_id, year=award.year) if unit_id else None
        key = (award.decision_date, bloc_id)
        if key not in overlays:
            overlays[key] = regulations.overlay_for(session, on=award.decision_date, bloc_id=bloc_id)
        q = Question(
            code=award.title_code or award.form_code or "", year=award.year, decision_date=award.decision_date
        )
        out.append((award, _judge(subjects[award.person_id], q, overlays[key], award.id)))
    return out


def judge_people_of_unit(session: Session, *, unit_id: str, q: Question) -> list[VerdictResult]:
    """Every person who worked in the unit in ``q.year`` (in the unit they ended the year in), by name."""
    require_catalogue_code(session, q.code)
    if len(unit_id) > 64 or session.get(Unit, unit_id) is None:
        raise NotFound("The unit does not exist.", detail_vi="Không tìm thấy đơn vị.")
    person_ids = repository.people_in_year(session, [unit_id], q.year).get(unit_id, [])
    subjects = repository.person_subjects(session, person_ids)
    bloc_id = regulations.bloc_of_unit(session, unit_id=unit_id, year=q.year)
    overlay = regulations.overlay_for(session, on=_on(q), bloc_id=bloc_id)
    ordered = sorted(subjects.values(), key=lambda s: (s.name, s.id))
    return [_judge(s, q, overlay) for s in ordered]


def judge_units(
    session: Session, *, unit_ids: Sequence[str], q: Question, bloc_id: str | None
) -> list[VerdictResult]:
    require_catalogue_code(session, q.code)
    subjects = repository.unit_subjects(session, unit_ids, years=_years(q))
    overlay = regulations.overlay_for(session, on=_on(q), bloc_id=bloc_id)
    return [_judge(subjects[u], q, overlay) for u in unit_ids if u in subjects]


# ---- caps ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CapUse:
    """How much of a cap is used: ``used`` decided awards of ``code`` against ``limit`` = the share of
    ``base_count`` (awards of ``of_code``, or the unit's people) rounded as the regulation says."""

    code: str
    year: int
    regime: str
    share: Fraction
    of_code: str | None
    per: str
    unit_id: str | None
    base_count: int
    limit: int
    used: int
    citation: Citation

    @property
    def remaining(self) -> int:
        return max(self.limit - self.used, 0)


def _count_live(
    session: Session,
    *,
    code: str,
    year: int,
    subject_ids: Sequence[str] | None,
    person: bool,
    decided_only: bool,
) -> int:
    col = Award.person_id if person else Award.unit_id
    stmt = select(func.count()).select_from(Award).where(Award.title_code == code, Award.year == year)
    stmt = (
        stmt.where(Award.status == AwardStatus.DECIDED)
        if decided_only
        else stmt.where(Award.status != AwardStatus.REVOKED)
    )
    stmt = stmt.where(col.is_not(None))
    if subject_ids is not None:
        stmt = stmt.where(col.in_(list(subject_ids)))
    return session.scalar(stmt) or 0


def cap_use(
    session: Session, *, code: str, year: int, choice: RegimeChoice, overlay: Overlay, unit_id: str | None
) -> CapUse | None:
    """The cap the regime (or the regulation) puts on ``code`` for ``year``; None when there is none.

    A cap per unit (e.g. Chiến sĩ thi đua cơ sở ≤ 15% of the unit's Lao động tiên tiến) needs the unit:
    the people counted are those who worked there that year. A cap per ministry counts every holder."""
    entry = catalogue.entry(choice.regime.code, code)
    cap: Cap | None = engine.effective_cap(entry, overlay) if entry is not None else None
    if cap is None:
        return None
    person = entry is not None and entry.subject == "individual"
    people: list[str] | None = None
    if cap.per == "unit":
        if unit_id is None:
            return None
        people = repository.people_in_year(session, [unit_id], year).get(unit_id, [])
    base = (
        _count_live(
            session, code=cap.of_code, year=year, subject_ids=people, person=person, decided_only=False
        )
        if cap.of_code
        else len(people or [])
    )
    used = _count_live(session, code=code, year=year, subject_ids=people, person=person, decided_only=True)
    return CapUse(
        code=code,
        year=year,
        regime=choice.regime.code,
        share=cap.share,
        of_code=cap.of_code,
        per=cap.per,
        unit_id=unit_id if cap.per == "unit" else None,
        base_count=base,
        limit=engine.cap_limit(cap, base_count=base, overlay=overlay),
        used=used,
        citation=cap.citation,
    )


def cap_for_award(session: Session, award: Award, verdict: VerdictResult) -> CapUse | None:
    if award.title_code is None:
        return None
    unit_id = (
        repository.unit_of_person(session, person_id=award.person_id, year=award.year)
        if award.person_id is not None
        else award.unit_id
    )
    bloc_id = regulations.bloc_of_unit(session, unit_id=unit_id, year=award.year) if unit_id else None
    overlay = regulations.overlay_for(session, on=verdict.regime.on, bloc_id=bloc_id)
    return cap_use(
        session,
        code=award.title_code,
        year=award.year,
        choice=verdict.regime,
        overlay=overlay,
        unit_id=unit_id,
    )


def cap_of(session: Session, *, q: Question, unit_id: str | None) -> CapUse | None:
    """The cap on ``q.code`` for ``q.year`` under the regime of ``q``'s date (a unit's, given ``unit_id``)."""
    require_catalogue_code(session, q.code)
    bloc_id = regulations.bloc_of_unit(session, unit_id=unit_id, year=q.year) if unit_id else None
    overlay = regulations.overlay_for(session, on=_on(q), bloc_id=bloc_id)
    return cap_use(
        session, code=q.code, year=q.year, choice=_choice(q, overlay), overlay=overlay, unit_id=unit_id
    )


def registration_verdicts(
    session: Session, *, pairs: Sequence[tuple[str, str]], year: int, bloc_id: str
) -> dict[tuple[str, str], VerdictResult]:
    """The verdict, as of today, on each (unit, title) registered for ``year``; a title the law in force has
    no rules for (one the secretariat added) has none."""
    out: dict[tuple[str, str], VerdictResult] = {}
    if not pairs:
        return out
    overlay = regulations.overlay_for(session, on=today(), bloc_id=bloc_id)
    codes = sorted({code for _unit, code in pairs})
    subjects = repository.unit_subjects(
        session, sorted({u for u, _c in pairs}), years=_years(Question(code="", year=year))
    )
    for code in codes:
        q = Question(code=code, year=year)
        choice = _choice(q, overlay)
        if catalogue.entry(choice.regime.code, code) is None:
            continue
        for unit_id, c in pairs:
            if c == code and unit_id in subjects:
                out[(unit_id, code)] = engine.judge(
                    subjects[unit_id], code, year, choice=choice, overlay=overlay
                )
    return out
