"""Evidence to record fields: normalize each leaf, score it, decide whether a person must look.

The score is a product of what we know about how the value was obtained: label match,
OCR confidence, structure certainty and the validator's verdict. It is not yet
calibrated; it orders leaves well enough to route the unsure ones to review.
"""

from __future__ import annotations

import re
from typing import Any

from extractors.locate import Evidence
from extractors.normalize import normalize
from extractors.template import FieldSpec

METHOD_FACTOR = {"as_read": 1.0, "empty": 0.97, "repaired": 0.85, "invalid": 0.3}
LEAF = re.compile(r"^(?P<key>[a-z_]+)(?:\.count|\[(?P<i>\d+)\]\.(?P<attr>[a-z_]+))?$")


def leaf_type(leaf: str, specs: dict[str, FieldSpec]) -> tuple[str, tuple[str, ...]]:
    m = LEAF.match(leaf)
    spec = specs[m.group("key")]
    if spec.type != "list":
        return spec.type, spec.options
    return ("int", ()) if leaf.endswith(".count") else (spec.item[m.group("attr")], ())


def record_leaf_type(leaf: str, catalogue: dict[str, dict[str, FieldSpec]]) -> tuple[str, tuple[str, ...]]:
    """Type and options of any record leaf: "summary.x", "decl_x", "industry_name" included."""
    bare = leaf.removeprefix("summary.")
    if bare.endswith("industry_name"):
        return "text", ()
    doc = "summary" if leaf.startswith("summary.") else "declaration" if bare.startswith("decl_") else "application"
    return leaf_type(bare, catalogue[doc])


def score(ev: Evidence, method: str) -> float:
    if not ev.found:
        return 0.0
    return round(ev.label_score * ev.ocr_confidence * ev.structure * METHOD_FACTOR.get(method, 0.5), 4)


def field_record(ev: Evidence, specs: dict[str, FieldSpec], source: int, threshold: float,
                 prefix: str = "") -> dict[str, dict[str, Any]]:
    """The record entries for one piece of evidence (two for an industry: code and name)."""
    kind, options = leaf_type(ev.leaf, specs)
    leaf = prefix + ev.leaf
    if not ev.found:
        return {leaf: {"value": None, "raw": None, "confidence": 0.0, "status": "missing",
                       "source": source, "page": None, "bbox": None}}
    result = normalize(kind, ev.raw, list(options))
    confidence = score(ev, result.method)
    entry = {"value": result.value, "raw": ev.raw if kind != "seal" else None,
             "confidence": confidence,
             "status": "auto_accepted" if result.valid and confidence >= threshold else "needs_review",
             "source": source, "page": ev.page,
             "bbox": [round(v) for v in ev.bbox] if ev.bbox else None, "method": result.method}
    out = {leaf: entry}
    if kind == "industry":
        name = (result.extra or {}).get("name")
        out[f"{leaf}_name"] = {**entry, "value": name, "method": "lookup"}
    return out


def document_fields(evidence: list[Evidence], specs: dict[str, FieldSpec], source: int,
                    threshold: float, prefix: str = "") -> dict[str, dict[str, Any]]:
    fields: dict[str, dict[str, Any]] = {}
    for ev in evidence:
        fields.update(field_record(ev, specs, source, threshold, prefix))
    return fields
