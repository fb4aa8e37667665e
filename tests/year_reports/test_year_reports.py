"""The bloc's year report through the API: drafting in versions, members' contributions and the leader's
answers, comparison, adoption and its freeze, who may do what, and concurrent answers."""

from __future__ import annotations

import threading
import unicodedata
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from app.models import (
    Conference,
    ConferenceGuest,
    YearReport,
    YearReportVersion,
)
from tests.support.builders import Builders, Headers
from tests.support.db import audit_events
from tests.support.problems import problem
from tests.support.year_reports import ReportWorld, body, ok, sections, url


@pytest.fixture
def w(build: Builders) -> ReportWorld:
    return ReportWorld(build)


def _conference(w: ReportWorld, campaign_id: str | None = None, guest: str | None = None) -> str:
    with w.session_factory() as s:
        conference = Conference(
            campaign_id=campaign_id or w.cid,
            kind="year_end",
            title="Hội nghị tổng kết công tác thi đua năm 2016",
            held_on=date(2016, 12, 29),
        )
        s.add(conference)
        s.flush()
        if guest is not None:
            s.add(ConferenceGuest(conference_id=conference.id, full_name="Phó Chủ tịch", user_id=guest))
        s.commit()
        return conference.id


def _versions(w: ReportWorld) -> list[int]:
    with w.session_factory() as s:
        return list(s.scalars(select(YearReportVersion.number).order_by(YearReportVersion.number)))


# ---- the whole flow ---------------------------------------------------------------------------------------


