"""What several entries share: names, authorities, the documents cited, and the regime-wide deferral rule."""

from __future__ import annotations

from app.law.spec import Citation, CriterionSpec, NoDiscipline, NothingPending
from app.models.enums import DisciplineMeasure

REGIME_CODES = ("R2016", "R2017", "R2024", "R2025")
CURRENT_LAW = ("R2024", "R2025")  # Law 06/2022/QH15

# code → (Vietnamese name, English name)
NAMES: dict[str, tuple[str, str]] = {
    "lao_dong_tien_tien": ("Lao động tiên tiến", "Advanced worker"),
    "chien_si_thi_dua_co_so": ("Chiến sĩ thi đua cơ sở", "Base-level emulation fighter"),
    "chien_si_thi_dua_cap_bo": ("Chiến sĩ thi đua cấp Bộ", "Ministry-level emulation fighter"),
    "chien_si_thi_dua_toan_quoc": ("Chiến sĩ thi đua toàn quốc", "National emulation fighter"),
    "tap_the_lao_dong_tien_tien": ("Tập thể lao động tiên tiến", "Advanced collective"),
    "tap_the_lao_dong_xuat_sac": ("Tập thể lao động xuất sắc", "Excellent collective"),
    "co_thi_dua_bo": ("Cờ thi đua của Bộ", "Ministry emulation flag"),
    "co_thi_dua_chinh_phu": ("Cờ thi đua của Chính phủ", "Government emulation flag"),
    "giay_khen": ("Giấy khen", "Certificate of merit"),
    "bang_khen_bo_truong": ("Bằng khen của Bộ trưởng", "Minister's certificate of merit"),
    "bang_khen_thu_tuong": ("Bằng khen của Thủ tướng Chính phủ", "Prime Minister's certificate of merit"),
    "ky_niem_chuong": ("Kỷ niệm chương", "Ministry medal"),
    "huan_chuong_lao_dong_hang_ba": ("Huân chương Lao động hạng Ba", "Labour Order, third class"),
    "huan_chuong_lao_dong_hang_nhi": ("Huân chương Lao động hạng Nhì", "Labour Order, second class"),
    "huan_chuong_lao_dong_hang_nhat": ("Huân chương Lao động hạng Nhất", "Labour Order, first class"),
    "huan_chuong_doc_lap_hang_ba": ("Huân chương Độc lập hạng Ba", "Independence Order, third class"),
    "huan_chuong_doc_lap_hang_nhi": ("Huân chương Độc lập hạng Nhì", "Independence Order, second class"),
    "huan_chuong_doc_lap_hang_nhat": ("Huân chương Độc lập hạng Nhất", "Independence Order, first class"),
    "huan_chuong_ho_chi_minh": ("Huân chương Hồ Chí Minh", "Ho Chi Minh Order"),
    "huan_chuong_sao_vang": ("Huân chương Sao vàng", "Gold Star Order"),
}

UNIT_HEAD = "Thủ trưởng đơn vị có tư cách pháp nhân"
MINISTER = "Bộ trưởng"
PRIME_MINISTER = "Thủ tướng Chính phủ"
PRESIDENT = "Chủ tịch nước, theo đề nghị của Thủ tướng Chính phủ"

LAW_2003 = "Luật TĐKT 15/2003/QH11 (sửa đổi 2013)"
LAW_2022 = "Luật TĐKT 06/2022/QH15"
D42 = "Nghị định 42/2010/NĐ-CP"
D65 = "Nghị định 65/2014/NĐ-CP"
D91 = "Nghị định 91/2017/NĐ-CP"
D98 = "Nghị định 98/2023/NĐ-CP"
D152 = "Nghị định 152/2025/NĐ-CP"
TT07 = "Thông tư 07/2014/TT-BNV"
TT25 = "Thông tư 25/2025/TT-BKHCN"

NOT_READ_91 = "91/2017's detailing article was not read; default: the R2016 rule (law.md)"


def cite(text: str, *, confirmed: bool = True, note: str | None = None) -> Citation:
    return Citation(text=text, confirmed=confirmed, note=note)


def name_vi(code: str) -> str:
    return NAMES[code][0] if code in NAMES else code


def name_en(code: str) -> str:
    return NAMES[code][1] if code in NAMES else code


def _deferral_citation(regime: str) -> Citation:
    if regime == "R2025":
        return cite(f"{D152}, khoản 4 Điều 4")
    return cite(
        f"{D98} (như {D152}, khoản 4 Điều 4)",
        confirmed=False,
        note="law.md states the rule from 152/2025 Art 4(4); applied to R2024 as the same principle",
    )


def deferral(regime: str) -> tuple[CriterionSpec, ...]:
    """Decree 152/2025 Art 4(4): defer while discipline, an investigation or a complaint is pending; after a
    discipline ends, achievements count from its end. For every entry of the current Law's regimes."""
    if regime not in CURRENT_LAW:
        return ()
    c = _deferral_citation(regime)
    return (
        NoDiscipline(
            code="no_discipline",
            citation=c,
            min_measure=DisciplineMeasure.REPRIMAND,
            rule_en="No disciplinary measure whose period overlaps the award year (deferred until it ends)",
            rule_vi="Không đang trong thời gian thi hành kỷ luật trong năm xét (hoãn xét đến khi hết thời "
            "hạn)",
        ),
        NothingPending(
            code="nothing_pending",
            citation=c,
            rule_en="No investigation, inspection or complaint pending (deferred until it is concluded)",
            rule_vi="Không đang bị điều tra, thanh tra, kiểm tra hoặc có đơn thư khiếu nại, tố cáo đang "
            "xác minh",
        ),
    )
