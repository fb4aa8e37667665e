"""Request and response models for a unit's review of its people, its ballots and its results."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from app.core.days import RecordDay
from app.core.literal import InlineEnum
from app.core.text import SINGLE_LINE, clean_text
from app.models import enums
from app.models.review import ReviewTitle
from app.reviews import decisions, service
from app.reviews.tally import ReviewTally, Vote
from app.reviews.verdicts import CandidateVerdict

MAX_CANDIDATES = 1000
MAX_ELECTORATE = 200

ReviewStatus = InlineEnum[enums.ReviewStatus]


TitleCode = InlineEnum[ReviewTitle]
Id = Annotated[str, Field(min_length=1, max_length=64)]
Year = Annotated[int, Field(ge=1945, le=2200, examples=[2025])]
DecisionNumber = Annotated[
    str,
    BeforeValidator(clean_text),
    Field(min_length=1, max_length=100, examples=["125/QĐ-VP"]),
    SINGLE_LINE,
]


def _no_duplicates(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    dup = [v for v, n in Counter(values).items() if n > 1]
    if dup:
        raise ValueError(f"listed more than once: {', '.join(dup)}")
    return values


# ---- requests ------------------------------------------------------------------------------------------


class ReviewCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    year: Year = Field(description="The year of the achievements reviewed.")
    title_code: TitleCode = Field(
        description="`lao_dong_tien_tien` or `chien_si_thi_dua_co_so`: the titles the head of a unit decides."
    )
    candidate_ids: list[Id] | None = Field(
        default=None,
        min_length=1,
        max_length=MAX_CANDIDATES,
        description="The people reviewed, in ballot order; each must have worked in the unit that year. "
        "Default: everyone who did (the unit they ended the year in), by name.",
    )
    electorate_user_ids: list[Id] = Field(
        min_length=1,
        max_length=MAX_ELECTORATE,
        description="Who votes: active users of the unit who are its officers or its head.",
    )
    secret: bool = Field(
        default=True,
        description="A secret ballot (the law asks for one where it sets the threshold, e.g. Chiến sĩ thi "
        "đua cơ sở: `false` is then refused). `false`: the results name each ballot's voter to the head of "
        "the unit and the secretariat.",
    )

    _unique = field_validator("candidate_ids", "electorate_user_ids")(_no_duplicates)

    def input(self, unit_id: str) -> service.ReviewInput:
        return service.ReviewInput(
            unit_id=unit_id,
            year=self.year,
            title_code=str(self.title_code),
            candidate_ids=self.candidate_ids,
            electorate_user_ids=self.electorate_user_ids,
            secret=self.secret,
        )


class ReviewBallotCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    choices: dict[Id, InlineEnum[Vote]] = Field(
        max_length=MAX_CANDIDATES,
        description="`yes` or `no` per candidate (person id). A candidate left out is blank on this ballot; "
        "an empty object is a blank ballot, and counts as cast.",
        examples=[{"3f0c1c8e-6a53-4c4e-9d67-2b1f0f3f6a10": "yes"}],
    )


class ReviewDecide(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision_number: DecisionNumber = Field(description="The number of the unit head's decision.")
    decision_date: RecordDay = Field(
        description="The date it is signed (`YYYY-MM-DD`, 1945-01-01 to 2200-12-31): the law in force "
        "that day judges each candidate and sets the cash."
    )


# ---- responses -----------------------------------------------------------------------------------------


class ThresholdRead(BaseModel):
    share: float = Field(description="The share of the WHOLE electorate a candidate's yes votes must reach.")
    inclusive: bool = Field(
        description="`true`: at least the share (the law's wording); `false`: more than it."
    )
    source: str = Field(
        description="Where it comes from: the legal regime in force when the review was created and its "
        "article (e.g. `R2025: Nghị định 98/2023/NĐ-CP, khoản 7 Điều 30`), or the default (more than half)."
    )
    required: int = Field(description="The yes votes a candidate needs with this electorate.")


class CriterionNoteRead(BaseModel):
    code: str
    outcome: str = Field(description="`not_met`, or `judgement` (for the electorate and the head to judge).")
    hard: bool = Field(description="A hard criterion not met makes the candidate not eligible.")
    summary: str
    summary_vi: str
    citation: str


class CandidateVerdictRead(BaseModel):
    verdict: str = Field(description="eligible | not_eligible | needs_judgement")
    regime: str = Field(description="The legal regime it was judged under.")
    judged_on: date = Field(description="The day it was judged (the review's creation).")
    unmet: list[CriterionNoteRead] = Field(description="The criteria not plainly met; empty when eligible.")

    @classmethod
    def of(cls, v: CandidateVerdict) -> CandidateVerdictRead:
        return cls(
            verdict=v.outcome,
            regime=v.regime,
            judged_on=v.judged_on,
            unmet=[
                CriterionNoteRead(
                    code=c.code,
                    outcome=c.outcome,
                    hard=c.hard,
                    summary=c.summary,
                    summary_vi=c.summary_vi,
                    citation=c.citation,
                )
                for c in v.unmet
            ],
        )


class CandidateRead(BaseModel):
    person_id: str
    full_name: str
    verdict: CandidateVerdictRead = Field(description="The law's verdict when the review was created.")


class ElectorRead(BaseModel):
    user_id: str
    full_name: str


class AwardedRead(BaseModel):
    person_id: str
    full_name: str
    award_id: str
    regime: str | None = Field(description="The legal regime of the decision date.")
    cash_vnd: int | None = Field(description="The cash the award pays (VND), where the law gives a multiple.")


class NotAwardedRead(BaseModel):
    person_id: str
    full_name: str
    code: str = Field(description="`criteria_not_met`, `award_exists` or `cap_exceeded`.")
    message: str
    message_vi: str
    criteria: list[str] = Field(description="The hard criteria not met (for `criteria_not_met`).")


class DecisionRead(BaseModel):
    decision_number: str
    decision_date: date
    decided_by: str | None
    decided_by_name: str | None
    awarded: list[AwardedRead] = Field(description="The awards made, each decided.")
    not_awarded: list[NotAwardedRead] = Field(
        description="Candidates who passed the vote but whom the law of the decision date does not let the "
        "head award, with the reason. Only the secretariat may override a criterion, on the award itself."
    )


class ReviewRead(BaseModel):
    id: str
    unit_id: str
    unit_name: str
    year: int
    title_code: str
    title_name: str
    status: ReviewStatus
    regime: str = Field(description="The legal regime in force when the review was created.")
    threshold: ThresholdRead
    secret: bool
    candidates: list[CandidateRead] = Field(description="In ballot order.")
    electorate: list[ElectorRead]
    created_by: str | None
    created_by_name: str | None
    created_at: datetime
    updated_at: datetime
    opened_at: datetime | None
    counted_at: datetime | None
    decided_at: datetime | None
    cancelled_at: datetime | None
    decision: DecisionRead | None = Field(description="Once decided: what the decision did.")

    @classmethod
    def of(cls, v: service.ReviewView) -> ReviewRead:
        r = v.review
        threshold = service.threshold_of(r)
        return cls(
            id=r.id,
            unit_id=r.unit_id,
            unit_name=v.names.get(r.unit_id, ""),
            year=r.year,
            title_code=r.title_code,
            title_name=v.names.get(r.title_code, r.title_code),
            status=r.status,
            regime=r.regime_code,
            threshold=ThresholdRead(
                share=threshold.share,
                inclusive=threshold.inclusive,
                source=r.threshold_source,
                required=threshold.required(len(v.electorate)),
            ),
            secret=r.secret,
            candidates=[
                CandidateRead(
                    person_id=c.person_id, full_name=c.full_name, verdict=CandidateVerdictRead.of(c.verdict)
                )
                for c in v.candidates
            ],
            electorate=[ElectorRead(user_id=e.user_id, full_name=e.full_name) for e in v.electorate],
            created_by=r.created_by,
            created_by_name=v.names.get(r.created_by) if r.created_by else None,
            created_at=r.created_at,
            updated_at=r.updated_at,
            opened_at=r.opened_at,
            counted_at=r.counted_at,
            decided_at=r.decided_at,
            cancelled_at=r.cancelled_at,
            decision=_decision(v),
        )


def _decision(v: service.ReviewView) -> DecisionRead | None:
    r = v.review
    if r.outcome is None or r.decision_number is None or r.decision_date is None:
        return None
    outcome = decisions.DecisionOutcome.from_stored(r.outcome)
    return DecisionRead(
        decision_number=r.decision_number,
        decision_date=r.decision_date,
        decided_by=r.decided_by,
        decided_by_name=v.names.get(r.decided_by) if r.decided_by else None,
        awarded=[
            AwardedRead(
                person_id=a.person_id,
                full_name=v.names.get(a.person_id, ""),
                award_id=a.award_id,
                regime=a.regime,
                cash_vnd=a.cash_vnd,
            )
            for a in outcome.awarded
        ],
        not_awarded=[
            NotAwardedRead(
                person_id=n.person_id,
                full_name=v.names.get(n.person_id, ""),
                code=n.code,
                message=n.message,
                message_vi=n.message_vi,
                criteria=list(n.criteria),
            )
            for n in outcome.not_awarded
        ],
    )


class ReviewBallotReceipt(BaseModel):
    receipt: str = Field(
        description="Keep it: once the vote is counted, `GET .../receipts/{receipt}` confirms the ballot was "
        "counted. 192 random bits; shown only this once, the server stores only its hash.",
        examples=["q3JbM1m0pW4pXo8Yc1s7fA2l9eZkT6uR"],
    )


class ReviewTurnoutRead(BaseModel):
    electorate: int = Field(description="Electors of the review.")
    voted: int = Field(description="Electors who have cast a ballot (blank ballots included).")
    i_voted: bool = Field(description="Whether the caller has cast a ballot in this review.")


class ReceiptCheck(BaseModel):
    counted: bool = Field(description="Always true: the ballot with this receipt is in the count.")


class ReviewCandidateResultRead(BaseModel):
    person_id: str
    full_name: str
    yes: int
    no: int
    blank: int = Field(description="Ballots cast that left the candidate out.")
    passed: bool = Field(description="Yes votes reached the required number.")


class PassedRead(BaseModel):
    person_id: str
    full_name: str


class ChoiceRead(BaseModel):
    person_id: str
    full_name: str
    choice: str


class OpenBallotRead(BaseModel):
    user_id: str
    full_name: str
    choices: dict[str, str]
    choice_people: list[ChoiceRead] = Field(
        description="The same choices, each with the candidate's full name, in the candidates' id order."
    )


class ReviewResultsRead(BaseModel):
    status: ReviewStatus
    electorate: int
    ballots_cast: int
    required: int = Field(
        description="Yes votes a candidate needed: the threshold over the WHOLE electorate."
    )
    threshold: ThresholdRead
    candidates: list[ReviewCandidateResultRead] = Field(description="In ballot order.")
    passed: list[str] = Field(description="The person ids who passed, in ballot order.")
    passed_people: list[PassedRead] = Field(
        description="The same people with their full names, in the same order."
    )
    ballots: list[OpenBallotRead] | None = Field(
        default=None,
        description="Only in a review with `secret: false`, to the head of the unit and the secretariat.",
    )

    @classmethod
    def of(cls, v: service.ResultsView) -> ReviewResultsRead:
        r: ReviewTally = v.result
        threshold = service.threshold_of(v.review)
        out = cls(
            status=v.review.status,
            electorate=r.electorate,
            ballots_cast=r.ballots_cast,
            required=r.required,
            threshold=ThresholdRead(
                share=threshold.share,
                inclusive=threshold.inclusive,
                source=v.review.threshold_source,
                required=r.required,
            ),
            candidates=[
                ReviewCandidateResultRead(
                    person_id=c.person_id,
                    full_name=v.names.get(c.person_id, ""),
                    yes=c.yes,
                    no=c.no,
                    blank=c.blank,
                    passed=c.passed,
                )
                for c in r.candidates
            ],
            passed=r.passed,
            passed_people=[PassedRead(person_id=p, full_name=v.names.get(p, "")) for p in r.passed],
        )
        if v.ballots is not None:
            out.ballots = [_open_ballot(b, v.names) for b in v.ballots]
        return out


def _open_ballot(b: dict[str, Any], names: dict[str, str]) -> OpenBallotRead:
    user_id = str(b["user_id"])
    choices = {str(k): str(v) for k, v in dict(b["choices"]).items()}
    return OpenBallotRead(
        user_id=user_id,
        full_name=names.get(user_id, ""),
        choices=choices,
        choice_people=[
            ChoiceRead(person_id=p, full_name=names.get(p, ""), choice=c) for p, c in sorted(choices.items())
        ],
    )
