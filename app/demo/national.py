"""A national-scale data set, for benchmarks: ~300 blocs, ~5,000 units, 60 criteria scored at two stages
(~600,000 score entries) and 300 closed voting sessions with their ballots (100,000 at ``factor=1``).

``Scale.national(factor)`` scales every count together (``0.01`` gives 3 blocs, 50 units, 6,000 entries,
3 sessions and 1,000 ballots), so a test or a quick run builds a small version of the same shape.

Everything is written with SQLAlchemy Core ``executemany`` (a bounded number of statements per table,
whatever the counts), as the product stores it:

- each bloc has its campaign for ``year`` and its members (the first unit leads); the first bloc is the
  largest (a tenth of the units, or at least as many as any other);
- each campaign has the same tree of 6 groups × 10 items (the last group bonus and penalty items), and
  every member unit a submitted self sheet and a submitted review sheet, with their points per kind
  (``app.scoring.subtotals``, from the pure ``app.scoring.tree``);
- the sessions are spread over the campaigns in proportion to their size; each is closed, electing up to
  two of at most five candidates of its bloc, with its electorate (a shared pool of delegate logins),
  its ballots as a sealed secret session keeps them (``docs/ballot-secrecy.md``): a random id, the hash of
  a receipt nobody keeps, the sorted choices, no voter; the ``ballot_voters`` rows in an order of their
  own; and its tally frozen by the pure ``app.voting.tally``.

No audit events are written: the data is history loaded in bulk, as the other demo loaders' history is not
re-enacted through the services either.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from app.core.text import fold
from app.models import (
    Ballot,
    BallotVoter,
    Bloc,
    BlocMember,
    Campaign,
    Criterion,
    ScoreEntry,
    ScoreSheet,
    SessionCandidate,
    SessionElector,
    SheetStatus,
    Unit,
    User,
    VotingSession,
)
from app.models.base import Base, new_id, table_of
from app.models.enums import SessionStatus
from app.scoring import subtotals
from app.scoring.tree import CriteriaTree, Node
from app.voting import receipts
from app.voting.tally import Rules, tally

YEAR = 2016
GROUPS = 6
ITEMS_PER_GROUP = 10
STAGES = ("self", "review")
TITLES = ("co_thi_dua_bo", "co_thi_dua_chinh_phu")
TURNOUT = 0.9
CHUNK = 20_000  # rows per executemany: bounds the memory of the parameter lists
_START = datetime(YEAR, 1, 10, 2, tzinfo=UTC)


@dataclass(frozen=True)
class Scale:
    blocs: int
    units: int
    sessions: int
    ballots: int
    year: int = YEAR

    @classmethod
    def national(cls, factor: float = 1.0) -> Scale:
        def of(n: int) -> int:
            return max(1, round(n * factor))

        return cls(blocs=of(300), units=of(5000), sessions=of(300), ballots=of(100_000))

    def __post_init__(self) -> None:
        if self.units < self.blocs:
            raise ValueError("every bloc needs a unit: units must be at least blocs")
        if self.ballots < self.sessions:
            raise ValueError("every session needs a ballot: ballots must be at least sessions")

    @property
    def criteria_items(self) -> int:
        return GROUPS * ITEMS_PER_GROUP

    def bloc_sizes(self) -> list[int]:
        """The first bloc is the largest: a tenth of the units, or at least as many as any other."""
        largest = max(self.units // 10, math.ceil(self.units / self.blocs))
        if self.blocs == 1:
            return [self.units]
        rest, others = self.units - largest, self.blocs - 1
        return [largest] + [rest // others + (1 if i < rest % others else 0) for i in range(others)]

    def session_counts(self) -> list[int]:
        """Sessions per bloc, in proportion to the blocs' sizes (the first bloc's share rounded up)."""
        sizes = self.bloc_sizes()
        counts = [0] * self.blocs
        counts[0] = min(self.sessions, max(1, math.ceil(self.sessions * sizes[0] / self.units)))
        for k in range(self.sessions - counts[0]):
            counts[1 + k % (self.blocs - 1) if self.blocs > 1 else 0] += 1
        return counts

    def ballot_counts(self) -> list[int]:
        """Ballots per session, in session order (all of the first bloc's sessions first)."""
        per, extra = divmod(self.ballots, self.sessions)
        return [per + (1 if i < extra else 0) for i in range(self.sessions)]

    def expected(self) -> dict[str, int]:
        """The rows ``generate`` writes, by table."""
        electorates = [math.ceil(b / TURNOUT) for b in self.ballot_counts()]
        candidates = [min(5, size) for size, n in zip(self.bloc_sizes(), self.session_counts(), strict=True)]
        sessions_per_bloc = self.session_counts()
        return {
            "blocs": self.blocs,
            "units": self.units,
            "bloc_members": self.units,
            "campaigns": self.blocs,
            "criteria": self.blocs * (GROUPS + self.criteria_items),
            "score_sheets": self.units * len(STAGES),
            "score_entries": self.units * len(STAGES) * self.criteria_items,
            "users": max(electorates) + 1,
            "voting_sessions": self.sessions,
            "session_candidates": sum(c * n for c, n in zip(candidates, sessions_per_bloc, strict=True)),
            "session_electors": sum(electorates),
            "ballot_voters": self.ballots,
            "ballots": self.ballots,
        }


@dataclass
class Generated:
    scale: Scale
    counts: dict[str, int]
    bloc_ids: list[str]
    campaign_ids: list[str]
    secretariat_username: str
    unit_ids_by_bloc: list[list[str]] = field(default_factory=list)

    @property
    def largest_campaign_id(self) -> str:
        return self.campaign_ids[0]


def nodes() -> list[Node]:
    out: list[Node] = []
    for g in range(1, GROUPS + 1):
        out.append(Node(str(g), None, f"Nhóm tiêu chí {g}", None, None, True, len(out)))
        for i in range(1, ITEMS_PER_GROUP + 1):
            kind = ("bonus" if i % 2 else "penalty") if g == GROUPS else "standard"
            title = f"Tiêu chí {g}.{i}"
            out.append(Node(f"{g}.{i}", str(g), title, 1000, kind, kind == "standard", len(out)))
    return out


def _chunks(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _insert(
    session: Session, model: type[Base], rows: Iterator[dict[str, Any]] | list[dict[str, Any]]
) -> int:
    n = 0
    for chunk in _chunks(iter(rows)):
        session.execute(insert(table_of(model)), chunk)
        n += len(chunk)
    return n


def generate(
    session: Session, scale: Scale, *, password_hash: str, prefix: str = "NAT", seed: int = 2016
) -> Generated:
    """Write the data set in ``session`` (the caller commits). ``password_hash``: every generated login's
    (the secretariat ``<prefix>-secretariat`` and the delegates), as ``PasswordService.hash`` makes it.
    ``prefix`` keeps codes and usernames apart from other data in the same database."""
    rng = random.Random(seed)  # noqa: S311  # reproducible data, not secrets (ballot ids use secrets)
    p = prefix.lower()
    counts: dict[str, int] = {}
    sizes = scale.bloc_sizes()
    unit_ids = [new_id() for _ in range(scale.units)]
    bloc_ids = [new_id() for _ in range(scale.blocs)]
    campaign_ids = [new_id() for _ in range(scale.blocs)]
    by_bloc: list[list[str]] = []
    start = 0
    for size in sizes:
        by_bloc.append(unit_ids[start : start + size])
        start += size

    counts["units"] = _insert(session, Unit, _units(unit_ids, prefix))
    counts["blocs"] = _insert(
        session,
        Bloc,
        [
            {"id": b, "code": f"{prefix}-K{k + 1:03d}", "name": f"Khối thi đua số {k + 1}", "version": 1}
            for k, b in enumerate(bloc_ids)
        ],
    )
    counts["bloc_members"] = _insert(
        session,
        BlocMember,
        (
            {
                "id": new_id(),
                "bloc_id": bloc_id,
                "year": scale.year,
                "unit_id": u,
                "role": "leader" if i == 0 else "member",
            }
            for bloc_id, members in zip(bloc_ids, by_bloc, strict=True)
            for i, u in enumerate(members)
        ),
    )
    counts["campaigns"] = _insert(
        session,
        Campaign,
        [
            {
                "id": c,
                "bloc_id": b,
                "year": scale.year,
                "title": f"Phong trào thi đua năm {scale.year} (khối {k + 1})",
                "tie_break": ["standard_total"],
                "status": "active",
                "version": 1,
            }
            for k, (c, b) in enumerate(zip(campaign_ids, bloc_ids, strict=True))
        ],
    )
    tree = CriteriaTree(nodes())
    counts["criteria"] = _insert(
        session,
        Criterion,
        (
            {
                "id": new_id(),
                "campaign_id": c,
                "code": n.code,
                "parent_code": n.parent_code,
                "title": n.title,
                "max_points_centi": n.max_points_centi,
                "kind": n.kind,
                "required": n.required,
                "position": n.position,
            }
            for c in campaign_ids
            for n in tree.nodes.values()
        ),
    )
    secretariat_id = new_id()
    electorate = math.ceil(max(scale.ballot_counts()) / TURNOUT)
    delegates = [new_id() for _ in range(electorate)]
    counts["users"] = _insert(
        session,
        User,
        [
            {
                "id": secretariat_id,
                "username": f"{p}-secretariat",
                "full_name": "Thường trực Hội đồng (dữ liệu quốc gia)",
                "password_hash": password_hash,
                "roles": ["secretariat"],
            }
        ]
        + [
            {
                "id": d,
                "username": f"{p}-delegate-{k + 1:05d}",
                "full_name": f"Đại biểu số {k + 1}",
                "password_hash": password_hash,
                "roles": [],
            }
            for k, d in enumerate(delegates)
        ],
    )
    sheets, entries = _scores(session, rng, tree, scale, campaign_ids, by_bloc, secretariat_id)
    counts["score_sheets"], counts["score_entries"] = sheets, entries
    counts.update(_voting(session, rng, scale, campaign_ids, by_bloc, delegates, secretariat_id, prefix))
    return Generated(scale, counts, bloc_ids, campaign_ids, f"{p}-secretariat", by_bloc)


def _units(unit_ids: Sequence[str], prefix: str) -> Iterator[dict[str, Any]]:
    for k, u in enumerate(unit_ids):
        name = f"Đơn vị thi đua số {k + 1}"
        code = f"{prefix}-U{k + 1:05d}"
        yield {
            "id": u,
            "code": code,
            "name": name,
            "kind": "other",
            "active": True,
            "search_text": fold(f"{name} {code}"),
            "version": 1,
        }


def _scores(
    session: Session,
    rng: random.Random,
    tree: CriteriaTree,
    scale: Scale,
    campaign_ids: Sequence[str],
    by_bloc: Sequence[Sequence[str]],
    submitted_by: str,
) -> tuple[int, int]:
    items = [n.code for n in tree.nodes.values() if n.is_item]
    sheets: list[dict[str, Any]] = []
    entries: list[dict[str, Any]] = []
    n_sheets = n_entries = 0
    for c, members in zip(campaign_ids, by_bloc, strict=True):
        for unit_id in members:
            for s, stage in enumerate(STAGES):
                sheet_id = new_id()
                points = {code: rng.randrange(0, 1001, 25) for code in items}
                at = _START + timedelta(days=300 + 20 * s, minutes=len(sheets))
                sheets.append(
                    {
                        "id": sheet_id,
                        "campaign_id": c,
                        "unit_id": unit_id,
                        "stage": stage,
                        "status": SheetStatus.SUBMITTED,
                        "submitted_at": at,
                        "submitted_by": submitted_by,
                        "created_at": at - timedelta(days=2),
                        "updated_at": at,
                        "version": 1,
                        **subtotals.values_of(tree.totals(points)),
                    }
                )
                entries.extend(
                    {"sheet_id": sheet_id, "criterion_code": code, "points_centi": centi, "note": None}
                    for code, centi in points.items()
                )
            if len(entries) >= CHUNK:  # the sheets first: the entries refer to them
                n_sheets += _insert(session, ScoreSheet, sheets)
                n_entries += _insert(session, ScoreEntry, entries)
                sheets, entries = [], []
    n_sheets += _insert(session, ScoreSheet, sheets)
    n_entries += _insert(session, ScoreEntry, entries)
    return n_sheets, n_entries


def _voting(
    session: Session,
    rng: random.Random,
    scale: Scale,
    campaign_ids: Sequence[str],
    by_bloc: Sequence[Sequence[str]],
    delegates: Sequence[str],
    created_by: str,
    prefix: str,
) -> dict[str, int]:
    ballot_counts = iter(scale.ballot_counts())
    sessions: list[dict[str, Any]] = []
    candidates: list[dict[str, Any]] = []
    electors: list[dict[str, Any]] = []
    voters: list[dict[str, Any]] = []
    ballots: list[dict[str, Any]] = []
    for c, members, n_sessions in zip(campaign_ids, by_bloc, scale.session_counts(), strict=True):
        for _ in range(n_sessions):
            k = len(sessions)
            cast = next(ballot_counts)
            session_id = new_id()
            names = sorted(rng.sample(list(members), min(5, len(members))))
            seats = min(2, len(names))
            electorate = list(delegates[: math.ceil(cast / TURNOUT)])
            choices = [sorted(rng.sample(names, rng.randint(0, seats))) for _ in range(cast)]
            result = tally(names, len(electorate), choices, Rules(seats=seats))
            opened = _START + timedelta(days=330, hours=k)
            sessions.append(
                {
                    "id": session_id,
                    "campaign_id": c,
                    "title_code": TITLES[k % len(TITLES)],
                    "name": f"Bình xét {prefix} số {k + 1}",
                    "seats": seats,
                    "max_choices": seats,
                    "threshold_share": 0.5,
                    "threshold_of": "electorate",
                    "threshold_inclusive": False,
                    "quorum": 0.5,
                    "secret": True,
                    "status": SessionStatus.CLOSED,
                    "method": "electronic",
                    "one_delegate_per_unit": False,
                    "created_by": created_by,
                    "created_at": opened - timedelta(days=1),
                    "updated_at": opened + timedelta(minutes=30),
                    "opened_at": opened,
                    "closed_at": opened + timedelta(minutes=30),
                    "result": result.as_dict(),
                    "version": 3,
                }
            )
            candidates.extend(
                {"session_id": session_id, "unit_id": u, "position": i + 1} for i, u in enumerate(names)
            )
            electors.extend({"session_id": session_id, "user_id": u} for u in electorate)
            # As the seal leaves them: each table in an order of its own, no link between the two.
            voted = rng.sample(electorate, cast)
            voters.extend({"session_id": session_id, "user_id": u} for u in voted)
            ballots.extend(
                {
                    "id": receipts.new_ballot_id(),
                    "session_id": session_id,
                    "receipt_hash": receipts.receipt_hash(receipts.new_receipt()),
                    "choices": chosen,
                    "voter_id": None,
                }
                for chosen in choices
            )
    rng.shuffle(ballots)
    counts = {"voting_sessions": _insert(session, VotingSession, sessions)}
    counts["session_candidates"] = _insert(session, SessionCandidate, candidates)
    counts["session_electors"] = _insert(session, SessionElector, electors)
    counts["ballot_voters"] = _insert(session, BallotVoter, voters)
    counts["ballots"] = _insert(session, Ballot, ballots)
    return counts
