"""Field accuracy, review rate and per-stage time on a demo inbox, printed as tables.

    .venv/bin/python bench/accuracy.py [--cities 3 --per-city 2 --seed 7] [--det-limit 960]

Calls the core stages directly (no Prefect) so the figures are the pipeline's own.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from rich.console import Console
from rich.table import Table

from extractors.template import load_template
from jingpin.demo.inbox import build_inbox
from jingpin.demo.score import load_truth, score
from pipeline.ingest import scan_inbox
from pipeline.process import build_record, read_file
from pipeline.read import ReadOptions


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cities", type=int, default=3)
    ap.add_argument("--per-city", type=int, default=2)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--det-limit", type=int, default=None)
    args = ap.parse_args()
    console = Console()
    work = Path(tempfile.mkdtemp(prefix="jingpin-bench-"))
    demo = build_inbox(work / "demo", seed=args.seed, cities=args.cities, per_city=args.per_city)
    template = load_template()
    opts = ReadOptions(threads=2, det_limit=args.det_limit)
    records, stage, pages_by_source = [], defaultdict(float), defaultdict(int)
    started = time.perf_counter()
    def tally(docs):
        for d in docs:
            for p in d.pages:
                pages_by_source[p.source] += 1
                for k, v in p.timings.items():
                    stage[k] += v

    for batch in scan_inbox(demo.inbox):
        batch_docs = [read_file(f, opts, work / "cache", work / "pages", template) for f in batch.files]
        tally(batch_docs)
        for sub in batch.submissions:
            docs = [read_file(f, opts, work / "cache", work / "pages", template) for f in sub.files]
            tally(docs)
            records.append(build_record(sub.key, batch.name, template.form, docs, batch_docs, template, 0.9))
    elapsed = time.perf_counter() - started
    result = score(records, load_truth(demo.truth))

    t = Table(title=f"field accuracy (seed {args.seed}, {demo.applicants} applicants)")
    for col in ("variant", "leaves", "found", "exact", "review rate", "auto-accepted precision"):
        t.add_column(col, justify="right")
    for variant in sorted({r.variant for r in result.results}) + ["all"]:
        s = result if variant == "all" else result.subset(lambda r, v=variant: r.variant == v)
        t.add_row(variant, str(s.n), f"{s.rate('found'):.1%}", f"{s.rate('correct'):.1%}",
                  f"{s.review_rate:.1%}", f"{s.auto_precision:.1%}")
    console.print(t)

    ocr_pages = pages_by_source["ocr"]
    t = Table(title="time")
    for col in ("stage", "total s", "s/page"):
        t.add_column(col, justify="right")
    for k in ("rasterize", "cleanup", "layout", "ocr"):
        n = ocr_pages + pages_by_source["text"] if k != "ocr" else ocr_pages
        t.add_row(k, f"{stage[k]:.1f}", f"{stage[k] / max(n, 1):.2f}")
    total_pages = ocr_pages + pages_by_source["text"]
    t.add_row("end to end", f"{elapsed:.1f}", f"{elapsed / max(total_pages, 1):.2f}")
    console.print(t)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    console.print(f"pages: {ocr_pages} OCR + {pages_by_source['text']} text layer; "
                  f"{total_pages / elapsed * 60:.1f} pages/min; peak RSS {rss:.0f} MiB")
    wrong = defaultdict(int)
    for r in result.results:
        if not r.correct:
            wrong[r.leaf.split("[")[0].split(".")[0]] += 1
    console.print("most missed leaves: " + ", ".join(f"{k} {v}" for k, v in sorted(wrong.items(), key=lambda x: -x[1])[:12]))


if __name__ == "__main__":
    main()
