"""The counting committee (ban kiểm phiếu) of a ballot session and its paper counts: thin routes over
``app.counting.service`` (docs/paper-ballots.md)."""

from __future__ import annotations

from app.core.db import SessionDep
from app.core.responses import AUTH, Responses, auth
from app.core.routing import feature_router
from app.counting import service
from app.counting.policies import CommitteeManager, CommitteeReader, CountEnterer, CountsReader
from app.counting.schemas import CountingCommitteeBody, CountingCommitteeRead, PaperCountBody, PaperCountsRead

router = feature_router(prefix="/voting-sessions", tags=["counting"])

_NOT_FOUND: Responses = {404: {"description": "No such session, or one this principal may not read."}}
_MANAGERS = "the leader (an officer of the unit leading or deputising the bloc that year) or the secretariat"
_COUNT_422 = (
    "The count does not add up, each error naming its field: returned > issued, valid + invalid ≠ "
    "returned, blank > valid, the invalid reasons ≠ invalid, a candidate's votes > valid or missing, a unit "
    "that is not a candidate, all votes > valid × max_choices, issued (+ a mixed session's electronic "
    "ballots) > the electorate; or another invalid field (`validation_error`)."
)


@router.get(
    "/{session_id}/counting-committee",
    response_model=CountingCommitteeRead,
    summary="Read the session's counting committee (ban kiểm phiếu)",
    description="Its members in order, with their roles and the accounts that enter the paper count. "
    "Readable by the session's readers and the committee's members.",
    responses={**AUTH, **_NOT_FOUND},
)
def get_counting_committee(
    session_id: str, session: SessionDep, principal: CommitteeReader
) -> CountingCommitteeRead:
    return CountingCommitteeRead.of(
        service.committee(session=session, principal=principal, session_id=session_id)
    )


@router.put(
    "/{session_id}/counting-committee",
    response_model=CountingCommitteeRead,
    summary="Name the session's counting committee (leader, secretariat)",
    description=f"By {_MANAGERS}, while the session is a `draft` or `open` (else 409 "
    "`counting_committee_locked`). Replaces the whole committee: at least one `head`, and at least two "
    "members with accounts (`user_id`), who enter the paper count independently once the session is "
    "closed. A paper or mixed session closes only with such a committee (409 `counting_committee_missing`).",
    responses={
        **auth("Not the session's leader nor the secretariat"),
        **_NOT_FOUND,
        409: {"description": "The session is closed, published or cancelled (`counting_committee_locked`)."},
        422: {"description": "No head, fewer than two accounts, an account twice or not an active user."},
    },
)
def set_counting_committee(
    session_id: str, body: CountingCommitteeBody, session: SessionDep, principal: CommitteeManager
) -> CountingCommitteeRead:
    view = service.set_committee(
        session=session, principal=principal, session_id=session_id, members=body.new_members()
    )
    return CountingCommitteeRead.of(view)


@router.put(
    "/{session_id}/paper-counts/mine",
    response_model=PaperCountsRead,
    summary="Enter or correct my paper count (counting committee member)",
    description="By a member of the session's counting committee, with their own account: their "
    "independent count of the paper ballots, entered anew or corrected, while the session is `closed` "
    "(not before: 409 `session_not_closed`; not once published: 409 `paper_count_published`; an electronic "
    "session has none: 409 `not_paper_session`). When two members' entries agree exactly the session's "
    "result is computed (for a mixed session, with its electronic ballots added); a correction that breaks "
    "the agreement withdraws the result until they agree again. Answers every entry and the agreement.",
    responses={
        **auth("Not a member of the session's counting committee (`not_counting_member`)"),
        **_NOT_FOUND,
        409: {"description": "`not_paper_session`, `session_not_closed` or `paper_count_published`."},
        422: {"description": _COUNT_422},
    },
)
def set_my_paper_count(
    session_id: str, body: PaperCountBody, session: SessionDep, principal: CountEnterer
) -> PaperCountsRead:
    view = service.enter_mine(session=session, principal=principal, session_id=session_id, entry=body.entry())
    return PaperCountsRead.of(view)


@router.get(
    "/{session_id}/paper-counts",
    response_model=PaperCountsRead,
    summary="Read the committee's paper counts and whether they agree",
    description=f"By {_MANAGERS} and the committee's members. Each entry (who entered it, when, the "
    "count) and `agreement`: `agree` (at least two entries, all the same), `entries`, and `differences`, "
    "one per field on which they differ (`valid`, `votes.<unit id>`, ...) with each entry's value. A "
    "committee member who has not entered their own count yet sees who entered and when, without the "
    "numbers. `paper_count`: the agreed count, once there is one.",
    responses={
        **auth("Neither the session's leader, the secretariat nor a member of its counting committee"),
        **_NOT_FOUND,
    },
)
def get_paper_counts(session_id: str, session: SessionDep, principal: CountsReader) -> PaperCountsRead:
    return PaperCountsRead.of(service.counts(session=session, principal=principal, session_id=session_id))
