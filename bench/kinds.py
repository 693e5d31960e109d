"""Field kinds and headline figures for comparing fixture paths (demo printer vs Word forms).

Kinds group leaves by what makes them hard to read: text whose cell carries printed guidance,
list items, counts, money, identifiers, tick boxes, seals. Identifier F1 is over the set of
identifiers (credit codes, patents, standards, certificates) a record reports against the
truth's, so a number taken from the wrong cell costs precision and a lost one recall.
"""

from __future__ import annotations

from bench.common import TICK_TYPES
from core.record import Leaf, Status
from extractors.template import Template, leaf_type
from jingpin.demo.score import Score
from jingpin.demo.wordtext import GUIDED_TEXT_FIELDS

ID_TYPES = ("uscc", "patent", "standard", "cert")
SEAL_PLACES = {
    "applicant_sealed": "cover",
    "city_recommendation_sealed": "推荐意见",
    "decl_sealed": "自我声明",
    "summary.sealed": "汇总表",
}
KINDS = (
    "guidance-stripped text",
    "other text",
    "lists (item names)",
    "counts",
    "money",
    "percent, ranks",
    "identifiers",
    "industry",
    "tick boxes",
    "dates",
    "phones, emails",
    "seals",
)


def field_kind(leaf: str, template: Template) -> str:
    kind, parsed = leaf_type(leaf, template.catalogue)[0], Leaf.parse(leaf)
    if kind == "seal":
        return "seals"
    if parsed.count:
        return "counts"
    if kind in ID_TYPES:
        return "identifiers"
    if parsed.attr is not None:
        return "lists (item names)"
    if kind == "text":
        guided = parsed.key in GUIDED_TEXT_FIELDS and not parsed.summary
        return "guidance-stripped text" if guided else "other text"
    return {
        "money_wan": "money",
        "percent": "percent, ranks",
        "int": "percent, ranks",
        "industry": "industry",
        "date": "dates",
        "phone": "phones, emails",
        "email": "phones, emails",
    }.get(kind, "tick boxes" if kind in TICK_TYPES else "other text")


def identifier_f1(records: list[dict], truths: dict[str, dict], template: Template) -> float:
    """F1 of the (type, value) identifier set per submission, summed over submissions."""
    hits = predicted = expected = 0
    by_id = {r["submission_id"]: r for r in records}
    for sid, truth in truths.items():
        want = _ids(((k, v) for k, v in truth["leaves"].items()), template)
        fields = by_id.get(sid, {}).get("fields", {})
        got = _ids(
            ((k, f["value"]) for k, f in fields.items() if f.get("status") != Status.MISSING),
            template,
        )
        hits, predicted, expected = (
            hits + len(want & got),
            predicted + len(got),
            expected + len(want),
        )
    p = hits / predicted if predicted else 1.0
    r = hits / expected if expected else 1.0
    return 2 * p * r / (p + r) if p + r else 0.0


def _ids(pairs, template: Template) -> set[tuple[str, str]]:
    out = set()
    for leaf, value in pairs:
        kind = leaf_type(leaf, template.catalogue)[0]
        if kind in ID_TYPES and isinstance(value, str) and value:
            out.add((kind, value))
    return out


def headline(result: Score, records: list[dict], truths: dict, template: Template) -> dict:
    """The figures issue 14 tracks, then exactness per field kind ('n/a' where a path has none)."""
    present = result.subset(lambda r: r.truth is not None)
    figures = {
        "truth leaves": str(result.n),
        "fields exact": f"{result.rate('correct'):.3f}",
        "identifier F1": f"{identifier_f1(records, truths, template):.3f}",
        "truth leaves missing": f"{1 - present.rate('found'):.1%}",
        "review rate": f"{result.review_rate:.1%}",
        "auto-accepted precision": f"{result.auto_precision:.3f}",
    }
    for kind in KINDS:
        s = result.subset(lambda r, k=kind: field_kind(r.leaf, template) == k)
        figures[f"exact: {kind}"] = f"{s.rate('correct'):.3f} ({s.n})" if s.n else "n/a"
    for leaf, place in SEAL_PLACES.items():
        s = result.subset(lambda r, x=leaf: r.leaf == x)
        figures[f"seal exact: {place}"] = f"{s.rate('correct'):.3f} ({s.n})" if s.n else "n/a"
    return figures
