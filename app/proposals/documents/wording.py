"""How the generated documents write amounts, dates and counts, the Vietnamese way (pure)."""

from __future__ import annotations

from datetime import date


def vnd(amount: int) -> str:
    """18760000 → "18.760.000 đồng" (Vietnamese groups thousands with a dot)."""
    return f"{amount:,}".replace(",", ".") + " đồng"


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


_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_SCALES = ((), ("nghìn",), ("triệu",), ("tỷ",), ("nghìn", "tỷ"))
LARGEST = 10**15 - 1  # nine hundred ninety-nine nghìn tỷ: far past any award


def _triple(n: int, leading: bool) -> list[str]:
    """The words of 0 ≤ n < 1000 as one group of a number; ``leading``: the number's first group (no
    "không trăm", no "linh" before a lone unit)."""
    hundreds, tens, ones = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if not leading or hundreds:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if ones and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if ones:
        if ones == 1 and tens > 1:
            words.append("mốt")
        elif ones == 5 and tens > 0:
            words.append("lăm")
        else:
            words.append(_DIGITS[ones])
    return words


def in_words(amount: int) -> str:
    """An amount of đồng in words, as a decision writes it after the figures: 56280000 → "Năm mươi sáu
    triệu hai trăm tám mươi nghìn đồng". Groups of three digits (nghìn, triệu, tỷ, nghìn tỷ); a group of
    zeros is skipped; an inner group says its "không trăm" and "linh"; 1 after a ten is "mốt", 5 "lăm"."""
    if not 0 <= amount <= LARGEST:
        raise ValueError(f"an amount from 0 to {LARGEST} đồng, not {amount}")
    if amount == 0:
        return "Không đồng"
    groups: list[int] = []
    rest = amount
    while rest:
        groups.append(rest % 1000)
        rest //= 1000
    words: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            continue
        words += _triple(group, leading=not words)
        words += _SCALES[index]
    text = " ".join(words) + " đồng"
    return text[0].upper() + text[1:]
