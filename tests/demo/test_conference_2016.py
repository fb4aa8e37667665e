"""The demo as the whole source article (issue 14 point 7): the year scored and ranked, every report in on
time, the conference of 29/12/2016 with its guest, delegates and agenda, the leader's year report with the
members' additions, the ministry flag counted on paper, the Government flag electronic, and the campaign
closed with a complete summary.

Through the HTTP API where this branch has it; the conference's, the year report's and the paper count's
rows are read from their tables (their APIs are built beside this; the integrator may switch to them).
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from app.demo import conference, data, loader, scores
from app.models import (
    BlocMember,
    Conference,
    ConferenceAgendaItem,
    ConferenceDelegate,
    ConferenceGuest,
    ConferenceLeadership,
    CountingMember,
    PaperCount,
    Unit,
    User,
    VotingSession,
    YearReport,
    YearReportContribution,
    YearReportVersion,
)

PASSWORD = "demo-password-for-tests"
API = "/api/v1"
ARTICLE_THREE = {"DTG", "KHXHTN", "KHCNKTKT"}


@pytest.fixture
def demo(session_factory: Any, passwords: Any) -> loader.DemoResult:
    with session_factory() as s:
        result = loader.load(s, passwords, PASSWORD)
        s.commit()
    return result


def _ok(r: Any) -> Any:
    assert r.status_code == 200, r.text
    return r.json()


def _codes(session_factory: Any) -> dict[str, str]:
    with session_factory() as s:
        return {u.id: u.code for u in s.scalars(select(Unit))}


def test_the_year_is_scored_and_ranked_as_the_conference_voted(demo, client, login):
    leader = login(data.officer_username(data.LEADER_CODE), PASSWORD)
    tree = _ok(client.get(f"{API}/campaigns/{demo.campaign_id}/criteria", headers=leader))
    assert tree["max_total"] == 100 and tree["locked"] is True

    ranking = _ok(client.get(f"{API}/campaigns/{demo.campaign_id}/ranking", headers=leader))["items"]
    assert len(ranking) == 16
    assert all(r["rank"] is not None and not r["tied"] for r in ranking)
    assert all(r["self_total"] is not None and r["review_total"] is not None for r in ranking)
    order = [r["unit_code"] for r in ranking]
    assert order == scores.EXPECTED_ORDER
    # The article's three ministry flags rank first, DTG (also the Government flag) ahead of them all.
    assert order[0] == "DTG" and set(order[:3]) == ARTICLE_THREE
    assert [r["rank"] for r in ranking] == list(range(1, 17))
    top = ranking[0]
    assert (top["total"], top["standard_total"], top["bonus_total"], top["penalty_total"]) == (
        98.5,
        95.5,
        3,
        0,
    )
    assert all(r["total"] <= 100 and r["self_total"] >= r["review_total"] for r in ranking)

    # A unit's officer reads its own submitted sheets: the review's entries sum to the ranking's total.
    officer = login(data.officer_username("CCTPN"), PASSWORD)
    cctpn = next(r for r in ranking if r["unit_code"] == "CCTPN")
    sheet_path = f"{API}/campaigns/{demo.campaign_id}/units/{cctpn['unit_id']}/scores"
    for stage in ("self", "review"):
        sheet = _ok(client.get(f"{sheet_path}/{stage}", headers=officer))
        assert sheet["status"] == "submitted" and sheet["total"] == cctpn[f"{stage}_total"]
    entries = {e["criterion"]: e for e in sheet["entries"]}
    standard = sum(e["points"] for code, e in entries.items() if code not in (scores.BONUS, scores.PENALTY))
    assert standard - entries[scores.PENALTY]["points"] == cctpn["total"] == 88
    assert entries[scores.PENALTY]["note"]  # a late comment on a draft, noted by the reviewer


def test_the_year_summary_is_complete_and_the_campaign_closed(demo, client, login):
    office = login(data.SECRETARIAT_USERNAME, PASSWORD)
    campaign = _ok(client.get(f"{API}/campaigns/{demo.campaign_id}", headers=office))
    assert campaign["status"] == "closed"

    summary = _ok(client.get(f"{API}/campaigns/{demo.campaign_id}/summary", headers=office))
    reports = summary["reports"]
    assert len(reports["received"]) == 32  # the latest of each unit's mid-year and annual report
    assert reports["missing"] == [] and reports["late"] == []
    assert not [m for m in reports["missing"] if m["overdue"]]
    assert {(r["unit_code"], r["kind"]) for r in reports["received"]} == {
        (code, kind) for code, *_ in data.UNITS for kind in ("mid_year", "annual")
    }
    assert summary["pledge"]["unsigned"] == [] and len(summary["pledge"]["signed"]) == 16
    assert [r["unit_code"] for r in summary["ranking"]] == scores.EXPECTED_ORDER
    sessions = {s["title_code"]: s for s in summary["sessions"]}
    assert {u["unit_code"] for u in sessions[data.MINISTRY_FLAG]["result"]["elected_units"]} == ARTICLE_THREE
    assert [u["unit_code"] for u in sessions[data.GOVERNMENT_FLAG]["result"]["elected_units"]] == ["DTG"]

    # The leader's annual report tells the article's year; one unit sent its annual report twice.
    listed = _ok(
        client.get(
            f"{API}/campaigns/{demo.campaign_id}/reports",
            params={"kind": "annual", "all_versions": "true", "limit": 100},
            headers=office,
        )
    )["items"]
    assert len(listed) == 17
    leader_report = next(r for r in listed if r["unit_code"] == data.LEADER_CODE)
    text = " ".join(s["body"] for s in leader_report["sections"])
    assert "Giao ước thi đua" in text and data.THEME in text and "nông thôn mới" in text
    assert sorted(r["version"] for r in listed if r["unit_code"] == "TC") == [1, 2]

    # Closed: the year refuses changes, a unit's report included.
    refused = client.post(
        f"{API}/campaigns/{demo.campaign_id}/reports",
        json={
            "unit_id": leader_report["unit_id"],
            "kind": "annual",
            "title": "Báo cáo bổ sung",
            "sections": [{"heading": "I", "body": "…"}],
        },
        headers=login(data.officer_username(data.LEADER_CODE), PASSWORD),
    )
    assert refused.status_code == 409 and refused.json()["code"] == "campaign_closed", refused.text


def test_the_ministry_flag_was_counted_on_paper_the_government_flag_electronic(
    demo, client, login, session_factory
):
    codes = _codes(session_factory)
    member = login(data.officer_username("TC"), PASSWORD)
    listed = _ok(
        client.get(f"{API}/voting-sessions", params={"campaign_id": demo.campaign_id}, headers=member)
    )["items"]
    by_title = {s["title_code"]: s for s in listed}
    ministry = _ok(
        client.get(f"{API}/voting-sessions/{by_title[data.MINISTRY_FLAG]['id']}/results", headers=member)
    )
    government = _ok(
        client.get(f"{API}/voting-sessions/{by_title[data.GOVERNMENT_FLAG]['id']}/results", headers=member)
    )
    assert [codes[u] for u in ministry["elected"]] == data.MINISTRY_FLAG_ELECTED
    assert [codes[u] for u in government["elected"]] == data.GOVERNMENT_FLAG_ELECTED

    with session_factory() as s:
        held = s.scalars(select(Conference).where(Conference.campaign_id == demo.campaign_id)).one()
        paper = s.get(VotingSession, by_title[data.MINISTRY_FLAG]["id"])
        electronic = s.get(VotingSession, by_title[data.GOVERNMENT_FLAG]["id"])
        assert paper is not None and electronic is not None
        assert (paper.method, paper.conference_id, paper.one_delegate_per_unit) == ("paper", held.id, False)
        assert (electronic.method, electronic.conference_id, electronic.paper_count) == (
            "electronic",
            held.id,
            None,
        )
        committee = s.scalars(
            select(CountingMember)
            .where(CountingMember.session_id == paper.id)
            .order_by(CountingMember.position)
        ).all()
        assert [m.role for m in committee] == ["head", "member", "member"]
        assert [m.full_name for m in committee] == [name for name, *_ in conference.COUNTING_COMMITTEE]
        entries = s.scalars(select(PaperCount).where(PaperCount.session_id == paper.id)).all()
        assert len(entries) == 2 and len({e.member_id for e in entries}) == 2
        agreed = paper.paper_count
        assert agreed is not None
        for e in entries:
            entered = {
                "issued": e.issued,
                "returned": e.returned,
                "valid": e.valid,
                "invalid": e.invalid,
                "blank": e.blank,
                "invalid_reasons": e.invalid_reasons,
                "votes": e.votes,
            }
            assert entered == agreed
        assert (agreed["issued"], agreed["returned"], agreed["valid"], agreed["blank"]) == (16, 16, 16, 1)
        votes = {codes[u]: n for u, n in agreed["votes"].items()}
        assert (votes["DTG"], votes["KHXHTN"], votes["KHCNKTKT"]) == (14, 13, 11)
        assert len(votes) == 16  # every candidate's votes entered, 0 too
        # The count is the result: the same votes, the article's three elected.
        assert {c["unit_id"]: c["votes"] for c in ministry["candidates"]} == agreed["votes"]


def test_the_conference_of_29_december_2016(demo, session_factory):
    codes = _codes(session_factory)
    with session_factory() as s:
        held = s.scalars(select(Conference).where(Conference.campaign_id == demo.campaign_id)).one()
        assert (held.kind, held.status, held.held_on.isoformat()) == ("year_end", "closed", "2016-12-29")
        assert held.title == conference.TITLE and held.place == conference.PLACE
        assert (
            held.chaired_by is not None and "Phó Vụ trưởng Vụ Phát triển KH&CN địa phương" in held.chaired_by
        )
        assert "Khối trưởng" in held.chaired_by
        conclusions = held.conclusions or ""
        assert "Cờ thi đua của Bộ năm 2016" in conclusions and data.THEME in conclusions
        assert "đưa KH&CN về nông thôn" in conclusions  # the 2017 direction

        agenda = s.scalars(
            select(ConferenceAgendaItem)
            .where(ConferenceAgendaItem.conference_id == held.id)
            .order_by(ConferenceAgendaItem.position)
        ).all()
        assert [a.kind for a in agenda] == [
            "report",
            "discussion",
            "pledge",
            "ballot",
            "ballot",
            "guidance",
            "leadership",
        ]
        linked = [s.get(VotingSession, a.voting_session_id) for a in agenda if a.kind == "ballot"]
        assert [vs.title_code for vs in linked if vs] == [data.MINISTRY_FLAG, data.GOVERNMENT_FLAG]
        assert "Trần Đắc Hiến" in (agenda[5].speaker or "")

        (guest,) = s.scalars(select(ConferenceGuest).where(ConferenceGuest.conference_id == held.id)).all()
        assert (guest.full_name, guest.position, guest.attended, guest.speaks) == (
            "Trần Đắc Hiến",
            "Phó Chủ tịch Hội đồng Thi đua, Khen thưởng Bộ KH&CN",
            True,
            True,
        )

        delegates = s.scalars(
            select(ConferenceDelegate).where(ConferenceDelegate.conference_id == held.id)
        ).all()
        assert len(delegates) == 32 and all(d.checked_in_at is not None for d in delegates)
        assert sorted({codes[d.unit_id] for d in delegates}) == sorted(code for code, *_ in data.UNITS)
        officers = {u.id: u.username for u in s.scalars(select(User))}
        for code, *_ in data.UNITS:
            mine = [d for d in delegates if codes[d.unit_id] == code]
            voting = [d for d in mine if d.voting]
            assert len(mine) == 2 and len(voting) == 1
            assert officers[voting[0].user_id or ""] == data.officer_username(code)

        leadership = s.scalars(
            select(ConferenceLeadership).where(ConferenceLeadership.conference_id == held.id)
        ).one()
        assert (leadership.year, leadership.method) == (2017, "election")
        assert (codes[leadership.leader_unit_id], codes[leadership.deputy_unit_id or ""]) == ("DTG", "KHXHTN")
        # Next year's membership is not made up: the draft is derived from the leadership row.
        assert not s.scalar(select(func.count()).select_from(BlocMember).where(BlocMember.year == 2017))


def test_the_leaders_year_report_with_the_members_additions(demo, session_factory):
    codes = _codes(session_factory)
    with session_factory() as s:
        held = s.scalars(select(Conference).where(Conference.campaign_id == demo.campaign_id)).one()
        report = s.scalars(select(YearReport).where(YearReport.campaign_id == demo.campaign_id)).one()
        assert (report.status, report.current_version, report.adopted_version) == ("adopted", 3, 3)
        assert report.adopted_conference_id == held.id and report.adopted_at is not None
        versions = s.scalars(
            select(YearReportVersion)
            .where(YearReportVersion.report_id == report.id)
            .order_by(YearReportVersion.number)
        ).all()
        assert [v.number for v in versions] == [1, 2, 3]
        for v in versions:
            assert [sec["key"] for sec in v.sections] == ["results", "evaluation", "direction"]
        direction = versions[0].sections[2]["body"]
        assert data.THEME in direction and "Chỉ thị số 34-CT/TW" in direction

        contributions = s.scalars(
            select(YearReportContribution)
            .where(YearReportContribution.report_id == report.id)
            .order_by(YearReportContribution.created_at)
        ).all()
        assert [(codes[c.unit_id], c.status, c.applied_in_version) for c in contributions] == [
            ("VP", "accepted", 2),
            ("TCCB", "accepted", 3),
            ("CCTPN", "declined", None),
        ]
        declined = contributions[2]
        assert declined.reply and declined.answered_at is not None
        # Each accepted addition is its version's new paragraph; the declined one is nowhere.
        for contribution, before, after in zip(contributions[:2], versions[:2], versions[1:], strict=True):
            assert after.contribution_id == contribution.id
            key = contribution.section_key
            old = next(sec["body"] for sec in before.sections if sec["key"] == key)
            new = next(sec["body"] for sec in after.sections if sec["key"] == key)
            assert new == f"{old}\n\n{contribution.text}"
        assert all(declined.text not in sec["body"] for sec in versions[2].sections)