def test_the_whole_flow_two_additions_accepted_one_declined(w: ReportWorld) -> None:
    created = w.put()
    first = ok(created, 201)
    assert first["current_version"] == 1 and first["status"] == "drafting" and first["text_version"] == 1
    assert [s["key"] for s in first["sections"]] == ["results", "evaluation", "direction"]
    assert first["versions"][0]["number"] == 1 and first["versions"][0]["created_by_name"]
    assert created.headers["ETag"] == f'"{first["id"]}.1"'

    c_add = ok(w.contribute(w.c, "Vụ C đề nghị bổ sung: tổ chức Hội thi tìm hiểu pháp luật."), 201)
    d_add = ok(w.contribute(w.d, "Vụ D đề nghị bổ sung: phối hợp tốt với Công đoàn."), 201)
    c_no = ok(w.contribute(w.c, "Nội dung không phù hợp với năm 2016.", section_key="direction"), 201)
    comment = ok(
        w.contribute(w.d, "Phần đánh giá còn chung chung.", kind="comment", section_key="evaluation"), 201
    )
    assert c_add["based_on_version"] == 1 and c_add["status"] == "pending" and c_add["unit_name"]
    assert c_add["created_by_name"] and c_add["campaign_id"] == w.cid
    assert ok(w.get())["pending_contributions"] == 4

    accepted = ok(w.answer(c_add["id"], "accept", reply="Khối trưởng tiếp thu."))
    assert accepted["status"] == "accepted" and accepted["applied_in_version"] == 2
    assert accepted["answered_by_name"] and accepted["reply"] == "Khối trưởng tiếp thu."
    edited = "Vụ D: phối hợp chặt chẽ với Công đoàn Bộ."
    assert ok(w.answer(d_add["id"], "accept", text=edited))["applied_in_version"] == 3
    declined = ok(w.answer(c_no["id"], "decline", reply="Đề nghị chuyển sang năm sau."))
    assert declined["status"] == "declined" and declined["applied_in_version"] is None
    noted = ok(w.answer(comment["id"], "accept", reply="Sẽ cụ thể hóa khi hoàn thiện."))
    assert noted["status"] == "accepted" and noted["applied_in_version"] is None
    assert _versions(w) == [1, 2, 3]

    report = ok(w.get())
    assert report["current_version"] == 3 and report["pending_contributions"] == 0
    results = report["sections"][0]["body"]
    assert results.endswith("\n\nVụ C đề nghị bổ sung: tổ chức Hội thi tìm hiểu pháp luật.\n\n" + edited)
    assert report["versions"][1]["contribution"]["id"] == c_add["id"]
    assert report["versions"][2]["contribution"]["unit_id"] == w.d
    assert report["versions"][2]["note"].startswith("Tiếp thu đề nghị bổ sung của ")

    diff = ok(w.get(rest="/compare", **{"from": 1, "to": 3}))
    assert (diff["from_version"], diff["to_version"], diff["unchanged"]) == (1, 3, False)
    by_key = {s["key"]: s for s in diff["sections"]}
    assert by_key["results"]["added"] == ["Vụ C đề nghị bổ sung: tổ chức Hội thi tìm hiểu pháp luật.", edited]
    assert by_key["results"]["removed"] == [] and not by_key["results"]["unchanged"]
    assert by_key["evaluation"]["unchanged"] and by_key["direction"]["unchanged"]
    default = ok(w.get(rest="/compare"))  # the current version against the one before
    assert (default["from_version"], default["to_version"]) == (2, 3)
    assert default["sections"][0]["added"] == [edited]

    v2 = ok(w.get(rest="/versions/2"))
    assert v2["number"] == 2 and v2["contribution"]["unit_name"] and len(v2["sections"]) == 3
    page = ok(w.get(rest="/versions", limit=2))
    assert [v["number"] for v in page["items"]] == [1, 2] and page["next_cursor"]
    listed = ok(w.get(rest="/contributions", status="accepted"))["items"]
    assert [c["id"] for c in listed] == [c_add["id"], d_add["id"], comment["id"]]
    assert [c["id"] for c in ok(w.get(rest="/contributions", unit_id=w.c))["items"]] == [
        c_add["id"],
        c_no["id"],
    ]
    assert (
        ok(w.get(rest=f"/contributions/{c_no['id']}", headers=w.member))["reply"]
        == "Đề nghị chuyển sang năm sau."
    )

    conference_id = _conference(w)
    adopted = ok(w.adopt(3, conference_id=conference_id))
    assert adopted["status"] == "adopted" and adopted["adopted_version"] == 3 and adopted["adopted_at"]
    assert adopted["adopted_conference_name"] == "Hội nghị tổng kết công tác thi đua năm 2016"
    assert adopted["versions"][2]["adopted"] is True

    actions = [e.action for e in audit_events(w.session_factory, object_id=first["id"])]
    assert actions == ["year_report.create", "year_report.adopt"]
    answers = [e.action for e in audit_events(w.session_factory) if e.action.startswith("year_report.")]
    assert answers.count("year_report.contribute") == 4
    assert answers.count("year_report.contribution.accept") == 3
    assert answers.count("year_report.contribution.decline") == 1


def test_each_write_is_a_new_version_and_the_same_text_again_changes_nothing(w: ReportWorld) -> None:
    first = w.draft()
    same = w.put()
    assert same.status_code == 200 and same.headers["ETag"] == f'"{first["id"]}.1"'
    revised = w.put(sections=sections(direction="Năm 2017: đổi mới."), note="Sửa phương hướng.")
    assert ok(revised)["current_version"] == 2 and ok(revised)["versions"][1]["note"] == "Sửa phương hướng."
    retitled = ok(w.put(sections=sections(direction="Năm 2017: đổi mới."), title="Báo cáo tổng kết 2016"))
    assert retitled["current_version"] == 2 and retitled["title"] == "Báo cáo tổng kết 2016"
    assert ok(w.get(rest="/versions/1"))["sections"][2]["body"] == sections()[2]["body"]  # never overwritten
    actions = [e.action for e in audit_events(w.session_factory, object_id=first["id"])]
    assert actions == ["year_report.create", "year_report.revise", "year_report.retitle"]


