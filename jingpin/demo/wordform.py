"""The 附件1 申报表 and 附件2 自我声明 as an applicant's .docx (python-docx), after the notice's forms.

Structure follows the seed: a cover (报告编号, 申报单位（盖章）…, 年 月 日), the 概述 page with one
big cell, the table of 基本情况 and indicators 1.1.1–5.3.1 with merged section labels, the
推荐意见（公章） row, and the 自我声明 table. Each applicant's copy differs in fonts and in where
values and guidance sit (``habits``); the same inputs give the same file.
"""

from __future__ import annotations

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
from jingpin.demo.wordtext import GUIDANCE, Para, fill, guided, materials, options, yes_no

TITLE = "“湖北精品”培育申报表"
# Seven grid columns. 自评 rows: 自评情况 | section | subsection | indicator | description (2) |
# materials. 基本情况 rows: 基本情况 | label (3) | value | note (2). Together 16 cm, the text width.
WIDTHS_CM = [0.9, 1.1, 1.5, 2.4, 4.6, 3.2, 2.3]


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
    doc.save(str(path))


def write_declaration(a: Applicant, h: Habits, path: Path) -> None:
    """附件2 自我声明: a four-column table ending with the signed statement."""
    v = a.leaves
    doc = new_document(h)
    add_paras(doc, [text("附件2")], bold=True, size=16)
    add_paras(
        doc,
        [text("“湖北精品”标识使用授权申请自我声明")],
        WD_ALIGN_PARAGRAPH.CENTER,
        bold=True,
        size=18,
    )
    widths = [4.6, 4.4, 2.6, 4.4]
    rows: list[tuple[str, list[Para], str, str]] = [
        ("一、组织基本信息", [], "", ""),
        ("经营主体名称", [text(v["decl_entity_name"])], "", ""),
        ("经营主体地址", [text(v["decl_address"])], "", ""),
        ("联系人及职务", [text(v["decl_contact"])], "联系电话", v["decl_phone"]),
        ("所获奖项名称", guided(h, "decl_award", v["decl_award"]), "", ""),
    ]
    for label, key in [
        ("近三年有无监督抽查不合格记录或出口检验不合格记录", "decl_spot_check_failed"),
        ("近三年有无因质量问题受到行政处罚", "decl_quality_penalty"),
        (
            "近三年有无发生重大质量、安全、环保问题、知识产权侵权行为、重大质量投诉",
            "decl_major_incident",
        ),
        ("有无被列入严重违法失信企业名单", "decl_serious_illegal_listed"),
    ]:
        rows.append((label, [text(yes_no(h, v[key], ("有", "无")))], "", ""))
    rows += [
        ("二、申请产品（服务）信息", [], "", ""),
        ("申请产品（服务）名称", [text(v["decl_product_name"])], "", ""),
        ("申请产品（服务）商标", [text(v["decl_trademark"])], "", ""),
        ("申请产品（服务）所获荣誉", [text(v["decl_honors"])], "", ""),
        ("三、标准先进性评价情况", [], "", ""),
    ]
    table = doc.add_table(rows=len(rows) + 3, cols=4)
    table.style = "Table Grid"
    for i, w in enumerate(widths):
        for c in table.columns[i].cells:
            c.width = Cm(w)
    cell = table.cell
    for r, (label, value, label2, value2) in enumerate(rows):
        if not value and not label2:
            add_paras(cell(r, 0).merge(cell(r, 3)), [text(label)], bold=True)
        elif label2:
            add_paras(cell(r, 0), [text(label)])
            add_paras(cell(r, 1), value)
            add_paras(cell(r, 2), [text(label2)])
            add_paras(cell(r, 3), [text(value2)])
        else:
            add_paras(cell(r, 0), [text(label)])
            add_paras(cell(r, 1).merge(cell(r, 3)), value)
    r = len(rows)
    add_paras(
        cell(r, 0).merge(cell(r, 3)), guided(h, "decl_standard_summary", v["decl_standard_summary"])
    )
    add_paras(cell(r + 1, 0).merge(cell(r + 1, 3)), [text("四、自我声明")], bold=True)
    statement = cell(r + 2, 0).merge(cell(r + 2, 3))
    add_paras(
        statement,
        [
            text(
                "本经营主体依据《“湖北精品”认定管理办法》进行自我评价，符合相关规定，现向“湖北精品”"
                "认定委员会申请“湖北精品”标识使用授权，随本声明附上自评报告和标准先进性评价报告以供查验，"
                "并对材料的真实性、有效性负责，特此声明。"
            ),
            text(""),
            text(""),
        ],
    )
    add_paras(
        statement,
        [text("经营主体名称（盖章）"), text(hb.date(h, v["decl_date"]))],
        WD_ALIGN_PARAGRAPH.RIGHT,
    )
    doc.save(str(path))
