"""Reading per scan variant: character errors, identifiers, time per stage, pages/min, peak memory,
and our time against the bare engine's.

    .venv/bin/python -m bench.reading [--prints 1 --seed 7] [--home DIR] [--quick]

The first ``--prints`` printed 申报表 of a demo inbox (born-digital prints with their red seals; the
demo keeps them in ``truth/printed``) are scanned in every VARIANT below by the demo's own scanner
(deterministic, cached under ``--home``). Each SETTING then reads every scan in a fresh process, so
its peak RSS is its own and no page comes from a cache. The bare engine is rapidocr alone, as its
README calls it (2 threads, its line classifier on), on the same pages rasterized at 300 dpi,
at both detector sizes: "ours / bare" is a setting's seconds per page (rasterizing, clean-up,
layout and OCR, wall clock) over the bare engine's at the same detector size.

CER compares the page's characters with the print's as multisets (a substitution counts once):
cells of a skewed scan can come out in another order than the print's, and order is the
template's business, not OCR's. Identifiers: the share of the applicant's credit code, patent,
standard and certificate numbers found exactly in the page text.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

from bench.common import arguments, demo_inbox
from extractors import mentions
from extractors.blocks import page_blocks
from extractors.identifiers import cert_kind
from extractors.normalize import TYPE_OF_MENTION, normalize_mention
from extractors.template import leaf_type, load_template
from jingpin.demo import FORM
from jingpin.demo.scan import STYLES, ScanStyle, scan_pdf
from jingpin.demo.score import load_truth
from pipeline import rasterize
from pipeline.ingest import sha256_of
from pipeline.read import ReadOptions, read_document

VARIANTS = {
    "clean 300 dpi": STYLES["clean"],
    "stamped 300 dpi": STYLES["stamped"],
    "stamped 200 dpi": STYLES["stamped200"],
    "gray 300 dpi": STYLES["gray"],
    "skewed 3–5°": ScanStyle("skewed", dpi=300, skew=5.0, noise=4, jpeg_quality=85),
    "upside down": ScanStyle("upside-down", dpi=300, noise=4, jpeg_quality=85, turn=180),
    "sideways": ScanStyle("sideways", dpi=300, noise=4, jpeg_quality=85, turn=90),
}
SETTINGS = {
    "default: 2000 px, detector 960, 2 pages at once": ReadOptions(
        threads=1, det_limit=960, page_workers=2
    ),
    "default without seal removal": ReadOptions(
        threads=1, det_limit=960, page_workers=2, remove_seals=False
    ),
    "full 300 dpi pages, detector 960, 2 at once": ReadOptions(
        threads=1, det_limit=960, page_workers=2, max_side=None
    ),
    "2000 px, full detector, 1 page at a time": ReadOptions(threads=2, det_limit=None),
}
DEFAULT = next(iter(SETTINGS))
IN_FLIGHT = 2  # documents read at once, as a run on 2 cores does (JINGPIN_WORKERS)
IDENTIFIERS = ("uscc", "patent", "standard", "cert")
STAGES = ("rasterize", "cleanup", "layout", "ocr")


def page_text(page) -> str:
    return "".join(b.text for b in page_blocks(page)).replace(" ", "")


def char_errors(read: str, truth: str) -> int:
    """Characters wrong, missing or extra, regardless of order."""
    a, b = Counter(read), Counter(truth)
    return max(sum((a - b).values()), sum((b - a).values()))


def truth_ids(truth: dict) -> set[str]:
    catalogue = load_template(FORM).catalogue
    return {
        v
        for leaf, v in truth["leaves"].items()
        if isinstance(v, str)
        and not leaf.startswith(("summary.", "decl_"))
        and not leaf.endswith("_name")
        and leaf_type(leaf, catalogue)[0] in IDENTIFIERS
        and (leaf_type(leaf, catalogue)[0] != "cert" or cert_kind(v))
    }  # "PJ…" has no shape to find


def found_ids(pages) -> set[str]:
    found = set()
    for page in pages:
        for m in mentions.find("\n".join(b.text for b in page_blocks(page))):
            if TYPE_OF_MENTION[m.label] in IDENTIFIERS:
                found.add(normalize_mention(m).value)
    return found


def build_scans(home: Path, args) -> list[dict]:
    """Every (variant, print) scan as a job: scan path, its print, its applicant's truth file."""
    demo = demo_inbox(
        home / f"{args.path}-{args.seed}-{args.cities}x{args.per_city}", args, args.path
    )
    truths = sorted(load_truth(demo.truth).items())[: args.prints]
    jobs = []
    for v, (variant, style) in enumerate(VARIANTS.items()):
        for i, (sid, _) in enumerate(truths):
            printed = demo.truth / "printed" / f"{sid}.pdf"
            scan = home / "variants" / style.name / f"{i}.pdf"
            if not scan.exists():
                scan.parent.mkdir(parents=True, exist_ok=True)
                scan_pdf(printed, scan, style, random.Random(args.seed * 100 + v))
            jobs.append(
                {
                    "variant": variant,
                    "scan": str(scan),
                    "printed": str(printed),
                    "turn": style.turn,
                    "truth": str(demo.truth / f"{sid}.json"),
                }
            )
    return jobs


