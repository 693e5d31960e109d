"""Normalizers for every field type of ``fields.yaml``: raw text in, ``Normalized`` out.

One module per type family (text, numbers, marks, codes, patents, standards), all pure.
Identifier types first pick the identifier out of a noisy cell with the spaCy matchers
of ``extractors.mentions``, then validate it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from extractors import mentions
from extractors.normalize.base import EMPTY, Normalized, fold, is_blank
from extractors.normalize.codes import norm_cert, norm_industry, norm_uscc
from extractors.normalize.marks import norm_choice, norm_choices, norm_seal, norm_yesno
from extractors.normalize.numbers import norm_date, norm_int, norm_money_wan, norm_percent
from extractors.normalize.patents import norm_patent
from extractors.normalize.standards import norm_standard
from extractors.normalize.text import norm_email, norm_phone, norm_text

__all__ = [
    "EMPTY",
    "NORMALIZERS",
    "Normalized",
    "fold",
    "is_blank",
    "normalize",
    "normalize_mention",
]

NORMALIZERS: dict[str, Callable[..., Normalized]] = {
    "text": norm_text,
    "uscc": norm_uscc,
    "phone": norm_phone,
    "email": norm_email,
    "date": norm_date,
    "int": norm_int,
    "money_wan": norm_money_wan,
    "percent": norm_percent,
    "yesno": norm_yesno,
    "choice": norm_choice,
    "choices": norm_choices,
    "industry": norm_industry,
    "patent": norm_patent,
    "standard": norm_standard,
    "cert": norm_cert,
    "seal": norm_seal,
}
# Mention labels of extractors.mentions, by the field type whose value they are.
MENTION_KINDS: dict[str, frozenset[str]] = {
    "uscc": frozenset({"USCC"}),
    "patent": frozenset({"PATENT_CN", "PATENT_PUB", "PATENT_FOREIGN"}),
    "standard": frozenset({"STANDARD"}),
    "cert": frozenset({"CERT"}),
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
    func = NORMALIZERS[kind]
    if kind in ("choice", "choices"):
        return func(raw or "", options or [])
    if kind == "seal":
        return func(raw)
    return func(pick_identifier(kind, raw or ""))


def normalize_mention(mention: mentions.Mention, repair: bool = True) -> Normalized:
    """A mention's value as its field type normalizes it (optionally without checksum repair)."""
    kind = TYPE_OF_MENTION[mention.label]
    if kind in ("uscc", "patent"):
        return NORMALIZERS[kind](mention.text, repair=repair)
    return NORMALIZERS[kind](mention.text)
