"""Which of Hubei's 市州 recommended a submission, and the province's order of them."""

from __future__ import annotations

from functools import cache

import yaml

from core.config import DATA_DIR


@cache
def _cities() -> tuple[tuple[str, ...], dict[str, str], str]:
    data = yaml.safe_load((DATA_DIR / "cities.yaml").read_text(encoding="utf-8"))
    return tuple(data["cities"]), dict(data.get("aliases") or {}), data["unknown"]


def cities() -> tuple[str, ...]:
    """The 17 市州 in the order the province lists them (``data/cities.yaml``)."""
    return _cities()[0]


def _named_in(text: str) -> str | None:
    names, aliases, _ = _cities()
    known = {**{n: n for n in names}, **aliases}
    for written in sorted(known, key=len, reverse=True):  # 恩施土家族苗族自治州 before 恩施
        if text.startswith(written):
            return known[written]
    return None


def city_of(record: dict) -> str:
    """The city a submission came through: its batch folder, else its 市州市场监管部门."""
    regulator = (record.get("fields", {}).get("city_regulator") or {}).get("value")
    for text in (record.get("batch") or "", str(regulator or "")):
        if found := _named_in(text.strip()):
            return found
    return _cities()[2]


def city_rank(city: str) -> int:
    """Position in the province's order; an unknown city goes last."""
    names = cities()
    return names.index(city) if city in names else len(names)
