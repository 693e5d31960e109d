"""Confidence as a calibrated probability that a leaf's value is right.

A logistic model over what we know of how a value was obtained: label match, OCR
confidence, structure certainty, how the normalizer got the value (as read, repaired,
invalid, empty), whether it is a tick box or an identifier, and whether the city's
summary table agrees. Fitted on the project's generated samples against their ground
truth (``jingpin calibrate``); the coefficients and the review threshold that keeps
auto-accepted precision at its target ship in ``data/calibration.json``.
"""

from __future__ import annotations

import json
import math
import re
from functools import cache
from pathlib import Path

from core.config import DATA_DIR, load_settings

PATH = DATA_DIR / "calibration.json"
FEATURES = (
    "label",
    "ocr",
    "structure",
    "repaired",
    "invalid",
    "empty",
    "tick",
    "identifier",
    "agree",
    "disagree",
    # Evidence that a value is out of pattern, whatever the reading's own scores say:
    "guidance",  # the form's guidance text was taken out of it
    "fallback",  # found by a fallback relation (the next line, the cell right of a line)
    "continued",  # spans a row that a page break split
    "label_inside",  # holds another field's label or a printed prompt
    "odd_shape",  # a text that starts with a bracket, stray punctuation or holds a tick box
    # What the Word path gets wrong with every reading score high (bench.calibration):
    "list_item",  # an attribute of a list's item: split from a list, not read from a box
    "joined",  # one item or identifier that holds a list separator: two read as one
    "list_joined",  # another item of its list is joined: the list was split wrong
    "list_ragged",  # its list's items have one attribute more often than another: cut wrong
    "numbered",  # an item's identifier that starts with the item's own number (1., 2., …)
    "ocr_doubt",  # how far the OCR score is from sure, on a log scale (0 sure, 1 at 0.9)
    "length",  # a text's length in hundreds of characters: each one more is one more to misread
    "under_seal",  # OCR read it through a seal's ink
)
TICK_TYPES = ("yesno", "choice", "choices")
FAMILIES = ("tick", "identifier", "number", "text")  # value kinds a threshold may be set for
IDENTIFIER_TYPES = ("uscc", "patent", "standard", "cert")
TARGET_PRECISION = 0.995
# No value the model gives more than a 2% chance of being wrong is auto-accepted, however many
# sure ones around it keep the overall precision at the target: on documents unlike the ones
# fitted on, the sure ones are fewer and those chances come true (issue 15).
LEAST_CONFIDENCE = 0.98
ODD_TEXT = re.compile(r"^[(（·•:：;；,，、)）]|[☐☑◌]")
SEPARATOR = re.compile(r"[,，;；、:：]")
LIST_ITEM = re.compile(r"^(.*?)\[(\d+)\]\.")

# The evidence key of a leaf's confidence before agreement with another source re-weighed it.
READING_CONFIDENCE = "reading_confidence"


def features(
    evidence: dict,
    method: str,
    kind: str,
    agreement: int = 0,
    value: object = None,
    leaf: str = "",
) -> dict:
    """The model's inputs for one leaf, by name; ``agreement`` is +1/-1 when another source
    (the summary, the Word version) agrees/disagrees; ``leaf`` is the record's leaf path."""
    text = value if isinstance(value, str) else ""
    odd = kind == "text" and bool(ODD_TEXT.search(text))
    ocr = float(evidence.get("ocr", 0.0))
    return {
        "label": float(evidence.get("label", 0.0)),
        "ocr": ocr,
        "structure": float(evidence.get("structure", 0.0)),
        "repaired": float(method == "repaired"),
        "invalid": float(method in ("invalid", "nothing_read")),
        "empty": float(method == "empty"),
        "tick": float(kind in TICK_TYPES),
        "identifier": float(kind in IDENTIFIER_TYPES),
        "agree": float(agreement > 0),
        "disagree": float(agreement < 0),
        "guidance": float(bool(evidence.get("guidance"))),
        "fallback": float(bool(evidence.get("fallback"))),
        "continued": float(bool(evidence.get("continued"))),
        "label_inside": float(bool(evidence.get("label_inside"))),
        "odd_shape": float(odd),
        "list_item": float(bool(LIST_ITEM.match(leaf))),
        "joined": float(is_joined(leaf, value, kind)),
        "list_joined": float(bool(evidence.get("list_joined"))),
        "list_ragged": float(bool(evidence.get("list_ragged"))),
        "numbered": float(is_numbered(leaf, value, kind)),
        "ocr_doubt": ocr_doubt(ocr),
        "length": text_length(text) if kind == "text" else 0.0,
        "under_seal": float(bool(evidence.get("under_seal"))),
        "family": family(kind),  # not an input: which review threshold applies
    }


