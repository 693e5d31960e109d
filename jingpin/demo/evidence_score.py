"""Evidence leaves of a record against the demo's truth, items matched by content.

The items of an ``ev_*`` list may come in any order, so each truth item is paired with the
record item that agrees with it on most attributes before leaves are compared.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.record import Leaf
from jingpin.demo.score import same


@dataclass
class KindScore:
    leaves: int = 0
    exact: int = 0


def items(leaves: dict, key: str) -> list[dict]:
    """``key``'s items as dicts of attribute -> value (a record's ``fields`` or truth leaves)."""
    out: dict[int, dict] = {}
    for leaf, value in leaves.items():
        parsed = Leaf.match(leaf)
        if parsed and parsed.key == key and not parsed.summary and parsed.index is not None:
            got = value.get("value") if isinstance(value, dict) else value
            out.setdefault(parsed.index, {})[parsed.attr] = got
    return [out[i] for i in sorted(out)]


def pair(truth: list[dict], found: list[dict]) -> list[tuple[dict, dict | None]]:
    """Each truth item with the unused found item agreeing on most attributes (greedy)."""
    free = list(found)
    out = []
    for t in truth:
        best = max(free, key=lambda f: sum(same(v, f.get(a)) for a, v in t.items()), default=None)
        if best is not None:
            free.remove(best)
        out.append((t, best))
    return out


def score_kinds(fields: dict, truth: dict, keys: list[str]) -> dict[str, KindScore]:
    """Per list key: truth leaves (its count and every item attribute) and how many exact."""
    scores = {}
    for key in keys:
        s = KindScore(1, int(same(truth.get(f"{key}.count"), _value(fields, f"{key}.count"))))
        for t, f in pair(items(truth, key), items(fields, key)):
            s.leaves += len(t)
            s.exact += sum(f is not None and same(v, f.get(a)) for a, v in t.items())
        scores[key] = s
    return scores


def _value(fields: dict, leaf: str):
    entry = fields.get(leaf)
    return None if entry is None else entry.get("value")
