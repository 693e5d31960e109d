"""The store: engine, migrations, and the few transactional writes the pipeline makes."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine, select

from core.record import REVIEWED
from models.tables import Batch, Check, Document, FieldValue, Page, Submission, now

MIGRATIONS = Path(__file__).parent / "migrations"


@cache
def engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        eng = create_engine(url, connect_args={"check_same_thread": False, "timeout": 60})

        @event.listens_for(eng, "connect")
        def _pragmas(conn, _record):  # WAL: readers (the review app) never block the pipeline
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA foreign_keys=ON")

        return eng
    return create_engine(url, pool_pre_ping=True)


def migrate(url: str) -> None:
    """Bring the schema to the newest revision; safe to call on every start."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url)
    with engine(url).begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def upsert_batch(session: Session, name: str, path: str) -> Batch:
    batch = session.exec(select(Batch).where(Batch.name == name)).first()
    if batch is None:
        batch = Batch(name=name, path=path)
        session.add(batch)
        session.flush()
    return batch


def upsert_submission(session: Session, key: str, batch_id: int) -> Submission:
    sub = session.exec(select(Submission).where(Submission.key == key)).first()
    if sub is None:
        sub = Submission(key=key, batch_id=batch_id)
        session.add(sub)
        session.flush()
    return sub


def upsert_document(
    session: Session, batch_id: int, submission_id: int | None, path: str, sha256: str, **values
) -> Document:
    doc = session.exec(
        select(Document).where(
            Document.batch_id == batch_id, Document.path == path, Document.sha256 == sha256
        )
    ).first()
    if doc is None:
        doc = Document(batch_id=batch_id, submission_id=submission_id, path=path, sha256=sha256)
    for k, v in values.items():
        setattr(doc, k, v)
    doc.submission_id = submission_id
    session.add(doc)
    session.flush()
    return doc


def save_pages(session: Session, document_id: int, pages: list[dict]) -> None:
    existing = {
        p.number: p for p in session.exec(select(Page).where(Page.document_id == document_id))
    }
    for p in pages:
        row = existing.get(p["number"]) or Page(
            document_id=document_id,
            number=p["number"],
            source=p["source"],
            dpi=p["dpi"],
            width=p["width"],
            height=p["height"],
        )
        for k in (
            "source",
            "dpi",
            "width",
            "height",
            "rotation",
            "skew",
            "image_path",
            "seals",
            "timings",
        ):
            setattr(row, k, p[k])
        session.add(row)


def save_submission(
    url: str,
    batch_name: str,
    batch_path: str,
    key: str,
    record: dict,
    docs: list,
    fingerprint: str | None,
    deadline: str | None,
) -> None:
    """Everything about one submission in one transaction: a crash leaves all or nothing.

    ``docs`` are the pipeline's DocumentRead objects (file, kind, pages, error), in the order
    the record's ``source`` indexes refer to.
    """
    with session(url) as s, s.begin():
        b = upsert_batch(s, batch_name, batch_path)
        b.deadline = deadline
        sub = upsert_submission(s, key, b.id)
        ids = []
        for d in docs:
            row = upsert_document(
                s,
                b.id,
                None if d.kind == "summary" and d.file.rel.count("/") == 1 else sub.id,
                d.file.rel,
                d.file.sha256,
                size=d.file.size,
                kind=d.kind,
                media=d.file.media,
                status="quarantined" if d.error else "read",
                error=d.error.reason if d.error else None,
                pages=len(d.pages),
            )
            save_pages(s, row.id, [p.to_dict() for p in d.pages])
            ids.append(row.id)
        save_record(s, sub, record, ids, fingerprint)


def save_record(
    session: Session,
    sub: Submission,
    record: dict,
    doc_ids: list[int | None],
    fingerprint: str | None = None,
) -> None:
    """Replace the submission's fields and checks in one transaction, keeping reviewers' work."""
    existing = {
        f.leaf: f
        for f in session.exec(select(FieldValue).where(FieldValue.submission_id == sub.id))
    }
    for leaf, entry in record["fields"].items():
        row = existing.pop(leaf, None)
        if row is not None and row.status in REVIEWED:
            record["fields"][leaf] = {**entry, "value": row.value, "status": row.status}
            continue
        row = row or FieldValue(submission_id=sub.id, leaf=leaf)
        src = entry.get("source")
        row.value, row.raw = entry["value"], None if entry.get("raw") is None else str(entry["raw"])
        row.confidence, row.status = entry["confidence"], entry["status"]
        row.document_id = doc_ids[src] if src is not None and src < len(doc_ids) else None
        row.page, row.bbox = entry.get("page"), entry.get("bbox")
        session.add(row)
    for stale in existing.values():
        if stale.status not in REVIEWED:
            session.delete(stale)
    save_checks(session, sub.id, record["checks"])
    problems = "; ".join(f"{p['zh']} / {p['en']} [{p['code']}]" for p in record.get("problems", []))
    sub.record, sub.status, sub.error, sub.updated_at = record, "processed", problems or None, now()
    sub.fingerprint = fingerprint
    session.add(sub)


def save_checks(session: Session, submission_id: int, checks: list[dict]) -> None:
    """Replace a submission's check rows with ``checks`` (a rule's row is kept and updated)."""
    existing = {
        c.rule: c for c in session.exec(select(Check).where(Check.submission_id == submission_id))
    }
    for c in checks:
        row = existing.pop(c["rule"], None) or Check(
            submission_id=submission_id, rule=c["rule"], status=c["status"]
        )
        row.status, row.fields, row.detail = c["status"], c.get("fields"), c.get("detail")
        session.add(row)
    for stale in existing.values():
        session.delete(stale)


def session(url: str) -> Session:
    return Session(engine(url), expire_on_commit=False)
