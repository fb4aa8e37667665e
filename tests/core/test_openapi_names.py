"""Every response that refers to a unit, person, user or title by id also carries its display name
(api.md, Conventions): a walk over every schema a response can reach in the OpenAPI document.

A property is a reference when its name says so (``*_id``, ``*_ids``, ``*_by``, ``*title_code``,
``of_code``) or when it is a list of plain strings (which, unnamed, could be a list of ids). Each must be
either named beside it (the sibling the house convention gives it) or listed below as not referring to one
of the four kinds, with the reason. A new reference that is neither fails here, with its schema and name."""

from __future__ import annotations

import re
from typing import Any

import pytest

from app.main import create_app
from tests.support.settings import make_settings

# ---- ids that do not refer to a unit, person, user or title -------------------------------------------
# (schema or "*" for any schema, property) -> why no name sits beside it
NOT_OF_THE_FOUR: dict[tuple[str, str], str] = {
    ("*", "campaign_id"): "a campaign (not one of the four kinds)",
    ("*", "bloc_id"): "a bloc (not one of the four kinds)",
    ("*", "source_session_id"): "the ballot session that proposed an award",
    ("*", "source_review_id"): "the year-end review that proposed an award",
    ("*", "award_id"): "an award",
    ("*", "report_id"): "a report version",
    ("*", "proposal_id"): "a proposal for commendation",
    ("*", "item_id"): "an item of a proposal (its subject and title are named on the item)",
    ("*", "request_id"): "the request's correlation id",
    ("*", "council_id"): "a council (the session carries `council_name`)",
    ("*", "council_session_id"): "a council session",
    ("*", "proposal_item_id"): "a proposal item (the council's agenda names its subject and award)",
    # the conference (issue 14): its own objects, and free text
    ("*", "conference_id"): "a conference (readable at its own path; its title is there)",
    ("ConferenceAgendaItemRead", "voting_session_id"): "a ballot session (its name is the item's title)",
    ("ConferenceRead", "chaired_by"): "free text: who chairs, as written in the minutes, not an id",
    ("ChainVerification", "first_bad_id"): "an audit event",
    ("AuditEventRead", "object_id"): "polymorphic: the object of any kind an event is about (object_type)",
    ("EventRead", "object_id"): "polymorphic: the object of any kind a feed event is about (object_type)",
    ("ClientRead", "client_id"): "the service client's own OAuth client id (its name is `name`)",
    ("ClientWithSecret", "client_id"): "the service client's own OAuth client id (its name is `name`)",
    # free text, not an id: who recognised an achievement, as written on the decision
    ("AchievementRead", "recognised_by"): "free text (an authority's name), not an id",
    # decisions (issue 13): their own objects, each readable at its own path
    ("*", "decision_id"): "a decision (its number is `number_text` on the decision)",
    ("CommendationDecisionRead", "register_id"): "a decision register (the number's `number_text` names it)",
    ("CommendationDecisionRead", "proposal_id"): "a proposal (its title is `proposal_title`)",
    ("CommendationDecisionRead", "target_decision_id"): "a decision (its number is `target_number_text`)",
    ("DecisionRecipientRead", "proposal_item_id"): "a proposal's item (the recipient row names its subject)",
    ("DecisionRecipientRead", "replaces_recipient_id"): "a recipient of the target decision",
}
# Lists of plain strings that are not ids.
NOT_ID_LISTS: dict[tuple[str, str], str] = {
    ("*", "roles"): "role names",
    ("*", "scopes"): "OAuth scopes",
    ("*", "event_types"): "event type names (the webhooks section lists them)",
    ("*", "tie_break"): "ranking fields",
    ("RegistrationRead", "targets"): "free-text targets",
    ("FieldError", "loc"): "a validation error's location",
    ("RegimeSummary", "texts"): "legal texts' citations",
    ("RegimeCatalogueRead", "texts"): "legal texts' citations",
    ("RegimeRead", "texts"): "legal texts' citations",
    ("CriterionOption", "parts"): "parts of a criterion's rule",
    ("CriterionRead", "evidence"): "evidence objects",
    ("CandidateVerdictRead", "unmet"): "criterion codes of the law",
    ("NotAwardedRead", "criteria"): "criterion codes of the law",
    ("CommendationDecisionRead", "legal_grounds"): "the decision's `Căn cứ …` lines",
    ("ProposalRead", "allowed_actions"): "the procedure's action names",
    ("YearReportSectionDiff", "added"): "paragraphs of the year report's text",
    ("YearReportSectionDiff", "removed"): "paragraphs of the year report's text",
}

# A reference whose name sits under another name than the convention's (schema, property) -> sibling
NAMED_AS: dict[tuple[str, str], str] = {
    ("AwardRead", "title_code"): "name",  # "The title's or form's name"
    ("ItemRead", "title_code"): "name",  # a proposal's item: "The title's or form's name"
    ("SummaryAward", "title_code"): "title_name",
    ("CapRead", "code"): "name",
    ("VerdictRead", "code"): "name",
    ("VerdictRead", "subject_id"): "subject_name",
    ("OpenBallotRead", "choices"): "choice_people",  # a review's: people, not units
}
# Lists of ids the contract fixes as bare ids: the objects with names sit beside them.
ID_LISTS: dict[str, str] = {
    "candidate_ids": "candidate_units",
    "electorate_user_ids": "electorate_users",
    "electorate_unit_ids": "electorate_units",  # one delegate per unit (issue 14)
    "unsigned_unit_ids": "unsigned_units",
    "elected": "elected_units",
    "tied": "tied_units",
    "choices": "choice_units",
    "passed": "passed_people",
    "requires": "requires_titles",
}
# Properties named ``code`` are an object's own code, except where they refer to a title (NAMED_AS).
REFERENCE = re.compile(r"(_id|_ids|_by|title_code|^of_code)$")


