"""Counts, ranks, money in 万元, percentages and dates, in Arabic or Chinese numerals."""

from __future__ import annotations

import re
from datetime import date

from extractors.normalize.base import Normalized, field_type, fold, invalid_or_empty

CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "○": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_NUMERAL = "〇零○一二两三四五六七八九十百"
DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1"})


def cn_number(text: str) -> int | None:
    """Chinese numerals: 三 -> 3, 十二 -> 12, 一百零五 -> 105, 二〇二四 -> 2024 (digit by digit)."""
    if not text or any(c not in CN_DIGITS and c not in "十百" for c in text):
        return None
    if "十" not in text and "百" not in text:
        return int("".join(str(CN_DIGITS[c]) for c in text))
    total, current = 0, 0
    for c in text:
        if c in "十百":
            total += (current or 1) * (10 if c == "十" else 100)
            current = 0
        else:
            current = CN_DIGITS[c]
    return total + current


@field_type("int")
def norm_int(raw: str) -> Normalized:
    """Counts ("3项", "三项", "两项") and ranks ("第2位", "第三名")."""
    text = fold(raw).translate(DIGIT_LOOKALIKES)
    if m := re.search(r"\d+", text):
        return Normalized(int(m.group(0)))
    m = re.search(f"[{CN_NUMERAL}]+", text)
    value = cn_number(m.group(0)) if m else None
    return invalid_or_empty(raw, text) if value is None else Normalized(value)


def plain_number(text: str) -> float | None:
    m = re.search(r"-?\d+(?:\.\d+)?", text.replace(",", "").replace("，", ""))
    return float(m.group(0)) if m else None


def _plain(number: float) -> float | int:
    return int(number) if float(number).is_integer() else round(number, 4)


@field_type("money_wan")
def norm_money_wan(raw: str) -> Normalized:
    """万元 as written; 亿元 times 10,000; plain 元 divided by 10,000."""
    text = fold(raw)
    number = plain_number(text)
    if number is None:
        return invalid_or_empty(raw)
    if "亿" in text:
        number *= 10000
    elif "万" not in text and "元" in text:
        number /= 10000
    return Normalized(_plain(number))


@field_type("percent")
def norm_percent(raw: str) -> Normalized:
    number = plain_number(fold(raw))
    return invalid_or_empty(raw) if number is None else Normalized(_plain(number))


ARABIC_DATE = re.compile(r"(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})")
CHINESE_DATE = re.compile(
    r"([〇零○一二三四五六七八九]{4})年([一二三四五六七八九十]+)月([一二三四五六七八九十]+)日"
)


@field_type("date")
def norm_date(raw: str) -> Normalized:
    """ISO 8601 from 2024年7月10日, 二〇二四年七月十日, 2024.07.10, 2024-7-10."""
    text = fold(raw).replace(" ", "")
    if m := ARABIC_DATE.search(text):
        parts = m.groups()
    elif m := CHINESE_DATE.search(text):
        parts = tuple(str(cn_number(g)) for g in m.groups())
    else:
        return invalid_or_empty(re.sub(r"[年月日]", "", text), text)
    try:
        return Normalized(date(*map(int, parts)).isoformat())
    except ValueError:
        return Normalized(text, False, "invalid")
