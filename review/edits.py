"""Corrections over the store: plain functions of a session.

A typed value is parsed by the normalizers' strict mode (``extractors.normalize.strict``),
written only if nobody changed the field since the reviewer loaded it (its version), kept
as a ``Correction`` row, and followed by the record's checks being run again. Reviewers
change fields of the queue; fields the pipeline accepted are for admins.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, select

from core.record import OPEN, FieldEntry, Record, Status
from extractors.normalize.strict import parse_typed
from extractors.template import leaf_type, load_catalogue
from models import store
from models.tables import Correction, FieldValue, Submission
from pipeline.recheck import recheck


@dataclass
class Outcome:
    ok: bool
    status: str = ""
    message: str = ""
    value: Any = None
    version: int = 0
    conflict: bool = False
    needs_confirm: bool = False
    refused: bool = False
    forbidden: bool = False
    missing: bool = False
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


def review(
    session: Session,
    field_id: int,
    reviewer: str,
    version: int,
    text: str | None,
    comment: str = "",
    force: bool = False,
    admin: bool = False,
) -> Outcome:
    """Confirm (``text`` None) or correct a leaf; a checksum failure may be kept with a comment."""
    fv = session.get(FieldValue, field_id)
    if fv is None:
        return Outcome(False, message="字段不存在", missing=True)
    if fv.version != version:
        return _conflict(session, fv)
    if fv.status not in OPEN and not admin:
        return Outcome(
            False,
            fv.status,
            "此字段不在待审核队列中，只有管理员可以修改",
            fv.value,
            fv.version,
            forbidden=True,
        )
    kind, options = leaf_type(fv.leaf, load_catalogue())
    if text is None or text.strip() == as_text(fv.value):
        new_value, status = fv.value, Status.CONFIRMED
    else:
        result = parse_typed(kind, text, options)
        extra = result.extra or {}
        confirmable = bool(extra.get("confirmable"))
        if not result.valid and not (confirmable and force and comment.strip()):
            message = extra.get("reason", "值无法通过校验")
            if confirmable:
                message += "；如确实如此，请填写说明后按 Enter 保存"
            return Outcome(
                False,
                fv.status,
                message,
                fv.value,
                fv.version,
                needs_confirm=confirmable,
                refused=True,
            )
        new_value = result.value
        status = Status.CONFIRMED if new_value == fv.value else Status.CORRECTED
    return _write(session, fv, reviewer, version, new_value, status, comment)


def _write(
    session: Session,
    fv: FieldValue,
    reviewer: str,
    version: int,
    new_value: Any,
    status: Status,
    comment: str,
) -> Outcome:
    """The field, its correction row and the record in one transaction, if still at ``version``.

    The version-checked update is the guard against another reviewer; the record is then the
    truth the submission's rows are derived from (``store.sync_rows``)."""
    field_id, old_value, submission_id, leaf = fv.id, fv.value, fv.submission_id, fv.leaf
    store.lock_submission(session, submission_id)  # its record: one writer at a time
    changed = session.exec(
        update(FieldValue)
        .where(FieldValue.id == field_id, FieldValue.version == version)
        .values(value=new_value, status=status.value, version=version + 1)
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
    now_at = session.get(FieldValue, field_id).version  # version + 1 unless the rows drifted
    session.commit()
    return Outcome(True, status, "", new_value, now_at, complete=complete)


def _conflict(session: Session, fv: FieldValue) -> Outcome:
    session.refresh(fv)
    last = session.exec(
        select(Correction).where(Correction.field_id == fv.id).order_by(Correction.id.desc())
    ).first()
    who = f"{last.reviewer}" if last else "另一位审核员"
    return Outcome(
        False,
        fv.status,
        f"{who} 已修改此字段，现在的值：{as_text(fv.value)}",
        fv.value,
        fv.version,
        conflict=True,
    )


def _update_record(
    session: Session, submission_id: int, leaf: str, value: Any, status: Status, reviewer: str
) -> bool:
    """Write the review into the record, run its checks again and derive the rows from it (a
    check that now fails sends its leaves back to the queue); True when nothing is left open."""
    sub = session.get(Submission, submission_id)
    record = Record.from_json(sub.record)
    entry = record.fields.get(leaf) or FieldEntry(value, status)
    record.fields[leaf] = replace(entry, value=value, status=status, reviewed_by=reviewer)
    recheck(record, record.form)
    done = record.open_count() == 0
    record.review = replace(
        record.review,
        reviewer=reviewer,
        completed_at=datetime.now(UTC).isoformat() if done else None,
    )
    sub.record, sub.updated_at = record.to_json(), datetime.now(UTC)
    sub.status = "complete" if done else "processed"
    session.add(sub)
    store.sync_rows(session, sub)
    return done
