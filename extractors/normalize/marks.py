"""Tick boxes and yes/no answers: 是/否, one choice, several choices, seals."""

from __future__ import annotations

import re
from typing import Any

from extractors.normalize.base import EMPTY, Normalized, fold, invalid_or_empty

TICKED = set("☑☒■√✓✔▣")
UNTICKED = set("☐□口")
MARK_CLASS = "[" + "".join(sorted(TICKED | UNTICKED)) + "]"


def ticked_options(text: str, options: list[str]) -> list[str] | None:
    """Options whose box mark is ticked in text like "■是 □否"; None when no mark is legible."""
    ticked, seen = [], False
    for option in options:
        m = re.search(rf"({MARK_CLASS})\s*{re.escape(option)}", text)
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
    return invalid_or_empty(raw)


def norm_choice(raw: str, options: list[str]) -> Normalized:
    plain = fold(raw)
    marks = ticked_options(plain, options)
    if marks:
        return Normalized(marks[0]) if len(marks) == 1 else Normalized(marks, False, "invalid")
    if plain in options:
        return Normalized(plain)
    return EMPTY if marks is not None else invalid_or_empty(raw)


def norm_choices(raw: str, options: list[str]) -> Normalized:
    marks = ticked_options(fold(raw), options)
    return Normalized(marks or []) if marks is not None else EMPTY


def norm_seal(raw: Any) -> Normalized:
    return Normalized(bool(raw))
