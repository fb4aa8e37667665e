"""What each event type carries: small, typed, documented in openapi.json (the ``webhooks`` section) and
docs/events.md. Never a secret, a ballot's choices, who voted, nor a person's verdict (it may name
discipline): a receiver that needs more reads the object through the API with its own rights."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field


class EventPayload(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # The event type this payload is the data of, e.g. "award.decided".
    event_type: ClassVar[str]


class UnitData(EventPayload):
    id: str
    code: str
    name: str
    short_name: str | None = None
    kind: str
    active: bool


class UnitCreated(UnitData):
    """A unit was created (by hand or by a synchronising system)."""

    event_type: ClassVar[str] = "unit.created"


class UnitUpdated(UnitData):
    """A unit's code, names, kind or activity changed."""

    event_type: ClassVar[str] = "unit.updated"


class AwardData(EventPayload):
    id: str
    status: str = Field(description="`proposed`, `decided` or `revoked`.")
    year: int
    title_code: str | None = Field(description="The title, for a title; null for a form of commendation.")
    title_name: str | None = None
    form_code: str | None = Field(description="The form of commendation, for a form; null for a title.")
    form_name: str | None = None
    unit_id: str | None = Field(description="The unit awarded (a collective award); null for a person.")
    unit_code: str | None = None
    unit_name: str | None = None
    person_id: str | None = Field(description="The person awarded (an individual award); null for a unit.")
    person_name: str | None = None
    source_session_id: str | None = Field(description="The bloc's ballot session that proposed it, if any.")
    decision_number: str | None = None
    decision_date: date | None = None
    revoked_reason: str | None = None


class AwardProposed(AwardData):
    """An award was proposed: by a published ballot session, a unit's review or the secretariat."""

    event_type: ClassVar[str] = "award.proposed"


class AwardDecided(AwardData):
    """An award was decided: it carries its decision's number and date."""

    event_type: ClassVar[str] = "award.decided"


class AwardRevoked(AwardData):
    """An award was revoked, with the reason."""

    event_type: ClassVar[str] = "award.revoked"


class ElectedUnit(BaseModel):
    unit_id: str
    unit_code: str | None = None
    unit_name: str | None = None


class VotingSessionPublished(EventPayload):
    """A ballot session's results were published: who was elected (never a ballot, nor who voted)."""

    event_type: ClassVar[str] = "voting_session.published"

    id: str
    campaign_id: str | None
    title_code: str
    title_name: str | None
    name: str | None
    seats: int
    electorate: int
    ballots_cast: int
    quorum_met: bool
    elected: list[ElectedUnit]
    published_at: datetime


class ReportSubmitted(EventPayload):
    """A unit submitted (a new version of) its mid-year or annual report."""

    event_type: ClassVar[str] = "report.submitted"

    id: str
    campaign_id: str
    unit_id: str
    unit_code: str | None = None
    unit_name: str | None = None
    kind: str = Field(description="`mid_year` or `annual`.")
    version: int
    title: str
    late: bool
    submitted_at: datetime


class ProposalMoved(EventPayload):
    """A proposal for commendation moved one step in the procedure (`action`, `from_status` → `status`)."""

    event_type: ClassVar[str] = "proposal.moved"

    id: str
    year: int
    title: str
    unit_id: str | None = None
    unit_code: str | None = None
    unit_name: str | None = None
    action: str
    from_status: str | None
    status: str
    round: int
    due_on: date | None = None
    at: datetime


class DecisionRecipientData(BaseModel):
    name: str = Field(description="As printed on the decision.")
    unit_id: str | None = None
    unit_code: str | None = None
    person_id: str | None = None
    title_code: str | None = None
    form_code: str | None = None
    award_id: str | None = None
    certificate_number: str | None = None


class DecisionIssued(EventPayload):
    """A decision was issued (numbered), or a higher authority's recorded (`external`); never a verdict."""

    event_type: ClassVar[str] = "decision.issued"

    id: str
    kind: str = Field(description="`award`, `amendment` or `revocation`.")
    number: int | None = Field(description="The register's number; null for an external decision.")
    number_text: str = Field(description="E.g. `1/QĐ-BKHCN`.")
    decision_date: date | None
    authority_name: str
    external: bool
    subject: str
    proposal_id: str | None = None
    target_decision_id: str | None = None
    recipients: list[DecisionRecipientData]


class EventRead(BaseModel):
    """One event, as the feed lists it and as a webhook delivers it (the delivery's body)."""

    id: str = Field(description="The event's id: its deliveries' `webhook-id`, the same on every retry.")
    seq: int = Field(description="Its position in the feed (commit order).")
    type: str = Field(description="e.g. `award.decided`; see the `webhooks` section for each type's data.")
    timestamp: datetime = Field(description="When the change was made.")
    object_type: str
    object_id: str
    object_version: int | None = Field(description="The object's version (its ETag) after the change.")
    data: dict[str, Any] = Field(description="The type's payload.")
