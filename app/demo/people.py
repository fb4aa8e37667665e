"""The demo's people: fictional staff of the 16 units of 2016, with their ratings, titles, initiatives and
exclusions for 2014–2016, so that the verdict for "Chiến sĩ thi đua cấp Bộ" 2016 (law.md §2.1) can be seen
passing and failing, each time for its reasons.

Everything here is invented and fixed: the roster was drawn once from a seeded generator and is kept as
data, so every load gives the same people. The rules the data keeps (R2016, law.md §2.1):

- Lao động tiên tiến (LĐTT) only with a rating of at least "good", at least 10 months' work in the year,
  fewer than 40 working days absent, and no discipline in the year.
- Chiến sĩ thi đua cơ sở (CSTĐCS) only for someone who is LĐTT that year and has, that year, an initiative
  recognised at unit (cơ sở) scope or above, or a research work accepted and applied.
- Each unit's CSTĐCS of a year are at most 15% of its LĐTT of that year, rounded down (Circular
  07/2014/TT-BNV Art 5): a unit needs 7 LĐTT for one CSTĐCS, 14 for two. A title counts in the unit the
  person worked in on 31 December (a transferred person is rated by the new unit).

A person's code is stable: it names the unit the person was first registered in, and does not change when
the person moves (``MOVES``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.models.enums import (
    AchievementKind,
    DisciplineMeasure,
    ExclusionKind,
    Gender,
    Rating,
    RecognitionScope,
    Verdict,
)

YEARS = (2014, 2015, 2016)
LDTT = "lao_dong_tien_tien"
CSTDCS = "chien_si_thi_dua_co_so"
CSTD_CAP_BO = "chien_si_thi_dua_cap_bo"
CSTDCS_CAP_PERCENT = 15  # of the unit's LĐTT, rounded down: Circular 07/2014/TT-BNV Art 5 (law.md §2.1)

M, F = Gender.MALE, Gender.FEMALE

# A year of a person's history, two letters: the rating, then the titles decided for that year.
#   rating: X excellent (hoàn thành xuất sắc), T good (hoàn thành tốt), H completed (hoàn thành),
#           K not completed (không hoàn thành);
#   titles: C CSTĐCS (and LĐTT, which it requires), L LĐTT, . none.
# "--": not yet employed that year. Three such pairs, for 2014, 2015 and 2016.
RATINGS = {"X": Rating.EXCELLENT, "T": Rating.GOOD, "H": Rating.COMPLETED, "K": Rating.NOT_COMPLETED}
TITLES: dict[str, tuple[str, ...]] = {"C": (LDTT, CSTDCS), "L": (LDTT,), ".": ()}

# (code, full name, gender, birth date, position, employed in the code's unit since, history 2014 2015 2016)
Row = tuple[str, str, Gender, str, str, str, str]
ROSTER: list[Row] = [
    # Văn phòng Bộ
    ("CB-VP-001", "Hoàng Minh Hằng", F, "1964-03-03", "Chánh Văn phòng", "2006-07-01", "H. XL TL"),
    ("CB-VP-002", "Tô Hữu Thành", M, "1967-12-11", "Phó Chánh Văn phòng", "2004-08-15", "TL TL TL"),
    ("CB-VP-003", "Phan Công Lâm", M, "1970-02-10", "Phó Chánh Văn phòng", "2007-01-15", "XL TL XL"),
    ("CB-VP-004", "Hoàng Hữu Tuấn", M, "1969-05-16", "Phó Chánh Văn phòng", "2002-08-01", "XC TL XC"),
    ("CB-VP-005", "Phạm Lan Oanh", F, "1971-09-16", "Trưởng phòng", "2002-06-01", "XL XL TL"),
    ("CB-VP-006", "Nguyễn Quang Hưng", M, "1984-06-27", "Phó Trưởng phòng", "2007-06-15", "XL H. TL"),
    ("CB-VP-007", "Phạm Việt Trung", M, "1972-02-07", "Chuyên viên chính", "2009-09-15", "TL XC XC"),
    ("CB-VP-008", "Phạm Văn Việt", M, "1983-11-06", "Chuyên viên chính", "2006-11-15", "TL TL TL"),
    ("CB-VP-009", "Hồ Phương Ngân", F, "1982-06-22", "Chuyên viên", "2007-11-15", "TL TL TL"),
    ("CB-VP-010", "Đinh Văn Đạt", M, "1982-08-04", "Chuyên viên", "2005-09-15", "TL TL TL"),
    ("CB-VP-011", "Nguyễn Phương Hạnh", F, "1981-09-25", "Chuyên viên", "2009-09-01", "TL TL TL"),
    ("CB-VP-012", "Bùi Phương Oanh", F, "1990-06-03", "Văn thư", "2013-08-15", "TL T. TL"),
    ("CB-VP-013", "Lê Tuấn Cường", M, "1966-05-19", "Trưởng phòng", "2012-06-01", "XL TL TL"),
    ("CB-VP-014", "Đào Thanh Quyên", F, "1970-08-01", "Phó Trưởng phòng", "2007-09-01", "TL TL TL"),
    ("CB-VP-015", "Hoàng Việt Hải", M, "1976-03-05", "Chuyên viên chính", "2003-08-15", "TL TL TL"),
    ("CB-VP-016", "Bùi Hoàng Quý", M, "1993-11-27", "Chuyên viên", "2016-09-01", "-- -- T."),
    # Vụ KHXH&TN
    ("CB-KHXHTN-001", "Ngô Thị Yến", F, "1965-09-23", "Vụ trưởng", "2010-07-01", "TL TL H."),
    ("CB-KHXHTN-002", "Vũ Lan Phương", F, "1974-09-05", "Phó Vụ trưởng", "2007-10-15", "TL TL H."),
    ("CB-KHXHTN-003", "Nguyễn Ngọc Loan", F, "1966-05-20", "Phó Vụ trưởng", "2011-03-01", "XC XC XC"),
    ("CB-KHXHTN-004", "Tạ Việt Nghĩa", M, "1966-10-13", "Chuyên viên cao cấp", "2012-06-01", "TL TL TL"),
    ("CB-KHXHTN-005", "Nguyễn Anh Tuấn", M, "1982-01-02", "Chuyên viên chính", "2005-06-15", "TL TL TL"),
    ("CB-KHXHTN-006", "Hồ Hoàng Minh", M, "1973-11-07", "Chuyên viên chính", "2011-08-01", "H. TL TL"),
    ("CB-KHXHTN-007", "Mai Mạnh Hải", M, "1975-04-02", "Chuyên viên chính", "2012-09-15", "TL TL TL"),
    ("CB-KHXHTN-008", "Nguyễn Bích Quyên", F, "1982-01-21", "Chuyên viên", "2011-06-01", "TL H. H."),
    ("CB-KHXHTN-009", "Trần Phương Tuyết", F, "1981-02-20", "Chuyên viên", "2004-09-01", "TL TL TL"),
    ("CB-KHXHTN-010", "Lương Ngọc Hùng", M, "1987-03-10", "Chuyên viên", "2010-02-15", "TL XL TL"),
    ("CB-KHXHTN-011", "Lưu Hoàng Hải", M, "1975-03-13", "Chuyên viên cao cấp", "2005-08-15", "XL TL TL"),
    ("CB-KHXHTN-012", "Hồ Thanh Nga", F, "1974-08-01", "Chuyên viên chính", "2015-08-15", "-- T. TL"),
    # Vụ KH&CN KT-KT
    ("CB-KHCNKTKT-001", "Phạm Ngọc Thư", F, "1963-06-08", "Vụ trưởng", "2008-09-01", "TL XL TL"),
    ("CB-KHCNKTKT-002", "Tạ Mạnh Phong", M, "1975-06-18", "Phó Vụ trưởng", "2009-08-15", "TL TL TL"),
    ("CB-KHCNKTKT-003", "Bùi Hữu Kiên", M, "1967-02-27", "Phó Vụ trưởng", "2007-10-01", "TL TL TL"),
    ("CB-KHCNKTKT-004", "Đào Hữu Trung", M, "1969-06-17", "Chuyên viên cao cấp", "2006-02-15", "XC XC XC"),
    ("CB-KHCNKTKT-005", "Vũ Bích Dung", F, "1977-02-05", "Chuyên viên chính", "2004-02-01", "XL TL TL"),
    ("CB-KHCNKTKT-006", "Trần Quang Nam", M, "1980-02-01", "Chuyên viên chính", "2010-11-15", "TL TL TL"),
    ("CB-KHCNKTKT-007", "Lê Phương Thảo", F, "1982-07-13", "Chuyên viên chính", "2008-09-15", "TL TL H."),
    ("CB-KHCNKTKT-008", "Đỗ Tuấn Trung", M, "1989-11-25", "Chuyên viên", "2012-04-15", "H. TL TL"),
    ("CB-KHCNKTKT-009", "Vũ Duy Hoàng", M, "1990-07-01", "Chuyên viên", "2013-06-01", "H. TL TL"),
    ("CB-KHCNKTKT-010", "Lê Mai Oanh", F, "1986-10-25", "Chuyên viên", "2011-11-01", "XL TL TL"),
    ("CB-KHCNKTKT-011", "Hoàng Văn Khánh", M, "1966-08-04", "Chuyên viên cao cấp", "2011-02-01", "H. TL XL"),
    # Vụ CNC
    ("CB-CNC-001", "Phạm Phương Oanh", F, "1964-01-15", "Vụ trưởng", "2011-01-01", "H. TL XL"),
    ("CB-CNC-002", "Lê Thị Thủy", F, "1969-11-20", "Phó Vụ trưởng", "2010-10-15", "TL TL TL"),
    ("CB-CNC-003", "Trần Thanh Hằng", F, "1965-09-04", "Phó Vụ trưởng", "2005-10-01", "TL TL XL"),
    ("CB-CNC-004", "Trần Bích Hạnh", F, "1972-10-18", "Chuyên viên cao cấp", "2004-04-01", "H. TL TL"),
    ("CB-CNC-005", "Tạ Công Nghĩa", M, "1980-12-15", "Chuyên viên chính", "2012-09-15", "TL TL XC"),
    ("CB-CNC-006", "Lê Minh Phong", M, "1980-10-22", "Chuyên viên chính", "2010-11-01", "H. XL H."),
    ("CB-CNC-007", "Lý Đức Toàn", M, "1979-11-18", "Chuyên viên chính", "2011-04-01", "TL TL TL"),
    ("CB-CNC-008", "Võ Bích Dung", F, "1986-02-20", "Chuyên viên", "2009-02-15", "TL TL H."),
    ("CB-CNC-009", "Trần Mạnh Sơn", M, "1984-02-26", "Chuyên viên", "2008-04-01", "XC XC XC"),
    ("CB-CNC-010", "Đinh Trọng Khánh", M, "1984-02-13", "Chuyên viên", "2007-11-15", "TL TL TL"),
    # Vụ ĐTG
    ("CB-DTG-001", "Nguyễn Anh Minh", M, "1966-06-12", "Vụ trưởng", "2008-10-01", "XL TL TL"),
    ("CB-DTG-002", "Nguyễn Minh Huyền", F, "1964-04-28", "Phó Vụ trưởng", "2006-10-01", "XC XC XC"),
    ("CB-DTG-003", "Vũ Minh Khánh", M, "1969-01-25", "Phó Vụ trưởng", "2003-06-15", "TL XL TL"),
    ("CB-DTG-004", "Trần Mạnh Thịnh", M, "1974-04-24", "Phó Vụ trưởng", "2009-01-15", "TL TL TL"),
    ("CB-DTG-005", "Lê Phương Dung", F, "1975-08-07", "Chuyên viên cao cấp", "2001-11-15", "TL H. TL"),
    ("CB-DTG-006", "Phan Diệu Loan", F, "1979-10-16", "Chuyên viên chính", "2008-08-01", "TL TL XC"),
    ("CB-DTG-007", "Mai Minh Thịnh", M, "1980-07-22", "Chuyên viên chính", "2003-02-01", "TL TL TL"),
    ("CB-DTG-008", "Hồ Tuấn Trung", M, "1972-06-08", "Chuyên viên chính", "2010-02-15", "TL TL TL"),
    ("CB-DTG-009", "Đỗ Văn Thịnh", M, "1986-04-26", "Chuyên viên", "2009-08-15", "TL TL TL"),
    ("CB-DTG-010", "Kiều Lan Huyền", F, "1988-05-18", "Chuyên viên", "2012-08-01", "TL TL TL"),
    ("CB-DTG-011", "Phạm Xuân Việt", M, "1986-04-17", "Chuyên viên", "2009-09-01", "TL TL TL"),
    ("CB-DTG-012", "Nguyễn Minh Vân", F, "1971-12-18", "Chuyên viên cao cấp", "2004-08-15", "TL TL TL"),
    ("CB-DTG-013", "Phan Thị Lan", F, "1972-09-15", "Chuyên viên chính", "2002-04-15", "TL TL XL"),
    ("CB-DTG-014", "Vũ Anh Hưng", M, "1971-05-14", "Chuyên viên chính", "2004-04-01", "TL TL TL"),
    # Vụ PTĐP
    ("CB-PTDP-001", "Tô Thị Dung", F, "1963-03-06", "Vụ trưởng", "2009-09-01", "H. TL XL"),
    ("CB-PTDP-002", "Nguyễn Mạnh Việt", M, "1964-12-08", "Phó Vụ trưởng", "2012-06-01", "TL H. XL"),
    ("CB-PTDP-003", "Phạm Bích Hương", F, "1967-05-14", "Phó Vụ trưởng", "2004-06-01", "XC TL TL"),
    ("CB-PTDP-004", "Đào Thu Ánh", F, "1969-02-27", "Chuyên viên cao cấp", "2006-11-15", "H. TL TL"),
    ("CB-PTDP-005", "Võ Thị Giang", F, "1981-09-17", "Chuyên viên chính", "2004-06-15", "TL TL XL"),
    ("CB-PTDP-006", "Nguyễn Công Khánh", M, "1973-03-04", "Chuyên viên chính", "2013-11-15", "TL TL XL"),
    ("CB-PTDP-007", "Lưu Mạnh Long", M, "1976-10-12", "Chuyên viên chính", "2003-04-15", "TL XL H."),
    ("CB-PTDP-008", "Lê Tuấn Minh", M, "1980-01-14", "Chuyên viên", "2013-09-01", "TL TL TL"),
    ("CB-PTDP-009", "Phạm Quang Hưng", M, "1982-07-04", "Chuyên viên", "2006-11-15", "TL TL TL"),
    # Vụ HTQT
    ("CB-HTQT-001", "Đào Hữu Lâm", M, "1966-10-16", "Vụ trưởng", "2006-01-01", "H. TL TL"),
    ("CB-HTQT-002", "Nguyễn Anh Sơn", M, "1964-11-10", "Phó Vụ trưởng", "2005-10-01", "H. TL TL"),
    ("CB-HTQT-003", "Trần Công Khánh", M, "1965-12-24", "Chuyên viên cao cấp", "2003-04-01", "TL TL TL"),
    ("CB-HTQT-004", "Nguyễn Bích Duyên", F, "1975-07-07", "Chuyên viên chính", "2008-04-15", "TL XL TL"),
    ("CB-HTQT-005", "Lê Trọng Nghĩa", M, "1981-04-28", "Chuyên viên chính", "2009-11-15", "TL H. XC"),
    ("CB-HTQT-006", "Cao Anh Cường", M, "1983-12-10", "Chuyên viên chính", "2012-09-01", "TL TL TL"),
    ("CB-HTQT-007", "Lương Thanh Quyên", F, "1980-04-02", "Chuyên viên", "2009-08-01", "TL TL H."),
    # Vụ TCCB
    ("CB-TCCB-001", "Trần Duy Thắng", M, "1963-01-18", "Vụ trưởng", "2012-07-01", "TL TL TL"),
    ("CB-TCCB-002", "Nguyễn Việt Thịnh", M, "1971-10-15", "Phó Vụ trưởng", "2003-03-01", "H. TL TL"),
    ("CB-TCCB-003", "Ngô Hoàng Thắng", M, "1965-10-28", "Phó Vụ trưởng", "2005-08-15", "XC XC XC"),
    ("CB-TCCB-004", "Vũ Văn Hải", M, "1975-05-02", "Chuyên viên cao cấp", "2004-08-01", "TL TL TL"),
    ("CB-TCCB-005", "Trần Mạnh Hoàng", M, "1972-05-20", "Chuyên viên chính", "2008-08-15", "H. TL TL"),
    ("CB-TCCB-006", "Trần Văn Huy", M, "1981-03-17", "Chuyên viên chính", "2006-06-01", "TL TL TL"),
    ("CB-TCCB-007", "Lê Việt Bình", M, "1984-09-24", "Chuyên viên chính", "2013-11-01", "XL TL TL"),
    ("CB-TCCB-008", "Đỗ Diệu Vân", F, "1983-03-10", "Chuyên viên", "2006-08-01", "TL TL TL"),
    ("CB-TCCB-009", "Trần Bích Yến", F, "1987-05-04", "Chuyên viên", "2010-04-15", "TL TL XL"),
    ("CB-TCCB-010", "Lê Trọng Nam", M, "1984-08-27", "Chuyên viên", "2009-04-01", "TL TL H."),
    # Vụ KH-TH
    ("CB-KHTH-001", "Nguyễn Thị Thủy", F, "1965-04-28", "Vụ trưởng", "2009-01-01", "TL TL TL"),
    ("CB-KHTH-002", "Bùi Phương Hạnh", F, "1967-02-28", "Phó Vụ trưởng", "2002-01-01", "TL TL XL"),
    ("CB-KHTH-003", "Vũ Thị Linh", F, "1967-06-01", "Phó Vụ trưởng", "2007-03-15", "H. TL TL"),
    ("CB-KHTH-004", "Trần Văn Đạt", M, "1966-11-27", "Chuyên viên cao cấp", "2010-09-15", "XC XC XC"),
    ("CB-KHTH-005", "Phạm Thị Duyên", F, "1983-04-06", "Chuyên viên chính", "2010-06-01", "TL TL TL"),
    ("CB-KHTH-006", "Nguyễn Thị Hà", F, "1978-07-11", "Chuyên viên chính", "2001-06-15", "TL TL TL"),
    ("CB-KHTH-007", "Tạ Mạnh Quý", M, "1984-08-23", "Chuyên viên chính", "2013-11-15", "TL TL XL"),
    ("CB-KHTH-008", "Đào Duy Toàn", M, "1986-02-26", "Chuyên viên", "2012-09-15", "XL TL H."),
    ("CB-KHTH-009", "Nguyễn Duy Thành", M, "1990-01-13", "Chuyên viên", "2013-11-01", "TL TL TL"),
    # Vụ TC
    ("CB-TC-001", "Tạ Duy Thành", M, "1962-02-23", "Vụ trưởng", "2009-07-01", "TL TL TL"),
    ("CB-TC-002", "Lê Minh Dung", F, "1968-04-21", "Phó Vụ trưởng", "2004-06-15", "TL H. H."),
    ("CB-TC-003", "Kiều Hoàng Minh", M, "1967-01-01", "Phó Vụ trưởng", "2012-10-15", "XC XC XC"),
    ("CB-TC-004", "Ngô Bích Ánh", F, "1973-01-03", "Chuyên viên chính", "2012-11-15", "TL TL TL"),
    ("CB-TC-005", "Trần Hữu Hùng", M, "1975-10-19", "Kế toán viên chính", "2005-08-15", "TL TL TL"),
    ("CB-TC-006", "Hoàng Minh Lâm", M, "1989-12-04", "Kế toán viên", "2012-09-15", "TL TL TL"),
    ("CB-TC-007", "Hoàng Lan Linh", F, "1987-01-01", "Chuyên viên", "2010-04-01", "TL TL TL"),
    ("CB-TC-008", "Lưu Bích Hoa", F, "1970-11-03", "Chuyên viên chính", "2011-04-01", "TL TL TL"),
    # Vụ PC
    ("CB-PC-001", "Hồ Việt Thành", M, "1965-01-04", "Vụ trưởng", "2006-01-01", "TL TL H."),
    ("CB-PC-002", "Nguyễn Thị Linh", F, "1965-09-10", "Phó Vụ trưởng", "2005-03-01", "TL TL TL"),
    ("CB-PC-003", "Đào Hữu Quý", M, "1967-10-26", "Chuyên viên cao cấp", "2002-06-01", "TL TL TL"),
    ("CB-PC-004", "Đào Văn Quý", M, "1975-04-17", "Chuyên viên chính", "2009-04-15", "TL TL TL"),
    ("CB-PC-005", "Phạm Bích Duyên", F, "1976-01-11", "Chuyên viên chính", "2005-06-01", "TL XC TL"),
    ("CB-PC-006", "Đỗ Mạnh Thành", M, "1971-02-08", "Chuyên viên chính", "2001-08-01", "H. TL TL"),
    ("CB-PC-007", "Nguyễn Thanh Dũng", M, "1988-10-10", "Chuyên viên", "2011-11-01", "TL XL H."),
    # Vụ TĐ-KT
    ("CB-TDKT-001", "Kiều Ngọc Sơn", M, "1960-12-02", "Vụ trưởng", "2007-03-01", "TL H. TL"),
    ("CB-TDKT-002", "Trần Trọng Bình", M, "1967-03-18", "Phó Vụ trưởng", "2002-10-15", "TL TL TL"),
    ("CB-TDKT-003", "Trịnh Mạnh Thành", M, "1965-03-09", "Chuyên viên cao cấp", "2001-06-01", "TL TL H."),
    ("CB-TDKT-004", "Vũ Diệu Tuyết", F, "1983-12-10", "Chuyên viên chính", "2009-02-01", "TL TL XL"),
    ("CB-TDKT-005", "Nguyễn Hoàng Hưng", M, "1975-07-12", "Chuyên viên chính", "2011-04-01", "TL TL TL"),
    ("CB-TDKT-006", "Bùi Công Tâm", M, "1974-01-13", "Chuyên viên chính", "2008-09-15", "TL TL TL"),
    ("CB-TDKT-007", "Đào Anh Nghĩa", M, "1981-08-03", "Chuyên viên", "2004-11-15", "TL TL TL"),
    # Thanh tra Bộ
    ("CB-TTRA-001", "Đặng Đức Hiếu", M, "1967-10-04", "Chánh Thanh tra", "2011-07-01", "H. XL TL"),
    ("CB-TTRA-002", "Trịnh Hải Dung", F, "1972-05-01", "Phó Chánh Thanh tra", "2003-08-01", "TL TL TL"),
    ("CB-TTRA-003", "Phan Thu Quyên", F, "1965-01-05", "Phó Chánh Thanh tra", "2006-10-01", "TL H. TL"),
    ("CB-TTRA-004", "Vũ Thùy Mai", F, "1970-05-18", "Thanh tra viên cao cấp", "2003-04-15", "XC XC XC"),
    ("CB-TTRA-005", "Nguyễn Văn Hải", M, "1981-12-27", "Thanh tra viên chính", "2010-02-15", "TL TL TL"),
    ("CB-TTRA-006", "Phạm Hoàng Đạt", M, "1975-06-22", "Thanh tra viên chính", "2008-08-15", "TL TL TL"),
    ("CB-TTRA-007", "Kiều Việt Khánh", M, "1988-06-13", "Thanh tra viên", "2011-08-01", "XL H. TL"),
    ("CB-TTRA-008", "Mai Hải Lan", F, "1980-09-12", "Thanh tra viên", "2008-08-15", "TL TL TL"),
    ("CB-TTRA-009", "Nguyễn Kim Hoa", F, "1984-06-23", "Chuyên viên", "2007-11-01", "TL TL TL"),
    # Cục CTPN
    ("CB-CCTPN-001", "Hoàng Văn Hoàng", M, "1962-05-05", "Cục trưởng", "2007-01-01", "TL TL TL"),
    ("CB-CCTPN-002", "Trần Thị Nga", F, "1970-08-07", "Phó Cục trưởng", "2002-10-15", "TL TL TL"),
    ("CB-CCTPN-003", "Hoàng Đức Sơn", M, "1971-07-20", "Phó Cục trưởng", "2007-01-15", "TL TL TL"),
    ("CB-CCTPN-004", "Phạm Trọng Chiến", M, "1966-07-20", "Trưởng phòng", "2002-02-01", "TL H. T."),
    ("CB-CCTPN-005", "Nguyễn Phương Duyên", F, "1983-08-26", "Phó Trưởng phòng", "2012-04-01", "TL XL H."),
    ("CB-CCTPN-006", "Võ Hồng Ngân", F, "1979-02-10", "Chuyên viên chính", "2002-08-15", "TL TL TL"),
    ("CB-CCTPN-007", "Đào Hồng Chi", F, "1978-05-11", "Chuyên viên chính", "2014-10-01", "T. TL TL"),
    # VP HĐCS
    ("CB-VPHDCS-001", "Lê Tuấn Hùng", M, "1966-08-01", "Chánh Văn phòng", "2008-10-01", "TL TL TL"),
    ("CB-VPHDCS-002", "Bùi Anh Thắng", M, "1969-09-26", "Phó Chánh Văn phòng", "2007-01-15", "TL TL TL"),
    ("CB-VPHDCS-003", "Vũ Hữu Bình", M, "1970-12-23", "Trưởng phòng", "2013-08-01", "H. TL TL"),
    ("CB-VPHDCS-004", "Nguyễn Minh Oanh", F, "1971-02-25", "Phó Trưởng phòng", "2013-09-15", "H. TL XL"),
    ("CB-VPHDCS-005", "Dương Kim Thư", F, "1992-09-02", "Chuyên viên", "2016-04-01", "-- -- T."),
    # VP Đảng – Đoàn thể
    ("CB-VPDDT-001", "Lưu Hoàng Thịnh", M, "1967-07-10", "Chánh Văn phòng", "2012-07-01", "TL TL TL"),
    ("CB-VPDDT-002", "Trần Minh Hoa", F, "1974-04-27", "Phó Chánh Văn phòng", "2003-08-01", "H. TL TL"),
    ("CB-VPDDT-003", "Phạm Diệu Quyên", F, "1974-10-25", "Trưởng phòng", "2008-11-01", "H. XL TL"),
    ("CB-VPDDT-004", "Nguyễn Mạnh Đạt", M, "1974-06-23", "Phó Trưởng phòng", "2013-06-01", "TL TL TL"),
    ("CB-VPDDT-005", "Nguyễn Ngọc Linh", F, "1970-08-20", "Chuyên viên chính", "2000-04-15", "XL TL TL"),
]


@dataclass(frozen=True)
class Move:
    """A transfer in 2015: the person leaves the code's unit the day before ``on`` and works in ``to`` from
    ``on``, as ``position``. Titles follow the person: each year's counts in the unit of 31 December."""

    to: str
    on: str
    position: str


