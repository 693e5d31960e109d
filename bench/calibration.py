"""Is confidence a probability? Reliability, auto-accepted precision, review rate, planted errors.

    .venv/bin/python -m bench.calibration [--cities 4 --per-city 3 --seed 11] [--home DIR]
    .venv/bin/python -m bench.calibration --scored word RECORDS.jsonl TRUTH_DIR [--scored …]

The first form builds (or reuses, under ``--home``) a fixture inbox, reads it and measures.
The second scores records already exported (``jingpin export --format jsonl``) against a
truth folder, one table per named run: the demo or Word path's truth (``truth/``), or
``../shared/samples/truth``, scored by the samples' own ``score.py``. Measure on runs the
model was not fitted on (``data/calibration.json`` says what it was fitted on).

On a fixture truth both forms also count the planted discrepancies (``planted`` in the truth)
whose rule failed, and the false alarms: submissions with nothing planted that still have a
failed check, with the rules that failed (and, apart, the failed rules of planted submissions
that no plant names).

Each run prints its reliability table (confidence bins against observed accuracy: a bin of
at least ``--min-bin`` fields should be within 2 points), then auto-accepted precision and
review rate per value family (the families that have a threshold of their own).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bench.common import arguments, run_demo
from core.record import Status
from extractors.template import leaf_type, load_catalogue
from jingpin.demo.score import load_truth, score
from pipeline import calibration

BINS = (0.0, 0.5, 0.8, 0.9, 0.95, 0.97, 0.98, 0.99, 0.995, 1.0001)
TOLERANCE = 0.02  # the "within 2 points" for a bin of at least MIN_BIN fields
MIN_BIN = 50


@dataclass(frozen=True)
class Scored:
    """One field of a record against its truth."""

    submission: str
    leaf: str
    family: str
    confidence: float
    status: str
    correct: bool
    value: object = None
    truth: object = None


def family_of(leaf: str) -> str:
    try:
        return calibration.family(leaf_type(leaf, load_catalogue())[0])
    except (KeyError, ValueError):
        return "text"


def scored_fixture(records: list[dict], truths: dict[str, dict]) -> list[Scored]:
    """Found leaves of the fixtures' truth (a missing leaf has no confidence to judge)."""
    by_id = {r["submission_id"]: r for r in records}
    out = []
    for r in score(records, truths).results:
        entry = by_id.get(r.submission, {}).get("fields", {}).get(r.leaf)
        if entry and entry["status"] != Status.MISSING:
            out.append(
                Scored(
                    r.submission,
                    r.leaf,
                    family_of(r.leaf),
                    float(entry["confidence"]),
                    entry["status"],
                    r.correct,
                    r.value,
                    r.truth,
                )
            )
    return out


