"""Request and response models for the council, its members, its sessions, their votes and results."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from app.core.days import RecordDay
from app.core.literal import InlineEnum
from app.core.patch import PatchBody, refuse_null
from app.core.text import MULTI_LINE, SINGLE_LINE, Name, clean_text
from app.council import rules
from app.council.ballots import Turnout
from app.council.repository import AgendaLine
from app.council.service import CouncilView, MemberView
from app.council.sessions import ResultView, SessionView
from app.models import CouncilRole, CouncilSessionStatus, CouncilVote

MAX_AGENDA = 500
MAX_MEMBERS = 200

Id = Annotated[str, Field(min_length=1, max_length=64)]
Role = InlineEnum[CouncilRole]
Vote = InlineEnum[CouncilVote]
Place = Annotated[str, BeforeValidator(clean_text), Field(max_length=300), SINGLE_LINE]
Note = Annotated[str, BeforeValidator(clean_text), Field(max_length=2000), MULTI_LINE]


def _no_duplicates(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    dup = [v for v, n in Counter(values).items() if n > 1]
    if dup:
        raise ValueError(f"listed more than once: {', '.join(dup)}")
    return values


# ---- councils and members ------------------------------------------------------------------------------


class CouncilCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[Name, Field(examples=["Hội đồng Thi đua - Khen thưởng Bộ Khoa học và Công nghệ"])]
    authority: Annotated[Name, Field(examples=["Bộ Khoa học và Công nghệ"])] = Field(
        description="The body whose council it is."
    )
    term_start: RecordDay = Field(description="The first day of the term (nhiệm kỳ).")
    term_end: RecordDay | None = Field(default=None, description="Its last day, when known.")


class CouncilUpdate(PatchBody):
    name: Name | None = None
    authority: Name | None = None
    term_start: RecordDay | None = None
    term_end: RecordDay | None = None

    _not_null = field_validator("name", "authority", "term_start")(refuse_null)


class CouncilMemberCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    full_name: Annotated[Name, Field(examples=["Nguyễn Văn An"])]
    position: Annotated[str, BeforeValidator(clean_text), Field(max_length=300), SINGLE_LINE] = Field(
        default="", description="Job title (chức vụ), e.g. `Thứ trưởng`."
    )
    role: Role = Field(
        default=CouncilRole.MEMBER,
        description="`chair` (chủ tịch; one at a time), `vice_chair`, `standing` (ủy viên thường trực) or "
        "`member` (ủy viên).",
    )
    is_secretary: bool = Field(default=False, description="The council's secretary (thư ký hội đồng).")
    user_id: Id | None = Field(
        default=None,
        description="The account the member signs in and votes with; none for one who only ever gives "
        "written votes.",
    )
    left_on: RecordDay | None = Field(default=None, description="No longer a member from this day.")


class CouncilMemberUpdate(PatchBody):
    full_name: Name | None = None
    position: Annotated[str, BeforeValidator(clean_text), Field(max_length=300), SINGLE_LINE] | None = None
    role: Role | None = None
    is_secretary: bool | None = None
    user_id: Id | None = None
    left_on: RecordDay | None = Field(
        default=None, description="The member leaves the council from this day (`null` clears it)."
    )

    _not_null = field_validator("full_name", "position", "role", "is_secretary")(refuse_null)


class CouncilMemberRead(BaseModel):
    id: str
    council_id: str
    full_name: str
    position: str
    role: Role
    is_secretary: bool
    user_id: str | None
    user_name: str | None = Field(description="The account's display name.")
    left_on: date | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, v: MemberView) -> CouncilMemberRead:
        m = v.member
        return cls(
            id=m.id,
            council_id=m.council_id,
            full_name=m.full_name,
            position=m.position,
            role=m.role,
            is_secretary=m.is_secretary,
            user_id=m.user_id,
            user_name=v.user_name,
            left_on=m.left_on,
            created_at=m.created_at,
            updated_at=m.updated_at,
        )


class CouncilRead(BaseModel):
    id: str
    name: str
    authority: str
    term_start: date
    term_end: date | None
    members: list[CouncilMemberRead] = Field(description="Every member, former ones (`left_on`) included.")
    version: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, v: CouncilView) -> CouncilRead:
        c = v.council
        return cls(
            id=c.id,
            name=c.name,
            authority=c.authority,
            term_start=c.term_start,
            term_end=c.term_end,
            members=[CouncilMemberRead.of(m) for m in v.members],
            version=c.version,
            created_at=c.created_at,
            updated_at=c.updated_at,
        )


# ---- sessions ------------------------------------------------------------------------------------------

Agenda = Annotated[list[Id], Field(max_length=MAX_AGENDA)]


class CouncilSessionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    held_on: RecordDay = Field(description="The day of the meeting.")
    place: Place = Field(default="", examples=["Phòng họp tầng 3, 113 Trần Duy Hưng, Hà Nội"])
    agenda: Agenda = Field(
        min_length=1,
        description="The proposal items to vote on, in order: each a pending item of a proposal in state "
        "`council`, on no other draft or open session's agenda (409 `agenda_item_not_ready`).",
    )
    notes: Note | None = None

    _unique = field_validator("agenda")(_no_duplicates)


class CouncilSessionUpdate(PatchBody):
    held_on: RecordDay | None = None
    place: Place | None = None
    agenda: Agenda | None = None
    notes: Note | None = None

    _not_null = field_validator("held_on", "place", "agenda")(refuse_null)
    _unique = field_validator("agenda")(_no_duplicates)


class CouncilAttendanceLine(BaseModel):
    model_config = ConfigDict(extra="forbid")

    member_id: Id
    present: bool
    substitute_name: Annotated[Name, Field(examples=["Trần Thị Bình"])] | None = Field(
        default=None,
        description="Someone the member sent in writing (TT 25/2025 Art 23): present in the member's stead, "
        "voting for them.",
    )
    note: Note | None = None


class CouncilAgendaItemRead(BaseModel):
    position: int
    proposal_item_id: str
    proposal_id: str
    proposal_title: str
    subject_kind: str = Field(description="`unit` or `person`.")
    subject_id: str
    subject_name: str
    code: str = Field(description="The title or form of commendation proposed.")
    code_name: str
    regime_code: str | None = Field(description="The proposal's legal regime (fixed at its submission).")
    required_share: str | None = Field(
        description="Frozen at the opening: the law's share of ALL members (e.g. `9/10`); `null` where no "
        "threshold applies (more than half of the members present)."
    )
    required_yes: int | None = Field(description="Frozen at the opening: the yes votes the item needs.")
    threshold_source: str = Field(
        description="Where the threshold comes from: the law's article for the regime, or the default rule "
        "(more than half of the members present)."
    )
    outcome: str | None = Field(description="`approved` or `rejected`, once closed.")
    item_status: str = Field(description="The proposal item's status now.")

    @classmethod
    def of(cls, a: AgendaLine, held_on: date) -> CouncilAgendaItemRead:
        return cls(
            position=a.item.position,
            proposal_item_id=a.item.proposal_item_id,
            proposal_id=a.proposal_id,
            proposal_title=a.proposal_title,
            subject_kind=a.subject_kind,
            subject_id=a.subject_id,
            subject_name=a.subject_name,
            code=a.code,
            code_name=a.code_name,
            regime_code=a.regime_code,
            required_share=a.item.required_share,
            required_yes=a.item.required_yes,
            threshold_source=rules.threshold_source(a.code, a.regime_code, held_on),
            outcome=a.item.outcome,
            item_status=a.item_status,
        )


class CouncilAttendanceRead(BaseModel):
    member_id: str
    member_name: str
    position: str
    role: Role
    is_secretary: bool
    present: bool | None = Field(description="`null`: not recorded yet (absent, if still so at the opening).")
    substitute_name: str | None
    note: str | None


class CouncilSessionRead(BaseModel):
    id: str
    council_id: str
    council_name: str
    held_on: date
    place: str
    status: InlineEnum[CouncilSessionStatus]
    notes: str | None
    members_count: int | None = Field(description="Frozen at the opening: ALL the council's members.")
    present: int
    quorum: str = Field(description="The share of ALL members who must be present to open, e.g. `2/3`.")
    quorum_required: int = Field(description="How many members that is (with `members_count`, or today's).")
    quorum_source: str = Field(description="Where the quorum comes from (a setting; its default's source).")
    agenda: list[CouncilAgendaItemRead]
    attendance: list[CouncilAttendanceRead]
    opened_at: datetime | None
    closed_at: datetime | None
    version: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, v: SessionView) -> CouncilSessionRead:
        r = v.row
        members = r.members_count if r.members_count is not None else len(v.attendance)
        return cls(
            id=r.id,
            council_id=r.council_id,
            council_name=v.council_name,
            held_on=r.held_on,
            place=r.place,
            status=r.status,
            notes=r.notes,
            members_count=r.members_count,
            present=v.present,
            quorum=rules.share_text(v.procedure.council_quorum),
            quorum_required=rules.quorum_required(members, v.procedure),
            quorum_source=rules.quorum_source(r.held_on, v.procedure),
            agenda=[CouncilAgendaItemRead.of(a, r.held_on) for a in v.agenda],
            attendance=[
                CouncilAttendanceRead(
                    member_id=a.member.id,
                    member_name=a.member.full_name,
                    position=a.member.position,
                    role=a.member.role,
                    is_secretary=a.member.is_secretary,
                    present=a.present,
                    substitute_name=a.substitute_name,
                    note=a.note,
                )
                for a in v.attendance
            ],
            opened_at=r.opened_at,
            closed_at=r.closed_at,
            version=r.version,
            created_at=r.created_at,
            updated_at=r.updated_at,
        )


# ---- votes and results ---------------------------------------------------------------------------------

Choices = Annotated[
    dict[Id, Vote],
    Field(
        max_length=MAX_AGENDA,
        description="`yes`, `no` or `abstain` per agenda item (proposal item id); an item left out is an "
        "abstention.",
        examples=[{"3f0c1c8e-6a53-4c4e-9d67-2b1f0f3f6a10": "yes"}],
    ),
]


class CouncilBallotCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    choices: Choices


class CouncilWrittenVoteCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    member_id: Id = Field(description="The absent member whose written opinion this is.")
    choices: Choices


class CouncilBallotReceipt(BaseModel):
    receipt: str = Field(description="Keep it: it proves the ballot was counted, and nothing else.")


class CouncilTurnoutRead(BaseModel):
    members: int = Field(description="ALL the council's members (frozen at the opening).")
    present: int
    voted: int = Field(description="Members who have voted, electronically or in writing.")
    written: int = Field(description="Of those, written votes of absent members.")
    i_voted: bool

    @classmethod
    def of(cls, t: Turnout) -> CouncilTurnoutRead:
        return cls(members=t.members, present=t.present, voted=t.voted, written=t.written, i_voted=t.i_voted)


class CouncilItemResultRead(BaseModel):
    proposal_item_id: str
    subject_name: str
    code: str
    code_name: str
    yes: int
    no: int
    abstain: int
    required: int
    required_share: str | None
    outcome: str


class CouncilResultRead(BaseModel):
    council_session_id: str
    status: InlineEnum[CouncilSessionStatus]
    members: int = Field(description="ALL the council's members, frozen at the opening.")
    present: int
    voted: int = Field(description="Ballots counted, written votes included.")
    written: int = Field(description="Of those, written votes of absent members.")
    agenda: list[CouncilItemResultRead] = Field(description="Per agenda item, in agenda order.")

    @classmethod
    def of(cls, v: ResultView) -> CouncilResultRead:
        lines = {a.item.proposal_item_id: a for a in v.agenda}
        items: list[dict[str, Any]] = v.result.get("items") or []
        return cls(
            council_session_id=v.row.id,
            status=v.row.status,
            members=int(v.result["members"]),
            present=int(v.result["present"]),
            voted=int(v.result["voted"]),
            written=int(v.result["written"]),
            agenda=[
                CouncilItemResultRead(
                    proposal_item_id=str(i["proposal_item_id"]),
                    subject_name=lines[i["proposal_item_id"]].subject_name,
                    code=lines[i["proposal_item_id"]].code,
                    code_name=lines[i["proposal_item_id"]].code_name,
                    yes=int(i["yes"]),
                    no=int(i["no"]),
                    abstain=int(i["abstain"]),
                    required=int(i["required"]),
                    required_share=i.get("required_share"),
                    outcome=str(i["outcome"]),
                )
                for i in items
            ],
        )
