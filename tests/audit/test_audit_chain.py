"""The audit hash chain as pure functions: no database."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from app.core.audit import GENESIS_HASH, ChainRow, chain_hash, event_fields, first_bad

T0 = datetime(2016, 12, 29, 8, 0, tzinfo=UTC)


def make_chain(n: int) -> list[ChainRow]:
    rows: list[ChainRow] = []
    prev = GENESIS_HASH
    for i in range(1, n + 1):
        fields = event_fields(
            id=f"ev-{i}",
            seq=i,
            at=T0 + timedelta(seconds=i),
            actor_id="user-1",
            actor_type="user",
            action="unit.update",
            object_type="unit",
            object_id=f"unit-{i % 3}",
            request_id=f"req-{i}",
            outcome="success",
            details={"code": f"U{i}", "changes": {"name": ["Vụ Cũ", "Vụ Mới"]}},
        )
        digest = chain_hash(prev, fields)
        rows.append(ChainRow(id=f"ev-{i}", prev_hash=prev, hash=digest, fields=fields))
        prev = digest
    return rows


def with_fields(row: ChainRow, **changes: object) -> ChainRow:
    return dataclasses.replace(row, fields={**row.fields, **changes})


def test_an_intact_chain_verifies_and_reports_its_length_and_last_hash() -> None:
    rows = make_chain(5)
    assert first_bad(rows) == (None, 5, rows[-1].hash)


def test_an_empty_chain_is_intact() -> None:
    assert first_bad([]) == (None, 0, GENESIS_HASH)


def test_a_tampered_field_is_detected_at_that_row() -> None:
    rows = make_chain(5)
    rows[2] = with_fields(rows[2], details={"code": "U3", "changes": {"name": ["Vụ Cũ", "Vụ Khác"]}})
    bad_id, count, _ = first_bad(rows)
    assert (bad_id, count) == ("ev-3", 3)


def test_each_tampered_field_is_detected() -> None:
    for key, value in [
        ("actor_id", "user-2"),
        ("action", "unit.create"),
        ("object_id", "unit-9"),
        ("outcome", "failure"),
        ("at", "2016-12-29T08:00:04.000001Z"),
        ("request_id", None),
    ]:
        rows = make_chain(4)
        rows[1] = with_fields(rows[1], **{key: value})
        assert first_bad(rows)[0] == "ev-2", key


def test_a_tampered_row_whose_hash_was_recomputed_breaks_the_next_link() -> None:
    rows = make_chain(4)
    forged = with_fields(rows[1], outcome="failure")
    rows[1] = dataclasses.replace(forged, hash=chain_hash(forged.prev_hash, forged.fields))
    assert first_bad(rows)[0] == "ev-3"


def test_a_removed_row_is_detected_at_the_row_after_it() -> None:
    rows = make_chain(5)
    del rows[2]
    bad_id, count, _ = first_bad(rows)
    assert (bad_id, count) == ("ev-4", 3)


def test_a_removed_first_row_is_detected() -> None:
    rows = make_chain(3)
    assert first_bad(rows[1:])[0] == "ev-2"


def test_a_reordered_row_is_detected() -> None:
    rows = make_chain(5)
    rows[1], rows[2] = rows[2], rows[1]
    bad_id, count, _ = first_bad(rows)
    assert (bad_id, count) == ("ev-3", 2)


def test_an_inserted_row_is_detected() -> None:
    rows = make_chain(3)
    intruder = dataclasses.replace(rows[1], id="ev-x", fields={**rows[1].fields, "id": "ev-x"})
    rows.insert(2, intruder)
    assert first_bad(rows)[0] == "ev-x"


def test_verification_resumes_from_a_given_hash() -> None:
    rows = make_chain(6)
    bad_id, count, last = first_bad(rows[:3])
    assert (bad_id, count) == (None, 3)
    assert first_bad(rows[3:], last) == (None, 3, rows[-1].hash)
    assert first_bad(rows[4:], last)[0] == "ev-5"


def test_the_hash_does_not_depend_on_the_order_of_keys_in_details() -> None:
    # PostgreSQL's JSONB returns keys in its own order; the chain must not care.
    rows = make_chain(2)
    reordered = dict(reversed(list(rows[1].fields["details"].items())))
    assert list(reordered) != list(rows[1].fields["details"])
    rows[1] = with_fields(rows[1], details=reordered)
    assert first_bad(rows) == (None, 2, rows[1].hash)
