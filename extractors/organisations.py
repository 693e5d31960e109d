"""Which half of an unanchored pair names an issuing body (``data/reference/organisations.yaml``)."""

from __future__ import annotations

from functools import cache

import yaml

from core.config import DATA_DIR

TABLE = DATA_DIR / "reference" / "organisations.yaml"


@cache
def _table() -> dict[str, tuple[str, ...]]:
    raw = yaml.safe_load(TABLE.read_text(encoding="utf-8"))
    return {key: tuple(raw[key]) for key in ("endings", "anchors")}


def is_body(name: str) -> bool:
    """A name that ends like a ministry, bureau, government or association."""
    return name.strip().endswith(_table()["endings"])


def names_body(anchor: str) -> bool:
    """An attribute anchor such as 颁发部门 whose value is an issuing body."""
    return any(word in anchor for word in _table()["anchors"])
