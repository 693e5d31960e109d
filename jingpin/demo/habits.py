"""How applicants type values into the Word form, drawn once per applicant.

Every rendering here is a surface form of the same value: what the pipeline should read back
is the value itself (``truth_adjust`` changes the truth only where the surface changes the
value, such as 8.65亿元 rounding a sales figure). The habits are what people do in Word, taken
from the form (its blanks, units and tick boxes), not from what any reader expects.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

CN_DIGITS = "〇一二三四五六七八九"
# (ticked, unticked): a glyph typed over the box, Word's check-box symbol, or a √ before the box.
TICKS = [("☑", "☐"), ("■", "□"), ("√", "□"), ("☑", "□"), ("■", "☐")]
FONTS = ["仿宋", "仿宋_GB2312", "宋体", "微软雅黑"]
SEPARATORS = ["、", "，", "；", "\n"]
ZERO_STYLES = ["0", "无", "—", "/", "blank"]


@dataclass
class Habits:
    """One applicant's way of filling the form; ``rng`` draws the small per-value choices."""

    rng: random.Random
    font: str
    size_pt: float
    guidance: str  # keep / delete / mixed
    placement: str  # same_line / next_line / blank: where a value goes after its label
    template: (
        str  # note_cell / note_in_value: where this copy of the form prints the 基本情况 notes
    )
    list_style: str  # form / swapped / itemwise
    separator: str
    count_style: str  # digit / chinese / spaced
    zero_style: str
    tick: tuple[str, str]
    money_style: str  # plain / comma / unit / yi
    standard_style: str  # canonical / nospace / fullwidth / dash
    patent_style: str  # zl / zl_space / bare / grouped
    rank_style: str  # digit / ming / wei
    date_style: str  # digits / padded / spaced / chinese
    report_no_blank: bool
    materials: bool  # fills the 证明性材料清单 column
    extra: dict = field(default_factory=dict)

    def keeps_guidance(self) -> bool:
        """Whether this guidance sentence stays: all, none, or each on its own."""
        if self.guidance == "mixed":
            return self.rng.random() < 0.5
        return self.guidance == "keep"

    def next_line(self) -> bool:
        """A value pushed to the next line (Enter after the label, or the cell wrapping it)."""
        return self.placement == "next_line" and self.rng.random() < 0.7


def draw_habits(rng: random.Random) -> Habits:
    return Habits(
        rng=random.Random(rng.randint(0, 2**31)),
        font=rng.choice(FONTS),
        size_pt=rng.choice([10.5, 12.0]),
        guidance=rng.choice(["keep", "delete", "mixed"]),
        placement=rng.choice(["same_line", "next_line", "blank"]),
        template=rng.choice(["note_cell", "note_cell", "note_in_value"]),
        list_style=rng.choice(["form", "swapped", "itemwise"]),
        separator=rng.choice(SEPARATORS),
        count_style=rng.choice(["digit", "digit", "chinese", "spaced"]),
        zero_style=rng.choice(ZERO_STYLES),
        tick=rng.choice(TICKS),
        money_style=rng.choice(["plain", "comma", "unit", "yi"]),
        standard_style=rng.choice(["canonical", "nospace", "fullwidth", "dash"]),
        patent_style=rng.choice(["zl", "zl_space", "bare", "grouped"]),
        rank_style=rng.choice(["digit", "ming", "wei"]),
        date_style=rng.choice(["digits", "digits", "padded", "spaced", "chinese"]),
        report_no_blank=rng.random() < 0.3,
        materials=rng.random() < 0.5,
    )


def chinese_number(n: int) -> str:
    """0–99 as people write counts in words: 两 for a lone 2."""
    if n == 2:
        return "两"
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


def count(h: Habits, n: int) -> str:
    """A count typed into ``____项``; '' means the blank was left untouched."""
    if n == 0:
        return {"blank": ""}.get(h.zero_style, h.zero_style)
    if h.count_style == "chinese" and n <= 10:
        return chinese_number(n)
    return f" {n} " if h.count_style == "spaced" else str(n)


def decimal(value: float) -> str:
    """6033.5 as typed: no exponent, no trailing zeros."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def money(h: Habits, wan: float) -> str:
    """A sum in 万元 typed after a label that already says 万元."""
    text = decimal(wan)
    if h.money_style == "comma":
        whole, _, frac = text.partition(".")
        return f"{int(whole):,}" + (f".{frac}" if frac else "")
    if h.money_style == "unit":
        return f"{text}万元"
    if h.money_style == "yi" and wan >= 10000:
        return f"{decimal(wan / 10000)}亿元"
    return text


def yi_rounded(wan: float) -> float:
    """The value an applicant who writes 亿元 gives: two decimals of 亿."""
    return round(round(wan / 10000, 2) * 10000, 1)


def percent(h: Habits, value: float, form_has_sign: bool) -> str:
    if form_has_sign:
        return decimal(value)
    return f"{decimal(value)}{h.rng.choice(['%', '%', ' %', '％'])}"


def rank(h: Habits, n: int) -> str:
    return {"ming": f"第{n}名", "wei": f"第{n}位"}.get(h.rank_style, str(n))


def standard(h: Habits, code: str) -> str:
    """GB/T 19001-2016 as typed: GB/T19001-2016, GB／T 19001—2016, ISO 9001：2015."""
    if h.standard_style == "nospace":
        return code.replace(" ", "")
    if h.standard_style == "fullwidth":
        return code.replace("/", "／").replace("-", "—").replace(":", "：")
    if h.standard_style == "dash":
        return code.replace("-", "—")
    return code


def patent(h: Habits, number: str) -> str:
    """ZL201910123456.7 as typed: with a space, without ZL, or in groups; foreign ones spaced."""
    if not number.startswith("ZL"):
        if h.patent_style == "grouped" and number.startswith("US"):
            digits = number[2:-2]
            return f"US {int(digits):,} {number[-2:]}"
        return number
    digits = number[2:]
    return {
        "zl_space": f"ZL {digits}",
        "bare": digits,
        "grouped": f"ZL {digits[:4]} {digits[4]} {digits[5:]}",
    }.get(h.patent_style, number)


def cert(h: Habits, number: str) -> str:
    if number.startswith("CQC") and h.rng.random() < 0.5:
        return "CQC " + number[3:]
    return number


def date(h: Habits, iso: str | None) -> str:
    """2024-07-05 as written under 年 月 日."""
    if iso is None:
        return "年  月  日"
    y, m, d = (int(x) for x in iso.split("-"))
    if h.date_style == "padded":
        return f"{y}年{m:02d}月{d:02d}日"
    if h.date_style == "spaced":
        return f"{y} 年 {m} 月 {d} 日"
    if h.date_style == "chinese":
        year = "".join(CN_DIGITS[int(c)] for c in str(y))
        return f"{year}年{chinese_number(m).replace('两', '二')}月{chinese_number(d).replace('两', '二')}日"
    return f"{y}年{m}月{d}日"


def joined(h: Habits, parts: list[str]) -> str:
    return h.separator.join(parts)
