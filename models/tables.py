"""jingpin's tables. Natural keys are unique, so every write can be an idempotent upsert."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.record import Status


def now() -> datetime:
    return datetime.now(UTC)


class Batch(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, index=True)
    path: str
    deadline: str | None = None
    created_at: datetime = Field(default_factory=now)


class Submission(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, index=True)  # "<batch folder>/<applicant folder>"
    batch_id: int = Field(foreign_key="batch.id", index=True)
    status: str = "pending"  # pending | processed | failed | complete
    error: str | None = None
    record: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    fingerprint: str | None = (
        None  # inputs' sha256 + template/engine versions; equal → nothing to redo
    )
    updated_at: datetime = Field(default_factory=now)


class Document(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("batch_id", "path", "sha256"),)
    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(foreign_key="batch.id", index=True)
    submission_id: int | None = Field(default=None, foreign_key="submission.id", index=True)
    path: str  # relative to the inbox, as written on disk
    sha256: str = Field(index=True)
    size: int = 0
    kind: str = "unknown"  # application | declaration | summary | unknown
    media: str = "pdf"
    status: str = "pending"  # pending | read | quarantined | failed
    error: str | None = None
    pages: int = 0


class Page(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("document_id", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    number: int
    source: str  # text | ocr
    dpi: int
    width: int
    height: int
    rotation: int = 0
    skew: float = 0.0
    image_path: str | None = None
    seals: list | None = Field(default=None, sa_column=Column(JSON))
    timings: dict | None = Field(default=None, sa_column=Column(JSON))


class FieldValue(SQLModel, table=True):
    __tablename__ = "field"
    __table_args__ = (
        UniqueConstraint("submission_id", "leaf"),
        Index("ix_field_status", "status"),  # the review queue reads open fields only
    )
    id: int | None = Field(default=None, primary_key=True)
    submission_id: int = Field(foreign_key="submission.id", index=True)
    leaf: str
    value: Any = Field(default=None, sa_column=Column(JSON))
    raw: str | None = None
    confidence: float = 0.0
    status: str = Status.MISSING.value
    document_id: int | None = Field(default=None, foreign_key="document.id")
    page: int | None = None
    bbox: list | None = Field(default=None, sa_column=Column(JSON))
    version: int = 1


class Check(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("submission_id", "rule"),)
    id: int | None = Field(default=None, primary_key=True)
    submission_id: int = Field(foreign_key="submission.id", index=True)
    rule: str
    status: str  # pass | fail | not_applicable
    fields: list | None = Field(default=None, sa_column=Column(JSON))
    detail: str | None = None


class Correction(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    field_id: int = Field(foreign_key="field.id", index=True)
    reviewer: str
    old_value: Any = Field(default=None, sa_column=Column(JSON))
    new_value: Any = Field(default=None, sa_column=Column(JSON))
    comment: str | None = None
    created_at: datetime = Field(default_factory=now)


class User(SQLModel, table=True):
    """A person of the secretariat: reviewers correct fields, admins also manage users."""

    __tablename__ = "app_user"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, index=True)
    password_hash: str
    role: str = "reviewer"  # reviewer | admin
    created_at: datetime = Field(default_factory=now)
    # Bumped by logout, a password change and disabling: every older session cookie ends.
    session_version: int = 0
    disabled: bool = False


class Run(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    inbox: str
    started_at: datetime = Field(default_factory=now)
    finished_at: datetime | None = None
    status: str = "running"  # running | done | failed (a killed run stays "running")
    error: str | None = None
    stats: dict | None = Field(default=None, sa_column=Column(JSON))


class ApiToken(SQLModel, table=True):
    """A program's key to the read API (``review/api.py``): only the token's SHA-256 is kept."""

    __tablename__ = "api_token"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, index=True)
    token_hash: str = Field(unique=True, index=True)
    created_at: datetime = Field(default_factory=now)
    revoked_at: datetime | None = None