def test_if_match_is_honoured(w: ReportWorld) -> None:
    etag = w.put().headers["ETag"]
    changed = w.client.put(
        url(w.cid), json=body(sections=sections(results="Mới.")), headers={**w.leader, "If-Match": etag}
    )
    assert changed.status_code == 200
    stale = w.client.put(
        url(w.cid), json=body(sections=sections(results="Khác.")), headers={**w.leader, "If-Match": etag}
    )
    problem(stale, 412, "precondition_failed")
    problem(
        w.client.post(url(w.cid, "/adopt"), json={"version": 1}, headers={**w.leader, "If-Match": etag}), 412
    )
    assert _versions(w) == [1, 2]


def test_text_is_stored_nfc(w: ReportWorld) -> None:
    decomposed = unicodedata.normalize("NFD", "Kết quả thi đua")
    w.put(sections=sections(results=decomposed))
    assert ok(w.get())["sections"][0]["body"] == unicodedata.normalize("NFC", decomposed)


def test_before_the_first_write_the_report_is_404(w: ReportWorld) -> None:
    problem(w.get(), 404, "not_found")
    problem(w.contribute(w.c, "Bổ sung."), 404, "not_found")
    problem(w.get(rest="/document"), 404)


# ---- answers ----------------------------------------------------------------------------------------------


def test_answering_twice_repeats_or_conflicts(w: ReportWorld) -> None:
    w.draft()
    add = ok(w.contribute(w.c, "Bổ sung."), 201)
    first = ok(w.answer(add["id"], "accept", reply="Tiếp thu."))
    again = ok(w.answer(add["id"], "accept", reply="Tiếp thu."))  # a retry: unchanged, no new version
    assert again == first and _versions(w) == [1, 2]
    problem(w.answer(add["id"], "decline", reply="Không."), 409, "contribution_answered")
    problem(w.answer(add["id"], "accept", reply="Khác."), 409, "contribution_answered")
    comment = ok(w.contribute(w.c, "Góp ý.", kind="comment"), 201)
    problem(w.answer(comment["id"], "accept", text="Chèn vào."), 422, "validation_error")
    problem(w.answer(comment["id"], "decline"), 422, "validation_error")  # a decline needs its reply
    problem(w.answer("no-such-contribution", "accept"), 404)
    assert _versions(w) == [1, 2]


def test_an_addition_that_would_make_the_section_too_long_is_refused(w: ReportWorld) -> None:
    w.put(sections=sections(results="x" * 49_990))
    add = ok(w.contribute(w.c, "Một đoạn bổ sung khá dài."), 201)
    problem(w.answer(add["id"], "accept"), 422, "validation_error")
    assert ok(w.get(rest=f"/contributions/{add['id']}"))["status"] == "pending" and _versions(w) == [1]