MOVES: dict[str, Move] = {
    "CB-VP-011": Move("HTQT", "2015-04-01", "Chuyên viên"),
    "CB-CNC-009": Move("PTDP", "2015-07-01", "Chuyên viên chính"),
    "CB-TDKT-006": Move("VPDDT", "2015-10-01", "Phó Trưởng phòng"),
}


@dataclass(frozen=True)
class Work:
    """An initiative (sáng kiến) or a research work (đề tài), and the scope its recognition gives it."""

    year: int
    scope: RecognitionScope
    title: str
    kind: AchievementKind = AchievementKind.INITIATIVE
    applied: bool = True  # research accepted but not applied does not count for CSTĐCS


CS, BO, TQ = RecognitionScope.UNIT, RecognitionScope.MINISTRY, RecognitionScope.NATIONAL


def sk(year: int, scope: RecognitionScope, title: str) -> Work:
    """A sáng kiến (initiative): recognised only when applied."""
    return Work(year, scope, title)


def dt(year: int, scope: RecognitionScope, title: str, *, applied: bool = True) -> Work:
    """A đề tài (research work), accepted; ``applied`` when put to use."""
    return Work(year, scope, title, AchievementKind.RESEARCH, applied)


WORKS: dict[str, list[Work]] = {
    # The showcase (SHOWCASE below says what each should get).
    "CB-DTG-002": [
        sk(2014, CS, "Mẫu hóa hồ sơ thẩm định công nghệ dự án đầu tư"),
        sk(2015, BO, "Quy trình giám định công nghệ máy móc, thiết bị đã qua sử dụng nhập khẩu"),
        sk(2016, CS, "Cơ sở dữ liệu chuyên gia thẩm định, giám định công nghệ"),
    ],
    "CB-KHXHTN-003": [
        dt(2014, CS, "Khung đánh giá kết quả nhiệm vụ KH&CN lĩnh vực khoa học xã hội và nhân văn"),
        sk(2015, CS, "Chuẩn hóa mẫu thuyết minh nhiệm vụ KH&CN lĩnh vực khoa học tự nhiên"),
        dt(2016, TQ, "Cơ sở khoa học đề xuất chính sách phát triển khoa học cơ bản đến năm 2025"),
    ],
    "CB-KHCNKTKT-004": [
        dt(2014, BO, "Cơ chế đặt hàng nhiệm vụ KH&CN của các ngành kinh tế – kỹ thuật"),
        sk(2015, CS, "Phần mềm theo dõi tiến độ nhiệm vụ KH&CN cấp Bộ các ngành kinh tế – kỹ thuật"),
        sk(2016, CS, "Bộ tiêu chí xét chọn tổ chức chủ trì nhiệm vụ KH&CN ngành công nghiệp"),
    ],
    "CB-CNC-009": [
        sk(2014, CS, "Quy trình thẩm định hồ sơ công nhận doanh nghiệp công nghệ cao"),
        sk(2015, CS, "Bộ chỉ số đánh giá hoạt động KH&CN của Sở KH&CN các tỉnh"),
        sk(2016, BO, "Mô hình phối hợp giữa Bộ và địa phương trong quản lý nhiệm vụ KH&CN cấp tỉnh"),
    ],
    "CB-VP-004": [
        sk(2014, CS, "Số hóa quy trình tiếp nhận và xử lý văn bản đến tại Văn phòng Bộ"),
        sk(2016, BO, "Quản lý và xử lý văn bản điện tử liên thông giữa các đơn vị thuộc Bộ"),
    ],
    # The 2015 CSTĐCS rested on a forged certificate: no initiative of 2015 was ever recognised.
    "CB-TTRA-004": [
        sk(2014, CS, "Bộ câu hỏi kiểm tra việc thực hiện pháp luật về chuyển giao công nghệ"),
        sk(2016, BO, "Quy trình thanh tra việc sử dụng kinh phí nhiệm vụ KH&CN"),
    ],
    "CB-TCCB-003": [
        sk(2014, CS, "Quản lý hồ sơ cán bộ, công chức trên môi trường mạng"),
        sk(2015, CS, "Mẫu hóa hồ sơ bổ nhiệm, bổ nhiệm lại công chức lãnh đạo"),
        sk(2016, CS, "Phần mềm theo dõi nâng bậc lương thường xuyên và trước thời hạn"),
    ],
    "CB-TC-003": [
        sk(2014, CS, "Quy trình kiểm soát chứng từ thanh toán kinh phí nhiệm vụ KH&CN"),
        sk(2015, CS, "Mẫu dự toán kinh phí nhiệm vụ KH&CN theo định mức mới"),
        sk(2016, BO, "Quản lý và công khai tài sản công của các đơn vị thuộc Bộ"),
    ],
    "CB-KHTH-004": [
        sk(2014, CS, "Mẫu tổng hợp kế hoạch KH&CN hằng năm của các đơn vị thuộc Bộ"),
        sk(2015, BO, "Hệ thống chỉ tiêu theo dõi, đánh giá kế hoạch KH&CN 5 năm của Bộ"),
        sk(2016, CS, "Tổng hợp báo cáo định kỳ của Bộ trên phần mềm"),
    ],
    # The other CSTĐCS.
    "CB-VP-007": [
        sk(2015, CS, "Tổ chức hội nghị, hội thảo của Bộ theo hướng tiết kiệm"),
        sk(2016, CS, "Sổ tay nghiệp vụ lễ tân đối ngoại của Văn phòng Bộ"),
    ],
    "CB-CNC-005": [sk(2016, CS, "Cơ sở dữ liệu ươm tạo công nghệ cao và doanh nghiệp công nghệ cao")],
    "CB-DTG-006": [sk(2016, CS, "Sổ tay đánh giá trình độ công nghệ của doanh nghiệp sản xuất")],
    "CB-PTDP-003": [sk(2014, CS, "Hướng dẫn xây dựng kế hoạch KH&CN hằng năm cho Sở KH&CN")],
    "CB-HTQT-005": [sk(2016, CS, "Sổ tay ký kết và thực hiện thỏa thuận hợp tác quốc tế về KH&CN")],
    "CB-PC-005": [sk(2015, CS, "Rà soát, hệ thống hóa văn bản quy phạm pháp luật về KH&CN theo chuyên đề")],
    # Recognised works that made no CSTĐCS: the unit chose another, its cap had no place, or none could.
    "CB-DTG-010": [sk(2015, CS, "Biểu mẫu điện tử tiếp nhận hồ sơ đề nghị giám định công nghệ")],
    "CB-HTQT-004": [sk(2015, CS, "Cơ sở dữ liệu đối tác hợp tác quốc tế về KH&CN")],
    "CB-KHXHTN-005": [sk(2016, CS, "Cơ sở dữ liệu chuyên gia tư vấn xét chọn nhiệm vụ KH&CN xã hội")],
    "CB-KHXHTN-010": [
        dt(2016, CS, "Thực trạng công bố quốc tế của các tổ chức KH&CN công lập", applied=False)
    ],
    "CB-TCCB-009": [sk(2016, CS, "Sổ tay bồi dưỡng công chức mới tuyển dụng")],
    "CB-CCTPN-006": [sk(2016, CS, "Kết nối các Sở KH&CN phía Nam trong tổ chức chợ công nghệ và thiết bị")],
    "CB-VPHDCS-001": [sk(2015, BO, "Quy trình lấy ý kiến Hội đồng Chính sách về dự thảo chính sách KH&CN")],
}

