"""``process_inbox`` → per batch, a task per document, then per submission (a subflow per
batch when its tasks go to a Dask cluster).

Stages stay in ``pipeline/``; this module only decides what runs where, retries
transient failures and writes results to the store. A submission whose files, template
and reading settings are unchanged since it was stored (its fingerprint) is skipped, so a
rerun after a crash does only what is missing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.cache_policies import NONE
from prefect.task_runners import ThreadPoolTaskRunner
from sqlmodel import select

from core.config import Settings, ensure_dirs, load_settings
from core.record import Status
from flows.progress import report
from models import store
from models.tables import Run, Submission, now
from pipeline.batches import by_deadline, deadline_of
from pipeline.form import load_form
from pipeline.ingest import BatchPlan, InboxFile, batch_folders, quarantine, scan_batch
from pipeline.process import (
    DocumentRead,
    build_record,
    fingerprint,
    read_file,
    submission_forms,
    with_kinds,
)
from pipeline.read import run_options

# How a batch's tasks are started: ``Task.submit`` on the flow's runner, or a runner's own.
Submit = Callable[[Any, dict[str, Any]], Any]


def page_count(f: InboxFile) -> int:
    return max(f.pages, 1 if f.media in ("pdf", "image") else 0)


@task(name="read-document", retries=2, retry_delay_seconds=3, cache_policy=NONE)
def read_document_task(f: InboxFile, settings: Settings) -> DocumentRead:
    """Pages only: the document's kind is settled with its submission's form (``record_task``)."""
    doc = read_file(f, run_options(settings), settings.cache_dir, settings.pages_dir, None)
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
    settings: Settings,
    deadline: str | None,
    form_id: str,
) -> dict:
    """The record of a submission on the form its documents were recognised as."""
    form = load_form(form_id)
    docs, batch_docs = with_kinds(docs, form.template), with_kinds(batch_docs, form.template)
    record = build_record(
        key, batch.name, form, docs, batch_docs, form.template, settings.review_threshold
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


def on_flow_runner(task_: Any, parameters: dict[str, Any]) -> Any:
    return task_.submit(**parameters)


def run_batch(
    batch: BatchPlan,
    settings: Settings,
    keys: dict[str, str],
    deadline: str | None = None,
    submit: Submit = on_flow_runner,
) -> list[dict]:
    """The submissions ``keys`` (key → input fingerprint) of one batch as tasks of the running
    flow; the batch's summary files are read once for all of them."""
    subs = [s for s in batch.submissions if s.key in keys]

    def read(f: InboxFile) -> Any:
        return submit(read_document_task, {"f": f, "settings": settings})

    batch_futs = [read(f) for f in batch.files]
    sub_futs = [[read(f) for f in sub.files] for sub in subs]
    batch_docs = [f.result() for f in batch_futs]
    sub_docs = [[f.result() for f in futs] for futs in sub_futs]
    forms = submission_forms(sub_docs, batch_docs)
    records = [
        submit(
            record_task,
            {
                "batch": batch,
                "key": sub.key,
                "print_": keys[sub.key],
                "docs": docs,
                "batch_docs": batch_docs,
                "settings": settings,
                "deadline": deadline,
                "form_id": form.id,
            },
        )
        for sub, docs, form in zip(subs, sub_docs, forms, strict=True)
    ]
    return [r.result() for r in records]


@flow(name="process-batch")
def process_batch(
    inbox: str,
    batch_name: str,
    settings: dict,
    keys: dict[str, str],
    deadline: str | None = None,
) -> list[dict]:
    """A batch as its own flow run, so its tasks can go to another task runner (Dask)."""
    plan = scan_batch(Path(inbox), Path(inbox) / batch_name)
    return run_batch(plan, Settings.from_dict(settings), keys, deadline)


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
    settings: Settings,
    keys: dict[str, str],
    deadline: str | None,
    dask_address: str | None,
) -> list[dict]:
    """Tasks on this run's threads, ``workers.documents`` at once (no subflow: a flow run costs
    ~1 s), or a subflow whose tasks go to an existing Dask cluster's workers."""
    if not dask_address:
        with ThreadPoolTaskRunner(max_workers=settings.workers.documents) as runner:
            return run_batch(plan, settings, keys, deadline, runner.submit)
    from prefect_dask import DaskTaskRunner

    subflow = process_batch.with_options(task_runner=DaskTaskRunner(address=dask_address))
    return subflow(str(root), plan.name, settings.to_dict(), keys, deadline)


@flow(name="process-inbox")
def process_inbox(
    inbox: str,
    home: str | None = None,
    batches: list[str] | None = None,
    force: bool = False,
    dask_address: str | None = None,
    settings: dict | None = None,
) -> dict:
    """Pending submissions of ``inbox`` (or of the named ``batches``), closest deadline first.

    ``settings`` (``Settings.to_dict()``) come from the caller; a served run, given only
    ``home``, reads them here, once, with the inbox's own ``jingpin.toml``."""
    root = Path(inbox)
    given = Settings.from_dict(settings) if settings else load_settings(home, inbox=root)
    ensure_dirs(given)
    store.migrate(given.db_url)
    return _process(root, given, batches, force, dask_address)


def _process(
    root: Path,
    settings: Settings,
    batches: list[str] | None,
    force: bool,
    dask_address: str | None,
) -> dict:
    """The run itself, recorded as a ``Run`` row; its stats, and a summary per record."""
    deadlines = dict(settings.deadlines)
    folders = by_deadline(
        [f for f in batch_folders(root) if batches is None or f.name in batches], deadlines
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
        run = Run(inbox=str(root))
        s.add(run)
    try:
        records = []
        for plan, folder in zip(plans, folders, strict=True):
            if todo[plan.name]:
                deadline = deadline_of(folder, deadlines)
                records += start_batch(
                    plan,
                    root,
                    settings,
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
        "found": sum(1 for f in fields if f["status"] != Status.MISSING),
        "total": len(record["fields"]),
        "needs_review": record["review"]["needs_review"],
        "checks_failed": sum(1 for c in record["checks"] if c["status"] == "fail"),
        "quarantined": [s["path"] for s in record["sources"] if s["error"]],
        "problems": [p["code"] for p in record.get("problems", [])],
    }


def submissions_in_store(settings: Settings) -> list[Submission]:
    with store.session(settings.db_url) as s:
        return list(s.exec(select(Submission).order_by(Submission.key)))
