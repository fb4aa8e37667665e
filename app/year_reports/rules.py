"""The year report's rules that need no database: the sections' order, what a write changes, how an
accepted addition enters the text, and whether an answer repeats the one given."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from app.models import ContributionStatus, ReportSectionKey

SECTION_ORDER = tuple(ReportSectionKey)
MAX_BODY = 50_000
MAX_HEADING = 300
MAX_CONTRIBUTION = 10_000
MAX_REPLY = 5_000
MAX_NOTE = 5_000
MAX_VERSION = 1_000_000  # far past any real report; keeps numbers inside a database integer

DEFAULT_HEADINGS = {
    ReportSectionKey.RESULTS: "Kết quả thực hiện công tác thi đua năm {year}",
    ReportSectionKey.EVALUATION: "Đánh giá chung",
    ReportSectionKey.DIRECTION: "Phương hướng, nhiệm vụ năm {next_year}",
}


def order_problem(keys: Sequence[str]) -> str | None:
    """Why these section keys are not the report's sections, each once in order; None when they are."""
    wanted = [k.value for k in SECTION_ORDER]
    if list(keys) == wanted:
        return None
    return "the sections must be " + ", ".join(wanted) + ", each once and in that order"


def section_text(sections: Sequence[Mapping[str, Any]]) -> list[tuple[str, str, str]]:
    return [(str(s["key"]), str(s["heading"]), str(s["body"])) for s in sections]


def same_text(old: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]]) -> bool:
    """Whether two versions' sections are exactly the same (keys, headings and bodies, in order)."""
    return section_text(old) == section_text(new)


def append_paragraph(sections: Sequence[Mapping[str, Any]], key: str, text: str) -> list[dict[str, Any]]:
    """A copy of ``sections`` with ``text`` appended to section ``key``'s body as a new paragraph (after a
    blank line)."""
    out: list[dict[str, Any]] = []
    for s in sections:
        section = {"key": str(s["key"]), "heading": str(s["heading"]), "body": str(s["body"])}
        if section["key"] == key:
            body = section["body"].rstrip()
            section["body"] = f"{body}\n\n{text.strip()}" if body else text.strip()
        out.append(section)
    return out


def section_body(sections: Sequence[Mapping[str, Any]], key: str) -> str:
    return next((str(s["body"]) for s in sections if s["key"] == key), "")


def repeats_answer(
    *, status: str, reply: str | None, wanted: ContributionStatus, wanted_reply: str | None
) -> bool:
    """Whether an answer to an answered contribution repeats the answer it has (a retry): the same
    decision and the same reply. (An accepted addition's text is not compared: the version it made holds
    what was applied.)"""
    return status == wanted and (reply or None) == (wanted_reply or None)
