"""What a dossier lacks: the rules (pure), then read from the database on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime

from app.dossiers.completeness import Attached, ItemNeeds, Lacking, missing
from app.dossiers.service import missing_documents
from app.models import ItemStatus, Proposal, ProposalDocument, ProposalItem, Title
from app.models.enums import TitleTarget
from app.models.proposal import DocumentType, ProposalOrigin

BASE = ("submission", "achievement_report", "review_minutes")
CSTD = (*BASE, "initiative_certification")


def _codes(lacking: list[Lacking]) -> list[tuple[str, str | None]]:
    return [(x.doc_type, x.item_id) for x in lacking]


def test_nothing_attached_lists_proposal_wide_documents_once():
    items = [ItemNeeds("a", 1, CSTD), ItemNeeds("b", 2, BASE)]
    assert _codes(missing(items, [])) == [
        ("submission", None),
        ("achievement_report", "a"),
        ("review_minutes", None),
        ("initiative_certification", "a"),
        ("achievement_report", "b"),
    ]


def test_each_lack_is_named_in_both_languages():
    (submission, report) = missing([ItemNeeds("a", 2, ("submission", "achievement_report"))], [])
    assert submission == Lacking(
        "submission", None, "Submission (proposal letter)", "Tờ trình đề nghị khen thưởng"
    )
    assert report == Lacking(
        "achievement_report", "a", "Achievement report (item 2)", "Báo cáo thành tích (mục 2)"
    )


def test_a_document_for_the_whole_proposal_serves_every_item():
    items = [ItemNeeds("a", 1, BASE), ItemNeeds("b", 2, BASE)]
    attached = [Attached(None, t) for t in BASE]
    assert missing(items, attached) == []


def test_a_document_named_for_an_item_serves_only_it():
    items = [ItemNeeds("a", 1, BASE), ItemNeeds("b", 2, BASE)]
    attached = [
        Attached(None, "submission"),
        Attached("b", "review_minutes"),
        Attached("a", "achievement_report"),
    ]
    # Item 1 has no minutes (those given are item 2's); item 2 has no report (item 1's is not its own).
    assert _codes(missing(items, attached)) == [("review_minutes", None), ("achievement_report", "b")]


def test_items_in_their_order_and_an_unknown_type_by_its_code():
    items = [ItemNeeds("b", 2, ("other_paper",)), ItemNeeds("a", 1, ("achievement_report",))]
    found = missing(items, [])
    assert _codes(found) == [("achievement_report", "a"), ("other_paper", "b")]
    assert found[1].en == "other_paper (item 2)"


# ---- from the database ------------------------------------------------------------------------------------


def _titles(s) -> None:
    for code, name, target in (
        ("chien_si_thi_dua_cap_bo", "Chiến sĩ thi đua cấp Bộ", TitleTarget.INDIVIDUAL),
        ("co_thi_dua_bo", "Cờ thi đua của Bộ", TitleTarget.COLLECTIVE),
    ):
        if s.get(Title, code) is None:
            s.add(Title(code=code, name=name, level="ministry", target=target))


def test_missing_documents_from_the_database(build, session_factory):
    unit = build.unit()
    person = build.person(unit["id"])
    with session_factory() as s:
        _titles(s)
        proposal = Proposal(
            year=2024, title="Đề nghị khen thưởng năm 2024", origin=ProposalOrigin.UNIT, unit_id=unit["id"]
        )
        s.add(proposal)
        s.flush()
        cstd = ProposalItem(
            proposal_id=proposal.id, position=1, person_id=person["id"], title_code="chien_si_thi_dua_cap_bo"
        )
        flag = ProposalItem(
            proposal_id=proposal.id, position=2, unit_id=unit["id"], title_code="co_thi_dua_bo"
        )
        dropped = ProposalItem(
            proposal_id=proposal.id,
            position=3,
            unit_id=unit["id"],
            title_code="co_thi_dua_bo",
            status=ItemStatus.REJECTED,
        )
        s.add_all([cstd, flag, dropped])
        s.flush()

        def attach(doc_type: DocumentType, item: ProposalItem | None, *, removed: bool = False) -> None:
            s.add(
                ProposalDocument(
                    proposal_id=proposal.id,
                    item_id=item.id if item else None,
                    doc_type=doc_type,
                    filename="x.pdf",
                    media_type="application/pdf",
                    size_bytes=10,
                    sha256="0" * 64,
                    removed_at=datetime(2024, 12, 1, tzinfo=UTC) if removed else None,
                )
            )
            s.flush()

        on = date(2024, 12, 10)
        assert _codes(missing_documents(s, proposal, today=on)) == [
            ("submission", None),
            ("achievement_report", cstd.id),
            ("review_minutes", None),
            ("initiative_certification", cstd.id),
            ("achievement_report", flag.id),
        ]  # the rejected item needs nothing
        attach(DocumentType.SUBMISSION, None)
        attach(DocumentType.REVIEW_MINUTES, None)
        attach(DocumentType.ACHIEVEMENT_REPORT, cstd)
        attach(DocumentType.INITIATIVE_CERTIFICATION, cstd, removed=True)  # removed: does not count
        attach(DocumentType.ACHIEVEMENT_REPORT, flag)
        assert _codes(missing_documents(s, proposal, today=on)) == [("initiative_certification", cstd.id)]
        attach(DocumentType.INITIATIVE_CERTIFICATION, cstd)
        assert missing_documents(s, proposal, today=on) == []
        assert missing_documents(s, proposal, regime_code="R2016") == []
        s.rollback()
