"""A proposal's dossier through HTTP, on SQLite and PostgreSQL (issue 13 point 2): uploads typed from their
bytes, refusals that store nothing, checksummed downloads only for the proposal's readers, who may change
the dossier in which state, removal kept as history, system-drafted documents, and the missing documents
that block a submission."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any

import docx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from app.models import ProposalDocument
from tests.support.builders import Builders
from tests.support.problems import problem
from tests.support.proposals import URL, ProposalWorld
from tests.support.samples import EXE, docx_file, pdf, png
from tests.support.settings import DOCUMENT_DIR


@pytest.fixture
def w(build: Builders) -> ProposalWorld:
    return ProposalWorld(build)


def _rows(w: ProposalWorld, pid: str) -> int:
    with w.session_factory() as s:
        return int(
            s.scalar(
                select(func.count()).select_from(ProposalDocument).where(ProposalDocument.proposal_id == pid)
            )
            or 0
        )


def _stored(sha256: str) -> Path:
    return DOCUMENT_DIR / "sha256" / sha256[:2] / sha256[2:4] / sha256


def _docs(w: ProposalWorld, pid: str, **params: Any) -> list[dict[str, Any]]:
    r = w.client.get(f"{URL}/{pid}/documents", params=params, headers=w.member)
    assert r.status_code == 200, r.text
    return list(r.json()["items"])


def test_an_upload_is_typed_from_its_bytes_and_stored_by_checksum(w: ProposalWorld) -> None:
    pid = w.proposal()["id"]
    data = pdf()
    r = w.upload(pid, "submission", data, filename="Tờ trình.docx")
    assert r.status_code == 201, r.text
    doc = r.json()
    assert doc["media_type"] == "application/pdf"
    assert doc["filename"] == "Tờ trình.pdf"  # the extension of what the bytes are, not of the name
    assert doc["sha256"] == hashlib.sha256(data).hexdigest() and doc["size_bytes"] == len(data)
    assert doc["doc_type"] == "submission" and doc["item_id"] is None and doc["generated"] is False
    assert doc["uploaded_by"] and doc["uploaded_by_name"] and doc["removed_at"] is None
    assert _stored(doc["sha256"]).read_bytes() == data

    got = w.client.get(doc["content_url"], headers=w.member)
    assert got.status_code == 200 and got.content == data
    assert got.headers["content-type"] == "application/pdf"
    assert "filename*=UTF-8''T%E1%BB%9D%20tr%C3%ACnh.pdf" in got.headers["content-disposition"]
    assert got.headers["cache-control"] == "no-store"


def test_the_same_bytes_in_the_same_place_are_one_document(w: ProposalWorld) -> None:
    pid = w.proposal()["id"]
    first = w.upload(pid, "submission")
    again = w.upload(pid, "submission")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    other_place = w.upload(pid, "review_minutes")
    assert other_place.status_code == 201 and other_place.json()["id"] != first.json()["id"]
    assert other_place.json()["sha256"] == first.json()["sha256"]  # one file on disk, two documents
    assert _rows(w, pid) == 2


@pytest.mark.parametrize("data", [EXE, b"<html><body>to trinh</body></html>", pdf()[:-40]])
def test_another_type_is_415_and_stores_nothing(w: ProposalWorld, data: bytes) -> None:
    pid = w.proposal()["id"]
    body = problem(
        w.upload(pid, "submission", data, filename="to-trinh.pdf"), 415, "unsupported_document_type"
    )
    assert "PDF" in body["detail"] and body["accepted"] == ["PDF", "DOCX", "XLSX", "PNG", "JPEG"]
    assert _rows(w, pid) == 0
    assert not _stored(hashlib.sha256(data).hexdigest()).exists()


@pytest.mark.parametrize("settings_overrides", [{"document_max_bytes": 4096}])
def test_a_document_over_the_limit_is_413_and_stores_nothing(w: ProposalWorld) -> None:
    pid = w.proposal()["id"]
    big = pdf() + b"%" + b"x" * 5000 + b"\n"
    body = problem(w.upload(pid, "submission", big), 413, "document_too_large")
    assert body["limit"] == 4096
    assert _rows(w, pid) == 0 and not _stored(hashlib.sha256(big).hexdigest()).exists()
    vi = w.client.post(
        f"{URL}/{pid}/documents",
        params={"doc_type": "submission"},
        content=big,
        headers={**w.member, "Accept-Language": "vi"},
    )
    assert "vượt quá giới hạn" in problem(vi, 413, "document_too_large")["detail"]


def test_bad_uploads_are_422(w: ProposalWorld) -> None:
    pid = w.proposal()["id"]
    problem(w.upload(pid, "submission", b""), 422, "validation_error")
    problem(w.upload(pid, "no_such_type"), 422, "validation_error")
    problem(w.upload(pid, "achievement_report", item_id="not-an-item"), 422, "validation_error")
    assert _rows(w, pid) == 0


def test_only_the_proposals_readers_see_its_documents(w: ProposalWorld) -> None:
    pid = w.proposal()["id"]
    doc = w.upload(pid, "submission").json()
    for headers in (w.other, w.leader):
        problem(w.client.get(doc["content_url"], headers=headers), 404, "not_found")
        problem(w.client.get(f"{URL}/{pid}/documents", headers=headers), 404, "not_found")
        problem(w.upload(pid, "submission", png(), headers=headers), 404, "not_found")
    assert w.client.get(doc["content_url"], headers=w.observer).status_code == 200
    problem(w.upload(pid, "submission", png(), headers=w.observer), 403, "forbidden")
    assert w.client.get(doc["content_url"], headers=w.head).status_code == 200
    problem(w.client.get(f"{URL}/{pid}/documents/nope/content", headers=w.member), 404, "not_found")
    assert _rows(w, pid) == 1


def test_a_tampered_file_is_never_served(w: ProposalWorld) -> None:
    pid = w.proposal()["id"]
    data = png()
    doc = w.upload(pid, "submission", data).json()
    path = _stored(doc["sha256"])
    original = path.read_bytes()
    path.chmod(0o640)
    path.write_bytes(original[:-1] + bytes([original[-1] ^ 1]))
    try:
        with TestClient(w.client.app, raise_server_exceptions=False) as plain:
            r = plain.get(doc["content_url"], headers=w.member)
        assert r.status_code == 500
        assert r.content != data and original[-20:] not in r.content
        assert r.headers["content-type"] == "application/problem+json"
    finally:
        path.write_bytes(original)


def test_who_may_change_the_dossier_depends_on_the_state(w: ProposalWorld) -> None:
    pid = w.proposal()["id"]
    w.moved(pid, "submit", w.member)
    body = problem(w.upload(pid, "submission", png()), 409, "dossier_locked")
    assert body["current_status"] == "submitted"
    office = w.upload(pid, "other", png(), headers=w.secretariat)
    assert office.status_code == 201
    problem(w.client.delete(f"{URL}/{pid}/documents/{office.json()['id']}", headers=w.member), 409)


def test_a_removed_document_stays_as_history_and_is_missing_again(w: ProposalWorld) -> None:
    pid = w.proposal()["id"]
    w.complete_dossier(pid)
    submission = next(d for d in _docs(w, pid) if d["doc_type"] == "submission")
    assert w.client.delete(f"{URL}/{pid}/documents/{submission['id']}", headers=w.member).status_code == 204
    assert all(d["id"] != submission["id"] for d in _docs(w, pid))
    removed = next(d for d in _docs(w, pid, include_removed="true") if d["id"] == submission["id"])
    assert removed["removed_at"] is not None
    assert w.client.get(removed["content_url"], headers=w.member).status_code == 200  # history is readable

    refused = problem(w.move(pid, "submit", w.member, dossier=False), 409, "dossier_incomplete")
    assert refused["missing"] == [{"doc_type": "submission", "item_id": None}]
    assert "Submission" in refused["detail"]
    vi = w.client.post(f"{URL}/{pid}/submit", headers={**w.member, "Accept-Language": "vi"})
    assert "Hồ sơ còn thiếu: Tờ trình" in problem(vi, 409, "dossier_incomplete")["detail"]


def test_submission_lists_every_missing_document_per_item(w: ProposalWorld) -> None:
    pid = w.proposal(items=[w.item(), w.item(w.person2)])["id"]
    items = w.read(pid).json()["proposal_items"]
    w.upload(pid, "achievement_report", item_id=items[0]["id"])
    refused = problem(w.move(pid, "submit", w.member, dossier=False), 409, "dossier_incomplete")
    missing = {(m["doc_type"], m["item_id"]) for m in refused["missing"]}
    assert ("submission", None) in missing and ("review_minutes", None) in missing
    assert ("achievement_report", items[1]["id"]) in missing
    assert ("achievement_report", items[0]["id"]) not in missing
    assert w.read(pid).json()["status"] == "draft"


def test_the_system_drafts_the_submission_and_a_report_skeleton(w: ProposalWorld) -> None:
    pid = w.proposal()["id"]
    item = w.read(pid).json()["proposal_items"][0]
    r = w.client.post(f"{URL}/{pid}/drafted-documents", json={"doc_type": "submission"}, headers=w.member)
    assert r.status_code == 201, r.text
    doc = r.json()
    assert doc["generated"] is True and doc["media_type"].endswith("wordprocessingml.document")
    text = "\n".join(
        p.text
        for p in docx.Document(
            io.BytesIO(w.client.get(doc["content_url"], headers=w.member).content)
        ).paragraphs
    )
    assert "TỜ TRÌNH" in text
    report = w.client.post(
        f"{URL}/{pid}/drafted-documents",
        json={"doc_type": "achievement_report", "item_id": item["id"]},
        headers=w.member,
    )
    assert report.status_code == 201 and report.json()["item_id"] == item["id"]
    problem(
        w.client.post(
            f"{URL}/{pid}/drafted-documents", json={"doc_type": "achievement_report"}, headers=w.member
        ),
        422,
    )
    problem(
        w.client.post(f"{URL}/{pid}/drafted-documents", json={"doc_type": "other"}, headers=w.member), 422
    )


def test_an_uploaded_docx_is_a_docx_whatever_its_name(w: ProposalWorld) -> None:
    pid = w.proposal()["id"]
    doc = w.upload(pid, "submission", docx_file(), filename="scan.png").json()
    assert doc["filename"] == "scan.docx" and doc["media_type"].endswith("wordprocessingml.document")
