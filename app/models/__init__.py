"""All models, imported here so Alembic and the mappers see every table."""

from app.models.audit import AuditEvent
from app.models.auth import AuthSession, LoginThrottle, RefreshToken, RevokedToken
from app.models.award import Award
from app.models.base import Base
from app.models.bloc import Bloc, BlocMember
from app.models.campaign import Campaign, Registration
from app.models.enums import (
    AwardStatus,
    CampaignStatus,
    CriterionKind,
    MemberRole,
    PledgeStatus,
    PrincipalKind,
    ReportKind,
    Scope,
    SessionStatus,
    SheetStatus,
    ThresholdBase,
    TitleTarget,
    UserRole,
)
from app.models.idempotency import IdempotencyRecord
from app.models.pledge import Pledge, PledgeSignature
from app.models.report import Report
from app.models.scoring import Criterion, ScoreEntry, ScoreSheet
from app.models.title import Title
from app.models.unit import Unit
from app.models.user import ServiceClient, User
from app.models.voting import Ballot, BallotVoter, SessionCandidate, SessionElector, VotingSession

__all__ = [
    "AuditEvent",
    "AuthSession",
    "Award",
    "AwardStatus",
    "Ballot",
    "BallotVoter",
    "Base",
    "Bloc",
    "BlocMember",
    "Campaign",
    "CampaignStatus",
    "Criterion",
    "CriterionKind",
    "IdempotencyRecord",
    "LoginThrottle",
    "MemberRole",
    "Pledge",
    "PledgeSignature",
    "PledgeStatus",
    "PrincipalKind",
    "RefreshToken",
    "Registration",
    "Report",
    "ReportKind",
    "RevokedToken",
    "Scope",
    "ScoreEntry",
    "ScoreSheet",
    "ServiceClient",
    "SessionCandidate",
    "SessionElector",
    "SessionStatus",
    "SheetStatus",
    "ThresholdBase",
    "Title",
    "TitleTarget",
    "Unit",
    "User",
    "UserRole",
    "VotingSession",
]
