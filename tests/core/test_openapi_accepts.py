"""The document says what the server accepts: where a body model refuses a value the schema would allow (a
``null`` for a field that may only be left out, both of two exclusive fields, a duplicate, a date out of the
records' years), the document refuses it too. Each case is checked against the model and the document."""

from __future__ import annotations

from typing import Any

import jsonschema_rs
import pytest
from fastapi import FastAPI
from pydantic import BaseModel, ValidationError

from app.awards.schemas import AwardCreate
from app.campaigns.schemas import CampaignCreate, CampaignUpdate
from app.units.schemas import UnitUpdate
from app.users.schemas import UserCreate
from app.voting.schemas import CandidatesFrom, RankingSource, SessionUpdate

BLOC = "b" * 8


def _document_accepts(app: FastAPI, name: str, body: dict[str, Any]) -> bool:
    document = app.openapi()
    schema = {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
    return bool(jsonschema_rs.validator_for(schema).is_valid(body))


def _model_accepts(model: type[BaseModel], body: dict[str, Any]) -> bool:
    try:
        model.model_validate(body)
    except ValidationError:
        return False
    return True


CASES = [
    (UnitUpdate, {"active": False}, True),
    (UnitUpdate, {"active": None}, False),
    (UnitUpdate, {"short_name": None}, True),  # null clears it: documented as such
    (AwardCreate, {"unit_id": "u", "title_code": "co_thi_dua_bo", "year": 2016}, True),
    (AwardCreate, {"unit_id": "u", "person_id": "p", "title_code": "co_thi_dua_bo", "year": 2016}, False),
    (AwardCreate, {"unit_id": "u", "person_id": None, "title_code": "co_thi_dua_bo", "year": 2016}, True),
    (AwardCreate, {"title_code": "co_thi_dua_bo", "year": 2016}, False),
    (RankingSource, {"top": 3}, True),
    (RankingSource, {}, False),
    (CandidatesFrom, {"session_id": "s"}, True),
    (CandidatesFrom, {"session_id": "s", "ranking": {"top": 3}}, False),
    (SessionUpdate, {"candidate_ids": ["a"], "candidates_from": {"session_id": "s"}}, False),
    (CampaignCreate, {"bloc_id": BLOC, "year": 2016, "title": "Phong trào"}, True),
    (
        CampaignCreate,
        {"bloc_id": BLOC, "year": 2016, "title": "Phong trào", "deadlines": {"scoring": "1944-12-31"}},
        False,
    ),
    (CampaignUpdate, {"tie_break": ["standard_total", "-penalty_total"]}, True),
    (CampaignUpdate, {"tie_break": ["-bonus_total", "-bonus_total"]}, False),
    (CampaignUpdate, {"tie_break": ["penalty_total", "standard_total", "-penalty_total"]}, False),
    (UserCreate, {"username": "abc", "password": "12345678", "full_name": "A", "roles": ["admin"]}, True),
    (
        UserCreate,
        {"username": "abc", "password": "12345678", "full_name": "A", "roles": ["admin", "admin"]},
        False,
    ),
]


@pytest.mark.parametrize(("model", "body", "accepted"), CASES)
def test_the_document_and_the_model_agree(
    app: FastAPI, model: type[BaseModel], body: dict[str, Any], accepted: bool
) -> None:
    assert _model_accepts(model, body) is accepted
    assert _document_accepts(app, model.__name__, body) is accepted
