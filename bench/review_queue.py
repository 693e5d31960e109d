"""The review queue at a day's scale: server time per page load and bytes per page image.

    .venv/bin/python -m bench.review_queue [--fields 10000] [--loads 20] [--home DIR]

Reads the demo's born-digital applicant with the real stages (no OCR), stores it, then
copies its submission, record JSON included, until ``--fields`` leaves are open, as a
processed inbox would leave them. The review app runs in this process; server time is its
``Server-Timing`` header for the first page, a filtered page and the last page. Image bytes
are those of the first page's crops and of one whole page (F2), against the PNG the
pipeline saved.
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import insert
from sqlmodel import select

from core.config import ensure_dirs, load_settings
from core.record import OPEN
from extractors.template import load_template
from jingpin.demo import FORM
from jingpin.demo.inbox import build_inbox
from jingpin.demo.score import load_truth
from models import store
from models.tables import FieldValue, Page, Submission
from pipeline.ingest import scan_inbox
from pipeline.process import build_record, read_file
from pipeline.read import ReadOptions
from review.app import create_app
from review.auth import add_user

PASSWORD = "bench-password-1"


def seed_one(home: Path) -> tuple:
    """One applicant read by the real stages, every leaf sent to review."""
    settings = load_settings(home)
    ensure_dirs(settings)
    store.migrate(settings.db_url)
    demo = build_inbox(home / "demo", seed=11, cities=1, per_city=2)
    template, opts, truths = load_template(FORM), ReadOptions(threads=2), load_truth(demo.truth)
    batch = scan_inbox(demo.inbox)[0]
    sub = next(s for s in batch.submissions if truths[s.key]["variant"] == "born_digital")
    cache = home / "ocr-cache"
    docs = [read_file(f, opts, cache, settings.pages_dir, template) for f in sub.files]
    batch_docs = [read_file(f, opts, cache, settings.pages_dir, template) for f in batch.files]
    record = build_record(sub.key, batch.name, template.form, docs, batch_docs, template, 1.01)
    store.save_submission(
        settings.db_url, batch.name, str(batch.path), sub.key, record, docs, None, None
    )
    with store.session(settings.db_url) as s:
        add_user(s, "bench", PASSWORD, "reviewer")
    return settings


def copy_until(settings, wanted: int) -> int:
    """Copies of the first submission (record and fields) until ``wanted`` leaves are open."""
    with store.session(settings.db_url) as s:
        original = s.exec(select(Submission)).first()
        fields = s.exec(select(FieldValue).where(FieldValue.submission_id == original.id)).all()
        open_fields = [f for f in fields if f.status in OPEN]
        copies = -(-wanted // len(open_fields)) - 1
        for n in range(copies):
            twin = Submission(
                key=f"{original.key}-{n:04d}",
                batch_id=original.batch_id,
                status="processed",
                record=original.record,
            )
            s.add(twin)
            s.flush()
            s.exec(
                insert(FieldValue),
                params=[{**f.model_dump(exclude={"id"}), "submission_id": twin.id} for f in fields],
            )
        s.commit()
        return (copies + 1) * len(open_fields)


def server_ms(client: TestClient, url: str, loads: int) -> tuple[float, float]:
    """Median and worst server time of ``loads`` loads of ``url`` (after one warm-up)."""
    client.get(url)
    times = []
    for _ in range(loads):
        answer = client.get(url)
        assert answer.status_code == 200, answer.status_code
        times.append(float(re.search(r"dur=([\d.]+)", answer.headers["server-timing"]).group(1)))
    return statistics.median(times), max(times)


def image_bytes(client: TestClient, settings) -> None:
    first = client.get("/").text
    crops = re.findall(r'src="(/crops/\d+\.jpg)"', first)
    sizes = [len(client.get(url).content) for url in crops]
    print(
        f"crops on the first page: {len(sizes)}, {sum(sizes) / 1024:.0f} KiB in all, "
        f"{statistics.mean(sizes) / 1024:.1f} KiB each (max {max(sizes) / 1024:.1f} KiB)"
    )
    with store.session(settings.db_url) as s:
        page = s.exec(select(Page).where(Page.image_path.is_not(None))).first()
    f2 = client.get(f"/pages/{page.document_id}/{page.number}.jpg")
    png = Path(page.image_path).stat().st_size
    print(
        f"whole page (F2): {len(f2.content) / 1024:.0f} KiB JPEG, "
        f"{f2.headers['cache-control']}; the stored PNG is {png / 1024:.0f} KiB"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fields", type=int, default=10_000)
    ap.add_argument("--loads", type=int, default=20)
    ap.add_argument("--home", type=Path, default=None)
    args = ap.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="jingpin-bench-queue-"))
    settings = seed_one(home)
    total = copy_until(settings, args.fields)
    client = TestClient(create_app(settings))
    login = client.get("/login").text
    token = re.search(r'name="csrf" value="([^"]+)"', login).group(1)
    client.post("/login", data={"name": "bench", "password": PASSWORD, "csrf": token})
    shown = re.search(r'data-total="(\d+)"', client.get("/").text).group(1)
    print(f"open fields: {total} (the page says {shown})")
    for name, url in [
        ("first page", "/"),
        ("type filter (int)", "/?kind=int"),
        ("last page", f"/?offset={total - 50}"),
    ]:
        median, worst = server_ms(client, url, args.loads)
        print(
            f"{name:18} server time {median:6.1f} ms median, {worst:6.1f} ms worst "
            f"({args.loads} loads)"
        )
    image_bytes(client, settings)


if __name__ == "__main__":
    main()
