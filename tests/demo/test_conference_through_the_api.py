"""The article's conference, whole, played through the API (issue 14): the leader's report and the members'
additions, the conference with its guest and the 16 units' delegates checked in, the ministry flag counted
on paper by the committee, the Government flag voted electronically with one delegate per unit, the report
adopted, next year's leadership by the bloc's rotation rule, the minutes, and the 2017 membership drafted
and adopted. The demo provides only the units, bloc, campaign and logins (``history=False``)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from fastapi.testclient import TestClient

from app.demo import conference as article
from app.demo import data, loader
from tests.support.docx_reading import Doc

API = "/api/v1"
PASSWORD = "demo-password-for-the-whole-conference"
CODES = [code for code, *_ in data.UNITS]
NAMES = {code: name for code, name, *_ in data.UNITS}


def ok(r: Any, status: int = 200) -> Any:
    assert r.status_code == status, r.text
    return r.json()


def test_the_whole_conference_through_the_api(
    client: TestClient, session_factory: Any, passwords: Any, login: Any
) -> None:
    with session_factory() as s:
        loader.load(s, passwords, PASSWORD, history=False)
        s.commit()
    leader = login(data.officer_username(data.LEADER_CODE), PASSWORD)
    secretariat = login(data.SECRETARIAT_USERNAME, PASSWORD)
    officers = {code: login(data.officer_username(code), PASSWORD) for code in CODES}
    me = ok(client.get(f"{API}/auth/me", headers=leader))
    campaign_id, bloc_id = me["memberships"][0]["campaign_id"], me["memberships"][0]["bloc_id"]
    units = {u["code"]: u["id"] for u in ok(client.get(f"{API}/units?limit=100", headers=leader))["items"]}
    user_of = {code: ok(client.get(f"{API}/auth/me", headers=h))["id"] for code, h in officers.items()}
    report_url = f"{API}/campaigns/{campaign_id}/year-report"

    # 1. The leader drafts the report; three members propose additions; two are accepted, one declined.
    sections = [
        {"key": "results", "heading": article.HEADINGS["results"], "body": article.RESULTS},
        {"key": "evaluation", "heading": article.HEADINGS["evaluation"], "body": article.EVALUATION},
        {"key": "direction", "heading": article.HEADINGS["direction"], "body": article.DIRECTION},
    ]
    draft = {"title": article.REPORT_TITLE, "sections": sections, "note": article.DRAFT_NOTE}
    assert ok(client.put(report_url, json=draft, headers=leader), 201)["current_version"] == 1
    answers = []
    for code, section, text, _day, status, reply, _answered in article.CONTRIBUTIONS:
        body = {"unit_id": units[code], "section_key": section, "kind": "addition", "text": text}
        made = ok(client.post(f"{report_url}/contributions", json=body, headers=officers[code]), 201)
        answers.append((made["id"], status, reply, text, section))
    for contribution_id, status, reply, _text, _section in answers:
        action = "accept" if status == "accepted" else "decline"
        url = f"{report_url}/contributions/{contribution_id}/{action}"
        ok(client.post(url, json={"reply": reply}, headers=leader))
    current = ok(client.get(report_url, headers=officers["VP"]))
    assert current["current_version"] == 3 and current["status"] == "drafting"
    compared = ok(client.get(f"{report_url}/compare", params={"from": 1, "to": 3}, headers=leader))
    added = [p for s in compared["sections"] for p in s["added"]]
    assert added == [text for _id, status, _r, text, _s in answers if status == "accepted"]
    contributions = ok(client.get(f"{report_url}/contributions", headers=leader))["items"]
    assert Counter(c["status"] for c in contributions) == {"accepted": 2, "declined": 1}

    # 2. The conference: the council's vice-chair as guest, one delegate per unit checked in, quorum met.
    conference = ok(
        client.post(
            f"{API}/conferences",
            json={
                "campaign_id": campaign_id,
                "kind": "year_end",
                "title": article.TITLE,
                "held_on": article.HELD_ON.isoformat(),
                "place": article.PLACE,
                "chaired_by": article.CHAIR_ROLE,
            },
            headers=leader,
        ),
        201,
    )
    conf_url = f"{API}/conferences/{conference['id']}"
    guest = {
        "full_name": article.GUEST_NAME,
        "position": article.GUEST_POSITION,
        "organisation": article.GUEST_ORGANISATION,
        "speaks": True,
        "attended": True,
    }
    ok(client.post(f"{conf_url}/guests", json=guest, headers=leader), 201)
    delegate_ids = []
    for code in CODES:
        delegate = {
            "unit_id": units[code],
            "full_name": f"Cán bộ thi đua – {NAMES[code]}",
            "position": article.OFFICER_POSITION,
            "user_id": user_of[code],
            "voting": True,
        }
        delegate_ids.append(
            ok(client.post(f"{conf_url}/delegates", json=delegate, headers=leader), 201)["id"]
        )
    ok(client.post(f"{conf_url}/open", headers=leader))  # check-in starts when the conference opens
    for delegate_id in delegate_ids:
        ok(client.post(f"{conf_url}/delegates/{delegate_id}/check-in", headers=leader))
    totals = ok(client.get(f"{conf_url}/attendance", headers=officers["VP"]))["totals"]
    assert (totals["members"], totals["present"], totals["quorum_met"]) == (16, 16, True)

    # 3. The ministry flag on paper: the committee's two members count alone, and agree.
    ministry = ok(
        client.post(
            f"{API}/voting-sessions",
            json={
                "campaign_id": campaign_id,
                "title_code": data.MINISTRY_FLAG,
                "name": data.MINISTRY_FLAG_SESSION_NAME,
                "seats": data.MINISTRY_FLAG_SEATS,
                "candidate_ids": [units[c] for c in CODES],
                "electorate_user_ids": [user_of[c] for c in CODES],
                "method": "paper",
                "conference_id": conference["id"],
            },
            headers=leader,
        ),
        201,
    )
    vs_url = f"{API}/voting-sessions/{ministry['id']}"
    committee = {
        "members": [
            {
                "full_name": "Lê Thị Thu Hà",
                "title": "Vụ Tổ chức cán bộ",
                "role": "head",
                "user_id": user_of["TCCB"],
            },
            {
                "full_name": "Đỗ Minh Tuấn",
                "title": "Thanh tra Bộ",
                "role": "member",
                "user_id": user_of["TTRA"],
            },
        ]
    }
    ok(client.put(f"{vs_url}/counting-committee", json=committee, headers=leader))
    ok(client.post(f"{vs_url}/open", headers=leader))
    refused = client.post(f"{vs_url}/ballots", json={"choices": []}, headers=officers["VP"])
    assert refused.status_code == 409 and refused.json()["code"] == "paper_session"
    ok(client.post(f"{vs_url}/close", headers=leader))
    tallied = Counter(code for ballot in data.MINISTRY_FLAG_BALLOTS for code in ballot)
    count = {
        "issued": 16,
        "returned": 16,
        "valid": 16,
        "invalid": 0,
        "blank": sum(1 for b in data.MINISTRY_FLAG_BALLOTS if not b),
        "invalid_reasons": [],
        "votes": {units[c]: tallied.get(c, 0) for c in CODES},
    }
    wrong = {**count, "votes": {**count["votes"], units["DTG"]: 13}}
    ok(client.put(f"{vs_url}/paper-counts/mine", json=count, headers=officers["TCCB"]))
    ok(client.put(f"{vs_url}/paper-counts/mine", json=wrong, headers=officers["TTRA"]))
    refused = client.post(f"{vs_url}/publish", headers=leader)
    assert refused.status_code == 409 and refused.json()["code"] == "paper_counts_disagree"
    ok(client.put(f"{vs_url}/paper-counts/mine", json=count, headers=officers["TTRA"]))
    ok(client.post(f"{vs_url}/publish", headers=leader))
    results = ok(client.get(f"{vs_url}/results", headers=officers["VP"]))
    assert results["elected"] == [units[c] for c in data.MINISTRY_FLAG_ELECTED]

    # 4. The Government flag: electronic, one delegate per unit, candidates the ministry flag's three.
    government = ok(
        client.post(
            f"{API}/voting-sessions",
            json={
                "campaign_id": campaign_id,
                "title_code": data.GOVERNMENT_FLAG,
                "name": data.GOVERNMENT_FLAG_SESSION_NAME,
                "seats": data.GOVERNMENT_FLAG_SEATS,
                "candidates_from": {"session_id": ministry["id"]},
                "one_delegate_per_unit": True,
                "conference_id": conference["id"],
            },
            headers=leader,
        ),
        201,
    )
    gov_url = f"{API}/voting-sessions/{government['id']}"
    ok(client.post(f"{gov_url}/open", headers=leader))
    for code, ballot in zip(CODES, data.GOVERNMENT_FLAG_BALLOTS, strict=True):
        cast = {"choices": [units[c] for c in ballot]}
        ok(client.post(f"{gov_url}/ballots", json=cast, headers=officers[code]), 201)
    again = client.post(f"{gov_url}/ballots", json={"choices": []}, headers=officers["VP"])
    assert again.status_code == 409 and again.json()["code"] == "already_voted"
    turnout = ok(client.get(f"{gov_url}/turnout", headers=officers["VP"]))
    assert (turnout["electorate"], turnout["voted"], turnout["i_voted"]) == (16, 16, True)
    ok(client.post(f"{gov_url}/close", headers=leader))
    ok(client.post(f"{gov_url}/publish", headers=leader))
    gov_results = ok(client.get(f"{gov_url}/results", headers=officers["VP"]))
    assert gov_results["elected"] == [units[c] for c in data.GOVERNMENT_FLAG_ELECTED]

    # 5. The report adopted at the conference (then frozen); next year's leadership by rotation.
    adopt = {"version": 3, "conference_id": conference["id"]}
    assert ok(client.post(f"{report_url}/adopt", json=adopt, headers=leader))["status"] == "adopted"
    frozen = client.put(report_url, json=draft, headers=leader)
    assert frozen.status_code == 409 and frozen.json()["code"] == "year_report_adopted"
    agenda = {
        "items": [
            {"kind": kind, "title": title}
            | ({"voting_session_id": ministry["id"]} if "Cờ thi đua của Bộ" in title else {})
            | ({"voting_session_id": government["id"]} if "Chính phủ" in title else {})
            for kind, title, _speaker, _outcome in article.AGENDA
        ]
    }
    ok(client.put(f"{conf_url}/agenda", json=agenda, headers=leader))
    leadership = ok(client.post(f"{conf_url}/leadership", json={"method": "rotation"}, headers=leader), 201)
    # PTDP leads 2016 without a deputy: the member after it (by code) leads 2017, the next one deputises.
    by_code = sorted(CODES)
    after = by_code[(by_code.index(data.LEADER_CODE) + 1) % 16]
    then = by_code[(by_code.index(after) + 1) % 16]
    assert (leadership["leader_unit_id"], leadership["deputy_unit_id"]) == (units[after], units[then])
    ok(client.post(f"{conf_url}/close", headers=leader))

    # 6. The minutes say it all: guest, attendance, the two ballots' winners, the report, next year's leader.
    minutes = client.get(f"{conf_url}/minutes", headers=officers["VP"])
    assert minutes.status_code == 200, minutes.text
    doc = Doc(minutes.content)
    text = doc.text + "\n".join(c for t in doc.tables for row in t for c in row)
    for expected in (article.GUEST_NAME, NAMES["DTG"], NAMES["KHXHTN"], NAMES["KHCNKTKT"], NAMES[after]):
        assert expected in text
    assert "16/16" in text

    # 7. Next year's membership, drafted from the leadership and adopted by the secretariat.
    draft_url = f"{API}/blocs/{bloc_id}/years/2017/members/draft"
    drafted = ok(client.get(draft_url, headers=secretariat))
    roles = {m["unit_code"]: m["role"] for m in drafted["members"]}
    assert roles[after] == "leader" and roles[then] == "deputy" and len(roles) == 16
    ok(client.post(f"{draft_url}/adopt", headers=secretariat))
    members = ok(client.get(f"{API}/blocs/{bloc_id}/years/2017/members", headers=secretariat))["members"]
    assert {m["unit_id"]: m["role"] for m in members}[units[after]] == "leader"
