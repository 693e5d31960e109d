"""Leaf paths and statuses in the words of the forms: the one place a header is made.

A leaf's header is its catalogue label (``data/fields.yaml``) behind the section of the
申报表 it sits in (``data/labels.yaml``): ``2.3.1 产品认证数量``, ``3.2.3 国内授权发明专利 1 ·
专利号``. Columns follow the forms' order, so a person reads a row as they read the form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from core.config import DATA_DIR
from core.record import Leaf
from extractors.template import read_fields

SECTION_NUMBER = re.compile(r"^\d+(?:\.\d+)*\s*")
CHINA = ZoneInfo("Asia/Shanghai")  # the committee's clock; the store keeps UTC


@dataclass(frozen=True)
class Vocabulary:
    labels: dict[str, str]  # key ("credit_code", "summary.location") -> its header text
    sections: dict[str, str]  # key -> header prefix ("2.3.1", "自我声明", "" when none)
    order: dict[str, int]  # key -> position on the forms
    attrs: dict[str, dict[str, str]]  # list key -> attribute -> its name in Chinese
    attr_order: dict[str, list[str]]  # list key -> attributes in the catalogue's order
    words: dict[str, dict[str, str]]  # "statuses", "checks", "severities", "states"


@cache
def vocabulary() -> Vocabulary:
    fields = read_fields()
    data = yaml.safe_load((DATA_DIR / "labels.yaml").read_text(encoding="utf-8"))
    entries: dict[str, dict] = {}
    for doc in ("application", "declaration", "evidence"):
        entries.update(fields.get(doc) or {})
    summary = dict(fields["summary"])
    summary.update(summary.pop("row", {}) or {})
    entries.update({f"summary.{k}": v for k, v in summary.items()})
    entries["industry_name"] = {"label": "所属行业类别"}
    entries["summary.industry_name"] = {"label": "所属行业类别"}
    labels = {k: SECTION_NUMBER.sub("", str(v["label"])) for k, v in entries.items()}
    labels.update(data.get("headers") or {})
    unprefixed = set(data.get("unprefixed") or [])
    sections = {
        key: "" if name in unprefixed else str(name)
        for name, keys in data["sections"].items()
        for key in keys
    }
    placed = [key for keys in data["sections"].values() for key in keys]
    order = {key: n for n, key in enumerate(placed + [k for k in entries if k not in placed])}
    default = data["items"]["default"]
    attrs = {
        k: {**default, **data["items"].get(k, {})}
        for k, v in entries.items()
        if v.get("type") == "list"
    }
    attr_order = {k: list(v.get("item", {})) for k, v in entries.items() if v.get("type") == "list"}
    words = {w: data[w] for w in ("statuses", "checks", "severities", "states")}
    return Vocabulary(labels, sections, order, attrs, attr_order, words)


def _prefixed(section: str, text: str) -> str:
    return f"{section} {text}" if section else text


def header(leaf: str) -> str:
    """The column header of a record leaf; an unknown leaf keeps its key."""
    v, parsed = vocabulary(), Leaf.match(leaf)
    if parsed is None or parsed.base not in v.labels:
        return leaf
    key = parsed.base
    section, label = v.sections.get(key, ""), v.labels[key]
    if parsed.count:
        return _prefixed(section, label if label.endswith("数量") else f"{label} · 数量")
    if parsed.attr is not None and parsed.index is not None:
        item = label.removesuffix("数量")
        attr = v.attrs.get(key, {}).get(parsed.attr, parsed.attr)
        return _prefixed(section, f"{item} {parsed.index + 1} · {attr}")
    return _prefixed(section, label)


def sort_key(leaf: str) -> tuple:
    """Where a leaf's column goes: the forms' order, a list's count before its items."""
    v, parsed = vocabulary(), Leaf.match(leaf)
    if parsed is None or parsed.base not in v.order:
        return (len(v.order), 0, 0, 0, leaf)
    key, attr = parsed.base, parsed.attr
    if attr is None or parsed.index is None:
        return (v.order[key], 0, 0, 0, leaf)
    attrs = v.attr_order.get(key, [])
    return (v.order[key], 1, parsed.index, attrs.index(attr) if attr in attrs else 99, leaf)


def ordered(leaves: list[str]) -> list[str]:
    return sorted(set(leaves), key=sort_key)


def word(kind: str, value: str | None) -> str:
    """A status, check outcome, severity or state in Chinese (``kind`` names the list)."""
    if value is None:
        return ""
    return vocabulary().words[kind].get(value, value)


def shown(value: Any) -> str | int | float | None:
    """A value as a person reads it in a cell: 是/否, lists joined with 、, numbers as numbers."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(str(shown(v)) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{k}: {shown(v)}" for k, v in value.items())
    return value


def local_time(moment: datetime | None = None) -> datetime:
    """``moment`` (naive means UTC; None means now) on the committee's clock, Beijing time."""
    moment = moment or datetime.now(UTC)
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(CHINA)
