"""The review queue and corrections, over the store: plain functions of a session.

A correction is checked by the same normalizers as the pipeline's values, written
only if nobody changed the field since the reviewer loaded it (its version), kept as
a ``Correction`` row, and followed by the record's checks being run again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, select

from extractors.normalize import NORMALIZERS, Normalized, normalize
from extractors.template import field_labels, load_template
from models import store
from models.tables import Batch, Check, Correction, FieldValue, Submission
from pipeline.assemble import record_leaf_type
from pipeline.checks import apply_checks, run_checks, with_word_version

OPEN = ("needs_review", "missing")
REASONS = {
    "uscc": "统一社会信用代码校验位不正确 / the credit code's check character is wrong",
    "patent": "专利号校验位或格式不正确 / the patent number's check digit or format is wrong",
    "standard": "标准号格式不正确 / not a known standard number",
    "date": "日期无法识别 / not a date",
    "phone": "电话号码格式不正确 / not a phone number",
    "email": "邮箱格式不正确 / not an e-mail address",
}


@dataclass
class Item:
    """One leaf waiting for a reviewer, with what they need to decide."""

    field_id: int
    submission_id: int
    submission: str
    batch: str
    deadline: str | None
    leaf: str
    label: str
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


@dataclass
class Outcome:
    ok: bool
    status: str = ""
    message: str = ""
    value: Any = None
    version: int = 0
    conflict: bool = False
    needs_confirm: bool = False
    complete: bool = False


def as_text(value: Any) -> str:
    """How a value is shown in the reviewer's input box."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def _label(leaf: str, names: dict[str, str]) -> str:
    key = re.split(r"[.\[]", leaf)[0] if not leaf.startswith("summary.") else leaf
    suffix = leaf[len(key) :]
    return names.get(key, leaf) + suffix


def queue(session: Session) -> list[Item]:
    """Open leaves, the batch closest to its deadline first, then the least sure."""
    catalogue, names = load_template().catalogue, field_labels()
    rows = session.exec(
        select(FieldValue, Submission, Batch)
        .join(Submission, FieldValue.submission_id == Submission.id)
        .join(Batch, Submission.batch_id == Batch.id)
        .where(FieldValue.status.in_(OPEN))
    ).all()
    failing: dict[int, list[Check]] = {}
    for c in session.exec(select(Check).where(Check.status == "fail")):
        failing.setdefault(c.submission_id, []).append(c)
    items = [
        Item(
            fv.id,
            sub.id,
            sub.key,
            b.name,
            b.deadline,
            fv.leaf,
            _label(fv.leaf, names),
            record_leaf_type(fv.leaf, catalogue)[0],
            fv.value,
            fv.raw,
            fv.confidence,
            fv.status,
            fv.version,
            fv.document_id,
            fv.page,
            fv.bbox,
            [
                (c.rule, c.detail or "")
                for c in failing.get(sub.id, [])
                if fv.leaf in (c.fields or [])
            ],
            suggestion(sub.record or {}, fv.leaf),
        )
        for fv, sub, b in rows
    ]
    return sorted(
        items,
        key=lambda i: (
            i.deadline is None,
            i.deadline or "",
            i.batch,
            i.confidence,
            i.submission,
            i.leaf,
        ),
    )


def matching(
    items: list[Item],
    batch: str | None = None,
    city: str | None = None,
    rule: str | None = None,
    kind: str | None = None,
    limit: int = 200,
) -> list[Item]:
    """The queue narrowed by the reviewer's filters."""
    return [
        i
        for i in items
        if (not batch or i.batch == batch)
        and (not city or i.batch.startswith(city))
        and (not kind or i.kind == kind)
        and (not rule or rule in {r for r, _ in i.checks})
    ][:limit]


def suggestion(record: dict, leaf: str) -> str | None:
    """What another source says of this leaf: the Word version first, then the summary table."""
    if (word := (record.get("word") or {}).get(leaf)) is not None:
        return f"Word 版 {as_text(word)}"
    other = (
        (record.get("fields") or {}).get(f"summary.{leaf}")
        if not leaf.startswith("summary.")
        else None
    )
    return f"汇总表 {as_text(other['value'])}" if other and other.get("value") is not None else None


