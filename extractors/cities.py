"""Hubei's 17 市州 (``data/cities.yaml``) and which of them a text names."""

from __future__ import annotations

from functools import cache

import yaml

from core.config import DATA_DIR


@cache
def table() -> tuple[tuple[str, ...], dict[str, str], str]:
    """(the cities in the province's order, aliases, the name for none of them)."""
    data = yaml.safe_load((DATA_DIR / "cities.yaml").read_text(encoding="utf-8"))
    return tuple(data["cities"]), dict(data.get("aliases") or {}), data["unknown"]


def named_in(text: str) -> str | None:
    """The city ``text`` starts with ("十堰市-2024-07", "十堰市市场监督管理局"), if any."""
    names, aliases, _ = table()
    known = {**{n: n for n in names}, **aliases}
    for written in sorted(known, key=len, reverse=True):  # 恩施土家族苗族自治州 before 恩施
        if text.startswith(written):
            return known[written]
    return None
