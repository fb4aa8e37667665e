"""A campaign's criteria tree: the use cases. No FastAPI here; services flush, the route commits.

The tree is replaced whole (JSON, CSV or XLSX) by the leader or the secretariat until a score sheet of
the campaign is first submitted; from then on it is locked, because submitted sheets were checked
against it. Its ETag is a hash of what ``GET`` shows, so equal trees have equal tags and re-sending the
stored tree changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.campaigns import access
from app.core import audit, media_types
from app.core.errors import Conflict, DomainError, Invalid, PreconditionFailed
from app.core.principal import Principal
from app.models import Criterion, ScoreSheet
from app.scoring import criteria_io, repository, subtotals
from app.scoring.tree import CriteriaTree, Node, from_centi, preorder

# The request bodies PUT accepts, by media type (parameters such as charset aside).
SOURCES: dict[str, str] = {
    "application/json": "json",
    media_types.CSV: "csv",
    media_types.XLSX: "xlsx",
}
_PARSERS: dict[str, Callable[[bytes], criteria_io.Parsed]] = {
    "json": criteria_io.parse_json,
    "csv": criteria_io.parse_csv,
    "xlsx": criteria_io.parse_xlsx,
}


class UnsupportedMediaType(DomainError):
    status, code = 415, "unsupported_media_type"


@dataclass(frozen=True)
class CriteriaView:
    campaign_id: str
    tree: CriteriaTree
    locked: bool
    file_stem: str = ""  # the export's file name without its extension; set where a file is made

    @property
    def etag(self) -> str:
        return etag_of(self.tree, locked=self.locked)

    @property
    def max_total(self) -> float:
        return from_centi(self.tree.max_total_centi)


# ---- for other features (score sheets, ranking) ---------------------------------------------------------


def load_tree(session: Session, campaign_id: str) -> CriteriaTree:
    """The campaign's criteria as a pure tree (empty when none is set)."""
    rows = repository.criteria_of(session, campaign_id=campaign_id)
    return CriteriaTree(
        Node(
            code=row.code,
            parent_code=row.parent_code,
            title=row.title,
            max_points_centi=row.max_points_centi,
            kind=row.kind,
            required=row.required,
            position=row.position,
        )
        for row in rows
    )


def criteria_locked(session: Session, campaign_id: str) -> bool:
    """True once any sheet of the campaign has been submitted, even if since returned (a returned sheet
    was submitted, whether or not its ``submitted_at`` was cleared on return)."""
    return repository.any_sheet_submitted(session, campaign_id=campaign_id)


def _lock_sheets(session: Session, campaign_id: str) -> None:
    # Submitting locks the sheet's row before reading the tree, so holding every sheet row of the
    # campaign makes a concurrent submit wait for this replacement, and lets this one see a submit that
    # committed first. (SQLite serialises writers anyway; FOR UPDATE is a no-op there.)
    session.execute(select(ScoreSheet.id).where(ScoreSheet.campaign_id == campaign_id).with_for_update())


# ---- pure rules ---------------------------------------------------------------------------------------


def _content(nodes: list[Node]) -> list[tuple[object, ...]]:
    return [(n.code, n.parent_code, n.title, n.max_points_centi, n.kind, n.required) for n in nodes]


def etag_of(tree: CriteriaTree, *, locked: bool) -> str:
    """A strong ETag from the tree's content (and whether it is locked, which ``GET`` shows too)."""
    payload = json.dumps([_content(preorder(tree)), locked], ensure_ascii=False, separators=(",", ":"))
    return '"' + hashlib.sha256(payload.encode()).hexdigest()[:32] + '"'


def check_if_match(if_match: str | None, etag: str) -> None:
    """RFC 9110 strong comparison: ``*`` always matches (a tree, perhaps empty, always exists)."""
    if if_match is None:
        return
    wanted = {tag.strip() for tag in if_match.split(",")}
    if "*" in wanted or etag in wanted:
        return
    raise PreconditionFailed(
        "If-Match does not match the current criteria; reload them and retry.",
        detail_vi="If-Match không khớp với bộ tiêu chí hiện tại; hãy tải lại và thử lại.",
    )