def read_all(jobs: list[dict], opts: ReadOptions, in_flight: int = 1) -> dict:
    """One setting over every scan, from a fresh cache: per variant errors, identifiers, times.

    ``in_flight`` > 1 reads that many documents at once, as runs do (their pages share the page
    pool): only the total wall time is then meaningful, not each document's."""
    work = Path(tempfile.mkdtemp(prefix="jingpin-reading-"))
    truth = {
        job["printed"]: read_document(
            Path(job["printed"]),
            sha256_of(Path(job["printed"])),
            ReadOptions(),
            work / "truth",
            work / "truth-pages",
        )
        for job in jobs
    }

    def read(job: dict) -> tuple[dict, list, float]:
        scan = Path(job["scan"])
        started = time.perf_counter()
        got = read_document(scan, sha256_of(scan), opts, work / "cache", work / "pages")
        return job, got, time.perf_counter() - started

    started = time.perf_counter()
    with ThreadPoolExecutor(in_flight) as documents:
        done = list(documents.map(read, jobs))
    wall = time.perf_counter() - started
    out: dict[str, dict] = {}
    for job, got, seconds in done:
        want = truth[job["printed"]]
        row = out.setdefault(
            job["variant"],
            {
                "errors": 0,
                "chars": 0,
                "ids": [0, 0],
                "pages": 0,
                "seconds": 0.0,
                "stages": dict.fromkeys(STAGES, 0.0),
                "oriented": 0,
            },
        )
        row["seconds"] += seconds
        row["pages"] += len(got)
        for page, truth_page in zip(got, want, strict=True):
            ref = page_text(truth_page)
            row["errors"] += char_errors(page_text(page), ref)
            row["chars"] += len(ref)
            row["oriented"] += page.rotation == (360 - job["turn"]) % 360
            for k in STAGES:
                row["stages"][k] += page.timings.get(k, 0.0)
        expected = truth_ids(json.loads(Path(job["truth"]).read_text(encoding="utf-8")))
        row["ids"][0] += len(expected & found_ids(got))
        row["ids"][1] += len(expected)
    return {"variants": out, "wall": wall, "rss_mib": peak_rss_mib()}


def bare_engine(jobs: list[dict], det_limit: int | None) -> dict:
    """rapidocr alone, as its README calls it, on each page rasterized at 300 dpi."""
    from rapidocr import RapidOCR

    params = {"EngineConfig.onnxruntime.intra_op_num_threads": 2, "Global.log_level": "warning"}
    if det_limit:
        params |= {"Det.limit_type": "max", "Det.limit_side_len": det_limit}
    engine = RapidOCR(params=params)
    out: dict[str, list] = {}
    for job in jobs:
        path = Path(job["scan"])
        images = [rasterize.pdf_page(path, n, 300) for n in range(1, page_count(path) + 1)]
        engine(np.ascontiguousarray(images[0]))  # warm-up, as our engine is loaded once per process
        started = time.perf_counter()
        for image in images:
            engine(image)
        row = out.setdefault(job["variant"], [0, 0.0])
        row[0] += len(images)
        row[1] += time.perf_counter() - started
    return {"variants": out, "rss_mib": peak_rss_mib()}