def is_joined(leaf: str, value: object, kind: str) -> bool:
    """A list item's text, or an identifier, that holds a list separator: two items read as
    one (``国家企业技术中心；省级工程研究中心``, ``PJ4242666,PJ5721273``)."""
    one = kind in IDENTIFIER_TYPES or (kind == "text" and bool(LIST_ITEM.match(leaf)))
    return one and isinstance(value, str) and bool(SEPARATOR.search(value))


def is_numbered(leaf: str, value: object, kind: str) -> bool:
    """An item's identifier that starts with the item's own number: the list's numbering
    (``1.``, ``2、``) read into the value (``187722E95975R0S`` for item 1, ``87722E95975R0S``)."""
    m = LIST_ITEM.match(leaf)
    return (
        m is not None
        and kind in IDENTIFIER_TYPES
        and isinstance(value, str)
        and value.startswith(str(int(m.group(2)) + 1))
    )


def joined_lists(items: list[tuple[str, object, str]]) -> set[str]:
    """The lists (leaf prefixes before ``[i].``) of which an item is joined, from a document's
    (leaf, value, kind): when one item holds two, the items around it are cut wrong too."""
    return {list_of(leaf) for leaf, value, kind in items if is_joined(leaf, value, kind)} - {None}


def ragged_lists(items: list[tuple[str, object, str]]) -> set[str]:
    """The lists of a document's (leaf, value, kind) whose attributes were read for different
    numbers of items (4 names, 2 numbers): a name cut in two, or a number lost. An attribute
    no item has (the applicant wrote no numbers at all) is a habit, not a miscut."""
    filled: dict[str, dict[str, int]] = {}
    for leaf, value, _ in items:
        m = LIST_ITEM.match(leaf)
        if m and value not in (None, ""):
            attrs = filled.setdefault(m.group(1), {})
            attr = leaf[m.end() :]
            attrs[attr] = attrs.get(attr, 0) + 1
    return {name for name, counts in filled.items() if len(set(counts.values())) > 1}


def list_of(leaf: str) -> str | None:
    """The list a leaf is an item attribute of (its path before ``[i].``), else None."""
    m = LIST_ITEM.match(leaf)
    return m.group(1) if m else None


def ocr_doubt(ocr: float) -> float:
    """How far an OCR score is from sure on a log scale: 0 at 0.999 and above, 0.5 at 0.99,
    1 at 0.9, 1.5 at 0; a raw score near 1 barely moves the logit, so 0.95 looked like 0.99."""
    return round(max(0.0, 3 + math.log10(max(1 - ocr, 1e-3))) / 2, 4)


def text_length(text: str) -> float:
    """A text's length in hundreds of characters, capped at 3: a long paragraph is read
    right less often than a name, though every one of its characters scored as well."""
    return round(min(len(text), 300) / 100, 2)


def vector(x: dict[str, float], names: list[str] | tuple[str, ...]) -> list[float]:
    """The inputs in a model's own order (a model fitted before a feature existed ignores it)."""
    return [x.get(name, 0.0) for name in names]


def learned_dir(home: Path) -> Path:
    """Where models refitted from reviews are kept, one file a version (runtime state)."""
    return home / "models"


def active_path() -> Path:
    """The model in use: the newest one learned from this home's reviews, else the shipped one."""
    pointer = learned_dir(load_settings().home) / "active"
    if pointer.exists():
        learned = pointer.parent / pointer.read_text(encoding="utf-8").strip()
        if learned.exists():
            return learned
    return PATH


