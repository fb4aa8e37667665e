"""The fuzzing world: the permission matrix's bloc-year (``tests.support.permissions``) with the objects
in the states that let a request reach its service (a ranked unit, a draft ballot session, a counted
review, a campaign whose criteria and sheets are still open), a valid JSON body for every operation that
takes a number or a date, and a principal each route admits. The extreme-input tests and the fuzzer
(tests/core/test_extreme_inputs.py, tests/core/test_fuzz.py) stand on it."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from app.core.policy import Policy, Who
from app.models import Award, BlocMember
from app.models.base import new_id
from tests.support.builders import Builders, Headers
from tests.support.permissions import PermissionWorld

API = "/api/v1"


def path_of(template: str, params: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: params[m.group(1)], template)


# Who makes the request: the first kind the route admits, in this order (the secretariat reaches most).
PREFERENCE = [
    Who.SECRETARIAT,
    Who.ADMIN,
    Who.LEADER,
    Who.OFFICER,
    Who.HEAD,
    Who.ELECTOR,
    Who.CLIENT_SCOPED,
    Who.OBSERVER,
    Who.DEPUTY,
    Who.OTHER_OFFICER,
    Who.OTHER_LEADER,
    Who.CLIENT,
    Who.ANONYMOUS,
]


class World(PermissionWorld):
    """The permission matrix's bloc-year, with valid bodies for the operations that take numbers or dates."""

    def __init__(self, build: Builders) -> None:
        super().__init__(build)
        self._seq = itertools.count(1)
        self._years = itertools.count(0)  # the years of fresh objects: 2100, 2101, ...
        self._headers: dict[tuple[Who, str], Headers] = {}
        secretariat, head = self.headers[Who.SECRETARIAT], self.headers[Who.HEAD]
        base = f"{API}/campaigns/{self.campaign_id}/units/{self.unit}/scores/self"
        self._ok(self.client.post(f"{base}/submit", headers=self.headers[Who.OFFICER]))  # C is ranked
        draft = {
            "campaign_id": self.campaign_id,
            "title_code": "co_thi_dua_bo",
            "seats": 1,
            "candidate_ids": [self.unit],
            "electorate_user_ids": [self.user_ids[Who.ELECTOR]],
        }
        draft_id = self._ok(self.client.post(f"{API}/voting-sessions", json=draft, headers=secretariat), 201)[
            "id"
        ]
        # A review of C's people counted (no ballots), for the decision's date.
        review = {
            "year": 2016,
            "title_code": "chien_si_thi_dua_co_so",
            "electorate_user_ids": [self.user_ids[Who.ELECTOR]],
        }
        reviews = f"{API}/units/{self.unit}/reviews"
        counted_id = self._ok(self.client.post(reviews, json=review, headers=self.headers[Who.OFFICER]), 201)[
            "id"
        ]
        for action in ("open", "close"):
            self._ok(self.client.post(f"{API}/reviews/{counted_id}/{action}", headers=head))
        # Scoring in 2017 (D leads, F is a member): the 2016 sheet above is submitted, which locks them.
        with self.session_factory() as s:
            member_2017 = s.scalars(
                select(BlocMember.unit_id).where(BlocMember.year == 2017, BlocMember.role == "member")
            ).one()
        campaign_2017 = self.build.campaign({"id": self.bloc_id, "year": 2017})["id"]
        scoring = {"campaign_id": campaign_2017, "unit_id": member_2017}
        self.overrides = {
            "PUT /api/v1/campaigns/{campaign_id}/criteria": scoring,
            "PUT /api/v1/campaigns/{campaign_id}/units/{unit_id}/scores/{stage}": scoring,
            "POST /api/v1/campaigns/{campaign_id}/scores/bulk": scoring,
            "PATCH /api/v1/voting-sessions/{session_id}": {"session_id": draft_id},
            "POST /api/v1/reviews/{review_id}/decide": {"review_id": counted_id},
            "PUT /api/v1/voting-sessions/{session_id}/paper-counts/mine": {
                "session_id": self._paper_session()
            },
        }

        criteria = self.bodies()["PUT /api/v1/campaigns/{campaign_id}/criteria"]()
        self._ok(
            self.client.put(f"{API}/campaigns/{campaign_2017}/criteria", json=criteria, headers=secretariat)
        )

    def _paper_session(self) -> str:
        """A closed paper session (candidate C, the elector its electorate) whose counting committee has the
        elector (head) and the leader entering counts: the paper count's values reach the service."""
        leader = self.headers[Who.LEADER]
        url = f"{API}/voting-sessions"
        body = {
            "campaign_id": self.campaign_id,
            "title_code": "co_thi_dua_bo",
            "seats": 1,
            "candidate_ids": [self.unit],
            "electorate_user_ids": [self.user_ids[Who.ELECTOR]],
            "method": "paper",
        }
        sid = str(self._ok(self.client.post(url, json=body, headers=leader), 201)["id"])
        members = [
            {"full_name": "Trưởng Ban", "role": "head", "user_id": self.user_ids[Who.ELECTOR]},
            {"full_name": "Ủy Viên", "user_id": self.user_ids[Who.LEADER]},
        ]
        self._ok(
            self.client.put(f"{url}/{sid}/counting-committee", json={"members": members}, headers=leader)
        )
        for action in ("open", "close"):
            self._ok(self.client.post(f"{url}/{sid}/{action}", headers=leader))
        return sid

    def params_for(self, operation: str) -> dict[str, str]:
        """The path's values: the world's objects, in the state the operation needs."""
        return self.path_params(stage="self") | self.overrides.get(operation, {})

    def fresh(self, operation: str) -> dict[str, str]:
        """For an operation that acts once (a decision), a new object in the state it needs: each value
        sent meets one, rather than a 409 after the first is taken. Empty for the others."""
        if operation == "POST /api/v1/awards/{award_id}/decide":
            award_id = new_id()
            with self.session_factory() as s:
                s.add(
                    Award(
                        id=award_id,
                        unit_id=self.build.unit()["id"],
                        title_code="tap_the_lao_dong_tien_tien",
                        year=2016,
                        status="proposed",
                    )
                )
                s.commit()
            return {"award_id": award_id}
        if operation == "POST /api/v1/reviews/{review_id}/decide":
            review = {
                "year": 2100 + next(self._years),
                "title_code": "lao_dong_tien_tien",
                "electorate_user_ids": [self.user_ids[Who.ELECTOR]],
            }
            url = f"{API}/units/{self.unit}/reviews"
            review_id = self._ok(self.client.post(url, json=review, headers=self.headers[Who.OFFICER]), 201)[
                "id"
            ]
            for action in ("open", "close"):
                self._ok(
                    self.client.post(f"{API}/reviews/{review_id}/{action}", headers=self.headers[Who.HEAD])
                )
            return {"review_id": review_id}
        return {}

    def unique(self, prefix: str) -> str:
        return f"{prefix}{next(self._seq):05d}"

    def principal(self, policy: Policy, params: dict[str, str]) -> Headers:
        admitted = policy.admits_for(params)
        who = next(w for w in PREFERENCE if w in admitted)
        key = (who, policy.name)
        if key not in self._headers:
            self._headers[key] = self.headers_of(who, policy)
        return self._headers[key]

    def bodies(self) -> dict[str, Callable[[], dict[str, Any]]]:
        """A valid body for every operation whose JSON body holds a number or a date."""
        unit, campaign = self.unit, self.campaign_id
        elector = self.user_ids[Who.ELECTOR]
        bulk = "POST /api/v1/campaigns/{campaign_id}/scores/bulk"
        entry = {"criterion": "1.1.1.1", "points": 4}  # the one item of ``criteria``
        criteria = {
            "criteria": [
                {
                    "code": "1",
                    "title": "Nhiệm vụ",
                    "children": [
                        {
                            "code": "1.1",
                            "title": "Kế hoạch",
                            "children": [
                                {
                                    "code": "1.1.1",
                                    "title": "Kế hoạch quý",
                                    "children": [
                                        {
                                            "code": "1.1.1.1",
                                            "title": "Quý I",
                                            "max_points": 5,
                                            "kind": "standard",
                                        }
                                    ],
                                }
                            ],
                        }
                    ],
                }
            ]
        }
        person_body = lambda: {  # noqa: E731
            "code": self.unique("CB"),
            "full_name": "Nguyễn Văn Bình",
            "gender": "male",
            "unit_id": unit,
            "birth_date": "1980-01-01",
            "started_on": "2010-01-01",
        }
        achievement = {"kind": "initiative", "title": "Sáng kiến", "year": 2016, "scope": "unit"}
        exclusion = {
            "kind": "discipline",
            "measure": "reprimand",
            "starts_on": "2016-03-01",
            "ends_on": "2016-09-01",
        }
        session = {
            "campaign_id": campaign,
            "title_code": "co_thi_dua_bo",
            "seats": 1,
            "candidates_from": {"ranking": {"top": 3, "min_total": 0}},
            "electorate_user_ids": [elector],
            "max_choices": 1,
            "threshold": {"share": 0.5, "of": "cast", "inclusive": False},
            "quorum": 0.5,
        }
        return {
            "POST /api/v1/people": person_body,
            "PUT /api/v1/people/by-code/{code}": lambda: {
                k: v for k, v in person_body().items() if k != "code"
            },
            "PATCH /api/v1/people/{person_id}": lambda: {"birth_date": "1980-01-01"},
            "POST /api/v1/people/{person_id}/transfers": lambda: {
                "unit_id": self.other_unit,
                "on": "2016-07-01",
            },
            "POST /api/v1/people/{person_id}/achievements": lambda: dict(
                achievement, recognised_on="2016-05-01"
            ),
            "POST /api/v1/units/{unit_id}/achievements": lambda: dict(
                achievement, recognised_on="2016-05-01"
            ),
            "PATCH /api/v1/achievements/{achievement_id}": lambda: {
                "year": 2016,
                "recognised_on": "2016-05-01",
            },
            "POST /api/v1/people/{person_id}/exclusions": lambda: dict(exclusion),
            "POST /api/v1/units/{unit_id}/exclusions": lambda: dict(exclusion),
            "PATCH /api/v1/exclusions/{exclusion_id}": lambda: dict(
                starts_on="2016-03-01", ends_on="2016-09-01"
            ),
            "PUT /api/v1/people/{person_id}/ratings/{year}": lambda: {"rating": "good", "absent_days": 3},
            "PUT /api/v1/units/{unit_id}/ratings/{year}": lambda: {"rating": "good"},
            "POST /api/v1/campaigns": lambda: {
                "bloc_id": self.bloc_id,
                "year": 2018,
                "title": "Phong trào thi đua",
                "deadlines": {
                    "mid_year_report": "2018-06-30",
                    "annual_report": "2018-11-30",
                    "scoring": "2018-12-15",
                },
            },
            "PATCH /api/v1/campaigns/{campaign_id}": lambda: {
                "deadlines": {
                    "mid_year_report": "2016-06-30",
                    "annual_report": "2016-11-30",
                    "scoring": "2016-12-15",
                }
            },
            "POST /api/v1/titles": lambda: {
                "code": self.unique("danh_hieu_").lower(),
                "name": "Danh hiệu thử",
                "level": "unit",
                "quota": {"max_count": 3, "scope": "bloc"},
            },
            "PATCH /api/v1/titles/{code}": lambda: {"quota": {"max_count": 3, "scope": "bloc"}},
            "POST /api/v1/regulations/ministry": lambda: {"values": {}, "effective_from": "2016-01-01"},
            "POST /api/v1/blocs/{bloc_id}/regulation": lambda: {"values": {}, "effective_from": "2016-01-01"},
            "POST /api/v1/awards": lambda: {
                "unit_id": self.other_unit,
                "title_code": "tap_the_lao_dong_tien_tien",
                "year": 2016,
            },
            "POST /api/v1/awards/{award_id}/decide": lambda: {
                "decision_number": self.unique("QD-"),
                "decision_date": "2017-02-10",
                "override_reason": "Quyết định đặc cách",  # the law's criteria are not what is tested
            },
            "PUT /api/v1/campaigns/{campaign_id}/criteria": lambda: json.loads(json.dumps(criteria)),
            "PUT /api/v1/campaigns/{campaign_id}/units/{unit_id}/scores/{stage}": lambda: {
                "entries": [dict(entry)]
            },
            "POST /api/v1/campaigns/{campaign_id}/scores/bulk": lambda: {
                "stage": "self",
                "sheets": [
                    {
                        "unit_id": self.overrides[bulk]["unit_id"],
                        "entries": [dict(entry)],
                    }
                ],
            },
            "POST /api/v1/voting-sessions": lambda: json.loads(json.dumps(session)),
            "PATCH /api/v1/voting-sessions/{session_id}": lambda: {
                k: v for k, v in session.items() if k not in ("campaign_id", "title_code")
            },
            "POST /api/v1/campaigns/{campaign_id}/reports": lambda: {
                "unit_id": unit,
                "kind": "annual",
                "title": "Báo cáo năm",
                "sections": [{"heading": "Kết quả", "body": "Hoàn thành."}],
                "metrics": {"so_van_ban": 1},
            },
            "POST /api/v1/units/{unit_id}/reviews": lambda: {
                "year": 2017,
                "title_code": "lao_dong_tien_tien",
                "electorate_user_ids": [elector],
            },
            "POST /api/v1/reviews/{review_id}/decide": lambda: {
                "decision_number": self.unique("QD-VP-"),
                "decision_date": "2017-01-15",
            },
            "POST /api/v1/councils": lambda: {
                "name": "Hội đồng Thi đua - Khen thưởng",
                "term_start": "2016-01-01",
            },
            "PATCH /api/v1/councils/{council_id}": lambda: {"term_end": "2020-12-31"},
            "POST /api/v1/councils/{council_id}/members": lambda: {
                "full_name": "Nguyễn Văn Thử",
                "role": "member",
            },
            "PATCH /api/v1/councils/{council_id}/members/{member_id}": lambda: {"position": "Ủy viên"},
            "POST /api/v1/councils/{council_id}/sessions": lambda: {"held_on": "2017-01-20", "agenda": []},
            "PATCH /api/v1/council-sessions/{council_session_id}": lambda: {"held_on": "2017-01-21"},
            # the conference (issue 14): the world's campaign has its year-end conference, so a second
            # meets 409 `conference_exists` once a mid-year one exists; the date still reaches the service
            "POST /api/v1/conferences": lambda: {
                "campaign_id": self.campaign_id,
                "kind": "mid_year",
                "title": "Hội nghị sơ kết",
                "held_on": "2016-07-10",
            },
            "PATCH /api/v1/conferences/{conference_id}": lambda: {"held_on": "2016-12-21"},
            "POST /api/v1/proposals": lambda: {"unit_id": unit, "year": 2016, "title": "Đề nghị khen thưởng"},
            "POST /api/v1/secretariat/proposals": lambda: {"year": 2016, "title": "Đề nghị khen thưởng"},
            "POST /api/v1/proposals/{proposal_id}/forward": lambda: {
                "forwarded_to": "Bộ Nội vụ",
                "forwarded_on": "2017-01-10",
                "forwarded_ref": "12/TTr-BKHCN",
            },
            # decisions (issue 13): the world's proposal is a draft and its decisions are issued, so these
            # meet the service's 409s; the values still reach it
            "POST /api/v1/decision-registers": lambda: {
                "authority_code": self.unique("CQ").upper(),
                "authority_name": "Cơ quan",
                "year": 2017,
                "symbol": "QĐ-CQ",
            },
            "POST /api/v1/decisions": lambda: {
                "kind": "award",
                "proposal_id": self.proposal_id,
                "decision_date": "2017-01-15",
            },
            "PATCH /api/v1/decisions/{decision_id}": lambda: {"decision_date": "2017-01-15"},
            "PATCH /api/v1/recoveries/{recovery_id}": lambda: {
                "money_recovered_vnd": 0,
                "completed_on": "2017-07-01",
            },
            # the bloc's year report (app/year_reports): the world's report has version 1
            "POST /api/v1/campaigns/{campaign_id}/year-report/adopt": lambda: {"version": 1},
            "PUT /api/v1/voting-sessions/{session_id}/paper-counts/mine": lambda: {
                "issued": 1,
                "returned": 1,
                "valid": 1,
                "invalid": 0,
                "blank": 0,
                "invalid_reasons": [],
                "votes": {unit: 1},
            },
            "POST /api/v1/proposals/{proposal_id}/outcome": lambda: {
                "decision_number": self.unique("QD-TTg-"),
                "decision_date": "2017-03-01",
                "authority_name": "Thủ tướng Chính phủ",
            },
        }
