"""The nightly run: whatever is pending, closest deadline first, then a deadline report."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from prefect import flow, get_run_logger

from core.config import Settings, load_settings
from flows.process import process_inbox
from models import learning as learn
from models import store
from models.status import batch_rows


def report_table(rows: list[dict]) -> str:
    """The deadline report as a fixed-width text table (logs and the CLI print the same)."""
    head = ["batch", "deadline", "days left", "applicants", "processed", "to review", "quarantined"]
    body = [
        [
            r["batch"],
            r["deadline"] or "-",
            "-" if r["days_left"] is None else str(r["days_left"]),
            str(r["applicants"]),
            str(r["processed"]),
            str(r["to_review"]),
            str(r["quarantined"]),
        ]
        for r in rows
    ]
    widths = [max(len(str(x)) for x in col) for col in zip(head, *body, strict=True)]
    return "\n".join(
        "  ".join(x.ljust(w) for x, w in zip(line, widths, strict=True)) for line in [head, *body]
    )


def write_report(settings: Settings, inbox: str) -> tuple[list[dict], Path]:
    """Rows per batch (deadline, applicants processed, fields still to review), saved as JSON."""
    local = datetime.now(ZoneInfo(settings.schedule.timezone))
    with store.session(settings.db_url) as s:
        rows = batch_rows(s, local.date())
    out = settings.exports_dir / f"deadline-report-{local:%Y%m%d-%H%M}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {"inbox": inbox, "at": local.isoformat(), "batches": rows}, ensure_ascii=False, indent=1
        ),
        encoding="utf-8",
    )
    return rows, out


@flow(name="nightly")
def nightly(inbox: str, home: str | None = None, dask_address: str | None = None) -> dict:
    """Settings are read once here (with the inbox's ``jingpin.toml``) and handed down."""
    settings = load_settings(home, inbox=Path(inbox))
    learned = learn_if_due(settings)
    result = process_inbox(inbox, dask_address=dask_address, settings=settings.to_dict())
    rows, path = write_report(settings, inbox)
    get_run_logger().warning("deadline report (%s):\n%s", path, report_table(rows))
    return {"stats": result["stats"], "report": rows, "report_path": str(path), "learned": learned}


def learn_if_due(settings: Settings) -> dict | None:
    """Refit the confidence model from reviews once ``review.refit_after_reviews`` new reviewed
    leaves exist (0: never), before the night's records are built, so they are routed by it."""
    every = settings.review.refit_after_reviews
    if every <= 0:
        return None
    with store.session(settings.db_url) as s:
        if learn.new_reviews(s) < every:
            return None
        fitted = learn.refit_from_reviews(s, settings.home)
    get_run_logger().warning("confidence model refitted from reviews: %s", fitted["fitted_on"])
    return fitted["fitted_on"]
