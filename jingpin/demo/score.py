"""Compare records with the demo's ground truth, leaf by leaf."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from core.record import Status


@dataclass
class LeafResult:
    submission: str
    variant: str
    leaf: str
    truth: object
    value: object
    found: bool
    correct: bool
    status: str | None


@dataclass
class Score:
    results: list[LeafResult] = field(default_factory=list)

    def subset(self, pred) -> Score:
        return Score([r for r in self.results if pred(r)])

    @property
    def n(self) -> int:
        return len(self.results)

    def rate(self, attr: str) -> float:
        return sum(getattr(r, attr) for r in self.results) / self.n if self.n else 0.0

    @property
    def review_rate(self) -> float:
        return (
            sum(r.status != Status.AUTO_ACCEPTED for r in self.results) / self.n if self.n else 0.0
        )

    @property
    def auto_precision(self) -> float:
        auto = [r for r in self.results if r.status == Status.AUTO_ACCEPTED]
        return sum(r.correct for r in auto) / len(auto) if auto else 1.0


def same(truth, value) -> bool:
    """Equal as the samples' scorer judges: numbers to 1e-6, texts by ``text_key``."""
    if isinstance(truth, float) or isinstance(value, float):
        try:
            return abs(float(truth) - float(value)) < 1e-6
        except (TypeError, ValueError):
            return False
    if isinstance(truth, str) and isinstance(value, str):
        return text_key(truth) == text_key(value)
    return truth == value


def text_key(text: str) -> str:
    """A text with its spaces collapsed and none beside a wide (CJK) character: OCR adds and
    loses those, and "张三 质量部经理" says what "张三质量部经理" says."""
    words = " ".join(text.split())
    return "".join(
        c
        for i, c in enumerate(words)
        if c != " " or not (_wide(words[i - 1]) or _wide(words[i + 1]))
    )


def _wide(c: str) -> bool:
    return unicodedata.east_asian_width(c) in ("W", "F")


def load_truth(truth_dir: Path) -> dict[str, dict]:
    return {
        (t := json.loads(p.read_text(encoding="utf-8")))["submission_id"]: t
        for p in sorted(truth_dir.rglob("*.json"))
    }


def score(records: list[dict], truths: dict[str, dict]) -> Score:
    """Every truth leaf of every applicant: found (present, not missing) and exactly right."""
    by_id = {r["submission_id"]: r for r in records}
    out = Score()
    for sid, truth in truths.items():
        fields = by_id.get(sid, {}).get("fields", {})
        for leaf, expected in truth["leaves"].items():
            got = fields.get(leaf)
            found = got is not None and got["status"] != Status.MISSING
            value = got["value"] if got else None
            out.results.append(
                LeafResult(
                    sid,
                    truth["variant"],
                    leaf,
                    expected,
                    value,
                    found,
                    found and same(expected, value) or (expected is None and value is None),
                    got["status"] if got else None,
                )
            )
    return out
