"""Batch-level decisions with no I/O beyond reading the inbox: deadlines, order, settled folders.

Deadlines come from the batch folder (a ``截止日期.txt`` or ``deadline.txt`` holding a date),
else from the settings' ``deadlines`` (``jingpin.toml`` ``[deadlines]``: one per batch name, or
``default``; ``core.config`` reads them, the inbox's own file over the project's).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from core.config import CONFIG_NAME

DEADLINE_FILES = ("截止日期.txt", "deadline.txt")
BATCH_META = {*DEADLINE_FILES, CONFIG_NAME}  # operators' files inside an inbox, not submissions
DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def parse_date(text: str) -> date | None:
    m = DATE.search(text)
    try:
        return date(*(int(g) for g in m.groups())) if m else None
    except ValueError:
        return None


def deadline_of(folder: Path, deadlines: Mapping[str, str]) -> date | None:
    for name in DEADLINE_FILES:
        path = folder / name
        if path.is_file():
            found = parse_date(path.read_text(encoding="utf-8", errors="replace"))
            if found:
                return found
    value = deadlines.get(folder.name, deadlines.get("default"))
    return parse_date(value) if value else None


def by_deadline(folders: list[Path], deadlines: Mapping[str, str]) -> list[Path]:
    """Closest deadline first; batches with none last, by name."""

    def key(folder: Path) -> tuple:
        d = deadline_of(folder, deadlines)
        return (d is None, d or date.max, folder.name)

    return sorted(folders, key=key)


@dataclass(frozen=True)
class Listing:
    """What a folder holds, cheaply: names, sizes and modification times (no file is read)."""

    signature: str
    newest: float  # latest mtime, seconds


def listing(folder: Path) -> Listing:
    h = hashlib.sha256()
    newest = 0.0
    for path in sorted(folder.rglob("*")):
        try:
            st = path.lstat()
        except FileNotFoundError:  # removed while we looked: the folder is not settled
            newest = float("inf")
            continue
        h.update(
            f"{path.relative_to(folder)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode(
                "utf-8", "surrogateescape"
            )
        )
        newest = max(newest, st.st_mtime)
    return Listing(h.hexdigest(), newest)


@dataclass
class SettleWatch:
    """Reports a batch folder once it has stopped changing, and again only after it changes.

    A folder still being copied keeps changing its listing, so it is never reported half-way.
    """

    settle_seconds: float
    seen: dict[str, tuple[str, float]] = field(default_factory=dict)  # name → (signature, since)
    reported: dict[str, str] = field(default_factory=dict)  # name → signature last reported

    def settled(self, listings: dict[str, Listing], now: float) -> list[str]:
        out = []
        for name, current in sorted(listings.items()):
            signature, since = self.seen.get(name, (None, now))
            if signature != current.signature:
                since = now
            self.seen[name] = (current.signature, since)
            quiet = (
                now - since >= self.settle_seconds and now - current.newest >= self.settle_seconds
            )
            if quiet and self.reported.get(name) != current.signature:
                self.reported[name] = current.signature
                out.append(name)
        for gone in set(self.seen) - set(listings):
            self.seen.pop(gone)
            self.reported.pop(gone, None)
        return out
