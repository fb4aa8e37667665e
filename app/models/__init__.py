"""All models, imported here so Alembic and the mappers see every table."""

from app.models.achievement import Achievement, Assessment, Exclusion
from app.models.audit import AuditEvent
from app.models.auth import AuthSession, LoginThrottle, RefreshToken, RevokedToken, ThrottleKind
from app.models.award import Award
from app.models.base import Base
from app.models.bloc import Bloc, BlocMember
from app.models.calendar import DayKind, PublicHoliday
from app.models.campaign import Campaign, Registration
from app.models.enums import (
    AchievementKind,
    AwardMethod,
    AwardStatus,
    CampaignStatus,
    CriterionKind,
    DisciplineMeasure,
    ExclusionKind,
    FormSubject,
    Gender,
    MemberRole,
    PledgeStatus,
    PrincipalKind,
    Rating,
    RecognitionScope,
    ReportKind,
    ReviewStatus,
    Scope,
    SessionStatus,
    SheetStatus,
    SubjectKind,
    ThresholdBase,
    TitleTarget,
    UserRole,
    Verdict,
)
from app.models.event import (
    DeliveryStatus,
    Event,
    OutboxMark,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
from app.models.form import CommendationForm
from app.models.idempotency import IdempotencyRecord
from app.models.person import Employment, Person
from app.models.pledge import Pledge, PledgeSignature
from app.models.regulation import Regulation
from app.models.report import Report
from app.models.review import ReviewBallot, ReviewCandidate, ReviewElector, ReviewVoter, UnitReview
from app.models.scoring import Criterion, ScoreEntry, ScoreSheet
from app.models.title import Title
from app.models.unit import Unit
from app.models.user import ServiceClient, User
from app.models.voting import Ballot, BallotVoter, SessionCandidate, SessionElector, VotingSession

__all__ = [
    "Achievement",
    "AchievementKind",
    "Assessment",
    "AuditEvent",
    "AuthSession",
    "Award",
    "AwardMethod",
    "AwardStatus",
    "Ballot",
    "BallotVoter",
    "Base",
    "Bloc",
    "BlocMember",
    "Campaign",
    "CampaignStatus",
    "CommendationForm",
    "Criterion",
    "CriterionKind",
    "DayKind",
    "DeliveryStatus",
    "DisciplineMeasure",
    "Employment",
    "Event",
    "Exclusion",
    "ExclusionKind",
    "FormSubject",
    "Gender",
    "IdempotencyRecord",
    "LoginThrottle",
    "MemberRole",
    "OutboxMark",
    "Person",
    "Pledge",
    "PledgeSignature",
    "PledgeStatus",
    "PrincipalKind",
    "PublicHoliday",
    "Rating",
    "RecognitionScope",
    "RefreshToken",
    "Registration",
    "Regulation",
    "Report",
    "ReportKind",
    "ReviewBallot",
    "ReviewCandidate",
    "ReviewElector",
    "ReviewStatus",
    "ReviewVoter",
    "RevokedToken",
    "Scope",
    "ScoreEntry",
    "ScoreSheet",
    "ServiceClient",
    "SessionCandidate",
    "SessionElector",
    "SessionStatus",
    "SheetStatus",
    "SubjectKind",
    "ThresholdBase",
    "ThrottleKind",
    "Title",
    "TitleTarget",
    "Unit",
    "UnitReview",
    "User",
    "UserRole",
    "Verdict",
    "VotingSession",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
]
