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
from functools import cache
from pathlib import Path

from jingpin.config import DATA_DIR

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
)
TICK_TYPES = ("yesno", "choice", "choices")
IDENTIFIER_TYPES = ("uscc", "patent", "standard", "cert")
TARGET_PRECISION = 0.995


def features(evidence: dict, method: str, kind: str, agreement: int = 0) -> list[float]:
    """The model's inputs for one leaf; ``agreement`` is +1/-1 when the summary agrees/disagrees."""
    return [
        float(evidence.get("label", 0.0)),
        float(evidence.get("ocr", 0.0)),
        float(evidence.get("structure", 0.0)),
        float(method == "repaired"),
        float(method in ("invalid", "nothing_read")),
        float(method == "empty"),
        float(kind in TICK_TYPES),
        float(kind in IDENTIFIER_TYPES),
        float(agreement > 0),
        float(agreement < 0),
    ]


@cache
def model(path: Path = PATH) -> dict | None:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def probability(x: list[float], fitted: dict | None = None) -> float:
    """P(value right); without a fitted model, the product of the evidence as before."""
    fitted = fitted if fitted is not None else model()
    if fitted is None:
        return round(x[0] * x[1] * x[2] * (0.3 if x[4] else 0.85 if x[3] else 1.0), 4)
    z = fitted["intercept"] + sum(w * v for w, v in zip(fitted["coef"], x, strict=True))
    return round(1 / (1 + math.exp(-z)), 4)


def default_threshold() -> float:
    fitted = model()
    return fitted["threshold"] if fitted else 0.9


def fit(rows: list[list[float]], right: list[bool], target: float = TARGET_PRECISION) -> dict:
    """Logistic regression (scikit-learn), then the lowest threshold whose auto-accepted set
    keeps ``target`` precision on the samples."""
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=1.0, max_iter=2000)
    clf.fit(rows, right)
    fitted = {
        "features": list(FEATURES),
        "coef": [round(float(c), 6) for c in clf.coef_[0]],
        "intercept": round(float(clf.intercept_[0]), 6),
    }
    probs = [probability(x, fitted) for x in rows]
    fitted["threshold"] = choose_threshold(probs, right, target)
    return fitted


def choose_threshold(probs: list[float], right: list[bool], target: float) -> float:
    """The lowest confidence at which everything at or above it is right often enough."""
    ranked = sorted(zip(probs, right, strict=True), key=lambda pr: -pr[0])
    best, hits = 1.0, 0
    for n, (p, ok) in enumerate(ranked, start=1):
        hits += ok
        if hits / n >= target and (n == len(ranked) or ranked[n][0] < p):
            best = p
    return best
