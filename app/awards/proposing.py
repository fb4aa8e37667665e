"""Awards proposed outside a bloc's ballot: by the secretariat (``POST /awards``) or by a unit's year-end
review. The subject and the title or form must fit each other: collective titles go to units, individual
titles to people, and a form to whom it is for."""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.awards import events, repository
from app.core import audit
from app.core.errors import Conflict, Invalid
from app.models import (
    Award,
    AwardMethod,
    AwardStatus,
    CommendationForm,
    FormSubject,
    Person,
    Title,
    TitleTarget,
    Unit,
)


def _body_error(field: str, msg: str, detail: str, detail_vi: str, type_: str = "value_error") -> Invalid:
    return Invalid(detail, detail_vi=detail_vi, errors=[{"loc": ["body", field], "msg": msg, "type": type_}])


def _subject_mismatch(field: str, detail: str, detail_vi: str) -> Invalid:
    return Invalid(
        detail,
        code="subject_mismatch",
        detail_vi=detail_vi,
        errors=[{"loc": ["body", field], "msg": "does not fit the subject", "type": "subject_mismatch"}],
    )


def _catalogue_name(
    session: Session, *, person: bool, title_code: str | None, form_code: str | None
) -> tuple[str, str]:
    """(the field, the name) of the title or form, checked against the subject's kind."""
    if title_code is not None:
        title = session.get(Title, title_code)
        if title is None or title.retired:
            raise _body_error(
                "title_code",
                "unknown or retired title",
                "No title in use has this code.",
                "Không có danh hiệu nào đang sử dụng với mã này.",
            )
        wanted = TitleTarget.INDIVIDUAL if person else TitleTarget.COLLECTIVE
        if title.target != wanted:
            if person:
                raise _subject_mismatch(
                    "title_code",
                    f"'{title.name}' is a collective title: it goes to units, not to people.",
                    f"“{title.name}” là danh hiệu tập thể: chỉ xét cho đơn vị, không xét cho cá nhân.",
                )
            raise _subject_mismatch(
                "title_code",
                f"'{title.name}' is an individual title: it goes to people, not to units.",
                f"“{title.name}” là danh hiệu cá nhân: chỉ xét cho cá nhân, không xét cho đơn vị.",
            )
        return "title_code", title.name
    assert form_code is not None  # the schema asks for exactly one
    form = session.get(CommendationForm, form_code)
    if form is None or form.retired:
        raise _body_error(
            "form_code",
            "unknown or retired form",
            "No form of commendation in use has this code.",
            "Không có hình thức khen thưởng nào đang sử dụng với mã này.",
        )
    refused = FormSubject.COLLECTIVE if person else FormSubject.INDIVIDUAL
    if form.subject == refused:
        raise _subject_mismatch(
            "form_code",
            f"'{form.name}' is not given to {'people' if person else 'units'}.",
            f"“{form.name}” không xét cho {'cá nhân' if person else 'tập thể'}.",
        )
    return "form_code", form.name


def _duplicate(name: str, year: int) -> Conflict:
    return Conflict(
        f"The subject already has a live award of '{name}' for {year} (one achievement, one award).",
        code="award_exists",
        detail_vi=f"Đối tượng đã có khen thưởng “{name}” năm {year} (mỗi thành tích chỉ khen một lần).",
    )


def create(
    *,
    session: Session,
    actor: audit.Actor,
    unit_id: str | None,
    person_id: str | None,
    title_code: str | None,
    form_code: str | None,
    year: int,
    method: AwardMethod = AwardMethod.REGULAR,
    achievement: str | None = None,
    source_review_id: str | None = None,
) -> Award:
    """A ``proposed`` award. 422 for an unknown subject, title or form, or one that does not fit the
    subject (``subject_mismatch``); 409 ``award_exists`` when the subject already holds it that year."""
    if person_id is not None:
        if len(person_id) > 64 or session.get(Person, person_id) is None:
            raise _body_error(
                "person_id", "unknown person", "No person has this id.", "Không tìm thấy cá nhân."
            )
    elif unit_id is None or len(unit_id) > 64 or session.get(Unit, unit_id) is None:
        raise _body_error("unit_id", "unknown unit", "No unit has this id.", "Không tìm thấy đơn vị.")
    _field, name = _catalogue_name(
        session, person=person_id is not None, title_code=title_code, form_code=form_code
    )
    key: dict[str, Any] = {
        "unit_id": unit_id if person_id is None else None,
        "person_id": person_id,
        "title_code": title_code,
        "form_code": form_code,
        "year": year,
    }
    if repository.live_award_id(session, method=method, **key) is not None:
        raise _duplicate(name, year)
    award = Award(
        **key,
        method=method,
        status=AwardStatus.PROPOSED,
        achievement=achievement,
        source_review_id=source_review_id,
    )
    try:
        with session.begin_nested():
            session.add(award)
    except IntegrityError as exc:  # proposed by a request that committed after our look
        raise _duplicate(name, year) from exc
    audit.record(
        session,
        actor=actor,
        action="award.propose",
        object_type="award",
        object_id=award.id,
        details={**key, "method": str(method), "source_review_id": source_review_id},
    )
    events.emit(session, award, "propose")
    return award
