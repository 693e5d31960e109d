"""Evidence to record fields: normalize each leaf, score it, decide whether a person must look.

Confidence is ``pipeline.calibration``'s probability that the value is right, from the
evidence of how it was obtained; a leaf below the review threshold, or one whose value
did not validate, goes to review.
"""

from __future__ import annotations

import re
from typing import Any

from extractors.locate import Evidence
from extractors.normalize import EMPTY, Normalized, normalize
from extractors.template import FieldSpec
from pipeline import calibration

LEAF = re.compile(r"^(?P<key>[a-z_]+)(?:\.count|\[(?P<i>\d+)\]\.(?P<attr>[a-z_]+))?$")


def leaf_type(leaf: str, specs: dict[str, FieldSpec]) -> tuple[str, tuple[str, ...]]:
    m = LEAF.match(leaf)
    spec = specs[m.group("key")]
    if spec.type != "list":
        return spec.type, spec.options
    return ("int", ()) if leaf.endswith(".count") else (spec.item[m.group("attr")], ())


def record_leaf_type(
    leaf: str, catalogue: dict[str, dict[str, FieldSpec]]
) -> tuple[str, tuple[str, ...]]:
    """Type and options of any record leaf: "summary.x", "decl_x", "industry_name" included."""
    bare = leaf.removeprefix("summary.")
    if bare.endswith("industry_name"):
        return "text", ()
    doc = (
        "evidence"
        if bare.startswith("ev_")
        else "summary"
        if leaf.startswith("summary.")
        else "declaration"
        if bare.startswith("decl_")
        else "application"
    )
    return leaf_type(bare, catalogue[doc])


def evidence_of(ev: Evidence) -> dict[str, float]:
    """What the confidence model weighs, kept in the record so it can be refitted (also
    from reviewers' confirmations and corrections)."""
    flags = {
        "guidance": ev.guidance > 0,
        "fallback": ev.fallback,
        "continued": ev.continued,
        "label_inside": ev.label_inside,
    }
    return {
        "label": round(ev.label_score, 4),
        "ocr": round(ev.ocr_confidence, 4),
        "structure": round(ev.structure, 4),
        **{name: 1 for name, on in flags.items() if on},
    }


def status_of(
    valid: bool, confidence: float, threshold: float | None, kind: str | None = None
) -> str:
    """Auto-accepted at or above the review threshold (the value family's own, if it has
    one; a threshold set by hand wins), else a person looks."""
    limit = calibration.default_threshold(kind) if threshold is None else threshold
    return "auto_accepted" if valid and confidence >= limit else "needs_review"


def field_record(
    ev: Evidence,
    specs: dict[str, FieldSpec],
    source: int,
    threshold: float | None,
    prefix: str = "",
) -> dict[str, dict[str, Any]]:
    """The record entries for one piece of evidence (two for an industry: code and name)."""
    kind, options = leaf_type(ev.leaf, specs)
    leaf = prefix + ev.leaf
    if not ev.found:
        return {
            leaf: {
                "value": None,
                "raw": None,
                "confidence": 0.0,
                "status": "missing",
                "source": source,
                "page": None,
                "bbox": None,
            }
        }
    if isinstance(ev.raw, str) and not ev.raw.strip() and (ev.guidance or ev.blank):
        result = EMPTY  # only the form's guidance, or nothing, after the label: left blank
    elif isinstance(ev.raw, str) and not ev.raw.strip():
        # The label is there but nothing was read where its value goes: a line OCR missed,
        # or a pick that found nothing. A blank the applicant wrote ("/", "无") is not this.
        result = Normalized(None, False, "nothing_read")
    else:
        result = normalize(kind, ev.raw, list(options))
    evidence = evidence_of(ev)
    confidence = calibration.probability(
        calibration.features(evidence, result.method, kind, value=result.value)
    )
    entry = {
        "value": result.value,
        "raw": ev.raw if kind != "seal" else None,
        "confidence": confidence,
        "status": "needs_review"
        if result.method == "repaired"  # a repair is shown to a person, never passed silently
        else status_of(result.valid, confidence, threshold, kind),
        "source": source,
        "page": ev.page,
        "bbox": [round(v) for v in ev.bbox] if ev.bbox else None,
        "method": result.method,
        "valid": result.valid,
        "evidence": evidence,
    }
    out = {leaf: entry}
    if kind == "industry":
        name = (result.extra or {}).get("name")
        out[f"{leaf}_name"] = {**entry, "value": name, "method": "lookup"}
    return out


def document_fields(
    evidence: list[Evidence],
    specs: dict[str, FieldSpec],
    source: int,
    threshold: float | None,
    prefix: str = "",
) -> dict[str, dict[str, Any]]:
    fields: dict[str, dict[str, Any]] = {}
    for ev in evidence:
        fields.update(field_record(ev, specs, source, threshold, prefix))
    return fields


def agreements(checks: list[dict]) -> dict[str, int]:
    """Per leaf: -1 when another source disagrees, +1 when one agrees and none disagrees."""
    out: dict[str, int] = {}
    for check in checks:
        if check["rule"].startswith("agree.") and check["status"] in ("pass", "fail"):
            for leaf in check.get("fields") or []:
                out[leaf] = min(out.get(leaf, 1), 1 if check["status"] == "pass" else -1)
    return out


def weigh_agreement(
    fields: dict[str, dict],
    checks: list[dict],
    catalogue: dict[str, dict[str, FieldSpec]],
    threshold: float | None,
) -> None:
    """Confidence again for leaves another source spoke about: agreement is evidence."""
    for leaf, agreement in agreements(checks).items():
        entry = fields.get(leaf)
        if not entry or "evidence" not in entry:
            continue
        kind = record_leaf_type(leaf, catalogue)[0]
        x = calibration.features(
            entry["evidence"], entry.get("method", "as_read"), kind, agreement, entry["value"]
        )
        entry["confidence"] = calibration.probability(x)
        repaired_alone = entry.get("method") == "repaired" and agreement <= 0
        entry["status"] = (
            "needs_review"
            if repaired_alone
            else status_of(entry.get("valid", True), entry["confidence"], threshold, kind)
        )
