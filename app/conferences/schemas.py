"""Request and response models for conferences, their agenda, guests, delegates, attendance, next year's
leadership and the membership draft. Every name is prefixed ``Conference`` (unique across the app)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from app.conferences.attendance import Attendance, UnitAttendance
from app.conferences.next_year import LeadershipView, MembershipDraft
from app.conferences.people import DelegateView, GuestView, SubstitutionView
from app.conferences.service import ConferenceView
from app.core.days import RecordDay
from app.core.literal import InlineEnum
from app.core.patch import PatchBody, refuse_null
from app.core.text import MULTI_LINE, SINGLE_LINE, Name, clean_text
from app.models import AgendaKind, ConferenceAgendaItem, ConferenceKind, ConferenceStatus, LeadershipMethod

MAX_AGENDA = 100

Id = Annotated[str, Field(min_length=1, max_length=64)]
Kind = InlineEnum[ConferenceKind]
Status = InlineEnum[ConferenceStatus]
ItemKind = InlineEnum[AgendaKind]
Method = InlineEnum[LeadershipMethod]
Line = Annotated[str, BeforeValidator(clean_text), Field(max_length=300), SINGLE_LINE]
Text = Annotated[str, BeforeValidator(clean_text), Field(max_length=5000), MULTI_LINE]
Reason = Annotated[str, BeforeValidator(clean_text), Field(min_length=1, max_length=2000), MULTI_LINE]


# ---- the conference ------------------------------------------------------------------------------------


class ConferenceCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    campaign_id: Id = Field(description="The campaign whose conference it is (one per campaign and kind).")
    kind: Kind = Field(description="`year_end` (hội nghị tổng kết) or `mid_year` (hội nghị sơ kết).")
    title: Annotated[Name, Field(examples=["Hội nghị tổng kết công tác thi đua năm 2016"])]
    held_on: RecordDay = Field(description="The day it is held.")
    place: Line = Field(default="", examples=["Hội trường tầng 2, 113 Trần Duy Hưng, Hà Nội"])
    chaired_by: Line | None = Field(default=None, description="Who chairs it (chủ trì).")


class ConferenceUpdate(PatchBody):
    title: Name | None = None
    held_on: RecordDay | None = None
    place: Line | None = None
    chaired_by: Line | None = None
    conclusions: Text | None = Field(default=None, description="The conclusions (kết luận), for the minutes.")

    _not_null = field_validator("title", "held_on", "place")(refuse_null)


class ConferenceAgendaItemIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: ItemKind = Field(
        description="`report`, `discussion`, `pledge`, `ballot` (names `voting_session_id`), `guidance` (a "
        "guest's guidance speech), `leadership` (next year's leader and deputy) or `other`."
    )
    title: Annotated[str, BeforeValidator(clean_text), Field(min_length=1, max_length=500), SINGLE_LINE]
    speaker: Line | None = None
    voting_session_id: Id | None = Field(
        default=None,
        description="A ballot item's voting session, of the conference's campaign; no other kind.",
    )
    outcome: Text | None = Field(default=None, description="What the item concluded.")


class ConferenceAgendaPut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    items: list[ConferenceAgendaItemIn] = Field(max_length=MAX_AGENDA, description="In order.")


class ConferenceAgendaItemRead(BaseModel):
    position: int
    kind: ItemKind
    title: str
    speaker: str | None
    voting_session_id: str | None
    outcome: str | None

    @classmethod
    def of(cls, i: ConferenceAgendaItem) -> ConferenceAgendaItemRead:
        return cls(
            position=i.position,
            kind=i.kind,
            title=i.title,
            speaker=i.speaker,
            voting_session_id=i.voting_session_id,
            outcome=i.outcome,
        )


class ConferenceRead(BaseModel):
    id: str
    campaign_id: str
    bloc_id: str
    year: int
    kind: Kind
    title: str
    held_on: date
    place: str
    chaired_by: str | None
    status: Status
    quorum_share: float | None = Field(description="Frozen from the bloc's regulation when it opened.")
    members_count: int | None = Field(description="The bloc's member units that year, frozen when it opened.")
    opened_at: datetime | None
    closed_at: datetime | None
    conclusions: str | None
    agenda: list[ConferenceAgendaItemRead]
    version: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, v: ConferenceView) -> ConferenceRead:
        c = v.conference
        return cls(
            id=c.id,
            campaign_id=c.campaign_id,
            bloc_id=v.campaign.bloc_id,
            year=v.campaign.year,
            kind=c.kind,
            title=c.title,
            held_on=c.held_on,
            place=c.place,
            chaired_by=c.chaired_by,
            status=c.status,
            quorum_share=c.quorum_share,
            members_count=c.members_count,
            opened_at=c.opened_at,
            closed_at=c.closed_at,
            conclusions=c.conclusions,
            agenda=[ConferenceAgendaItemRead.of(i) for i in v.agenda],
            version=c.version,
            created_at=c.created_at,
            updated_at=c.updated_at,
        )


# ---- guests --------------------------------------------------------------------------------------------


class ConferenceGuestCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    full_name: Annotated[Name, Field(examples=["Trần Đắc Hiến"])]
    position: Annotated[Line, Field(examples=["Phó Chủ tịch Hội đồng Thi đua, Khen thưởng Bộ"])] = ""
    organisation: Line | None = None
    user_id: Id | None = Field(
        default=None,
        description="The guest's account: reads the conference, and what observers read for its campaign.",
    )
    speaks: bool = Field(default=False, description="Gives a speech (phát biểu).")
    attended: bool = False


class ConferenceGuestUpdate(PatchBody):
    full_name: Name | None = None
    position: Line | None = None
    organisation: Line | None = None
    user_id: Id | None = None
    speaks: bool | None = None
    attended: bool | None = None

    _not_null = field_validator("full_name", "position", "speaks", "attended")(refuse_null)


class ConferenceGuestRead(BaseModel):
    id: str
    conference_id: str
    full_name: str
    position: str
    organisation: str | None
    user_id: str | None
    user_name: str | None = Field(description="The account's display name.")
    speaks: bool
    attended: bool
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, v: GuestView) -> ConferenceGuestRead:
        g = v.guest
        return cls(
            id=g.id,
            conference_id=g.conference_id,
            full_name=g.full_name,
            position=g.position,
            organisation=g.organisation,
            user_id=g.user_id,
            user_name=v.user_name,
            speaks=g.speaks,
            attended=g.attended,
            created_at=g.created_at,
            updated_at=g.updated_at,
        )


# ---- delegates -----------------------------------------------------------------------------------------


class ConferenceDelegateCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    unit_id: Id = Field(description="A member unit of the bloc that year.")
    full_name: Annotated[Name, Field(examples=["Nguyễn Văn An"])]
    position: Line = ""
    user_id: Id | None = Field(default=None, description="An active user of that unit (needed to vote).")
    voting: bool = Field(
        default=False, description="The unit's voting delegate (one per unit; needs `user_id`)."
    )


class ConferenceDelegateRead(BaseModel):
    id: str
    conference_id: str
    unit_id: str
    unit_name: str
    full_name: str
    position: str
    user_id: str | None
    user_name: str | None
    voting: bool
    checked_in_at: datetime | None
    checked_in_by: str | None
    checked_in_by_name: str | None = Field(description="Who checked them in.")
    created_at: datetime

    @classmethod
    def of(cls, v: DelegateView) -> ConferenceDelegateRead:
        d = v.delegate
        return cls(
            id=d.id,
            conference_id=d.conference_id,
            unit_id=d.unit_id,
            unit_name=v.unit_name,
            full_name=d.full_name,
            position=d.position,
            user_id=d.user_id,
            user_name=v.user_name,
            voting=d.voting,
            checked_in_at=d.checked_in_at,
            checked_in_by=d.checked_in_by,
            checked_in_by_name=v.checked_in_by_name,
            created_at=d.created_at,
        )


class ConferenceVotingDelegatePut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    delegate_id: Id = Field(description="A checked-in delegate of the unit, with an account.")
    reason: Reason = Field(examples=["Đồng chí Vụ trưởng có việc đột xuất, ủy quyền cho Phó Vụ trưởng."])


class ConferenceSubstitutionRead(BaseModel):
    id: str
    conference_id: str
    unit_id: str
    unit_name: str
    from_delegate_id: str | None
    from_delegate_name: str | None
    to_delegate_id: str
    to_delegate_name: str
    reason: str
    recorded_by: str | None
    recorded_by_name: str | None
    recorded_at: datetime
    delegate: ConferenceDelegateRead = Field(description="The new voting delegate.")

    @classmethod
    def of(cls, v: SubstitutionView) -> ConferenceSubstitutionRead:
        s = v.substitution
        return cls(
            id=s.id,
            conference_id=s.conference_id,
            unit_id=s.unit_id,
            unit_name=v.delegate.unit_name,
            from_delegate_id=s.from_delegate_id,
            from_delegate_name=v.from_delegate_name,
            to_delegate_id=s.to_delegate_id,
            to_delegate_name=v.delegate.delegate.full_name,
            reason=s.reason,
            recorded_by=s.recorded_by,
            recorded_by_name=v.recorded_by_name,
            recorded_at=s.recorded_at,
            delegate=ConferenceDelegateRead.of(v.delegate),
        )


# ---- attendance ----------------------------------------------------------------------------------------


class ConferenceUnitAttendance(BaseModel):
    unit_id: str
    unit_code: str
    unit_name: str
    role: str
    present: bool = Field(description="At least one of its delegates checked in.")
    delegates: list[ConferenceDelegateRead]
    voting_delegate_id: str | None
    voting_delegate_name: str | None

    @classmethod
    def of(cls, u: UnitAttendance) -> ConferenceUnitAttendance:
        voting = u.voting_delegate
        return cls(
            unit_id=u.unit.unit_id,
            unit_code=u.unit.code,
            unit_name=u.unit.name,
            role=u.unit.role,
            present=u.present,
            delegates=[ConferenceDelegateRead.of(d) for d in u.delegates],
            voting_delegate_id=voting.delegate.id if voting else None,
            voting_delegate_name=voting.delegate.full_name if voting else None,
        )


class ConferenceAttendanceTotals(BaseModel):
    members: int
    present: int
    quorum_share: float
    quorum_share_text: str = Field(examples=["1/2"])
    quorum_required: int = Field(description="ceil(quorum_share × members).")
    quorum_met: bool


class ConferenceAttendanceRead(BaseModel):
    conference_id: str
    status: Status
    units: list[ConferenceUnitAttendance]
    totals: ConferenceAttendanceTotals

    @classmethod
    def of(cls, conference_id: str, status: ConferenceStatus, a: Attendance) -> ConferenceAttendanceRead:
        q = a.quorum
        return cls(
            conference_id=conference_id,
            status=status,
            units=[ConferenceUnitAttendance.of(u) for u in a.units],
            totals=ConferenceAttendanceTotals(
                members=q.members,
                present=q.present,
                quorum_share=float(q.share),
                quorum_share_text=str(q.share),
                quorum_required=q.required,
                quorum_met=q.met,
            ),
        )


# ---- next year's leadership ----------------------------------------------------------------------------


class ConferenceLeadershipCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    method: Method | None = Field(
        default=None,
        description="`election` or `rotation`; left out, the bloc's regulation decides (`leadership_rule`).",
    )
    leader_unit_id: Id | None = Field(default=None, description="Election: the leader unit (required).")
    deputy_unit_id: Id | None = Field(default=None, description="Election: the deputy unit, if any.")
    note: Text | None = None


class ConferenceLeadershipRead(BaseModel):
    conference_id: str
    bloc_id: str
    year: int = Field(description="The year led: the campaign's year + 1.")
    method: Method
    leader_unit_id: str
    leader_unit_name: str
    deputy_unit_id: str | None
    deputy_unit_name: str | None
    note: str | None
    recorded_by: str | None
    recorded_by_name: str | None
    recorded_at: datetime

    @classmethod
    def of(cls, v: LeadershipView) -> ConferenceLeadershipRead:
        r = v.leadership
        return cls(
            conference_id=r.conference_id,
            bloc_id=r.bloc_id,
            year=r.year,
            method=r.method,
            leader_unit_id=r.leader_unit_id,
            leader_unit_name=v.unit_names.get(r.leader_unit_id, ""),
            deputy_unit_id=r.deputy_unit_id,
            deputy_unit_name=v.unit_names.get(r.deputy_unit_id) if r.deputy_unit_id else None,
            note=r.note,
            recorded_by=r.recorded_by,
            recorded_by_name=v.recorded_by_name,
            recorded_at=r.recorded_at,
        )


class ConferenceDraftMember(BaseModel):
    unit_id: str
    unit_code: str
    unit_name: str
    role: str


class ConferenceDraftSource(BaseModel):
    conference_id: str
    title: str
    kind: Kind
    held_on: date
    method: Method


class ConferenceMembershipDraft(BaseModel):
    bloc_id: str
    year: int
    from_year: int
    source: ConferenceDraftSource = Field(description="The conference that chose the leadership.")
    members: list[ConferenceDraftMember]

    @classmethod
    def of(cls, d: MembershipDraft) -> ConferenceMembershipDraft:
        return cls(
            bloc_id=d.bloc_id,
            year=d.year,
            from_year=d.year - 1,
            source=ConferenceDraftSource(
                conference_id=d.conference.id,
                title=d.conference.title,
                kind=d.conference.kind,
                held_on=d.conference.held_on,
                method=d.leadership.method,
            ),
            members=[
                ConferenceDraftMember(
                    unit_id=m.unit.unit_id, unit_code=m.unit.code, unit_name=m.unit.name, role=m.role
                )
                for m in d.members
            ],
        )