def samples_scorer(truth_dir: Path):
    """The samples' own scorer (``score.py`` beside their truth folder), as a module."""
    folder = truth_dir.resolve().parent
    sys.path.insert(0, str(folder))
    spec = importlib.util.spec_from_file_location("samples_score", folder / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def scored_samples(records_path: Path, truth_dir: Path) -> list[Scored]:
    """Every field a record gives a confidence for, judged as the samples' scorer judges it
    (its calibration bins): against the truth leaf, or right when empty where the truth has
    no such leaf."""
    scorer = samples_scorer(truth_dir)
    spec = scorer.load_spec(scorer.DEFAULT_SPEC)
    truth = scorer.load_truth(truth_dir)
    records, _ = scorer.load_records(records_path)
    mapping, _ = scorer.match_submissions(truth, records)
    out = []
    for sid, tdoc in truth.items():
        rec = records.get(mapping.get(sid)) if sid in mapping else None
        if rec is None:
            continue
        tfields = {scorer.canonical_leaf(k): v for k, v in tdoc["fields"].items()}
        rfields = scorer.record_fields(rec)
        if not any(k.startswith("ev_") for k in tfields):
            rfields = {k: v for k, v in rfields.items() if not k.startswith("ev_")}
        else:
            rfields = scorer.align_evidence(tfields, rfields, spec)
        for leaf, got in rfields.items():
            if got["confidence"] is None:
                continue
            if leaf in tfields:
                kind = scorer.leaf_type(leaf, spec) or "text"
                correct = scorer.values_equal(tfields[leaf], got["value"], kind)
            else:
                correct = got["value"] in (None, "")
            out.append(
                Scored(
                    sid,
                    leaf,
                    calibration.family(scorer.leaf_type(leaf, spec) or "text"),
                    got["confidence"],
                    got["status"],
                    bool(correct),
                    got["value"],
                    tfields.get(leaf),
                )
            )
    return out


def is_samples_truth(truth_dir: Path) -> bool:
    """The samples' truth (scored by their own ``score.py``), not a fixture's."""
    return (truth_dir.resolve().parent / "score.py").exists()


def load_records(records_path: Path) -> list[dict]:
    return [
        json.loads(line)
        for line in records_path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def scored_run(records_path: Path, truth_dir: Path) -> list[Scored]:
    """Score an exported records file against a truth folder of either kind."""
    if is_samples_truth(truth_dir):
        return scored_samples(records_path, truth_dir)
    return scored_fixture(load_records(records_path), load_truth(truth_dir))


def reliability(scored: list[Scored]) -> list[tuple[str, int, float, float]]:
    """(bin, fields, mean confidence, observed accuracy) for each bin that holds a field."""
    rows = []
    for lo, hi in zip(BINS, BINS[1:], strict=False):
        inside = [s for s in scored if lo <= s.confidence < hi]
        if inside:
            rows.append(
                (
                    f"[{lo:.3f}, {min(hi, 1):.3f}{']' if hi > 1 else ')'}",
                    len(inside),
                    sum(s.confidence for s in inside) / len(inside),
                    sum(s.correct for s in inside) / len(inside),
                )
            )
    return rows


def honest(rows: list[tuple[str, int, float, float]], min_bin: int = MIN_BIN) -> bool:
    """The issue's test: every bin of at least ``min_bin`` fields within 2 points."""
    return all(abs(acc - mean) <= TOLERANCE for _, n, mean, acc in rows if n >= min_bin)


def routing(scored: list[Scored]) -> dict[str, tuple[int, float, float, int]]:
    """Per family and over all: (fields, review rate, auto-accepted precision, wrong auto)."""
    out = {}
    for name in (*calibration.FAMILIES, "all"):
        member = [s for s in scored if name in ("all", s.family)]
        if not member:
            continue
        auto = [s.correct for s in member if s.status == Status.AUTO_ACCEPTED]
        out[name] = (
            len(member),
            1 - len(auto) / len(member),
            sum(auto) / len(auto) if auto else 1.0,
            auto.count(False),
        )
    return out


def print_scored(console: Console, name: str, scored: list[Scored], min_bin: int) -> None:
    rows = reliability(scored)
    t = Table(title=f"{name}: reliability (confidence bins vs observed accuracy)")
    for col in ("confidence", "fields", "mean confidence", "observed accuracy", "gap"):
        t.add_column(col, justify="right")
    for label, n, mean, acc in rows:
        gap = acc - mean
        flag = " !" if n >= min_bin and abs(gap) > TOLERANCE else ""
        t.add_row(label, str(n), f"{mean:.4f}", f"{acc:.4f}", f"{gap:+.4f}{flag}")
    console.print(t)
    verdict = "yes" if honest(rows, min_bin) else "NO"
    console.print(f"every bin of ≥ {min_bin} fields within 2 points: {verdict}")
    t = Table(title=f"{name}: routing per value family")
    for col in ("family", "fields", "review rate", "auto-accepted precision", "wrong auto"):
        t.add_column(col, justify="right")
    for fam, (n, review, precision, wrong) in routing(scored).items():
        t.add_row(fam, str(n), f"{review:.1%}", f"{precision:.4f}", str(wrong))
    console.print(t)


def print_model(console: Console) -> None:
    fitted = calibration.model()
    if not fitted:
        console.print("no fitted model: confidence is the uncalibrated product of the evidence")
        return
    on = fitted.get("fitted_on", {})
    console.print(
        f"model: {calibration.model_version()} fitted on seeds {on.get('seeds', [on.get('seed')])} "
        f"of paths {on.get('paths', ['demo'])}; threshold {fitted['threshold']:.4f}"
        + "".join(f", {k} {v:.4f}" for k, v in (fitted.get("thresholds") or {}).items())
    )


def planted_recall(records: list[dict], truths: dict[str, dict]) -> tuple[int, int, list[str]]:
    """(caught, planted, missed): a plant is caught when its rule failed; a missed one says
    what its rule said instead (unsure, pass, not_applicable, or not run / no record)."""
    by_id = {r["submission_id"]: r for r in records}
    caught, missed = 0, []
    total = 0
    for sid, truth in truths.items():
        checks = by_id[sid]["checks"] if sid in by_id else None
        said = {c["rule"]: c["status"] for c in checks or []}
        for plant in truth.get("planted", []):
            total += 1
            if said.get(plant["rule"]) == "fail":
                caught += 1
            else:
                why = "no record" if checks is None else said.get(plant["rule"], "not run")
                missed.append(f"{sid}: {plant['rule']} ({why})")
    return caught, total, missed


def false_alarms(
    records: list[dict], truths: dict[str, dict]
) -> tuple[int, dict[str, list[str]], dict[str, list[str]]]:
    """(clean submissions, {clean submission: failed rules}, {planted submission: failed rules
    no plant names}): a rule failing where nothing was planted for it is a false alarm (a rule
    that cannot decide says unsure). Submissions without a record are left out."""
    clean, flagged, beside = 0, {}, {}
    for r in records:
        truth = truths.get(r["submission_id"])
        if truth is None:
            continue
        planted = {p["rule"] for p in truth.get("planted", [])}
        clean += not planted
        failed = sorted({c["rule"] for c in r["checks"] if c["status"] == "fail"} - planted)
        if failed:
            (beside if planted else flagged)[r["submission_id"]] = failed
    return clean, flagged, beside


def print_checks(console: Console, records: list[dict], truths: dict[str, dict]) -> None:
    """Planted recall and the false alarms of a fixture run."""
    caught, total, missed = planted_recall(records, truths)
    console.print(f"planted inconsistencies caught: {caught}/{total}")
    if missed:
        console.print("missed: " + "; ".join(missed), markup=False)
    clean, flagged, beside = false_alarms(records, truths)
    console.print(f"clean submissions with a failed check: {len(flagged)}/{clean}")
    for sid, rules in flagged.items():
        console.print(f"  {sid}: {', '.join(rules)}", markup=False)
    others = sum(map(len, beside.values()))
    console.print(f"failed checks no plant explains, on planted submissions: {others}")
    for sid, rules in beside.items():
        console.print(f"  {sid}: {', '.join(rules)}", markup=False)


def main() -> None:
    parser = arguments(__doc__)
    parser.add_argument(
        "--scored",
        nargs=3,
        action="append",
        metavar=("NAME", "RECORDS", "TRUTH"),
        help="score an exported records file (JSON Lines) against a truth folder; repeatable",
    )
    parser.add_argument("--min-bin", type=int, default=MIN_BIN, help="bins this full are judged")
    parser.add_argument("--wrong", type=int, default=10, help="auto-accepted errors to list")
    args = parser.parse_args()
    console = Console()
    print_model(console)
    if args.scored:
        for name, records, truth in args.scored:
            scored = scored_run(Path(records), Path(truth))
            print_scored(console, name, scored, args.min_bin)
            if not is_samples_truth(Path(truth)):
                print_checks(console, load_records(Path(records)), load_truth(Path(truth)))
            print_wrong(console, scored, args.wrong)
        return
    run = run_demo(args)
    truths = load_truth(run.demo.truth)
    console.print(f"this run: {args.path} seed {args.seed}")
    scored = scored_fixture(run.records, truths)
    print_scored(console, f"{args.path} seed {args.seed}", scored, args.min_bin)
    print_checks(console, run.records, truths)
    print_wrong(console, scored, args.wrong)


def print_wrong(console: Console, scored: list[Scored], limit: int) -> None:
    wrong = [s for s in scored if s.status == Status.AUTO_ACCEPTED and not s.correct]
    for s in sorted(wrong, key=lambda s: -s.confidence)[:limit]:
        console.print(
            f"auto-accepted but wrong ({s.confidence:.4f}): {s.submission} {s.leaf}: "
            f"{s.value!r} (truth {s.truth!r})",
            markup=False,
        )


if __name__ == "__main__":
    main()
