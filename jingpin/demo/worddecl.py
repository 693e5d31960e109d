"""附件2 自我声明 as an applicant's .docx: the notice's four-column table and the signed statement.

Only applicants asking for the mark by declaration (长江质量奖 winners) send it; the same
habits as their 申报表 apply (``wordform`` for the shared layout helpers).
"""

from __future__ import annotations

from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from jingpin.demo import habits as hb
from jingpin.demo.habits import Habits
from jingpin.demo.values import Applicant
from jingpin.demo.wordform import add_paras, new_document
from jingpin.demo.wordrows import text
from jingpin.demo.wordtext import Para, guided, yes_no


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
