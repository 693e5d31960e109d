"""The 汇总 as an A4 landscape PDF: the workbook's rows, ready to print or to mail.

Made from ``reports.summary.summary_rows``, so the paper and the workbook say the same.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from reports.fonts import FONT, register_font
from reports.labels import local_time
from reports.summary import COLUMNS, TITLE, summary_rows

WIDTHS_MM = [9, 16, 40, 24, 26, 28, 30, 28, 18, 51, 14]  # 284 mm: A4 landscape less margins


def _cell(value, style: ParagraphStyle) -> Paragraph:
    text = "" if value is None else escape(str(value)).replace("\n", "<br/>")
    return Paragraph(text, style)


def write_summary_pdf(records: list[dict], out: Path, made: datetime | None = None) -> Path:
    register_font()
    body = ParagraphStyle("cell", fontName=FONT, fontSize=7.5, leading=10, wordWrap="CJK")
    title = ParagraphStyle("title", parent=body, fontSize=14, leading=22, alignment=1)
    rows = summary_rows(records)
    made = local_time(made)
    table = Table(
        [[_cell(h, body) for h in COLUMNS]] + [[_cell(v, body) for v in row] for row in rows],
        colWidths=[w * mm for w in WIDTHS_MM],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDEBF7")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    doc = SimpleDocTemplate(
        str(out),
        pagesize=landscape(A4),
        title=TITLE,
        leftMargin=6 * mm,
        rightMargin=6 * mm,
        topMargin=10 * mm,
        bottomMargin=10 * mm,
    )
    note = Paragraph(f"共 {len(rows)} 家；生成于 {made:%Y-%m-%d %H:%M}", body)
    doc.build([Paragraph(TITLE, title), note, table])
    return out
