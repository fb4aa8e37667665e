"""The counting minutes (biên bản kiểm phiếu): the DOCX rendered from plain data and read back, and the
download through HTTP (who may have it, and when), on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.models import SessionCandidate, SessionElector, VotingSession
from app.models.base import new_id
from app.voting import minutes
from app.voting.minutes import CandidateLine, Minutes
from app.voting.tally import Rules, tally
from tests.support.builders import BlocYear, Builders, Headers
from tests.support.disposition import assert_download_named
from tests.support.documents import DOCX, Read, assert_nd30, data_tables
from tests.support.problems import problem


def flag_minutes(**changes: Any) -> Minutes:
    base: dict[str, Any] = {
        "bloc_name": "Khối thi đua cơ quan Bộ",
        "title_name": "Cờ thi đua của Bộ",
        "year": 2016,
        "held_on": date(2016, 12, 29),
        "seats": 3,
        "electorate": 16,
        "ballots_cast": 15,
        "blank": 1,
        "quorum_met": True,
        "candidates": [
            CandidateLine("Vụ Khoa học Xã hội và Tự nhiên", 13, 0.8125, True),
            CandidateLine("Vụ Đánh giá, Thẩm định và Giám định công nghệ", 14, 0.875, True),
            CandidateLine("Vụ KH&CN các ngành Kinh tế – Kỹ thuật", 11, 0.6875, True),
            CandidateLine("Vụ Công nghệ cao", 3, 0.1875, False),
        ],
        "elected": [
            "Vụ Đánh giá, Thẩm định và Giám định công nghệ",
            "Vụ Khoa học Xã hội và Tự nhiên",
            "Vụ KH&CN các ngành Kinh tế – Kỹ thuật",
        ],
        "tied": [],
        "unfilled_seats": 0,
        "leader_unit_name": "Vụ Phát triển KH&CN địa phương",
    }
    base.update(changes)
    return Minutes(**base)


# ---- rendering (pure) -----------------------------------------------------------------------------------


def test_the_minutes_read_back() -> None:
    doc = Read(minutes.render(flag_minutes()))
    assert "BIÊN BẢN KIỂM PHIẾU" in doc.paragraphs
    assert "KHỐI THI ĐUA CƠ QUAN BỘ" in doc.paragraphs
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in doc.paragraphs
    assert "Bầu chọn đơn vị đề nghị tặng Cờ thi đua của Bộ năm 2016" in doc.paragraphs
    assert doc.value("Ngày kiểm phiếu") == "29/12/2016"
    assert "Ngày 29/12/2016, Khối thi đua cơ quan Bộ tổ chức bỏ phiếu kín" in doc.text
    assert doc.number("Số đại biểu được triệu tập") == 16
    assert doc.number("Số phiếu phát ra") == 15
    assert doc.number("Số phiếu thu về") == 15
    assert doc.number("Số phiếu hợp lệ") == 15
    assert doc.number("Số phiếu trắng") == 1
    assert doc.number("Số đơn vị được bầu") == 3
    assert "trên 50% tổng số đại biểu được triệu tập" in doc.value("Điều kiện trúng cử")

    assert doc.header == ["STT", "Đơn vị", "Số phiếu", "Tỷ lệ", "Kết quả"]
    assert doc.table() == {
        "Vụ Khoa học Xã hội và Tự nhiên": (13, "81,25%", "Trúng cử"),
        "Vụ Đánh giá, Thẩm định và Giám định công nghệ": (14, "87,50%", "Trúng cử"),
        "Vụ KH&CN các ngành Kinh tế – Kỹ thuật": (11, "68,75%", "Trúng cử"),
        "Vụ Công nghệ cao": (3, "18,75%", "Không trúng cử"),
    }
    # In ballot order, as the delegates saw the candidates.
    assert [r[1] for r in doc.rows] == [c.unit_name for c in flag_minutes().candidates]
    assert doc.listed_after("Các đơn vị trúng cử") == flag_minutes().elected
    assert "(3 đơn vị)" in doc.text
    assert doc.number("Số vị trí chưa bầu được") == 0
    assert "bầu lại" not in doc.text

    # Signature lines: the counting committee's head, the secretary, the bloc leader.
    for role in ("TRƯỞNG BAN KIỂM PHIẾU", "THƯ KÝ", "ĐẠI DIỆN ĐƠN VỊ KHỐI TRƯỞNG"):
        assert role in doc.paragraphs
    leader_at = doc.paragraphs.index("ĐẠI DIỆN ĐƠN VỊ KHỐI TRƯỞNG")
    assert doc.paragraphs[leader_at + 1] == "Vụ Phát triển KH&CN địa phương"
    assert doc.paragraphs.count("(Ký, ghi rõ họ tên)") == 3


def test_the_minutes_follow_nd30() -> None:
    """Letterhead with "Số: …/BB-…" and the place and date, title, tables, page numbers, signatures
    and recipients, fonts, margins, language and author (tests/support/documents.assert_nd30)."""
    m = flag_minutes()
    subject = "Bầu chọn đơn vị đề nghị tặng Cờ thi đua của Bộ năm 2016"
    assert_nd30(
        minutes.render(m),
        issuer="Khối thi đua cơ quan Bộ",
        kind="BIÊN BẢN",
        heading="BIÊN BẢN KIỂM PHIẾU",
        subject=subject,
        title=f"Biên bản kiểm phiếu - {subject}",
        on=date(2016, 12, 29),
    )
    doc = Read(minutes.render(m))
    assert "Số:        /BB-KTĐCQB" in doc.paragraphs
    (table,) = data_tables(doc.document)
    widths = [c.width for c in table.columns]
    assert widths[1] == max(widths) and widths[0] == min(widths)  # names wide, the numbers narrow


def test_a_tie_names_the_tied_units_and_the_open_seat() -> None:
    m = flag_minutes(
        candidates=[
            CandidateLine("Vụ A", 12, 0.75, True),
            CandidateLine("Vụ B", 10, 0.625, False, tied=True),
            CandidateLine("Vụ C", 10, 0.625, False, tied=True),
            CandidateLine("Vụ D", 12, 0.75, True),
        ],
        elected=["Vụ A", "Vụ D"],
        tied=["Vụ B", "Vụ C"],
        unfilled_seats=1,
    )
    doc = Read(minutes.render(m))
    assert doc.table()["Vụ B"] == (10, "62,50%", "Bằng phiếu")
    assert doc.table()["Vụ A"][2] == "Trúng cử"
    assert doc.listed_after("Các đơn vị trúng cử") == ["Vụ A", "Vụ D"]
    at = next(i for i, p in enumerate(doc.paragraphs) if p.startswith("Các đơn vị có số phiếu bằng nhau"))
    assert doc.paragraphs[at + 1 : at + 3] == ["– Vụ B", "– Vụ C"]
    assert doc.number("Số vị trí chưa bầu được") == 1


def test_below_quorum_nobody_is_elected() -> None:
    m = flag_minutes(
        ballots_cast=5,
        blank=0,
        quorum_met=False,
        candidates=[CandidateLine("Vụ A", 5, 0.3125, False)],
        elected=[],
        unfilled_seats=3,
    )
    doc = Read(minutes.render(m))
    assert "chưa đạt 50% tổng số đại biểu được triệu tập" in doc.text
    assert "không đơn vị nào trúng cử" in doc.text
    assert doc.number("Số phiếu thu về") == 5
    assert doc.number("Số vị trí chưa bầu được") == 3


def test_rules_runoff_name_and_an_open_ballot_are_worded() -> None:
    m = flag_minutes(
        threshold_share=0.665,
        threshold_of="cast",
        threshold_inclusive=True,
        secret=False,
        runoff=True,
        session_name="Bình xét Cờ thi đua của Bộ năm 2016 (bỏ phiếu lại)",
        candidates=[CandidateLine("Vụ A", 1, 1 / 3, True)],
    )
    doc = Read(minutes.render(m))
    assert "Bầu chọn đơn vị đề nghị tặng Cờ thi đua của Bộ năm 2016 (bầu lại)" in doc.paragraphs
    assert "Bình xét Cờ thi đua của Bộ năm 2016 (bỏ phiếu lại)" in doc.paragraphs
    assert "từ 66,5% số phiếu hợp lệ" in doc.value("Điều kiện trúng cử")
    assert "(Tỷ lệ tính trên số phiếu hợp lệ)" in doc.paragraphs
    assert "tổ chức bỏ phiếu bầu chọn" in doc.text and "bỏ phiếu kín" not in doc.text
    assert doc.table()["Vụ A"] == (1, "33,33%", "Trúng cử")


def test_without_a_leader_the_leader_line_has_no_unit_and_nobody_elected_is_said() -> None:
    doc = Read(minutes.render(flag_minutes(leader_unit_name=None, elected=[], unfilled_seats=3)))
    at = doc.paragraphs.index("ĐẠI DIỆN ĐƠN VỊ KHỐI TRƯỞNG")
    assert doc.paragraphs[at + 1] == "(Ký, ghi rõ họ tên)"
    assert "Không có đơn vị nào trúng cử." in doc.paragraphs


def test_the_file_name_says_what_the_minutes_are() -> None:
    name = minutes.filename(flag_minutes())
    assert name == "Biên bản kiểm phiếu Cờ thi đua của Bộ năm 2016 - Khối thi đua cơ quan Bộ.docx"
    runoff = minutes.filename(flag_minutes(runoff=True))
    assert runoff == "Biên bản kiểm phiếu Cờ thi đua của Bộ năm 2016 (bầu lại) - Khối thi đua cơ quan Bộ.docx"


# ---- the download through HTTP --------------------------------------------------------------------------


class World(BlocYear):
    """A bloc of 4 in 2016 (leader first, no deputy), its campaign, a delegate per unit, and a counted
    session."""

    def __init__(self, build: Builders) -> None:
        names = ["Vụ Phát triển KH&CN địa phương", "Vụ Công nghệ cao", "Vụ Pháp chế", "Vụ Tài chính"]
        super().__init__(build, units=names, deputy=False, delegates=True)

    def session_row(self, status: str, closed_at: datetime | None) -> str:
        ballots = [[self.unit_ids[1]], [self.unit_ids[1], self.unit_ids[2]], [self.unit_ids[1]], []]
        candidates = self.unit_ids[1:]
        result = tally(candidates, 4, ballots, Rules(seats=1)) if closed_at else None
        vs = VotingSession(
            id=new_id(),
            campaign_id=self.campaign["id"],
            title_code="co_thi_dua_bo",
            name="Bình xét Cờ thi đua của Bộ năm 2016",
            seats=1,
            max_choices=2,
            status=status,
            closed_at=closed_at,
            result=result.as_dict() if result else None,
        )
        with self.session_factory() as s:
            s.add(vs)
            s.flush()
            for i, unit_id in enumerate(candidates):
                s.add(SessionCandidate(session_id=vs.id, unit_id=unit_id, position=i))
            for d in self.delegates:
                s.add(SessionElector(session_id=vs.id, user_id=d["id"]))
            s.commit()
        return vs.id

    def get(self, session_id: str, headers: Headers | None) -> Any:
        return self.client.get(f"/api/v1/voting-sessions/{session_id}/minutes", headers=headers)


@pytest.fixture
def world(build: Builders) -> World:
    return World(build)


# 17:30 UTC on 29/12 is 00:30 on 30/12 in Hanoi: the minutes carry the date the delegates lived.
CLOSED_AT = datetime(2016, 12, 29, 17, 30, tzinfo=UTC)


def test_the_minutes_of_a_published_session(world: World, headers_for: Callable[..., Headers]) -> None:
    session_id = world.session_row("published", CLOSED_AT)
    r = world.get(session_id, world.delegate(3))  # a delegate of a member unit
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == DOCX
    d = assert_download_named(
        r.headers["content-disposition"],
        "Biên bản kiểm phiếu Cờ thi đua của Bộ năm 2016 - Khối thi đua thử.docx",
    )
    assert d.fallback == "Bien ban kiem phieu Co thi dua cua Bo nam 2016 - Khoi thi dua thu.docx"

    doc = Read(r.content)
    assert "BIÊN BẢN KIỂM PHIẾU" in doc.paragraphs
    assert "KHỐI THI ĐUA THỬ" in doc.paragraphs  # the fixture's bloc name
    assert "Bầu chọn đơn vị đề nghị tặng Cờ thi đua của Bộ năm 2016" in doc.paragraphs
    assert "Bình xét Cờ thi đua của Bộ năm 2016" in doc.paragraphs
    assert doc.value("Ngày kiểm phiếu") == "30/12/2016"
    assert (doc.number("Số đại biểu được triệu tập"), doc.number("Số phiếu thu về")) == (4, 4)
    assert doc.number("Số phiếu trắng") == 1
    assert doc.table() == {
        "Vụ Công nghệ cao": (3, "75,00%", "Trúng cử"),
        "Vụ Pháp chế": (1, "25,00%", "Không trúng cử"),
        "Vụ Tài chính": (0, "0,00%", "Không trúng cử"),
    }
    assert doc.listed_after("Các đơn vị trúng cử") == ["Vụ Công nghệ cao"]
    leader_at = doc.paragraphs.index("ĐẠI DIỆN ĐƠN VỊ KHỐI TRƯỞNG")
    assert doc.paragraphs[leader_at + 1] == "Vụ Phát triển KH&CN địa phương"
    # A secret ballot's minutes name no delegate.
    for d in world.delegates:
        assert d["username"] not in doc.text


def test_who_may_download_the_minutes_and_when(
    world: World, headers_for: Callable[..., Headers], make_client_token: Callable[..., Headers]
) -> None:
    closed = world.session_row("closed", CLOSED_AT)
    published = world.session_row("published", CLOSED_AT)
    still_open = world.session_row("open", None)
    leader, member = world.delegate(0), world.delegate(2)
    secretariat, observer = headers_for("secretariat"), headers_for("observer")
    outsider = headers_for("officer")  # an officer of a unit outside the bloc
    reader_client = make_client_token(["results:read"])

    # Closed: the leader, the secretariat and observers only; the electorate waits for publication.
    for headers in (leader, secretariat, observer):
        assert world.get(closed, headers).status_code == 200
    problem(world.get(closed, member), 409, "results_not_available")
    problem(world.get(closed, outsider), 404, "not_found")
    problem(world.get(closed, reader_client), 404, "not_found")
    # Published: whoever may read the session.
    for headers in (leader, member, secretariat, observer, reader_client):
        r = world.get(published, headers)
        assert r.status_code == 200 and r.headers["content-type"] == DOCX
    problem(world.get(published, outsider), 404, "not_found")
    # Not counted yet: nobody.
    for headers in (leader, secretariat):
        problem(world.get(still_open, headers), 409, "results_not_available")

    problem(world.get(str(uuid.uuid4()), secretariat), 404, "not_found")
    problem(world.get("x" * 100, secretariat), 404, "not_found")
    r = world.get(published, None)
    problem(r, 401, "not_authenticated")
    assert r.headers["WWW-Authenticate"] == "Bearer"


def test_the_openapi_document_describes_the_download(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    op = spec["paths"]["/api/v1/voting-sessions/{session_id}/minutes"]["get"]
    assert DOCX in op["responses"]["200"]["content"]
    assert {"404", "409"} <= set(op["responses"])
