"""The review queue over the store: every open leaf, ordered, filtered, one page at a time.

The database orders and counts the open fields by narrow, indexed columns; the JSON of
values, boxes, checks and the Word version is read for the page's rows alone, so a page
costs nearly the same at 400 open fields as at 10,000.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import Select, func
from sqlmodel import Session, select

from core.record import OPEN, Leaf, Status
from extractors.template import leaf_type, load_catalogue
from models.tables import Batch, Check, FieldValue, Submission
from review.edits import as_text
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
    return leaf_type(leaf, load_catalogue())[0]


# The batch closest to its deadline first, then fields read but unsure before fields not
# found, the least sure first.
ORDER = (
    Batch.deadline.is_(None),
    Batch.deadline,
    Batch.name,
    FieldValue.status == Status.MISSING.value,
    FieldValue.confidence,
    Submission.key,
    FieldValue.leaf,
)
ROW_COLUMNS = (
    FieldValue.id,
    FieldValue.leaf,
    FieldValue.submission_id,
    FieldValue.confidence,
    FieldValue.status,
    Submission.key,
    Batch.name,
    Batch.deadline,
)


def scoped(query: Select, filters: Filters) -> Select:
    """``query`` over the open fields of the batches the filters name."""
    query = (
        query.join(Submission, FieldValue.submission_id == Submission.id)
        .join(Batch, Submission.batch_id == Batch.id)
        .where(FieldValue.status.in_(OPEN))
    )
    if filters.batch:
        query = query.where(Batch.name == filters.batch)
    if filters.city:
        query = query.where(Batch.name.startswith(filters.city, autoescape=True))
    return query


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
    """One page of the ordered, filtered queue, and the true number of matching leaves.

    The database orders, counts and cuts the page; a field's type comes from its leaf name,
    so the type filter is a list of the open leaves of that type.
    """
    leaves = set(session.exec(scoped(select(FieldValue.leaf).distinct(), filters)))
    kinds = sorted({leaf_kind(leaf) for leaf in leaves})
    query = scoped(select(*ROW_COLUMNS), filters)
    if filters.kind:
        wanted = sorted(leaf for leaf in leaves if leaf_kind(leaf) == filters.kind)
        query = query.where(FieldValue.leaf.in_(wanted))
    offset = max(0, offset)
    if filters.rule:  # a rare filter over the checks' JSON: read the rows, keep the failing
        failing = failing_checks(session)
        rows = [
            r
            for r in map(Row._make, session.exec(query.order_by(*ORDER)))
            if any(
                rule == filters.rule and r.leaf in touched
                for rule, _, touched in failing.get(r.submission_id, [])
            )
        ]
        total, rows = len(rows), rows[offset : offset + limit]
    else:
        total = session.exec(select(func.count()).select_from(query.subquery())).one()
        rows = list(
            map(Row._make, session.exec(query.order_by(*ORDER).offset(offset).limit(limit)))
        )
    return QueuePage(items(session, rows), total, offset, limit, kinds)


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


def summary_twin(leaf: str) -> str | None:
    """The same leaf as the summary table states it; None for a summary leaf itself."""
    parsed = Leaf.parse(leaf)
    return None if parsed.summary else str(parsed.in_summary())


def suggestions(session: Session, rows: list[Row]) -> dict[int, str]:
    """What another source says of each leaf: the Word version first, then the summary table."""
    subs = {r.submission_id for r in rows}
    word = {
        sid: w or {}
        for sid, w in session.exec(
            select(Submission.id, Submission.record["word"]).where(Submission.id.in_(subs))
        )
    }
    twins = {r.field_id: summary_twin(r.leaf) for r in rows}
    summary = {
        (sid, leaf): value
        for sid, leaf, value in session.exec(
            select(FieldValue.submission_id, FieldValue.leaf, FieldValue.value).where(
                FieldValue.submission_id.in_(subs),
                FieldValue.leaf.in_({t for t in twins.values() if t}),
            )
        )
    }
    out = {}
    for r in rows:
        if (w := word.get(r.submission_id, {}).get(r.leaf)) is not None:
            out[r.field_id] = f"Word 版 {as_text(w)}"
        elif (s := summary.get((r.submission_id, twins[r.field_id]))) is not None:
            out[r.field_id] = f"汇总表 {as_text(s)}"
    return out
