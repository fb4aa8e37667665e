"""Who may act on the council and its sessions, as policies the routes declare (see ``app.core.policy``).

- A council and its members are known to every signed-in user (the ministry's staff); the secretariat and
  admins create and change them.
- A session exists for admins, the secretariat, observers and the council's members; anyone else gets 404.
  The secretariat and admins prepare it (agenda, date, place) and cancel it; the council's chair or the
  secretariat opens and closes it; the council's secretary or the secretariat takes the attendance and
  enters the written votes of absent members; the members vote.

The checks read plain columns (the session's council, one member row), never load a ``CouncilSession``: the
services then take the row FOR UPDATE / FOR SHARE and read it fresh.
"""

from __future__ import annotations

from typing import Annotated

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.errors import Forbidden, NotFound
from app.core.policy import ANY_USER, Allow, Params, Policy, Rule, Visibility, Who, remembered, role
from app.core.principal import Principal
from app.models import Council, CouncilMember, CouncilRole, CouncilSession

_MAX_ID_LENGTH = 64
OFFICE = ("admin", "secretariat")


def council_not_found() -> NotFound:
    return NotFound("The council does not exist.", detail_vi="Không tìm thấy Hội đồng Thi đua - Khen thưởng.")


def member_not_found() -> NotFound:
    return NotFound("The council has no such member.", detail_vi="Hội đồng không có thành viên này.")


def session_not_found() -> NotFound:
    return NotFound("The council session does not exist.", detail_vi="Không tìm thấy phiên họp Hội đồng.")


def _council_exists(session: Session, council_id: str) -> bool:
    return remembered(
        session,
        ("council_exists", council_id),
        lambda: len(council_id) <= _MAX_ID_LENGTH and session.get(Council, council_id) is not None,
    )


def session_council(session: Session, session_id: str) -> str | None:
    """The session's council (None when there is no such session)."""
    if len(session_id) > _MAX_ID_LENGTH:
        return None
    return remembered(
        session,
        ("council_of_session", session_id),
        lambda: session.scalar(select(CouncilSession.council_id).where(CouncilSession.id == session_id)),
    )


def membership(session: Session, principal: Principal, council_id: str | None) -> CouncilMember | None:
    """The principal's member row in the council (a former member's too), if any."""
    if council_id is None or not principal.is_user:
        return None
    return remembered(
        session,
        ("council_member", council_id, principal.id),
        lambda: session.scalar(
            select(CouncilMember).where(
                CouncilMember.council_id == council_id, CouncilMember.user_id == principal.id
            )
        ),
    )


def _is_member(session: Session, principal: Principal, params: Params) -> bool:
    return membership(session, principal, session_council(session, params["council_session_id"])) is not None


def _is_member_of_council(session: Session, principal: Principal, params: Params) -> bool:
    return membership(session, principal, params["council_id"]) is not None


def _is_chair(session: Session, principal: Principal, params: Params) -> bool:
    member = membership(session, principal, session_council(session, params["council_session_id"]))
    return member is not None and member.role == CouncilRole.CHAIR and member.left_on is None


def _is_secretary(session: Session, principal: Principal, params: Params) -> bool:
    member = membership(session, principal, session_council(session, params["council_session_id"]))
    return member is not None and member.is_secretary and member.left_on is None


def may_read_session(session: Session, principal: Principal, params: Params) -> bool:
    """Whether the session exists for ``principal``: False also when there is no such session."""
    council_id = session_council(session, params["council_session_id"])
    if council_id is None:
        return False
    if principal.has_role("admin", "secretariat", "observer"):
        return True
    return membership(session, principal, council_id) is not None


def _member_in_council(session: Session, _p: Principal, params: Params) -> bool:
    council_id, member_id = params["council_id"], params["member_id"]
    if not _council_exists(session, council_id) or len(member_id) > _MAX_ID_LENGTH:
        return False
    found = session.scalar(
        select(CouncilMember.id).where(CouncilMember.id == member_id, CouncilMember.council_id == council_id)
    )
    return found is not None


def _voter_or_hidden(session: Session, principal: Principal, params: Params) -> bool:
    """A service client is refused (403) before the session is even looked up; others must read it."""
    if not principal.is_user:
        raise _only_members()
    return may_read_session(session, principal, params)


def _only_members() -> Forbidden:
    return Forbidden(
        "Only the council's members, signed in as themselves, vote.",
        code="not_council_member",
        detail_vi="Chỉ thành viên Hội đồng, đăng nhập bằng tài khoản của mình, được bỏ phiếu.",
    )


def _not_office() -> Forbidden:
    return Forbidden(
        "Only the secretariat (or an admin) manages the council and its sessions.",
        detail_vi="Chỉ Thường trực Hội đồng (hoặc quản trị viên) được quản lý Hội đồng và các phiên họp.",
    )


def _not_chair() -> Forbidden:
    return Forbidden(
        "Only the council's chair or the secretariat opens and closes a session.",
        code="not_council_chair",
        detail_vi="Chỉ Chủ tịch Hội đồng hoặc Thường trực Hội đồng được khai mạc và kết thúc phiên họp.",
    )


def _not_secretary() -> Forbidden:
    return Forbidden(
        "Only the council's secretary or the secretariat records attendance and written votes.",
        code="not_council_secretary",
        detail_vi="Chỉ Thư ký Hội đồng hoặc Thường trực Hội đồng được ghi điểm danh và phiếu gửi bằng văn "
        "bản.",
    )


