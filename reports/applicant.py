"""What the secretariat asks of one record: who, which city, how far along, what failed."""

from __future__ import annotations

from dataclasses import dataclass

from core.record import OPEN
from reports.cities import city_of, city_rank
from reports.labels import word


@dataclass(frozen=True)
class FailedCheck:
    rule: str
    severity: str
    message: str
    leaves: tuple[str, ...]


def value(record: dict, leaf: str):
    return (record.get("fields", {}).get(leaf) or {}).get("value")


def name_of(record: dict) -> str:
    """The applicant's name as the form gives it, else the summary's, else its folder."""
    for leaf in ("entity_name", "summary.entity_name", "applicant_unit", "decl_entity_name"):
        if found := value(record, leaf):
            return str(found)
    return record["submission_id"].rsplit("/", 1)[-1]


def failed_checks(record: dict) -> list[FailedCheck]:
    """Failed checks, errors before warnings, with the rules' Chinese messages."""
    failed = [
        FailedCheck(
            c["rule"], c.get("severity", "error"), c.get("detail") or c["rule"], tuple(c["fields"])
        )
        for c in record.get("checks", [])
        if c["status"] == "fail"
    ]
    return sorted(failed, key=lambda c: c.severity != "error")


def open_leaves(record: dict) -> list[str]:
    return [leaf for leaf, f in record.get("fields", {}).items() if f.get("status") in OPEN]


def state_of(record: dict) -> str:
    """checks_failed, fields_open or complete: what is left before the committee can use it."""
    if failed_checks(record):
        return "checks_failed"
    return "fields_open" if open_leaves(record) else "complete"


def state_text(record: dict) -> str:
    return word("states", state_of(record))


def in_province_order(records: list[dict]) -> list[dict]:
    """City by city as the province lists them, then batch and applicant."""
    return sorted(
        records,
        key=lambda r: (city_rank(city_of(r)), r.get("batch") or "", r["submission_id"]),
    )
