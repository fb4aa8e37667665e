"""``thidua submit-proposal`` (issue 13 point 7): a unit's script submits a proposal with its documents from
a folder to a real server (uvicorn), on SQLite and PostgreSQL; safe to repeat; the exit codes."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.core.script_client import RetryPolicy
from app.models import Proposal, ProposalDocument
from app.proposals import client as proposal_client
from tests.support.builders import Builders
from tests.support.proposals import MINISTRY_SOLDIER, ProposalWorld
from tests.support.samples import docx_file, pdf

pytestmark = pytest.mark.live


@pytest.fixture
def w(build: Builders) -> ProposalWorld:
    return ProposalWorld(build)


@pytest.fixture
def env(w: ProposalWorld) -> dict[str, str]:
    sc = w.build.service_client(["proposals:write"], w.c)
    return {"THIDUA_CLIENT_ID": sc["client_id"], "THIDUA_CLIENT_SECRET": sc["client_secret"]}


def folder(tmp_path: Path, w: ProposalWorld, *, with_certification: bool = True) -> Path:
    root = tmp_path / "de-nghi"
    root.mkdir()
    (root / "to-trinh.pdf").write_bytes(pdf())
    (root / "bien-ban.pdf").write_bytes(pdf() + b"% minutes\n")
    (root / "bao-cao.docx").write_bytes(docx_file())
    (root / "sang-kien.pdf").write_bytes(pdf() + b"% initiative\n")
    item_docs = [{"file": "bao-cao.docx", "doc_type": "achievement_report"}]
    if with_certification:
        item_docs.append({"file": "sang-kien.pdf", "doc_type": "initiative_certification"})
    content = {
        "year": 2016,
        "title": "Đề nghị tặng danh hiệu Chiến sĩ thi đua cấp Bộ năm 2016",
        "documents": [
            {"file": "to-trinh.pdf", "doc_type": "submission"},
            {"file": "bien-ban.pdf", "doc_type": "review_minutes"},
        ],
        "items": [
            {
                "person_id": w.person1,
                "title_code": MINISTRY_SOLDIER,
                "achievements": "Hoàn thành xuất sắc nhiệm vụ; sáng kiến cấp Bộ.",
                "documents": item_docs,
            }
        ],
    }
    (root / "proposal.json").write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return root


def run(root: Path, w: ProposalWorld, env: dict[str, str], url: str, **options: Any) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = proposal_client.run(root, unit_id=w.c, base_url=url, env=env, out=out, err=err, **options)
    return code, out.getvalue(), err.getvalue()


def counts(w: ProposalWorld) -> tuple[int, int]:
    with w.session_factory() as s:
        return (
            int(s.scalar(select(func.count()).select_from(Proposal)) or 0),
            int(s.scalar(select(func.count()).select_from(ProposalDocument)) or 0),
        )


def test_a_folder_is_submitted_once_however_often_it_is_sent(
    w: ProposalWorld, env: dict[str, str], live_server: Any, tmp_path: Path
) -> None:
    url = live_server().url
    root = folder(tmp_path, w)
    code, out, err = run(root, w, env, url)
    assert (code, err) == (0, ""), err
    assert out.startswith("submitted proposal ") and "with 4 document(s)" in out
    with w.session_factory() as s:
        proposal = s.scalars(select(Proposal)).one()
        assert (proposal.status, proposal.unit_id, proposal.round) == ("submitted", w.c, 1)
    assert counts(w) == (1, 4)

    again, out2, err2 = run(root, w, env, url)
    assert (again, err2) == (0, "")
    assert "was already submitted" in out2 and proposal.id in out2
    assert counts(w) == (1, 4)  # no second proposal, no document twice


def test_a_refused_submission_names_what_the_dossier_lacks(
    w: ProposalWorld, env: dict[str, str], live_server: Any, tmp_path: Path
) -> None:
    url = live_server().url
    code, out, err = run(folder(tmp_path, w, with_certification=False), w, env, url)
    assert code == 1 and out == ""
    assert "dossier_incomplete" in err and "item 1" in err
    with w.session_factory() as s:
        assert s.scalars(select(Proposal.status)).one() == "draft"  # made, completed later, never half-sent


def test_bad_folders_and_settings_are_exit_2(w: ProposalWorld, env: dict[str, str], tmp_path: Path) -> None:
    assert run(tmp_path / "missing", w, env, "http://127.0.0.1:9")[0] == 2
    root = folder(tmp_path, w)
    assert run(root, w, {}, "http://127.0.0.1:9")[0] == 2  # no client credentials
    (root / "sang-kien.pdf").unlink()
    code, _out, err = run(root, w, env, "http://127.0.0.1:9")
    assert code == 2 and "sang-kien.pdf: no such file" in err
    (root / "proposal.json").write_text(json.dumps({"year": 2016, "colour": "red"}), encoding="utf-8")
    code, _out, err = run(root, w, env, "http://127.0.0.1:9")
    assert code == 2 and "unknown field(s) colour" in err
    assert counts(w) == (0, 0)


def test_an_unreachable_server_is_exit_3(w: ProposalWorld, env: dict[str, str], tmp_path: Path) -> None:
    policy = RetryPolicy(tries=2, initial_delay=0.01, max_delay=0.01, max_wait=1)
    code, _out, err = run(folder(tmp_path, w), w, env, "http://127.0.0.1:9", policy=policy)
    assert code == 3 and "gave up after 2 attempt(s)" in err