def _media_type(content_type: str | None) -> tuple[str, dict[str, str]]:
    media, *params = (content_type or "application/json").split(";")
    options = {}
    for param in params:
        name, _, value = param.partition("=")
        options[name.strip().lower()] = value.strip().strip('"').lower()
    return media.strip().lower(), options


def source_of(content_type: str | None) -> str:
    """json | csv | xlsx from the request's Content-Type (none means JSON); 415 for anything else."""
    media, options = _media_type(content_type)
    source = SOURCES.get(media)
    if source is None or options.get("charset", "utf-8") not in ("utf-8", "utf8"):
        raise UnsupportedMediaType(
            "Send the criteria as application/json, text/csv (UTF-8) or an XLSX workbook "
            f"({media_types.XLSX}).",
            detail_vi="Hãy gửi bộ tiêu chí dạng application/json, text/csv (UTF-8) hoặc tệp XLSX.",
        )
    return source


# ---- use cases ----------------------------------------------------------------------------------------


EXPORT_NAME = "Tiêu chí chấm điểm thi đua"


def get(*, session: Session, campaign_id: str) -> CriteriaView:
    campaign = access.get_campaign(session, campaign_id)
    return CriteriaView(
        file_stem=access.file_stem(session, campaign, what=EXPORT_NAME),
        campaign_id=campaign.id,
        tree=load_tree(session, campaign.id),
        locked=criteria_locked(session, campaign.id),
    )


def put(
    *,
    session: Session,
    principal: Principal,
    campaign_id: str,
    content_type: str | None,
    body: bytes,
    if_match: str | None = None,
) -> CriteriaView:
    """Replace the tree. Sending what is stored changes nothing (and is allowed even once locked)."""
    # The campaign row lock serialises writers of one campaign's criteria (and If-Match with them).
    campaign = access.get_campaign(session, campaign_id, for_update=True)
    access.require_active(campaign)
    source = source_of(content_type)
    _lock_sheets(session, campaign.id)
    current = CriteriaView(
        campaign_id=campaign.id,
        tree=load_tree(session, campaign.id),
        locked=criteria_locked(session, campaign.id),
    )
    check_if_match(if_match, current.etag)
    parsed = _PARSERS[source](body)
    if parsed.errors:
        count = len(parsed.errors)
        raise Invalid(
            f"{count} problem(s) in the criteria; each error names the node or row.",
            detail_vi=f"Bộ tiêu chí có {count} lỗi; mỗi lỗi chỉ rõ tiêu chí hoặc dòng.",
            errors=parsed.errors,
        )
    if _content(parsed.nodes) == _content(preorder(current.tree)):
        return current
    if current.locked:
        raise Conflict(
            "A score sheet of this campaign has been submitted: its criteria can no longer be changed.",
            code="criteria_locked",
            detail_vi="Đã có bảng chấm điểm được gửi: không thể thay đổi bộ tiêu chí của phong trào.",
        )
    _replace(session, campaign.id, parsed.nodes)
    tree = CriteriaTree(parsed.nodes)
    view = CriteriaView(campaign_id=campaign.id, tree=tree, locked=False)
    audit.record(
        session,
        actor=principal.actor,
        action="criteria.set",
        object_type="campaign",
        object_id=campaign.id,
        details={
            "campaign_id": campaign.id,
            "source": source,
            "nodes": len(parsed.nodes),
            "items": len(tree.items),
            "max_total": view.max_total,
        },
    )
    return view


def _replace(session: Session, campaign_id: str, nodes: list[Node]) -> None:
    # A bulk delete runs now; the unit of work would insert before deleting and trip the unique code.
    session.execute(delete(Criterion).where(Criterion.campaign_id == campaign_id))
    session.add_all(
        Criterion(
            campaign_id=campaign_id,
            code=node.code,
            parent_code=node.parent_code,
            title=node.title,
            max_points_centi=node.max_points_centi,
            kind=node.kind,
            required=node.required,
            position=node.position,
        )
        for node in nodes
    )
    session.flush()
    # The campaign's sheets are all drafts or returned ones (the tree is locked once one is submitted)
    # and are locked by ``_lock_sheets``: their points per kind now follow the new tree.
    session.execute(subtotals.recompute(campaign_id))