def page_count(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def in_child(what: str, jobs_file: Path) -> dict:
    """Run one setting (or the bare engine) in a fresh process: its own memory, its own engine."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.reading", "--child", what, "--jobs", str(jobs_file)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = arguments(__doc__)
    ap.add_argument("--prints", type=int, default=1, help="printed forms scanned in every variant")
    ap.add_argument(
        "--quick", action="store_true", help="the default setting only, and its bare engine"
    )
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--jobs", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        jobs = json.loads(args.jobs.read_text(encoding="utf-8"))
        if args.child.startswith("bare:"):
            result = bare_engine(jobs, int(args.child.removeprefix("bare:")) or None)
        else:
            name, _, in_flight = args.child.partition("|")
            result = read_all(jobs, SETTINGS[name], int(in_flight or 1))
        print(json.dumps(result))
        return
    home = args.home or Path(tempfile.mkdtemp(prefix="jingpin-reading-"))
    jobs_file = home / "variants" / "jobs.json"
    jobs = build_scans(home, args)
    jobs_file.write_text(json.dumps(jobs, ensure_ascii=False), encoding="utf-8")
    console = Console(width=180)
    names = [DEFAULT] if args.quick else list(SETTINGS)
    bare = {
        det: in_child(f"bare:{det or 0}", jobs_file)
        for det in {SETTINGS[n].det_limit for n in names}
    }
    results = {}
    for name in names:
        console.print(f"reading with: {name} …")
        results[name] = in_child(name, jobs_file)
    console.print(f"reading with: {DEFAULT}, {IN_FLIGHT} documents at once …")
    in_flight = in_child(f"{DEFAULT}|{IN_FLIGHT}", jobs_file)
    print_tables(console, results, bare, args)
    print_in_flight(console, in_flight, bare[SETTINGS[DEFAULT].det_limit])


def print_tables(console: Console, results: dict, bare: dict, args) -> None:
    for name, result in results.items():
        det = SETTINGS[name].det_limit
        t = Table(
            title=f"{name} (seed {args.seed}, {args.prints} printed 申报表 per variant)",
            caption="stage columns: seconds of thread time per page (pages read side by side overlap); "
            "ours / bare: wall-clock s/page against rapidocr alone at the same detector size",
        )
        for col in (
            "variant",
            "pages",
            "CER",
            "ids exact",
            "turned upright",
            "rasterize",
            "clean-up",
            "layout",
            "OCR",
            "pages/min",
            "ours / bare",
        ):
            t.add_column(col, justify="right")
        for variant, row in result["variants"].items():
            n, (bare_n, bare_s) = row["pages"], bare[det]["variants"][variant]
            t.add_row(
                variant,
                str(n),
                f"{row['errors'] / row['chars']:.2%}",
                f"{row['ids'][0]}/{row['ids'][1]}",
                f"{row['oriented']}/{n}",
                *(f"{row['stages'][k] / n:.2f}" for k in STAGES),
                f"{n / row['seconds'] * 60:.1f}",
                f"{row['seconds'] / n:.2f} / {bare_s / bare_n:.2f} = {row['seconds'] / bare_s * bare_n / n:.2f}×",
            )
        console.print(t)
    t = Table(title="all variants together")
    for col in (
        "setting",
        "pages",
        "CER",
        "ids exact",
        "turned upright",
        "pages/min",
        "ours / bare",
        "peak RSS MiB",
    ):
        t.add_column(col, justify="right")
    for name, result in results.items():
        rows, det = result["variants"].values(), SETTINGS[name].det_limit
        pages, seconds = sum(r["pages"] for r in rows), sum(r["seconds"] for r in rows)
        bare_s = sum(s for _, s in bare[det]["variants"].values())
        t.add_row(
            name,
            str(pages),
            f"{sum(r['errors'] for r in rows) / sum(r['chars'] for r in rows):.2%}",
            f"{sum(r['ids'][0] for r in rows)}/{sum(r['ids'][1] for r in rows)}",
            f"{sum(r['oriented'] for r in rows)}/{pages}",
            f"{pages / seconds * 60:.1f}",
            f"{seconds / bare_s:.2f}×",
            f"{result['rss_mib']:.0f}",
        )
    for det, result in bare.items():
        rows = result["variants"].values()
        pages, seconds = sum(n for n, _ in rows), sum(s for _, s in rows)
        t.add_row(
            f"bare rapidocr, detector {det or 'full'}, 2 threads",
            str(pages),
            "",
            "",
            "",
            f"{pages / seconds * 60:.1f}",
            "1.00×",
            f"{result['rss_mib']:.0f}",
        )
    console.print(t)


def print_in_flight(console: Console, result: dict, bare: dict) -> None:
    """The default setting as runs use it: documents read at once keep every core busy."""
    rows = result["variants"].values()
    pages, wall = sum(r["pages"] for r in rows), result["wall"]
    bare_s = sum(s for _, s in bare["variants"].values())
    t = Table(title=f"{DEFAULT}, {IN_FLIGHT} documents at once (as jingpin run reads them)")
    for col in (
        "pages",
        "CER",
        "ids exact",
        "turned upright",
        "s/page",
        "pages/min",
        "ours / bare",
        "peak RSS MiB",
    ):
        t.add_column(col, justify="right")
    t.add_row(
        str(pages),
        f"{sum(r['errors'] for r in rows) / sum(r['chars'] for r in rows):.2%}",
        f"{sum(r['ids'][0] for r in rows)}/{sum(r['ids'][1] for r in rows)}",
        f"{sum(r['oriented'] for r in rows)}/{pages}",
        f"{wall / pages:.2f}",
        f"{pages / wall * 60:.1f}",
        f"{wall / pages:.2f} / {bare_s / pages:.2f} = {wall / bare_s:.2f}×",
        f"{result['rss_mib']:.0f}",
    )
    console.print(t)


def peak_rss_mib() -> float:
    """This process's own peak (VmHWM): ru_maxrss would carry the parent's peak over fork and exec."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main()
