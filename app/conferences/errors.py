"""The conference's domain errors, said once."""

from __future__ import annotations

from typing import Any

from app.core.errors import Conflict, Invalid
from app.models import Conference


def invalid_transition(conference: Conference, action: str) -> Conflict:
    return Conflict(
        f"A {conference.status} conference cannot be {action}.",
        code="invalid_transition",
        detail_vi="Không thể chuyển hội nghị sang trạng thái này từ trạng thái hiện tại.",
        extra={"current_status": str(conference.status)},
    )


def finished(conference: Conference) -> Conflict:
    return Conflict(
        f"The conference is {conference.status} and refuses changes.",
        code="conference_finished",
        detail_vi="Hội nghị đã kết thúc hoặc đã hủy, không thể thay đổi.",
        extra={"current_status": str(conference.status)},
    )


def not_open(conference: Conference, what: str = "open") -> Conflict:
    return Conflict(
        f"The conference is {conference.status}; this needs it {what}.",
        code="conference_not_open",
        detail_vi="Hội nghị chưa khai mạc (hoặc không còn diễn ra), chưa thể thực hiện.",
        extra={"current_status": str(conference.status)},
    )


def invalid(message: str, message_vi: str, loc: list[Any], code: str = "validation_error") -> Invalid:
    return Invalid(
        message,
        code=code,
        detail_vi=message_vi,
        errors=[{"loc": ["body", *loc], "msg": message, "type": code}],
    )


def not_a_member(loc: list[Any]) -> Invalid:
    return invalid(
        "The unit is not a member of the conference's bloc that year.",
        "Đơn vị không thuộc khối của hội nghị trong năm.",
        loc,
        code="not_a_member",
    )


def user_not_found(loc: list[Any]) -> Invalid:
    return invalid(
        "The user does not exist or is disabled.",
        "Tài khoản người dùng không tồn tại hoặc đã bị khóa.",
        loc,
        code="user_not_found",
    )