def model(path: Path | None = None) -> dict | None:
    return _load(path or active_path())


@cache
def _load(path: Path) -> dict | None:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def model_version() -> str:
    """Names the model in use, for the records' fingerprint: a refit rebuilds the records."""
    path = active_path()
    return "shipped" if path == PATH else path.name


def probability(x: dict[str, float], fitted: dict | None = None) -> float:
    """P(value right); without a fitted model, the product of the evidence as before."""
    fitted = fitted if fitted is not None else model()
    if fitted is None:
        penalty = 0.3 if x["invalid"] else 0.85 if x["repaired"] else 1.0
        return round(x["label"] * x["ocr"] * x["structure"] * penalty, 4)
    values = vector(with_base(x, fitted.get("base")), fitted["features"])
    z = fitted["intercept"] + sum(w * v for w, v in zip(fitted["coef"], values, strict=True))
    z += (fitted.get("family_intercepts") or {}).get(x.get("family", ""), 0.0)
    return round(1 / (1 + math.exp(-z)), 4)


def with_base(x: dict, base: dict | None) -> dict:
    """The inputs plus a base model's log-odds: a refit from reviews starts from the model it
    replaces and learns only what the reviews say differently."""
    if base is None:
        return x
    p = min(max(probability(x, base), 1e-4), 1 - 1e-4)
    return {**x, "base_logit": math.log(p / (1 - p))}


def family(kind: str) -> str:
    """The kind of value a threshold is set for: tick boxes, identifiers, numbers, text."""
    if kind in TICK_TYPES or kind == "seal":
        return "tick"
    if kind in IDENTIFIER_TYPES:
        return "identifier"
    return "text" if kind in ("text", "industry") else "number"


def default_threshold(kind: str | None = None) -> float:
    """The review threshold: the family's own where one threshold could not keep the target
    precision for it, else the model's."""
    fitted = model()
    if not fitted:
        return 0.9
    return threshold_of(fitted, family(kind) if kind else None)


def threshold_of(fitted: dict, family_name: str | None) -> float:
    """A fitted model's review threshold for a value family (its own, else the shared one)."""
    return (fitted.get("thresholds") or {}).get(family_name or "", fitted["threshold"])


def accepts(fitted: dict, x: dict) -> bool:
    """Whether ``fitted`` auto-accepts a leaf with inputs ``x`` (from ``features``)."""
    return probability(x, fitted) >= threshold_of(fitted, x["family"])


def fit(
    rows: list[dict],
    right: list[bool],
    target: float = TARGET_PRECISION,
    weights: list[float] | None = None,
    base: dict | None = None,
) -> dict:
    """Logistic regression (scikit-learn), then the lowest threshold whose auto-accepted set
    keeps ``target`` precision on the samples. With ``base``, its log-odds are an input."""
    from sklearn.linear_model import LogisticRegression

    names = (["base_logit"] if base else []) + list(FEATURES)
    clf = LogisticRegression(C=1.0, max_iter=2000)
    clf.fit([vector(with_base(x, base), names) for x in rows], right, sample_weight=weights)
    fitted = {
        **({"base": base} if base else {}),
        "features": names,
        "coef": [round(float(c), 6) for c in clf.coef_[0]],
        "intercept": round(float(clf.intercept_[0]), 6),
    }
    probs = [probability(x, fitted) for x in rows]
    fitted["threshold"] = choose_threshold(probs, right, target)
    fitted["thresholds"] = family_thresholds(rows, probs, right, fitted["threshold"], target)
    return fitted


def family_thresholds(
    rows: list[dict[str, float]],
    probs: list[float],
    right: list[bool],
    shared: float,
    target: float,
) -> dict[str, float]:
    """A threshold of its own for each family whose auto-accepted precision at the shared one
    falls short of the target (identifiers and tick boxes are right more often than text)."""
    out = {}
    for name in FAMILIES:
        member = [i for i, x in enumerate(rows) if x.get("family", "text") == name]
        accepted = [right[i] for i in member if probs[i] >= shared]
        if accepted and sum(accepted) / len(accepted) < target:
            out[name] = choose_threshold(
                [probs[i] for i in member], [right[i] for i in member], target
            )
    return out


