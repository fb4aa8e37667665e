"""One bloc-year with a principal of every kind the permission matrix distinguishes (``app.core.policy.Who``)
and one object of every kind a route's path can name.

Units: A leads the bloc in 2016, B deputises, C is a plain member ("the unit" every request concerns), D
leads the same bloc in 2017 only, E belongs to no bloc. The 2016 campaign has a registration, a report of
C's, and a published ballot session (candidates A, B, C; the electorate is one officer of C). C has a head
(``unit_head``, not an officer) and reviews its people for 2016: one person, the same elector, the vote open
and that elector's ballot in it. The service client (bound to C) has a webhook endpoint with one delivery.
The council's chair and secretary is the same elector; the council has a second member and a draft session.
"""

from __future__ import annotations

import copy
import hashlib
from datetime import date
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, insert, select, union_all
from sqlalchemy.orm import Session

from app.core.config import DocumentDirUnset
from app.core.policy import Policy, Who
from app.core.principal import SCOPES
from app.models import (
    Achievement,
    ConferenceGuest,
    CouncilMember,
    CountingMember,
    CountingRole,
    Exclusion,
    ProposalComment,
    ProposalDocument,
    ProposalItem,
    ReviewBallot,
    ReviewVoter,
    WebhookEndpoint,
)
from app.models.base import Base, table_of
from app.models.decision import Decision, DecisionKind, DecisionRegister, DecisionStatus, Recovery
from app.voting import receipts
from app.webhooks import secrets, signing
from tests.support.builders import Builders, Headers
from tests.support.council import add_proposal
from tests.support.scoring import FULL
from tests.support.settings import TEST_SECRET
from tests.support.webhooks import add_delivery, add_event
from tests.support.year_reports import body as year_report_body

MINISTRY_FLAG = "co_thi_dua_bo"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def fingerprint(session: Session) -> tuple[int, ...]:
    """Row counts of every table (the audit trail included) and the sum of every version counter: a write
    of any kind moves at least one of them."""
    parts = []
    for table in Base.metadata.sorted_tables:
        parts.append(select(func.count()).select_from(table))
        if "version" in table.c:
            parts.append(select(func.coalesce(func.sum(table.c.version), 0)))
    return tuple(int(v) for v in session.scalars(union_all(*parts)))


class RestoringClient:
    """The test client, which puts back a record an admitted ``DELETE`` removed (same id, same columns):
    the matrix plays every admitted kind of principal against the one object the path names, and each
    must find it there."""

    def __init__(self, client: TestClient, session_factory: Any) -> None:
        self._client = client
        self._session_factory = session_factory
        self._kept: dict[str, tuple[Any, dict[str, Any]]] = {}

    def keep(self, model: Any, path: str, record_id: str) -> None:
        with self._session_factory() as s:
            row = s.get(model, record_id)
            self._kept[path] = (model, {c.name: getattr(row, c.key) for c in model.__mapper__.columns})

    def request(self, method: str, url: str, **kwargs: Any) -> Any:
        response = self._client.request(method, url, **kwargs)
        if method == "DELETE" and response.status_code < 300 and url in self._kept:
            model, values = self._kept[url]
            with self._session_factory() as s:
                s.execute(insert(table_of(model)).values(values))
                s.commit()
        return response

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)


