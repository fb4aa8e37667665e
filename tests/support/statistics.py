"""A ministry's commendation year for the statistics (``app.statistics``): two units, people of both genders,
one who moves from A to B on 1 July 2024, and awards at every level, decided, proposed and revoked, with
decisions on both sides of the year's edges.

Decided in 2024 and counted (12): collectives — A: Cờ thi đua Chính phủ, Cờ thi đua của Bộ; B: Tập thể lao
động tiên tiến, Bằng khen Thủ tướng (sudden). Individuals — An (male, A): CSTĐ toàn quốc, Huân chương Lao
động hạng Ba (no cash recorded); Bình (female, A): CSTĐ cấp Bộ; Chi (female, B): Lao động tiên tiến, Giấy
khen (thematic); Dũng (male, A then B): Bằng khen Bộ trưởng on 15 May (A), Kỷ niệm chương on 1 September
(B), CSTĐ cơ sở on 31 December (B). Not counted in 2024: Bình's Giấy khen (decided 1 April, revoked), A's
proposed Tập thể lao động xuất sắc, B's Tập thể lao động xuất sắc for 2024 decided on 15 January 2025, A's
Giấy khen decided on 31 December 2023.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import update

from app.models import Award, Employment
from app.models.base import new_id
from tests.support.builders import Builders

YEAR = 2024
MOVED_ON = date(2024, 7, 1)


@dataclass
class StatisticsWorld:
    build: Builders
    ids: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        b = self.build
        self.a = b.unit(code="A01", name="Vụ Tổ chức cán bộ")
        self.b = b.unit(code="B02", name="Viện Khoa học Đo lường")
        a, bb = self.a["id"], self.b["id"]
        self.an = b.person(a, full_name="Nguyễn Văn An", gender="male")["id"]
        self.binh = b.person(a, full_name="Trần Thị Bình", gender="female")["id"]
        self.chi = b.person(bb, full_name="Lê Thị Chi", gender="female")["id"]
        self.dung = b.person(a, full_name="Phạm Văn Dũng", gender="male")["id"]
        self._move(self.dung, bb, MOVED_ON)
        d = date
        # collectives
        self.award("flag_gov", unit_id=a, title="co_thi_dua_chinh_phu", on=d(2024, 3, 10), cash=28_080_000)
        self.award("flag_bo", unit_id=a, title="co_thi_dua_bo", on=d(2024, 2, 1), cash=18_720_000)
        self.award(
            "tt_ldtt", unit_id=bb, title="tap_the_lao_dong_tien_tien", on=d(2024, 1, 20), cash=1_880_000
        )
        self.award(
            "bk_ttg",
            unit_id=bb,
            form="bang_khen_thu_tuong",
            on=d(2024, 6, 5),
            cash=16_380_000,
            method="sudden",
        )
        # individuals
        self.award(
            "cstd_tq",
            person_id=self.an,
            title="chien_si_thi_dua_toan_quoc",
            on=d(2024, 4, 2),
            cash=10_530_000,
        )
        self.award(
            "order", person_id=self.an, form="huan_chuong_lao_dong_hang_ba", on=d(2024, 11, 11), cash=None
        )
        self.award(
            "cstd_bo", person_id=self.binh, title="chien_si_thi_dua_cap_bo", on=d(2024, 3, 1), cash=7_020_000
        )
        self.award("ldtt", person_id=self.chi, title="lao_dong_tien_tien", on=d(2024, 1, 25), cash=710_000)
        self.award(
            "gk_chi", person_id=self.chi, form="giay_khen", on=d(2024, 8, 8), cash=710_000, method="thematic"
        )
        self.award(
            "bk_bo", person_id=self.dung, form="bang_khen_bo_truong", on=d(2024, 5, 15), cash=3_510_000
        )
        self.award("knc", person_id=self.dung, form="ky_niem_chuong", on=d(2024, 9, 1), cash=1_410_000)
        self.award(
            "cstd_cs", person_id=self.dung, title="chien_si_thi_dua_co_so", on=d(2024, 12, 31), cash=2_340_000
        )
        # not counted in 2024
        self.award(
            "revoked", person_id=self.binh, form="giay_khen", on=d(2024, 4, 1), cash=710_000, status="revoked"
        )
        self.award("proposed", unit_id=a, title="tap_the_lao_dong_xuat_sac", on=None, status="proposed")
        self.award(
            "next_year", unit_id=bb, title="tap_the_lao_dong_xuat_sac", on=d(2025, 1, 15), cash=3_510_000
        )
        self.award("last_year", unit_id=a, form="giay_khen", on=d(2023, 12, 31), cash=1_420_000, year=2023)

    def _move(self, person_id: str, unit_id: str, on: date) -> None:
        """The transfer as ``app.people.employments.transfer`` records it: the open employment ends the day
        before, a new one opens."""
        with self.build.session_factory() as s:
            s.execute(
                update(Employment)
                .where(Employment.person_id == person_id, Employment.ended_on.is_(None))
                .values(ended_on=date.fromordinal(on.toordinal() - 1))
            )
            s.add(Employment(id=new_id(), person_id=person_id, unit_id=unit_id, started_on=on))
            s.commit()

    def award(
        self,
        key: str,
        *,
        on: date | None,
        unit_id: str | None = None,
        person_id: str | None = None,
        title: str | None = None,
        form: str | None = None,
        cash: int | None = None,
        status: str = "decided",
        method: str = "regular",
        year: int = YEAR,
    ) -> str:
        row = Award(
            id=new_id(),
            unit_id=unit_id,
            person_id=person_id,
            title_code=title,
            form_code=form,
            year=year,
            status=status,
            method=method,
            decision_number=f"{len(self.ids) + 1}/QĐ-BKHCN" if on is not None else None,
            decision_date=on,
            cash_vnd=cash,
            revoked_reason="Khai báo không trung thực" if status == "revoked" else None,
        )
        with self.build.session_factory() as s:
            s.add(row)
            s.commit()
        self.ids[key] = row.id
        return row.id


def by_code(entries: list[dict[str, Any]], field_name: str = "count") -> dict[str, Any]:
    """``{code: entry[field_name]}`` of a breakdown's entries."""
    return {e["code"]: e[field_name] for e in entries}
