"""Field accuracy, review rate and per-stage time on a demo inbox, printed as tables.

    .venv/bin/python -m bench.accuracy [--path demo|word|both] [--cities 3 --per-city 2 --seed 7]
                                       [--det-limit 960]

``--path word`` reads the Word-path fixtures (forms typed into Word, exported by LibreOffice,
stamped, scanned: needs soffice); ``both`` reads both inboxes and prints them side by side,
per field kind. Calls the core stages directly (no Prefect) so the figures are the pipeline's own.
"""

from __future__ import annotations

import resource
from collections import defaultdict

from rich.console import Console
from rich.table import Table

from bench.common import TICK_TYPES, DemoRun, arguments, leaf_group, run_demo
from bench.kinds import headline
from jingpin.demo.score import Score, load_truth, score


def main() -> None:
    args = arguments(__doc__, paths=("demo", "word", "both")).parse_args()
    console = Console()
    paths = ["demo", "word"] if args.path == "both" else [args.path]
    columns = {}
    for path in paths:
        run = run_demo(args, path=path)
        truths = load_truth(run.demo.truth)
        result = score(run.records, truths)
        if len(paths) == 1:
            details(console, args, run, result)
        else:
            console.print(f"[bold]{path}[/]: {most_missed(result)}")
            timing(console, run)
        columns[path] = headline(result, run.records, truths, run.template)
    sizes = f"seed {args.seed}, {args.cities} cities x {args.per_city} applicants"
    t = Table(title=f"fixture paths side by side ({sizes})")
    t.add_column("figure")
    for path in columns:
        t.add_column(path, justify="right")
    for figure in next(iter(columns.values())):
        t.add_row(figure, *(c[figure] for c in columns.values()))
    console.print(t)


def most_missed(result: Score) -> str:
    wrong = defaultdict(int)
    for r in result.results:
        if not r.correct:
            wrong[r.leaf.split("[")[0].split(".")[0]] += 1
    return "most missed leaves: " + ", ".join(
        f"{k} {v}" for k, v in sorted(wrong.items(), key=lambda x: -x[1])[:12]
    )


def details(console: Console, args, run: DemoRun, result: Score) -> None:
    """The single-path report: per variant, section and type, then time."""
    demo = run.demo
    t = Table(title=f"field accuracy (seed {args.seed}, {demo.applicants} applicants)")
    for col in ("variant", "leaves", "found", "exact", "review rate", "auto-accepted precision"):
        t.add_column(col, justify="right")
    for variant in sorted({r.variant for r in result.results}) + ["all"]:
        s = result if variant == "all" else result.subset(lambda r, v=variant: r.variant == v)
        t.add_row(
            variant,
            str(s.n),
            f"{s.rate('found'):.1%}",
            f"{s.rate('correct'):.1%}",
            f"{s.review_rate:.1%}",
            f"{s.auto_precision:.1%}",
        )
    console.print(t)

    def row(t: Table, name: str, s) -> None:
        noisy = s.subset(lambda r: r.variant not in ("born_digital", "clean"))
        t.add_row(
            name,
            str(s.n),
            f"{s.rate('found'):.1%}",
            f"{s.rate('correct'):.1%}",
            f"{noisy.rate('found'):.1%}",
            f"{noisy.rate('correct'):.1%}",
        )

    for title, index in (("per section", 0), ("per type", 1)):
        t = Table(title=f"field accuracy {title} (noisy = stamped, gray, 200 dpi scans)")
        for col in ("group", "leaves", "found", "exact", "found noisy", "exact noisy"):
            t.add_column(col, justify="right")
        for group in sorted({leaf_group(r.leaf, run.template)[index] for r in result.results}):
            row(
                t,
                group,
                result.subset(lambda r, g=group, i=index: leaf_group(r.leaf, run.template)[i] == g),
            )
        if index == 1:
            row(
                t,
                "tick boxes",
                result.subset(lambda r: leaf_group(r.leaf, run.template)[1] in TICK_TYPES),
            )
        console.print(t)

    timing(console, run)
    console.print(most_missed(result))


def timing(console: Console, run: DemoRun) -> None:
    stage, pages_by_source, elapsed = run.stage_seconds, run.pages_by_source, run.seconds
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
    rate = (
        f"{total_pages / elapsed * 60:.1f} pages/min"
        if run.fresh_pages == total_pages
        else f"{total_pages - run.fresh_pages} pages from an earlier run's cache, so no pages/min; "
        "stage times are those recorded when first read"
    )
    console.print(
        f"pages: {ocr_pages} OCR + {pages_by_source['text']} text layer; {rate}; peak RSS {rss:.0f} MiB"
    )


if __name__ == "__main__":
    main()