def sibling_of(prop: str) -> list[str]:
    """The names the house convention gives the display name of ``prop``."""
    if prop in ID_LISTS:
        return [ID_LISTS[prop]]
    if prop == "user_id":
        return ["full_name"]
    if prop == "person_id":
        return ["person_name", "full_name"]
    if prop.endswith("_by"):
        return [f"{prop}_name"]
    if prop.endswith("_code"):
        return [prop.removesuffix("_code") + "_name"]
    return [prop.removesuffix("_id") + "_name"]


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = tmp_path_factory.mktemp("names") / "x.db"
    return create_app(make_settings(f"sqlite:///{db}")).openapi()


def response_schemas(spec: dict[str, Any]) -> set[str]:
    """Every component schema a response body can reach, through any depth of ``$ref``."""
    schemas = spec["components"]["schemas"]
    seen: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
                name = ref.rsplit("/", 1)[-1]
                if name not in seen:
                    seen.add(name)
                    walk(schemas[name])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for operations in spec["paths"].values():
        for operation in operations.values():
            if isinstance(operation, dict):
                walk(operation.get("responses", {}))
    return seen


def _listed(table: dict[tuple[str, str], str], schema: str, prop: str) -> bool:
    return (schema, prop) in table or ("*", prop) in table


def _is_string_list(definition: dict[str, Any]) -> bool:
    variants = definition.get("anyOf", [definition])
    return any(v.get("type") == "array" and v.get("items", {}).get("type") == "string" for v in variants)


def _is_keyed_by_id(prop: str, definition: dict[str, Any]) -> bool:
    """A map whose keys are ids (a review's open ballot: person id -> choice)."""
    return prop == "choices" and definition.get("type") == "object" and "additionalProperties" in definition


def _refers(schema: str, prop: str, definition: dict[str, Any]) -> bool:
    if prop == "id":  # the object's own id: its name is in the same object
        return False
    if REFERENCE.search(prop) or (schema, prop) in NAMED_AS:
        return True
    if prop in ID_LISTS and (_is_string_list(definition) or _is_keyed_by_id(prop, definition)):
        return True
    return _is_string_list(definition) and not _listed(NOT_ID_LISTS, schema, prop)


def references(spec: dict[str, Any]) -> list[tuple[str, str]]:
    """(schema, property) of every property of a response schema that may refer to something by id."""
    schemas = spec["components"]["schemas"]
    return [
        (schema, prop)
        for schema in sorted(response_schemas(spec))
        for prop, definition in schemas[schema].get("properties", {}).items()
        if _refers(schema, prop, definition)
    ]


def test_every_reference_in_a_response_carries_a_name(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    unnamed = []
    for schema, prop in references(spec):
        if _listed(NOT_OF_THE_FOUR, schema, prop):
            continue
        props = schemas[schema]["properties"]
        wanted = [NAMED_AS[(schema, prop)]] if (schema, prop) in NAMED_AS else sibling_of(prop)
        if not any(w in props for w in wanted):
            unnamed.append(f"{schema}.{prop} (wants {' or '.join(wanted)})")
    assert unnamed == []


def test_the_lists_beside_the_contracts_id_lists_name_each_item(spec: dict[str, Any]) -> None:
    """``candidate_units`` and the like are lists of objects holding the id and a name."""
    schemas = spec["components"]["schemas"]
    checked = 0
    for schema in response_schemas(spec):
        props = schemas[schema].get("properties", {})
        for ids, objects in ID_LISTS.items():
            if ids not in props or not (_is_string_list(props[ids]) or _is_keyed_by_id(ids, props[ids])):
                continue
            objects = NAMED_AS.get((schema, ids), objects)
            assert objects in props, f"{schema}.{ids}"
            item = props[objects]["items"]["$ref"].rsplit("/", 1)[-1]
            fields = set(schemas[item]["properties"])
            assert any(f.endswith("_id") or f == "code" for f in fields), (schema, objects, fields)
            assert any(f.endswith("name") for f in fields), (schema, objects, fields)
            checked += 1
    # sessions (2), pledge, results (2) and open ballots, reviews (passed, open ballots), titles, summary (2)
    assert checked >= 11


def test_the_walk_sees_what_it_must(spec: dict[str, Any]) -> None:
    """Not vacuous: the walk reaches the schemas the issue named, and finds their references."""
    reached = response_schemas(spec)
    assert {"SessionRead", "PledgeRead", "RegistrationRead", "SheetSummary", "ReportRead"} <= reached
    found = set(references(spec))
    assert {
        ("SessionRead", "candidate_ids"),
        ("SessionRead", "electorate_user_ids"),
        ("SessionRead", "title_code"),
        ("PledgeRead", "unsigned_unit_ids"),
        ("SignatureRead", "unit_id"),
        ("RegistrationRead", "unit_id"),
        ("RegistrationRead", "title_code"),
        ("SheetSummary", "unit_id"),
        ("ReportRead", "unit_id"),
        ("UserRead", "unit_id"),
        ("AuditEventRead", "actor_id"),
    } <= found
    # every entry of the allow-lists still names something the document has: none is stale
    props = {(s, p) for s in reached for p in spec["components"]["schemas"][s].get("properties", {})}
    for table in (NOT_OF_THE_FOUR, NOT_ID_LISTS, NAMED_AS):
        for schema, prop in table:
            assert any(p == prop and (schema in ("*", s)) for s, p in props), (schema, prop)
