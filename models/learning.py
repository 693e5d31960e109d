"""Learning from reviews: every confirmation and correction in the store is a labelled sample.

``jingpin calibrate --from-reviews`` refits the confidence model on the fixtures' rows (the
prior, shipped with the model) plus the reviewed leaves, weighing each review more; it
measures the old and the new model on reviews held back from fitting (one submission in
five), writes the new model as the next version under ``$JINGPIN_HOME/models`` and makes it
the active one. ``--rollback`` makes the previous version active again. The shipped model in
``data/`` is never changed by reviews.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, select

from core.record import REVIEWED, CheckResult, Status
from extractors.template import leaf_type, load_catalogue
from models.tables import Correction, FieldValue, Submission
from pipeline import calibration
from pipeline.assemble import agreements

REVIEW_WEIGHT = 5.0  # a person's verdict on a real document counts for more than a fixture's
HOLD_BACK = 5  # one submission in this many is kept out of fitting, to measure on
MIN_HELD_BACK = 50  # held-back reviewed leaves needed before a refit activates itself
ROWS = calibration.DATA_DIR / "calibration_rows.json.gz"


@dataclass(frozen=True)
class Sample:
    submission: str
    x: dict
    right: bool
    reviewed: bool = True  # a person looked; else auto-accepted, presumed right


def decided_by_confidence(x: dict) -> bool:
    """Whether the model's confidence routes a leaf: an invalid or repaired value goes to
    review whatever it says, so what a refit learns from those it could never use."""
    return not (x["invalid"] or x["repaired"])


def review_samples(session: Session) -> list[Sample]:
    """One sample per reviewed leaf: its evidence as first read, and whether a person kept it;
    and, of a submission reviewed to the end, each auto-accepted leaf as right (what was
    reviewed alone is only the doubtful part: fitted on it, a model would doubt everything)."""
    out = []
    unfinished = select(FieldValue.submission_id).where(
        FieldValue.status == Status.NEEDS_REVIEW.value
    )
    reviewed = select(FieldValue.submission_id).where(FieldValue.status.in_(REVIEWED))
    finished = Submission.id.in_(reviewed) & Submission.id.not_in(unfinished)
    query = select(FieldValue, Submission).where(
        FieldValue.submission_id == Submission.id,
        FieldValue.status.in_(REVIEWED)
        | ((FieldValue.status == Status.AUTO_ACCEPTED.value) & finished),
    )
    first_read: dict[int, str | None] = {}  # field -> what was read before any correction
    for c in session.exec(select(Correction).order_by(Correction.id.desc())):
        first_read[c.field_id] = c.old_value
    agreed_in: dict[int, dict[str, int]] = {}  # submission -> its leaves' agreement
    for fv, sub in session.exec(query):
        record = sub.record or {}
        entry = record.get("fields", {}).get(fv.leaf)
        if not entry or "evidence" not in entry:
            continue
        read = first_read[fv.id] if fv.id in first_read else entry.get("value")
        kind = leaf_type(fv.leaf, load_catalogue())[0]
        if sub.id not in agreed_in:
            agreed_in[sub.id] = agreements(
                [CheckResult.from_json(c) for c in record.get("checks", [])]
            )
        agreed = agreed_in[sub.id].get(fv.leaf, 0)
        x = calibration.features(
            entry["evidence"], entry.get("method", "as_read"), kind, agreed, read, fv.leaf
        )
        out.append(Sample(sub.key, x, fv.value == read, fv.status in REVIEWED))
    return out


def held_back(sample: Sample) -> bool:
    return int(hashlib.sha256(sample.submission.encode()).hexdigest(), 16) % HOLD_BACK == 0


def routing(fitted: dict, samples: list[Sample]) -> dict[str, float]:
    """Auto-accepted precision and review rate of a model on some reviewed leaves."""
    auto = [s.right for s in samples if calibration.accepts(fitted, s.x)]
    return {
        "leaves": len(samples),
        "auto_precision": round(sum(auto) / len(auto), 4) if auto else 1.0,
        "review_rate": round(1 - len(auto) / len(samples), 4) if samples else 0.0,
    }


def save_prior(rows: list[dict], right: list[bool]) -> None:
    """The fixtures' rows the shipped model was fitted on: the prior of every refit."""
    names = list(calibration.FEATURES)
    data = {
        "features": names,
        "rows": [calibration.vector(x, names) for x in rows],
        "family": [x["family"] for x in rows],
        "right": right,
    }
    with gzip.open(ROWS, "wt", encoding="utf-8") as f:
        json.dump(data, f, separators=(",", ":"))


