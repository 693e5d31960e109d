"""The record as types: its leaf paths, statuses, field entries and checks (records.md).

One parser and one printer for the leaf grammar, so no layer re-parses a path by hand:

    [summary.]<key>                 a scalar field ("credit_code", "summary.entity_name")
    [summary.]<key>.count           how many items a list has
    [summary.]<key>[<i>].<attr>     one attribute of item i (0-based); "[*]" is any item
    [summary.]<key>_name            the looked-up name beside a code (``NAMED`` keys)

The document a leaf belongs to follows from it: ``summary.`` the summary table, ``decl_``
the declaration, ``ev_`` the evidence, else the application. Statuses are ``StrEnum``s, so
they compare equal to the words stored in JSON and in the database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from typing import Any, Self

SUMMARY = "summary."
NAME = "_name"
# Keys whose value is a code with its looked-up name kept beside it as "<key>_name"
# (fields.yaml type ``industry``; extractors.template checks the catalogue agrees).
NAMED = frozenset({"industry"})
GRAMMAR = re.compile(
    r"(?P<summary>summary\.)?(?P<key>[a-z_]+?)"
    r"(?:(?P<count>\.count)|\[(?P<index>\d+|\*)\]\.(?P<attr>[a-z_]+)|(?P<name>_name))?"
)


@dataclass(frozen=True, order=True)
class Leaf:
    """One leaf path of a record, parsed; ``str(leaf)`` prints it back."""

    key: str
    summary: bool = False
    index: int | None = None  # with ``attr``: None is the pattern "[*]", any item
    attr: str | None = None
    count: bool = False
    name: bool = False

    @classmethod
    def match(cls, text: str) -> Leaf | None:
        """The leaf ``text`` names, or None for anything else (``word.x``, ``evidence:pages``)."""
        m = GRAMMAR.fullmatch(text)
        if m is None:
            return None
        key, named = m["key"], bool(m["name"])
        if named and key not in NAMED:  # entity_name, contact_name: keys of their own
            key, named = key + NAME, False
        index = None if m["index"] in (None, "*") else int(m["index"])
        return cls(key, bool(m["summary"]), index, m["attr"], bool(m["count"]), named)

    @classmethod
    def parse(cls, text: str) -> Leaf:
        leaf = cls.match(text)
        if leaf is None:
            raise ValueError(f"not a record leaf: {text!r}")
        return leaf

    def __str__(self) -> str:
        text = (SUMMARY if self.summary else "") + self.key
        if self.count:
            return text + ".count"
        if self.attr is not None:
            return f"{text}[{'*' if self.index is None else self.index}].{self.attr}"
        return text + (NAME if self.name else "")

    @property
    def doc(self) -> str:
        """The fields.yaml document whose catalogue types this leaf."""
        if self.summary:
            return "summary"
        if self.key.startswith("ev_"):
            return "evidence"
        return "declaration" if self.key.startswith("decl_") else "application"

    @property
    def base(self) -> str:
        """The field's own path, without item or count: ``summary.x`` for ``summary.x[0].y``."""
        return str(Leaf(self.key, self.summary, name=self.name))

    @property
    def item(self) -> str:
        """``key[i]``: the list item this attribute belongs to (an evidence document)."""
        return f"{SUMMARY if self.summary else ''}{self.key}[{self.index}]"

    def in_summary(self) -> Leaf:
        """The same leaf as the summary table states it."""
        return replace(self, summary=True)

    def covers(self, other: Leaf) -> bool:
        """Whether ``other`` is this leaf, or an item of this ``key[*].attr`` pattern."""
        if self.attr is not None and self.index is None:
            return replace(other, index=None) == self and other.index is not None
        return other == self


def count_leaf(key: str) -> str:
    return str(Leaf(key, count=True))


def item_leaf(key: str, index: int, attr: str) -> str:
    return str(Leaf(key, index=index, attr=attr))


class Status(StrEnum):
    """A field's status; adding one is one line here: its word, and whether it is open
    (waiting for a reviewer) or reviewed (a reviewer decided it)."""

    AUTO_ACCEPTED = "auto_accepted"
    NEEDS_REVIEW = "needs_review", "open"
    MISSING = "missing", "open"
    CORRECTED = "corrected", "reviewed"
    CONFIRMED = "confirmed", "reviewed"

    def __new__(cls, word: str, state: str = "") -> Self:
        member = str.__new__(cls, word)
        member._value_ = word
        member.state = state
        return member

    @property
    def is_open(self) -> bool:
        return self.state == "open"

    @classmethod
    def open(cls) -> tuple[Status, ...]:
        """The statuses of the review queue."""
        return tuple(s for s in cls if s.state == "open")

    @classmethod
    def reviewed(cls) -> tuple[Status, ...]:
        """The statuses a reviewer set: reprocessing keeps them."""
        return tuple(s for s in cls if s.state == "reviewed")


