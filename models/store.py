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

    ``docs`` are the pipeline's DocumentRead objects (file, kind, pages, error): every
    document the record's ``sources`` name (their rows are found by path and hash).
    """
    with session(url) as s, s.begin():
        b = upsert_batch(s, batch_name, batch_path)
        b.deadline = deadline
        sub = upsert_submission(s, key, b.id)
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
        save_record(s, sub, record, fingerprint)


def save_record(
    session: Session, sub: Submission, record: dict, fingerprint: str | None = None
) -> None:
    """The submission's new reading as its record, keeping reviewers' work, and its rows.

    ``record`` takes the reviewed leaves of the stored record (``keep_reviewed``) in place.
    """
    sub = lock_submission(session, sub.id)
    keep_reviewed(sub.record, record)
    problems = "; ".join(f"{p['zh']} / {p['en']} [{p['code']}]" for p in record.get("problems", []))
    sub.record, sub.status, sub.error, sub.updated_at = record, "processed", problems or None, now()
    sub.fingerprint = fingerprint
    session.add(sub)
    sync_rows(session, sub)


def lock_submission(session: Session, submission_id: int) -> Submission:
    """The submission read again under a row lock, so one writer at a time changes its record
    (PostgreSQL; SQLite has one writer for the whole file anyway)."""
    query = (
        select(Submission)
        .where(Submission.id == submission_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return session.exec(query).one()


def keep_reviewed(old: dict | None, new: dict) -> None:
    """A reviewer's decisions in the stored record ``old`` carried into the new reading ``new``:
    a reviewed leaf keeps its value, status and reviewer over what was read again, and stays
    when the new reading lacks it (its corrections refer to it)."""
    if not old:
        return
    places = {(s.get("path"), s.get("sha256")): i for i, s in enumerate(new.get("sources", []))}
    for leaf, entry in old.get("fields", {}).items():
        if entry["status"] not in REVIEWED:
            continue
        kept = {k: entry[k] for k in ("value", "status", "reviewed_by") if k in entry}
        if leaf in new["fields"]:
            new["fields"][leaf] = {**new["fields"][leaf], **kept}
            continue
        sources, src = old.get("sources", []), entry.get("source")
        at = sources[src] if src is not None and 0 <= src < len(sources) else {}
        where = places.get((at.get("path"), at.get("sha256")))
        new["fields"][leaf] = {**entry, "source": where}


# The columns of a field row and of a check row that a record's entries decide.
FIELD_COLUMNS = ("value", "raw", "confidence", "status", "document_id", "page", "bbox")
CHECK_COLUMNS = ("status", "fields", "detail")
# A submission's rows as columns: field rows by leaf, check rows by rule.
Rows = tuple[dict[str, dict], dict[str, dict]]


def derived_rows(session: Session, sub: Submission) -> Rows:
    """The field and check rows ``sub.record`` stands for (the record is the truth)."""
    record = sub.record or {}
    docs = document_ids(session, sub.batch_id, record.get("sources") or [])
    fields = {leaf: field_columns(e, docs) for leaf, e in (record.get("fields") or {}).items()}
    checks = {
        c["rule"]: {"status": c["status"], "fields": c.get("fields"), "detail": c.get("detail")}
        for c in record.get("checks") or []
    }
    return fields, checks


def stored_rows(session: Session, submission_id: int) -> Rows:
    """The submission's field and check rows as they are, in ``derived_rows``' shape."""
    return (
        {
            r.leaf: {c: getattr(r, c) for c in FIELD_COLUMNS}
            for r in _field_rows(session, submission_id)
        },
        {
            r.rule: {c: getattr(r, c) for c in CHECK_COLUMNS}
            for r in _check_rows(session, submission_id)
        },
    )


def sync_rows(session: Session, sub: Submission) -> None:
    """Make the submission's field and check rows what ``sub.record`` says: the one way rows
    are written. A field row that changes gets a new version, so whoever loaded the old one
    (a reviewer's card) is told rather than overwriting what they did not see."""
    fields, checks = derived_rows(session, sub)
    rows = {r.leaf: r for r in _field_rows(session, sub.id)}
    for leaf, columns in fields.items():
        row = rows.pop(leaf, None)
        if row is None:
            session.add(FieldValue(submission_id=sub.id, leaf=leaf, **columns))
        elif any(getattr(row, c) != v for c, v in columns.items()):
            row.sqlmodel_update({**columns, "version": row.version + 1})
            session.add(row)
    for stale in rows.values():
        session.delete(stale)
    found = {r.rule: r for r in _check_rows(session, sub.id)}
    for rule, columns in checks.items():
        check = found.pop(rule, None) or Check(submission_id=sub.id, rule=rule, **columns)
        check.sqlmodel_update(columns)
        session.add(check)
    for stale in found.values():
        session.delete(stale)


def field_columns(entry: dict, docs: list[int | None]) -> dict:
    """A field row's columns from its record entry; ``docs`` are the record's sources' ids."""
    src, raw = entry.get("source"), entry.get("raw")
    return {
        "value": entry.get("value"),
        "raw": None if raw is None else str(raw),
        "confidence": entry.get("confidence", 0.0),
        "status": entry["status"],
        "document_id": docs[src] if src is not None and 0 <= src < len(docs) else None,
        "page": entry.get("page"),
        "bbox": entry.get("bbox"),
    }


def document_ids(session: Session, batch_id: int, sources: list[dict]) -> list[int | None]:
    """The ``Document`` id of each of a record's sources (by its path and hash in the batch)."""
    paths = {s.get("path") for s in sources}
    query = select(Document).where(Document.batch_id == batch_id, Document.path.in_(paths))
    ids = {(d.path, d.sha256): d.id for d in session.exec(query)}
    return [ids.get((s.get("path"), s.get("sha256"))) for s in sources]


def _field_rows(session: Session, submission_id: int) -> list[FieldValue]:
    query = select(FieldValue).where(FieldValue.submission_id == submission_id)
    return list(session.exec(query.execution_options(populate_existing=True)))


def _check_rows(session: Session, submission_id: int) -> list[Check]:
    query = select(Check).where(Check.submission_id == submission_id)
    return list(session.exec(query.execution_options(populate_existing=True)))


def session(url: str) -> Session:
    return Session(engine(url), expire_on_commit=False)
