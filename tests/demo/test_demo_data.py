"""The demo's invented data keeps the rules the features enforce and agrees with the article: checked on the
data alone, without a database, by the features' own pure functions."""

from __future__ import annotations

from datetime import date

from app.demo import conference, data, reports, scores
from app.demo.conference_loader import paper_count
from app.demo.scores_loader import nodes
from app.demo.year_report_loader import draft, with_paragraph
from app.scoring.rank_rules import UnitScores, rank
from app.scoring.tree import CriteriaTree, Draft, tree_errors
from app.voting.tally import Rules, tally

CODES = [code for code, *_ in data.UNITS]


def test_the_criteria_are_a_valid_tree_of_100_standard_points() -> None:
    tree = CriteriaTree(nodes())
    drafts = [
        Draft(("row", i), n.code, n.parent_code, n.title, n.max_points_centi, n.kind, n.required)
        for i, n in enumerate(nodes())
    ]
    assert tree_errors(drafts, link_field="parent_code") == []
    assert tree.max_total_centi == 100_00
    kinds = [n.kind for n in tree.items]
    assert kinds.count("bonus") == kinds.count("penalty") == 1
    assert len({n.parent_code for n in tree.items if n.kind == "standard"}) == 5


def test_every_sheet_fits_the_tree_and_the_review_ranks_as_the_conference_voted() -> None:
    tree = CriteriaTree(nodes())
    units = []
    for code in CODES:
        sheets = {}
        for stage in ("self", "review"):
            entries = scores.entries(code, stage)
            assert tree.entry_errors(list(entries.items())) == [], (code, stage)
            assert tree.missing_required(entries) == []
            sheets[stage] = tree.totals(entries)
        assert sheets["self"].total >= sheets["review"].total
        units.append(UnitScores(code, code, code, self_totals=sheets["self"], review_totals=sheets["review"]))
    ranked = rank(units, ["standard_total", "-penalty_total"])
    assert [r.unit_code for r in ranked] == scores.EXPECTED_ORDER
    assert not any(r.tied for r in ranked)
    assert ranked[0].unit_code == data.GOVERNMENT_FLAG_ELECTED[0]
    assert {r.unit_code for r in ranked[:3]} == set(data.MINISTRY_FLAG_ELECTED)


def test_the_paper_count_keeps_the_shared_rules_and_gives_the_article_s_result() -> None:
    ballots = data.MINISTRY_FLAG_BALLOTS
    counted = tally(CODES, len(CODES), ballots, Rules(seats=data.MINISTRY_FLAG_SEATS))
    paper = paper_count(counted, issued=len(CODES))
    assert paper["returned"] <= paper["issued"]
    assert paper["valid"] + paper["invalid"] == paper["returned"]
    assert paper["blank"] <= paper["valid"]
    assert sum(r["count"] for r in paper["invalid_reasons"]) == paper["invalid"]
    assert set(paper["votes"]) == set(CODES)
    assert all(n <= paper["valid"] for n in paper["votes"].values())
    assert sum(paper["votes"].values()) <= paper["valid"] * data.MINISTRY_FLAG_SEATS
    assert {c: n for c, n in paper["votes"].items() if n >= 11} == {"DTG": 14, "KHXHTN": 13, "KHCNKTKT": 11}
    assert counted.elected == data.MINISTRY_FLAG_ELECTED


def test_the_reports_are_on_time() -> None:
    mid_deadline = date.fromisoformat(data.DEADLINES["mid_year_report"])
    annual_deadline = date.fromisoformat(data.DEADLINES["annual_report"])
    assert reports.MID_YEAR_FROM.replace(day=reports.MID_YEAR_FROM.day + 9) <= mid_deadline
    assert reports.ANNUAL_FROM.replace(day=reports.ANNUAL_FROM.day + 9) <= annual_deadline
    assert set(reports.WORK) == set(CODES)
    for code, (_work, assigned, mid_done, done, _comments) in reports.WORK.items():
        assert 0 < mid_done < done <= assigned, code


def test_the_adopted_report_is_the_article_s_text() -> None:
    sections = draft()
    for code, key, text, _proposed, status, _reply, _answered in conference.CONTRIBUTIONS:
        if status == "accepted":
            sections = with_paragraph(sections, key, text)
        assert code in CODES
    text = " ".join(s["body"] for s in sections)
    for phrase in (
        "thí điểm vận hành Phần mềm Quản lý và xử lý văn bản",
        "tạo điều kiện cho cán bộ tham gia học tập nâng cao trình độ",
        "Đoàn kết – Kỷ cương – Trí tuệ – Hiệu quả",
        "Chỉ thị số 34-CT/TW ngày 07/4/2014",
        data.THEME,
        "đưa KH&CN về nông thôn",
    ):
        assert phrase in text, phrase
    declined = [c for c in conference.CONTRIBUTIONS if c[4] == "declined"]
    assert len(declined) == 1 and declined[0][2] not in text
