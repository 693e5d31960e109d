"""Structured entries that come with the scans: the city's summary table (.xlsx/.csv/.docx).

The header row is found by its labels, not its position, so extra or reordered
columns still read.
"""

from __future__ import annotations

import csv
from pathlib import Path

from rapidfuzz import fuzz

from extractors.blocks import fold
from extractors.template import FieldSpec

HEADER_MIN = 80


def _rows(path: Path) -> list[list[str]]:
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        return [
            ["" if v is None else str(v) for v in row]
            for ws in wb.worksheets
            for row in ws.iter_rows(values_only=True)
        ]
    if suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as f:
            return [list(r) for r in csv.reader(f)]
    if suffix == ".docx":
        from docx import Document

        return [[c.text for c in row.cells] for t in Document(str(path)).tables for row in t.rows]
    raise ValueError(f"not a structured table: {path.name}")


def _header_map(
    row: list[str], specs: dict[str, FieldSpec], labels: dict[str, str]
) -> dict[str, int]:
    found = {}
    for key, label in labels.items():
        scores = [(fuzz.ratio(fold(label), fold(cell).strip()), i) for i, cell in enumerate(row)]
        best, i = max(scores, default=(0, -1))
        if best >= HEADER_MIN:
            found[key] = i
    return found


def read_summary(path: Path, specs: dict[str, FieldSpec], labels: dict[str, str]) -> dict:
    """{"filled_by": str | None, "rows": [{key: raw}]} from a summary table file."""
    rows = _rows(path)
    filled_by = None
    for i, row in enumerate(rows):
        text = fold("".join(row))
        if "填报单位" in text and filled_by is None:
            filled_by = text.split(":", 1)[-1].strip() or None
        columns = _header_map(row, specs, labels)
        if len(columns) >= max(3, len(labels) // 2):
            entries = []
            for r in rows[i + 1 :]:
                values = {k: (r[c].strip() if c < len(r) else "") for k, c in columns.items()}
                if any(v for k, v in values.items() if k != "seq"):
                    entries.append(values)
            return {"filled_by": filled_by, "rows": entries}
    return {"filled_by": filled_by, "rows": []}


def match_row(rows: list[dict], entity_name: str | None) -> tuple[int, dict] | None:
    """The summary row naming this applicant (fuzzy, as cities abbreviate names)."""
    if not entity_name:
        return None
    best = max(
        (
            (fuzz.ratio(fold(r.get("entity_name", "")), fold(entity_name)), i)
            for i, r in enumerate(rows)
        ),
        default=(0, -1),
    )
    return (best[1], rows[best[1]]) if best[0] >= 85 else None
