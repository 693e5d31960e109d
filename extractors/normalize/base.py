"""What every normalizer returns, and the text folding they all start from."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Normalized:
    """A normalized value, whether it passed its validator, and how it was obtained.

    ``method`` lets confidence weigh a repaired code lower than one read cleanly:
    as_read | repaired | invalid | empty.
    """

    value: Any
    valid: bool = True
    method: str = "as_read"
    extra: dict | None = None


EMPTY = Normalized(None, True, "empty")


def fold(text: str) -> str:
    """Full-width ASCII to half-width, whitespace collapsed (the ``text`` type)."""
    folded = unicodedata.normalize("NFKC", text) if text else ""
    return re.sub(r"\s+", " ", folded).strip()


def is_blank(text: str | None) -> bool:
    """Nothing but placeholders: people write / or — or leave the underline empty."""
    return text is None or not re.sub(r"[\s_＿—\-/、，,。；;：:（）()]+", "", text)


def invalid_or_empty(raw: str, shown: str | None = None) -> Normalized:
    """Unparseable text is kept as read and flagged; a blank is simply empty."""
    return (
        EMPTY
        if is_blank(raw)
        else Normalized(fold(raw) if shown is None else shown, False, "invalid")
    )
