"""Fit the confidence model on generated samples with ground truth (``jingpin calibrate``)."""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from pathlib import Path

from core.config import load_settings
from core.record import Record
from extractors.template import leaf_type, load_catalogue, load_template
from jingpin.demo import FORM
from jingpin.demo.inbox import build_inbox
from jingpin.demo.score import load_truth, same
from jingpin.demo.wordpath import build_word_inbox
from models.learning import save_prior
from pipeline import calibration
from pipeline.assemble import agreements
from pipeline.process import process_directly
from pipeline.read import run_options


def samples(records: list[dict], truths: dict[str, dict]) -> tuple[list[dict], list[bool]]:
    """One row per found leaf with a known truth: its features, and whether its value is right.
    A list item the truth does not have (a name cut in two, read as two items) is right only
    if it is empty."""
    rows, right = [], []
    catalogue = load_catalogue()
    for record in map(Record.from_json, records):
        truth, agreed = truths[record.submission_id]["leaves"], agreements(record.checks)
        for leaf, entry in record.fields.items():
            if entry.evidence is None or (leaf not in truth and calibration.list_of(leaf) is None):
                continue
            expected = truth.get(leaf)
            kind = leaf_type(leaf, catalogue)[0]
            rows.append(
                calibration.features(
                    entry.evidence,
                    entry.method or "as_read",
                    kind,
                    agreed.get(leaf, 0),
                    entry.value,
                    leaf,
                )
            )
            right.append(
                same(expected, entry.value) or (expected is None and entry.value in (None, ""))
            )
    return rows, right


BUILDERS = {"demo": build_inbox, "word": build_word_inbox}


def records_for(
    work: Path, seed: int, cities: int, per_city: int, path: str = "demo"
) -> tuple[list[dict], dict[str, dict]]:
    """Records of a generated inbox of one fixture path, read as the pipeline reads. An inbox
    already built under ``work`` (``<path>-<seed>/``, of whatever size) is read again, not
    rebuilt. (Reading once more without seal removal, to see more OCR errors, is no longer
    needed: the Word path's own errors teach the model what a doubtful value looks like.)"""
    folder = work / f"{path}-{seed}"
    if (folder / "truth").is_dir() and (folder / "inbox").is_dir():
        inbox, truth_dir = folder / "inbox", folder / "truth"
    else:
        demo = BUILDERS[path](folder, seed=seed, cities=cities, per_city=per_city)
        inbox, truth_dir = demo.inbox, demo.truth
    opts = run_options(load_settings(work / "home"))
    records = [
        r
        for _, _, r in process_directly(
            inbox, opts, work / "cache", work / "pages", load_template(FORM), None
        )
    ]
    truths = load_truth(truth_dir)
    return records, truths


def fixture(spec: str, cities: int, per_city: int) -> tuple[str, int, int, int]:
    """``PATH:SEED`` (built ``cities`` × ``per_city``) or ``PATH:SEED:CxP``, e.g. ``word:7:1x3``."""
    path, seed, *size = spec.split(":")
    if size:
        cities, per_city = (int(n) for n in size[0].lower().split("x"))
    return path, int(seed), cities, per_city


def inbox_size(truths: dict[str, dict]) -> str:
    """``CxP``: an inbox's cities by its most applicants in one city, from its truth's ids."""
    batches = Counter(sid.split("/")[0] for sid in truths)
    return f"{len(batches)}x{max(batches.values(), default=0)}"


def calibrate(
    out: Path,
    seeds: tuple[int, ...] = (101,),
    cities: int = 4,
    per_city: int = 3,
    work: Path | None = None,
    paths: tuple[str, ...] = ("demo", "word"),
    fixtures: tuple[tuple, ...] = (),
) -> dict:
    """Generate samples on each fixture path and seed (or the ``fixtures``: (path, seed) or
    (path, seed, cities, per_city), see ``fixture``), read them with the real stages, fit,
    write the model to ``out``. The Word path (typed forms with guidance left in, lists
    rewritten, …) teaches what the demo printer never does; measure on other seeds and on
    forms made outside the project (bench.calibration --scored, bench.samples). The model
    says what it was fitted on as ``path:seed:CxP`` (the size each inbox was built with).

    The records are read with the model in use, and whether another source's disagreement
    is decided or ``unsure`` depends on its threshold (``checks._shaky``): after a change of
    features, fit twice (the second fit on records the first model made) until it holds."""
    work = work or Path(tempfile.mkdtemp(prefix="jingpin-calibrate-"))
    rows, right, applicants, built = [], [], 0, []
    fixtures = fixtures or tuple((path, seed) for seed in seeds for path in paths)
    for path, seed, *size in fixtures:
        # each fixture against its own truth: the demo and Word paths of one seed share
        # their applicants' names, not all their values
        got, truth = records_for(work, seed, *(size or (cities, per_city)), path)
        x, ok = samples(got, truth)
        rows, right = rows + x, right + ok
        applicants += len(truth)
        built.append(f"{path}:{seed}:{inbox_size(truth)}")
    fitted = calibration.fit(rows, right)
    if out == calibration.PATH:
        save_prior(rows, right)  # what refits from reviews start from
    auto = [ok for x, ok in zip(rows, right, strict=True) if calibration.accepts(fitted, x)]
    fitted["fitted_on"] = {
        "seed": fixtures[0][1],
        "seeds": sorted({f[1] for f in fixtures}),
        "paths": sorted({f[0] for f in fixtures}),
        "fixtures": built,
        "applicants": applicants,
        "leaves": len(rows),
        "wrong": right.count(False),
        "target_precision": calibration.TARGET_PRECISION,
        "auto_precision": round(sum(auto) / max(len(auto), 1), 4),
        "review_rate": round(1 - len(auto) / max(len(rows), 1), 4),
    }
    out.write_text(json.dumps(fitted, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    calibration._load.cache_clear()
    return fitted
