"""Who may act on a campaign's criteria, score sheets and ranking, as policies the routes declare (see
``app.core.policy``).

Every policy checks first that the campaign exists (a missing one is 404 for everyone, before any 403).
The sheet policies are the coarse gate: whether a given sheet may be written, returned or read depends on
its stage, its unit and its status, which the pure rules of ``app.scoring.sheet_rules`` decide in the
service (``then`` says how they narrow). Relations read the campaign as plain columns
(``app.campaigns.policies.bloc_year_of``), never as a loaded ``Campaign``.
"""

from __future__ import annotations

from typing import Annotated

from app.campaigns.policies import (
    CAMPAIGN_EXISTS,
    LEADER,
    MANAGE_CAMPAIGN,
    MEMBER,
    client_unit_is_member,
    not_bloc_reader,
)
from app.core.errors import Forbidden
from app.core.policy import Allow, Policy, Rule, Who, only_when, role, scope
from app.core.principal import Principal
from app.scoring.sheet_rules import SCORES_WRITE, not_found, refusal_error

RESULTS_READ = "results:read"
OFFICER_OF_PATH_UNIT = Rule(
    who="officer of the unit in the path (`unit_id`)",
    admits=frozenset({Who.OFFICER}),
    test=lambda _s, p, params: (
        p.has_role("officer") and p.unit_id is not None and p.unit_id == params.get("unit_id")
    ),
)
CLIENT_OF_PATH_UNIT = Rule(
    who="service client with `scores:write` bound to the unit in the path",
    admits=frozenset({Who.CLIENT_SCOPED}),
    test=lambda _s, p, params: (
        p.has_scope(SCORES_WRITE) and p.unit_id is not None and p.unit_id == params.get("unit_id")
    ),
    scopes=frozenset({SCORES_WRITE}),
)
CLIENT_OF_MEMBER_UNIT = Rule(
    who="service client with `scores:write` bound to a member unit that year",
    admits=frozenset({Who.CLIENT_SCOPED}),
    test=lambda s, p, params: p.has_scope(SCORES_WRITE) and client_unit_is_member(s, p, params),
    scopes=frozenset({SCORES_WRITE}),
)
ANY_OFFICER = Rule(
    who="any officer (of a unit)",
    admits=frozenset({Who.OFFICER, Who.OTHER_OFFICER, Who.LEADER, Who.DEPUTY, Who.OTHER_LEADER}),
    test=lambda _s, p, _params: p.has_role("officer") and p.unit_id is not None,
)
ANY_SCORING_CLIENT = Rule(
    who="service client with `scores:write` bound to a unit",
    admits=frozenset({Who.CLIENT_SCOPED}),
    test=lambda _s, p, _params: p.has_scope(SCORES_WRITE) and p.unit_id is not None,
    scopes=frozenset({SCORES_WRITE}),
)


def _not_sheet_writer() -> Forbidden:
    return refusal_error("forbidden")


def _not_sheet_lister() -> Forbidden:
    return Forbidden(
        "Only the bloc's members this year, the secretariat and observers may list its sheets.",
        detail_vi="Chỉ thành viên của khối trong năm, Thường trực Hội đồng và quan sát viên được xem.",
    )


def _not_ranking_reader() -> Forbidden:
    return Forbidden(
        "Only the bloc's members this year, the secretariat, observers and `results:read` clients may "
        "read the ranking.",
        detail_vi="Chỉ thành viên của khối trong năm, Thường trực Hội đồng, quan sát viên và hệ thống "
        "có quyền results:read được xem bảng xếp hạng.",
    )


