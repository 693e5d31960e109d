"""The scores on documents the project did not make: ``../shared/samples``, by its own scorer.

    .venv/bin/python -m bench.samples [--samples ../shared/samples] [--home DIR] [--cached]

Runs the real ``jingpin run`` on the sample inbox (a fresh home each time unless ``--home``
is given; ``--cached`` keeps that home's page cache and rebuilds only the records), exports
JSON Lines and prints the scorer's report, then the time, pages per minute and peak memory
of the run. Nothing here is fitted to the samples: they are only measured.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def jingpin(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "JINGPIN_HOME": str(home)}
    cmd = [sys.executable, "-m", "jingpin.cli", *args]
    return subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, check=True)


def pages_in(records: Path) -> int:
    seen: dict[str, int] = {}
    for line in records.read_text(encoding="utf-8").splitlines():
        for source in json.loads(line)["sources"]:
            seen[source["path"]] = source.get("pages") or 0
    return sum(seen.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--samples", type=Path, default=ROOT.parent / "shared" / "samples")
    parser.add_argument("--home", type=Path, help="keep the run's home (page cache) here")
    parser.add_argument("--cached", action="store_true", help="reuse the home's page cache")
    args = parser.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="jingpin-samples-"))
    records = home / "samples.jsonl"

    start = time.perf_counter()
    jingpin(home, "run", str(args.samples / "inbox"), *(["--force"] if args.cached else []))
    seconds = time.perf_counter() - start
    jingpin(home, "export", "--format", "jsonl", "--out", str(records))
    score = subprocess.run(
        [sys.executable, str(args.samples / "score.py"), "--truth", str(args.samples / "truth")]
        + ["--records", str(records)],
        capture_output=True,
        text=True,
        check=True,
    )
    print(score.stdout)
    pages = pages_in(records)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"run: {pages} pages in {seconds:.1f} s = {60 * pages / seconds:.1f} pages/min "
        f"({'page cache reused' if args.cached else 'every page read'}); "
        f"peak RSS of a child process {peak:.0f} MiB"
    )


if __name__ == "__main__":
    main()