def test_a_concurrent_double_accept_writes_one_version(w: ReportWorld) -> None:
    w.draft()
    add = ok(w.contribute(w.c, "Bổ sung đồng thời."), 201)
    barrier = threading.Barrier(2)
    results: list[Any] = [None, None]

    def accept(i: int, headers: Headers, reply: str) -> None:
        barrier.wait()
        results[i] = w.answer(add["id"], "accept", headers=headers, reply=reply)

    threads = [
        threading.Thread(target=accept, args=(0, w.leader, "Khối trưởng tiếp thu.")),
        threading.Thread(target=accept, args=(1, w.secretariat, "Thường trực tiếp thu.")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    codes = sorted(r.status_code for r in results)
    assert codes == [200, 409], [r.text for r in results]
    assert _versions(w) == [1, 2]
    report = ok(w.get())
    assert report["current_version"] == 2 and report["sections"][0]["body"].endswith("Bổ sung đồng thời.")
    assert report["sections"][0]["body"].count("Bổ sung đồng thời.") == 1


def test_concurrent_first_writes_make_one_report(w: ReportWorld) -> None:
    barrier = threading.Barrier(2)
    results: list[Any] = [None, None]
    bodies = [sections(results="Bản của Khối trưởng."), sections(results="Bản của Thường trực.")]

    def put(i: int, headers: Headers) -> None:
        barrier.wait()
        results[i] = w.client.put(url(w.cid), json=body(sections=bodies[i]), headers=headers)

    threads = [
        threading.Thread(target=put, args=(0, w.leader)),
        threading.Thread(target=put, args=(1, w.secretariat)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(r.status_code for r in results) == [200, 201], [r.text for r in results]
    with w.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(YearReport)) == 1
    assert _versions(w) == [1, 2]


# ---- adoption ---------------------------------------------------------------------------------------------


def test_the_adopted_report_is_frozen(w: ReportWorld) -> None:
    w.draft()
    w.put(sections=sections(results="Bản 2."))
    pending = ok(w.contribute(w.c, "Bổ sung muộn."), 201)
    problem(w.adopt(3), 422, "validation_error")
    other = _other_campaign(w)
    problem(w.adopt(1, conference_id=_conference(w, campaign_id=other)), 422, "validation_error")
    problem(w.adopt(1, conference_id="no-such-conference"), 422, "validation_error")
    adopted = ok(w.adopt(1, headers=w.secretariat))  # an older version that exists
    assert (
        adopted["adopted_version"] == 1 and adopted["text_version"] == 1 and adopted["current_version"] == 2
    )
    assert adopted["sections"][0]["body"] == sections()[0]["body"]
    before = _versions(w)
    for r in (
        w.put(sections=sections(results="Bản 3.")),
        w.contribute(w.d, "Bổ sung sau khi thông qua."),
        w.answer(pending["id"], "accept"),
        w.answer(pending["id"], "decline", reply="Không."),
        w.adopt(2),
    ):
        problem(r, 409, "year_report_adopted")
    assert _versions(w) == before
    assert ok(w.get(rest=f"/contributions/{pending['id']}"))["status"] == "pending"


def _other_campaign(w: ReportWorld) -> str:
    """A campaign of another bloc-year."""
    return str(w.build.campaign(w.build.bloc(2, year=2015))["id"])


def test_a_closed_campaign_refuses_every_write(w: ReportWorld) -> None:
    w.draft()
    add = ok(w.contribute(w.c, "Bổ sung."), 201)
    w.close_campaign()
    for r in (
        w.put(sections=sections(results="Mới.")),
        w.contribute(w.c, "Thêm."),
        w.answer(add["id"], "accept"),
        w.adopt(1),
    ):
        problem(r, 409, "campaign_closed")
    assert ok(w.get(headers=w.member))["current_version"] == 1


def test_a_retried_contribution_with_its_idempotency_key_is_made_once(w: ReportWorld) -> None:
    w.draft()
    payload = {"unit_id": w.c, "section_key": "results", "kind": "addition", "text": "Bổ sung một lần."}
    headers = {**w.member, "Idempotency-Key": "gop-y-vu-c-1"}
    first = w.client.post(url(w.cid, "/contributions"), json=payload, headers=headers)
    again = w.client.post(url(w.cid, "/contributions"), json=payload, headers=headers)
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    assert first.headers["Location"].endswith(f"/year-report/contributions/{first.json()['id']}")
    assert ok(w.get(rest="/contributions", include_total="true"))["total"] == 1


def test_an_unknown_version_to_compare_names_the_parameter_and_errors_speak_vietnamese(
    w: ReportWorld,
) -> None:
    w.draft()
    body_ = problem(w.get(rest="/compare", **{"from": 1, "to": 5}), 422, "validation_error")
    assert body_["errors"][0]["loc"] == ["query", "to"]
    ok(w.adopt(1))
    vi = w.client.put(url(w.cid), json=body(), headers={**w.leader, "Accept-Language": "vi"})
    assert (
        problem(vi, 409, "year_report_adopted")["title"]
        == "Báo cáo tổng kết đã được thông qua và không thể thay đổi"
    )
