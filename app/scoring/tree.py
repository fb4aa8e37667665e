"""Pure rules of a criteria tree and of the entries scored against it. No I/O: the services feed rows.

Points travel as integer hundredths ("centi-points"): 9.5 points is 950. Bonus items add, penalty items
subtract; ``max_total`` is the sum of the standard items.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from app.models import CriterionKind

KINDS = ("standard", "bonus", "penalty")


def to_centi(points: Decimal | float | int | str) -> int:
    """9.5 → 950. Refuses negatives and more than 2 decimals (ValueError)."""
    try:
        value = Decimal(str(points))
    except InvalidOperation as exc:
        raise ValueError("not a number") from exc
    if not value.is_finite():
        raise ValueError("not a finite number")
    if value < 0:
        raise ValueError("points are at least 0")
    centi = value * 100
    if centi != centi.to_integral_value():
        raise ValueError("at most 2 decimals")
    return int(centi)


def from_centi(centi: int) -> float:
    return centi / 100


@dataclass(frozen=True)
class Node:
    code: str
    parent_code: str | None
    title: str
    max_points_centi: int | None  # None for a group
    kind: str | None  # None for a group
    required: bool
    position: int

    @property
    def is_item(self) -> bool:
        return self.max_points_centi is not None


@dataclass(frozen=True)
class Totals:
    standard: int
    bonus: int
    penalty: int

    @property
    def total(self) -> int:
        return self.standard + self.bonus - self.penalty


class CriteriaTree:
    def __init__(self, nodes: Iterable[Node]) -> None:
        self.nodes: dict[str, Node] = {n.code: n for n in sorted(nodes, key=lambda n: n.position)}

    @property
    def items(self) -> list[Node]:
        return [n for n in self.nodes.values() if n.is_item]

    @property
    def max_total_centi(self) -> int:
        return sum(n.max_points_centi or 0 for n in self.items if n.kind == CriterionKind.STANDARD)

    def required_codes(self) -> set[str]:
        return {n.code for n in self.items if n.required}

    def missing_required(self, scored: Iterable[str]) -> list[str]:
        scored_set = set(scored)
        return [n.code for n in self.items if n.required and n.code not in scored_set]

    def entry_errors(
        self, entries: Sequence[tuple[str, int]], *, loc_prefix: Sequence[Any] = ("body", "entries")
    ) -> list[dict[str, Any]]:
        """Problems with (criterion code, centi-points) entries, each naming its entry by index."""
        errors: list[dict[str, Any]] = []
        seen: set[str] = set()
        for i, (code, centi) in enumerate(entries):
            loc = [*loc_prefix, i, "criterion"]
            node = self.nodes.get(code)
            if code in seen:
                errors.append({"loc": loc, "msg": f"criterion {code!r} is scored twice", "type": "duplicate"})
            elif node is None:
                errors.append({"loc": loc, "msg": f"unknown criterion {code!r}", "type": "unknown_criterion"})
            elif not node.is_item:
                errors.append(
                    {"loc": loc, "msg": f"{code!r} is a group; score its items", "type": "group_scored"}
                )
            elif centi < 0 or centi > (limit := node.max_points_centi or 0):
                errors.append(
                    {
                        "loc": [*loc_prefix, i, "points"],
                        "msg": f"points for {code!r} must be between 0 and {from_centi(limit):g}",
                        "type": "out_of_range",
                    }
                )
            seen.add(code)
        return errors

    def totals(self, entries: Mapping[str, int]) -> Totals:
        sums = dict.fromkeys(KINDS, 0)
        for code, centi in entries.items():
            node = self.nodes.get(code)
            if node is not None and node.kind in sums:
                sums[node.kind] += centi
        return Totals(standard=sums["standard"], bonus=sums["bonus"], penalty=sums["penalty"])


# ---- the shape of a tree as submitted (JSON, CSV or XLSX) ----------------------------------------------

MAX_DEPTH = 4
MAX_NODES = 500
MAX_CODE_LENGTH = 32
MAX_TITLE_LENGTH = 500
MAX_POINTS_CENTI = 10_000_000  # 100,000 points per item: 500 items sum to 5e9, kept in 64-bit columns
CODE_CHARS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.")


def code_problem(code: str) -> str | None:
    """Why ``code`` is not a valid criterion code, or None."""
    if not 1 <= len(code) <= MAX_CODE_LENGTH:
        return f"a code has 1 to {MAX_CODE_LENGTH} characters"
    if not set(code) <= CODE_CHARS:
        return "a code uses only the letters A-Z and a-z, digits and dots"
    return None


@dataclass(frozen=True)
class Draft:
    """One node as submitted, before the tree's rules accept it. ``loc`` names it in errors:
    ``("body", "criteria", 0, "children", 1)`` for JSON, ``("body", "row", 7)`` for a file."""

    loc: tuple[Any, ...]
    code: str
    parent_code: str | None
    title: str
    max_points_centi: int | None
    kind: str | None
    required: bool = True


def _problem(loc: Sequence[Any], msg: str, type_: str) -> dict[str, Any]:
    return {"loc": list(loc), "msg": msg, "type": type_}


def tree_errors(drafts: Sequence[Draft], *, link_field: str | None = None) -> list[dict[str, Any]]:
    """How the submitted nodes fail to fit together, in node order.

    Field values (code characters, title length, points, kind) are checked where they are parsed; this
    checks the tree: at most MAX_NODES nodes, unique codes, known parents, a child's code extending its
    parent's ("1" → "1.1" → "1.1.a"), at most MAX_DEPTH levels, groups (nodes with children) without
    max_points or kind, items (nodes without) with both. ``link_field`` is the field holding a node's
    parent (``parent_code`` in files); None names the node itself (nested JSON has no such field).
    """
    if len(drafts) > MAX_NODES:
        extra = drafts[MAX_NODES]
        return [_problem(extra.loc, f"a tree has at most {MAX_NODES} criteria", "too_many")]

    def link(d: Draft) -> list[Any]:
        return [*d.loc, link_field] if link_field else list(d.loc)

    per_node: list[list[dict[str, Any]]] = [[] for _ in drafts]
    first: dict[str, int] = {}
    for i, d in enumerate(drafts):
        if d.code in first:
            msg = f"code {d.code!r} is used twice (also by {_name(drafts[first[d.code]].loc)})"
            per_node[i].append(_problem([*d.loc, "code"], msg, "duplicate_code"))
        else:
            first[d.code] = i

    # A link is sound when the parent exists and the child's code extends it: sound links strictly
    # shorten the code at each step up, so walking them always ends (no cycles).
    sound_parent: dict[int, int] = {}
    has_children: set[int] = set()
    for i, d in enumerate(drafts):
        if d.parent_code is None:
            continue
        parent = first.get(d.parent_code)
        if parent is None:
            msg = f"parent {d.parent_code!r} is not in the tree"
            per_node[i].append(_problem(link(d), msg, "unknown_parent"))
            continue
        has_children.add(parent)
        if d.code.startswith(d.parent_code + ".") and len(d.code) > len(d.parent_code) + 1:
            sound_parent[i] = parent
        else:
            msg = f"a child of {d.parent_code!r} has a code starting with {d.parent_code + '.'!r}"
            per_node[i].append(_problem([*d.loc, "code"], msg, "code_prefix"))

    for i, d in enumerate(drafts):
        if first.get(d.code) != i:
            continue  # a duplicate: already refused
        level, j = 1, i
        while j in sound_parent and level <= MAX_DEPTH:
            j, level = sound_parent[j], level + 1
        if level == MAX_DEPTH + 1 and j not in sound_parent:
            msg = f"a tree has at most {MAX_DEPTH} levels"
            per_node[i].append(_problem(link(d), msg, "too_deep"))
        per_node[i].extend(_kind_errors(d, is_group=i in has_children))
    return [err for errs in per_node for err in errs]


def _kind_errors(d: Draft, *, is_group: bool) -> list[dict[str, Any]]:
    errors = []
    if is_group:
        for field, value in (("max_points", d.max_points_centi), ("kind", d.kind)):
            if value is not None:
                msg = f"{d.code!r} has children, so it is a group: a group has no {field}"
                errors.append(_problem([*d.loc, field], msg, "group_field"))
    else:
        for field, value in (("max_points", d.max_points_centi), ("kind", d.kind)):
            if value is None:
                msg = f"{d.code!r} has no children, so it is an item: an item needs {field}"
                errors.append(_problem([*d.loc, field], msg, "missing"))
    return errors


def _name(loc: Sequence[Any]) -> str:
    if len(loc) >= 3 and loc[-2] == "row":
        return f"row {loc[-1]}"
    return ".".join(str(part) for part in loc[1:])


def canonical_nodes(drafts: Sequence[Draft]) -> list[Node]:
    """The nodes of a tree ``tree_errors`` accepted, positioned in pre-order (a parent before its
    children, siblings in the order submitted), so that equal trees are stored alike."""
    children: dict[str | None, list[Draft]] = {}
    for d in drafts:
        children.setdefault(d.parent_code, []).append(d)
    nodes: list[Node] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        d = stack.pop()
        is_group = d.code in children
        nodes.append(
            Node(
                code=d.code,
                parent_code=d.parent_code,
                title=d.title,
                max_points_centi=None if is_group else d.max_points_centi,
                kind=None if is_group else d.kind,
                required=True if is_group else d.required,
                position=len(nodes),
            )
        )
        stack.extend(reversed(children.get(d.code, [])))
    return nodes


def children_of(tree: CriteriaTree) -> dict[str | None, list[Node]]:
    """Each node's children (top-level nodes under None), in position order."""
    children: dict[str | None, list[Node]] = {}
    for node in tree.nodes.values():
        children.setdefault(node.parent_code, []).append(node)
    return children


def preorder(tree: CriteriaTree) -> list[Node]:
    """Every node reachable from the top, a parent before its children."""
    children = children_of(tree)
    out: list[Node] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(reversed(children.get(node.code, [])))
    return out
