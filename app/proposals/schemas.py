"""Request and response models for proposals for commendation (tờ trình đề nghị khen thưởng)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from app.core.choices import all_of, exactly_one_of
from app.core.literal import InlineEnum
from app.core.text import MULTI_LINE, SINGLE_LINE, clean_text
from app.models import enums

AwardMethod = InlineEnum[enums.AwardMethod]

_Clean = BeforeValidator(clean_text)
_Id = Annotated[str, Field(min_length=1, max_length=64)]
_Code = Annotated[str, Field(pattern=r"^[a-z0-9_]{1,64}$")]
Title = Annotated[str, _Clean, Field(min_length=1, max_length=500), SINGLE_LINE]
Achievements = Annotated[str, _Clean, Field(max_length=20_000), MULTI_LINE]
Note = Annotated[str, _Clean, Field(min_length=1, max_length=2000), MULTI_LINE]
Line = Annotated[str, _Clean, Field(min_length=1, max_length=300), SINGLE_LINE]
MAX_ITEMS = 500


class ItemCreate(BaseModel):
    """One item: a unit or a person (of the proposing unit), and a title or a form of commendation."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=all_of(
            exactly_one_of("unit_id", "person_id"), exactly_one_of("title_code", "form_code")
        ),
    )

    unit_id: _Id | None = Field(default=None, description="The unit proposed (a collective title or form).")
    person_id: _Id | None = Field(default=None, description="The person proposed (of the proposing unit).")
    title_code: _Code | None = Field(default=None, description="A title of the catalogue…")
    form_code: _Code | None = Field(default=None, description="…or a form of commendation.")
    method: AwardMethod = Field(
        default=enums.AwardMethod.REGULAR, description="`regular`, `sudden` (đột xuất) or `thematic`."
    )
    achievements: Achievements = Field(
        default="", description="The achievements (tóm tắt thành tích), at most 20,000 characters."
    )

    @model_validator(mode="after")
    def _one_of_each(self) -> Self:
        if (self.unit_id is None) == (self.person_id is None):
            raise ValueError("give exactly one of unit_id and person_id")
        if (self.title_code is None) == (self.form_code is None):
            raise ValueError("give exactly one of title_code and form_code")
        return self


class ItemPatch(BaseModel):
    """Changes to an item; a title replaces the form and the other way round."""

    model_config = ConfigDict(extra="forbid")

    unit_id: _Id | None = None
    person_id: _Id | None = None
    title_code: _Code | None = None
    form_code: _Code | None = None
    method: AwardMethod | None = None
    achievements: Achievements | None = None

    @model_validator(mode="after")
    def _at_most_one(self) -> Self:
        if self.unit_id is not None and self.person_id is not None:
            raise ValueError("give at most one of unit_id and person_id")
        if self.title_code is not None and self.form_code is not None:
            raise ValueError("give at most one of title_code and form_code")
        return self


class ProposalCreate(BaseModel):
    """A unit's proposal (origin `unit`), a draft."""

    model_config = ConfigDict(extra="forbid")

    unit_id: _Id = Field(description="The proposing unit.")
    year: int = Field(ge=1945, le=2200, description="The year of the achievements.")
    title: Title = Field(
        description="The abstract (trích yếu), e.g. “Đề nghị tặng Cờ thi đua của Bộ năm 2016”."
    )
    items: list[ItemCreate] = Field(default_factory=list, max_length=MAX_ITEMS)


class OwnProposalCreate(BaseModel):
    """The secretariat's own proposal (origin `secretariat`), a draft."""

    model_config = ConfigDict(extra="forbid")

    year: int = Field(ge=1945, le=2200)
    title: Title
    items: list[ItemCreate] = Field(default_factory=list, max_length=MAX_ITEMS)


class ProposalPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: Title


class ActionBody(BaseModel):
    """An optional note on a move."""

    model_config = ConfigDict(extra="forbid")

    note: Note | None = None


class ProposalReturn(BaseModel):
    """A return to the proposer: for each item to fix, the reason."""

    model_config = ConfigDict(extra="forbid")

    reasons: dict[_Id, Note] = Field(min_length=1, max_length=MAX_ITEMS, description="{item_id: reason}")
    note: Note | None = None


class ForwardBody(BaseModel):
    """The proposal sent upward (the ministry only proposes): to whom, when, and the reference."""

    model_config = ConfigDict(extra="forbid")

    forwarded_to: Line = Field(description="E.g. “Bộ Nội vụ (Ban Thi đua - Khen thưởng Trung ương)”.")
    forwarded_on: date
    forwarded_ref: Annotated[str, _Clean, Field(min_length=1, max_length=100), SINGLE_LINE] = Field(
        description="The number of the ministry's submission (số tờ trình)."
    )
    note: Note | None = None


class CommentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    author_name: Line
    body: Annotated[str, _Clean, Field(min_length=1, max_length=20_000), MULTI_LINE]
    item_id: _Id | None = Field(default=None, description="The item the comment is about, if one.")


class CommentAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answer: Annotated[str, _Clean, Field(min_length=1, max_length=20_000), MULTI_LINE]


# ---- responses -----------------------------------------------------------------------------------------


class ItemRead(BaseModel):
    id: str
    position: int
    subject_kind: str = Field(description="unit | person")
    unit_id: str | None
    unit_code: str | None
    unit_name: str | None
    person_id: str | None
    person_code: str | None
    person_name: str | None
    kind: str = Field(description="title | form")
    title_code: str | None
    form_code: str | None
    name: str = Field(description="The title's or form's name.")
    method: str
    achievements: str
    status: str = Field(description="pending | returned | approved | rejected | decided | withdrawn")
    verdict_outcome: str | None = Field(description="The engine's outcome recorded at the last submission.")
    verdict: dict[str, Any] | None = Field(
        description="The explained verdict recorded at the last submission."
    )
    return_reason: str | None
    council_result: dict[str, Any] | None
    award_id: str | None


class ProposalRead(BaseModel):
    id: str
    year: int
    title: str
    origin: str = Field(description="unit | bloc | secretariat")
    unit_id: str | None
    unit_code: str | None
    unit_name: str | None
    bloc_id: str | None
    campaign_id: str | None
    source_session_id: str | None
    status: str
    round: int
    regime: str | None = Field(description="The legal regime, fixed at submission.")
    step_started_on: date | None
    due_on: date | None
    overdue: bool = Field(description="The current step's time limit has passed (Vietnam's today).")
    submitted_at: datetime | None
    forwarded_to: str | None
    forwarded_on: date | None
    forwarded_ref: str | None
    allowed_actions: list[str] = Field(description="What the caller may do next.")
    documents: dict[str, int] = Field(description="The dossier's documents: how many of each `doc_type`.")
    unanswered_comments: int
    proposal_items: list[ItemRead] = Field(
        description="The items (nội dung đề nghị), by position. Named so, not `items`: a response's `items` "
        "is a list (docs/lists.md)."
    )
    created_at: datetime
    updated_at: datetime


class TransitionRead(BaseModel):
    action: str
    from_status: str | None
    to_status: str
    round: int
    at: datetime
    actor_id: str | None
    actor_name: str | None
    note: str | None
    reasons: dict[str, Any] | None = Field(description="Per item: the return's reasons, or the outcomes.")
    due_on: date | None


class CommentRead(BaseModel):
    id: str
    proposal_id: str
    item_id: str | None
    author_name: str
    body: str
    received_at: datetime
    answer: str | None
    answered_at: datetime | None
