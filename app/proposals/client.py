"""Submitting a unit's proposal from a folder: ``thidua submit-proposal`` (the typer command in ``app.cli``
only wires this module to the command line).

The folder holds ``proposal.yaml`` (or ``proposal.json``): the year, the title, the items (as the API takes
them) and the documents of the dossier, each a file of the folder with its type, for the whole proposal or
for one item::

    year: 2016
    title: Đề nghị tặng danh hiệu Chiến sĩ thi đua cấp Bộ năm 2016
    documents:
      - {file: to-trinh.pdf, doc_type: submission}
      - {file: bien-ban.pdf, doc_type: review_minutes}
    items:
      - person_id: 7f0c…
        title_code: chien_si_thi_dua_cap_bo
        achievements: …
        documents:
          - {file: bao-cao.docx, doc_type: achievement_report}

Safe to repeat: the proposal is created under an ``Idempotency-Key`` derived from the unit and what the
file says (a second run finds the first run's proposal), a document sent again into the same place of the
dossier is the document already there, and a submission already made is not made again. The script
authenticates as the unit's service client (scope ``proposals:write``), ``app.core.script_client``
retries what may succeed on a second try.

Exit codes: 0 submitted; 1 refused by the server (e.g. the dossier lacks a document, named); 2 bad folder or
settings; 3 gave up after the retries.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import httpx
import yaml

from app.core.script_client import InputError, ScriptClient, canonical_json, credentials, run_command
from app.locale import _

USER_AGENT = "thidua-submit-proposal/1"
FILES = ("proposal.yaml", "proposal.yml", "proposal.json")
FIELDS = ("year", "title", "items", "documents")
ITEM_DOCUMENTS = "documents"
# The proposer may add documents and submit while the proposal is in these states.
OPEN_STATES = ("draft", "returned")
MAX_FILE_BYTES = 20 * 1024 * 1024  # the server's default THIDUA_DOCUMENT_MAX_BYTES; the server decides


@dataclass(frozen=True)
class Document:
    path: Path
    doc_type: str
    item: int | None  # the item's position (1-based), None: the whole proposal

    def sha256(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class Folder:
    """What the folder says: the proposal's body (as the API takes it) and its documents."""

    unit_id: str
    body: dict[str, Any]
    documents: tuple[Document, ...]

    def idempotency_key(self) -> str:
        """sha256 of (unit, the proposal's body as canonical JSON): the same folder sent again—by a retry
        or by running the command again—finds the proposal the first run made."""
        return hashlib.sha256(canonical_json([self.unit_id, self.body]).encode()).hexdigest()


def _read(folder: Path) -> dict[str, Any]:
    if not folder.is_dir():
        raise InputError(_("{path}: not a folder").format(path=folder))
    found = [folder / name for name in FILES if (folder / name).is_file()]
    if not found:
        raise InputError(_("{path}: no proposal.yaml or proposal.json in the folder").format(path=folder))
    path = found[0]
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, yaml.YAMLError) as exc:
        raise InputError(_("{path}: cannot read: {error}").format(path=path, error=exc)) from exc
    if not isinstance(data, dict):
        raise InputError(
            _("{path}: expected an object with year, title, items and documents").format(path=path)
        )
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise InputError(
            _("{path}: unknown field(s) {unknown}; allowed: {allowed}").format(
                path=path, unknown=", ".join(unknown), allowed=", ".join(FIELDS)
            )
        )
    return data


def _documents(folder: Path, listed: Any, item: int | None) -> list[Document]:
    if listed is None:
        return []
    if not isinstance(listed, list):
        raise InputError(_("documents must be a list of {{file, doc_type}}").format())
    out = []
    for entry in listed:
        if not isinstance(entry, dict) or set(entry) != {"file", "doc_type"}:
            raise InputError(_("each document is {{file, doc_type}}, got {entry}").format(entry=entry))
        path = (folder / str(entry["file"])).resolve()
        if folder.resolve() not in path.parents or not path.is_file():
            raise InputError(_("{file}: no such file in the folder").format(file=entry["file"]))
        if path.stat().st_size > MAX_FILE_BYTES:
            raise InputError(_("{file}: larger than 20 MiB").format(file=entry["file"]))
        out.append(Document(path, str(entry["doc_type"]), item))
    return out


