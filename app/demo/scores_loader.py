"""Loads the demo's criteria and score sheets (``app.demo.scores``) as history: the tree as
``app.scoring.criteria`` stores it, and for each of the 16 units a submitted self sheet and a submitted
review sheet with their entries and the points per kind ``app.scoring.subtotals`` keeps (computed by the
same pure tree, ``app.scoring.tree``). Idempotent: nothing is written when the campaign has criteria."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.time import VN_TZ
from app.demo import data, scores
from app.models import Campaign, Criterion, ScoreEntry, ScoreSheet, SheetStatus, Unit, User
from app.models.base import new_id
from app.scoring import subtotals
from app.scoring.tree import CriteriaTree, Node


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=VN_TZ).astimezone(UTC)


def nodes() -> list[Node]:
    """The demo's tree as the pure nodes ``app.scoring.tree`` reads (groups without points or kind)."""
    return [
        Node(
            code=code,
            parent_code=parent,
            title=title,
            max_points_centi=None if maximum is None else maximum * 100,
            kind=kind,
            required=required,
            position=position,
        )
        for position, (code, parent, title, maximum, kind, required) in enumerate(scores.CRITERIA)
    ]


def load(session: Session, *, campaign: Campaign, units: dict[str, Unit]) -> dict[str, int]:
    """What was created, by kind; nothing when the campaign has its criteria already."""
    if session.scalar(select(Criterion.id).where(Criterion.campaign_id == campaign.id).limit(1)):
        return {}
    tree = CriteriaTree(nodes())
    session.add_all(
        Criterion(
            id=new_id(),
            campaign_id=campaign.id,
            code=n.code,
            parent_code=n.parent_code,
            title=n.title,
            max_points_centi=n.max_points_centi,
            kind=n.kind,
            required=n.required,
            position=n.position,
        )
        for n in tree.nodes.values()
    )
    session.flush()
    users = {
        u.username: u
        for u in session.scalars(
            select(User).where(
                User.username.in_(
                    [data.SECRETARIAT_USERNAME, *(data.officer_username(c) for c, *_ in data.UNITS)]
                )
            )
        )
    }
    leader = users[data.officer_username(data.LEADER_CODE)]
    secretariat = users[data.SECRETARIAT_USERNAME]
    sheets = 0
    for code, *_ in data.UNITS:
        # Nobody reviews their own unit: the secretariat reviews the leader's.
        reviewer = secretariat if code == data.LEADER_CODE else leader
        for stage, day, by in (
            ("self", scores.SELF_SUBMITTED_ON, users[data.officer_username(code)]),
            ("review", scores.REVIEW_SUBMITTED_ON, reviewer),
        ):
            _sheet(session, tree, campaign, units[code], code, stage, day, by)
            sheets += 1
    session.flush()
    return {"criteria": len(scores.CRITERIA), "score_sheets": sheets}


def _sheet(
    session: Session,
    tree: CriteriaTree,
    campaign: Campaign,
    unit: Unit,
    code: str,
    stage: str,
    day: date,
    by: User,
) -> None:
    points = scores.entries(code, stage)
    assert not tree.entry_errors(list(points.items())), (code, stage)
    assert not tree.missing_required(points), (code, stage)
    submitted_at = _at(day, 10)
    sheet = ScoreSheet(
        id=new_id(),
        campaign_id=campaign.id,
        unit_id=unit.id,
        stage=stage,
        status=SheetStatus.SUBMITTED,
        submitted_at=submitted_at,
        submitted_by=by.id,
        created_at=_at(day - timedelta(days=2), 9),
        updated_at=submitted_at,
        **subtotals.values_of(tree.totals(points)),
    )
    session.add(sheet)
    session.flush()
    session.add_all(
        ScoreEntry(
            sheet_id=sheet.id,
            criterion_code=criterion,
            points_centi=centi,
            note=scores.NOTES.get((code, criterion)) if stage == "review" else None,
        )
        for criterion, centi in points.items()
    )
