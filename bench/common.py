"""Shared set-up of the benchmarks: a demo inbox read by the core stages, no Prefect.

The page cache lives under ``--home`` (a temporary folder by default), so a second
benchmark on the same seed and home measures extraction without re-reading pages.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

from core.record import Leaf
from extractors.template import Template, field_sections, leaf_type, load_template
from jingpin.demo import FORM
from jingpin.demo.inbox import DemoInbox, build_inbox
from pipeline.process import DocumentRead, process_directly
from pipeline.read import ReadOptions


@dataclass
class DemoRun:
    demo: DemoInbox
    template: Template
    records: list[dict] = field(default_factory=list)
    docs: dict[str, list[DocumentRead]] = field(default_factory=dict)  # by submission id
    stage_seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    pages_by_source: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    fresh_pages: int = 0  # pages read now, not taken from the cache of an earlier run
    seconds: float = 0.0  # reading and records, not building the demo


def arguments(
    description: str, paths: tuple[str, ...] = ("demo", "word")
) -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument(
        "--path",
        choices=paths,
        default="demo",
        help="fixtures: demo (the project's printer) or word (Word forms exported by LibreOffice)",
    )
    ap.add_argument("--cities", type=int, default=3)
    ap.add_argument("--per-city", type=int, default=2)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--det-limit", type=int, default=960, help="detector input size; 0 = full size")
    ap.add_argument(
        "--max-side", type=int, default=2000, help="page images no larger (pixels); 0 = full DPI"
    )
    ap.add_argument(
        "--page-workers",
        type=int,
        default=os.cpu_count() or 1,
        help="pages read side by side, one single-threaded OCR call each (as runs do)",
    )
    ap.add_argument("--home", type=Path, default=None, help="keep the demo and page cache here")
    return ap


def demo_inbox(folder: Path, args: argparse.Namespace, path: str = "demo") -> DemoInbox:
    """The demo for these arguments, built once per home (the builder is deterministic)."""
    done = folder / "built.json"
    if done.exists():
        return DemoInbox(
            **{
                k: Path(v) if k in ("inbox", "truth") else v
                for k, v in json.loads(done.read_text()).items()
            }
        )
    if path == "word":
        from jingpin.demo.wordpath import build_word_inbox

        build = build_word_inbox
    else:
        build = build_inbox
    demo = build(folder, seed=args.seed, cities=args.cities, per_city=args.per_city)
    done.write_text(
        json.dumps({k: str(v) if isinstance(v, Path) else v for k, v in demo.__dict__.items()})
    )
    return demo


def run_demo(
    args: argparse.Namespace, threshold: float | None = None, path: str | None = None
) -> DemoRun:
    """Build the demo inbox (``path``: demo or word fixtures), read every file, build every record."""
    path = path or getattr(args, "path", "demo")
    work = args.home or Path(tempfile.mkdtemp(prefix="jingpin-bench-"))
    demo = demo_inbox(work / f"{path}-{args.seed}-{args.cities}x{args.per_city}", args, path)
    run = DemoRun(demo, load_template(FORM))
    opts = ReadOptions(
        threads=1 if args.page_workers > 1 else 2,
        page_workers=args.page_workers,
        det_limit=args.det_limit or None,
        max_side=args.max_side or None,
    )

    def tally(doc: DocumentRead) -> None:
        for p in doc.pages:
            run.pages_by_source[p.source] += 1
            for k, v in p.timings.items():
                run.stage_seconds[k] += v

    started = time.perf_counter()
    cached = work / "cache" / "pages"
    before = len(list(cached.glob("*.json"))) if cached.exists() else 0
    for key, docs, record in process_directly(
        demo.inbox, opts, work / "cache", work / "pages", run.template, threshold, tally
    ):
        run.docs[key] = docs
        run.records.append(record)
    run.fresh_pages = len(list(cached.glob("*.json"))) - before if cached.exists() else 0
    run.seconds = time.perf_counter() - started
    return run


TICK_TYPES = ("yesno", "choice", "choices")


def leaf_group(leaf: str, template: Template) -> tuple[str, str]:
    """(section, field type) of a record leaf, for per-section and per-type tables."""
    parsed = Leaf.parse(leaf)
    section = "附件3 汇总表" if parsed.summary else field_sections().get(parsed.key, "?")
    kind = leaf_type(replace(parsed, name=False), template.catalogue)[0]  # a name: its code's
    return section, kind
