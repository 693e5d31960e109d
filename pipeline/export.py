"""Records out: JSON Lines (one record a line), CSV and XLSX (the same leaves, flattened)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

FORMATS = ("jsonl", "csv", "xlsx")
HEAD = [
    "submission_id",
    "batch",
    "form",
    "needs_review",
    "checks_failed",
    "reviewer",
    "review_completed_at",
]
DETAIL = [
    "submission_id",
    "leaf",
    "value",
    "raw",
    "confidence",
    "status",
    "reviewed_by",
    "source",
    "page",
    "bbox",
]


def _cell(value) -> str | int | float | None:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def leaves(records: list[dict]) -> list[str]:
    seen: dict[str, None] = {}
    for r in records:
        seen.update(dict.fromkeys(r["fields"]))
    return list(seen)


def wide_rows(records: list[dict]) -> tuple[list[str], list[list]]:
    """One row per applicant: identity, review counts, then every leaf's value."""
    cols = leaves(records)
    rows = [
        [
            r["submission_id"],
            r["batch"],
            r["form"],
            r["review"]["needs_review"],
            sum(1 for c in r["checks"] if c["status"] == "fail"),
            r["review"].get("reviewer"),
            r["review"].get("completed_at"),
        ]
        + [_cell(r["fields"].get(leaf, {}).get("value")) for leaf in cols]
        for r in records
    ]
    return HEAD + cols, rows


def detail_rows(records: list[dict]) -> list[list]:
    return [
        [r["submission_id"], leaf] + [_cell(f.get(k)) for k in DETAIL[2:]]
        for r in records
        for leaf, f in r["fields"].items()
    ]


def jsonl_line(record: dict) -> str:
    """One record as a JSON Lines line: the form the export and the read API both hand out."""
    return json.dumps(record, ensure_ascii=False) + "\n"


def export(records: list[dict], fmt: str, out: Path) -> Path:
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonl":
        with out.open("w", encoding="utf-8") as f:
            for r in records:
                f.write(jsonl_line(r))
    elif fmt == "csv":
        header, rows = wide_rows(records)
        with out.open("w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(header)
            writer.writerows(rows)
    else:
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = "records"
        header, rows = wide_rows(records)
        ws.append(header)
        for row in rows:
            ws.append(row)
        detail = wb.create_sheet("fields")
        detail.append(DETAIL)
        for row in detail_rows(records):
            detail.append(row)
        wb.save(out)
    return out
