"""GB/T 4754-2017 industry classes: "3811 发电机…" or "C3811" -> ("C3811", name)."""

from __future__ import annotations

import csv
import re
from functools import cache

from rapidfuzz import fuzz

from core.config import DATA_DIR

TABLE = DATA_DIR / "reference" / "gbt4754-2017.csv"


@cache
def classes() -> dict[str, tuple[str, str]]:
    """4-digit class code -> (section letter, name)."""
    table: dict[str, tuple[str, str]] = {}
    with TABLE.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["level"] == "class" and row["name"]:
                table[row["code"]] = (row["section"], row["name"])
    return table


def lookup(text: str) -> tuple[str, str] | None:
    """The normalized code and its official name, or None when no known class is written."""
    m = re.search(r"(?<![0-9A-Z])([A-T])?\s*(\d{4})(?!\d)", text.upper())
    if not m:
        return None
    entry = classes().get(m.group(2))
    if entry is None:
        return None
    section, name = entry
    return f"{section}{m.group(2)}", name


def names_agree(written: str, official: str) -> bool:
    """Whether the name written beside a code is that code's class (OCR slips tolerated)."""
    written = re.sub(r"\s+", "", written)
    return fuzz.partial_ratio(written, official) >= 75 or fuzz.ratio(written, official) >= 70
