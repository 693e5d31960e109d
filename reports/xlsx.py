"""Sheets a person can read: bold wrapped headers, frozen panes, widths that fit CJK text."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
UNSURE_FILL = PatternFill("solid", fgColor="FFEB9C")  # needs a reviewer: Excel's "neutral" yellow
MISSING_FILL = PatternFill("solid", fgColor="F8CBAD")  # not found on the form
FAILED_FILL = PatternFill("solid", fgColor="FFC7CE")
THIN = Side(style="thin", color="BFBFBF")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
MAX_WIDTH, MIN_WIDTH = 48, 6


def text_width(value) -> int:
    """Columns a value takes: a CJK or full-width character is two."""
    if value is None:
        return 0
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in str(value))


def write_table(
    ws: Worksheet,
    headers: Sequence[str],
    rows: Sequence[Sequence],
    frozen_columns: int = 0,
    fills: dict[tuple[int, int], PatternFill] | None = None,
    header_row: int = 1,
) -> None:
    """Headers and rows from ``header_row`` on; ``fills`` maps (row index, column index) to a fill."""
    for col, text in enumerate(headers, start=1):
        cell = ws.cell(header_row, col, text)
        cell.font, cell.fill, cell.border = Font(bold=True), HEADER_FILL, GRID
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            cell = ws.cell(header_row + 1 + r, c + 1, value)
            cell.border, cell.alignment = GRID, wrap
            if fills and (r, c) in fills:
                cell.fill = fills[(r, c)]
    ws.freeze_panes = ws.cell(header_row + 1, frozen_columns + 1).coordinate
    ws.auto_filter.ref = (
        f"A{header_row}:{get_column_letter(max(1, len(headers)))}{header_row + len(rows)}"
    )
    fit_widths(ws, headers, rows)


def fit_widths(ws: Worksheet, headers: Sequence[str], rows: Sequence[Sequence]) -> None:
    """Each column as wide as its longest value (headers wrap onto two lines), within bounds."""
    for c, head in enumerate(headers):
        widest = max([text_width(row[c]) for row in rows if c < len(row)] or [0])
        wanted = max(widest, (text_width(head) + 1) // 2, MIN_WIDTH) + 2
        ws.column_dimensions[get_column_letter(c + 1)].width = min(wanted, MAX_WIDTH)