READ_CRITERIA = Policy(
    "scoring.read_criteria",
    rules=(role("secretariat", "observer"), MEMBER, CLIENT_OF_MEMBER_UNIT),
    visible=CAMPAIGN_EXISTS,
    denied=not_bloc_reader,
)
MANAGE_CRITERIA = Policy(
    "scoring.manage_criteria",
    rules=MANAGE_CAMPAIGN.rules,
    visible=CAMPAIGN_EXISTS,
    denied=MANAGE_CAMPAIGN.denied,
    then="Only while the campaign is active (409 `campaign_closed`) and no sheet is submitted (409 "
    "`criteria_locked`).",
)
WRITE_SHEET = Policy(
    "scoring.write_sheet",
    rules=(
        role("secretariat"),
        only_when(LEADER, stage="review"),
        only_when(OFFICER_OF_PATH_UNIT, stage="self"),
        only_when(CLIENT_OF_PATH_UNIT, stage="self"),
    ),
    visible=CAMPAIGN_EXISTS,
    denied=_not_sheet_writer,
    then="A `review` sheet never for the caller's own unit (403 `conflict_of_interest`, "
    "`app.scoring.sheet_rules.write_refusal`). The unit must be a member that year (404 unknown unit, 422 "
    "`not_a_member`).",
)
RETURN_SHEET = Policy(
    "scoring.return_sheet",
    rules=(role("secretariat"), LEADER),
    visible=CAMPAIGN_EXISTS,
    denied=_not_sheet_writer,
    then="Never a sheet of the caller's own unit, whatever its stage (403 `conflict_of_interest`, "
    "`app.scoring.sheet_rules.return_refusal`).",
)
READ_SHEET = Policy(
    "scoring.read_sheet",
    rules=(
        role("secretariat", "observer"),
        MEMBER,
        OFFICER_OF_PATH_UNIT,
        CLIENT_OF_PATH_UNIT,
        CLIENT_OF_MEMBER_UNIT,
    ),
    visible=CAMPAIGN_EXISTS,
    denied=not_found,
    then="By status (`app.scoring.sheet_rules.may_read`): a draft or returned sheet only by the unit's "
    "officers and `scores:write` client, the leader, the secretariat and observers; a submitted one also "
    "by the other members. Any other is 404, as a missing sheet.",
)
LIST_SHEETS = Policy(
    "scoring.list_sheets",
    rules=(role("secretariat", "observer"), MEMBER, CLIENT_OF_MEMBER_UNIT),
    visible=CAMPAIGN_EXISTS,
    denied=_not_sheet_lister,
    then="The leader, the secretariat and observers list every sheet; a member's officers and its "
    "`scores:write` client only that unit's (`app.scoring.sheet_rules.list_scope`).",
)
WRITE_BULK = Policy(
    "scoring.write_bulk",
    rules=(role("secretariat"), ANY_OFFICER, ANY_SCORING_CLIENT),
    visible=CAMPAIGN_EXISTS,
    denied=_not_sheet_writer,
    then="Every sheet as for one sheet (`app.scoring.sheet_rules.write_refusal`): a refused sheet refuses "
    "the request, 403 `forbidden` (or `conflict_of_interest` when every refusal is one) with "
    '`errors[].loc` `["body", "sheets", i, "unit_id"]`.',
)
READ_RANKING = Policy(
    "scoring.read_ranking",
    rules=(role("secretariat", "observer"), MEMBER, scope(RESULTS_READ)),
    visible=CAMPAIGN_EXISTS,
    denied=_not_ranking_reader,
)

CriteriaReader = Annotated[Principal, Allow(READ_CRITERIA)]
CriteriaManager = Annotated[Principal, Allow(MANAGE_CRITERIA)]
SheetWriter = Annotated[Principal, Allow(WRITE_SHEET)]
SheetReturner = Annotated[Principal, Allow(RETURN_SHEET)]
SheetReader = Annotated[Principal, Allow(READ_SHEET)]
SheetLister = Annotated[Principal, Allow(LIST_SHEETS)]
BulkWriter = Annotated[Principal, Allow(WRITE_BULK)]
RankingReader = Annotated[Principal, Allow(READ_RANKING)]
