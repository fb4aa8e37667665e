"""`thidua demo`: the 2016 scenario of "Khối thi đua cơ quan Bộ", loaded and read back through the API."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from typer.testing import CliRunner

from app.core.config import get_settings
from app.demo import data, loader
from app.models import AuditEvent, Base, Unit

DEMO_PASSWORD = "demo-password-for-tests"


def _load(session_factory: Any, passwords: Any) -> loader.DemoResult:
    with session_factory() as s:
        result = loader.load(s, passwords, DEMO_PASSWORD)
        s.commit()
    return result


def _row_counts(session_factory: Any) -> dict[str, int]:
    with session_factory() as s:
        return {
            name: s.scalar(select(func.count()).select_from(table))
            for name, table in Base.metadata.tables.items()
        }


def test_demo_loads_the_2016_scenario(client, session_factory, passwords, login):
    result = _load(session_factory, passwords)
    assert result.created == {
        "units": 16,
        "blocs": 1,
        "bloc_members": 16,
        "campaigns": 1,
        "pledges": 1,
        "pledge_signatures": 16,
        "users": 17,
        # The year's criteria (22 nodes), every unit's self and review sheet, and reports: 16 mid-year, 17
        # annual (one unit sent its annual report twice) (app/demo/scores.py, reports.py).
        "criteria": 22,
        "score_sheets": 32,
        "reports": 33,
        # The conference of 29/12/2016 (app/demo/conference.py): two delegates per unit, the guest, the
        # agenda, 2017's leadership; the leader's year report, 3 versions, 3 members' additions.
        "conferences": 1,
        "conference_guests": 1,
        "conference_delegates": 32,
        "conference_leadership": 1,
        "conference_agenda_items": 7,
        "year_reports": 1,
        "year_report_versions": 3,
        "year_report_contributions": 3,
        # The ministry flag on paper (a counting committee of 3, two agreeing entries, no electronic ballot),
        # the Government flag electronic.
        "voting_sessions": 2,
        "counting_members": 3,
        "paper_counts": 2,
        "ballots": 16,
        "awards": 418,  # the conference's 4, and 414 titles of people (app/demo/people.py)
        "people": 146,
        "employments": 149,
        "assessments": 449,  # 433 of people, 16 of units
        "achievements": 39,
        "exclusions": 3,
        # The procedure after the conference (app/demo/procedure.py); no documents without a store.
        "councils": 1,
        "council_members": 15,
        "proposals": 4,
        "proposal_transitions": 19,
        "council_sessions": 1,
        "council_ballots": 15,
        "decision_registers": 1,
        "decisions": 2,
        "campaigns_closed": 1,
    }
    secretariat = login(data.SECRETARIAT_USERNAME, DEMO_PASSWORD)

    units = client.get("/api/v1/units", params={"limit": 100}, headers=secretariat).json()["items"]
    assert sorted(u["code"] for u in units) == sorted(code for code, *_ in data.UNITS)
    by_code = {u["code"]: u for u in units}
    assert by_code["DTG"]["name"] == "Vụ Đánh giá, Thẩm định và Giám định công nghệ"

    members = client.get(f"/api/v1/blocs/{result.bloc_id}/years/2016/members", headers=secretariat).json()
    assert len(members["members"]) == 16
    leaders = [m["unit_id"] for m in members["members"] if m["role"] == "leader"]
    assert leaders == [by_code["PTDP"]["id"]]

    campaign = client.get(f"/api/v1/campaigns/{result.campaign_id}", headers=secretariat).json()
    assert campaign["year"] == 2016 and campaign["theme"] == "Nâng cao trách nhiệm – Phối hợp hiệu quả"

    pledge = client.get(f"/api/v1/campaigns/{result.campaign_id}/pledge", headers=secretariat).json()
    assert len(pledge["signatures"]) == 16 and pledge["unsigned_unit_ids"] == []

    # Each unit's officer logs in; the leader's officer sees its leadership of 2016.
    leader = login(data.officer_username("PTDP"), DEMO_PASSWORD)
    me = client.get("/api/v1/auth/me", headers=leader).json()
    assert me["unit_id"] == by_code["PTDP"]["id"]
    assert me["memberships"] == [
        {"year": 2016, "bloc_id": result.bloc_id, "role": "leader", "campaign_id": result.campaign_id}
    ]
    member = client.get("/api/v1/auth/me", headers=login(data.officer_username("DTG"), DEMO_PASSWORD)).json()
    assert member["memberships"][0]["role"] == "member"

    # The conference's awards, decided: the article's three ministry flags and one government flag. (By
    # title: the year's awards hold the people's titles too.)
    awards = [
        award
        for title_code in (data.MINISTRY_FLAG, data.GOVERNMENT_FLAG)
        for award in client.get(
            "/api/v1/awards", params={"year": 2016, "title_code": title_code}, headers=leader
        ).json()["items"]
    ]
    got = sorted((a["title_code"], a["unit_code"], a["status"], a["decision_number"]) for a in awards)
    assert got == [
        ("co_thi_dua_bo", "DTG", "decided", "245/QĐ-BKHCN"),
        ("co_thi_dua_bo", "KHCNKTKT", "decided", "245/QĐ-BKHCN"),
        ("co_thi_dua_bo", "KHXHTN", "decided", "245/QĐ-BKHCN"),
        ("co_thi_dua_chinh_phu", "DTG", "decided", "1054/QĐ-TTg"),
    ]


def test_demo_election_history_is_a_real_count(client, session_factory, passwords):
    """The stored results are the count of the conference's ballots: the ministry flag's paper ballots as
    its counting committee's two agreeing entries counted them (no electronic ballot, nobody on record as
    having voted electronically), the Government flag's secret electronic ballots (none names its voter)."""
    from app.models import Ballot, BallotVoter, CountingMember, PaperCount, SessionCandidate, VotingSession
    from app.voting.tally import Rules, tally

    result = _load(session_factory, passwords)
    with session_factory() as s:
        sessions = s.scalars(
            select(VotingSession)
            .where(VotingSession.campaign_id == result.campaign_id)
            .order_by(VotingSession.opened_at)
        ).all()
        assert [(vs.title_code, vs.status, vs.secret, vs.method) for vs in sessions] == [
            ("co_thi_dua_bo", "published", True, "paper"),
            ("co_thi_dua_chinh_phu", "published", True, "electronic"),
        ]
        codes = {u.id: u.code for u in s.scalars(select(Unit))}
        ids = {code: unit_id for unit_id, code in codes.items()}

        def candidates_of(vs: VotingSession) -> list[str]:
            return list(
                s.scalars(
                    select(SessionCandidate.unit_id)
                    .where(SessionCandidate.session_id == vs.id)
                    .order_by(SessionCandidate.position)
                )
            )

        def count(model: Any, vs: VotingSession) -> int:
            return s.scalar(select(func.count()).select_from(model).where(model.session_id == vs.id))

        ministry, government = sessions
        # On paper: the committee's count of the paper ballots, the same in both entries; no ballot row.
        assert count(Ballot, ministry) == count(BallotVoter, ministry) == 0
        assert count(CountingMember, ministry) == 3
        paper = ministry.paper_count
        assert paper is not None
        entries = s.scalars(select(PaperCount).where(PaperCount.session_id == ministry.id)).all()
        assert len(entries) == 2
        for e in entries:
            assert (e.issued, e.returned, e.valid, e.invalid, e.blank) == (16, 16, 16, 0, 1)
            assert e.votes == paper["votes"] and e.invalid_reasons == paper["invalid_reasons"] == []
        candidates = candidates_of(ministry)
        paper_ballots = [[ids[c] for c in ballot] for ballot in data.MINISTRY_FLAG_BALLOTS]
        recount = tally(candidates, 16, paper_ballots, Rules(seats=ministry.seats))
        assert ministry.result == recount.as_dict()
        assert paper["votes"] == {c.unit_id: c.votes for c in recount.candidates}
        assert {codes[u]: n for u, n in paper["votes"].items() if n} == {
            "DTG": 14,
            "KHXHTN": 13,
            "KHCNKTKT": 11,
            "CNC": 3,
            "VP": 2,
            "TTRA": 1,
            "HTQT": 1,
        }
        assert [codes[u] for u in ministry.result["elected"]] == data.MINISTRY_FLAG_ELECTED

        # Electronic and secret: 16 ballots apart from the 16 who voted.
        ballots = s.scalars(select(Ballot).where(Ballot.session_id == government.id)).all()
        assert len(ballots) == 16 and all(b.voter_id is None for b in ballots)
        assert count(BallotVoter, government) == 16 and count(PaperCount, government) == 0
        candidates = candidates_of(government)
        recount = tally(candidates, 16, [b.choices for b in ballots], Rules(seats=government.seats))
        assert government.result == recount.as_dict() and government.paper_count is None
        assert [codes[u] for u in government.result["elected"]] == data.GOVERNMENT_FLAG_ELECTED
        assert government.candidates_from == {"session_id": ministry.id}
        assert sorted(codes[u] for u in candidates) == ["DTG", "KHCNKTKT", "KHXHTN"]


