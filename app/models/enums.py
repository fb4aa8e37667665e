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
    UNIT_HEAD = "unit_head"
    """The head of a unit (thủ trưởng đơn vị): decides the unit-level titles of its people."""


class Scope(StrEnum):
    """What a service client may do."""

    UNITS_READ = "units:read"
    UNITS_WRITE = "units:write"
    REPORTS_WRITE = "reports:write"
    SCORES_WRITE = "scores:write"
    RESULTS_READ = "results:read"
    PROPOSALS_WRITE = "proposals:write"


class PrincipalKind(StrEnum):
    USER = "user"
    CLIENT = "client"


class Gender(StrEnum):
    MALE = "male"
    FEMALE = "female"


class SubjectKind(StrEnum):
    """Who an award, an achievement or a verdict is about: a unit (a collective) or a person."""

    UNIT = "unit"
    PERSON = "person"


class FormSubject(StrEnum):
    """Whom a form of commendation may go to."""

    INDIVIDUAL = "individual"
    COLLECTIVE = "collective"
    BOTH = "both"


class AchievementKind(StrEnum):
    INITIATIVE = "initiative"  # sáng kiến
    RESEARCH = "research"  # đề tài, nhiệm vụ khoa học và công nghệ


class RecognitionScope(StrEnum):
    """Where an initiative's or research work's effect is recognised (cấp cơ sở, cấp Bộ, toàn quốc)."""

    UNIT = "unit"
    MINISTRY = "ministry"
    NATIONAL = "national"


class ExclusionKind(StrEnum):
    DISCIPLINE = "discipline"  # kỷ luật
    INVESTIGATION = "investigation"  # đang bị điều tra, thanh tra, kiểm tra
    COMPLAINT = "complaint"  # có đơn thư khiếu nại, tố cáo đang xác minh


class DisciplineMeasure(StrEnum):
    """Disciplinary measures, lightest first (Luật Cán bộ, công chức; Luật Viên chức)."""

    REPRIMAND = "reprimand"  # khiển trách
    WARNING = "warning"  # cảnh cáo
    SALARY_REDUCTION = "salary_reduction"  # hạ bậc lương
    DEMOTION = "demotion"  # giáng chức
    DISMISSAL_FROM_POST = "dismissal_from_post"  # cách chức
    DISMISSAL = "dismissal"  # buộc thôi việc


class Rating(StrEnum):
    """A year's rating of a person or a unit (xếp loại chất lượng), best first."""

    EXCELLENT = "excellent"  # hoàn thành xuất sắc nhiệm vụ
    GOOD = "good"  # hoàn thành tốt nhiệm vụ
    COMPLETED = "completed"  # hoàn thành nhiệm vụ
    NOT_COMPLETED = "not_completed"  # không hoàn thành nhiệm vụ


class AwardMethod(StrEnum):
    """How an award was earned: regular (công trạng, the year's work), sudden (đột xuất) or thematic
    (chuyên đề). Only regular awards count towards later regular ones (Decree 152/2025 Art 4(3))."""

    REGULAR = "regular"
    SUDDEN = "sudden"
    THEMATIC = "thematic"


class Verdict(StrEnum):
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    NEEDS_JUDGEMENT = "needs_judgement"


class ReviewStatus(StrEnum):
    """A unit's year-end review of its people: draft → voting → counted → decided; draft may be cancelled."""

    DRAFT = "draft"
    VOTING = "voting"
    COUNTED = "counted"
    DECIDED = "decided"
    CANCELLED = "cancelled"


class BallotMethod(StrEnum):
    """How a ballot session's ballots are cast and counted."""

    ELECTRONIC = "electronic"
    PAPER = "paper"  # paper ballots counted by the counting committee
    MIXED = "mixed"  # both: the committee's paper count added to the electronic ballots


class CountingRole(StrEnum):
    HEAD = "head"  # trưởng ban kiểm phiếu
    MEMBER = "member"  # ủy viên
