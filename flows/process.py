"""``process_inbox`` → per batch, a task per document, then per submission (a subflow per
batch when its tasks go to a Dask cluster).

Stages stay in ``pipeline/``; this module only decides what runs where, retries
transient failures and writes results to the store. A submission whose files, template
and reading settings are unchanged since it was stored (its fingerprint) is skipped, so a
rerun after a crash does only what is missing.
"""

from __future__ import annotations

import os
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NONE
from prefect.task_runners import ThreadPoolTaskRunner
from sqlmodel import select

from core.config import Settings, ensure_dirs, load_settings
from extractors.template import load_template
from flows.progress import report
from models import store
from models.tables import Run, Submission, now
from pipeline.batches import by_deadline, deadline_of, load_config
from pipeline.ingest import BatchPlan, InboxFile, batch_folders, quarantine, scan_batch
from pipeline.process import DocumentRead, build_record, fingerprint, read_file
from pipeline.read import run_options

# Document tasks at once per batch (one per core by default; JINGPIN_WORKERS overrides, read at
# import: the runner is built then). Their pages share one pool of page threads, one per core.
WORKERS = max(1, int(os.environ.get("JINGPIN_WORKERS") or os.cpu_count() or 1))


def page_count(f: InboxFile) -> int:
    return max(f.pages, 1 if f.media in ("pdf", "image") else 0)


@task(name="read-document", retries=2, retry_delay_seconds=3, cache_policy=NONE)
def read_document_task(f: InboxFile, home: str) -> DocumentRead:
    settings = load_settings(home)
    doc = read_file(
        f, run_options(settings), settings.cache_dir, settings.pages_dir, load_template()
    )
    if doc.error is not None and f.problem is None:
        f.problem = doc.error
    if f.problem is not None:
        quarantine(f, settings.quarantine_dir)
    report("pages", page_count(f), f.rel)
    return doc


@task(name="build-record", retries=1, retry_delay_seconds=3, cache_policy=NONE)
def record_task(
    batch: BatchPlan,
    key: str,
    print_: str,
    docs: list[DocumentRead],
    batch_docs: list[DocumentRead],
    home: str,
    deadline: str | None,
) -> dict:
    settings = load_settings(home)
    template = load_template()
    record = build_record(
        key, batch.name, template.form, docs, batch_docs, template, settings.review_threshold
    )
    store.save_submission(
        settings.db_url,
        batch.name,
        str(batch.path),
        key,
        record,
        docs + batch_docs,
        print_,
        deadline,
    )
    report("submission", 1, key)
    return record


def run_batch(
    batch: BatchPlan, home: str, keys: dict[str, str], deadline: str | None = None
) -> list[dict]:
    """The submissions ``keys`` (key → input fingerprint) of one batch as tasks of the running
    flow; the batch's summary files are read once for all of them."""
    subs = [s for s in batch.submissions if s.key in keys]
    batch_futs = [read_document_task.submit(f, home) for f in batch.files]
    sub_futs = [[read_document_task.submit(f, home) for f in sub.files] for sub in subs]
    batch_docs = [f.result() for f in batch_futs]
    records = [
        record_task.submit(
            batch, sub.key, keys[sub.key], [f.result() for f in futs], batch_docs, home, deadline
        )
        for sub, futs in zip(subs, sub_futs, strict=True)
    ]
    return [r.result() for r in records]


@flow(name="process-batch")
def process_batch(
    inbox: str, batch_name: str, home: str, keys: dict[str, str], deadline: str | None = None
) -> list[dict]:
    """A batch as its own flow run, so its tasks can go to another task runner (Dask)."""
    return run_batch(scan_batch(Path(inbox), Path(inbox) / batch_name), home, keys, deadline)


def pending(settings: Settings, plan: BatchPlan, force: bool = False) -> dict[str, str]:
    """Submissions whose stored record is missing or was made from other inputs or versions,
    with the fingerprint their new record will carry."""
    opts = run_options(settings)
    prints = {sub.key: fingerprint(sub.files + plan.files, opts) for sub in plan.submissions}
    with store.session(settings.db_url) as s:
        stored = dict(
            s.exec(
                select(Submission.key, Submission.fingerprint).where(Submission.key.in_(prints))
            ).all()
        )
    return {key: p for key, p in prints.items() if force or stored.get(key) != p}


