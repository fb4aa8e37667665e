"""Request and response models for ballot sessions and their results."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from app.core.choices import at_least_one_of, exactly_one_of, not_both
from app.core.literal import InlineEnum
from app.core.names import UnitRef, UserRef
from app.core.numbers import INTEGRAL
from app.core.patch import refuse_null
from app.core.text import SINGLE_LINE, clean_text
from app.models import enums
from app.voting import tally
from app.voting.settings import SessionSettings

MAX_SEATS = 50
MAX_CANDIDATES = 500
MAX_ELECTORATE = 500
MAX_SOURCE_SESSIONS = 50

SessionStatus = InlineEnum[enums.SessionStatus]
Method = Annotated[
    InlineEnum[enums.BallotMethod],
    Field(
        description="`electronic` (ballots cast here), `paper` (counted by the counting committee) or "
        "`mixed` (both, added together); docs/paper-ballots.md."
    ),
]

ONE_DELEGATE_PER_UNIT = (
    "The electorate is the bloc's member units that year (frozen when the session opens), each voting once "
    "through its checked-in voting delegate at the conference (`conference_id`, required then); "
    "`electorate_user_ids` is left out. Default false: the listed users are the electorate."
)
CONFERENCE_ID = "A conference of the session's campaign (required when `one_delegate_per_unit`)."


Id = Annotated[str, Field(min_length=1, max_length=64)]
Name = Annotated[
    str,
    BeforeValidator(clean_text),
    Field(max_length=300, examples=["Bỏ phiếu suy tôn Cờ thi đua của Bộ năm 2016"]),
    SINGLE_LINE,
]
Seats = Annotated[int, Field(strict=True, ge=1, le=MAX_SEATS, examples=[3]), INTEGRAL]
Share = Annotated[float, Field(strict=True, ge=0, lt=1, allow_inf_nan=False)]
Quorum = Annotated[
    float,
    Field(
        strict=True,
        ge=0,
        le=1,
        allow_inf_nan=False,
        description="The share of the electorate that must cast a ballot for the result to stand.",
    ),
]


def duplicates(values: list[str]) -> list[str]:
    seen: set[str] = set()
    dup: list[str] = []
    for v in values:
        if v in seen and v not in dup:
            dup.append(v)
        seen.add(v)
    return dup


def _no_duplicates(values: list[str] | None) -> list[str] | None:
    if values is not None and (dup := duplicates(values)):
        raise ValueError(f"listed more than once: {', '.join(dup)}")
    return values


class Threshold(BaseModel):
    model_config = ConfigDict(extra="forbid")

    share: Share = Field(default=0.5, description="0 <= share < 1.")
    of: InlineEnum[enums.ThresholdBase] = Field(
        default=enums.ThresholdBase.ELECTORATE,
        description="The base of a candidate's share: the electorate or the ballots cast.",
    )
    inclusive: bool = Field(
        default=False, description="`false`: the share must be above the threshold; `true`: at least it."
    )

    @classmethod
    def from_rule(cls, rule: tally.Threshold) -> Threshold:
        return cls(share=rule.share, of=rule.of, inclusive=rule.inclusive)

    def rule(self) -> tally.Threshold:
        return tally.Threshold(share=self.share, of=self.of, inclusive=self.inclusive)


class RankingSource(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=at_least_one_of("top", "min_total"))

    top: Annotated[int, Field(strict=True, ge=1, le=MAX_CANDIDATES), INTEGRAL] | None = Field(
        default=None,
        description="The units ranked within the top K (units tied at the K-th rank included).",
    )
    min_total: float | None = Field(
        default=None,
        strict=True,
        ge=0,
        allow_inf_nan=False,
        description="Units whose ranking total is at least this.",
    )

    @model_validator(mode="after")
    def _something(self) -> RankingSource:
        if self.top is None and self.min_total is None:
            raise ValueError("give top, min_total or both")
        return self


class CandidatesFrom(BaseModel):
    """Exactly one of: another published session's elected units, several sessions', or the ranking."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra=exactly_one_of("session_id", "session_ids", "ranking")
    )

    session_id: Id | None = None
    session_ids: list[Id] | None = Field(
        default=None, min_length=1, max_length=MAX_SOURCE_SESSIONS, json_schema_extra={"uniqueItems": True}
    )
    ranking: RankingSource | None = None

    @field_validator("session_ids")
    @classmethod
    def _unique_sessions(cls, value: list[str] | None) -> list[str] | None:
        return _no_duplicates(value)

    @model_validator(mode="after")
    def _exactly_one(self) -> CandidatesFrom:
        given = [n for n in ("session_id", "session_ids", "ranking") if getattr(self, n) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of session_id, session_ids, ranking")
        return self

    def stored(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


CandidateIds = Annotated[
    list[Id],
    Field(
        min_length=1,
        max_length=MAX_CANDIDATES,
        description="Units of the bloc that year, each once.",
        examples=[["4b0e…", "9c1d…"]],
        json_schema_extra={"uniqueItems": True},
    ),
]
ElectorateIds = Annotated[
    list[Id],
    Field(
        max_length=MAX_ELECTORATE,
        description="Active officers of the bloc's member units that year, each once; at least one, "
        "unless `one_delegate_per_unit` (then left out or empty).",
        json_schema_extra={"uniqueItems": True},
    ),
]
MaxChoices = Annotated[
    int,
    Field(
        strict=True,
        ge=1,
        le=MAX_CANDIDATES,
        description="A ballot approves at most this many candidates (default: the seats, at most the "
        "number of candidates).",
    ),
    INTEGRAL,
]


class SessionCreate(BaseModel):
    """Candidates come either as ``candidate_ids`` or from ``candidates_from``, never both."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra=exactly_one_of("candidate_ids", "candidates_from")
    )

    campaign_id: Id
    title_code: Annotated[str, Field(min_length=1, max_length=64, examples=["co_thi_dua_bo"])]
    name: Name | None = None
    seats: Seats
    candidate_ids: CandidateIds | None = None
    candidates_from: CandidatesFrom | None = None
    electorate_user_ids: ElectorateIds | None = None
    max_choices: MaxChoices | None = None
    threshold: Threshold = Field(default_factory=Threshold)
    quorum: Quorum = 0.5
    secret: bool = True
    method: Method = enums.BallotMethod.ELECTRONIC
    one_delegate_per_unit: bool = Field(default=False, description=ONE_DELEGATE_PER_UNIT)
    conference_id: Id | None = Field(default=None, description=CONFERENCE_ID)

    @field_validator("candidate_ids", "electorate_user_ids")
    @classmethod
    def _unique(cls, value: list[str] | None) -> list[str] | None:
        return _no_duplicates(value)

    @model_validator(mode="after")
    def _one_candidate_source(self) -> SessionCreate:
        if (self.candidate_ids is None) == (self.candidates_from is None):
            raise ValueError("give either candidate_ids or candidates_from")
        return self

    def settings(self) -> SessionSettings:
        return SessionSettings(
            campaign_id=self.campaign_id,
            title_code=self.title_code,
            name=self.name,
            seats=self.seats,
            candidate_ids=self.candidate_ids,
            candidates_from=self.candidates_from.stored() if self.candidates_from else None,
            electorate_user_ids=self.electorate_user_ids or [],
            max_choices=self.max_choices,
            threshold=self.threshold.rule(),
            quorum=self.quorum,
            secret=self.secret,
            method=self.method,
            one_delegate_per_unit=self.one_delegate_per_unit,
            conference_id=self.conference_id,
        )


class SessionUpdate(BaseModel):
    """Only the fields sent change; the session must still be a draft. Sending ``candidate_ids`` replaces
    the candidates (and forgets ``candidates_from``); sending ``candidates_from`` resolves it anew.
    ``max_choices: null`` returns it to its default."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=not_both("candidate_ids", "candidates_from"))

    campaign_id: Id | None = None
    title_code: Annotated[str, Field(min_length=1, max_length=64)] | None = None
    name: Name | None = Field(default=None, description="`null` or an empty string clears it.")
    seats: Seats | None = None
    candidate_ids: CandidateIds | None = None
    candidates_from: CandidatesFrom | None = None
    electorate_user_ids: ElectorateIds | None = None
    max_choices: MaxChoices | None = None
    threshold: Threshold | None = None
    quorum: Quorum | None = None
    secret: bool | None = None
    method: Method | None = None
    one_delegate_per_unit: bool | None = Field(default=None, description=ONE_DELEGATE_PER_UNIT)
    conference_id: Id | None = Field(default=None, description=CONFERENCE_ID + " `null` unlinks it.")

    @field_validator("candidate_ids", "electorate_user_ids")
    @classmethod
    def _unique(cls, value: list[str] | None) -> list[str] | None:
        return _no_duplicates(value)

    _not_null = field_validator(
        "campaign_id",
        "title_code",
        "seats",
        "candidate_ids",
        "candidates_from",
        "electorate_user_ids",
        "threshold",
        "quorum",
        "secret",
        "method",
        "one_delegate_per_unit",
    )(refuse_null)

    @model_validator(mode="after")
    def _one_candidate_source(self) -> SessionUpdate:
        if self.candidate_ids is not None and self.candidates_from is not None:
            raise ValueError("give either candidate_ids or candidates_from")
        return self

    def changes(self) -> dict[str, Any]:
        """The fields sent, as ``SessionSettings`` holds them."""
        out: dict[str, Any] = {}
        for name in self.model_fields_set:
            value = getattr(self, name)
            if name == "threshold":
                value = value.rule()
            elif name == "candidates_from":
                value = value.stored()
            out[name] = value
        return out


class SessionRead(BaseModel):
    id: str
    campaign_id: str | None = Field(description="Null is reserved for council sessions (not in v1).")
    title_code: str
    title_name: str = Field(description="The title's name.")
    name: str | None
    seats: int
    candidate_ids: list[str] = Field(description="In ballot order.")
    candidate_units: list[UnitRef] = Field(
        description="The candidates with their codes and names, in ballot order (as `candidate_ids`)."
    )
    electorate_user_ids: list[str] = Field(description="Sorted by id.")
    electorate_users: list[UserRef] = Field(
        description="The electors with their full names, in the order of `electorate_user_ids`."
    )
    one_delegate_per_unit: bool = Field(description=ONE_DELEGATE_PER_UNIT)
    conference_id: str | None = Field(description="The conference the session is held at, if any.")
    conference_name: str | None = Field(description="The conference's title.")
    electorate_unit_ids: list[str] = Field(
        description="A one-delegate-per-unit session's electorate: the bloc's member units (frozen when "
        "it opens), by id; empty for other sessions."
    )
    electorate_units: list[UnitRef] = Field(
        description="The electorate's units with their codes and names (as `electorate_unit_ids`)."
    )
    max_choices: int
    threshold: Threshold
    quorum: float
    secret: bool
    method: str = Field(description="electronic | paper | mixed.")
    status: str = Field(description="draft | open | closed | published | cancelled (more may come).")
    runoff_of: str | None
    candidates_from: dict[str, Any] | None = Field(
        description="Where the candidates came from, as sent; null when they were listed."
    )
    opened_at: datetime | None
    closed_at: datetime | None
    published_at: datetime | None
    cancelled_at: datetime | None
    created_at: datetime
    updated_at: datetime


class CandidateResultRead(BaseModel):
    unit_id: str
    unit_code: str
    unit_name: str
    votes: int
    share: float = Field(description="Votes divided by the threshold's base (electorate or ballots cast).")
    passes: bool = Field(description="Whether the share passes the threshold.")
    elected: bool


class BallotRead(BaseModel):
    user_id: str
    full_name: str = Field(description="The voter's full name.")
    choices: list[str]
    choice_units: list[UnitRef] = Field(description="The chosen candidates with their codes and names.")


class ResultsRead(BaseModel):
    status: str
    electorate: int
    ballots_cast: int
    blank: int
    quorum_met: bool
    candidates: list[CandidateResultRead] = Field(description="In ballot order.")
    elected: list[str] = Field(description="Most votes first.")
    elected_units: list[UnitRef] = Field(
        description="The elected units with their codes and names (as `elected`)."
    )
    tied: list[str] = Field(description="Tied across the last seat: none of them took it.")
    tied_units: list[UnitRef] = Field(description="The tied units with their codes and names (as `tied`).")
    unfilled_seats: int
    ballots: list[BallotRead] | None = Field(
        default=None,
        description="Only for sessions with `secret: false`, and only to the leader and the secretariat.",
    )
