"""Free text, phone numbers and e-mail addresses."""

from __future__ import annotations

import re

from extractors.normalize.base import EMPTY, Normalized, fold, invalid_or_empty, is_blank

MOBILE = re.compile(r"(?<!\d)(1[3-9]\d{9})(?!\d)")
LANDLINE = re.compile(r"\(?(0\d{2,3})\)?[-—－]?(\d{7,8})(?!\d)")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.ASCII)


def norm_text(raw: str) -> Normalized:
    """Folded text; a doubled full stop (the applicant's 。 before the form's own) is one."""
    return EMPTY if is_blank(raw) else Normalized(re.sub(r"。{2,}", "。", fold(raw)))


def norm_phone(raw: str) -> Normalized:
    """Mobile numbers as 11 digits, landlines as area code '-' number."""
    compact = fold(raw).replace(" ", "")
    if m := MOBILE.search(compact):
        return Normalized(m.group(1))
    if m := LANDLINE.search(compact):
        return Normalized(f"{m.group(1)}-{m.group(2)}")
    return invalid_or_empty(raw)


def norm_email(raw: str) -> Normalized:
    compact = fold(raw).replace(" ", "").replace("＠", "@")
    if m := EMAIL.search(compact):
        return Normalized(m.group(0).lower())
    return invalid_or_empty(raw)
