"""Request and response models for the counting committee and the paper counts."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from app.core.literal import InlineEnum
from app.core.names import UnitRef
from app.core.numbers import INTEGRAL
from app.core.text import SINGLE_LINE, Name, clean_text
from app.counting.agreement import Agreement, PaperEntry
from app.counting.service import MIN_ENTERING, CommitteeView, CountsView, EntryView, NewMember
from app.models import CountingMember, CountingRole

MAX_MEMBERS = 25
MAX_BALLOTS = 1_000_000
MAX_REASONS = 50
MAX_CANDIDATES = 500

Id = Annotated[str, Field(min_length=1, max_length=64)]
Count = Annotated[int, Field(strict=True, ge=0, le=MAX_BALLOTS), INTEGRAL]
Title = Annotated[str, BeforeValidator(clean_text), Field(max_length=300), SINGLE_LINE]


# ---- the committee --------------------------------------------------------------------------------------


class CountingMemberIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    full_name: Annotated[Name, Field(examples=["Nguyễn Thị Hoa"])]
    title: Title = Field(
        default="", description="Position and unit (chức vụ, đơn vị), as the minutes print them."
    )
    role: InlineEnum[CountingRole] = Field(
        default=CountingRole.MEMBER, description="`head` (trưởng ban) or `member` (ủy viên)."
    )
    user_id: Id | None = Field(
        default=None, description="The account the member enters the paper count with; none: named only."
    )


class CountingCommitteeBody(BaseModel):
    """The whole committee, in the order the minutes list it. At least one head, and at least two members
    with accounts (two independent entries of the count); an account at most once (422 otherwise, from
    the service: rules across the members, which the schema does not express)."""

    model_config = ConfigDict(extra="forbid")

    members: list[CountingMemberIn] = Field(min_length=MIN_ENTERING, max_length=MAX_MEMBERS)

    def new_members(self) -> list[NewMember]:
        return [NewMember(m.full_name, m.title, m.role, m.user_id) for m in self.members]


class CountingMemberRead(BaseModel):
    id: str
    position: int = Field(description="1, 2, ...: the order of the minutes.")
    full_name: str
    title: str
    role: str = Field(description="head | member.")
    user_id: str | None = Field(description="The account entering the count; null: named only.")

    @classmethod
    def of(cls, m: CountingMember) -> CountingMemberRead:
        return cls(
            id=m.id, position=m.position, full_name=m.full_name, title=m.title, role=m.role, user_id=m.user_id
        )


class CountingCommitteeRead(BaseModel):
    status: str = Field(description="The session's status.")
    method: str = Field(description="The session's method: electronic | paper | mixed.")
    members: list[CountingMemberRead]

    @classmethod
    def of(cls, view: CommitteeView) -> CountingCommitteeRead:
        return cls(
            status=view.vs.status,
            method=view.vs.method,
            members=[CountingMemberRead.of(m) for m in view.members],
        )


# ---- the paper counts -----------------------------------------------------------------------------------


class PaperInvalidReason(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Annotated[Name, Field(examples=["Gạch tên quá số đơn vị được bầu"])]
    count: Count


class PaperCountBody(BaseModel):
    """One member's count of the paper ballots. returned ≤ issued; valid + invalid = returned; blank ≤
    valid; the invalid reasons add up to invalid; every candidate's votes (0 too) ≤ valid; all votes ≤ valid
    × max_choices; issued (+ a mixed session's electronic ballots) ≤ the electorate."""

    model_config = ConfigDict(extra="forbid")

    issued: Count = Field(description="Ballots issued (số phiếu phát ra).")
    returned: Count = Field(description="Ballots returned (số phiếu thu về).")
    valid: Count = Field(description="Valid ballots (số phiếu hợp lệ).")
    invalid: Count = Field(description="Invalid ballots (số phiếu không hợp lệ).")
    blank: Count = Field(default=0, description="Valid ballots approving nobody.")
    invalid_reasons: list[PaperInvalidReason] = Field(
        default_factory=list, max_length=MAX_REASONS, description="Why ballots were invalid, with how many."
    )
    votes: dict[Id, Count] = Field(
        max_length=MAX_CANDIDATES,
        description="Each candidate unit's votes, by unit id: every candidate, 0 included.",
        examples=[{"4b0e…": 12, "9c1d…": 3}],
    )

    def entry(self) -> PaperEntry:
        return PaperEntry(
            issued=self.issued,
            returned=self.returned,
            valid=self.valid,
            invalid=self.invalid,
            blank=self.blank,
            invalid_reasons=tuple((r.reason, r.count) for r in self.invalid_reasons),
            votes=dict(self.votes),
        )

    @classmethod
    def of(cls, entry: PaperEntry) -> PaperCountBody:
        stored = entry.as_dict()
        return cls.model_validate(stored)


class PaperCountEntryRead(BaseModel):
    member_id: str
    member_name: str = Field(description="The committee member's full name.")
    role: str = Field(description="head | member.")
    entered_by: str = Field(description="The account that entered it.")
    entered_by_name: str = Field(description="Its full name.")
    entered_at: datetime = Field(description="When it was last entered or corrected.")
    count: PaperCountBody | None = Field(
        description="The count; null for a committee member who has not entered their own yet."
    )


class PaperCountDifferenceRead(BaseModel):
    field: str = Field(
        description="`issued`, `returned`, `valid`, `invalid`, `blank`, `invalid_reasons` or "
        "`votes.<unit id>`."
    )
    values: list[Any] | None = Field(
        description="Each entry's value, in the entries' order; null where the numbers are hidden."
    )


class PaperCountAgreementRead(BaseModel):
    agree: bool = Field(description="At least two entries, all the same: the result is computed from them.")
    entries: int
    differences: list[PaperCountDifferenceRead]

    @classmethod
    def of(cls, found: Agreement, *, hidden: bool) -> PaperCountAgreementRead:
        return cls(
            agree=found.agree,
            entries=found.entries,
            differences=[
                PaperCountDifferenceRead(field=d.field, values=None if hidden else list(d.values))
                for d in found.differences
            ],
        )


class PaperCountsRead(BaseModel):
    status: str = Field(description="The session's status.")
    method: str = Field(description="The session's method: paper | mixed (electronic: no entries).")
    candidate_units: list[UnitRef] = Field(description="The candidates, in ballot order: `votes`' keys.")
    entries: list[PaperCountEntryRead] = Field(description="In the committee's order.")
    agreement: PaperCountAgreementRead
    paper_count: PaperCountBody | None = Field(
        description="The agreed count (the session's), once the entries agree; else null."
    )

    @classmethod
    def of(cls, view: CountsView) -> PaperCountsRead:
        agreed = view.vs.paper_count if view.agreement.agree and not view.hidden else None
        return cls(
            status=view.vs.status,
            method=view.vs.method,
            candidate_units=[UnitRef.of(u, view.units) for u in view.candidate_ids],
            entries=[_entry(e, view.users) for e in view.entries],
            agreement=PaperCountAgreementRead.of(view.agreement, hidden=view.hidden),
            paper_count=PaperCountBody.of(PaperEntry.from_stored(agreed)) if agreed else None,
        )


def _entry(e: EntryView, users: dict[str, str]) -> PaperCountEntryRead:
    by = e.count.entered_by or ""
    return PaperCountEntryRead(
        member_id=e.member.id,
        member_name=e.member.full_name,
        role=e.member.role,
        entered_by=by,
        entered_by_name=users.get(by, by),
        entered_at=e.count.entered_at,
        count=PaperCountBody.of(e.entry) if e.entry is not None else None,
    )
