"""Strict mode: what a person types is taken exactly as meant, or refused with the reason.

The pipeline's normalizers read OCR text generously (a count is the first number in the
cell, a credit code is repaired). A reviewer's keystrokes deserve the opposite: ``-5`` in a
count is not 5, ``2024年共3项`` is not 2024. Each type here accepts only whole, plain
answers; anything else comes back invalid with ``extra["reason"]`` in Chinese.
``extra["confirmable"]`` marks the refusals a reviewer may override with a comment (a
credit code whose check character fails but is printed so on the licence); the rest
(format, length, hidden characters) are never stored.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date

from extractors import identifiers
from extractors.normalize import normalize
from extractors.normalize.base import EMPTY, Normalized, fold
from extractors.normalize.codes import norm_industry, norm_uscc
from extractors.normalize.patents import norm_patent
from extractors.normalize.standards import norm_standard
from extractors.normalize.text import EMAIL, norm_text

# The longest answer a person could mean, per type (characters, before folding).
MAX_LENGTH: dict[str, int] = {
    "text": 2000,
    "int": 12,
    "money_wan": 24,
    "percent": 12,
    "date": 20,
    "uscc": 24,
    "phone": 30,
    "email": 254,
    "yesno": 2,
    "seal": 2,
    "choice": 60,
    "choices": 300,
    "industry": 120,
    "standard": 60,
    "patent": 40,
    "cert": 60,
}
YES = {"是": True, "有": True, "否": False, "无": False}
UNITS = "项个件位名次家"


def refuse(reason: str, value: str = "", confirmable: bool = False) -> Normalized:
    """An answer not stored as typed: the reason says why, in Chinese."""
    return Normalized(value, False, "invalid", {"reason": reason, "confirmable": confirmable})


def hidden_character(text: str) -> str | None:
    """The first control, format (bidi, zero-width), surrogate or private character, if any."""
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            return f"U+{ord(char):04X}"
    return None


def _int(text: str, options: tuple[str, ...]) -> Normalized:
    if re.search(r"[Ⅰ-ↈ]", text):
        return refuse("请用阿拉伯数字填写，不要用罗马数字")
    plain = fold(text).replace(" ", "")
    if plain.startswith("-"):
        return refuse("数量不能为负数")
    if re.fullmatch(r"\d+[.．]\d*", plain):
        return refuse("须为整数，不能有小数")
    m = re.fullmatch(rf"第?(\d{{1,9}})[{UNITS}]?", plain)
    if m is None:
        return refuse("请只填一个整数（如 3）")
    return Normalized(int(m.group(1)))


def _number(plain: str) -> float | None:
    m = re.fullmatch(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?", plain)
    return float(plain.replace(",", "")) if m else None


def _plain(number: float) -> float | int:
    return int(number) if number.is_integer() else round(number, 4)


def _money_wan(text: str, options: tuple[str, ...]) -> Normalized:
    plain = fold(text).replace(" ", "")
    if plain.startswith("-"):
        return refuse("金额不能为负数")
    m = re.fullmatch(r"([\d.,]+)(万元|万|亿元|亿|元)?", plain)
    number = _number(m.group(1)) if m else None
    if number is None:
        return refuse("请填写金额数字，单位万元（如 1234.5）")
    unit = m.group(2) or "万元"
    scale = {"亿元": 10000, "亿": 10000, "元": 1 / 10000}.get(unit, 1)
    return Normalized(_plain(number * scale))


def _percent(text: str, options: tuple[str, ...]) -> Normalized:
    plain = fold(text).replace(" ", "").removesuffix("%")
    if plain.startswith("-"):
        return refuse("百分比不能为负数")
    number = _number(plain)
    if number is None:
        return refuse("请填写百分比数字（如 12.5）")
    if number > 100:
        return refuse("百分比不能超过 100")
    return Normalized(_plain(number))


DATE = re.compile(r"(\d{4})(?:[-./]|年)(\d{1,2})(?:[-./]|月)(\d{1,2})日?")


def _date(text: str, options: tuple[str, ...]) -> Normalized:
    m = DATE.fullmatch(fold(text).replace(" ", ""))
    if m is None:
        return refuse("日期格式为 2024-07-10 或 2024年7月10日")
    try:
        day = date(*map(int, m.groups()))
    except ValueError:
        return refuse("没有这一天")
    if not 1949 <= day.year <= date.today().year + 5:
        return refuse("年份不合理")
    return Normalized(day.isoformat())


def _uscc(text: str, options: tuple[str, ...]) -> Normalized:
    code = fold(text).replace(" ", "").upper()
    if not re.fullmatch(r"[0-9A-Z]{18}", code):
        return refuse("统一社会信用代码为 18 位数字或大写字母")
    if any(c not in identifiers.USCC_CHARSET for c in code):
        return refuse("统一社会信用代码不含字母 I、O、Z、S、V")
    found = norm_uscc(code, repair=False)
    if not found.valid:
        return refuse("统一社会信用代码校验位不正确", code, confirmable=True)
    return found


MOBILE = re.compile(r"1[3-9]\d{9}")
LANDLINE = re.compile(r"\(?(0\d{2,3})\)?-?(\d{7,8})")


def _phone(text: str, options: tuple[str, ...]) -> Normalized:
    compact = re.sub(r"[\s—－]", lambda m: "-" if m.group(0) != " " else "", fold(text))
    if MOBILE.fullmatch(compact):
        return Normalized(compact)
    if m := LANDLINE.fullmatch(compact):
        return Normalized(f"{m.group(1)}-{m.group(2)}")
    return refuse("电话为 11 位手机号或区号-号码（如 027-88701902）")


def _email(text: str, options: tuple[str, ...]) -> Normalized:
    compact = fold(text).replace("＠", "@")
    if not EMAIL.fullmatch(compact):
        return refuse("邮箱格式不正确（如 name@example.com）")
    return Normalized(compact.lower())


def _yesno(text: str, options: tuple[str, ...]) -> Normalized:
    if text not in YES:
        return refuse("请填写 是 或 否（有 或 无）")
    return Normalized(YES[text])


def _choice(text: str, options: tuple[str, ...]) -> Normalized:
    if text not in options:
        return refuse(f"请从选项中选一个：{'、'.join(options)}")
    return Normalized(text)


def _choices(text: str, options: tuple[str, ...]) -> Normalized:
    picked = [t for t in re.split(r"[、,，;；\s]+", text) if t]
    unknown = [t for t in picked if t not in options]
    if unknown:
        return refuse(f"不在选项中：{'、'.join(unknown)}（选项：{'、'.join(options)}）")
    if len(set(picked)) != len(picked):
        return refuse("选项重复")
    return Normalized([o for o in options if o in picked])


def _industry(text: str, options: tuple[str, ...]) -> Normalized:
    found = norm_industry(text)
    if not found.valid or found.value is None:
        return refuse("行业代码不正确（如 C3811）")
    return found


def _standard(text: str, options: tuple[str, ...]) -> Normalized:
    plain = fold(text).upper()
    m = identifiers.find_standard(plain)
    if m is None or m.start() > 0 or plain[m.end() :].strip():
        return refuse("标准号格式不正确（如 GB/T 19001-2016）")
    found = norm_standard(plain)
    if not found.valid:
        return refuse("标准年份不合理", str(found.value), confirmable=True)
    return found


def _patent(text: str, options: tuple[str, ...]) -> Normalized:
    if not re.fullmatch(r"[0-9A-Za-z .,/\-]+", fold(text)):
        return refuse("专利号只含字母、数字和点（如 ZL201910123456.7）")
    found = norm_patent(text, repair=False)
    if not found.valid:
        return refuse("专利号校验位或格式不正确", str(found.value), confirmable=True)
    return found


def _cert(text: str, options: tuple[str, ...]) -> Normalized:
    value = fold(text).replace(" ", "").upper()
    if not re.fullmatch(r"[0-9A-Z\-/()（）\[\]〔〕.\u4e00-\u9fff]+", value) or not re.search(
        r"\d", value
    ):
        return refuse("证书编号只含字母、数字、汉字和 -/()，且至少有一位数字")
    return Normalized(value, True, "as_read", {"kind": identifiers.cert_kind(value) or "other"})


def _text(text: str, options: tuple[str, ...]) -> Normalized:
    return norm_text(text)  # folded as the pipeline folds what it reads


STRICT: dict[str, Callable[[str, tuple[str, ...]], Normalized]] = {
    "text": _text,
    "int": _int,
    "money_wan": _money_wan,
    "percent": _percent,
    "date": _date,
    "uscc": _uscc,
    "phone": _phone,
    "email": _email,
    "yesno": _yesno,
    "seal": _yesno,
    "choice": _choice,
    "choices": _choices,
    "industry": _industry,
    "standard": _standard,
    "patent": _patent,
    "cert": _cert,
}


def parse_typed(kind: str, text: str, options: tuple[str, ...] = ()) -> Normalized:
    """A reviewer's typed answer for a field of type ``kind``, parsed exactly or refused.

    Blank means "no value" (the form's cell is empty).
    """
    limit = MAX_LENGTH.get(kind, MAX_LENGTH["text"])
    if len(text) > limit:
        return refuse(f"太长：最多 {limit} 个字符，输入了 {len(text)} 个")
    if hidden := hidden_character(text):
        return refuse(f"含有不可见或控制字符（{hidden}），请重新输入")
    text = text.strip()
    if not text:
        return EMPTY
    if kind not in STRICT:
        return _lenient(kind, text, tuple(options))
    return STRICT[kind](text, tuple(options))


def _lenient(kind: str, text: str, options: tuple[str, ...]) -> Normalized:
    """A type with no strict parser of its own: its normalizer's answer, if that validates
    as typed (nothing repaired), so a new type needs no entry here to be editable."""
    found = normalize(kind, text, list(options))
    if not found.valid or found.method == "repaired":
        return refuse("值无法通过校验", text)
    return found
