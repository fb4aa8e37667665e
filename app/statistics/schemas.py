"""Response models of the commendation statistics, built from ``app.statistics.service`` in one place each
(``of``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from app.statistics.aggregate import CodeCount, Count, Group, Totals, UnitCount
from app.statistics.report_forms import Column, Note, ReportForm, Row
from app.statistics.service import CommendationStatistics

StatisticsFormat = Literal["json", "xlsx"]

COUNTING_RULE = (
    "An award counts in the year of its decision date (`decision_date`, 1 January to 31 December) when its "
    "status is `decided`. Proposed awards have no decision and are not counted; a revoked award is not "
    "counted, and the revoked awards whose decision date falls in the year are a count of their own "
    "(`totals.revoked`, `revoked`). Counts are awards (decisions), not people."
)


class CountRead(BaseModel):
    code: str
    name: str = Field(description="The Vietnamese display name.")
    count: int
    cash_vnd: int = Field(description="The cash of these awards (VND); an award without cash adds 0.")

    @classmethod
    def of(cls, c: Count) -> CountRead:
        return cls(code=c.code, name=c.name, count=c.count, cash_vnd=c.cash_vnd)


class LevelBasis(BaseModel):
    source: Literal["law_catalogue", "statistics_table", "catalogue_row"] = Field(
        description="Where the level comes from: the law catalogue (`GET /legal-regimes`), the statistics' "
        "own table (state titles the law catalogue does not hold), or the titles/forms catalogue row."
    )
    authority: str | None = Field(description="Who decides it (Vietnamese).")
    citation: str | None
    confirmed: bool = Field(description="False when law.md marks the citation unconfirmed or inferred.")


class CodeCountRead(CountRead):
    kind: Literal["title", "form"]
    level: str = Field(description="state | ministry | base; `unknown` when nothing says.")
    collective: int
    individual: int
    level_basis: LevelBasis | None

    @classmethod
    def of_code(cls, c: CodeCount) -> CodeCountRead:
        basis = c.level_of
        return cls(
            **CountRead.of(c).model_dump(),
            kind=c.kind.value,
            level=c.level,
            collective=c.collective,
            individual=c.individual,
            level_basis=None
            if basis is None
            else LevelBasis(
                source=basis.source.value,
                authority=basis.authority,
                citation=basis.citation,
                confirmed=basis.confirmed,
            ),
        )


class GroupRead(CountRead):
    items: list[CodeCountRead] = Field(description="Each title or form of the group, in catalogue order.")

    @classmethod
    def of_group(cls, g: Group) -> GroupRead:
        return cls(**CountRead.of(g).model_dump(), items=[CodeCountRead.of_code(x) for x in g.items])


class UnitCountRead(BaseModel):
    unit_id: str | None = Field(description="Null: people who worked in no unit on the decision date.")
    unit_code: str | None
    unit_name: str
    count: int
    collective: int
    individual: int
    cash_vnd: int

    @classmethod
    def of(cls, u: UnitCount) -> UnitCountRead:
        return cls(
            unit_id=u.unit_id,
            unit_code=u.code,
            unit_name=u.name,
            count=u.count,
            collective=u.collective,
            individual=u.individual,
            cash_vnd=u.cash_vnd,
        )


class TotalsRead(BaseModel):
    awards: int = Field(description="Decided awards counted in the year.")
    collective: int
    individual: int
    titles: int
    forms: int
    cash_vnd: int = Field(description="The cash of the awards counted (VND).")
    awards_without_cash: int = Field(description="Awards counted whose decision recorded no cash amount.")
    revoked: int = Field(description="Awards decided in the year and since revoked (not counted above).")

    @classmethod
    def of(cls, t: Totals) -> TotalsRead:
        return cls(
            awards=t.awards,
            collective=t.collective,
            individual=t.individual,
            titles=t.titles,
            forms=t.forms,
            cash_vnd=t.cash_vnd,
            awards_without_cash=t.awards_without_cash,
            revoked=t.revoked,
        )


class NoteRead(BaseModel):
    en: str
    vi: str

    @classmethod
    def of(cls, n: Note | None) -> NoteRead | None:
        return None if n is None else cls(en=n.en, vi=n.vi)


class CodeNameRead(BaseModel):
    code: str
    name: str


class FormColumnRead(BaseModel):
    key: str
    name: str
    counts: list[CodeNameRead] = Field(
        description="The titles or forms the column counts; empty: the catalogue holds none of them, and "
        "the column is null throughout."
    )
    note: NoteRead | None

    @classmethod
    def of(cls, c: Column) -> FormColumnRead:
        counts = [CodeNameRead(code=code, name=name) for code, name in zip(c.codes, c.names, strict=True)]
        return cls(key=c.key, name=c.name, counts=counts, note=NoteRead.of(c.note))


class FormRowRead(BaseModel):
    key: str
    name: str
    group: str | None
    values: dict[str, int | None] = Field(
        description="Column key → count; null: the data cannot tell (“không có dữ liệu”, see `note`), never "
        "a made-up 0."
    )
    note: NoteRead | None

    @classmethod
    def of(cls, r: Row) -> FormRowRead:
        return cls(key=r.key, name=r.name, group=r.group, values=dict(r.values), note=NoteRead.of(r.note))


class ReportFormRead(BaseModel):
    code: str
    title: str
    basis: str
    due: str | None
    columns: list[FormColumnRead]
    rows: list[FormRowRead]
    notes: list[NoteRead]

    @classmethod
    def of(cls, f: ReportForm) -> ReportFormRead:
        return cls(
            code=f.code,
            title=f.title,
            basis=f.basis,
            due=f.due,
            columns=[FormColumnRead.of(c) for c in f.columns],
            rows=[FormRowRead.of(r) for r in f.rows],
            notes=[n for n in (NoteRead.of(x) for x in f.notes) if n is not None],
        )


class CommendationStatisticsRead(BaseModel):
    year: int
    first_day: date
    last_day: date
    counting_rule: str = Field(default=COUNTING_RULE)
    totals: TotalsRead
    by_level: list[GroupRead] = Field(
        description="state (cấp Nhà nước), ministry (cấp Bộ), base (cấp cơ sở)."
    )
    by_kind: list[GroupRead] = Field(description="title (danh hiệu thi đua), form (hình thức khen thưởng).")
    by_subject_type: list[CountRead] = Field(description="collective (tập thể), individual (cá nhân).")
    by_gender: list[CountRead] = Field(
        description="Awards to individuals by the person's gender: male, female (what the people register "
        "records); `unknown` only if a value outside them is ever met."
    )
    by_unit: list[UnitCountRead] = Field(
        description="The collective's unit, or the person's unit on the decision date; by unit code."
    )
    by_method: list[CountRead] = Field(description="regular (thường xuyên), thematic, sudden.")
    revoked: list[CodeCountRead] = Field(description="The revoked awards of the year's decisions, by code.")
    forms: dict[str, ReportFormRead] = Field(
        description="The sheets of Circular 02/2023/TT-BNV: `0602.N/BNV-TĐKT` and `0603.N/BNV-TĐKT`."
    )
    generated_at: datetime

    @classmethod
    def of(cls, s: CommendationStatistics) -> CommendationStatisticsRead:
        b = s.breakdowns
        return cls(
            year=s.year,
            first_day=s.first_day,
            last_day=s.last_day,
            totals=TotalsRead.of(b.totals),
            by_level=[GroupRead.of_group(g) for g in b.by_level],
            by_kind=[GroupRead.of_group(g) for g in b.by_kind],
            by_subject_type=[CountRead.of(c) for c in b.by_subject_type],
            by_gender=[CountRead.of(c) for c in b.by_gender],
            by_unit=[UnitCountRead.of(u) for u in b.by_unit],
            by_method=[CountRead.of(c) for c in b.by_method],
            revoked=[CodeCountRead.of_code(c) for c in b.revoked],
            forms={f.code: ReportFormRead.of(f) for f in s.forms},
            generated_at=s.generated_at,
        )
