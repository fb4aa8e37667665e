"""Typed domain values: the tally result's stored form, the StrEnums in columns and schemas, and the one
shape of a session's settings."""

from __future__ import annotations

import json
import re
from typing import Any, Literal

import pytest
from pydantic import TypeAdapter, ValidationError
from sqlalchemy import CheckConstraint, literal, select, text

from app.core.literal import InlineEnum
from app.models import (
    Base,
    Campaign,
    CampaignStatus,
    MemberRole,
    SessionStatus,
    ThresholdBase,
    Title,
    TitleTarget,
    VotingSession,
)
from app.models.base import JSONType, StrEnumType
from app.voting.settings import Checked, SessionSettings, rules_of
from app.voting.tally import CandidateResult, Rules, TallyResult, Threshold, tally

# Written by the code before TallyResult existed (``tally(...).as_dict()`` dumped as JSON), as a session
# closed then holds it: one with two elected, one with a tie across the only seat.
STORED_ELECTED = (
    '{"electorate": 16, "ballots_cast": 14, "blank": 2, "quorum_met": true, "candidates": [{"unit_id": '
    '"unit-a", "votes": 9, "share": 0.5625, "passes": true, "elected": true}, {"unit_id": "unit-b", '
    '"votes": 8, "share": 0.5, "passes": true, "elected": true}, {"unit_id": "unit-c", "votes": 7, '
    '"share": 0.4375, "passes": true, "elected": false}], "elected": ["unit-a", "unit-b"], "tied": [], '
    '"unfilled_seats": 0}'
)
STORED_TIED = (
    '{"electorate": 16, "ballots_cast": 15, "blank": 0, "quorum_met": true, "candidates": [{"unit_id": '
    '"unit-a", "votes": 7, "share": 0.4667, "passes": true, "elected": false}, {"unit_id": "unit-b", '
    '"votes": 7, "share": 0.4667, "passes": true, "elected": false}, {"unit_id": "unit-c", "votes": 1, '
    '"share": 0.0667, "passes": false, "elected": false}], "elected": [], "tied": ["unit-a", "unit-b"], '
    '"unfilled_seats": 1}'
)


# ---- the tally result and its stored form --------------------------------------------------------------


def test_a_result_stored_by_the_previous_code_reads_as_the_typed_model():
    r = TallyResult.from_stored(json.loads(STORED_ELECTED))
    assert r == TallyResult(
        electorate=16,
        ballots_cast=14,
        blank=2,
        quorum_met=True,
        candidates=[
            CandidateResult(unit_id="unit-a", votes=9, share=0.5625, passes=True, elected=True),
            CandidateResult(unit_id="unit-b", votes=8, share=0.5, passes=True, elected=True),
            CandidateResult(unit_id="unit-c", votes=7, share=0.4375, passes=True, elected=False),
        ],
        elected=["unit-a", "unit-b"],
        tied=[],
        unfilled_seats=0,
    )
    tied = TallyResult.from_stored(json.loads(STORED_TIED))
    assert tied.elected == [] and tied.tied == ["unit-a", "unit-b"] and tied.unfilled_seats == 1
    assert [c.passes for c in tied.candidates] == [True, True, False]


@pytest.mark.parametrize("stored", [STORED_ELECTED, STORED_TIED])
def test_reading_then_writing_a_stored_result_gives_back_the_same_bytes(stored: str):
    assert json.dumps(TallyResult.from_stored(json.loads(stored)).as_dict()) == stored


def test_todays_tally_writes_what_the_previous_code_stored():
    a, b, c = "unit-a", "unit-b", "unit-c"
    ballots = [[a, b]] * 5 + [[a, c]] * 4 + [[b, c]] * 3 + [[]] * 2
    assert json.dumps(tally([a, b, c], 16, ballots, Rules(seats=2, threshold_share=0.3)).as_dict()) == (
        STORED_ELECTED
    )
    ballots = [[a]] * 7 + [[b]] * 7 + [[c]]
    rules = Rules(seats=1, threshold_of=ThresholdBase.CAST, threshold_share=0.2)
    assert json.dumps(tally([a, b, c], 16, ballots, rules).as_dict()) == STORED_TIED


@pytest.mark.parametrize(
    ("electorate", "ballots", "seats"),
    [(4, [["x"], ["y"], ["x", "y"], []], 1), (10, [["x"]] * 6 + [["y"]] * 6, 1), (3, [], 2)],
)
def test_model_to_stored_form_and_back_is_the_same_model(
    electorate: int, ballots: list[list[str]], seats: int
):
    r = tally(["x", "y"], electorate, ballots, Rules(seats=seats))
    assert TallyResult.from_stored(r.as_dict()) == r


def test_a_missing_key_reads_as_nothing_counted():
    assert TallyResult.from_stored({}) == TallyResult(
        electorate=0,
        ballots_cast=0,
        blank=0,
        quorum_met=False,
        candidates=[],
        elected=[],
        tied=[],
        unfilled_seats=0,
    )


