"""What every normalizer returns, and the text folding they all start from."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
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


@dataclass(frozen=True)
class FieldType:
    """A value type of ``fields.yaml`` and its normalizer. ``takes`` is what the normalizer is
    given: "text" (an identifier picked out of it first when ``mentions`` are set),
    "options" (the text and the field's options) or "raw" (the value as read: a seal's bool)."""

    name: str
    normalize: Callable[..., Normalized]
    takes: str = "text"
    mentions: frozenset[str] = frozenset()  # labels of extractors.mentions that are its values


# Every type, registered by its family module: a new type is one decorated function there.
REGISTRY: dict[str, FieldType] = {}


def field_type(
    name: str, takes: str = "text", mentions: tuple[str, ...] = ()
) -> Callable[[Callable[..., Normalized]], Callable[..., Normalized]]:
    """Register the decorated function as the normalizer of type ``name``."""

    def register(func: Callable[..., Normalized]) -> Callable[..., Normalized]:
        REGISTRY[name] = FieldType(name, func, takes, frozenset(mentions))
        return func

    return register


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