def test_demo_twice_changes_nothing(client, session_factory, passwords):
    first = _load(session_factory, passwords)
    before = _row_counts(session_factory)
    second = _load(session_factory, passwords)
    assert not second.changed and second.created == {}
    assert _row_counts(session_factory) == before
    assert (second.bloc_id, second.campaign_id) == (first.bloc_id, first.campaign_id)
    with session_factory() as s:
        assert (
            s.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "demo.load"))
            == 1
        )


def test_demo_command_prints_the_logins_and_is_idempotent(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path}/demo.db"
    monkeypatch.setenv("THIDUA_DATABASE_URL", url)
    monkeypatch.setenv("THIDUA_ARGON2_MEMORY_KIB", "1024")
    monkeypatch.setenv("THIDUA_ARGON2_TIME_COST", "1")
    get_settings.cache_clear()
    from app.cli import cli

    runner = CliRunner()
    try:
        first = runner.invoke(cli, ["demo", "--password", "pw-demo-1234"])
        assert first.exit_code == 0, first.output
        assert "loaded the 2016 scenario" in first.output
        assert "canbo.ptdp" in first.output and "thuongtruc.tdkt" in first.output
        assert "pw-demo-1234" in first.output
        second = runner.invoke(cli, ["demo", "--password", "pw-demo-1234"])
        assert second.exit_code == 0 and "nothing changed" in second.output
        only_if_empty = runner.invoke(cli, ["demo", "--if-empty"])
        assert only_if_empty.exit_code == 0 and "already has data" in only_if_empty.output
    finally:
        get_settings.cache_clear()


def test_demo_refuses_production_without_consent(tmp_path, monkeypatch):
    monkeypatch.setenv("THIDUA_DATABASE_URL", f"sqlite:///{tmp_path}/prod.db")
    monkeypatch.setenv("THIDUA_ENV", "production")
    monkeypatch.setenv("THIDUA_JWT_SECRET", "kX9-qa2Rt_7vLm0PzW3yN8bC5dHs1uEo4fG6jQ")
    get_settings.cache_clear()
    from app.cli import cli

    try:
        r = CliRunner().invoke(cli, ["demo"])
        assert r.exit_code == 1 and "production" in r.output
        assert not (tmp_path / "prod.db").exists()
    finally:
        get_settings.cache_clear()