# Ministry-scope (and national-scope) recognition: one decision of the ministry a year per kind of work.
MINISTRY_RECOGNITION: dict[tuple[AchievementKind, int], tuple[str, str, str]] = {
    (AchievementKind.INITIATIVE, 2014): ("Hội đồng sáng kiến Bộ KH&CN", "3125/QĐ-BKHCN", "2014-12-18"),
    (AchievementKind.INITIATIVE, 2015): ("Hội đồng sáng kiến Bộ KH&CN", "3260/QĐ-BKHCN", "2015-12-17"),
    (AchievementKind.INITIATIVE, 2016): ("Hội đồng sáng kiến Bộ KH&CN", "3702/QĐ-BKHCN", "2016-12-20"),
    (AchievementKind.RESEARCH, 2014): ("Hội đồng KH&CN cấp Bộ", "3050/QĐ-BKHCN", "2014-12-10"),
    (AchievementKind.RESEARCH, 2015): ("Hội đồng KH&CN cấp Bộ", "3198/QĐ-BKHCN", "2015-12-09"),
    (AchievementKind.RESEARCH, 2016): ("Hội đồng KH&CN cấp Bộ", "3655/QĐ-BKHCN", "2016-12-14"),
}


# (code, year) → (working days absent or None, a note on the year's rating)
ASSESSMENT_NOTES: dict[tuple[str, int], tuple[int | None, str]] = {
    ("CB-VP-012", 2015): (48, "Nghỉ ốm dài ngày 48 ngày làm việc: không xét Lao động tiên tiến."),
    ("CB-VP-011", 2015): (None, "Chuyển sang Vụ Hợp tác quốc tế từ 01/4/2015; Vụ HTQT đánh giá."),
    ("CB-CNC-009", 2015): (
        None,
        "Chuyển từ Vụ Công nghệ cao sang Vụ Phát triển KH&CN địa phương từ 01/7/2015; Vụ PTĐP đánh giá, "
        "có ý kiến của Vụ CNC (công tác tại Vụ CNC 6 tháng).",
    ),
    ("CB-TDKT-006", 2015): (
        None,
        "Chuyển từ Vụ Thi đua – Khen thưởng sang Văn phòng Đảng – Đoàn thể từ 01/10/2015; VP Đảng – Đoàn "
        "thể đánh giá, có ý kiến của Vụ TĐ-KT (công tác tại Vụ TĐ-KT 9 tháng).",
    ),
    ("CB-CCTPN-007", 2014): (None, "Tiếp nhận từ 01/10/2014: chưa đủ 10 tháng công tác."),
    ("CB-KHXHTN-012", 2015): (None, "Tiếp nhận từ 15/8/2015: chưa đủ 10 tháng công tác."),
    ("CB-VPHDCS-005", 2016): (None, "Tuyển dụng từ 01/4/2016: chưa đủ 10 tháng công tác."),
    ("CB-VP-016", 2016): (None, "Tuyển dụng từ 01/9/2016: chưa đủ 10 tháng công tác."),
    ("CB-CCTPN-004", 2015): (None, "Bị kỷ luật khiển trách từ 12/5/2015: không xét Lao động tiên tiến."),
    ("CB-CCTPN-004", 2016): (
        None,
        "Thời hạn kỷ luật khiển trách đến 11/5/2016; thành tích tính từ khi hết thời hạn kỷ luật: không xét "
        "Lao động tiên tiến.",
    ),
    ("CB-CCTPN-006", 2016): (
        None,
        "Có sáng kiến cấp cơ sở, nhưng Cục có 5 Lao động tiên tiến: 15% là 0,75, làm tròn xuống không có "
        "suất Chiến sĩ thi đua cơ sở.",
    ),
}