def start_batch(
    plan: BatchPlan,
    root: Path,
    home: str,
    keys: dict[str, str],
    deadline: str | None,
    dask_address: str | None,
) -> list[dict]:
    """Tasks on this run's threads (no subflow: a flow run costs ~1 s), or a subflow whose tasks
    go to an existing Dask cluster's workers."""
    if not dask_address:
        return run_batch(plan, home, keys, deadline)
    from prefect_dask import DaskTaskRunner

    subflow = process_batch.with_options(task_runner=DaskTaskRunner(address=dask_address))
    return subflow(str(root), plan.name, home, keys, deadline)


@flow(name="process-inbox", task_runner=ThreadPoolTaskRunner(max_workers=WORKERS))
def process_inbox(
    inbox: str,
    home: str | None = None,
    batches: list[str] | None = None,
    force: bool = False,
    dask_address: str | None = None,
) -> dict:
    """Pending submissions of ``inbox`` (or of the named ``batches``), closest deadline first."""
    settings = load_settings(home)
    ensure_dirs(settings)
    store.migrate(settings.db_url)
    root = Path(inbox)
    config = load_config(root)
    folders = by_deadline(
        [f for f in batch_folders(root) if batches is None or f.name in batches], config
    )
    plans = [scan_batch(root, folder) for folder in folders]
    todo = {plan.name: pending(settings, plan, force) for plan in plans}
    report(
        "total_pages",
        sum(
            page_count(f)
            for plan in plans
            if todo[plan.name]
            for f in plan.files
            + [x for s in plan.submissions if s.key in todo[plan.name] for x in s.files]
        ),
    )
    with store.session(settings.db_url) as s, s.begin():
        run = Run(inbox=str(inbox))
        s.add(run)
    try:
        records = []
        for plan, folder in zip(plans, folders, strict=True):
            if todo[plan.name]:
                deadline = deadline_of(folder, config)
                records += start_batch(
                    plan,
                    root,
                    str(settings.home),
                    todo[plan.name],
                    deadline.isoformat() if deadline else None,
                    dask_address,
                )
    except BaseException as exc:
        finish_run(settings, run.id, "failed", None, f"{type(exc).__name__}: {exc}")
        raise
    stats = {
        "batches": len(plans),
        "submissions": len(records),
        "skipped": sum(len(p.submissions) for p in plans) - len(records),
        "pages": sum(
            {
                (src["path"], src["sha256"]): src["pages"]  # a batch's summary once
                for r in records
                for src in r["sources"]
            }.values()
        ),
        "needs_review": sum(r["review"]["needs_review"] for r in records),
        "quarantined": sum(1 for r in records for src in r["sources"] if src["error"]),
    }
    finish_run(settings, run.id, "done", stats)
    return {"stats": stats, "records": [summarize(r) for r in records]}


def finish_run(
    settings: Settings, run_id: int, status: str, stats: dict | None, error: str | None = None
) -> None:
    with store.session(settings.db_url) as s, s.begin():
        run = s.get(Run, run_id)
        run.finished_at, run.status, run.stats, run.error = now(), status, stats, error
        s.add(run)


def summarize(record: dict) -> dict:
    fields = record["fields"].values()
    return {
        "submission_id": record["submission_id"],
        "found": sum(1 for f in fields if f["status"] != "missing"),
        "total": len(record["fields"]),
        "needs_review": record["review"]["needs_review"],
        "checks_failed": sum(1 for c in record["checks"] if c["status"] == "fail"),
        "quarantined": [s["path"] for s in record["sources"] if s["error"]],
        "problems": [p["code"] for p in record.get("problems", [])],
    }


def submissions_in_store(settings: Settings) -> list[Submission]:
    with store.session(settings.db_url) as s:
        return list(s.exec(select(Submission).order_by(Submission.key)))