def load_prior() -> tuple[list[dict], list[bool]]:
    if not ROWS.exists():
        return [], []
    with gzip.open(ROWS, "rt", encoding="utf-8") as f:
        data = json.load(f)
    rows = [
        {**dict(zip(data["features"], values, strict=True)), "family": fam}
        for values, fam in zip(data["rows"], data["family"], strict=True)
    ]
    return rows, data["right"]


def versions(home: Path) -> list[Path]:
    return sorted(calibration.learned_dir(home).glob("calibration-*.json"))


def activate(home: Path, path: Path | None) -> None:
    pointer = calibration.learned_dir(home) / "active"
    if path is None:
        pointer.unlink(missing_ok=True)
    else:
        pointer.write_text(path.name, encoding="utf-8")


def refit_from_reviews(session: Session, home: Path, minimum: int = 20) -> dict:
    """Fit prior + reviews, compare old and new on held-back reviews, write and activate."""
    samples = review_samples(session)
    train = [s for s in samples if not held_back(s)]
    test = [s for s in samples if held_back(s)]
    if len(train) < minimum:
        raise ValueError(f"{len(train)} reviewed leaves to learn from; at least {minimum} needed")
    before = calibration.model()
    fitted = learn(train, before)
    old, new = (routing(before, test) if before else None), routing(fitted, test)
    fitted["fitted_on"] = {
        "prior_leaves": len(load_prior()[0]),
        "reviewed_leaves": len(train),
        "held_back_leaves": len(test),
        "before": old,
        "after": new,
        "previous": calibration.model_version(),
        "activated": no_worse(old, new),
    }
    folder = calibration.learned_dir(home)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"calibration-{len(versions(home)) + 1:04d}.json"
    path.write_text(json.dumps(fitted, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if fitted["fitted_on"]["activated"]:
        activate(home, path)
    return fitted


def learn(train: list[Sample], before: dict | None) -> dict:
    """The model that ``train`` teaches ``before``: a small correction to its log-odds, fitted
    on what people verified (reviewed leaves) whose routing the confidence decides, and shrunk
    to none where they say nothing (issue 15). Not fitted on: auto-accepted leaves, right by
    presumption only (counted right, they lifted every borderline leaf that looked like them);
    the fixtures' rows, which ``before`` already holds (refitted on, their quarrel with it
    re-chose every threshold and doubled the next batch's reviews). Without a model, a full
    fit on the fixtures' rows and the reviews."""
    if before is None:
        rows, right = load_prior()
        weights = [1.0] * len(rows) + [REVIEW_WEIGHT] * len(train)
        return calibration.fit(
            rows + [s.x for s in train], right + [s.right for s in train], weights=weights
        )
    verified = [s for s in train if s.reviewed and decided_by_confidence(s.x)]
    base = {k: v for k, v in before.items() if k != "fitted_on"}
    return calibration.fit_correction(
        [s.x for s in verified], [s.right for s in verified], base, weights=None
    )


def no_worse(old: dict | None, new: dict) -> bool:
    """Activate a refit only when, on the reviews held back from it, it auto-accepts at least
    as precisely as the model it replaces (or the target) and sends no more to review."""
    if new["leaves"] < MIN_HELD_BACK:
        return False  # too little held back to know: a person activates it (learn.activate)
    if old is None:
        return True
    precise = new["auto_precision"] >= min(old["auto_precision"], calibration.TARGET_PRECISION)
    return precise and new["review_rate"] <= old["review_rate"] + 0.005


def new_reviews(session: Session) -> int:
    """Reviewed leaves the active model has not learned from."""
    learned = (calibration.model() or {}).get("fitted_on", {})
    seen = learned.get("reviewed_leaves", 0) + learned.get("held_back_leaves", 0)
    return len(review_samples(session)) - seen


def rollback(home: Path) -> str:
    """Make the version before the active one active (the shipped model after the first)."""
    active = calibration.active_path()
    known = versions(home)
    if active not in known:
        raise ValueError("no learned model is active: nothing to roll back")
    earlier = known[: known.index(active)]
    activate(home, earlier[-1] if earlier else None)
    active.rename(active.with_suffix(".rolled-back"))
    return earlier[-1].name if earlier else "shipped"
