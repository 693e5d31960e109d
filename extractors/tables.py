"""Rows of a ruled table on a page (the city's summary scan), found by its header labels.

The header row is the row of cells that best matches the column labels; every later
row of cells is a record, each cell assigned to the column whose header it sits under.
Pure: blocks in, rows of raw text out.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from extractors.blocks import Block, fold

HEADER_MIN = 70


def _key(text: str) -> str:
    return re.sub(r"\s+", "", fold(text))


def _rows(cells: list[Block]) -> list[list[Block]]:
    """Cells grouped into table rows by their vertical centres, top to bottom."""
    rows: list[list[Block]] = []
    for cell in sorted(cells, key=lambda b: (b.bbox[1] + b.bbox[3]) / 2):
        cy, h = (cell.bbox[1] + cell.bbox[3]) / 2, cell.bbox[3] - cell.bbox[1]
        if rows and abs(cy - (rows[-1][0].bbox[1] + rows[-1][0].bbox[3]) / 2) < 0.4 * h:
            rows[-1].append(cell)
        else:
            rows.append([cell])
    return [sorted(r, key=lambda b: b.bbox[0]) for r in rows]


def _header(row: list[Block], labels: dict[str, str]) -> dict[str, Block]:
    """Columns of a row, one label to a cell, best matches first."""
    pairs = sorted(
        (
            (fuzz.ratio(_key(label), _key(cell.text)), key, i)
            for key, label in labels.items()
            for i, cell in enumerate(row)
            if cell.text
        ),
        reverse=True,
    )
    columns, used = {}, set()
    for score, key, i in pairs:
        if score >= HEADER_MIN and key not in columns and i not in used:
            columns[key] = row[i]
            used.add(i)
    return columns


def table_rows(blocks: list[Block], labels: dict[str, str]) -> list[dict[str, str]]:
    """Each data row under the best header row, per page, as {column key: cell text}."""
    out = []
    for page in sorted({b.page for b in blocks}):
        rows = _rows([b for b in blocks if b.page == page and b.is_cell])
        headers = [(_header(r, labels), i) for i, r in enumerate(rows)]
        columns, at = max(headers, key=lambda h: len(h[0]), default=({}, -1))
        if len(columns) < max(3, len(labels) // 2):
            continue
        for row in rows[at + 1 :]:
            values = {}
            for cell in row:
                cx = (cell.bbox[0] + cell.bbox[2]) / 2
                key = next((k for k, h in columns.items() if h.bbox[0] <= cx <= h.bbox[2]), None)
                if key is not None:
                    values[key] = cell.text.strip()
            if any(v for k, v in values.items() if k != "seq"):
                out.append(values)
    return out
