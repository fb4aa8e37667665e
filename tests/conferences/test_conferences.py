"""The conference through the API: plan, agenda, guests, delegates, check-in, attendance and the quorum
from the bloc's regulation, a voting delegate's substitution, open / close / cancel, and who may do what."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models import ConferenceDelegate, ConferenceSubstitution
from tests.support.builders import Builders
from tests.support.conferences import URL, VICE_CHAIR, ConferenceWorld
from tests.support.problems import problem


@pytest.fixture
def w(build: Builders) -> ConferenceWorld:
    return ConferenceWorld(build)


def test_plan_change_and_transitions(w: ConferenceWorld) -> None:
    created = w.create()
    cid = created["id"]
    assert created["status"] == "planned" and created["bloc_id"] == w.bloc["id"] and created["year"] == 2016
    problem(w.client.post(URL, json={**_body(w)}, headers=w.secretariat), 409, "conference_exists")
    w.create(headers=w.secretariat, kind="mid_year", held_on="2016-07-10")

    r = w.client.get(f"{URL}/{cid}", headers=w.member)
    etag = r.headers["ETag"]
    changed = w.ok(
        w.client.patch(f"{URL}/{cid}", json={"conclusions": "Hội nghị thành công."}, headers=w.leader)
    )
    assert changed["conclusions"] == "Hội nghị thành công."
    problem(w.client.patch(f"{URL}/{cid}", json={"place": "X"}, headers={**w.leader, "If-Match": etag}), 412)
    assert problem(w.act(cid, "close"), 409, "invalid_transition")["current_status"] == "planned"
    opened = w.ok(w.act(cid, "open"))
    assert opened["status"] == "open" and opened["quorum_share"] == 0.5 and opened["members_count"] == 5
    assert problem(w.act(cid, "open"), 409, "invalid_transition")["current_status"] == "open"
    assert w.ok(w.act(cid, "close"))["status"] == "closed"
    assert problem(w.act(cid, "cancel"), 409, "invalid_transition")["current_status"] == "closed"
    problem(w.client.patch(f"{URL}/{cid}", json={"place": "X"}, headers=w.leader), 409, "conference_finished")
    actions = [e.action for e in w.events(cid)]
    assert actions == ["conference.create", "conference.update", "conference.open", "conference.close"]


def _body(w: ConferenceWorld) -> dict[str, str]:
    return {"campaign_id": w.cid, "kind": "year_end", "title": "Hội nghị", "held_on": "2016-12-20"}


def test_who_reads_and_who_writes(w: ConferenceWorld, build: Builders) -> None:
    cid = w.create()["id"]
    for reader in (w.member, w.other, w.secretariat, w.observer, w.admin, w.deputy):
        assert w.client.get(f"{URL}/{cid}", headers=reader).status_code == 200
    problem(w.client.get(f"{URL}/{cid}", headers=w.outsider), 404, "not_found")
    problem(w.client.patch(f"{URL}/{cid}", json={"place": "X"}, headers=w.outsider), 404)
    problem(w.client.patch(f"{URL}/{cid}", json={"place": "X"}, headers=w.member), 403)
    problem(w.client.patch(f"{URL}/{cid}", json={"place": "X"}, headers=w.observer), 403)
    problem(w.client.post(URL, json=_body(w) | {"kind": "mid_year"}, headers=w.member), 403)
    # the list shows only what the principal reads
    assert [c["id"] for c in w.ok(w.client.get(URL, headers=w.member))["items"]] == [cid]
    assert w.ok(w.client.get(URL, headers=w.outsider))["items"] == []
    assert w.ok(w.client.get(f"{URL}?campaign_id={w.cid}", headers=w.observer))["items"][0]["id"] == cid

    # a guest invited by account reads the conference, and only that
    guest_user = build.user("officer", unit_id=w.outside_unit, full_name="Trần Đắc Hiến")
    guest = w.ok(
        w.client.post(
            f"{URL}/{cid}/guests",
            json={
                "full_name": "Trần Đắc Hiến",
                "position": VICE_CHAIR,
                "user_id": guest_user["id"],
                "speaks": True,
            },
            headers=w.leader,
        ),
        201,
    )
    assert guest["user_name"] == "Trần Đắc Hiến"
    as_guest = w.headers_of(guest_user)
    assert w.client.get(f"{URL}/{cid}", headers=as_guest).status_code == 200
    assert [c["id"] for c in w.ok(w.client.get(URL, headers=as_guest))["items"]] == [cid]
    problem(w.client.patch(f"{URL}/{cid}", json={"place": "X"}, headers=as_guest), 403)
    problem(
        w.client.post(
            f"{URL}/{cid}/guests", json={"full_name": "Lại", "user_id": guest_user["id"]}, headers=w.leader
        ),
        409,
        "guest_exists",
    )
    gurl = f"{URL}/{cid}/guests/{guest['id']}"
    assert w.ok(w.client.patch(gurl, json={"attended": True}, headers=w.secretariat))["attended"] is True
    assert w.ok(w.client.get(f"{URL}/{cid}/guests", headers=w.member))["items"][0]["position"] == VICE_CHAIR
    assert w.client.delete(gurl, headers=w.leader).status_code == 204
    problem(w.client.get(f"{URL}/{cid}", headers=as_guest), 404)

    # a closed campaign: reading stays, writes are refused
    w.close_campaign()
    assert w.client.get(f"{URL}/{cid}", headers=w.member).status_code == 200
    problem(w.client.patch(f"{URL}/{cid}", json={"place": "X"}, headers=w.leader), 409, "campaign_closed")
    problem(w.act(cid, "open"), 409, "campaign_closed")


def test_agenda_needs_sessions_of_the_campaign_for_ballots_only(w: ConferenceWorld) -> None:
    cid = w.create()["id"]
    sid = w.build.voting_session(w.cid, w.units[:3], w.delegate_ids)
    other = ConferenceWorld(w.build)
    foreign = other.build.voting_session(other.cid, other.units[:2], [])
    url = f"{URL}/{cid}/agenda"
    items = [
        {"kind": "report", "title": "Báo cáo tổng kết", "speaker": "Khối trưởng"},
        {"kind": "discussion", "title": "Thảo luận"},
        {"kind": "ballot", "title": "Bình xét Cờ thi đua của Bộ", "voting_session_id": sid},
        {"kind": "guidance", "title": "Phát biểu chỉ đạo", "speaker": "Trần Đắc Hiến"},
        {"kind": "leadership", "title": "Khối trưởng, Khối phó năm 2017"},
    ]
    before = w.client.get(f"{URL}/{cid}", headers=w.leader).headers["ETag"]
    read = w.ok(w.client.put(url, json={"items": items}, headers={**w.leader, "If-Match": before}))
    assert [(i["position"], i["kind"]) for i in read["agenda"]] == [
        (1, "report"), (2, "discussion"), (3, "ballot"), (4, "guidance"), (5, "leadership")
    ]  # fmt: skip
    for bad in (
        [{"kind": "ballot", "title": "x"}],
        [{"kind": "ballot", "title": "x", "voting_session_id": foreign}],
        [{"kind": "report", "title": "x", "voting_session_id": sid}],
    ):
        problem(w.client.put(url, json={"items": bad}, headers=w.leader), 422, "voting_session_mismatch")
    assert len(w.ok(w.client.get(f"{URL}/{cid}", headers=w.leader))["agenda"]) == 5
    problem(w.client.put(url, json={"items": [{"kind": "nope", "title": "x"}]}, headers=w.leader), 422)
    problem(w.client.put(url, json={"items": items}, headers={**w.leader, "If-Match": before}), 412)


def test_delegates_check_in_attendance_and_quorum(w: ConferenceWorld) -> None:
    w.bloc_regulation({"conference_quorum_share": "3/5"})
    cid = w.create()["id"]
    a, b, c = (w.delegate(cid, i, voting=True) for i in range(3))
    problem(
        w.client.post(
            f"{URL}/{cid}/delegates",
            json={"unit_id": w.outside_unit, "full_name": "Người Ngoài"},
            headers=w.leader,
        ),
        422,
        "not_a_member",
    )
    problem(
        w.client.post(
            f"{URL}/{cid}/delegates",
            json={"unit_id": w.units[3], "full_name": "Sai Đơn Vị", "user_id": w.delegate_ids[0]},
            headers=w.leader,
        ),
        422,
        "user_not_found",
    )
    problem(
        w.client.post(
            f"{URL}/{cid}/delegates",
            json={"unit_id": w.units[3], "full_name": "Không Tài Khoản", "voting": True},
            headers=w.leader,
        ),
        409,
        "delegate_has_no_account",
    )
    problem(w.check_in(cid, a["id"]), 409, "conference_not_open")
    planned = w.attendance(cid)["totals"]
    assert planned == {
        "members": 5, "present": 0, "quorum_share": 0.6, "quorum_share_text": "3/5", "quorum_required": 3,
        "quorum_met": False,
    }  # fmt: skip

    w.ok(w.act(cid, "open"))
    first = w.ok(w.check_in(cid, a["id"]))
    assert first["checked_in_at"] is not None
    again = w.ok(w.check_in(cid, a["id"], headers=w.secretariat))
    assert again["checked_in_at"] == first["checked_in_at"]
    problem(w.check_in(cid, b["id"], headers=w.member), 403)  # another unit's officer
    w.ok(w.check_in(cid, b["id"], headers=w.deputy))  # the deputy unit's own officer
    att = w.attendance(cid)
    assert (att["totals"]["present"], att["totals"]["quorum_met"]) == (2, False)
    w.ok(w.check_in(cid, c["id"], headers=w.officer_of(w.units[2])))  # a unit checks itself in
    att = w.attendance(cid)
    assert (att["totals"]["present"], att["totals"]["quorum_required"], att["totals"]["quorum_met"]) == (
        3,
        3,
        True,
    )
    by_unit = {u["unit_id"]: u for u in att["units"]}
    assert [by_unit[u]["present"] for u in w.units] == [True, True, True, False, False]
    assert by_unit[w.units[2]]["voting_delegate_id"] == c["id"]
    assert w.ok(w.client.get(f"{URL}/{cid}/delegates?unit_id={w.units[1]}", headers=w.member))["items"] == [
        w.ok(w.client.get(f"{URL}/{cid}/delegates?unit_id={w.units[1]}", headers=w.member))["items"][0]
    ]
    assert len(w.ok(w.client.get(f"{URL}/{cid}/delegates", headers=w.member))["items"]) == 3
    assert len(w.events(a["id"])) == 2  # added, checked in once


def test_substituting_a_voting_delegate(w: ConferenceWorld, build: Builders) -> None:
    cid = w.create()["id"]
    first = w.delegate(cid, 2, voting=True)
    deputy_user = build.user("officer", unit_id=w.units[2])
    second = w.delegate(cid, 2, full_name="Phó Vụ Trưởng", user_id=deputy_user["id"])
    no_account = w.delegate(cid, 2, full_name="Chuyên Viên", user_id=None)
    url = f"{URL}/{cid}/units/{w.units[2]}/voting-delegate"
    body = {"delegate_id": second["id"], "reason": "Vụ trưởng bận đột xuất."}
    problem(w.client.put(url, json=body, headers=w.leader), 409, "conference_not_open")
    w.ok(w.act(cid, "open"))
    problem(w.client.put(url, json=body, headers=w.leader), 409, "delegate_not_checked_in")
    w.ok(w.check_in(cid, second["id"]))
    w.ok(w.check_in(cid, no_account["id"]))
    problem(
        w.client.put(url, json={**body, "delegate_id": no_account["id"]}, headers=w.leader),
        409,
        "delegate_has_no_account",
    )
    problem(w.client.put(url, json=body, headers=w.member), 403)
    sub = w.ok(w.client.put(url, json=body, headers=w.leader))
    assert (sub["from_delegate_id"], sub["to_delegate_id"]) == (first["id"], second["id"])
    assert sub["delegate"]["voting"] is True
    problem(w.client.put(url, json=body, headers=w.leader), 409, "already_voting_delegate")
    with w.session_factory() as s:
        voting = s.scalars(
            select(ConferenceDelegate.id).where(
                ConferenceDelegate.conference_id == cid, ConferenceDelegate.voting
            )
        ).all()
        assert voting == [second["id"]]
        subs = s.scalars(
            select(ConferenceSubstitution).where(ConferenceSubstitution.conference_id == cid)
        ).all()
        assert [(x.from_delegate_id, x.to_delegate_id, x.reason) for x in subs] == [
            (first["id"], second["id"], "Vụ trưởng bận đột xuất.")
        ]
    att = w.attendance(cid)
    assert {u["unit_id"]: u["voting_delegate_name"] for u in att["units"]}[w.units[2]] == "Phó Vụ Trưởng"
    # a delegate of another unit is not this unit's
    other = w.delegate(cid, 3)
    w.ok(w.check_in(cid, other["id"]))
    problem(w.client.put(url, json={**body, "delegate_id": other["id"]}, headers=w.leader), 422)
