"""Read-only views of the store for operators: per-batch progress against deadlines, failures."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlmodel import Session, func, select

from core.record import OPEN, REVIEWED, Leaf, Status
from models.tables import Batch, Document, FieldValue, Run, Submission


def batch_rows(session: Session, today: date) -> list[dict]:
    """One row per batch, the closest deadline first: what is done and what is left."""
    rows = []
    for b in session.exec(select(Batch)):
        subs = list(
            session.exec(
                select(Submission.id, Submission.status).where(Submission.batch_id == b.id)
            )
        )
        ids = [i for i, _ in subs]
        to_review = (
            session.exec(
                select(func.count())
                .select_from(FieldValue)
                .where(FieldValue.submission_id.in_(ids), FieldValue.status.in_(OPEN))
            ).one()
            if ids
            else 0
        )
        quarantined = session.exec(
            select(func.count())
            .select_from(Document)
            .where(Document.batch_id == b.id, Document.status == "quarantined")
        ).one()
        deadline = date.fromisoformat(b.deadline) if b.deadline else None
        rows.append(
            {
                "batch": b.name,
                "deadline": b.deadline,
                "days_left": (deadline - today).days if deadline else None,
                "applicants": len(subs),
                "processed": sum(st in ("processed", "complete") for _, st in subs),
                "complete": sum(st == "complete" for _, st in subs),
                "to_review": to_review,
                "quarantined": quarantined,
            }
        )
    return sorted(rows, key=lambda r: (r["deadline"] is None, r["deadline"] or "", r["batch"]))


def recent_failures(session: Session, limit: int = 10) -> list[dict]:
    """Quarantined files, submissions with a problem, and runs that failed or never finished."""
    out = [
        {"what": "file", "name": d.path, "reason": d.error}
        for d in session.exec(
            select(Document)
            .where(Document.status == "quarantined")
            .order_by(Document.id.desc())
            .limit(limit)
        )
    ]
    out += [
        {"what": "submission", "name": s.key, "reason": s.error}
        for s in session.exec(
            select(Submission)
            .where(Submission.error.is_not(None))
            .order_by(Submission.updated_at.desc())
            .limit(limit)
        )
    ]
    out += [
        {
            "what": "run",
            "name": f"run {r.id} ({r.started_at:%Y-%m-%d %H:%M} UTC)",
            "reason": r.error
            or "did not finish (killed or still running) / 未完成（被中断或仍在运行）",
        }
        for r in session.exec(
            select(Run).where(Run.status != "done").order_by(Run.id.desc()).limit(limit)
        )
    ]
    return out[: limit * 3]


def correction_rows(session: Session) -> dict[str, list[tuple[str, int, int]]]:
    """What reviewers change most: per field (list items folded together) and per city,
    (name, leaves reviewed, leaves changed), most changed first."""
    by_field: dict[str, list[int]] = {}
    by_city: dict[str, list[int]] = {}
    query = select(FieldValue.leaf, FieldValue.status, Batch.name).where(
        FieldValue.submission_id == Submission.id,
        Submission.batch_id == Batch.id,
        FieldValue.status.in_(REVIEWED),
    )
    for leaf, status, batch in session.exec(query):
        for key, table in ((_folded(leaf), by_field), (batch.split("-")[0], by_city)):
            counts = table.setdefault(key, [0, 0])
            counts[0] += 1
            counts[1] += status == Status.CORRECTED
    return {"fields": _most_changed(by_field), "cities": _most_changed(by_city)}


def _folded(leaf: str) -> str:
    """A list item's attribute as ``key[*].attr``: every item of the list counted together."""
    parsed = Leaf.match(leaf)
    return str(replace(parsed, index=None)) if parsed and parsed.attr else leaf


def _most_changed(table: dict[str, list[int]]) -> list[tuple[str, int, int]]:
    return sorted(((k, n, c) for k, (n, c) in table.items()), key=lambda r: (-r[2], -r[1]))
