"""The submission (tờ trình đề nghị khen thưởng) of a proposal, and the skeleton of an achievement report
(báo cáo thành tích) for one of its items, as Word documents.

Pure: ``render_submission(Submission)`` and ``render_report_skeleton(ReportSkeleton)`` turn plain frozen
dataclasses into DOCX bytes. Both are laid out by ``app.core.documents.nd30`` (Nghị định 30/2020/NĐ-CP;
"TTr" is the submission's abbreviation, Phụ lục III).

- The submission (Decree 152/2025 annex, form 01; law.md §4): the proposing unit's letterhead, "TỜ
  TRÌNH" "Về việc đề nghị khen thưởng …", "Kính gửi: …", the grounds, the table of items (who, which
  title or form, a summary of the achievements), the dossier enclosed, the request, the signature.
- The report skeleton follows the shape of the annex's achievement-report forms (law.md §4: form 05 for
  an individual; the collective forms alike): "BÁO CÁO THÀNH TÍCH ĐỀ NGHỊ TẶNG …", then the headings with
  empty sections for the unit or the person to fill (I. background; II. achievements; III. awards
  already received, as tables the system fills with the awards it knows), and the signatures (the
  person reporting, the head of the unit who confirms). The annex's exact wording of every heading is
  [unconfirmed] here: it is the forms' common structure, to be checked against the gazetted annex.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Literal

from docx.enum.text import WD_ALIGN_PARAGRAPH

from app.core.documents import nd30
from app.core.time import VN_TZ

SUBMISSION_KIND = "TỜ TRÌNH"
REPORT_KIND = "BÁO CÁO"
FILL_IN = "(Nội dung do đơn vị, cá nhân điền)"


@dataclass(frozen=True)
class Signatory:
    position: str  # "VỤ TRƯỞNG", "THỦ TRƯỞNG ĐƠN VỊ"
    name: str


@dataclass(frozen=True)
class SubmissionItem:
    subject: str  # "Ông Nguyễn Văn A, Chuyên viên chính", "Phòng Tổng hợp"
    award: str  # "Chiến sĩ thi đua cấp Bộ năm 2024"
    achievements: str  # the summary of achievements recorded on the item


@dataclass(frozen=True)
class Submission:
    unit: str  # the proposing unit: "Vụ Tổ chức cán bộ"
    unit_symbol: str  # its abbreviation in numbers: "TCCB"
    parent: str | None  # "Bộ Khoa học và Công nghệ", printed above the unit
    submitted_on: date
    number: int | None  # from the unit's register; None leaves it blank for the office
    addressee: str  # after "Kính gửi:": "Bộ trưởng Bộ Khoa học và Công nghệ"
    subject: str  # after "Về việc": "đề nghị khen thưởng năm 2024"
    grounds: tuple[str, ...]  # "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022" (no ";")
    items: tuple[SubmissionItem, ...]
    enclosures: tuple[str, ...]  # the dossier: "Biên bản họp Hội đồng Thi đua - Khen thưởng đơn vị", …
    request: str  # the closing request: "Kính đề nghị Bộ trưởng xem xét, quyết định."
    copies: tuple[str, ...]  # "Như trên"
    archive: str  # "VT, TCCB"
    signatory: Signatory


@dataclass(frozen=True)
class PriorAward:
    year: int
    name: str  # "Chiến sĩ thi đua cơ sở"
    decision: str  # "Quyết định số 45/QĐ-BKHCN ngày 20/12/2022 của Bộ trưởng Bộ Khoa học và Công nghệ"


@dataclass(frozen=True)
class ReportSkeleton:
    kind: Literal["individual", "collective"]
    award: str  # "Chiến sĩ thi đua cấp Bộ năm 2024"
    name: str  # the person or the collective
    unit: str  # the unit the person works in (for a collective: its parent unit)
    parent: str | None  # the body above the unit in the letterhead
    period: str  # "năm 2024", "giai đoạn 2020–2024"
    on: date
    prior_titles: tuple[PriorAward, ...] = ()  # filled from the awards the system knows
    prior_forms: tuple[PriorAward, ...] = ()
    unit_symbol: str | None = None  # the unit's abbreviation in the number line; default its initials


# ---- the submission ------------------------------------------------------------------------------------

ITEM_COLUMNS = (
    nd30.Column("STT"),
    nd30.Column("Tập thể, cá nhân", wide=True),
    nd30.Column("Danh hiệu, hình thức đề nghị", wide=True),
    nd30.Column("Tóm tắt thành tích", wide=True),
)


def submission_subject(s: Submission) -> str:
    return f"Về việc {s.subject}"


def item_rows(s: Submission) -> list[tuple[str, ...]]:
    return [(str(i), it.subject, it.award, it.achievements) for i, it in enumerate(s.items, start=1)]


def _date(on: date) -> datetime:
    return datetime.combine(on, time(), tzinfo=VN_TZ)


def render_submission(s: Submission) -> bytes:
    subject = submission_subject(s)
    doc = nd30.Nd30Document(title_text=f"Tờ trình - {subject}", author=s.unit)
    doc.letterhead(
        nd30.Letterhead(
            issuer=s.unit,
            kind=SUBMISSION_KIND,
            on=s.submitted_on,
            parent=s.parent,
            number=s.number,
            symbol=s.unit_symbol,
        )
    )
    doc.title(SUBMISSION_KIND, subject)
    doc.para(f"Kính gửi: {s.addressee}.", center=True)
    for line in s.grounds:
        doc.para(f"{line};", italic=True)
    doc.para(
        f"{s.unit} kính trình {s.addressee} xem xét, khen thưởng cho {len(s.items)} tập thể, cá nhân "
        "có thành tích như sau:"
    )
    doc.table(ITEM_COLUMNS, item_rows(s))
    if s.enclosures:
        doc.para("Hồ sơ kèm theo:", bold=True)
        for enclosure in s.enclosures:
            doc.para(f"- {enclosure};")
    doc.para(s.request)
    doc.closing(
        [*s.copies, f"Lưu: {s.archive}"],
        [nd30.Signer(s.signatory.position, sign_here=False, name=s.signatory.name)],
    )
    return doc.render(_date(s.submitted_on))


# ---- the achievement report skeleton ---------------------------------------------------------------------

PRIOR_COLUMNS = (
    nd30.Column("Năm"),
    nd30.Column("Danh hiệu, hình thức", wide=True),
    nd30.Column("Số, ngày, tháng, năm của quyết định; cơ quan ban hành", wide=True),
)
INDIVIDUAL_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "I. SƠ LƯỢC LÝ LỊCH",
        (
            "Họ và tên (ghi đầy đủ bằng chữ in thường, không viết tắt):",
            "Sinh ngày, tháng, năm:",
            "Giới tính:",
            "Quê quán:",
            "Trú quán:",
            "Đơn vị công tác:",
            "Chức vụ (Đảng, chính quyền, đoàn thể):",
            "Trình độ chuyên môn, nghiệp vụ:",
            "Học hàm, học vị, danh hiệu, giải thưởng:",
        ),
    ),
    (
        "II. THÀNH TÍCH ĐẠT ĐƯỢC",
        (
            "1. Quyền hạn, nhiệm vụ được giao hoặc đảm nhận:",
            "2. Thành tích đạt được của cá nhân:",
        ),
    ),
)
COLLECTIVE_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH",
        (
            "1. Đặc điểm, tình hình (địa điểm trụ sở chính, điện thoại; quá trình thành lập và phát triển; "
            "những đặc điểm chính của đơn vị, tổ chức đảng, đoàn thể):",
            "2. Chức năng, nhiệm vụ được giao:",
        ),
    ),
    (
        "II. THÀNH TÍCH ĐẠT ĐƯỢC",
        (
            "1. Kết quả đạt được trong việc thực hiện nhiệm vụ được giao:",
            "2. Những biện pháp hoặc nguyên nhân đạt được thành tích; các phong trào thi đua đã được áp "
            "dụng trong thực tiễn:",
            "3. Việc thực hiện chủ trương, chính sách của Đảng, pháp luật của Nhà nước:",
        ),
    ),
)
PRIOR_HEADING = "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG"


def report_heading(r: ReportSkeleton) -> str:
    return f"BÁO CÁO THÀNH TÍCH ĐỀ NGHỊ TẶNG {r.award.upper()}"


def report_subject(r: ReportSkeleton) -> str:
    return f"Của {r.name}, {r.unit}" if r.kind == "individual" else f"Của {r.name}"


def prior_rows(awards: tuple[PriorAward, ...]) -> list[tuple[str, ...]]:
    return [(str(a.year), a.name, a.decision) for a in awards]


def _blank(doc: nd30.Nd30Document) -> None:
    p = doc.para(FILL_IN, italic=True)
    p.alignment = WD_ALIGN_PARAGRAPH.LEFT


def render_report_skeleton(r: ReportSkeleton) -> bytes:
    doc = nd30.Nd30Document(title_text=f"Báo cáo thành tích - {r.name}", author=r.unit)
    doc.letterhead(
        nd30.Letterhead(issuer=r.unit, kind=REPORT_KIND, on=r.on, parent=r.parent, symbol=r.unit_symbol)
    )
    doc.title(report_heading(r), report_subject(r))
    doc.para(f"(Thành tích {r.period})", italic=True, center=True)
    sections = INDIVIDUAL_SECTIONS if r.kind == "individual" else COLLECTIVE_SECTIONS
    for heading, prompts in sections:
        doc.para(heading, bold=True)
        for prompt in prompts:
            doc.para(prompt)
            _blank(doc)
    doc.para(PRIOR_HEADING, bold=True)
    for label, awards in (
        ("1. Danh hiệu thi đua:", r.prior_titles),
        ("2. Hình thức khen thưởng:", r.prior_forms),
    ):
        doc.para(label)
        if awards:
            doc.table(PRIOR_COLUMNS, prior_rows(awards))
        else:
            _blank(doc)
    if r.kind == "individual":
        signers = [
            nd30.Signer("THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ", ("(Ký, đóng dấu)",), sign_here=False),
            nd30.Signer("NGƯỜI BÁO CÁO THÀNH TÍCH", name=r.name),
        ]
    else:
        signers = [nd30.Signer("THỦ TRƯỞNG ĐƠN VỊ", ("(Ký, đóng dấu)",), sign_here=False)]
    doc.closing(["Hội đồng Thi đua - Khen thưởng (để xét)", "Lưu: đơn vị"], signers)
    return doc.render(_date(r.on))