@dataclass(frozen=True)
class Bar:
    """A discipline, or an investigation or complaint pending: law.md §2 defers every award meanwhile, and
    after a discipline achievements count again from its end."""

    kind: ExclusionKind
    starts_on: str
    ends_on: str | None
    decision_number: str
    note: str
    measure: DisciplineMeasure | None = None


EXCLUSIONS: dict[str, list[Bar]] = {
    "CB-CCTPN-004": [
        Bar(
            ExclusionKind.DISCIPLINE,
            "2015-05-12",
            "2016-05-11",
            "52/QĐ-CCTPN",
            "Khiển trách: chậm trễ trong giải quyết hồ sơ của tổ chức, doanh nghiệp.",
            DisciplineMeasure.REPRIMAND,
        )
    ],
    # After the unit's decisions on 2016 (February 2017), in force when the Minister considers 2016's
    # CSTĐ cấp Bộ. A discipline within 2016 would have barred the person's own LĐTT 2016 (see SHOWCASE).
    "CB-TC-003": [
        Bar(
            ExclusionKind.DISCIPLINE,
            "2017-03-01",
            "2018-02-28",
            "412/QĐ-BKHCN",
            "Cảnh cáo: vi phạm quy chế chi tiêu nội bộ khi thanh toán công tác phí (kết luận kiểm tra ngày "
            "20/02/2017).",
            DisciplineMeasure.WARNING,
        )
    ],
    # Opened in 2016 and not concluded: R2016's criteria for LĐTT and CSTĐCS do not bar it, so the unit
    # decided its 2016 titles; the higher title waits for the conclusion.
    "CB-KHTH-004": [
        Bar(
            ExclusionKind.INVESTIGATION,
            "2016-11-01",
            None,
            "358/QĐ-TTRA",
            "Đang bị thanh tra việc quản lý kinh phí nhiệm vụ KH&CN (Quyết định thanh tra số 358/QĐ-TTRA "
            "ngày 28/10/2016); chưa có kết luận thanh tra.",
        )
    ],
}