def parse_input(kind: str, text: str, options: tuple[str, ...]) -> Normalized:
    """A reviewer's typed value, normalized as the pipeline normalizes what it reads."""
    text = text.strip()
    if kind == "choices":
        picked = [t for t in re.split(r"[、,，;；\s]+", text) if t]
        unknown = [t for t in picked if t not in options]
        return Normalized(
            picked,
            not unknown,
            "invalid" if unknown else "as_read",
            {"reason": f"不在选项中 / not an option: {'、'.join(unknown)}"} if unknown else None,
        )
    if kind == "seal":
        value = {"是": True, "有": True, "否": False, "无": False}.get(text)
        return Normalized(value, value is not None, "as_read" if value is not None else "invalid")
    if kind == "choice" and text and text not in options:
        return Normalized(
            text, False, "invalid", {"reason": f"选项为 / options: {'、'.join(options)}"}
        )
    if kind in ("uscc", "patent"):  # a person typed it: no OCR-confusion repair
        return NORMALIZERS[kind](text, repair=False)
    return normalize(kind, text, list(options))


def _reason(kind: str, result: Normalized) -> str:
    extra = result.extra or {}
    return extra.get("reason") or REASONS.get(kind, "值无法通过校验 / the value does not validate")


def review(
    session: Session,
    field_id: int,
    reviewer: str,
    version: int,
    text: str | None,
    comment: str = "",
    force: bool = False,
) -> Outcome:
    """Confirm (``text`` None) or correct a leaf; refuse an invalid value unless confirmed with a comment."""
    fv = session.get(FieldValue, field_id)
    if fv is None:
        return Outcome(False, message="no such field / 字段不存在")
    if fv.version != version:
        return _conflict(session, fv)
    kind, options = record_leaf_type(fv.leaf, load_template().catalogue)
    if text is None or text.strip() == as_text(fv.value):
        new_value, status = fv.value, "confirmed"
    else:
        result = parse_input(kind, text, options)
        if not result.valid and not (force and comment.strip()):
            return Outcome(
                False, fv.status, _reason(kind, result), fv.value, fv.version, needs_confirm=True
            )
        new_value = result.value if result.valid else text.strip()
        status = "confirmed" if new_value == fv.value else "corrected"
    old_value, submission_id, leaf = fv.value, fv.submission_id, fv.leaf  # the update refreshes fv
    changed = session.exec(
        update(FieldValue)
        .where(FieldValue.id == fv.id, FieldValue.version == version)
        .values(value=new_value, status=status, version=version + 1)
    )
    if changed.rowcount != 1:  # another reviewer won the race between our read and write
        session.rollback()
        return _conflict(session, session.get(FieldValue, field_id))
    session.add(
        Correction(
            field_id=field_id,
            reviewer=reviewer,
            old_value=old_value,
            new_value=new_value,
            comment=comment.strip() or None,
        )
    )
    complete = _update_record(session, submission_id, leaf, new_value, status, reviewer)
    session.commit()
    return Outcome(True, status, "", new_value, version + 1, complete=complete)


def _conflict(session: Session, fv: FieldValue) -> Outcome:
    session.refresh(fv)
    last = session.exec(
        select(Correction).where(Correction.field_id == fv.id).order_by(Correction.id.desc())
    ).first()
    who = f"{last.reviewer}" if last else "another reviewer"
    return Outcome(
        False,
        fv.status,
        f"{who} 已修改此字段 / {who} changed this field: {as_text(fv.value)}",
        fv.value,
        fv.version,
        conflict=True,
    )


def _update_record(
    session: Session, submission_id: int, leaf: str, value: Any, status: str, reviewer: str
) -> bool:
    """Write the review into the record, run its checks again; True when nothing is left open."""
    sub = session.get(Submission, submission_id)
    record = dict(sub.record or {})
    fields = {k: dict(v) for k, v in record.get("fields", {}).items()}
    fields[leaf] = {
        **fields.get(leaf, {}),
        "value": value,
        "status": status,
        "reviewed_by": reviewer,
    }
    view = with_word_version(fields, record.get("word"))
    checks = run_checks(view, "summary.entity_name" in fields)
    apply_checks(view, checks)
    store.save_checks(session, submission_id, checks)
    open_count = sum(1 for f in fields.values() if f.get("status") in OPEN)
    reviewed = sum(1 for f in fields.values() if f.get("status") in ("corrected", "confirmed"))
    done = datetime.now(UTC).isoformat() if open_count == 0 else None
    record.update(
        fields=fields,
        checks=checks,
        review={
            "needs_review": open_count,
            "corrected": reviewed,
            "reviewer": reviewer,
            "completed_at": done,
        },
    )
    reopened = [lf for lf, entry in fields.items() if entry.get("status") == "needs_review"]
    session.exec(
        update(FieldValue)  # a check that now fails sends its leaves back to the queue
        .where(
            FieldValue.submission_id == submission_id,
            FieldValue.leaf.in_(reopened),
            FieldValue.status == "auto_accepted",
        )
        .values(status="needs_review")
    )
    sub.record, sub.updated_at = record, datetime.now(UTC)
    sub.status = "complete" if open_count == 0 else "processed"
    session.add(sub)
    return open_count == 0
