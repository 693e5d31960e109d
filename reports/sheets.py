"""The 审核 sheet: one A4 PDF per applicant for the committee's file.

It holds the applicant's key data, every failed check with its message and the crop of the
scan beside each field it names, the fields a reviewer still has to decide (with their crop),
what reviewers changed (who, when, old → new), and what is still open.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from jingpin.demo.printer import FONT, register_font
from reports.applicant import failed_checks, name_of, open_leaves, state_text
from reports.cities import city_of
from reports.dossier import Dossier
from reports.labels import header, ordered, shown, word
from reports.summary import COLUMNS, summary_row

TITLE = "“湖北精品”培育申报 审核单"
KEY_DATA = COLUMNS[1:8]  # the 汇总's columns after 序号: 推荐市州 … 联系人及联系方式
CROP_WIDTH, CROP_MAX_HEIGHT = 95 * mm, 55 * mm
GRID = TableStyle(
    [
        ("FONT", (0, 0), (-1, -1), FONT, 9),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDEBF7")),
    ]
)
UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


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


def _p(text, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape("" if text is None else str(text)).replace("\n", "<br/>"), style)


def _crop(path: Path | None, missing: bool, st: dict) -> Image | Paragraph:
    if path is None:
        why = "表中未找到此项" if missing else "无扫描图像：取自文字层、Word 版或汇总表"
        return _p(f"（{why}）", st["body"])
    image = Image(str(path))
    scale = min(CROP_WIDTH / image.imageWidth, CROP_MAX_HEIGHT / image.imageHeight)
    image.drawWidth, image.drawHeight = image.imageWidth * scale, image.imageHeight * scale
    return image


def _leaf_text(record: dict, leaf: str) -> str:
    f = record["fields"].get(leaf) or {}
    value = shown(f.get("value"))
    lines = [header(leaf), f"值：{'' if value is None else value}"]
    if f.get("raw") not in (None, "", f.get("value")):
        lines.append(f"识别原文：{f['raw']}")
    if f.get("confidence") is not None:
        lines.append(f"置信度：{f['confidence']:.2f}　状态：{word('statuses', f.get('status'))}")
    return "\n".join(lines)


def _missing(record: dict, leaf: str) -> bool:
    return (record["fields"].get(leaf) or {}).get("status") == "missing"


def _evidence_table(d: Dossier, leaves: list[str], st: dict) -> Table:
    rows = [
        [
            _p(_leaf_text(d.record, leaf), st["body"]),
            _crop(d.crops.get(leaf), _missing(d.record, leaf), st),
        ]
        for leaf in leaves
    ]
    table = Table(rows, colWidths=[75 * mm, 100 * mm])
    table.setStyle(
        TableStyle(
            [("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]
        )
    )
    return table


def key_data(d: Dossier, st: dict) -> Table:
    values = summary_row(0, d.record)[1 : 1 + len(KEY_DATA)]
    rows = [[_p(k, st["body"]), _p(v, st["body"])] for k, v in zip(KEY_DATA, values, strict=True)]
    review = d.record.get("review", {})
    rows += [
        [_p("申报编号", st["body"]), _p(d.record["submission_id"], st["body"])],
        [_p("状态", st["body"]), _p(state_text(d.record), st["body"])],
        [_p("审核人", st["body"]), _p(review.get("reviewer") or "（尚未审核）", st["body"])],
    ]
    table = Table(rows, colWidths=[40 * mm, 135 * mm])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#F2F2F2")),
            ]
        )
    )
    return table


def failed_part(d: Dossier, st: dict) -> list:
    failed = failed_checks(d.record)
    if not failed:
        return [_p("全部核查通过。", st["body"])]
    story = []
    for n, check in enumerate(failed, start=1):
        story.append(_p(f"{n}. [{word('severities', check.severity)}] {check.message}", st["fail"]))
        leaves = [leaf for leaf in check.leaves if leaf in d.record.get("fields", {})]
        if leaves:
            story += [_evidence_table(d, leaves, st), Spacer(1, 3 * mm)]
    return story


def unsure_part(d: Dossier, st: dict) -> list:
    in_checks = {leaf for c in failed_checks(d.record) for leaf in c.leaves}
    unsure = [
        leaf
        for leaf in ordered(list(d.record.get("fields", {})))
        if d.record["fields"][leaf].get("status") == "needs_review" and leaf not in in_checks
    ]
    return [_evidence_table(d, unsure, st)] if unsure else [_p("没有待确认的字段。", st["body"])]


def changes_part(d: Dossier, st: dict) -> list:
    if not d.changes:
        return [_p("尚无审核修改。", st["body"])]
    rows = [[_p(h, st["body"]) for h in ("时间", "审核人", "字段", "原值 → 新值", "备注")]]
    rows += [
        [
            _p(f"{c.at:%Y-%m-%d %H:%M}", st["body"]),
            _p(c.reviewer, st["body"]),
            _p(header(c.leaf), st["body"]),
            _p(f"{shown(c.old) if c.old is not None else '（空）'} → {shown(c.new)}", st["body"]),
            _p(c.comment or "", st["body"]),
        ]
        for c in d.changes
    ]
    table = Table(rows, colWidths=[28 * mm, 18 * mm, 45 * mm, 60 * mm, 24 * mm], repeatRows=1)
    table.setStyle(GRID)
    return [table]


def open_part(d: Dossier, st: dict) -> list:
    leaves = ordered(open_leaves(d.record))
    if not leaves:
        return [_p("所有字段均已确认。", st["body"])]
    text = "；".join(
        f"{header(leaf)}（{word('statuses', d.record['fields'][leaf]['status'])}）"
        for leaf in leaves
    )
    return [_p(f"共 {len(leaves)} 项：{text}", st["body"])]


def sheet_story(d: Dossier, made: datetime) -> list:
    st = _styles()
    return [
        _p(TITLE, st["title"]),
        _p(name_of(d.record), st["name"]),
        _p(f"生成于 {made:%Y-%m-%d %H:%M}", st["body"]),
        _p("一、基本信息", st["h"]),
        key_data(d, st),
        _p("二、未通过的核查", st["h"]),
        *failed_part(d, st),
        _p("三、待确认的字段", st["h"]),
        *unsure_part(d, st),
        _p("四、审核修改记录", st["h"]),
        *changes_part(d, st),
        _p("五、仍未完成的字段", st["h"]),
        *open_part(d, st),
    ]


def _footer(canvas, doc) -> None:
    canvas.setFont(FONT, 8)
    canvas.drawCentredString(A4[0] / 2, 10 * mm, f"{doc.title} · 第 {doc.page} 页")


def file_name(record: dict, taken: set[str]) -> str:
    """``<city>-<applicant>.pdf``; the batch is added when two applicants share a name."""
    base = UNSAFE.sub("_", f"{city_of(record)}-{name_of(record)}")
    if base in taken:
        base = UNSAFE.sub("_", f"{base}-{record.get('batch', '')}")
    taken.add(base)
    return f"{base}.pdf"


def write_sheet(d: Dossier, out: Path, made: datetime | None = None) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    doc = SimpleDocTemplate(
        str(out),
        pagesize=A4,
        title=f"审核单 {name_of(d.record)}",
        leftMargin=17 * mm,
        rightMargin=17 * mm,
        topMargin=15 * mm,
        bottomMargin=18 * mm,
    )
    doc.build(sheet_story(d, made or datetime.now()), onFirstPage=_footer, onLaterPages=_footer)
    return out


def write_sheets(dossiers: list[Dossier], folder: Path) -> list[Path]:
    """One sheet per applicant in ``folder``, named after it."""
    taken: set[str] = set()
    return [write_sheet(d, folder / file_name(d.record, taken)) for d in dossiers]