def load_folder(folder: Path, unit_id: str) -> Folder:
    data = _read(folder)
    items = data.get("items") or []
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise InputError(_("items must be a list of objects"))
    documents = _documents(folder, data.get("documents"), None)
    bare_items = []
    for position, item in enumerate(items, start=1):
        documents += _documents(folder, item.get(ITEM_DOCUMENTS), position)
        bare_items.append({k: v for k, v in item.items() if k != ITEM_DOCUMENTS})
    body = {"unit_id": unit_id, "year": data.get("year"), "title": data.get("title"), "items": bare_items}
    return Folder(unit_id=unit_id, body=body, documents=tuple(documents))


@dataclass(frozen=True)
class Submitted:
    id: str
    round: int
    documents: int
    already: bool  # an earlier run had submitted it

    def message(self) -> str:
        if self.already:
            return _("proposal {id} was already submitted (round {round}); nothing was sent again").format(
                id=self.id, round=self.round
            )
        return _("submitted proposal {id} (round {round}) with {documents} document(s)").format(
            id=self.id, round=self.round, documents=self.documents
        )


@dataclass
class ProposalClient(ScriptClient):
    """Creates, completes and submits a unit's proposal as one service client."""

    user_agent: str = USER_AGENT

    def submit(self, folder: Folder) -> Submitted:
        with self._http() as http:
            created = self.exchange(
                http,
                "POST",
                "/api/v1/proposals",
                content=json.dumps(folder.body, ensure_ascii=False).encode(),
                headers={"Content-Type": "application/json", "Idempotency-Key": folder.idempotency_key()},
            ).json()
            pid = str(created["id"])
            current = self.exchange(http, "GET", f"/api/v1/proposals/{pid}").json()
            if current["status"] not in OPEN_STATES:
                return Submitted(pid, int(current["round"]), 0, already=True)
            items = {int(i["position"]): str(i["id"]) for i in current["proposal_items"]}
            for doc in folder.documents:
                self._upload(http, pid, doc, items)
            moved = self.exchange(http, "POST", f"/api/v1/proposals/{pid}/submit").json()
        return Submitted(pid, int(moved["round"]), len(folder.documents), already=False)

    def _upload(self, http: httpx.Client, pid: str, doc: Document, items: Mapping[int, str]) -> None:
        params = {"doc_type": doc.doc_type, "filename": doc.path.name}
        if doc.item is not None:
            if doc.item not in items:
                raise InputError(
                    _("a document names item {n}, which the proposal has not").format(n=doc.item)
                )
            params["item_id"] = items[doc.item]
        self.exchange(
            http,
            "POST",
            f"/api/v1/proposals/{pid}/documents",
            content=doc.path.read_bytes(),
            params=params,
            # Same bytes in the same place: the document already there (200), whatever the run.
            headers={"Content-Type": "application/octet-stream"},
        )


def run(
    folder: Path,
    *,
    unit_id: str,
    base_url: str | Callable[[], str],
    env: Mapping[str, str],
    out: IO[str],
    err: IO[str],
    **client_options: Any,
) -> int:
    """``thidua submit-proposal``: returns the exit code; prints the result to ``out``, progress and the
    one-line error to ``err``."""

    def act(log: Callable[[str], None]) -> str:
        client_id, client_secret = credentials(env)
        content = load_folder(folder, unit_id)
        client = ProposalClient(
            base_url=base_url, client_id=client_id, client_secret=client_secret, log=log, **client_options
        )
        return client.submit(content).message()

    return run_command(act, out=out, err=err)
