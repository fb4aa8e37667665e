"""The year report's pure rules: comparing versions, appending an accepted addition, the sections' order,
and what counts as repeating an answer. No database."""

from __future__ import annotations

from app.models import ContributionStatus
from app.year_reports import compare, rules


def _sections(results: str, evaluation: str = "Tốt.", direction: str = "Tiếp tục.") -> list[dict[str, str]]:
    return [
        {"key": "results", "heading": "Kết quả", "body": results},
        {"key": "evaluation", "heading": "Đánh giá", "body": evaluation},
        {"key": "direction", "heading": "Phương hướng", "body": direction},
    ]


def test_paragraphs_are_the_non_blank_lines_stripped() -> None:
    assert compare.paragraphs("  Một.\n\n\tHai. \r\n\nBa.") == ["Một.", "Hai.", "Ba."]
    assert compare.paragraphs("") == []


def test_an_appended_paragraph_shows_as_added_and_the_other_sections_unchanged() -> None:
    old = _sections("Một.\nHai.")
    new = rules.append_paragraph(old, "results", "Bổ sung của Vụ A.")
    assert new[0]["body"] == "Một.\nHai.\n\nBổ sung của Vụ A."
    diffs = compare.compare(old, new)
    assert [d.key for d in diffs] == ["results", "evaluation", "direction"]
    results, evaluation, direction = diffs
    assert not results.unchanged and results.added == ["Bổ sung của Vụ A."] and results.removed == []
    assert results.changes[0].position == 3 and results.unchanged_paragraphs == 2
    assert evaluation.unchanged and direction.unchanged and evaluation.changes == []


def test_an_edited_paragraph_is_removed_then_added_and_a_new_heading_counts_as_a_change() -> None:
    old = _sections("Một.\nHai.\nBa.")
    new = _sections("Một.\nHai (sửa).\nBa.")
    new[1]["heading"] = "Đánh giá chung"
    results, evaluation, _direction = compare.compare(old, new)
    assert [(c.change, c.text, c.position) for c in results.changes] == [
        ("removed", "Hai.", 2),
        ("added", "Hai (sửa).", 2),
    ]
    assert not evaluation.unchanged and evaluation.changes == []
    assert (evaluation.heading_from, evaluation.heading_to) == ("Đánh giá", "Đánh giá chung")


def test_the_same_version_compared_with_itself_is_unchanged() -> None:
    text = _sections("Một.")
    assert all(d.unchanged for d in compare.compare(text, text))


def test_appending_to_an_empty_section_makes_its_only_paragraph() -> None:
    assert rules.append_paragraph(_sections(""), "results", "  Mới.  ")[0]["body"] == "Mới."


def test_the_sections_must_be_the_three_in_order() -> None:
    assert rules.order_problem(["results", "evaluation", "direction"]) is None
    assert rules.order_problem(["evaluation", "results", "direction"]) is not None
    assert rules.order_problem(["results", "results", "direction"]) is not None


def test_same_text_compares_keys_headings_and_bodies() -> None:
    assert rules.same_text(_sections("A"), _sections("A"))
    assert not rules.same_text(_sections("A"), _sections("A "))


def test_repeating_an_answer_is_the_same_decision_and_reply() -> None:
    accepted = ContributionStatus.ACCEPTED
    assert rules.repeats_answer(
        status="accepted", reply="Tiếp thu.", wanted=accepted, wanted_reply="Tiếp thu."
    )
    assert rules.repeats_answer(status="accepted", reply=None, wanted=accepted, wanted_reply=None)
    assert not rules.repeats_answer(status="accepted", reply="A", wanted=accepted, wanted_reply="B")
    assert not rules.repeats_answer(
        status="accepted", reply="A", wanted=ContributionStatus.DECLINED, wanted_reply="A"
    )