@dataclass(frozen=True)
class Revocation:
    """A decided title annulled later (law.md §5): the award stays, revoked, with the reason."""

    title_code: str
    year: int
    on: str
    reason: str


REVOCATIONS: dict[str, list[Revocation]] = {
    "CB-TTRA-004": [
        Revocation(
            CSTDCS,
            2015,
            "2016-09-20",
            "Căn cứ hủy bỏ: ho_so_gia (law.md §5) – cung cấp thông tin sai sự thật, giả mạo giấy tờ trong hồ "
            "sơ đề nghị khen thưởng: giấy xác nhận sáng kiến năm 2015 kèm hồ sơ không do Hội đồng sáng kiến "
            "của Thanh tra Bộ cấp. Hủy bỏ danh hiệu Chiến sĩ thi đua cơ sở năm 2015 theo Quyết định số "
            "186/QĐ-TTRA ngày 20/9/2016 của Chánh Thanh tra Bộ; thu hồi giấy chứng nhận và tiền thưởng.",
        )
    ],
}

# The units' own ratings for 2016 (collective assessments).
UNIT_RATINGS_2016: dict[str, Rating] = {
    "DTG": Rating.EXCELLENT,
    "KHXHTN": Rating.EXCELLENT,
    "KHCNKTKT": Rating.EXCELLENT,
    "PTDP": Rating.EXCELLENT,
    **{
        code: Rating.GOOD
        for code in (
            "VP",
            "CNC",
            "HTQT",
            "TCCB",
            "KHTH",
            "TC",
            "PC",
            "TDKT",
            "TTRA",
            "CCTPN",
            "VPHDCS",
            "VPDDT",
        )
    },
}


