"""A 审核 sheet as a Word document, for a secretariat that edits before it files."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table

from reports.sheets import CHANGE_HEAD, TITLE, Evidence, Sheet

FONT = "SimSun"  # what Word on the secretariat's machines has for Chinese
CROP_WIDTH = Mm(95)


def _font(doc) -> None:
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(10)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)


def _grid(doc, rows: list[tuple], widths: list[float]) -> Table:
    table = doc.add_table(rows=0, cols=len(widths))
    table.style = "Table Grid"
    for row in rows:
        cells = table.add_row().cells
        for cell, text, width in zip(cells, row, widths, strict=True):
            cell.width = Mm(width)
            cell.text = text
    return table


def _evidence(doc, items: list[Evidence]) -> None:
    table = _grid(doc, [(e.text, "" if e.crop else e.no_crop) for e in items], [75, 100])
    for row, e in zip(table.rows, items, strict=True):
        if e.crop is not None:
            row.cells[1].paragraphs[0].add_run().add_picture(str(e.crop), width=CROP_WIDTH)


def write_docx(sheet: Sheet, out: Path) -> Path:
    doc = Document()
    _font(doc)
    doc.add_heading(TITLE, level=1)
    doc.add_paragraph(sheet.name)
    doc.add_paragraph(f"生成于 {sheet.made:%Y-%m-%d %H:%M}")
    doc.add_heading("一、基本信息", level=2)
    _grid(doc, sheet.key_data, [40, 135])
    doc.add_heading("二、未通过的核查", level=2)
    if not sheet.failed:
        doc.add_paragraph("全部核查通过。")
    for item in sheet.failed:
        doc.add_paragraph(item.line)
        if item.evidence:
            _evidence(doc, item.evidence)
    doc.add_heading("三、待确认的字段", level=2)
    if sheet.unsure:
        _evidence(doc, sheet.unsure)
    else:
        doc.add_paragraph("没有待确认的字段。")
    doc.add_heading("四、审核修改记录", level=2)
    if sheet.changes:
        _grid(doc, [CHANGE_HEAD, *sheet.changes], [28, 18, 45, 60, 24])
    else:
        doc.add_paragraph("尚无审核修改。")
    doc.add_heading("五、仍未完成的字段", level=2)
    doc.add_paragraph(
        f"共 {len(sheet.still_open)} 项：" + "；".join(sheet.still_open)
        if sheet.still_open
        else "所有字段均已确认。"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))
    return out
