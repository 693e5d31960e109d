"""Prefect's cost: pages/min through the real flow with 1 and 2 task workers, and the core alone.

    .venv/bin/python -m bench.flow [--cities 1 --per-city 3 --seed 7]

Each run is a fresh process with a fresh JINGPIN_HOME (nothing cached). Flow runs talk to a
long-lived Prefect server started once beforehand, as under `jingpin serve` (pass
--embedded to pay for the embedded server's start in every run instead, like a first
`jingpin run` of the day). The core alone reads the same inbox with the same reading options
(pages side by side, one ONNX thread each) and saves each record in the same store. Times exclude Python's start and imports.
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
from core.config import ensure_dirs, load_settings
from flows.env import configure_prefect
from flows.serve import start_server

FLOW_RUN = """
import json, sys, time
from core.config import load_settings
from flows.env import configure_prefect, without_heartbeat
configure_prefect(load_settings(sys.argv[2]))
from flows.process import process_inbox
started = time.perf_counter()
with without_heartbeat():  # as `jingpin run` does
    out = process_inbox(sys.argv[1], sys.argv[2], force=True)
print(json.dumps({"seconds": time.perf_counter() - started, "pages": out["stats"]["pages"]}))
"""

CORE_RUN = """
import json, sys, time
from pathlib import Path
from extractors.template import load_template
from jingpin.demo import FORM
from core.config import load_settings
from models import store
from pipeline.process import process_directly
from pipeline.read import run_options
settings = load_settings(sys.argv[2])
started, read = time.perf_counter(), {}
store.migrate(settings.db_url)
for key, docs, record in process_directly(
        Path(sys.argv[1]), run_options(settings), settings.cache_dir, settings.pages_dir, load_template(FORM),
        None, lambda d: read.__setitem__((d.file.rel, d.file.sha256), len(d.pages))):
    batch = key.split("/")[0]
    store.save_submission(settings.db_url, batch, batch, key, record, docs, None, None)
print(json.dumps({"seconds": time.perf_counter() - started, "pages": sum(read.values())}))
"""


def run(
    code: str, inbox: Path, workers: int | None, api: str | None, home: Path | None = None
) -> dict:
    """One run in a fresh process; ``home`` reuses a run's page cache (no OCR, the rest all done)."""
    home = home or Path(tempfile.mkdtemp(prefix="jingpin-flow-"))
    env = {**os.environ, "JINGPIN_HOME": str(home)}
    if api:
        env["PREFECT_API_URL"] = api
    if workers:
        env["JINGPIN_WORKERS"] = str(workers)
    done = subprocess.run(
        [sys.executable, "-c", code, str(inbox), str(home)], env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(f"run failed ({done.returncode}):\n{done.stderr[-3000:]}")
    out = done.stdout
    return {**json.loads(out.strip().splitlines()[-1]), "home": home}


def main() -> None:
    ap = arguments(__doc__)
    ap.add_argument(
        "--embedded", action="store_true", help="no long-lived server: each run starts its own"
    )
    ap.set_defaults(cities=1, per_city=3)
    args = ap.parse_args()
    work = args.home or Path(tempfile.mkdtemp(prefix="jingpin-flowbench-"))
    demo = demo_inbox(
        work / f"{args.path}-{args.seed}-{args.cities}x{args.per_city}", args, args.path
    )
    server, api = None, None
    if not args.embedded:
        settings = load_settings(work / "server")
        ensure_dirs(settings)
        configure_prefect(settings)
        server, api = start_server(settings, 4299)
    try:
        results = {"core alone": run(CORE_RUN, demo.inbox, None, None)}
        for workers in (1, 2):
            results[f"Prefect flow, {workers} worker{'s' if workers > 1 else ''}"] = run(
                FLOW_RUN, demo.inbox, workers, api
            )
        core_home, flow_home = (
            results["core alone"]["home"],
            results["Prefect flow, 1 worker"]["home"],
        )
        results["core alone, pages cached"] = run(CORE_RUN, demo.inbox, None, None, core_home)
        results["Prefect flow, 1 worker, pages cached"] = run(
            FLOW_RUN, demo.inbox, 1, api, flow_home
        )
    finally:
        if server is not None:
            server.terminate()
            server.wait(60)
    mode = "embedded server started per run" if args.embedded else "long-lived Prefect server"
    t = Table(title=f"throughput (seed {args.seed}, {demo.applicants} applicants, {mode})")
    for col in ("run", "pages", "seconds", "pages/min", "s/page"):
        t.add_column(col, justify="right")
    pages = results["core alone"]["pages"]  # the same inbox for every run
    for name, r in results.items():
        t.add_row(
            name,
            str(pages),
            f"{r['seconds']:.1f}",
            f"{pages / r['seconds'] * 60:.1f}",
            f"{r['seconds'] / pages:.2f}",
        )
    console = Console()
    console.print(t)
    core, one = results["core alone"], results["Prefect flow, 1 worker"]
    per_page = core["seconds"] / pages
    for label, (a, b) in {
        "uncached runs": (core, one),
        "pages cached (orchestration alone; OCR noise out)": (
            results["core alone, pages cached"],
            results["Prefect flow, 1 worker, pages cached"],
        ),
    }.items():
        overhead = (b["seconds"] - a["seconds"]) / pages
        console.print(
            f"Prefect overhead, 1 worker vs the core, {label}: {overhead:+.3f} s/page "
            f"= {overhead / per_page:+.1%} of a scanned page's processing ({per_page:.2f} s)"
        )


if __name__ == "__main__":
    main()
