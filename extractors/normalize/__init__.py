"""Normalizers for every field type of ``fields.yaml``: raw text in, ``Normalized`` out.

One module per type family (text, numbers, marks, codes, patents, standards), all pure.
Identifier types first pick the identifier out of a noisy cell with the spaCy matchers
of ``extractors.mentions``, then validate it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from extractors import mentions

# Each family module registers its types in ``REGISTRY`` when imported.
from extractors.normalize import codes, marks, numbers, patents, standards, text  # noqa: F401
from extractors.normalize.base import EMPTY, REGISTRY, Normalized, fold, is_blank
from extractors.normalize.text import norm_text

__all__ = [
    "EMPTY",
    "NORMALIZERS",
    "Normalized",
    "fold",
    "is_blank",
    "norm_text",
    "normalize",
    "normalize_mention",
]

NORMALIZERS: dict[str, Callable[..., Normalized]] = {t.name: t.normalize for t in REGISTRY.values()}
# Mention labels of extractors.mentions, by the field type whose value they are.
MENTION_KINDS: dict[str, frozenset[str]] = {
    t.name: t.mentions for t in REGISTRY.values() if t.mentions
}
# Field type that normalizes each mention label.
TYPE_OF_MENTION = {label: kind for kind, labels in MENTION_KINDS.items() for label in labels} | {
    "PHONE": "phone",
    "EMAIL": "email",
    "DATE": "date",
    "MONEY": "money_wan",
    "PERCENT": "percent",
    "COUNT": "int",
    "RANK": "int",
}


def pick_identifier(kind: str, raw: str) -> str:
    """The one identifier of ``kind`` in ``raw``; the whole text when there are none or several."""
    labels = MENTION_KINDS.get(kind)
    if not labels or not raw:
        return raw
    found = [m for m in mentions.find(raw) if m.label in labels]
    return found[0].text if len(found) == 1 else raw


def normalize(kind: str, raw: Any, options: list[str] | None = None) -> Normalized:
    """Normalize ``raw`` as the ``fields.yaml`` type ``kind`` says."""
    field_type = REGISTRY[kind]
    if field_type.takes == "options":
        return field_type.normalize(raw or "", options or [])
    if field_type.takes == "raw":
        return field_type.normalize(raw)
    return field_type.normalize(pick_identifier(kind, raw or ""))


def normalize_mention(mention: mentions.Mention, repair: bool = True) -> Normalized:
    """A mention's value as its field type normalizes it (optionally without checksum repair)."""
    kind = TYPE_OF_MENTION[mention.label]
    if kind in ("uscc", "patent"):
        return NORMALIZERS[kind](mention.text, repair=repair)
    return NORMALIZERS[kind](mention.text)