# ---- the showcase: "Chiến sĩ thi đua cấp Bộ" 2016 ----------------------------------------------------------
#
# What the law engine (app.law, app.eligibility) should say for each person below, and the one reason.
# CSTĐ cấp Bộ asks, in every regime (law.md §2.1): CSTĐCS in each of 2014, 2015 and 2016 (a revoked one does
# not count) and an initiative or research work applied at ministry scope or wider in those years, both
# checked from the data; and "outstanding among them", which only the council can weigh: so a person who
# meets everything the data shows gets ``needs_judgement``, never ``eligible``. Deferral for a discipline
# overlapping the award year, or an investigation or complaint pending, is the current Law's (law.md §2
# cites Decree 152/2025 only): it applies when the question is asked today without a decision date (R2025),
# not when the decision is dated SHOWCASE_DECIDED_ON (R2016).

SHOWCASE_TITLE = CSTD_CAP_BO
SHOWCASE_YEAR = 2016
# A realistic date for the Minister's decision: after the units' decisions of early 2017, before 1/10/2017.
SHOWCASE_DECIDED_ON = date(2017, 4, 3)


@dataclass(frozen=True)
class Expected:
    code: str
    outcome: Verdict  # asked today, without a decision date: the current Law (R2025)
    outcome_r2016: Verdict  # asked with the decision dated SHOWCASE_DECIDED_ON (R2016)
    reason: str
    criterion: str | None  # the engine's criterion that is not met; None when none is
    why: str


