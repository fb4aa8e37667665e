"""How the generated documents write amounts, dates and counts, the Vietnamese way (pure)."""

from __future__ import annotations

from datetime import date


def vnd(amount: int) -> str:
    """18760000 → "18.760.000 đồng" (Vietnamese groups thousands with a dot)."""
    return f"{amount:,}".replace(",", ".") + " đồng"


def grouped(amount: int) -> str:
    """18760000 → "18.760.000": in a table whose header says the unit."""
    return f"{amount:,}".replace(",", ".")


def vn_date(on: date) -> str:
    return on.strftime("%d/%m/%Y")


def long_date(on: date) -> str:
    """ "ngày 05 tháng 01 năm 2017" (Nghị định 30/2020, Phụ lục I, II.4: a leading zero for days below 10
    and months 1 and 2), as a decision cites another decision."""
    month = f"{on.month:02d}" if on.month < 3 else str(on.month)
    return f"ngày {on.day:02d} tháng {month} năm {on.year}"


def two_digits(count: int) -> str:
    """3 → "03": how administrative documents write a small count ("03 tập thể")."""
    return f"{count:02d}"
