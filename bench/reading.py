"""Reading: character error rate, identifiers, time per stage, and the bare engine's time.

    .venv/bin/python -m bench.reading [--cities 3 --per-city 2 --seed 7] [--home DIR]

Every scanned 申报表 of a demo inbox is read under four settings (full-size detector, one
page at a time with 2 ONNX threads; the same without seal removal; detector limited to 960 px;
960 px with two pages read side by side, one thread each) and compared with the text layer of the print
it was scanned from (kept in the demo's truth folder). CER compares the page's characters
with the print's as multisets (a substitution counts once): cells of a skewed scan can come
out in another order than the print's, and order is the template's business, not OCR's. Identifiers: the share of the applicant's credit code, patent, standard
and certificate numbers that appear exactly in the page text. The bare engine is rapidocr
alone on the same rasterized pages, at both detector sizes: our reading time divided by it
(same detector size) is what the pipeline adds around OCR.
"""

from __future__ import annotations

import resource
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

from bench.common import arguments, demo_inbox
from extractors import mentions
from extractors.blocks import page_blocks
from extractors.identifiers import cert_kind
from extractors.normalize import TYPE_OF_MENTION, normalize_mention
from extractors.template import load_template
from jingpin.demo.score import load_truth
from pipeline import rasterize
from pipeline.assemble import record_leaf_type
from pipeline.ingest import sha256_of
from pipeline.read import ReadOptions, read_document

SETTINGS = {"full detector": ReadOptions(threads=2),
            "no seal removal": ReadOptions(threads=2, remove_seals=False),
            "detector 960": ReadOptions(threads=2, det_limit=960),
            "detector 960, 2 pages at once": ReadOptions(threads=1, det_limit=960, page_workers=2)}
IDENTIFIERS = ("uscc", "patent", "standard", "cert")


def page_text(page) -> str:
    return "".join(b.text for b in page_blocks(page)).replace(" ", "")


def char_errors(read: str, truth: str) -> int:
    """Characters wrong, missing or extra, regardless of order."""
    a, b = Counter(read), Counter(truth)
    return max(sum((a - b).values()), sum((b - a).values()))


def truth_ids(truth: dict) -> set[str]:
    catalogue = load_template().catalogue
    return {v for leaf, v in truth["leaves"].items()
            if isinstance(v, str) and not leaf.startswith(("summary.", "decl_")) and not leaf.endswith("_name")
            and record_leaf_type(leaf, catalogue)[0] in IDENTIFIERS
            and (record_leaf_type(leaf, catalogue)[0] != "cert" or cert_kind(v))}  # "PJ…" has no shape to find


def found_ids(pages) -> set[str]:
    found = set()
    for page in pages:
        for m in mentions.find("\n".join(b.text for b in page_blocks(page))):
            if TYPE_OF_MENTION[m.label] in IDENTIFIERS:
                found.add(normalize_mention(m).value)
    return found


def main() -> None:
    args = arguments(__doc__).parse_args()
    work = args.home or Path(tempfile.mkdtemp(prefix="jingpin-reading-"))
    demo = demo_inbox(work / f"demo-{args.seed}-{args.cities}x{args.per_city}", args)
    truths = load_truth(demo.truth)
    scans = [(t, demo.inbox / f"{sid}/申报表.pdf", demo.truth / "printed" / f"{sid}.pdf")
             for sid, t in truths.items() if t["variant"] != "born_digital"]
    printed = {sid: read_document(p, sha256_of(p), ReadOptions(threads=2), work / "truth-cache", work / "truth-pages")
               for t, _, p in scans for sid in [t["submission_id"]]}
    console, rows, totals = Console(), [], {}
    for name, opts in SETTINGS.items():
        cer, ids, stage, pages, started = defaultdict(list), defaultdict(lambda: [0, 0]), defaultdict(float), 0, time.perf_counter()
        cached_before = len(list((work / f"cache-{name}").rglob("*.json")))
        for truth, scan, _ in scans:
            read = read_document(scan, sha256_of(scan), opts, work / f"cache-{name}", work / f"pages-{name}")
            for got, want in zip(read, printed[truth["submission_id"]], strict=False):
                ref = page_text(want)
                cer[truth["variant"]].append((char_errors(page_text(got), ref), len(ref)))
                for k, v in got.timings.items():
                    stage[k] += v
            pages += len(read)
            expected = truth_ids(truth)
            ids[truth["variant"]][0] += len(expected & found_ids(read))
            ids[truth["variant"]][1] += len(expected)
        elapsed = time.perf_counter() - started
        totals[name] = (pages, elapsed if cached_before == 0 else None, dict(stage))
        for variant in sorted(cer):
            errors, chars = map(sum, zip(*cer[variant], strict=True))
            hit, n = ids[variant]
            rows.append((name, variant, f"{errors / chars:.2%}", f"{hit}/{n}"))
    t = Table(title=f"reading accuracy (seed {args.seed}, scanned 申报表 only)")
    for col in ("setting", "variant", "CER", "identifiers exact"):
        t.add_column(col, justify="right")
    for row in rows:
        t.add_row(*row)
    console.print(t)
    t = Table(title="reading time (s/page; pages read now, not from cache)")
    for col in ("setting", "pages", "rasterize", "clean-up", "layout", "OCR", "pages/min"):
        t.add_column(col, justify="right")
    for name, (pages, elapsed, stage) in totals.items():
        t.add_row(name, str(pages), *(f"{stage.get(k, 0) / max(pages, 1):.2f}" for k in
                                      ("rasterize", "cleanup", "layout", "ocr")),
                  f"{pages / elapsed * 60:.1f}" if elapsed else "cached")
    console.print(t)
    if any(elapsed is None for _, elapsed, _ in totals.values()):
        console.print("pages came from an earlier run's cache: use a new --home for times")
        return
    t = Table(title="our reading vs the bare engine (rapidocr alone, 2 threads, same pages)")
    for col in ("setting", "ours s/page", "bare s/page", "ratio"):
        t.add_column(col, justify="right")
    bare = {det: bare_engine([s for _, s, _ in scans], det) for det in (None, 960)}
    for name, opts in SETTINGS.items():
        pages, elapsed, _ = totals[name]
        n, seconds = bare[opts.det_limit]
        ours = elapsed / max(pages, 1)
        t.add_row(name, f"{ours:.2f}", f"{seconds / n:.2f}", f"{ours / (seconds / n):.2f}×")
    console.print(t)
    console.print(f"peak RSS of this benchmark {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB "
                  "(it holds every setting's engine at once; bench.accuracy gives the pipeline's own)")


def bare_engine(paths: list[Path], det_limit: int | None) -> tuple[int, float]:
    """rapidocr alone, as its README calls it, on each page rasterized the same way."""
    from rapidocr import RapidOCR
    params = {"EngineConfig.onnxruntime.intra_op_num_threads": 2, "Global.log_level": "warning"}
    if det_limit:
        params |= {"Det.limit_type": "max", "Det.limit_side_len": det_limit}
    engine = RapidOCR(params=params)
    images = [rasterize.pdf_page(p, n, 300) for p in paths for n in range(1, rasterize_count(p) + 1)]
    engine(np.ascontiguousarray(images[0]))  # warm-up, as our engine is loaded once per process
    started = time.perf_counter()
    for image in images:
        engine(image)
    return len(images), time.perf_counter() - started


def rasterize_count(path: Path) -> int:
    from pypdf import PdfReader
    return len(PdfReader(path).pages)


if __name__ == "__main__":
    main()
