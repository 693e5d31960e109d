"""``process_inbox`` → one subflow per batch → a task per document, then per submission.

Stages stay in ``pipeline/``; this module only decides what runs where, retries
transient failures and writes results to the store.
"""

from __future__ import annotations

import os
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NONE
from prefect.task_runners import ThreadPoolTaskRunner
from sqlmodel import select

from extractors.template import load_template
from flows.progress import report
from jingpin.config import Settings, ensure_dirs, load_settings
from models import store
from models.tables import Run, Submission, now
from pipeline.ingest import BatchPlan, InboxFile, quarantine, scan_batch, scan_inbox
from pipeline.process import DocumentRead, build_record, read_file
from pipeline.read import ReadOptions

# Task threads per batch; JINGPIN_WORKERS overrides (read at import: the runner is built then).
WORKERS = max(1, int(os.environ.get("JINGPIN_WORKERS") or os.cpu_count() or 1))


def read_options(settings: Settings) -> ReadOptions:
    """One ONNX thread per task worker: the cores are shared by pages, not split inside one."""
    threads = max(1, (os.cpu_count() or 1) // WORKERS)
    return ReadOptions(dpi=settings.dpi, engine=settings.ocr_engine, threads=threads,
                       det_limit=settings.det_limit_side_len, keep_work=settings.keep_work)


@task(name="read-document", retries=2, retry_delay_seconds=3, cache_policy=NONE)
def read_document_task(f: InboxFile, home: str) -> DocumentRead:
    settings = load_settings(home)
    doc = read_file(f, read_options(settings), settings.cache_dir, settings.pages_dir, load_template())
    if doc.error is not None and f.problem is None:
        f.problem = doc.error
    if f.problem is not None:
        quarantine(f, settings.quarantine_dir)
    report("pages", max(len(doc.pages), 1 if f.media in ("pdf", "image") else 0), f.rel)
    return doc


@task(name="build-record", retries=1, retry_delay_seconds=3, cache_policy=NONE)
def record_task(batch: BatchPlan, sub_index: int, docs: list[DocumentRead], batch_docs: list[DocumentRead],
                home: str) -> dict:
    settings = load_settings(home)
    template = load_template()
    sub_plan = batch.submissions[sub_index]
    record = build_record(sub_plan.key, batch.name, template.form, docs, batch_docs, template,
                          settings.review_threshold)
    save(settings, batch, sub_plan.key, record, docs + batch_docs)
    report("submission", 1, sub_plan.key)
    return record


def save(settings: Settings, batch: BatchPlan, key: str, record: dict, docs: list[DocumentRead]) -> None:
    """Everything about one submission in one transaction: a crash leaves all or nothing."""
    with store.session(settings.db_url) as s, s.begin():
        b = store.upsert_batch(s, batch.name, str(batch.path))
        sub = store.upsert_submission(s, key, b.id)
        ids = []
        for d in docs:
            row = store.upsert_document(
                s, b.id, None if d.kind == "summary" and d.file.rel.count("/") == 1 else sub.id,
                d.file.rel, d.file.sha256, size=d.file.size, kind=d.kind, media=d.file.media,
                status="quarantined" if d.error else "read", error=d.error.reason if d.error else None,
                pages=len(d.pages))
            store.save_pages(s, row.id, [p.to_dict() for p in d.pages])
            ids.append(row.id)
        store.save_record(s, sub, record, ids)


@flow(name="process-batch", task_runner=ThreadPoolTaskRunner(max_workers=WORKERS))
def process_batch(inbox: str, batch_name: str, home: str) -> list[dict]:
    batch = scan_batch(Path(inbox), Path(inbox) / batch_name)
    batch_futs = [read_document_task.submit(f, home) for f in batch.files]
    sub_futs = [[read_document_task.submit(f, home) for f in sub.files] for sub in batch.submissions]
    batch_docs = [f.result() for f in batch_futs]
    records = [record_task.submit(batch, i, [f.result() for f in futs], batch_docs, home)
               for i, futs in enumerate(sub_futs)]
    return [r.result() for r in records]


@flow(name="process-inbox")
def process_inbox(inbox: str, home: str | None = None) -> dict:
    """Every batch of ``inbox``; returns per-submission summaries and the run's stats."""
    settings = load_settings(home)
    ensure_dirs(settings)
    store.migrate(settings.db_url)
    plans = scan_inbox(Path(inbox))
    report("total_pages", sum(max(f.pages, 1 if f.media in ("pdf", "image") else 0)
                              for b in plans for f in b.files + [x for s in b.submissions for x in s.files]))
    with store.session(settings.db_url) as s, s.begin():
        run = Run(inbox=str(inbox))
        s.add(run)
    records = []
    for batch in plans:
        records += process_batch(str(inbox), batch.name, str(settings.home))
    stats = {"batches": len(plans), "submissions": len(records),
             "pages": sum({(src["path"], src["sha256"]): src["pages"]  # a batch's summary once
                           for r in records for src in r["sources"]}.values()),
             "needs_review": sum(r["review"]["needs_review"] for r in records),
             "quarantined": sum(1 for r in records for src in r["sources"] if src["error"])}
    with store.session(settings.db_url) as s, s.begin():
        run = s.get(Run, run.id)
        run.finished_at, run.status, run.stats = now(), "done", stats
        s.add(run)
    return {"stats": stats, "records": [summarize(r) for r in records]}


def summarize(record: dict) -> dict:
    fields = record["fields"].values()
    return {"submission_id": record["submission_id"],
            "found": sum(1 for f in fields if f["status"] != "missing"), "total": len(record["fields"]),
            "needs_review": record["review"]["needs_review"],
            "checks_failed": sum(1 for c in record["checks"] if c["status"] == "fail"),
            "quarantined": [s["path"] for s in record["sources"] if s["error"]]}


def submissions_in_store(settings: Settings) -> list[Submission]:
    with store.session(settings.db_url) as s:
        return list(s.exec(select(Submission).order_by(Submission.key)))