def _office_reads(_s: Session, p: Principal, _params: Params) -> bool:
    return p.has_role("admin", "secretariat", "observer")


# ---- rules ---------------------------------------------------------------------------------------------

MANAGERS = role(*OFFICE)
READERS = role("admin", "secretariat", "observer")
MEMBER = Rule(
    who="member of the session's council (its user)",
    admits=frozenset({Who.ELECTOR}),
    test=_is_member,
)
MEMBER_OF_COUNCIL = Rule(
    who="member of the council (its user)", admits=frozenset({Who.ELECTOR}), test=_is_member_of_council
)
CHAIR = Rule(who="chair of the session's council", admits=frozenset({Who.ELECTOR}), test=_is_chair)
SECRETARY = Rule(
    who="secretary of the session's council", admits=frozenset({Who.ELECTOR}), test=_is_secretary
)

# ---- visibility ----------------------------------------------------------------------------------------

COUNCIL_EXISTS = Visibility(
    who="naming an existing council",
    test=lambda s, _p, params: _council_exists(s, params["council_id"]),
    hidden=council_not_found,
)
MEMBER_EXISTS = Visibility(
    who="naming an existing member of the council", test=_member_in_council, hidden=member_not_found
)
_SESSION_READERS = "a reader of the session (admins, the secretariat, observers, the council's members)"
SESSION_READER = Visibility(who=_SESSION_READERS, test=may_read_session, hidden=session_not_found)
SESSION_READER_NOT_CLIENT = Visibility(
    who=_SESSION_READERS + "; a service client gets 403 before this check: only members vote",
    test=_voter_or_hidden,
    hidden=session_not_found,
)

# ---- policies ------------------------------------------------------------------------------------------

CREATE_COUNCIL = Policy("councils.create", rules=(MANAGERS,), denied=_not_office)
LIST_COUNCILS = Policy("councils.list", rules=(ANY_USER,))
READ_COUNCIL = Policy("councils.read", rules=(ANY_USER,), visible=COUNCIL_EXISTS)
MANAGE_COUNCIL = Policy(
    "councils.manage",
    rules=(MANAGERS,),
    visible=COUNCIL_EXISTS,
    denied=_not_office,
    then="A member a session has counted is never removed (409 `council_member_counted`): set `left_on`.",
)
MANAGE_MEMBER = Policy(
    "councils.manage_member",
    rules=(MANAGERS,),
    visible=MEMBER_EXISTS,
    denied=_not_office,
    then="A member a session has counted is never removed (409 `council_member_counted`): set `left_on`.",
)
CREATE_SESSION = Policy(
    "council_sessions.create",
    rules=(MANAGERS,),
    visible=COUNCIL_EXISTS,
    denied=_not_office,
    then="Only items of proposals in state `council` and still pending go on the agenda (409 "
    "`agenda_item_not_ready`).",
)
LIST_SESSIONS = Policy(
    "council_sessions.list",
    rules=(READERS, MEMBER_OF_COUNCIL),
    visible=COUNCIL_EXISTS,
)
READ_SESSION = Policy(
    "council_sessions.read",
    rules=(READERS, MEMBER),
    visible=SESSION_READER,
    then="The turnout gives counts only, never who voted; the result and the minutes exist once closed.",
)
MANAGE_SESSION = Policy(
    "council_sessions.manage",
    rules=(MANAGERS,),
    visible=SESSION_READER,
    denied=_not_office,
    then="Only a `draft` session changes or is cancelled (409 `invalid_transition`).",
)
CHAIR_SESSION = Policy(
    "council_sessions.chair",
    rules=(MANAGERS, CHAIR),
    visible=SESSION_READER,
    denied=_not_chair,
    then="Open: only a `draft` session with its quorum (409 `quorum_not_met`); close: only an `open` one.",
)
RECORD_SESSION = Policy(
    "council_sessions.record",
    rules=(MANAGERS, SECRETARY),
    visible=SESSION_READER,
    denied=_not_secretary,
    then="Attendance only while `draft`; written votes only while `open`, for a member marked absent.",
)
CAST_BALLOT = Policy(
    "council_sessions.cast",
    rules=(MEMBER,),
    visible=SESSION_READER_NOT_CLIENT,
    denied=_only_members,
    then="409 `session_not_open` unless open; 403 `not_present` for a member not marked present; 409 "
    "`already_voted` for a second ballot.",
)

CouncilCreator = Annotated[Principal, Allow(CREATE_COUNCIL)]
CouncilLister = Annotated[Principal, Allow(LIST_COUNCILS)]
CouncilReader = Annotated[Principal, Allow(READ_COUNCIL)]
CouncilManager = Annotated[Principal, Allow(MANAGE_COUNCIL)]
MemberManager = Annotated[Principal, Allow(MANAGE_MEMBER)]
SessionCreator = Annotated[Principal, Allow(CREATE_SESSION)]
SessionLister = Annotated[Principal, Allow(LIST_SESSIONS)]
SessionReader = Annotated[Principal, Allow(READ_SESSION)]
SessionManager = Annotated[Principal, Allow(MANAGE_SESSION)]
SessionChair = Annotated[Principal, Allow(CHAIR_SESSION)]
SessionRecorder = Annotated[Principal, Allow(RECORD_SESSION)]
Voter = Annotated[Principal, Allow(CAST_BALLOT)]
