"""The 附件1 申报表 and 附件2 自我声明 as an applicant's .docx (python-docx), after the notice's forms.

Structure follows the seed: a cover (报告编号, 申报单位（盖章）…, 年 月 日), the 概述 page with one
big cell, the table of 基本情况 and indicators 1.1.1–5.3.1 with merged section labels, the
推荐意见（公章） row, and the 自我声明 table. Each applicant's copy differs in fonts and in where
values and guidance sit (``habits``); the same inputs give the same file.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from jingpin.demo import habits as hb
from jingpin.demo.habits import Habits
from jingpin.demo.values import Applicant
from jingpin.demo.wordrows import Row, assessment_rows, text
from jingpin.demo.wordtext import GUIDANCE, Para, fill, guided, materials, options

TITLE = "“湖北精品”培育申报表"
# Seven grid columns. 自评 rows: 自评情况 | section | subsection | indicator | description (2) |
# materials. 基本情况 rows: 基本情况 | label (3) | value | note (2). Together 16 cm, the text width.
WIDTHS_CM = [0.9, 1.1, 1.5, 2.4, 5.6, 2.6, 1.9]


def new_document(h: Habits):
    """A4 with Word's default margins; Normal style in the applicant's CJK font (East Asian name set)."""
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.5)
    sec.top_margin = sec.bottom_margin = Cm(2.54)
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(h.size_pt)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), h.font)
    normal.paragraph_format.space_after = Pt(0)
    props = doc.core_properties  # not python-docx's defaults: what an office PC writes
    props.author = props.last_modified_by = h.extra.get("author", "Administrator")
    props.created = props.modified = datetime(2024, 7, 5, 9, 0)
    return doc


def write_runs(paragraph, runs: Para, bold: bool = False, size: float | None = None) -> None:
    """Runs into a paragraph; ``\\n`` inside a run is a line break (Shift+Enter)."""
    for content, underline in runs:
        for i, piece in enumerate(content.split("\n")):
            if i:
                paragraph.add_run().add_break(WD_BREAK.LINE)
            if piece:
                run = paragraph.add_run(piece)
                run.underline = underline or None
                run.bold = bold or None
                if size:
                    run.font.size = Pt(size)


def add_paras(container, paras: list[Para], align=None, **fmt) -> None:
    """Paragraphs into the document or a cell (a cell's first, empty paragraph is reused)."""
    for i, runs in enumerate(paras):
        p = (
            container.add_paragraph()
            if i or not _fresh_cell(container)
            else container.paragraphs[0]
        )
        if align is not None:
            p.alignment = align
        write_runs(p, runs, **fmt)


def _fresh_cell(container) -> bool:
    """A table cell still holding only the empty paragraph every cell starts with."""
    if not hasattr(container, "vertical_alignment"):
        return False
    paras = container.paragraphs
    return len(paras) == 1 and not paras[0]._p.xpath("./w:r")


def cover(doc, h: Habits, a: Applicant) -> None:
    v = a.leaves
    add_paras(doc, [text("附件1")], bold=True, size=16)
    add_paras(doc, [[("报告编号：", False), *fill(h, v["report_no"] or "")]])
    add_paras(doc, [text("")] * 4)
    add_paras(doc, [text(TITLE)], align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=26)
    add_paras(doc, [text("")] * 5)
    industry = h.rng.choice([v["industry"], v["industry"][1:]]) + h.rng.choice([" ", ""])
    industry += v["industry_name"]
    if h.keeps_guidance():
        industry += GUIDANCE["industry"]
    lines = [
        ("申报单位（盖章）：", v["applicant_unit"]),
        ("申报产品/服务名称：", v["product_name"]),
        ("所属行业类别：", industry),
        ("市州市场监管部门：", v["city_regulator"]),
    ]
    for label, value in lines:
        if h.next_line():
            add_paras(doc, [text(label), [(value, h.placement == "blank")]], size=15)
        else:
            add_paras(doc, [[(label, False), *fill(h, value)]], size=15)
        doc.paragraphs[-1].paragraph_format.left_indent = Cm(2)
    add_paras(doc, [text("")] * 5)
    add_paras(doc, [text(hb.date(h, v["filing_date"]))], align=WD_ALIGN_PARAGRAPH.CENTER, size=15)
    doc.add_page_break()


def overview_page(doc, h: Habits, a: Applicant) -> None:
    """Its own page: title, (500 字以内，可附页), one tall cell holding several paragraphs."""
    paragraphs = h.extra["overview_paragraphs"]
    add_paras(
        doc, [text("“湖北精品”培育申报单位情况概述")], WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=18
    )
    add_paras(doc, [text("(500 字以内，可附页)")], WD_ALIGN_PARAGRAPH.CENTER)
    table = doc.add_table(rows=1, cols=1)
    table.style = "Table Grid"
    row = table.rows[0]
    row.height, row.height_rule = Cm(21), WD_ROW_HEIGHT_RULE.AT_LEAST
    cell = row.cells[0]
    paras = [text(GUIDANCE["overview"])] if h.keeps_guidance() else []
    add_paras(cell, paras + [text(p) for p in paragraphs])
    for p in cell.paragraphs[len(paras) :]:
        p.paragraph_format.first_line_indent = Pt(h.size_pt * 2)
    doc.add_page_break()


def basic_rows(h: Habits, a: Applicant) -> list[tuple[str, list[Para], list[Para]]]:
    """(label, value paragraphs, note paragraphs) of 基本情况."""
    v = a.leaves
    pair = h.rng.choice(["/", " / ", "，", " "])
    scale = options(h, v["scale"], ["大型", "中型", "小型", "微型"])
    scale_note = [[(GUIDANCE["scale"], False)]] if h.keeps_guidance() else []
    rows = [
        ("经营主体名称", [text(v["entity_name"])], []),
        ("统一社会信用代码", [text(v["credit_code"])], []),
        ("注册商标名称", *_noted(h, "trademark", v["trademark"])),
        ("经营主体注册地址", *_noted(h, "address", v["address"])),
        (
            "经营主体规模",
            [text(v["scale"] if h.rng.random() < 0.3 else "")],
            scale_note + [text(scale)],
        ),
        ("法人代表/电话", [text(f"{v['legal_rep']}{pair}{v['legal_rep_phone']}")], []),
        (
            "联系人/电话/邮箱",
            [text(pair.join([v["contact_name"], v["contact_phone"], v["contact_email"]]))],
            [],
        ),
    ]
    if pair == " " and h.placement == "next_line":  # Enter between the parts of a contact cell
        rows[6] = (rows[6][0], [text(x) for x in rows[6][1][0][0][0].split(" ")], [])
    return rows


def _noted(h: Habits, key: str, value: str) -> tuple[list[Para], list[Para]]:
    """A value whose row prints a note: in its own cell, or (this copy of the form) in the value's."""
    if h.template == "note_in_value":
        return guided(h, key, value), []
    return [text(value)], ([text(GUIDANCE[key])] if h.keeps_guidance() else [])


def set_widths(table) -> None:
    for i, w in enumerate(WIDTHS_CM):
        table.columns[i].width = Cm(w)
        for cell in table.columns[i].cells:
            cell.width = Cm(w)


def main_table(doc, h: Habits, a: Applicant) -> None:
    add_paras(doc, [text(TITLE)], WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=18)
    add_paras(doc, [text("(栏目若空格不够,可自行加页)")], WD_ALIGN_PARAGRAPH.CENTER)
    basics, rows = basic_rows(h, a), assessment_rows(h, a)
    table = doc.add_table(rows=len(basics) + 1 + len(rows) + 1, cols=len(WIDTHS_CM))
    table.style, table.alignment = "Table Grid", WD_TABLE_ALIGNMENT.CENTER
    set_widths(table)
    cell = table.cell
    add_paras(cell(0, 0).merge(cell(len(basics) - 1, 0)), [text("基本情况")])
    for r, (label, value, note) in enumerate(basics):
        add_paras(cell(r, 1).merge(cell(r, 3)), [text(label)])
        add_paras(cell(r, 4), value)
        add_paras(cell(r, 5).merge(cell(r, 6)), note)
    top = len(basics)
    add_paras(cell(top, 0).merge(cell(top + len(rows), 0)), [text("自评情况")])
    add_paras(cell(top, 1).merge(cell(top, 3)), [text("认定内容及评价指标")])
    add_paras(cell(top, 4).merge(cell(top, 5)), [text("自评描述")])
    add_paras(cell(top, 6), [text("证明性材料清单")])
    _assessment(table, h, rows, top + 1)
    _recommendation(table, h, a, top + 1 + len(rows))


def _assessment(table, h: Habits, rows: list[Row], first: int) -> None:
    """Indicator rows; section and subsection labels merged down their rows (the notice's layout)."""
    cell = table.cell
    for col, key in ((1, "section"), (2, "subsection")):
        spans: dict[str, list[int]] = {}
        for i, row in enumerate(rows):
            spans.setdefault(getattr(row, key), []).append(first + i)
        for label, idx in spans.items():
            add_paras(cell(idx[0], col).merge(cell(idx[-1], col)), [text(label)])
    for i, row in enumerate(rows):
        r = first + i
        add_paras(cell(r, 3), [text(row.indicator)])
        add_paras(cell(r, 4).merge(cell(r, 5)), row.paras)
        add_paras(cell(r, 6), [text(materials(h, row.indicator))])


def _recommendation(table, h: Habits, a: Applicant, r: int) -> None:
    cell = table.cell
    add_paras(cell(r, 0).merge(cell(r, 3)), [text("市州市场监管部门推荐意见（公章）")])
    body = cell(r, 4).merge(cell(r, 6))
    add_paras(
        body,
        [
            text(
                "经审核，申报主体填报的基本情况及有关品牌引领、品质卓越、自主创新、管理科学、"
                "社会责任等方面的信息属实，同意推荐申报“湖北精品”培育入库。"
            ),
            text(""),
            text(""),
        ],
    )
    add_paras(
        body,
        [text("(盖章)"), text(hb.date(h, a.leaves["recommendation_date"]))],
        WD_ALIGN_PARAGRAPH.RIGHT,
    )
    table.rows[r].height, table.rows[r].height_rule = Cm(6), WD_ROW_HEIGHT_RULE.AT_LEAST


def write_application(a: Applicant, h: Habits, path: Path) -> None:
    """附件1 as the applicant saves it: cover, 概述, the big table."""
    doc = new_document(h)
    cover(doc, h, a)
    overview_page(doc, h, a)
    main_table(doc, h, a)
    if h.extra.get("appendix"):
        appendix(doc, h, a)
    doc.save(str(path))


def appendix(doc, h: Habits, a: Applicant) -> None:
    """附录：证明性材料, the list of copies that follow (their numbers repeat the table's)."""
    doc.add_page_break()
    add_paras(doc, [text("附录：证明性材料")], bold=True, size=16)
    if h.keeps_guidance():
        add_paras(
            doc, [text("（对照《“湖北精品”培育申报表》的证明性材料清单提供证明性材料，可附页）")]
        )
    items = [f"营业执照（统一社会信用代码：{a.leaves['credit_code']}）", "商标注册证书"]
    items += [f"{c['name']}（证书编号：{c['number']}）" for c in a.lists["mgmt_certs"]]
    items += [
        f"发明专利证书（专利号：{hb.patent(h, p['number'])}）" for p in a.lists["patents_domestic"]
    ]
    items += ["检测报告", "上年度财务审计报告", "法人和非法人组织公共信用信息报告"]
    add_paras(doc, [text(f"{i}. {item}") for i, item in enumerate(items, 1)])
