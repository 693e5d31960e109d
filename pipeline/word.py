"""The Word version of a form (.docx) as blocks, so the same template locates its fields.

Paragraphs become lines and table cells become cells on a notional page: each table
row is a band, each column a slot, and a merged cell (python-docx repeats it in every
grid position it covers) spans its slots, so "cell to the right" means what it means
on paper.
"""

from __future__ import annotations

from pathlib import Path

from extractors.blocks import Block, fold, text_block

ROW, COL, LINE = 60.0, 400.0, 40.0


def docx_blocks(path: Path) -> list[Block]:
    """Blocks of a .docx in document order (page 1, notional coordinates)."""
    from docx import Document

    doc = Document(str(path))
    blocks, y = [], 0.0
    body = doc.element.body
    tables = {t._tbl: t for t in doc.tables}
    paragraphs = {p._p: p for p in doc.paragraphs}
    for child in body.iterchildren():
        if child in paragraphs:
            text = fold(paragraphs[child].text).strip()
            if text:
                blocks.append(text_block(1, (0.0, y, 10 * COL, y + LINE), text, False))
            y += LINE
        elif child in tables:
            cells, height = _table_cells(tables[child], y)
            blocks.extend(cells)
            y += height + LINE
    return blocks


def _table_cells(table, top: float) -> tuple[list[Block], float]:
    spans: dict[int, list] = {}
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            box = spans.setdefault(id(cell._tc), [cell, r, c, r, c])
            box[3], box[4] = max(box[3], r), max(box[4], c)
    blocks = [
        text_block(
            1,
            (c0 * COL, top + r0 * ROW, (c1 + 1) * COL, top + (r1 + 1) * ROW),
            fold(cell.text).strip(),
            True,
        )
        for cell, r0, c0, r1, c1 in spans.values()
    ]
    return blocks, len(table.rows) * ROW
