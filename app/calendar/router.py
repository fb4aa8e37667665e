"""The calendar of public holidays the procedure's time limits are counted on: thin routes over
``app.calendar.service``."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query, Response, status

from app.calendar import service
from app.calendar.policies import CalendarEditor, CalendarReader
from app.calendar.schemas import HolidayList, HolidayRead, HolidayWrite, WorkingDaysRead
from app.core.days import RecordDay
from app.core.db import SessionDep
from app.core.responses import AUTH, Responses, auth
from app.core.routing import feature_router

router = feature_router(prefix="/calendar", tags=["calendar"])

YearQuery = Annotated[int, Query(ge=1945, le=2200, description="The calendar year.")]
DayPath = Annotated[RecordDay, Path(description="The day, `YYYY-MM-DD`.")]
FromQuery = Annotated[
    RecordDay, Query(alias="from", description="The day the period starts from, `YYYY-MM-DD` (not counted).")
]
DaysQuery = Annotated[int, Query(ge=0, le=1000, description="The period's length in working days.")]

_EDITOR = auth("Not the secretariat or the admin")
_PUT: Responses = {
    **_EDITOR,
    200: {"description": "Replaced (or unchanged: writing what is stored records nothing)"},
    201: {"description": "Created", "model": HolidayRead},
    409: {"description": "Another request wrote the day's entry at the same time (`concurrent_update`)."},
}


@router.get(
    "/holidays",
    response_model=HolidayList,
    summary="List a year's public holidays and worked days",
    description="The default table of Vietnamese public holidays (statutory days, Tết, compensatory days "
    "off, the announced swaps) with the office's own entries on top: an office entry replaces the "
    "default one of its day. Saturdays and Sundays appear only where they are holidays or worked. "
    "Readable by every authenticated principal.",
    responses=AUTH,
)
def list_holidays(year: YearQuery, session: SessionDep, _principal: CalendarReader) -> HolidayList:
    return HolidayList(year=year, items=[HolidayRead.of(d) for d in service.year_days(session, year)])


@router.put(
    "/holidays/{day}",
    response_model=HolidayRead,
    summary="Set the office's entry for a day (secretariat, admin)",
    description="Creates (201) or replaces (200) the office's entry for the day, which overrides the "
    "default table: `holiday` adds a day off, `working_day` makes the day worked (a Saturday of a swap, "
    "or a default holiday that does not apply). Deadlines counted afterwards use it.",
    responses=_PUT,
)
def set_holiday(
    day: DayPath, body: HolidayWrite, response: Response, session: SessionDep, principal: CalendarEditor
) -> HolidayRead:
    day_set, created = service.put(
        session=session, actor=principal.actor, day=day, name=body.name, kind=body.kind
    )
    if created:
        response.status_code = status.HTTP_201_CREATED
    return HolidayRead.of(day_set)


@router.delete(
    "/holidays/{day}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove the office's entry for a day (secretariat, admin)",
    description="The default table applies to the day again. 404 when the office has no entry for it "
    "(a default holiday is removed by a `working_day` entry instead).",
    responses={**_EDITOR, 404: {"description": "The office has no entry for this day."}},
)
def delete_holiday(day: DayPath, session: SessionDep, principal: CalendarEditor) -> Response:
    service.delete(session=session, actor=principal.actor, day=day)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/working-days",
    response_model=WorkingDaysRead,
    summary="Count a period of working days",
    description="The deadline of a period of `days` working days from `from`: the `days`-th working day "
    "after it, on the calendar `GET /calendar/holidays` lists (Monday to Friday, less holidays, plus "
    "worked Saturdays). Readable by every authenticated principal.",
    responses=AUTH,
)
def get_working_days(
    from_: FromQuery, days: DaysQuery, session: SessionDep, _principal: CalendarReader
) -> WorkingDaysRead:
    return WorkingDaysRead(from_=from_, days=days, due=service.due_date(session, from_, days))
