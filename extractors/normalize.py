"""Normalizers for every field type of ``fields.yaml``: raw text in, normalized value out.

Pure functions. Each returns a ``Normalized`` that says whether the value passed its
validator and how it was obtained, so confidence can weigh a repaired code lower than
one read cleanly.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from extractors import identifiers, industry


@dataclass(frozen=True)
class Normalized:
    value: Any
    valid: bool = True
    method: str = "as_read"  # as_read | repaired | invalid | empty
    extra: dict | None = None


EMPTY = Normalized(None, True, "empty")
CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
TICKED = set("☑☒■√✓✔▣")
UNTICKED = set("☐□口")
DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1"})
USCC_FORCED = str.maketrans({"O": "0", "I": "1", "Z": "2", "S": "5", "V": "U"})


def fold(text: str) -> str:
    """Full-width ASCII to half-width, whitespace collapsed (the ``text`` type)."""
    folded = unicodedata.normalize("NFKC", text) if text else ""
    return re.sub(r"\s+", " ", folded).strip()


def is_blank(text: str | None) -> bool:
    return text is None or not re.sub(r"[\s_＿—\-/、，,。；;：:（）()]+", "", text)


def norm_text(raw: str) -> Normalized:
    return EMPTY if is_blank(raw) else Normalized(fold(raw))


def norm_uscc(raw: str) -> Normalized:
    read = re.sub(r"[^0-9A-Za-z]", "", fold(raw)).upper()
    if not read:
        return EMPTY
    # Letters the code's alphabet lacks can only be misread digits.
    code = read.translate(USCC_FORCED)
    fixed = identifiers.repair(code, identifiers.is_valid_uscc)
    method = "repaired" if fixed.method == "as_read" and code != read else fixed.method
    return Normalized(fixed.value, fixed.method != "invalid", method)


def norm_phone(raw: str) -> Normalized:
    m = re.search(r"(?<!\d)(1[3-9]\d{9})(?!\d)", fold(raw).replace(" ", ""))
    if m:
        return Normalized(m.group(1))
    m = re.search(r"(0\d{2,3})[-—－ ]?(\d{7,8})", fold(raw).replace(" ", ""))
    if not m:
        return EMPTY if is_blank(raw) else Normalized(fold(raw), False, "invalid")
    return Normalized(f"{m.group(1)}-{m.group(2)}")


def norm_email(raw: str) -> Normalized:
    m = re.search(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", fold(raw).replace(" ", ""))
    if not m:
        return EMPTY if is_blank(raw) else Normalized(fold(raw), False, "invalid")
    return Normalized(m.group(0).lower())


def cn_number(text: str) -> int | None:
    """Small Chinese numerals: 三 -> 3, 十二 -> 12, 二〇二四 -> 2024 (digit by digit)."""
    if not text or any(c not in CN_DIGITS and c != "十" for c in text):
        return None
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[ones] if ones else 0)
    return int("".join(str(CN_DIGITS[c]) for c in text))


def norm_int(raw: str) -> Normalized:
    text = fold(raw).translate(DIGIT_LOOKALIKES)
    m = re.search(r"\d+", text)
    if m:
        return Normalized(int(m.group(0)))
    m = re.search(r"[〇零一二两三四五六七八九十]+", text)
    value = cn_number(m.group(0)) if m else None
    if value is None:
        return EMPTY if is_blank(raw) else Normalized(text, False, "invalid")
    return Normalized(value)


def norm_date(raw: str) -> Normalized:
    text = fold(raw).replace(" ", "")
    m = re.search(r"(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})", text)
    parts = m.groups() if m else None
    if not parts:
        m = re.search(r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]+)月([一二三四五六七八九十]+)日", text)
        parts = tuple(str(cn_number(g)) for g in m.groups()) if m else None
    if not parts:
        return EMPTY if is_blank(re.sub(r"[年月日]", "", text)) else Normalized(text, False, "invalid")
    try:
        return Normalized(date(*map(int, parts)).isoformat())
    except ValueError:
        return Normalized(text, False, "invalid")


def _number(text: str) -> float | None:
    m = re.search(r"-?\d+(?:\.\d+)?", text.replace(",", "").replace("，", ""))
    return float(m.group(0)) if m else None


def _plain(number: float) -> float | int:
    return int(number) if float(number).is_integer() else round(number, 4)


def norm_money_wan(raw: str) -> Normalized:
    text = fold(raw)
    number = _number(text)
    if number is None:
        return EMPTY if is_blank(raw) else Normalized(text, False, "invalid")
    if "亿" in text:
        number *= 10000
    elif "万" not in text and "元" in text:
        number /= 10000
    return Normalized(_plain(number))


def norm_percent(raw: str) -> Normalized:
    number = _number(fold(raw))
    if number is None:
        return EMPTY if is_blank(raw) else Normalized(fold(raw), False, "invalid")
    return Normalized(_plain(number))


def ticked_options(text: str, options: list[str]) -> list[str] | None:
    """Options whose box mark is ticked in text like "■是 □否"; None when no mark is legible."""
    ticked, seen = [], False
    for option in options:
        m = re.search(rf"([{''.join(TICKED | UNTICKED)}])\s*{re.escape(option)}", text)
        if m:
            seen = True
            if m.group(1) in TICKED:
                ticked.append(option)
    return ticked if seen else None


def norm_yesno(raw: str) -> Normalized:
    text = fold(raw)
    marks = ticked_options(text, ["是", "否", "有", "无"])
    if marks is not None:
        if len(marks) != 1:
            return Normalized(None, False, "invalid") if marks else EMPTY
        return Normalized(marks[0] in ("是", "有"))
    word = text.strip(" 。.")
    if word in ("是", "有", "true", "True"):
        return Normalized(True)
    if word in ("否", "无", "false", "False"):
        return Normalized(False)
    return EMPTY if is_blank(raw) else Normalized(text, False, "invalid")


def norm_choice(raw: str, options: list[str]) -> Normalized:
    marks = ticked_options(fold(raw), options)
    if marks:
        return Normalized(marks[0]) if len(marks) == 1 else Normalized(marks, False, "invalid")
    plain = fold(raw)
    return Normalized(plain) if plain in options else (EMPTY if marks is not None or is_blank(raw)
                                                        else Normalized(plain, False, "invalid"))


def norm_choices(raw: str, options: list[str]) -> Normalized:
    marks = ticked_options(fold(raw), options)
    return Normalized(marks or []) if marks is not None else EMPTY


def norm_industry(raw: str) -> Normalized:
    found = industry.lookup(fold(raw))
    if found is None:
        return EMPTY if is_blank(raw) else Normalized(fold(raw), False, "invalid")
    code, name = found
    return Normalized(code, True, "as_read", {"name": name})


def norm_patent(raw: str) -> Normalized:
    text = fold(raw).upper().replace(" ", "").replace(",", "")
    if not text:
        return EMPTY
    m = re.fullmatch(r"(?:ZL)?([\dA-Z]{12}|[\dA-Z]{8})[.,·]?([\dX])", text)
    if m and not re.fullmatch(r"(CN|US|EP|JP|WO|KR|DE|GB|FR).*", text):
        fixed = identifiers.repair(f"{m.group(1)}.{m.group(2)}",
                                   identifiers.is_valid_cn_application)
        return Normalized(f"ZL{fixed.value}", fixed.method != "invalid", fixed.method)
    if re.fullmatch(r"CN\d{9}[ABCUSY]\d?", text):
        return Normalized(text)
    if re.fullmatch(r"(US|EP|JP|WO|KR|DE|GB|FR)[\d/]+[A-Z]?\d?", text):
        return Normalized(text)
    return Normalized(text, False, "invalid")


STANDARD_RE = re.compile(
    r"(?P<code>(?:ISO/IEC|ISO|IEC|EN|GB/[TZ]|GB|DB\d{2}/T|DB\d{2}|[A-Z]{2}/T|T/[A-Z]+|Q/[A-Z]+))"
    r"\s*(?P<num>\d+(?:[.\-]\d+)*?)(?:\s*(?P<sep>[-—－:：])\s*(?P<year>\d{4}))?$"
)


def norm_standard(raw: str) -> Normalized:
    text = re.sub(r"《[^》]*》", "", fold(raw)).upper().strip(" ，,；;。")
    text = re.sub(r"^IS0", "ISO", text)
    text = re.sub(r"\s+", " ", text)
    m = STANDARD_RE.search(text)
    if not m:
        return EMPTY if is_blank(text) else Normalized(text, False, "invalid")
    code, num, year = m.group("code"), m.group("num"), m.group("year")
    joiner = ":" if code.startswith(("ISO", "IEC")) and m.group("sep") in (":", "：") else "-"
    value = f"{code} {num}" + (f"{joiner}{year}" if year else "")
    plausible = year is None or 1950 <= int(year) <= date.today().year + 1
    return Normalized(value, plausible, "as_read" if plausible else "invalid")


def norm_cert(raw: str) -> Normalized:
    value = re.sub(r"\s+", "", fold(raw)).upper().strip("，,；;。")
    return Normalized(value) if value else EMPTY


def norm_seal(raw: Any) -> Normalized:
    return Normalized(bool(raw))


NORMALIZERS: dict[str, Callable[..., Normalized]] = {
    "text": norm_text, "uscc": norm_uscc, "phone": norm_phone, "email": norm_email,
    "date": norm_date, "int": norm_int, "money_wan": norm_money_wan, "percent": norm_percent,
    "yesno": norm_yesno, "choice": norm_choice, "choices": norm_choices,
    "industry": norm_industry, "patent": norm_patent, "standard": norm_standard,
    "cert": norm_cert, "seal": norm_seal,
}


def normalize(kind: str, raw: Any, options: list[str] | None = None) -> Normalized:
    """Normalize ``raw`` as the ``fields.yaml`` type ``kind`` says."""
    func = NORMALIZERS[kind]
    if kind in ("choice", "choices"):
        return func(raw or "", options or [])
    if kind == "seal":
        return func(raw)
    return func(raw or "")
