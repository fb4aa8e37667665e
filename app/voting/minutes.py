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
# A session whose counting committee is named (app.counting): its members sign, by name.
COMMITTEE_SIGNATORY, HEAD_SIGNATORY, MEMBER_SIGNATORY = "BAN KIỂM PHIẾU", "TRƯỞNG BAN", "ỦY VIÊN"


@dataclass(frozen=True)
class CandidateLine:
    unit_name: str
    votes: int
    share: float  # votes / the threshold's base (electorate or ballots cast)
    elected: bool
    tied: bool = False
    paper_votes: int | None = None  # a mixed session's parts of ``votes``
    electronic_votes: int | None = None


@dataclass(frozen=True)
class PaperLines:
    """A paper or mixed session's agreed paper count; a mixed one's electronic ballots beside it."""

    issued: int
    returned: int
    valid: int
    invalid: int
    blank: int
    invalid_reasons: list[tuple[str, int]]
    electronic_ballots: int | None = None
    electronic_blank: int | None = None


@dataclass(frozen=True)
class CommitteeLine:
    full_name: str
    title: str
    head: bool


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
    paper: PaperLines | None = None  # paper and mixed sessions
    committee: list[CommitteeLine] | None = None  # the counting committee, when named


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
    if m.paper is not None:
        return paper_count_lines(m, m.paper)
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


def reason_lines(p: PaperLines) -> list[str]:
    return [f"– {reason}: {count}" for reason, count in p.invalid_reasons]


def paper_count_lines(m: Minutes, p: PaperLines) -> list[tuple[str, str]]:
    """A paper session's count; a mixed one's paper count, its electronic ballots, then the sums."""
    lines = [
        ("Số đại biểu được triệu tập", str(m.electorate)),
        ("Số phiếu phát ra", str(p.issued)),
        ("Số phiếu thu về", str(p.returned)),
        ("Số phiếu hợp lệ", str(p.valid)),
        ("Số phiếu không hợp lệ", str(p.invalid)),
        ("Số phiếu trắng", str(p.blank)),
    ]
    if p.electronic_ballots is not None:
        lines += [
            ("Số phiếu bầu điện tử", str(p.electronic_ballots)),
            ("Số phiếu bầu điện tử để trống", str(p.electronic_blank or 0)),
            ("Tổng số phiếu bầu (giấy và điện tử)", str(m.ballots_cast)),
            ("Tổng số phiếu hợp lệ (giấy và điện tử)", str(p.valid + p.electronic_ballots)),
            ("Tổng số phiếu trắng (giấy và điện tử)", str(m.blank)),
        ]
    lines.append(("Số đơn vị được bầu", str(m.seats)))
    return lines


def committee_lines(m: Minutes) -> list[str]:
    """ "1. Nguyễn Thị Hoa, Chánh Văn phòng – Trưởng ban"."""
    return [
        f"{i}. {c.full_name}{', ' + c.title if c.title else ''} – {'Trưởng ban' if c.head else 'Ủy viên'}"
        for i, c in enumerate(m.committee or [], start=1)
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


MIXED_COLUMNS = (
    nd30.Column("STT"),
    nd30.Column("Đơn vị", wide=True),
    nd30.Column("Phiếu giấy"),
    nd30.Column("Phiếu điện tử"),
    nd30.Column("Tổng số phiếu"),
    nd30.Column("Tỷ lệ"),
    nd30.Column("Kết quả"),
)


def mixed(m: Minutes) -> bool:
    return m.paper is not None and m.paper.electronic_ballots is not None


def _candidates_table(doc: nd30.Nd30Document, m: Minutes) -> None:
    if mixed(m):
        doc.table(
            MIXED_COLUMNS,
            [
                (
                    str(i),
                    line.unit_name,
                    str(line.paper_votes or 0),
                    str(line.electronic_votes or 0),
                    str(line.votes),
                    percent(line.share),
                    outcome(line),
                )
                for i, line in enumerate(m.candidates, start=1)
            ],
        )
        return
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
    if m.committee:  # the committee signs by name: its head(s) first, then its members
        ordered = sorted(m.committee, key=lambda c: not c.head)
        committee = [
            nd30.Signer(HEAD_SIGNATORY if c.head else MEMBER_SIGNATORY, name=c.full_name) for c in ordered
        ]
        return [*committee, nd30.Signer(LEADER_SIGNATORY, leader)]
    return [*(nd30.Signer(role) for role in SIGNATORIES), nd30.Signer(LEADER_SIGNATORY, leader)]


def _count(doc: nd30.Nd30Document, m: Minutes) -> None:
    doc.para("I. TÌNH HÌNH BỎ PHIẾU", bold=True)
    if m.committee:
        doc.para("Ban kiểm phiếu gồm:")
        for line in committee_lines(m):
            doc.para(line)
    if mixed(m):
        doc.para(
            "Bỏ phiếu bằng phiếu giấy và bỏ phiếu điện tử; kết quả là tổng của hai hình thức.", italic=True
        )
    elif m.paper is not None:
        doc.para("Bỏ phiếu bằng phiếu giấy.", italic=True)
    for label, value in count_lines(m):
        doc.labelled(label, value)
        if label == "Số phiếu không hợp lệ" and m.paper is not None:
            for line in reason_lines(m.paper):
                doc.para(line)
    doc.labelled("Điều kiện trúng cử", f"được {threshold_text(m)} đồng ý và xếp trong số đơn vị được bầu")


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

    _count(doc, m)

    doc.para("II. KẾT QUẢ KIỂM PHIẾU", bold=True)
    base = "tổng số đại biểu được triệu tập" if m.threshold_of == "electorate" else "số phiếu hợp lệ"
    doc.para(f"(Tỷ lệ tính trên {base})", italic=True)
    _candidates_table(doc, m)
    _result(doc, m)
    doc.para(
        f"Biên bản được lập ngày {vn_date(m.held_on)}, đã được đọc lại và thông qua trước hội nghị.",
        italic=True,
    )
    if m.committee:
        doc.para(COMMITTEE_SIGNATORY, bold=True, center=True)
    doc.closing(RECIPIENTS, _signers(m))
    return doc.render(datetime.combine(m.held_on, time(), tzinfo=VN_TZ))


def filename(m: Minutes) -> str:
    """E.g. "Biên bản kiểm phiếu Cờ thi đua của Bộ năm 2016 - Khối thi đua cơ quan Bộ.docx" ("(bầu lại)" for a
    runoff): what a person would call the file (``app.core.disposition`` makes it safe for every client)."""
    runoff = " (bầu lại)" if m.runoff else ""
    return f"Biên bản kiểm phiếu {title_of_year(m)}{runoff} - {m.bloc_name}.docx"
