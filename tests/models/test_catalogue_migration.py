"""Migration c0ffee120006 keeps every award while it puts the first catalogue right (on SQLite and
PostgreSQL): Bằng khen of the minister becomes a form of commendation with its awards, the Government flag
loses its hard-wired same-year prerequisite, and a revoked award stops holding its place."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from app.core.db import make_engine
from app.core.migrations import downgrade, upgrade

BEFORE = "5d0db81dde66"
NOW = datetime(2017, 3, 1, tzinfo=UTC)


def _run(url: str, sql: str, **params: Any) -> list[Any]:
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            result = conn.execute(text(sql), params)
            return list(result) if result.returns_rows else []
    finally:
        engine.dispose()


def _award(url: str, award_id: str, unit_id: str, title: str, status: str) -> None:
    _run(
        url,
        "INSERT INTO awards (id, unit_id, title_code, year, status, created_at, updated_at, version) "
        "VALUES (:id, :unit, :title, 2016, :status, :now, :now, 1)",
        id=award_id,
        unit=unit_id,
        title=title,
        status=status,
        now=NOW.replace(tzinfo=None) if url.startswith("sqlite") else NOW,
    )


def test_awards_survive_and_the_catalogue_is_put_right(database_url: str) -> None:
    url = database_url
    downgrade(url, BEFORE)
    now = NOW.replace(tzinfo=None) if url.startswith("sqlite") else NOW
    _run(
        url,
        "INSERT INTO units (id, code, name, kind, active, search_text, created_at, updated_at, version) "
        "VALUES ('u1', 'VP', 'Văn phòng', 'office', :yes, 'van phong vp', :now, :now, 1)",
        yes=True,
        now=now,
    )
    _award(url, "a-bk", "u1", "bang_khen_bo_truong", "decided")
    _award(url, "a-flag", "u1", "co_thi_dua_bo", "revoked")

    upgrade(url)

    rows = _run(url, "SELECT id, unit_id, title_code, form_code, status, method FROM awards ORDER BY id")
    assert [tuple(r) for r in rows] == [
        ("a-bk", "u1", None, "bang_khen_bo_truong", "decided", "regular"),
        ("a-flag", "u1", "co_thi_dua_bo", None, "revoked", "regular"),
    ]
    titles = {r.code: r for r in _run(url, "SELECT code, retired, requires, target FROM titles")}
    assert bool(titles["bang_khen_bo_truong"].retired) is True
    assert titles["co_thi_dua_chinh_phu"].requires in ([], "[]")
    assert {titles[c].target for c in ("chien_si_thi_dua_cap_bo", "chien_si_thi_dua_toan_quoc")} == {
        "individual"
    }
    forms = {r.code for r in _run(url, "SELECT code FROM commendation_forms")}
    assert {
        "giay_khen",
        "bang_khen_bo_truong",
        "bang_khen_thu_tuong",
        "huan_chuong_lao_dong_hang_ba",
    } <= forms
    # The revoked ministry flag no longer holds (VP, co_thi_dua_bo, 2016): a live one may be added, once.
    _award(url, "a-flag-2", "u1", "co_thi_dua_bo", "proposed")
    with pytest.raises(IntegrityError):
        _award(url, "a-flag-3", "u1", "co_thi_dua_bo", "proposed")

    # And back: the form's awards return to the title, nothing is lost.
    _run(url, "DELETE FROM awards WHERE id = 'a-flag-2'")
    downgrade(url, BEFORE)
    rows = _run(url, "SELECT id, title_code, status FROM awards ORDER BY id")
    assert [tuple(r) for r in rows] == [
        ("a-bk", "bang_khen_bo_truong", "decided"),
        ("a-flag", "co_thi_dua_bo", "revoked"),
    ]
    upgrade(url)
