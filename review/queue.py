"""The review queue over the store: every open leaf, ordered, filtered, one page at a time.

Ordering and filtering read narrow columns only (ids, leaf, confidence, batch); the JSON of
values, boxes, checks and the Word version is read for the page's rows alone, so a page
costs the same at 400 open fields as at 10,000.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any, NamedTuple

from sqlmodel import Session, select

from models.tables import Batch, Check, FieldValue, Submission
from pipeline.assemble import record_leaf_type
from review.edits import OPEN, as_text, template
from review.labels import leaf_label, status_label, type_label

PAGE_SIZE = 50


@dataclass(frozen=True)
class Filters:
    batch: str | None = None
    city: str | None = None
    rule: str | None = None
    kind: str | None = None


class Row(NamedTuple):
    """One open leaf as the queue orders it: nothing here needs JSON decoding."""

    field_id: int
    leaf: str
    submission_id: int
    confidence: float
    status: str
    submission: str
    batch: str
    deadline: str | None


@dataclass
class Item:
    """One leaf waiting for a reviewer, with what they need to decide."""

    field_id: int
    submission_id: int
    submission: str
    batch: str
    deadline: str | None
    leaf: str
    kind: str
    value: Any
    raw: str | None
    confidence: float
    status: str
    version: int
    document_id: int | None
    page: int | None
    bbox: list | None
    checks: list[tuple[str, str]] = field(default_factory=list)
    suggestion: str | None = None

    @property
    def text(self) -> str:
        return as_text(self.value)

    @property
    def label(self) -> str:
        return leaf_label(self.leaf)

    @property
    def status_text(self) -> str:
        return status_label(self.status)

    @property
    def kind_text(self) -> str:
        return type_label(self.kind)


@dataclass
class QueuePage:
    items: list[Item]
    total: int  # open leaves matching the filters, on every page together
    offset: int
    limit: int
    kinds: list[str]  # field types present in the whole queue, for the filter


@cache
def leaf_kind(leaf: str) -> str:
    return record_leaf_type(leaf, template().catalogue)[0]


def order_key(row: Row) -> tuple:
    """The batch closest to its deadline first, then fields read but unsure before missing
    ones, the least sure first."""
    return (
        row.deadline is None,
        row.deadline or "",
        row.batch,
        row.status == "missing",
        row.confidence,
        row.submission,
        row.leaf,
    )


def open_rows(session: Session, filters: Filters) -> list[Row]:
    query = (
        select(
            FieldValue.id,
            FieldValue.leaf,
            FieldValue.submission_id,
            FieldValue.confidence,
            FieldValue.status,
            Submission.key,
            Batch.name,
            Batch.deadline,
        )
        .join(Submission, FieldValue.submission_id == Submission.id)
        .join(Batch, Submission.batch_id == Batch.id)
        .where(FieldValue.status.in_(OPEN))
    )
    if filters.batch:
        query = query.where(Batch.name == filters.batch)
    if filters.city:
        query = query.where(Batch.name.startswith(filters.city, autoescape=True))
    return [Row(*r) for r in session.exec(query)]


def failing_checks(session: Session, submission_ids: set[int] | None = None) -> dict:
    """submission id → [(rule, detail, fields)] of its failing checks."""
    query = select(Check).where(Check.status == "fail")
    if submission_ids is not None:
        query = query.where(Check.submission_id.in_(submission_ids))
    out: dict[int, list[tuple[str, str, list]]] = {}
    for c in session.exec(query):
        out.setdefault(c.submission_id, []).append((c.rule, c.detail or "", c.fields or []))
    return out


def queue_page(
    session: Session, filters: Filters, offset: int = 0, limit: int = PAGE_SIZE
) -> QueuePage:
    """One page of the ordered, filtered queue, and the true number of matching leaves."""
    rows = open_rows(session, filters)
    kinds = sorted({leaf_kind(r.leaf) for r in rows})
    if filters.kind:
        rows = [r for r in rows if leaf_kind(r.leaf) == filters.kind]
    if filters.rule:
        failing = failing_checks(session, {r.submission_id for r in rows})
        rows = [
            r
            for r in rows
            if any(
                rule == filters.rule and r.leaf in f
                for rule, _, f in failing.get(r.submission_id, [])
            )
        ]
    rows.sort(key=order_key)
    offset = max(0, min(offset, len(rows)))
    return QueuePage(items(session, rows[offset : offset + limit]), len(rows), offset, limit, kinds)


def items(session: Session, rows: list[Row]) -> list[Item]:
    """The page's rows with their values, boxes, failing checks and the other sources."""
    ids = [r.field_id for r in rows]
    subs = {r.submission_id for r in rows}
    fields = {f.id: f for f in session.exec(select(FieldValue).where(FieldValue.id.in_(ids)))}
    failing = failing_checks(session, subs)
    others = suggestions(session, rows)
    return [
        _item(r, fields[r.field_id], failing.get(r.submission_id, []), others.get(r.field_id))
        for r in rows
        if r.field_id in fields  # gone since the rows were read: reprocessed meanwhile
    ]


def _item(r: Row, fv: FieldValue, failing: list, suggestion: str | None) -> Item:
    return Item(
        r.field_id,
        r.submission_id,
        r.submission,
        r.batch,
        r.deadline,
        r.leaf,
        leaf_kind(r.leaf),
        fv.value,
        fv.raw,
        fv.confidence,
        fv.status,
        fv.version,
        fv.document_id,
        fv.page,
        fv.bbox,
        [(rule, detail) for rule, detail, leaves in failing if r.leaf in leaves],
        suggestion,
    )


def suggestions(session: Session, rows: list[Row]) -> dict[int, str]:
    """What another source says of each leaf: the Word version first, then the summary table."""
    subs = {r.submission_id for r in rows}
    word = {
        sid: w or {}
        for sid, w in session.exec(
            select(Submission.id, Submission.record["word"]).where(Submission.id.in_(subs))
        )
    }
    wanted = {f"summary.{r.leaf}" for r in rows if not r.leaf.startswith("summary.")}
    summary = {
        (sid, leaf): value
        for sid, leaf, value in session.exec(
            select(FieldValue.submission_id, FieldValue.leaf, FieldValue.value).where(
                FieldValue.submission_id.in_(subs), FieldValue.leaf.in_(wanted)
            )
        )
    }
    out = {}
    for r in rows:
        if (w := word.get(r.submission_id, {}).get(r.leaf)) is not None:
            out[r.field_id] = f"Word 版 {as_text(w)}"
        elif (s := summary.get((r.submission_id, f"summary.{r.leaf}"))) is not None:
            out[r.field_id] = f"汇总表 {as_text(s)}"
    return out
