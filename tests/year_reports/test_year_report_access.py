"""Who may read and act on the year report (beyond the permission matrix: conference guests, a unit's own
contributions), and bad input refused with nothing changed."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from app.models import Conference, ConferenceGuest, YearReportContribution
from tests.support.builders import Builders
from tests.support.permissions import fingerprint
from tests.support.problems import problem
from tests.support.year_reports import ReportWorld, body, ok, sections, url


@pytest.fixture
def w(build: Builders) -> ReportWorld:
    return ReportWorld(build)


def _conference(w: ReportWorld, guest: str) -> str:
    with w.session_factory() as s:
        conference = Conference(
            campaign_id=w.cid, kind="year_end", title="Hội nghị tổng kết", held_on=date(2016, 12, 29)
        )
        s.add(conference)
        s.flush()
        s.add(ConferenceGuest(conference_id=conference.id, full_name="Phó Chủ tịch", user_id=guest))
        s.commit()
        return conference.id


# ---- who may --------------------------------------------------------------------------------------------


def test_who_may_read(w: ReportWorld, build: Builders) -> None:
    w.draft()
    for headers in (w.leader, w.deputy, w.member, w.secretariat, w.observer, w.admin):
        assert w.get(headers=headers).status_code == 200
    for headers in (w.outsider, w.user("unit_head", unit_id=w.c), w.client_token("results:read")):
        problem(w.get(headers=headers), 404, "not_found")
        problem(w.get(headers=headers, rest="/document"), 404)
    guest = build.user("officer", unit_id=w.outside_unit)
    guest_headers = build.headers_of(guest)
    problem(w.get(headers=guest_headers), 404)
    _conference(w, guest["id"])
    assert w.get(headers=guest_headers).status_code == 200
    assert w.get(headers=guest_headers, rest="/document").status_code == 200
    problem(w.put(headers=guest_headers), 403)  # a guest reads, never writes
    problem(w.get(headers=w.leader, rest="/versions/9"), 404)
    problem(w.client.get(url("no-such-campaign"), headers=w.secretariat), 404)


def test_who_may_write_and_answer(w: ReportWorld) -> None:
    problem(w.put(headers=w.member), 403)
    problem(w.put(headers=w.observer), 403)
    problem(w.put(headers=w.admin), 403)
    problem(w.put(headers=w.outsider), 404)
    ok(w.put(headers=w.deputy), 201)
    add = ok(w.contribute(w.c, "Bổ sung."), 201)
    problem(w.contribute(w.d, "Thay đơn vị khác.", headers=w.member), 403)
    problem(w.contribute(w.c, "Thường trực.", headers=w.secretariat), 403)
    problem(w.contribute(w.outside_unit, "Ngoài khối."), 404)  # not a reader: the report is hidden
    ok(w.contribute(w.a, "Khối trưởng cũng góp ý cho đơn vị mình.", kind="comment"), 201)
    problem(w.answer(add["id"], "accept", headers=w.member), 403)
    problem(w.answer(add["id"], "accept", headers=w.observer), 403)
    problem(w.adopt(1, headers=w.member), 403)
    assert ok(w.answer(add["id"], "accept", headers=w.deputy))["applied_in_version"] == 2


def test_a_member_unit_only(w: ReportWorld, build: Builders) -> None:
    """An officer who reads the report through a conference invitation still cannot contribute for a unit
    outside the bloc."""
    w.draft()
    guest = build.user("officer", unit_id=w.outside_unit)
    _conference(w, guest["id"])
    problem(w.contribute(w.outside_unit, "Ngoài khối.", headers=build.headers_of(guest)), 422, "not_a_member")


# ---- bad input ------------------------------------------------------------------------------------------


BAD_PUTS: list[dict[str, Any]] = [
    body(sections=list(reversed(sections()))),
    body(sections=sections()[:2]),
    body(sections=[*sections(), sections()[0]]),
    body(sections=[sections()[0], sections()[0], sections()[2]]),
    body(sections=sections(results="x" * 50_001)),
    body(sections=[{**sections()[0], "heading": "x" * 301}, *sections()[1:]]),
    body(sections=[{**sections()[0], "heading": ""}, *sections()[1:]]),
    body(sections=[{**sections()[0], "key": "other"}, *sections()[1:]]),
    body(sections=[{**sections()[0], "extra": 1}, *sections()[1:]]),
    body(title="Dòng một\nDòng hai"),
    body(title=""),
    body(sections=sections(results="Ký tự \u0007 lạ")),
    body(unknown=True),
    {"sections": sections()},
]


def test_bad_input_is_422_and_changes_nothing(w: ReportWorld) -> None:
    w.draft()
    add = ok(w.contribute(w.c, "Bổ sung."), 201)
    with w.session_factory() as s:
        before = fingerprint(s)
    for bad in BAD_PUTS:
        problem(w.client.put(url(w.cid), json=bad, headers=w.leader), 422, "validation_error")
    contributions = url(w.cid, "/contributions")
    for bad_contribution in (
        {"unit_id": w.c, "section_key": "results", "kind": "addition", "text": "x" * 10_001},
        {"unit_id": w.c, "section_key": "results", "kind": "addition", "text": "  "},
        {"unit_id": w.c, "section_key": "summary", "kind": "addition", "text": "Bổ sung."},
        {"unit_id": w.c, "section_key": "results", "kind": "praise", "text": "Bổ sung."},
    ):
        problem(
            w.client.post(contributions, json=bad_contribution, headers=w.member), 422, "validation_error"
        )
    problem(w.answer(add["id"], "accept", reply="x" * 5_001), 422, "validation_error")
    problem(w.answer(add["id"], "decline", reply=""), 422, "validation_error")
    problem(w.answer(add["id"], "accept", text="x" * 10_001), 422, "validation_error")
    problem(w.adopt(0), 422, "validation_error")
    problem(w.client.post(url(w.cid, "/adopt"), json={}, headers=w.leader), 422, "validation_error")
    problem(w.get(rest="/compare", **{"from": 0}), 422)
    with w.session_factory() as s:
        assert fingerprint(s) == before
        assert s.scalar(select(func.count()).select_from(YearReportContribution)) == 1
