"""Who may act on a session's counting committee and its paper counts, as policies the routes declare
(see ``app.core.policy``).

- The committee is named by the session's managers (the leader of its campaign's bloc-year, the
  secretariat); it is read by the session's readers and by the committee's own members.
- A committee member with an account enters (and corrects) their own paper count; the managers and the
  committee's members read the entries and whether they agree.
- The session exists for its readers (``app.voting.policies``) and for its committee's members; anyone else
  gets 404.
"""

from __future__ import annotations

from typing import Annotated

from sqlalchemy.orm import Session

from app.campaigns.policies import not_manager
from app.core.errors import Forbidden
from app.core.policy import Allow, Params, Policy, Rule, Visibility, Who, remembered, role
from app.core.principal import Principal
from app.counting import repository
from app.voting import visibility
from app.voting.policies import READERS, SESSION_LEADER, SESSION_MANAGER_LEADER, may_read

_MAX_ID_LENGTH = 64


def is_committee_member(session: Session, principal: Principal, params: Params) -> bool:
    session_id = params["session_id"]
    if not principal.is_user or len(session_id) > _MAX_ID_LENGTH:
        return False
    return remembered(
        session,
        ("counting_member", session_id),
        lambda: repository.is_member(session, session_id=session_id, user_id=principal.id),
    )


def not_counting_member() -> Forbidden:
    return Forbidden(
        "Only a member of the session's counting committee, signed in as themselves, enters a paper count.",
        code="not_counting_member",
        detail_vi="Chỉ thành viên Ban kiểm phiếu của phiên, đăng nhập bằng tài khoản của mình, được nhập kết "
        "quả kiểm phiếu.",
    )


def _not_manager_nor_member() -> Forbidden:
    return Forbidden(
        "Only the session's managers (the leader, the secretariat) and its counting committee read the "
        "paper counts.",
        detail_vi="Chỉ đơn vị Khối trưởng, Thường trực Hội đồng và Ban kiểm phiếu được xem kết quả kiểm "
        "phiếu do các thành viên nhập.",
    )


COMMITTEE_MEMBER = Rule(
    who="member of the session's counting committee (its account)",
    admits=frozenset({Who.ELECTOR}),
    test=is_committee_member,
)
SESSION_OR_COMMITTEE = Visibility(
    who="a reader of the session (its electorate, the leader, the secretariat, observers; once published, "
    "`results:read` clients) or a member of its counting committee",
    test=lambda s, p, params: may_read(s, p, params) or is_committee_member(s, p, params),
    hidden=visibility.not_found,
)

MANAGE_COMMITTEE = Policy(
    "counting.manage_committee",
    rules=(role("secretariat"), SESSION_MANAGER_LEADER),
    visible=SESSION_OR_COMMITTEE,
    denied=not_manager,
    then="Only while the session is a draft or open (409 `counting_committee_locked`).",
)
READ_COMMITTEE = Policy(
    "counting.read_committee",
    rules=(*READERS, COMMITTEE_MEMBER),
    visible=SESSION_OR_COMMITTEE,
)
ENTER_PAPER_COUNT = Policy(
    "counting.enter",
    rules=(COMMITTEE_MEMBER,),
    visible=SESSION_OR_COMMITTEE,
    denied=not_counting_member,
    then="Only a paper or mixed session (409 `not_paper_session`), once closed (409 `session_not_closed`) "
    "and until published (409 `paper_count_published`); the count is checked (422, naming the field).",
)
READ_PAPER_COUNTS = Policy(
    "counting.read",
    rules=(role("secretariat"), SESSION_LEADER, COMMITTEE_MEMBER),
    visible=SESSION_OR_COMMITTEE,
    denied=_not_manager_nor_member,
    then="A committee member who has not entered their own count yet sees who entered and when, not the "
    "numbers (nor the differences' values): the entries stay independent.",
)

CommitteeManager = Annotated[Principal, Allow(MANAGE_COMMITTEE)]
CommitteeReader = Annotated[Principal, Allow(READ_COMMITTEE)]
CountEnterer = Annotated[Principal, Allow(ENTER_PAPER_COUNT)]
CountsReader = Annotated[Principal, Allow(READ_PAPER_COUNTS)]
