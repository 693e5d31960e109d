"""Evidence to record fields: normalize each leaf, score it, decide whether a person must look.

Confidence is ``pipeline.calibration``'s probability that the value is right, from the
evidence of how it was obtained; a leaf below the review threshold, or one whose value
did not validate, goes to review.
"""

from __future__ import annotations

from typing import Any

from core.record import CheckResult, CheckStatus, FieldEntry, Leaf, Status
from extractors.locate import Evidence
from extractors.normalize import EMPTY, Normalized, normalize
from extractors.template import FieldSpec, leaf_type, spec_type
from pipeline import calibration


def evidence_of(ev: Evidence) -> dict[str, float]:
    """What the confidence model weighs, kept in the record so it can be refitted (also
    from reviewers' confirmations and corrections)."""
    flags = {
        "guidance": ev.guidance > 0,
        "fallback": ev.fallback,
        "continued": ev.continued,
        "label_inside": ev.label_inside,
        "under_seal": ev.under_seal,
    }
    return {
        "label": round(ev.label_score, 4),
        "ocr": round(ev.ocr_confidence, 4),
        "structure": round(ev.structure, 4),
        **{name: 1 for name, on in flags.items() if on},
        **({"items_numbered": ev.items_numbered} if ev.items_numbered else {}),
        **({"numeral_clear": 1} if ev.numeral_underlined is False else {}),
    }


def status_of(
    valid: bool, confidence: float, threshold: float | None, kind: str | None = None
) -> Status:
    """Auto-accepted at or above the review threshold (the value family's own, if it has
    one; a threshold set by hand wins), else a person looks."""
    limit = calibration.default_threshold(kind) if threshold is None else threshold
    return Status.AUTO_ACCEPTED if valid and confidence >= limit else Status.NEEDS_REVIEW


def field_record(
    ev: Evidence,
    specs: dict[str, FieldSpec],
    source: int,
    threshold: float | None,
    prefix: str = "",
) -> dict[str, dict[str, Any]]:
    """The record entries for one piece of evidence (two for an industry: code and name)."""
    kind, options = spec_type(Leaf.parse(ev.leaf), specs)
    leaf = prefix + ev.leaf
    if not ev.found:
        return {
            leaf: {
                "value": None,
                "raw": None,
                "confidence": 0.0,
                "status": Status.MISSING,
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
        calibration.features(evidence, result.method, kind, value=result.value, leaf=leaf)
    )
    entry = {
        "value": result.value,
        "raw": ev.raw if kind != "seal" else None,
        "confidence": confidence,
        "status": Status.NEEDS_REVIEW
        if result.method == "repaired"  # a repair is shown to a person, never passed silently
        else status_of(result.valid, confidence, threshold, kind),
        "source": source,
        "page": ev.page,
        "bbox": [round(v) for v in ev.bbox] if ev.bbox else None,
        "method": result.method,
        "valid": result.valid,
        "evidence": evidence,
    }
    if ev.read_as is not None:  # a value put in place of what was read: the checks see both
        entry["read_as"] = ev.read_as
    out = {leaf: entry}
    if kind == "industry":
        name = (result.extra or {}).get("name")
        named = Leaf.parse(leaf)
        out[str(Leaf(named.key, named.summary, name=True))] = {
            **entry,
            "value": name,
            "method": "lookup",
        }
    return out


def document_fields(
    evidence: list[Evidence],
    specs: dict[str, FieldSpec],
    source: int,
    threshold: float | None,
    prefix: str = "",
) -> dict[str, dict[str, Any]]:
    fields: dict[str, dict[str, Any]] = {}
    kinds: dict[str, str] = {}
    for ev in evidence:
        got = field_record(ev, specs, source, threshold, prefix)
        kinds.update(dict.fromkeys(got, spec_type(Leaf.parse(ev.leaf), specs)[0]))
        fields.update(got)
    doubt_miscut_lists(fields, kinds, threshold)
    return fields


def doubt_miscut_lists(
    fields: dict[str, dict[str, Any]], kinds: dict[str, str], threshold: float | None
) -> None:
    """Every item of a list that looks cut wrong is scored again: with ``list_joined`` when
    one item holds two (a separator inside an item's name or number: the cut that joined two
    also cut the items around them, ``国家企业技`` / ``术中心；省级工程研`` / ``究中心``), with
    ``list_ragged`` when its attributes were read for different numbers of items."""
    items = [(leaf, entry["value"], kinds[leaf]) for leaf, entry in fields.items()]
    flags = {
        "list_joined": calibration.joined_lists(items),
        "list_ragged": calibration.ragged_lists(items),
    }
    for leaf, entry in fields.items():
        name = calibration.list_of(leaf)
        on = [flag for flag, lists in flags.items() if name in lists]
        if not on or "evidence" not in entry:
            continue
        entry["evidence"].update(dict.fromkeys(on, 1))
        x = calibration.features(
            entry["evidence"], entry["method"], kinds[leaf], value=entry["value"], leaf=leaf
        )
        entry["confidence"] = calibration.probability(x)
        if entry["method"] != "repaired":
            entry["status"] = status_of(entry["valid"], entry["confidence"], threshold, kinds[leaf])


def agreements(checks: list[CheckResult]) -> dict[str, int]:
    """Per leaf: -1 when another source disagrees, +1 when one agrees and none disagrees.
    An agreement rule unsure of two values it read and found different is a disagreement
    here: the rule cannot tell whose reading is wrong, but one of them is."""
    out: dict[str, int] = {}
    for check in checks:
        if not check.rule.startswith("agree."):
            continue
        if check.status == CheckStatus.PASS:
            vote = 1
        elif check.status == CheckStatus.FAIL or (
            check.status == CheckStatus.UNSURE and len(check.fields) == 2
        ):
            vote = -1
        else:
            continue
        for leaf in check.fields:
            out[leaf] = min(out.get(leaf, 1), vote)
    return out


def weigh_agreement(
    fields: dict[str, FieldEntry],
    checks: list[CheckResult],
    catalogue: dict[str, dict[str, FieldSpec]],
    threshold: float | None,
) -> None:
    """Confidence again for leaves another source spoke about: agreement is evidence."""
    for leaf, agreement in agreements(checks).items():
        entry = fields.get(leaf)
        if entry is None or entry.evidence is None:
            continue
        kind = leaf_type(leaf, catalogue)[0]
        method = entry.method or "as_read"
        x = calibration.features(entry.evidence, method, kind, agreement, entry.value, leaf)
        # the reading's own confidence stays for the checks: a recheck after a review must
        # judge a disagreement as the pipeline did, before agreement moved the figure
        entry.evidence.setdefault(calibration.READING_CONFIDENCE, entry.confidence)
        entry.confidence = calibration.probability(x)
        repaired_alone = method == "repaired" and agreement <= 0
        entry.status = (
            Status.NEEDS_REVIEW
            if repaired_alone
            else status_of(entry.valid is not False, entry.confidence, threshold, kind)
        )
