"""All models, imported here so Alembic and the mappers see every table."""

from app.models.audit import AuditEvent
from app.models.auth import AuthSession, LoginThrottle, RefreshToken, RevokedToken
from app.models.award import Award
from app.models.base import Base
from app.models.bloc import Bloc, BlocMember
from app.models.campaign import Campaign, Registration
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
    "Ballot",
    "BallotVoter",
    "Base",
    "Bloc",
    "BlocMember",
    "Campaign",
    "Criterion",
    "IdempotencyRecord",
    "LoginThrottle",
    "Pledge",
    "PledgeSignature",
    "RefreshToken",
    "Registration",
    "Report",
    "RevokedToken",
    "ScoreEntry",
    "ScoreSheet",
    "ServiceClient",
    "SessionCandidate",
    "SessionElector",
    "Title",
    "Unit",
    "User",
    "VotingSession",
]
