"""The change feed's events of awards: proposed, decided, revoked (``app.events``)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.events import outbox, payloads
from app.models import Award, CommendationForm, Person, Title, Unit

_KINDS: dict[str, type[payloads.AwardData]] = {
    "propose": payloads.AwardProposed,
    "decide": payloads.AwardDecided,
    "revoke": payloads.AwardRevoked,
}


def emit(session: Session, award: Award, action: str) -> None:
    """The award's event for ``action`` (``propose``, ``decide``, ``revoke``), after the change is flushed.
    No verdict: a person's verdict may name discipline, and every user reads these events."""
    unit = session.get(Unit, award.unit_id) if award.unit_id is not None else None
    person = session.get(Person, award.person_id) if award.person_id is not None else None
    title = session.get(Title, award.title_code) if award.title_code is not None else None
    form = session.get(CommendationForm, award.form_code) if award.form_code is not None else None
    data = _KINDS[action](
        id=award.id,
        status=str(award.status),
        year=award.year,
        title_code=award.title_code,
        title_name=title.name if title is not None else None,
        form_code=award.form_code,
        form_name=form.name if form is not None else None,
        unit_id=award.unit_id,
        unit_code=unit.code if unit is not None else None,
        unit_name=unit.name if unit is not None else None,
        person_id=award.person_id,
        person_name=person.full_name if person is not None else None,
        source_session_id=award.source_session_id,
        decision_number=award.decision_number,
        decision_date=award.decision_date,
        revoked_reason=award.revoked_reason,
    )
    outbox.emit(session, data, object_id=award.id, object_version=award.version, unit_id=award.unit_id)