# As plain words: what a database driver binds (some write an enum member by its name).
OPEN: tuple[str, ...] = tuple(s.value for s in Status.open())
REVIEWED: tuple[str, ...] = tuple(s.value for s in Status.reviewed())


class CheckStatus(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"
    UNSURE = "unsure"  # the rule could not decide from what was read: a person looks


# Keys every field entry prints; the others only when set.
ENTRY_KEYS = ("value", "raw", "confidence", "status", "source", "page", "bbox")


@dataclass
class FieldEntry:
    """One leaf's value, where it was read, how sure that is and its status."""

    value: Any
    status: Status
    raw: Any = None
    confidence: float = 0.0
    source: int | None = None
    page: int | None = None
    bbox: list | None = None
    method: str | None = None  # as_read | repaired | invalid | empty | nothing_read | lookup
    valid: bool | None = None
    evidence: dict | None = None  # what the confidence model weighed
    reviewed_by: str | None = None
    extra: dict = field(default_factory=dict)  # keys this type does not know, kept as they are

    @classmethod
    def from_json(cls, data: dict) -> FieldEntry:
        known = {f.name for f in fields(cls)} - {"extra"}
        values = {k: v for k, v in data.items() if k in known}
        extra = {k: v for k, v in data.items() if k not in known}
        return cls(**{**values, "status": Status(data["status"])}, extra=extra)

    def to_json(self) -> dict:
        out = {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name in ENTRY_KEYS or (f.name != "extra" and getattr(self, f.name) is not None)
        }
        return {**out, "status": self.status.value, **self.extra}


@dataclass
class CheckResult:
    """One rule's result for a record; ``fields`` are the leaves it spoke about."""

    rule: str
    status: CheckStatus
    severity: str = "error"
    fields: list[str] = field(default_factory=list)
    detail: str | None = None

    @property
    def sends_to_review(self) -> bool:
        """A failed error-level check, or one unsure of its reading."""
        failed = self.status == CheckStatus.FAIL and self.severity == "error"
        return failed or self.status == CheckStatus.UNSURE

    @classmethod
    def from_json(cls, data: dict) -> CheckResult:
        return cls(
            data["rule"],
            CheckStatus(data["status"]),
            data.get("severity", "error"),
            list(data.get("fields") or []),
            data.get("detail"),
        )

    def to_json(self) -> dict:
        return {
            "rule": self.rule,
            "status": self.status.value,
            "severity": self.severity,
            "fields": self.fields,
            "detail": self.detail,
        }


@dataclass
class Review:
    needs_review: int = 0
    corrected: int = 0  # leaves a reviewer decided (corrected or confirmed)
    reviewer: str | None = None
    completed_at: str | None = None


@dataclass
class Record:
    """One applicant's record. ``word``, ``evidence`` and ``problems`` go beyond records.md
    and print only when set, so an older record reads back as it was stored."""

    submission_id: str
    batch: str
    form: str
    sources: list[dict] = field(default_factory=list)
    fields: dict[str, FieldEntry] = field(default_factory=dict)
    checks: list[CheckResult] = field(default_factory=list)
    review: Review = field(default_factory=Review)
    word: dict | None = None  # the Word version's values by leaf
    evidence: list[dict] | None = None  # per evidence page: kind, confidence, item
    problems: list[dict] | None = None
    extra: dict = field(default_factory=dict)

    def open_count(self) -> int:
        return sum(1 for f in self.fields.values() if f.status.is_open)

    def reviewed_count(self) -> int:
        return sum(1 for f in self.fields.values() if f.status in REVIEWED)

    @classmethod
    def from_json(cls, data: dict) -> Record:
        own = {f.name for f in fields(cls)} - {"fields", "checks", "review", "extra"}
        return cls(
            **{k: v for k, v in data.items() if k in own},
            fields={k: FieldEntry.from_json(v) for k, v in data.get("fields", {}).items()},
            checks=[CheckResult.from_json(c) for c in data.get("checks", [])],
            review=Review(**data.get("review", {})),
            extra={k: v for k, v in data.items() if k not in own | {"fields", "checks", "review"}},
        )

    def to_json(self) -> dict:
        out: dict[str, Any] = {
            "submission_id": self.submission_id,
            "batch": self.batch,
            "form": self.form,
            "sources": self.sources,
            "fields": {leaf: entry.to_json() for leaf, entry in self.fields.items()},
        }
        if self.word is not None:
            out["word"] = self.word
        out["checks"] = [c.to_json() for c in self.checks]
        for name in ("evidence", "problems"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        return {**out, "review": vars(self.review).copy(), **self.extra}


def matching(pattern: str, leaves: Iterable[str]) -> list[str]:
    """The leaves a rule's ``pattern`` names: itself, or each item of ``key[*].attr`` in order."""
    wanted = Leaf.parse(pattern)
    if wanted.attr is None or wanted.index is not None:
        return [pattern]
    found = (Leaf.match(leaf) for leaf in leaves)
    return [str(leaf) for leaf in sorted(f for f in found if f is not None and wanted.covers(f))]
