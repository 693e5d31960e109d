"""A 审核 sheet laid out as an A4 PDF (reportlab, the CJK font the demo printer registers)."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from reports.fonts import FONT, register_font
from reports.sheets import CHANGE_HEAD, TITLE, Evidence, Sheet

CROP_WIDTH, CROP_MAX_HEIGHT = 95 * mm, 55 * mm
LINES = [("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]
SHADED = colors.HexColor("#DDEBF7")


def _styles() -> dict[str, ParagraphStyle]:
    register_font()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=13, wordWrap="CJK")
    return {
        "body": body,
        "title": ParagraphStyle("t", parent=body, fontSize=16, leading=24, alignment=1),
        "name": ParagraphStyle("n", parent=body, fontSize=12, leading=18, alignment=1),
        "h": ParagraphStyle("h", parent=body, fontSize=11.5, leading=18, spaceBefore=8),
        "fail": ParagraphStyle("f", parent=body, textColor=colors.HexColor("#9C0006")),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _table(rows: list, widths_mm: list[float], *extra) -> Table:
    table = Table(rows, colWidths=[w * mm for w in widths_mm], repeatRows=0)
    table.setStyle(TableStyle(LINES + list(extra)))
    return table


def _crop(e: Evidence, st: dict) -> Image | Paragraph:
    if e.crop is None:
        return _p(e.no_crop, st["body"])
    image = Image(str(e.crop))
    scale = min(CROP_WIDTH / image.imageWidth, CROP_MAX_HEIGHT / image.imageHeight)
    image.drawWidth, image.drawHeight = image.imageWidth * scale, image.imageHeight * scale
    return image


def _evidence(items: list[Evidence], st: dict) -> Table:
    return _table([[_p(e.text, st["body"]), _crop(e, st)] for e in items], [75, 100])


def _failed(sheet: Sheet, st: dict) -> list:
    if not sheet.failed:
        return [_p("全部核查通过。", st["body"])]
    story: list = []
    for item in sheet.failed:
        story.append(_p(item.line, st["fail"]))
        if item.evidence:
            story += [_evidence(item.evidence, st), Spacer(1, 3 * mm)]
    return story


def _changes(sheet: Sheet, st: dict) -> list:
    if not sheet.changes:
        return [_p("尚无审核修改。", st["body"])]
    rows = [[_p(text, st["body"]) for text in row] for row in [CHANGE_HEAD, *sheet.changes]]
    return [_table(rows, [28, 18, 45, 60, 24], ("BACKGROUND", (0, 0), (-1, 0), SHADED))]


def story(sheet: Sheet) -> list:
    st = _styles()
    key = [[_p(k, st["body"]), _p(v, st["body"])] for k, v in sheet.key_data]
    still_open = (
        f"共 {len(sheet.still_open)} 项：" + "；".join(sheet.still_open)
        if sheet.still_open
        else "所有字段均已确认。"
    )
    return [
        _p(TITLE, st["title"]),
        _p(sheet.name, st["name"]),
        _p(f"生成于 {sheet.made:%Y-%m-%d %H:%M}", st["body"]),
        _p("一、基本信息", st["h"]),
        _table(key, [40, 135], ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#F2F2F2"))),
        _p("二、未通过的核查", st["h"]),
        *_failed(sheet, st),
        _p("三、待确认的字段", st["h"]),
        _evidence(sheet.unsure, st) if sheet.unsure else _p("没有待确认的字段。", st["body"]),
        _p("四、审核修改记录", st["h"]),
        *_changes(sheet, st),
        _p("五、仍未完成的字段", st["h"]),
        _p(still_open, st["body"]),
    ]


def _footer(canvas, doc) -> None:
    canvas.setFont(FONT, 8)
    canvas.drawCentredString(A4[0] / 2, 10 * mm, f"{doc.title} · 第 {doc.page} 页")


def write_pdf(sheet: Sheet, out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    margins = {"leftMargin": 17 * mm, "rightMargin": 17 * mm}
    doc = SimpleDocTemplate(
        str(out),
        pagesize=A4,
        title=f"审核单 {sheet.name}",
        topMargin=15 * mm,
        bottomMargin=18 * mm,
        **margins,
    )
    doc.build(story(sheet), onFirstPage=_footer, onLaterPages=_footer)
    return out
