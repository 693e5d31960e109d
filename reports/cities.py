"""Which of Hubei's 市州 recommended a submission, and the province's order of them."""

from __future__ import annotations

from extractors.cities import named_in, table


def cities() -> tuple[str, ...]:
    """The 17 市州 in the order the province lists them (``data/cities.yaml``)."""
    return table()[0]


def city_of(record: dict) -> str:
    """The city a submission came through: its batch folder, else its 市州市场监管部门."""
    regulator = (record.get("fields", {}).get("city_regulator") or {}).get("value")
    for text in (record.get("batch") or "", str(regulator or "")):
        if found := named_in(text.strip()):
            return found
    return table()[2]


def city_rank(city: str) -> int:
    """Position in the province's order; an unknown city goes last."""
    names = cities()
    return names.index(city) if city in names else len(names)
