"""Prefect's cost: pages/min through the real flow with 1 and 2 task workers, and the core alone.

    .venv/bin/python -m bench.flow [--cities 1 --per-city 3 --seed 7]

Each flow run is a fresh process with a fresh JINGPIN_HOME (nothing cached), so it pays
for Prefect's embedded server start like a first run of the day. The core alone reads the
same inbox sequentially with 2 ONNX threads, as the flow's single worker does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bench.common import arguments, demo_inbox

FLOW_RUN = """
import json, sys, time
from jingpin.config import load_settings
from flows.env import configure_prefect
configure_prefect(load_settings(sys.argv[2]))
from flows.process import process_inbox
started = time.perf_counter()
out = process_inbox(sys.argv[1], sys.argv[2])
print(json.dumps({"seconds": time.perf_counter() - started, "pages": out["stats"]["pages"]}))
"""

CORE_RUN = """
import json, sys, time
from pathlib import Path
from extractors.template import load_template
from pipeline.process import process_directly
from pipeline.read import ReadOptions
home, started, read = Path(sys.argv[2]), time.perf_counter(), {}
process_directly(Path(sys.argv[1]), ReadOptions(threads=2), home / "cache", home / "pages", load_template(),
                 None, lambda d: read.__setitem__((d.file.rel, d.file.sha256), len(d.pages)))
print(json.dumps({"seconds": time.perf_counter() - started, "pages": sum(read.values())}))
"""


def run(code: str, inbox: Path, workers: int | None) -> dict:
    home = Path(tempfile.mkdtemp(prefix="jingpin-flow-"))
    env = {**os.environ, "JINGPIN_HOME": str(home)}
    if workers:
        env["JINGPIN_WORKERS"] = str(workers)
    out = subprocess.run([sys.executable, "-c", code, str(inbox), str(home)], env=env, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    ap = arguments(__doc__)
    ap.set_defaults(cities=1, per_city=3)
    args = ap.parse_args()
    work = args.home or Path(tempfile.mkdtemp(prefix="jingpin-flowbench-"))
    demo = demo_inbox(work / f"demo-{args.seed}-{args.cities}x{args.per_city}", args)
    results = {"core alone (2 ONNX threads)": run(CORE_RUN, demo.inbox, None)}
    for workers in (1, 2):
        results[f"Prefect flow, {workers} worker{'s' if workers > 1 else ''}"] = run(FLOW_RUN, demo.inbox, workers)
    t = Table(title=f"throughput (seed {args.seed}, {demo.applicants} applicants, nothing cached)")
    for col in ("run", "pages", "seconds", "pages/min", "s/page"):
        t.add_column(col, justify="right")
    pages = results["core alone (2 ONNX threads)"]["pages"]  # the same inbox for every run
    for name, r in results.items():
        t.add_row(name, str(pages), f"{r['seconds']:.1f}", f"{pages / r['seconds'] * 60:.1f}",
                  f"{r['seconds'] / pages:.2f}")
    console = Console()
    console.print(t)
    core, one = results["core alone (2 ONNX threads)"], results["Prefect flow, 1 worker"]
    overhead = (one["seconds"] - core["seconds"]) / pages
    console.print(f"Prefect overhead, 1 worker vs the core: {overhead:+.2f} s/page "
                  f"({overhead / (core['seconds'] / pages):+.1%} of a page's processing), "
                  "the embedded server's start included")


if __name__ == "__main__":
    main()
