"""The procedure after the 2016 conference in the demo (issue 13 point 8), read back through the API: the
three ministry flags decided by the minister with a numbered decision, the Government flag forwarded and
decided by the Prime Minister, each with the counting minutes in its dossier; one unit's proposal returned
with reasons, one awaiting the council."""

from __future__ import annotations

import io
from typing import Any

import docx
import pytest
from sqlalchemy import select

from app.demo import data, loader, procedure
from app.models import Decision, DecisionRecipient, Unit
from tests.support.settings import DOCUMENT_DIR

PASSWORD = "demo-password-for-tests"


@pytest.fixture
def demo(session_factory: Any, passwords: Any, settings: Any) -> loader.DemoResult:
    with session_factory() as s:
        result = loader.load(s, passwords, PASSWORD, settings=settings)
        s.commit()
    return result


def _proposals(client: Any, headers: dict[str, str]) -> dict[str, dict[str, Any]]:
    r = client.get("/api/v1/proposals", params={"year": 2016, "limit": 50}, headers=headers)
    assert r.status_code == 200, r.text
    return {
        p["id"]: client.get(f"/api/v1/proposals/{p['id']}", headers=headers).json() for p in r.json()["items"]
    }


def _documents(client: Any, pid: str, headers: dict[str, str]) -> list[dict[str, Any]]:
    r = client.get(f"/api/v1/proposals/{pid}/documents", headers=headers)
    assert r.status_code == 200, r.text
    return list(r.json()["items"])


def test_the_bloc_proposals_end_decided_with_their_decisions(demo, client, login, session_factory):
    assert demo.created["proposals"] == 4 and demo.created["proposal_documents"] == 13
    office = login(data.SECRETARIAT_USERNAME, PASSWORD)
    proposals = {p["title"]: p for p in _proposals(client, office).values() if p["origin"] == "bloc"}
    flags = proposals[procedure.MINISTRY_FLAG_PROPOSAL]
    government = proposals[procedure.GOVERNMENT_FLAG_PROPOSAL]
    assert (
        flags["status"] == "decided" and flags["origin"] == "bloc" and flags["unit_code"] == data.LEADER_CODE
    )
    assert sorted(i["unit_code"] for i in flags["proposal_items"]) == sorted(data.MINISTRY_FLAG_ELECTED)
    assert {i["status"] for i in flags["proposal_items"]} == {"decided"}
    assert all(i["council_result"]["yes"] >= i["council_result"]["required"] for i in flags["proposal_items"])
    assert all(i["verdict_outcome"] for i in flags["proposal_items"])
    assert government["status"] == "decided" and government["forwarded_to"] == procedure.FORWARDED_TO
    assert [i["unit_code"] for i in government["proposal_items"]] == data.GOVERNMENT_FLAG_ELECTED

    history = client.get(f"/api/v1/proposals/{government['id']}/transitions", headers=office).json()["items"]
    assert [t["action"] for t in history] == [a for a, _ in procedure.GOVERNMENT_FLAG_STEPS]

    with session_factory() as s:
        decisions = {d.number_text: d for d in s.scalars(select(Decision))}
        ministry = decisions["245/QĐ-BKHCN"]
        assert ministry.proposal_id == flags["id"] and not ministry.external
        names = {
            r.name: r.cash_vnd
            for r in s.scalars(select(DecisionRecipient).where(DecisionRecipient.decision_id == ministry.id))
        }
        elected = {
            s.scalars(select(Unit.name).where(Unit.code == c)).one() for c in data.MINISTRY_FLAG_ELECTED
        }
        assert set(names) == elected
        # R2016, decided 10/02/2017: 15.5 × 1,210,000 = 18,755,000, rounded up to 18,760,000 (law.md §6)
        assert set(names.values()) == {18_760_000}
        pm = decisions["1054/QĐ-TTg"]
        assert pm.external and pm.proposal_id == government["id"] and pm.register_id is None

    for proposal in (flags, government):
        minutes = [d for d in _documents(client, proposal["id"], office) if d["doc_type"] == "review_minutes"]
        assert len(minutes) == 1 and minutes[0]["generated"] is True
        content = client.get(minutes[0]["content_url"], headers=office).content
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)
        assert "BIÊN BẢN" in text and "KIỂM PHIẾU" in text.upper()
    assert DOCUMENT_DIR.is_dir()

    # Both decisions read through the API as every user may, with their Word document.
    officer = login(data.officer_username("DTG"), PASSWORD)
    listed = client.get("/api/v1/decisions", params={"limit": 50}, headers=officer).json()["items"]
    assert {d["number_text"] for d in listed} >= {"245/QĐ-BKHCN", "1054/QĐ-TTg"}
    for d in listed:
        doc = client.get(f"/api/v1/decisions/{d['id']}/document", headers=officer)
        assert doc.status_code == 200, doc.text
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(doc.content)).paragraphs)
        assert "QUYẾT ĐỊNH" in text.upper()


def test_two_units_proposals_wait_at_other_states(demo, client, login):
    office = login(data.SECRETARIAT_USERNAME, PASSWORD)
    by_unit = {p["unit_code"]: p for p in _proposals(client, office).values() if p["origin"] == "unit"}
    returned, waiting = by_unit["KHXHTN"], by_unit["KHCNKTKT"]
    assert returned["status"] == "returned" and returned["round"] == 1
    assert returned["proposal_items"][0]["status"] == "returned"
    assert "sáng kiến" in returned["proposal_items"][0]["return_reason"]
    assert returned["due_on"] is not None  # the time the unit has to resubmit
    assert waiting["status"] == "council"
    assert waiting["allowed_actions"] == ["to_signing", "forward", "reject"]

    # The unit's officer sees its returned proposal and may submit it again (once the dossier is complete).
    officer = login(data.officer_username("KHXHTN"), PASSWORD)
    mine = client.get(f"/api/v1/proposals/{returned['id']}", headers=officer).json()
    assert "submit" in mine["allowed_actions"]
    refused = client.post(f"/api/v1/proposals/{returned['id']}/submit", headers=officer)
    assert refused.status_code == 409 and refused.json()["code"] == "dossier_incomplete"
    assert [m["doc_type"] for m in refused.json()["missing"]] == ["initiative_certification"]
