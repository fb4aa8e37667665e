"""The ministry's and blocs' regulations through HTTP, on SQLite and PostgreSQL: versions that are added,
never edited; settings checked against the law; verdicts that name the versions they read, and a decided
award's verdict that a later version does not rewrite."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import history
from tests.support.builders import BlocYear
from tests.support.db import audit_events, user_ref
from tests.support.problems import ODD_IDS, problem

URL = "/api/v1/regulations/ministry"
CSTDCS, LDTT = "chien_si_thi_dua_co_so", "lao_dong_tien_tien"


def publish(
    y: BlocYear, values: dict[str, Any], *, url: str = URL, effective_from: str = "2025-07-01", **kw: Any
) -> Any:
    body = {"values": values, "effective_from": effective_from, **kw}
    return y.client.post(url, json=body, headers=kw.pop("headers", None) or y.secretariat)


def test_the_settings_say_their_defaults_and_which_the_law_confirmed(bloc_year: BlocYear) -> None:
    r = bloc_year.client.get("/api/v1/regulations/settings", headers=bloc_year.member)
    assert r.status_code == 200, r.text
    by_key = {s["key"]: s for s in r.json()["items"]}
    assert by_key["government_flag_cap_share"]["default"] == 0.2
    assert (
        by_key["government_flag_cap_share"]["unconfirmed"],
        by_key["government_flag_cap_share"]["tighten_only"],
    ) == (True, True)
    assert by_key["cstdcs_cap_share"]["default"] is None
    assert by_key["keep_old_procedure_for_lodged_files"]["default"] is True


def test_versions_are_added_audited_and_listed_newest_first(
    bloc_year: BlocYear, session_factory: Any
) -> None:
    y = bloc_year
    first = publish(y, {"cstdcs_cap_share": 0.1}, reason="Quyết định 12/QĐ-BKHCN")
    assert first.status_code == 201, first.text
    assert {k: first.json()[k] for k in ("scope", "version", "values", "effective_from", "reason")} == {
        "scope": "ministry",
        "version": 1,
        "values": {"cstdcs_cap_share": 0.1},
        "effective_from": "2025-07-01",
        "reason": "Quyết định 12/QĐ-BKHCN",
    }
    second = publish(y, {"cstdcs_cap_share": 0.05}, effective_from="2026-01-01")
    assert second.json()["version"] == 2
    listed = y.client.get(URL, headers=y.observer).json()["items"]
    assert [(v["version"], v["values"]) for v in listed] == [
        (2, {"cstdcs_cap_share": 0.05}),
        (1, {"cstdcs_cap_share": 0.1}),
    ]
    events = audit_events(session_factory, "regulation.publish")
    # who published each version, by id and by name
    publisher = user_ref(session_factory, events[0].actor_id)
    assert [(v["created_by"], v["created_by_name"]) for v in listed] == [tuple(publisher.values())] * 2
    assert (first.json()["created_by"], first.json()["created_by_name"]) == tuple(publisher.values())
    assert [(e.details["scope"], e.details["version"]) for e in events] == [("ministry", 1), ("ministry", 2)]


@pytest.mark.parametrize(
    "values",
    [
        {"no_such_setting": 1},
        {"cstdcs_cap_share": "many"},
        {"cstdcs_cap_share": 1.5},
        # R2017's 90% for CSTĐ cấp Bộ is confirmed law: a regulation may raise it, never lower it.
        {"council_thresholds": {"chien_si_thi_dua_cap_bo": 0.5}},
    ],
)
def test_a_setting_the_law_does_not_allow_is_422_and_nothing_is_written(
    bloc_year: BlocYear, session_factory: Any, values: dict[str, Any]
) -> None:
    body = problem(publish(bloc_year, values), 422, "validation_error")
    assert body["errors"] and all(e["loc"] == ["body", "values"] for e in body["errors"])
    assert bloc_year.client.get(URL, headers=bloc_year.secretariat).json()["items"] == []
    assert audit_events(session_factory, "regulation.publish") == []


def test_only_the_secretariat_publishes_and_an_unknown_bloc_is_404(bloc_year: BlocYear) -> None:
    y = bloc_year
    problem(publish(y, {}, headers=y.leader), 403)
    problem(publish(y, {}, headers=y.observer), 403)
    for odd in ODD_IDS:
        problem(y.client.get(f"/api/v1/blocs/{odd}/regulation", headers=y.secretariat), 404, "not_found")
        problem(publish(y, {}, url=f"/api/v1/blocs/{odd}/regulation"), 404, "not_found")


def test_a_regulation_caps_what_the_law_leaves_open_and_past_verdicts_keep_their_version(
    bloc_year: BlocYear,
) -> None:
    y = bloc_year
    sf, unit = y.build.session_factory, y.unit_ids[2]
    people = []
    for i in range(20):
        pid = history.person(sf, unit, full_name=f"Cán bộ {i}")
        history.rating(sf, year=2025, rating="excellent", person_id=pid)
        history.award(sf, code=LDTT, year=2025, person_id=pid, decision_date=None)
        people.append(pid)
    cap_url = f"/api/v1/caps/{CSTDCS}"
    params = {"year": 2025, "unit_id": unit, "decision_date": "2026-02-01"}
    assert y.client.get(cap_url, params=params, headers=y.member).json() is None  # Law 06/2022: no cap

    assert publish(y, {"cstdcs_cap_share": 0.05}, effective_from="2026-01-01").status_code == 201
    cap = y.client.get(cap_url, params=params, headers=y.member).json()
    assert (cap["share"], cap["base_count"], cap["limit"], cap["regime"]) == (0.05, 20, 1, "R2025")
    assert cap["citation"]["text"] == "Quy chế"

    award = y.client.post(
        "/api/v1/awards",
        json={"person_id": people[0], "title_code": CSTDCS, "year": 2025},
        headers=y.secretariat,
    ).json()
    decided = y.client.post(
        f"/api/v1/awards/{award['id']}/decide",
        json={"decision_number": "3/QĐ-VP", "decision_date": "2026-02-01"},
        headers=y.secretariat,
    ).json()
    assert decided["verdict"]["overlay_versions"] == {"ministry": 1}
    # A second CSTĐCS in that unit would pass the cap of version 1's 5%.
    second = y.client.post(
        "/api/v1/awards",
        json={"person_id": people[1], "title_code": CSTDCS, "year": 2025},
        headers=y.secretariat,
    ).json()
    problem(
        y.client.post(
            f"/api/v1/awards/{second['id']}/decide",
            json={"decision_number": "4/QĐ-VP", "decision_date": "2026-02-01"},
            headers=y.secretariat,
        ),
        409,
        "cap_exceeded",
    )
    # A later version changes what is judged from its date on, never how the decided award was judged.
    # (A regulation's cap may not exceed the 15% that R2016 and R2017 fixed: it applies to their files too.)
    problem(publish(y, {"cstdcs_cap_share": 0.2}, effective_from="2026-03-01"), 422)
    assert publish(y, {"cstdcs_cap_share": 0.1}, effective_from="2026-03-01").status_code == 201
    again = y.client.get(f"/api/v1/awards/{award['id']}", headers=y.secretariat).json()
    assert again["verdict"] == decided["verdict"]
    later = y.client.get(cap_url, params={**params, "decision_date": "2026-03-02"}, headers=y.member).json()
    assert (later["share"], later["limit"], later["used"]) == (0.1, 2, 1)
