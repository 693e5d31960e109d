"""One applicant's review file from the store: its record, the reviewers' corrections and the
crops of the scan behind each leaf. Everything a 审核 sheet shows, read in one session."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from core.record import Status
from models.tables import Correction, FieldValue, Page, Submission
from reports import crops


@dataclass(frozen=True)
class Change:
    """One correction as the committee reads it: who, when, which leaf, old → new, why."""

    reviewer: str
    at: datetime
    leaf: str
    old: Any
    new: Any
    comment: str | None


@dataclass
class Dossier:
    submission_id: int
    record: dict
    changes: list[Change] = field(default_factory=list)
    crops: dict[str, Path] = field(default_factory=dict)  # leaf -> crop image of its box


def changes_of(session: Session, submission_id: int) -> list[Change]:
    rows = session.exec(
        select(Correction, FieldValue)
        .join(FieldValue, Correction.field_id == FieldValue.id)
        .where(FieldValue.submission_id == submission_id)
        .order_by(Correction.created_at, Correction.id)
    ).all()
    return [
        Change(c.reviewer, c.created_at, fv.leaf, c.old_value, c.new_value, c.comment)
        for c, fv in rows
    ]


def crops_of(session: Session, submission_id: int, leaves: set[str], cache: Path) -> dict:
    """The review app's crop (``reports.crops``) of each of ``leaves`` that has a box on an image."""
    rows = session.exec(
        select(FieldValue, Page)
        .join(
            Page,
            (Page.document_id == FieldValue.document_id) & (Page.number == FieldValue.page),
        )
        .where(FieldValue.submission_id == submission_id, FieldValue.leaf.in_(leaves))
    ).all()
    return {
        fv.leaf: crops.field_crop(page.image_path, fv.bbox, cache)
        for fv, page in rows
        if fv.bbox and page.image_path and Path(page.image_path).exists()
    }


def shown_leaves(record: dict) -> set[str]:
    """Leaves a sheet shows with their scan: those of failed checks, and those still unsure."""
    failed = {
        leaf for c in record.get("checks", []) if c["status"] == "fail" for leaf in c["fields"]
    }
    unsure = {
        leaf
        for leaf, f in record.get("fields", {}).items()
        if f.get("status") == Status.NEEDS_REVIEW
    }
    return failed | unsure


def dossier(session: Session, sub: Submission, cache: Path) -> Dossier:
    record = sub.record or {}
    return Dossier(
        sub.id,
        record,
        changes_of(session, sub.id),
        crops_of(session, sub.id, shown_leaves(record), cache),
    )


def dossiers(session: Session, cache: Path) -> list[Dossier]:
    subs = session.exec(select(Submission).order_by(Submission.key)).all()
    return [dossier(session, s, cache) for s in subs if s.record]
