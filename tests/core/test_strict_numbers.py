"""Counts and shares in request bodies are JSON numbers: not booleans (`true` would be 1), not digit
strings (`"007"`), as score points already are."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from app.achievements.schemas import RatingPut
from app.titles.schemas import CountQuota
from app.voting.schemas import RankingSource, SessionCreate

SESSION = {"campaign_id": "c", "title_code": "co_thi_dua_bo", "seats": 3, "electorate_user_ids": ["u1"]}


@pytest.mark.parametrize(
    ("model", "body", "field"),
    [
        (SessionCreate, {**SESSION, "candidate_ids": ["a", "b", "c", "d"]}, "seats"),
        (SessionCreate, {**SESSION, "candidate_ids": ["a", "b", "c", "d"], "max_choices": 2}, "max_choices"),
        (SessionCreate, {**SESSION, "candidate_ids": ["a", "b", "c", "d"], "quorum": 0.5}, "quorum"),
        (RankingSource, {"top": 3}, "top"),
        (RatingPut, {"rating": "completed", "absent_days": 3}, "absent_days"),
    ],
)
@pytest.mark.parametrize("bad", [True, "3", "007"])
def test_a_count_is_a_json_number(model: Any, body: dict[str, Any], field: str, bad: Any) -> None:
    model.model_validate(body)  # the control
    with pytest.raises(ValidationError) as caught:
        model.model_validate({**body, field: bad})
    assert any(e["loc"][-1] == field or field in e["loc"] for e in caught.value.errors()), caught.value


@pytest.mark.parametrize(
    ("model", "body", "field"),
    [
        (SessionCreate, {**SESSION, "candidate_ids": ["a", "b", "c", "d"]}, "seats"),
        (SessionCreate, {**SESSION, "candidate_ids": ["a", "b", "c", "d"], "max_choices": 2}, "max_choices"),
        (RankingSource, {"top": 3}, "top"),
        (RatingPut, {"rating": "completed", "absent_days": 3}, "absent_days"),
        (CountQuota, {"max_count": 3, "scope": "bloc"}, "max_count"),
    ],
)
def test_a_whole_number_written_as_a_float_is_that_number(
    model: Any, body: dict[str, Any], field: str
) -> None:
    """JSON (and the document's ``integer``) does not tell 3 from 3.0; 3.5 is still not a count."""
    assert getattr(model.model_validate({**body, field: 3.0}), field) == 3
    assert type(getattr(model.model_validate({**body, field: 3.0}), field)) is int
    with pytest.raises(ValidationError):
        model.model_validate({**body, field: 3.5})
