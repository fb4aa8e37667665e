"""The counting minutes ("biên bản kiểm phiếu") of a ballot session, as a Word document in Vietnamese.

Pure: ``render`` turns plain data (``Minutes``) into DOCX bytes, so the document is tested without a
database or HTTP. ``app.voting.minutes_service`` gathers the data. The layout is the shared one of
``app.core.documents.nd30`` (Nghị định 30/2020/NĐ-CP, Phụ lục I; "BB" is the minutes' abbreviation in
Phụ lục III): the bloc's letterhead with number and date, the title, the count, the table of candidates,
the result, then the signatures of the counting committee's head, its secretary and the leading unit,
beside the recipients.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from app.core.documents import nd30
from app.core.time import VN_TZ

HEADING = "BIÊN BẢN KIỂM PHIẾU"
ELECTED, TIED, NOT_ELECTED = "Trúng cử", "Bằng phiếu", "Không trúng cử"
SIGNATORIES = ("TRƯỞNG BAN KIỂM PHIẾU", "THƯ KÝ")
LEADER_SIGNATORY = "ĐẠI DIỆN ĐƠN VỊ KHỐI TRƯỞNG"


@dataclass(frozen=True)
class CandidateLine:
    unit_name: str
    votes: int
    share: float  # votes / the threshold's base (electorate or ballots cast)
    elected: bool
    tied: bool = False


@dataclass(frozen=True)
class Minutes:
    bloc_name: str
    title_name: str  # "Cờ thi đua của Bộ"
    year: int
    held_on: date  # the day the ballot closed (local time)
    seats: int
    electorate: int
    ballots_cast: int
    blank: int
    quorum_met: bool
    candidates: list[CandidateLine]
    elected: list[str]  # unit names, most votes first
    tied: list[str]  # unit names
    unfilled_seats: int
    threshold_share: float = 0.5
    threshold_of: str = "electorate"  # electorate | cast
    threshold_inclusive: bool = False
    quorum: float = 0.5
    secret: bool = True
    session_name: str | None = None
    runoff: bool = False
    leader_unit_name: str | None = None


# ---- wording (pure) -----------------------------------------------------------------------------------


def vn_date(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def percent(x: float) -> str:
    """0.625 → "62,50%": Vietnamese writes a decimal comma."""
    return f"{x * 100:.2f}".replace(".", ",") + "%"


def plain_percent(x: float) -> str:
    """0.5 → "50%", 0.665 → "66,5%": for the rules, which are round numbers."""
    return f"{x * 100:.4g}".replace(".", ",") + "%"


def outcome(line: CandidateLine) -> str:
    if line.elected:
        return ELECTED
    return TIED if line.tied else NOT_ELECTED


def title_of_year(m: Minutes) -> str:
    return f"{m.title_name} năm {m.year}"


def threshold_text(m: Minutes) -> str:
    comparison = "từ" if m.threshold_inclusive else "trên"
    base = "tổng số đại biểu được triệu tập" if m.threshold_of == "electorate" else "số phiếu hợp lệ"
    return f"{comparison} {plain_percent(m.threshold_share)} {base}"


def count_lines(m: Minutes) -> list[tuple[str, str]]:
    """The count, label and value, in the order the minutes read them out."""
    valid = m.ballots_cast  # the system refuses an invalid ballot, so every ballot cast is valid
    return [
        ("Số đại biểu được triệu tập", str(m.electorate)),
        ("Số phiếu phát ra", str(m.ballots_cast)),
        ("Số phiếu thu về", str(m.ballots_cast)),
        ("Số phiếu hợp lệ", str(valid)),
        ("Số phiếu không hợp lệ", "0"),
        ("Số phiếu trắng", str(m.blank)),
        ("Số đơn vị được bầu", str(m.seats)),
    ]


# ---- rendering ----------------------------------------------------------------------------------------

CANDIDATE_COLUMNS = (
    nd30.Column("STT"),
    nd30.Column("Đơn vị", wide=True),
    nd30.Column("Số phiếu"),
    nd30.Column("Tỷ lệ"),
    nd30.Column("Kết quả"),
)
RECIPIENTS = ("Thường trực Hội đồng Thi đua - Khen thưởng", "Các đơn vị thành viên Khối", "Lưu: Khối")


def _candidates_table(doc: nd30.Nd30Document, m: Minutes) -> None:
    rows = [
        (str(i), line.unit_name, str(line.votes), percent(line.share), outcome(line))
        for i, line in enumerate(m.candidates, start=1)
    ]
    doc.table(CANDIDATE_COLUMNS, rows)


def _result(doc: nd30.Nd30Document, m: Minutes) -> None:
    doc.para("III. KẾT QUẢ BẦU CHỌN", bold=True)
    if not m.quorum_met:
        doc.para(
            f"Số đại biểu bỏ phiếu chưa đạt {plain_percent(m.quorum)} tổng số đại biểu được triệu tập; "
            "cuộc bỏ phiếu không đủ điều kiện công nhận kết quả, không đơn vị nào trúng cử.",
        )
    elif m.elected:
        doc.para(f"Các đơn vị trúng cử đề nghị tặng {title_of_year(m)} ({len(m.elected)} đơn vị):")
        for i, name in enumerate(m.elected, start=1):
            doc.para(f"{i}. {name}")
    else:
        doc.para("Không có đơn vị nào trúng cử.")
    if m.tied:
        doc.para("Các đơn vị có số phiếu bằng nhau ở vị trí cuối cùng (cần bầu lại):")
        for name in m.tied:
            doc.para(f"– {name}")
    doc.labelled("Số vị trí chưa bầu được", str(m.unfilled_seats))


def _signers(m: Minutes) -> list[nd30.Signer]:
    leader = (m.leader_unit_name,) if m.leader_unit_name else ()
    return [*(nd30.Signer(role) for role in SIGNATORIES), nd30.Signer(LEADER_SIGNATORY, leader)]


def render(m: Minutes) -> bytes:
    subject = f"Bầu chọn đơn vị đề nghị tặng {title_of_year(m)}" + (" (bầu lại)" if m.runoff else "")
    doc = nd30.Nd30Document(title_text=f"Biên bản kiểm phiếu - {subject}", author=m.bloc_name)
    doc.letterhead(nd30.Letterhead(issuer=m.bloc_name, kind="BIÊN BẢN", on=m.held_on))
    doc.title(HEADING, subject)
    if m.session_name:
        doc.para(m.session_name, italic=True, center=True)
    kind = "bỏ phiếu kín" if m.secret else "bỏ phiếu"
    doc.para(
        f"Ngày {vn_date(m.held_on)}, {m.bloc_name} tổ chức {kind} bầu chọn đơn vị đề nghị tặng "
        f"{title_of_year(m)}. Ban kiểm phiếu đã kiểm phiếu và lập biên bản như sau:",
    )
    doc.labelled("Ngày kiểm phiếu", vn_date(m.held_on))

    doc.para("I. TÌNH HÌNH BỎ PHIẾU", bold=True)
    for label, value in count_lines(m):
        doc.labelled(label, value)
    doc.labelled("Điều kiện trúng cử", f"được {threshold_text(m)} đồng ý và xếp trong số đơn vị được bầu")

    doc.para("II. KẾT QUẢ KIỂM PHIẾU", bold=True)
    base = "tổng số đại biểu được triệu tập" if m.threshold_of == "electorate" else "số phiếu hợp lệ"
    doc.para(f"(Tỷ lệ tính trên {base})", italic=True)
    _candidates_table(doc, m)
    _result(doc, m)
    doc.para(
        f"Biên bản được lập ngày {vn_date(m.held_on)}, đã được đọc lại và thông qua trước hội nghị.",
        italic=True,
    )
    doc.closing(RECIPIENTS, _signers(m))
    return doc.render(datetime.combine(m.held_on, time(), tzinfo=VN_TZ))


def filename(m: Minutes) -> str:
    """E.g. "Biên bản kiểm phiếu Cờ thi đua của Bộ năm 2016 - Khối thi đua cơ quan Bộ.docx" ("(bầu lại)" for a
    runoff): what a person would call the file (``app.core.disposition`` makes it safe for every client)."""
    runoff = " (bầu lại)" if m.runoff else ""
    return f"Biên bản kiểm phiếu {title_of_year(m)}{runoff} - {m.bloc_name}.docx"
