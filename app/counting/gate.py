"""What a paper or mixed session's close and publication ask of the counting committee (called by
``app.voting.service`` while it holds the session row FOR UPDATE). An electronic session passes both.

- close: the session has a committee with at least two members who enter counts with their accounts
  (409 ``counting_committee_missing``): nobody else could count its paper ballots;
- publish: the committee's entries agree, so the session has its result (409 ``paper_count_missing`` with
  fewer than two entries, 409 ``paper_counts_disagree`` listing the differences).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.core.errors import Conflict
from app.counting import agreement, repository
from app.models import BallotMethod, VotingSession
from app.voting import repository as voting_repository

MIN_ENTERING = 2  # two members enter the count independently


def counted_on_paper(vs: VotingSession) -> bool:
    return vs.method in (BallotMethod.PAPER, BallotMethod.MIXED)


def require_committee(session: Session, vs: VotingSession) -> None:
    if not counted_on_paper(vs):
        return
    entering = [m for m in repository.members(session, session_id=vs.id) if m.user_id is not None]
    if len(entering) < MIN_ENTERING:
        raise Conflict(
            "A session with paper ballots closes only once its counting committee is named, with at least "
            "two members who enter the count with their accounts.",
            code="counting_committee_missing",
            detail_vi="Phiên có phiếu giấy chỉ kết thúc khi đã có Ban kiểm phiếu, với ít nhất hai thành viên "
            "nhập kết quả kiểm phiếu bằng tài khoản của mình.",
        )


def paper_count_missing(entries: int) -> Conflict:
    return Conflict(
        f"The counting committee has made {entries} entr{'y' if entries == 1 else 'ies'} of the paper "
        "count; two members must enter it, and agree, before the result exists.",
        code="paper_count_missing",
        detail_vi=f"Ban kiểm phiếu mới nhập {entries} kết quả kiểm phiếu; cần hai thành viên nhập độc lập "
        "và khớp nhau thì mới có kết quả.",
        extra={"entries": entries},
    )


def paper_counts_disagree(found: agreement.Agreement) -> Conflict:
    fields = ", ".join(d.field for d in found.differences)
    return Conflict(
        f"The committee's entries of the paper count differ ({fields}); they must agree before the result "
        "is published.",
        code="paper_counts_disagree",
        detail_vi=f"Kết quả kiểm phiếu do các thành viên Ban kiểm phiếu nhập không khớp nhau ({fields}); "
        "phải thống nhất trước khi công bố.",
        extra={"entries": found.entries, "differences": found.as_dict()["differences"]},
    )


def require_agreed(session: Session, vs: VotingSession) -> None:
    """Before publication: the entries agree (the result was set when they came to)."""
    if not counted_on_paper(vs) or (vs.result is not None and vs.paper_count is not None):
        return
    entries = [row.entry for row in repository.entries(session, session_id=vs.id)]
    found = agreement.agreement(entries, voting_repository.candidate_ids(session, session_id=vs.id))
    if found.differences:
        raise paper_counts_disagree(found)
    raise paper_count_missing(found.entries)