def test_a_stored_result_read_back_from_the_database_is_the_same_model(session_factory: Any):
    # PostgreSQL's JSONB reorders the keys: the reader must not depend on their order.
    stored = json.loads(STORED_TIED)
    with session_factory() as s:
        back = s.scalar(select(literal(stored, JSONType)))
    assert TallyResult.from_stored(back) == TallyResult.from_stored(stored)
    assert json.dumps(TallyResult.from_stored(back).as_dict()) == STORED_TIED


# ---- StrEnums in columns ------------------------------------------------------------------------------


def test_an_enum_column_stores_the_plain_string_and_reads_the_member(session_factory: Any):
    with session_factory() as s:
        s.add(Title(code="t_enum", name="Cờ thi đua", level="ministry", target=TitleTarget.COLLECTIVE))
        s.commit()
        raw = s.scalar(text("SELECT target FROM titles WHERE code = 't_enum'"))
        title = s.scalars(select(Title).where(Title.target == "collective", Title.code == "t_enum")).one()
        s.expire_all()
        read = s.get(Title, "t_enum")
        assert read is not None
        assert (raw, type(raw)) == ("collective", str)
        assert read.target is TitleTarget.COLLECTIVE
        assert title.code == "t_enum"
        # A filter on an unknown value finds nothing rather than failing.
        assert s.scalars(select(Title).where(Title.target == "nonsense")).all() == []
        s.delete(read)
        s.commit()


def test_the_enum_column_type_converts_both_ways():
    t = StrEnumType(SessionStatus, 16)
    assert t.process_bind_param(SessionStatus.CLOSED, None) == "closed"
    assert t.process_bind_param("open", None) == "open"
    assert t.process_bind_param(None, None) is None
    assert t.process_result_value("published", None) is SessionStatus.PUBLISHED
    assert t.process_result_value(None, None) is None
    with pytest.raises(ValueError):
        t.process_result_value("archived", None)


def _allowed(constraint: CheckConstraint) -> set[str]:
    return set(re.findall(r"'([^']*)'", str(constraint.sqltext)))


def test_each_enum_column_allows_exactly_the_enum_values():
    columns = [
        (table, column)
        for table in Base.metadata.tables.values()
        for column in table.columns
        if isinstance(column.type, StrEnumType)
    ]
    assert len(columns) == 42  # the conference's (year report, conference, paper counting) the newest
    for table, column in columns:
        assert isinstance(column.type, StrEnumType)
        constraints = [
            c
            for c in table.constraints
            if isinstance(c, CheckConstraint) and re.search(rf"\b{column.name} IN", str(c.sqltext))
        ]
        assert [_allowed(c) for c in constraints] == [{m.value for m in column.type.enum}], (
            table.name,
            column.name,
        )


# ---- StrEnums in schemas -----------------------------------------------------------------------------


def test_an_inline_enum_validates_as_the_literal_and_gives_the_member():
    inline = TypeAdapter(InlineEnum[MemberRole])
    plain = TypeAdapter(Literal["leader", "deputy", "member"])
    assert inline.validate_python("deputy") is MemberRole.DEPUTY
    assert inline.validate_json('"leader"') is MemberRole.LEADER
    assert (
        inline.json_schema()
        == plain.json_schema()
        == {"enum": ["leader", "deputy", "member"], "type": "string"}
    )
    with pytest.raises(ValidationError) as inline_error:
        inline.validate_python("chair")
    with pytest.raises(ValidationError) as plain_error:
        plain.validate_python("chair")
    assert inline_error.value.errors() == plain_error.value.errors()
    assert inline_error.value.errors()[0]["type"] == "literal_error"
    assert inline.dump_json(MemberRole.MEMBER) == b'"member"'


# ---- one shape for a session's settings ----------------------------------------------------------------


def test_settings_written_to_the_row_read_back_the_same():
    s = SessionSettings(
        campaign_id="c1",
        title_code="co_thi_dua_bo",
        name="Bỏ phiếu",
        seats=2,
        candidate_ids=["u1", "u2", "u3"],
        candidates_from=None,
        electorate_user_ids=["p1", "p2"],
        max_choices=2,
        threshold=Threshold(share=0.4, of=ThresholdBase.CAST, inclusive=True),
        quorum=0.6,
        secret=False,
    )
    checked = Checked(
        campaign=Campaign(id="c1", status=CampaignStatus.ACTIVE),
        title=Title(code="co_thi_dua_bo"),
        candidate_ids=["u1", "u2", "u3"],
        max_choices=2,
    )
    vs = VotingSession(**s.columns(checked), status=SessionStatus.DRAFT)
    assert (vs.threshold_share, vs.threshold_of, vs.threshold_inclusive) == (0.4, "cast", True)
    assert SessionSettings.of_row(vs, ["u1", "u2", "u3"], ["p1", "p2"]) == s
    assert rules_of(vs) == Rules(
        seats=2, threshold_share=0.4, threshold_of=ThresholdBase.CAST, threshold_inclusive=True, quorum=0.6
    )