class PermissionWorld:
    def __init__(self, build: Builders) -> None:
        self.build = build
        self.session_factory = build.session_factory
        self.client = RestoringClient(build.client, build.session_factory)
        a, b, c, d, e, f = (build.unit()["id"] for _ in range(6))
        self.unit, self.other_unit = c, e
        bloc = build.bloc(unit_ids=[a, b, c], leader=a, deputy=b, year=2016)
        build.bloc(unit_ids=[d, f], leader=d, deputy=False, year=2017, bloc_id=bloc["id"])
        self.bloc_id = bloc["id"]
        self.campaign_id = build.campaign(bloc)["id"]

        users = {
            Who.ADMIN: build.user("admin"),
            Who.SECRETARIAT: build.user("secretariat"),
            Who.OBSERVER: build.user("observer"),
            Who.OFFICER: build.user("officer", unit_id=c),
            Who.HEAD: build.user("unit_head", unit_id=c),
            Who.OTHER_OFFICER: build.user("officer", unit_id=e),
            Who.LEADER: build.user("officer", unit_id=a),
            Who.DEPUTY: build.user("officer", unit_id=b),
            Who.OTHER_LEADER: build.user("officer", unit_id=d),
            Who.ELECTOR: build.user("officer", unit_id=c),
        }
        self.user_ids = {who: u["id"] for who, u in users.items()}
        self.headers: dict[Who, Headers] = {who: build.headers_of(u) for who, u in users.items()}
        self.client_id = build.service_client(["units:read"], c)["id"]
        self._build_objects([a, b, c])

    # ---- objects the paths name --------------------------------------------------------------------

    def _ok(self, response: Any, status: int = 200) -> dict[str, Any]:
        assert response.status_code == status, response.text
        return dict(response.json())

    def _build_objects(self, candidates: list[str]) -> None:
        secretariat, leader = self.headers[Who.SECRETARIAT], self.headers[Who.LEADER]
        base = f"/api/v1/campaigns/{self.campaign_id}"
        self.registration_id = self._ok(
            self.client.post(
                f"{base}/registrations",
                json={"unit_id": self.unit, "title_code": MINISTRY_FLAG},
                headers=secretariat,
            ),
            201,
        )["id"]
        self.report_id = self._ok(
            self.client.post(
                f"{base}/reports",
                json={
                    "unit_id": self.unit,
                    "kind": "mid_year",
                    "title": "Báo cáo sơ kết",
                    "sections": [{"heading": "Kết quả", "body": "Hoàn thành."}],
                },
                headers=self.headers[Who.OFFICER],
            ),
            201,
        )["id"]
        self.build.criteria(self.campaign_id)
        scores = {"entries": FULL}
        self._ok(
            self.client.put(
                f"{base}/units/{self.unit}/scores/self", json=scores, headers=self.headers[Who.OFFICER]
            )
        )
        self._ok(self.client.put(f"{base}/units/{self.unit}/scores/review", json=scores, headers=leader))
        pledge = {
            "title": "Giao ước thi đua năm 2016",
            "commitments": [{"text": "Hoàn thành xuất sắc nhiệm vụ."}],
        }
        self._ok(self.client.put(f"{base}/pledge", json=pledge, headers=leader))
        url = "/api/v1/voting-sessions"
        self.session_id = self._ok(
            self.client.post(
                url,
                json={
                    "campaign_id": self.campaign_id,
                    "title_code": MINISTRY_FLAG,
                    "seats": 1,
                    "candidate_ids": candidates,
                    "electorate_user_ids": [self.user_ids[Who.ELECTOR]],
                },
                headers=leader,
            ),
            201,
        )["id"]
        self._ok(self.client.post(f"{url}/{self.session_id}/open", headers=leader))
        self.receipt = self._ok(
            self.client.post(
                f"{url}/{self.session_id}/ballots",
                json={"choices": [self.unit]},
                headers=self.headers[Who.ELECTOR],
            ),
            201,
        )["receipt"]
        self._ok(self.client.post(f"{url}/{self.session_id}/close", headers=leader))
        self._ok(self.client.post(f"{url}/{self.session_id}/publish", headers=leader))
        self._build_people()
        awards = self._ok(self.client.get("/api/v1/awards", headers=secretariat))["items"]
        self.award_id = awards[0]["id"] if awards else "no-award"
        events = self._ok(self.client.get("/api/v1/audit-events", headers=self.headers[Who.ADMIN]))["items"]
        self.event_id = events[0]["id"]
        self._build_review()
        self._build_webhooks()
        self._build_proposal()
        self._build_council()
        self._build_decisions()
        self._build_year_report()
        self._build_counting()
        self._build_conference()

    def _build_proposal(self) -> None:
        """C's draft proposal of its person for the ministry's emulation soldier, with one comment (written
        directly: comments are recorded during a consultation)."""
        item = {"person_id": self.person_id, "title_code": "chien_si_thi_dua_cap_bo", "achievements": "Tốt."}
        body = {"unit_id": self.unit, "year": 2016, "title": "Đề nghị tặng CSTĐ cấp Bộ", "items": [item]}
        proposal = self._ok(
            self.client.post("/api/v1/proposals", json=body, headers=self.headers[Who.OFFICER]), 201
        )
        self.proposal_id, self.item_id = proposal["id"], proposal["proposal_items"][0]["id"]
        self.document_id = self._document()
        with self.session_factory() as s:
            comment = ProposalComment(
                proposal_id=self.proposal_id, author_name="Nguyễn Văn Góp", body="Ý kiến."
            )
            s.add(comment)
            s.commit()
            self.comment_id = comment.id
        self.client.keep(
            ProposalItem, f"/api/v1/proposals/{self.proposal_id}/items/{self.item_id}", self.item_id
        )

    # ---- the bloc's year report (app/year_reports) ----

    def _build_year_report(self) -> None:
        """The campaign's year report (version 1, drafted by the leader) with C's pending addition."""
        base = f"/api/v1/campaigns/{self.campaign_id}/year-report"
        self._ok(self.client.put(base, json=year_report_body(), headers=self.headers[Who.LEADER]), 201)
        addition = {"unit_id": self.unit, "section_key": "results", "kind": "addition", "text": "Bổ sung."}
        self.contribution_id = self._ok(
            self.client.post(f"{base}/contributions", json=addition, headers=self.headers[Who.OFFICER]), 201
        )["id"]

    def _build_webhooks(self) -> None:
        """A webhook endpoint of the world's service client, with one delivery of one event (written as
        the worker would: no URL is called)."""
        with self.session_factory() as s:
            endpoint = WebhookEndpoint(
                client_id=self.client_id,
                url="https://portal.example.gov.vn/hooks",
                event_types=["unit.created"],
                secret_encrypted=secrets.encrypt(signing.new_secret(), master=TEST_SECRET),
            )
            s.add(endpoint)
            s.commit()
            self.endpoint_id = endpoint.id
        self.delivery_id = add_delivery(
            self.session_factory, self.endpoint_id, add_event(self.session_factory)
        )
        self.client.keep(WebhookEndpoint, f"/api/v1/webhook-endpoints/{self.endpoint_id}", self.endpoint_id)

    def _build_decisions(self) -> None:
        """A register of 2017, an issued award decision of it naming the world's award, a revocation of that
        decision with its recovery (drafts are not in the world: an issued decision is what every reader may
        see)."""
        with self.session_factory() as s:
            register = DecisionRegister(
                authority_code="BKHCN", authority_name="Bộ", year=2017, symbol="QĐ-BKHCN", last_number=2
            )
            s.add(register)
            s.flush()
            common = {"register_id": register.id, "authority_code": "BKHCN", "authority_name": "Bộ"}
            award = Decision(
                **common,
                kind=DecisionKind.AWARD,
                status=DecisionStatus.ISSUED,
                number=1,
                number_text="1/QĐ-BKHCN",
                subject="Về việc tặng",
                decision_date=date(2017, 1, 15),
                legal_grounds=[],
            )
            s.add(award)
            s.flush()
            revocation = Decision(
                **common,
                kind=DecisionKind.REVOCATION,
                status=DecisionStatus.ISSUED,
                number=2,
                number_text="2/QĐ-BKHCN",
                subject="Về việc hủy bỏ",
                decision_date=date(2017, 6, 1),
                legal_grounds=[],
                target_decision_id=award.id,
                revocation_ground="khai_gian_doi",
            )
            s.add(revocation)
            s.flush()
            recovery = Recovery(decision_id=revocation.id, award_id=self.award_id, money_due_vnd=1_000_000)
            s.add(recovery)
            s.commit()
            self.decision_id, self.recovery_id = award.id, recovery.id

    def _build_review(self) -> None:
        """C's review of its people (the one person) for 2016, voting, with the elector's ballot. The ballot
        is written directly with the session's receipt, so the one `receipt` path value is a receipt of
        both."""
        self.review_id = self._ok(
            self.client.post(
                f"/api/v1/units/{self.unit}/reviews",
                json={
                    "year": 2016,
                    "title_code": "lao_dong_tien_tien",
                    "electorate_user_ids": [self.user_ids[Who.ELECTOR]],
                },
                headers=self.headers[Who.OFFICER],
            ),
            201,
        )["id"]
        self._ok(self.client.post(f"/api/v1/reviews/{self.review_id}/open", headers=self.headers[Who.HEAD]))
        with self.session_factory() as s:
            s.add(ReviewVoter(review_id=self.review_id, user_id=self.user_ids[Who.ELECTOR]))
            s.add(
                ReviewBallot(
                    id=receipts.new_ballot_id(),
                    review_id=self.review_id,
                    receipt_hash=receipts.receipt_hash(self.receipt),
                    choices={self.person_id: "yes"},
                )
            )
            s.commit()

    def _build_council(self) -> None:
        """A council whose chair and secretary is the elector, a second member (no account), and a draft
        session on one item of a proposal waiting for the council."""
        secretariat = self.headers[Who.SECRETARIAT]
        body = {"name": "Hội đồng Thi đua - Khen thưởng", "authority": "Bộ", "term_start": "2021-07-01"}
        self.council_id = self._ok(self.client.post("/api/v1/councils", json=body, headers=secretariat), 201)[
            "id"
        ]
        members = f"/api/v1/councils/{self.council_id}/members"
        chair = {
            "full_name": "Chủ Tịch",
            "role": "chair",
            "is_secretary": True,
            "user_id": self.user_ids[Who.ELECTOR],
        }
        self._ok(self.client.post(members, json=chair, headers=secretariat), 201)
        self.member_id = self._ok(
            self.client.post(members, json={"full_name": "Ủy Viên"}, headers=secretariat), 201
        )["id"]
        self.client.keep(CouncilMember, f"{members}/{self.member_id}", self.member_id)
        [item] = add_proposal(self.build, [(f"person:{self.person_id}", "chien_si_thi_dua_cap_bo")])
        self.council_session_id = self._ok(
            self.client.post(
                f"/api/v1/councils/{self.council_id}/sessions",
                json={"held_on": "2024-12-20", "agenda": [item]},
                headers=secretariat,
            ),
            201,
        )["id"]

    def _build_counting(self) -> None:
        """The published session's counting committee (paper counts, issue 14.4): the elector as its head,
        entering counts with their account, and a member named only (written directly: the committee is
        named while a session is a draft or open)."""
        with self.session_factory() as s:
            s.add(
                CountingMember(
                    session_id=self.session_id,
                    position=1,
                    full_name="Trưởng Ban",
                    role=CountingRole.HEAD,
                    user_id=self.user_ids[Who.ELECTOR],
                )
            )
            s.add(CountingMember(session_id=self.session_id, position=2, full_name="Ủy Viên"))
            s.commit()

    def _build_conference(self) -> None:
        """The campaign's year-end conference, planned, with a guest (no account) and a delegate of C (the
        elector's account)."""
        leader, url = self.headers[Who.LEADER], "/api/v1/conferences"
        body = {
            "campaign_id": self.campaign_id,
            "kind": "year_end",
            "title": "Hội nghị",
            "held_on": "2016-12-20",
        }
        self.conference_id = self._ok(self.client.post(url, json=body, headers=leader), 201)["id"]
        conference = f"{url}/{self.conference_id}"
        guest = {"full_name": "Trần Đắc Hiến", "position": "Phó Chủ tịch Hội đồng Thi đua, Khen thưởng Bộ"}
        self.guest_id = self._ok(self.client.post(f"{conference}/guests", json=guest, headers=leader), 201)[
            "id"
        ]
        self.client.keep(ConferenceGuest, f"{conference}/guests/{self.guest_id}", self.guest_id)
        delegate = {"unit_id": self.unit, "full_name": "Đại Biểu", "user_id": self.user_ids[Who.ELECTOR]}
        self.delegate_id = self._ok(
            self.client.post(f"{conference}/delegates", json=delegate, headers=leader), 201
        )["id"]

    def _build_people(self) -> None:
        """A person of the unit, with an achievement, an exclusion and a rating of 2016; the unit's rating of
        2016."""
        self.person_id = self.build.person(self.unit, birth_date=date(1980, 5, 1))["id"]
        self.achievement_id = self.build.achievement(person_id=self.person_id)["id"]
        self.exclusion_id = self.build.exclusion(person_id=self.person_id)["id"]
        self.build.rating(person_id=self.person_id)
        self.build.rating(unit_id=self.unit)
        self.client.keep(Achievement, f"/api/v1/achievements/{self.achievement_id}", self.achievement_id)
        self.client.keep(Exclusion, f"/api/v1/exclusions/{self.exclusion_id}", self.exclusion_id)

    def _document(self) -> str:
        """A submission in the proposal's dossier: uploaded where the settings name a document directory (a
        SQLite file's), else its row written directly (its bytes are then nowhere: reading them fails)."""
        try:
            self.client.app.state.settings.document_directory()
        except DocumentDirUnset:
            with self.session_factory() as s:
                doc = ProposalDocument(
                    proposal_id=self.proposal_id,
                    doc_type="submission",
                    filename="to-trinh.pdf",
                    media_type="application/pdf",
                    size_bytes=len(PDF),
                    sha256=hashlib.sha256(PDF).hexdigest(),
                )
                s.add(doc)
                s.commit()
                return doc.id
        r = self.client.post(
            f"/api/v1/proposals/{self.proposal_id}/documents",
            params={"doc_type": "submission", "filename": "to-trinh.pdf"},
            content=PDF,
            headers={**self.headers[Who.OFFICER], "Content-Type": "application/pdf"},
        )
        return str(self._ok(r, 201)["id"])

    # ---- built once, restored per case -------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        """What the world knows beside its database: the ids and tokens of what it made, and the records a
        ``DELETE`` puts back. With a copy of its database, ``restored`` makes the same world again."""
        own = {k: v for k, v in vars(self).items() if k not in ("build", "session_factory", "client")}
        return copy.deepcopy(own | {"_kept": self.client._kept})

    @classmethod
    def restored(cls, build: Builders, state: dict[str, Any]) -> PermissionWorld:
        """The world whose ``state()`` this was, on a copy of its database that ``build`` writes to."""
        world = cls.__new__(cls)
        world.build, world.session_factory = build, build.session_factory
        world.client = RestoringClient(build.client, build.session_factory)
        state = copy.deepcopy(state)
        world.client._kept = state.pop("_kept")
        vars(world).update(state)
        return world

    def path_params(self, **over: str) -> dict[str, str]:
        return (
            over
            | {
                "campaign_id": self.campaign_id,
                "unit_id": self.unit,
                "session_id": self.session_id,
                "receipt": self.receipt,
                "report_id": self.report_id,
                "registration_id": self.registration_id,
                "award_id": self.award_id,
                "user_id": self.user_ids[Who.OFFICER],
                "client_id": self.client_id,
                "bloc_id": self.bloc_id,
                "year": "2016",
                "code": MINISTRY_FLAG,
                "event_id": self.event_id,
                "person_id": self.person_id,
                "achievement_id": self.achievement_id,
                "exclusion_id": self.exclusion_id,
                "review_id": self.review_id,
                "endpoint_id": self.endpoint_id,
                "delivery_id": self.delivery_id,
                "council_id": self.council_id,
                "member_id": self.member_id,
                "council_session_id": self.council_session_id,
                "proposal_id": self.proposal_id,
                "item_id": self.item_id,
                "comment_id": self.comment_id,
                "document_id": self.document_id,
                "decision_id": self.decision_id,
                "recovery_id": self.recovery_id,
                "day": "2016-05-04",
                "contribution_id": self.contribution_id,
                "number": "1",
                "conference_id": self.conference_id,
                "guest_id": self.guest_id,
                "delegate_id": self.delegate_id,
            }
            | over
        )

    def body(self) -> dict[str, Any]:
        """Names the unit and the campaign where a policy reads them from the body; otherwise invalid."""
        return {"unit_id": self.unit, "campaign_id": self.campaign_id}

    # ---- principals --------------------------------------------------------------------------------

    def headers_of(self, who: Who, policy: Policy) -> Headers:
        """The credentials of ``who``; service clients get (or lack) the scopes ``policy`` names."""
        if who is Who.ANONYMOUS:
            return {}
        if who in self.headers:
            return self.headers[who]
        wanted = set(policy.scopes)
        scopes = sorted(wanted) if who is Who.CLIENT_SCOPED else sorted(set(SCOPES) - wanted)
        return self.build.client_token(scopes, self.unit)

    def fingerprint(self) -> tuple[int, ...]:
        with self.session_factory() as s:
            return fingerprint(s)