_JUDGEMENT, _NOT = Verdict.NEEDS_JUDGEMENT, Verdict.NOT_ELIGIBLE

SHOWCASE: list[Expected] = [
    Expected(
        "CB-DTG-002",
        _JUDGEMENT,
        _JUDGEMENT,
        "passes",
        None,
        "CSTĐCS 2014, 2015, 2016; an initiative recognised by the ministry's council in 2015.",
    ),
    Expected(
        "CB-KHXHTN-003",
        _JUDGEMENT,
        _JUDGEMENT,
        "passes",
        None,
        "CSTĐCS 2014, 2015, 2016; a research work applied with national scope in 2016 (above ministry).",
    ),
    Expected(
        "CB-KHCNKTKT-004",
        _JUDGEMENT,
        _JUDGEMENT,
        "passes",
        None,
        "CSTĐCS 2014, 2015, 2016; a research work recognised at ministry scope in 2014.",
    ),
    Expected(
        "CB-CNC-009",
        _JUDGEMENT,
        _JUDGEMENT,
        "passes_after_move",
        None,
        "Moved from Vụ CNC to Vụ PTĐP on 1/7/2015: CSTĐCS 2014 decided by CNC, 2015 and 2016 by PTĐP; the "
        "chain follows the person; a ministry-scope initiative in 2016.",
    ),
    Expected(
        "CB-VP-004",
        _NOT,
        _NOT,
        "chain_missing_year",
        "consecutive_cstdcs",
        "CSTĐCS 2014 and 2016 but only LĐTT in 2015: not three consecutive years.",
    ),
    Expected(
        "CB-TTRA-004",
        _NOT,
        _NOT,
        "chain_revoked",
        "consecutive_cstdcs",
        "CSTĐCS 2014, 2015, 2016, but 2015's was revoked on 20/9/2016 (ho_so_gia): a revoked title does not "
        "count, so the chain breaks.",
    ),
    Expected(
        "CB-TCCB-003",
        _NOT,
        _NOT,
        "initiative_scope",
        "initiative_scope",
        "CSTĐCS 2014, 2015, 2016, but every initiative was recognised at unit scope only.",
    ),
    Expected(
        "CB-KHTH-004",
        _NOT,
        _JUDGEMENT,
        "investigation_pending",
        "nothing_pending",
        "CSTĐCS 2014, 2015, 2016 and a ministry-scope initiative, but under investigation since 1/11/2016, "
        "not concluded: the current Law defers; R2016 has no such rule.",
    ),
    # The boundary of the deferral: a discipline that begins after the award year. One within 2016 would
    # have barred the LĐTT 2016 the chain rests on (R2016: no LĐTT for anyone disciplined that year), so the
    # only discipline a full chain can meet is a later one; the deferral reads a discipline overlapping the
    # award year, and this one does not.
    Expected(
        "CB-TC-003",
        _JUDGEMENT,
        _JUDGEMENT,
        "discipline_after_the_year",
        None,
        "CSTĐCS 2014, 2015, 2016 and a ministry-scope initiative; disciplined (cảnh cáo) from 1/3/2017 to "
        "28/2/2018, after the award year: not a deferral as the engine reads law.md §2.",
    ),
]
