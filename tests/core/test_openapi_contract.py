"""The OpenAPI document reads well to the teams generating clients from it: each operation has a short,
stable, unique verb_noun id (the endpoint function's name), every tag is declared with a description, and
the document's version is the package's."""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from importlib import metadata
from pathlib import Path

import pytest

from app import main
from app.main import TAG_DESCRIPTIONS, create_app, package_version
from tests.support.settings import make_settings

ROOT = Path(__file__).resolve().parents[2]

# The verbs an operation id may start with. A new one is a decision: add it here on purpose.
VERBS = frozenset(
    {
        "cancel",
        "cast",
        "check",
        "close",
        "create",
        "decide",
        "delete",
        "get",
        "import",
        "issue",
        "list",
        "open",
        "publish",
        "receive",  # the webhooks section: what a receiver is sent (receive_award_decided)
        "redeliver",
        "refresh",
        "return",
        "revoke",
        "rotate",
        "set",
        "sign",
        "submit",
        "transfer",
        "unlock",
        "update",
        "upsert",
        "verify",
        "write",
        # the procedure of a proposal for commendation (app/proposals/states.py)
        "forward",
        "reject",
        "take",
        "withdraw",
        # the bloc's year report (app/year_reports): a contribution is accepted or declined, a version adopted
        "accept",
        "adopt",
        "decline",
    }
)
ID_SHAPE = re.compile(r"^[a-z]+(_[a-z0-9]+)+$")


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> dict:
    db = tmp_path_factory.mktemp("contract") / "x.db"
    return create_app(make_settings(f"sqlite:///{db}")).openapi()


def _operations(spec: dict) -> list[tuple[str, dict]]:
    return [
        (f"{method.upper()} {path}", op)
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if method in {"get", "put", "post", "patch", "delete"}
    ]


def test_operation_ids_are_unique_short_verb_noun(spec):
    operations = _operations(spec)
    assert len(operations) > 100  # the walk sees the whole API, not an empty document
    ids = Counter(op["operationId"] for _, op in operations)
    assert [i for i, n in ids.items() if n > 1] == []
    wrong = [
        f"{where}: {op['operationId']}"
        for where, op in operations
        if not ID_SHAPE.match(op["operationId"])
        or len(op["operationId"]) > 40
        or op["operationId"].split("_")[0] not in VERBS
    ]
    assert wrong == []


def test_operation_ids_are_stable_across_builds(spec, tmp_path):
    again = create_app(make_settings(f"sqlite:///{tmp_path}/y.db")).openapi()
    assert [op["operationId"] for _, op in _operations(again)] == [
        op["operationId"] for _, op in _operations(spec)
    ]


def test_known_operations_keep_their_ids(spec):
    """A few ids clients are likely to have generated code for; renaming an endpoint function breaks them."""
    by_route = {where: op["operationId"] for where, op in _operations(spec)}
    assert by_route["POST /api/v1/voting-sessions/{session_id}/ballots"] == "cast_session_ballot"
    assert by_route["POST /api/v1/reviews/{review_id}/ballots"] == "cast_review_ballot"
    assert by_route["POST /api/v1/units"] == "create_unit"
    assert by_route["PATCH /api/v1/units/{unit_id}"] == "update_unit"
    assert by_route["POST /api/v1/auth/token"] == "issue_token"


def test_every_tag_used_is_declared_with_a_description_and_every_declared_tag_used(spec):
    declared = {tag["name"]: tag.get("description", "") for tag in spec["tags"]}
    used = {tag for _, op in _operations(spec) for tag in op.get("tags", [])}
    assert all(op.get("tags") for _, op in _operations(spec)), "an operation without a tag"
    assert used - declared.keys() == set(), "tags used but not declared in app.main.TAG_DESCRIPTIONS"
    assert declared.keys() - used == set(), "tags declared but used by no operation"
    assert all(len(text) >= 20 for text in declared.values()), declared
    assert list(declared) == list(TAG_DESCRIPTIONS)


def test_the_api_version_is_the_package_version(spec, client):
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert metadata.version("thidua") == pyproject["project"]["version"]
    assert spec["info"]["version"] == pyproject["project"]["version"]
    assert client.get("/openapi.json").json()["info"]["version"] == pyproject["project"]["version"]


def test_the_version_comes_from_pyproject_when_the_package_is_not_installed(monkeypatch):
    def not_installed(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(main.metadata, "version", not_installed)
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert package_version() == pyproject["project"]["version"]
