"""Every file a `?format=` operation gives also has an operation of its own, with that one media type.

A client generated from the document (openapi-python-client, for one) reads a response by the first media
type the document lists: an operation that answers JSON or a file by `?format=` gets its file parsed as
JSON. So each file format has a sibling operation, `<path>.<ext>`, declaring only its binary media type
and admitting exactly whom the `?format=` operation admits; here both give the same file.
"""

from __future__ import annotations

import io
import uuid
from typing import Any

import pytest
from docx import Document
from fastapi import FastAPI
from openpyxl import load_workbook

from app.core import media_types
from app.core.policy import route_policies
from tests.support.builders import BlocYear, Builders
from tests.support.problems import problem

EXTENSIONS = {media_types.CSV: "csv", media_types.XLSX: "xlsx", media_types.DOCX: "docx"}
# The query parameters an operation requires (its path names no object).
QUERY = {"/api/v1/statistics/commendations": {"year": "2016"}}
BINARY = {"schema": {"type": "string", "format": "binary"}}


def _formats(spec: dict[str, Any]) -> dict[str, list[str]]:
    """Each GET path whose 200 offers files beside JSON, with the file media types it offers."""
    found = {}
    for path, item in spec["paths"].items():
        ok = item.get("get", {}).get("responses", {}).get("200", {})
        files = [t for t in ok.get("content", {}) if t in EXTENSIONS]
        if files and "application/json" in ok["content"]:
            found[path] = files
    return found


def test_every_file_format_has_an_operation_of_its_own(app: FastAPI) -> None:
    spec = app.openapi()
    formats = _formats(spec)
    assert {
        "/api/v1/campaigns/{campaign_id}/summary",
        "/api/v1/campaigns/{campaign_id}/ranking",
        "/api/v1/campaigns/{campaign_id}/criteria",
        "/api/v1/units/{unit_id}/people",
        "/api/v1/statistics/commendations",
    } <= set(formats)
    policies = {(rp.method, rp.path): rp.policy for rp in route_policies(app)}
    for path, files in formats.items():
        for media_type in files:
            own = f"{path}.{EXTENSIONS[media_type]}"
            assert own in spec["paths"], f"{own} is missing"
            ok = spec["paths"][own]["get"]["responses"]["200"]
            assert ok["content"] == {media_type: BINARY}, own
            assert "Content-Disposition" in ok["headers"]
            assert policies[("GET", own)] == policies[("GET", path)], own


@pytest.fixture
def stage(build: Builders) -> BlocYear:
    y = BlocYear(build, criteria=True)
    build.person(y.c, full_name="Phạm Thị Hoa")
    return y


def _same_file(by_format: Any, own: Any, media_type: str) -> None:
    assert (own.status_code, by_format.status_code) == (200, 200)
    assert own.headers["content-type"] == by_format.headers["content-type"]
    assert own.headers["content-disposition"] == by_format.headers["content-disposition"]
    if media_type == media_types.CSV:
        assert own.content == by_format.content
    elif media_type == media_types.XLSX:
        a, b = load_workbook(io.BytesIO(own.content)), load_workbook(io.BytesIO(by_format.content))
        assert a.sheetnames == b.sheetnames
        for title in a.sheetnames:
            assert a[title].max_row == b[title].max_row and a[title].max_column == b[title].max_column
    else:
        a_doc, b_doc = Document(io.BytesIO(own.content)), Document(io.BytesIO(by_format.content))
        assert [t.text for t in a_doc.paragraphs] == [t.text for t in b_doc.paragraphs]


def test_each_file_operation_gives_the_file_of_its_format(app: FastAPI, stage: BlocYear) -> None:
    y = stage
    ids = {"campaign_id": y.cid, "unit_id": y.c}
    for path, files in _formats(app.openapi()).items():
        url, query = path.format(**ids), QUERY.get(path, {})
        for media_type in files:
            ext = EXTENSIONS[media_type]
            by_format = y.client.get(url, params={**query, "format": ext}, headers=y.secretariat)
            own = y.client.get(f"{url}.{ext}", params=query, headers=y.secretariat)
            _same_file(by_format, own, media_type)
            problem(y.client.get(f"{url}.{ext}", params=query), 401, "not_authenticated")
            if "{" in path:
                unknown = path.format(**{k: str(uuid.uuid4()) for k in ids})
                problem(y.client.get(f"{unknown}.{ext}", headers=y.secretariat), 404, "not_found")
