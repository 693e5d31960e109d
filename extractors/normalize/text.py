"""Free text, phone numbers and e-mail addresses."""

from __future__ import annotations

import re

from extractors import identifiers
from extractors.normalize.base import (
    EMPTY,
    Normalized,
    field_type,
    fold,
    invalid_or_empty,
    is_blank,
)

NONE_WRITTEN = {"无", "暂无", "没有", "不涉及", "一"}  # a text field answered "none" (一: a dash)
# OCR puts a space where Latin letters meet Chinese (CQC 自愿性认证, 符合 Q/WHJC): nobody
# types one there. A number before a name (a phone after a contact) keeps its space.
LATIN_GAP = re.compile(r"(?<=[A-Za-z\d])\s+(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])\s+(?=[A-Za-z])")
# A dash that starts a word is 一 misread (—种装置): a dash in prose follows a character.
DASHED_ONE = re.compile(r"(?<![\u4e00-\u9fff\w—])—(?=[\u4e00-\u9fff])")
MOBILE = re.compile(r"(?<!\d)(1[3-9]\d{9})(?!\d)")
LANDLINE = re.compile(r"\(?(0\d{2,3})\)?[-—－]?(\d{7,8})(?!\d)")
MOBILE_BEFORE = re.compile(r"^1[3-9]\d{9}(?=[A-Za-z])")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.ASCII)


@field_type("text")
def norm_text(raw: str) -> Normalized:
    """Folded text; a doubled full stop (the applicant's 。 before the form's own) is one,
    and a standard cited in the text has its one space (OCR loses it: GB/T19001-2016)."""
    if is_blank(raw) or fold(raw) in NONE_WRITTEN:
        return EMPTY
    # the underline left of a typed blank, and a tick box OCR glued to the text's edge
    text = re.sub(r"。{2,}", "。", fold(raw)).strip("_＿ ☑☐◌")
    if not re.search(r"\w", text):
        return EMPTY  # a mark left in a blank ("⊥"), no word in it
    text = LATIN_GAP.sub("", text)
    text = DASHED_ONE.sub("一", text)
    # An empty box between two characters of free text is the character 口 (出口, 人口): the
    # tick-box reader took its square for a box.
    text = re.sub(r"(?<=[\u4e00-\u9fff])[☐◌](?=[\u4e00-\u9fff])", "口", text)
    return Normalized(spaced_standards(text))


def spaced_standards(text: str) -> str:
    """ "执行GB/T19001-2016《…》" -> "执行GB/T 19001-2016《…》": one space after a known code."""

    def one(m: re.Match) -> str:
        before = text[m.start() - 1] if m.start() else ""
        cited = m.group("year") and m.group("sep") and not (before.isascii() and before.isalnum())
        if not cited or not identifiers.is_known_standard_code(m.group("code")):
            return m.group(0)  # a model number (JB200), not a standard with its year
        code = m.group("code")
        return f"{code} {m.group(0)[len(code) :].lstrip()}"

    return identifiers.STANDARD_NUMBER.sub(one, text)


@field_type("phone")
def norm_phone(raw: str) -> Normalized:
    """Mobile numbers as 11 digits, landlines as area code '-' number."""
    compact = fold(raw).replace(" ", "")
    if m := MOBILE.search(compact):
        return Normalized(m.group(1))
    if m := LANDLINE.search(compact):
        return Normalized(f"{m.group(1)}-{m.group(2)}")
    return invalid_or_empty(raw)


@field_type("email")
def norm_email(raw: str) -> Normalized:
    compact = fold(raw).replace(" ", "").replace("＠", "@")
    if m := EMAIL.search(compact):
        # a mobile number run into it ("13100858560zl504@…": phone and e-mail in one cell)
        return Normalized(MOBILE_BEFORE.sub("", m.group(0)).lower())
    return invalid_or_empty(raw)
