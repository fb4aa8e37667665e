"""Pure rules of score sheets: who may write, submit, return, read and list them; what a rewrite changed;
and the errors the sheet use cases raise. No I/O: ``app.scoring.sheets`` and ``app.scoring.bulk`` feed
them what they read (once per request), so the single-sheet and bulk endpoints decide alike.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.core.errors import Conflict, Forbidden, Invalid, NotFound
from app.models import SheetStatus
from app.scoring.tree import CriteriaTree, from_centi

STAGES = ("self", "review")
SCORES_WRITE = "scores:write"

# criterion code -> (centi-points, note)
Scored = dict[str, tuple[int, str | None]]


@dataclass(frozen=True)
class Entry:
    criterion: str
    points_centi: int
    note: str | None = None


@dataclass(frozen=True)
class Rights:
    """What a principal may do with one campaign's sheets."""

    secretariat: bool = False
    observer: bool = False
    leader: bool = False  # an officer of the unit leading or deputising the bloc that year
    member: bool = False  # an officer of (or a scores:write client bound to) a member unit that year
    acts_for: str | None = None  # the officer's unit, or the unit a scores:write client is bound to
    home_unit: str | None = None  # the principal's own unit: never reviewed by it


# ---- pure rules ---------------------------------------------------------------------------------------


def write_refusal(rights: Rights, unit_id: str, stage: str) -> str | None:
    """None when ``rights`` may write (and submit) ``unit_id``'s ``stage`` sheet, else the error code."""
    if stage == "review":
        if not (rights.secretariat or rights.leader):
            return "forbidden"
        return "conflict_of_interest" if rights.home_unit == unit_id else None
    return None if rights.secretariat or rights.acts_for == unit_id else "forbidden"


def return_refusal(rights: Rights, unit_id: str, stage: str) -> str | None:
    """The leader and the secretariat return (reopen) submitted sheets, never one of their own unit,
    whatever its stage: reopening its own self-assessment after seeing the others' would let a unit
    rescore itself past the lock, which is what the reviewers' return exists to control."""
    del stage  # the same rule for every stage
    if not (rights.secretariat or rights.leader):
        return "forbidden"
    return "conflict_of_interest" if rights.home_unit == unit_id else None


def may_read(rights: Rights, unit_id: str, status: SheetStatus) -> bool:
    """Drafts and returned sheets: the unit's own, the leader, secretariat, observers. Submitted sheets:
    also every member of the bloc that year."""
    if rights.secretariat or rights.observer or rights.leader or rights.acts_for == unit_id:
        return True
    return status == SheetStatus.SUBMITTED and rights.member


def list_scope(rights: Rights) -> tuple[bool, str | None]:
    """(may list, only this unit's sheets or None for all)."""
    if rights.secretariat or rights.observer or rights.leader:
        return True, None
    if rights.member:
        return True, rights.acts_for
    return False, None


def changes_between(
    old: Mapping[str, tuple[int, str | None]], new: Mapping[str, tuple[int, str | None]]
) -> dict[str, Any]:
    """The audit's view of a rewrite: ``{"changes": {code: [old, new]}, "notes": {code: [old, new]}}``,
    points in points and notes as text (None where an item was or becomes unscored, or had or has no
    note); empty when nothing changed."""
    changes: dict[str, list[float | None]] = {}
    notes: dict[str, list[str | None]] = {}
    for code, (points, note) in new.items():
        before = old.get(code)
        if before is None or before[0] != points:
            changes[code] = [None if before is None else from_centi(before[0]), from_centi(points)]
        old_note = None if before is None else before[1]
        if old_note != note:
            notes[code] = [old_note, note]
    for code, (points, note) in old.items():
        if code not in new:
            changes[code] = [from_centi(points), None]
            if note is not None:
                notes[code] = [note, None]
    out: dict[str, Any] = {}
    if changes:
        out["changes"] = changes
    if notes:
        out["notes"] = notes
    return out


def in_tree_order(tree: CriteriaTree, scored: Mapping[str, tuple[int, str | None]]) -> list[Entry]:
    """Entries in the criteria's order; codes the tree no longer has (a draft written before the criteria
    changed) come last, by code."""
    order = {code: i for i, code in enumerate(tree.nodes)}
    codes = sorted(scored, key=lambda c: (c not in order, order.get(c, 0), c))
    return [Entry(code, scored[code][0], scored[code][1]) for code in codes]


def stored_entry_errors(
    tree: CriteriaTree, scored: Mapping[str, tuple[int, str | None]]
) -> list[dict[str, Any]]:
    """Problems of stored entries against the current tree, located by criterion code."""
    entries = in_tree_order(tree, scored)
    errors = tree.entry_errors([(e.criterion, e.points_centi) for e in entries], loc_prefix=("entries",))
    for error in errors:
        error["loc"][1] = entries[error["loc"][1]].criterion
    return errors


def missing_errors(missing: Sequence[str], loc_prefix: Sequence[Any]) -> list[dict[str, Any]]:
    return [
        {
            "loc": [*loc_prefix, code],
            "msg": f"required item {code!r} is not scored",
            "type": "required_unscored",
        }
        for code in missing
    ]


# ---- errors -------------------------------------------------------------------------------------------


def refusal_error(code: str, errors: list[dict[str, Any]] | None = None) -> Forbidden:
    if code == "conflict_of_interest":
        return Forbidden(
            "Nobody reviews their own unit's sheet (conflict of interest).",
            code="conflict_of_interest",
            detail_vi="Không ai được chấm điểm thẩm định hoặc trả lại bảng điểm của chính đơn vị mình.",
            errors=errors,
        )
    return Forbidden(
        "You may not write or submit this sheet.",
        detail_vi="Bạn không được ghi hoặc nộp bảng điểm này.",
        errors=errors,
    )


def sheet_locked(errors: list[dict[str, Any]] | None = None) -> Conflict:
    return Conflict(
        "The sheet is submitted and locked; it can change only after it is returned.",
        code="sheet_locked",
        detail_vi="Bảng điểm đã nộp và bị khóa; chỉ sửa được sau khi bị trả lại.",
        errors=errors,
    )


def criteria_not_set() -> Conflict:
    return Conflict(
        "The campaign has no criteria yet; nothing can be submitted.",
        code="criteria_not_set",
        detail_vi="Phong trào thi đua chưa có bảng tiêu chí; chưa thể nộp bảng điểm.",
    )


def required_unscored(errors: list[dict[str, Any]], missing: list[str] | None = None) -> Invalid:
    return Invalid(
        "Required items are not scored.",
        code="required_unscored",
        detail_vi="Còn tiêu chí bắt buộc chưa được chấm điểm.",
        errors=errors,
        extra={"missing": missing} if missing is not None else None,
    )


def not_found() -> NotFound:
    return NotFound("No such score sheet.", detail_vi="Không tìm thấy bảng điểm.")


def invalid_transition(detail: str) -> Conflict:
    return Conflict(
        detail,
        code="invalid_transition",
        detail_vi="Không thể chuyển bảng điểm sang trạng thái này từ trạng thái hiện tại.",
    )
