"""The domain's closed sets of values (statuses, kinds, roles, scopes), each defined once.

They are ``StrEnum``s: a member *is* its string, so the database keeps today's plain strings (the columns
stay ``VARCHAR`` with their check constraints; ``StrEnumType`` converts at the column), JSON carries the
same values, and comparing a member with a string read elsewhere still works. The API schemas render them
as inline string enums (``app.core.literal.AsLiteral``), exactly as the ``Literal`` types they replace.
"""

from __future__ import annotations

from enum import StrEnum


class CampaignStatus(StrEnum):
    ACTIVE = "active"
    CLOSED = "closed"


class SessionStatus(StrEnum):
    """A ballot session: draft → open → closed → published; draft and open may be cancelled."""

    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    PUBLISHED = "published"
    CANCELLED = "cancelled"


class ThresholdBase(StrEnum):
    """What a candidate's share of votes is a share of."""

    ELECTORATE = "electorate"
    CAST = "cast"


class SheetStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"


class CriterionKind(StrEnum):
    STANDARD = "standard"
    BONUS = "bonus"
    PENALTY = "penalty"


class ReportKind(StrEnum):
    MID_YEAR = "mid_year"
    ANNUAL = "annual"


class AwardStatus(StrEnum):
    PROPOSED = "proposed"
    DECIDED = "decided"
    REVOKED = "revoked"


class PledgeStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class MemberRole(StrEnum):
    """A unit's place in its bloc for a year."""

    LEADER = "leader"
    DEPUTY = "deputy"
    MEMBER = "member"


class TitleTarget(StrEnum):
    COLLECTIVE = "collective"
    INDIVIDUAL = "individual"


class UserRole(StrEnum):
    ADMIN = "admin"
    SECRETARIAT = "secretariat"
    OFFICER = "officer"
    OBSERVER = "observer"


class Scope(StrEnum):
    """What a service client may do."""

    UNITS_READ = "units:read"
    UNITS_WRITE = "units:write"
    REPORTS_WRITE = "reports:write"
    SCORES_WRITE = "scores:write"
    RESULTS_READ = "results:read"


class PrincipalKind(StrEnum):
    USER = "user"
    CLIENT = "client"