def choose_threshold(probs: list[float], right: list[bool], target: float) -> float:
    """The lowest confidence at which everything at or above it is right often enough, and
    never below ``LEAST_CONFIDENCE``."""
    ranked = sorted(zip(probs, right, strict=True), key=lambda pr: -pr[0])
    best, hits = 1.0, 0
    for n, (p, ok) in enumerate(ranked, start=1):
        hits += ok
        if hits / n >= target and (n == len(ranked) or ranked[n][0] < p):
            best = p
    return max(best, LEAST_CONFIDENCE)


CORRECTION_STRENGTH = 4.0  # the L2 penalty that keeps a correction small where reviews are few
# What a correction may shift by: the flags and the OCR doubt, each family's intercept. Not the
# label, OCR and structure scores: near 1 on nearly every leaf, offsets on them would move all.
CORRECTED = tuple(f for f in FEATURES if f not in ("label", "ocr", "structure"))


def fit_correction(
    rows: list[dict],
    right: list[bool],
    base: dict,
    weights: list[float] | None = None,
    target: float = TARGET_PRECISION,
    strength: float = CORRECTION_STRENGTH,
) -> dict:
    """A small correction on top of ``base``: its log-odds, plus one offset per value family
    and per flag (``CORRECTED``), fitted to ``rows`` (reviewed leaves) under an L2 penalty of
    ``strength``, so offsets stay near zero where the reviews say little. A leaf like none
    reviewed keeps the base's confidence; the base's review thresholds are kept, and a
    family's is raised only where the correction auto-accepts ``rows`` less precisely than
    the base did (or than ``target``).
    """
    import numpy as np

    names = ["base_logit", *CORRECTED]
    offset = np.array([with_base(x, base)["base_logit"] for x in rows])
    inputs = np.array(
        [vector(x, CORRECTED) + [float(x.get("family") == f) for f in FAMILIES] for x in rows]
    ).reshape(len(rows), len(CORRECTED) + len(FAMILIES))
    y = np.array(right, dtype=float)
    w = np.ones(len(rows)) if weights is None else np.array(weights, dtype=float)
    theta = np.zeros(inputs.shape[1])
    for _ in range(50):  # Newton's method on the penalised log-loss (convex: converges fast)
        p = 1 / (1 + np.exp(-(offset + inputs @ theta)))
        grad = inputs.T @ (w * (p - y)) + strength * theta
        hess = (inputs * (w * p * (1 - p))[:, None]).T @ inputs + strength * np.eye(len(theta))
        step = np.linalg.solve(hess, grad)
        theta -= step
        if np.abs(step).max() < 1e-8:
            break
    coef, fam = theta[: len(CORRECTED)], theta[len(CORRECTED) :]
    fitted = {
        "base": base,
        "features": names,
        "coef": [1.0] + [round(float(c), 6) for c in coef],
        "intercept": 0.0,
        "family_intercepts": {f: round(float(c), 6) for f, c in zip(FAMILIES, fam, strict=True)},
        "threshold": base["threshold"],
    }
    probs = [probability(x, fitted) for x in rows]
    before = [probability(x, base) for x in rows]
    thresholds = {}
    for name in FAMILIES:
        member = [i for i, x in enumerate(rows) if x.get("family", "text") == name]
        kept = threshold_of(base, name)
        was = precision([right[i] for i in member if before[i] >= kept])
        now = precision([right[i] for i in member if probs[i] >= kept])
        if now < min(was, target):  # the correction lets in more wrong values than the base
            chosen = choose_threshold(
                [probs[i] for i in member], [right[i] for i in member], min(was, target)
            )
            kept = max(kept, chosen)
        if kept != base["threshold"]:
            thresholds[name] = kept
    fitted["thresholds"] = thresholds
    return fitted


def precision(accepted: list[bool]) -> float:
    return sum(accepted) / len(accepted) if accepted else 1.0
