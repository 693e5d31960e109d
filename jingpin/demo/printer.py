"""Prints an applicant's 申报表 (附件1) and 自我声明 (附件2) to PDF, as the forms in the notice.

Layout follows the notice's forms: a cover, the 概述 page, then the 基本情况 and 自评情况
tables with vertical merged section labels, tick boxes and ``____项`` sentences.
"""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Flowable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from jingpin.demo.values import STANDARD_GROUPS, Applicant
from reports.fonts import FONT, register_font

EMPTY = "/"


def styles() -> dict[str, ParagraphStyle]:
    register_font()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=14, wordWrap="CJK")
    return {
        "body": body,
        "cell": ParagraphStyle("cell", parent=body, fontSize=9, leading=13),
        "center": ParagraphStyle("center", parent=body, alignment=TA_CENTER),
        "title": ParagraphStyle("title", parent=body, fontSize=20, leading=30, alignment=TA_CENTER),
        "cover": ParagraphStyle("cover", parent=body, fontSize=13, leading=26, leftIndent=40),
    }


# How applicants tick: a glyph typed in place of □ (■, √, ✓ before ☐) or Word's check-box
# symbol ☑ beside ☐. ☐ ☑ ✓ come from DejaVu Sans, the CJK font lacks them.
TICK_STYLES = ("■", "√", "☑", "✓")
SYMBOL_FONT = "Symbols"
SYMBOL_FILE = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _symbol(glyph: str) -> str:
    if SYMBOL_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(SYMBOL_FONT, SYMBOL_FILE))
    return f'<font name="{SYMBOL_FONT}">{glyph}</font>'


class Marks:
    """How this applicant ticks boxes: one of ``TICK_STYLES``."""

    def __init__(self, ticked: str = "■"):
        self.ticked = ticked

    def box(self, on: bool, label: str) -> str:
        if self.ticked in ("■", "√"):
            return f"{self.ticked if on else '□'}{label}"
        return f"{_symbol(self.ticked if on else '☐')}{label}"

    def yes_no(self, value: bool | None) -> str:
        return f"{self.box(value is True, '是')} {self.box(value is False, '否')}"

    def options(self, chosen, options: list[str]) -> str:
        chosen = set(chosen if isinstance(chosen, list) else [chosen])
        return " ".join(self.box(o in chosen, o) for o in options)


def joined(items: list[dict], attr: str) -> str:
    return "、".join(item[attr] for item in items) or EMPTY


def award_sentence(
    level: str, items: list[dict], noun: str = "奖项", issuer: str = "颁发部门"
) -> str:
    return f"{level}{len(items)}项，{noun}名称{joined(items, 'name')}，{issuer}{joined(items, 'issuer')}"


def numbered_sentence(
    label: str,
    items: list[dict],
    unit: str = "项",
    number: str = "专利号",
    name: str = "专利名称",
    count: int | None = None,
) -> str:
    count = len(items) if count is None else count
    return f"{label}{count}{unit}，{number}{joined(items, 'number')}，{name}{joined(items, 'name')}"


def cert_sentence(label: str, items: list[dict]) -> str:
    return f"{label}{len(items)}项，证书名称{joined(items, 'name')}，证书编号{joined(items, 'number')}。"


def optional(value) -> str:
    return EMPTY if value in (None, "") else str(value)


def description_rows(a: Applicant, m: Marks) -> list[tuple[str, str, str, str]]:
    """(section, subsection, indicator, self-assessment) rows of the 自评情况 table."""
    v, lists = a.leaves, a.lists
    std = {
        k: numbered_sentence(lbl, lists[k], number="标准号", name="标准名称")
        for k, lbl in STANDARD_GROUPS
    }
    return [
        (
            "1 品牌引领",
            "1.1 品牌战略",
            "1.1.1 制度建设情况",
            f"是否制定品牌发展战略和品牌管理制度？{m.yes_no(v['brand_strategy'])}",
        ),
        (
            "1 品牌引领",
            "1.1 品牌战略",
            "1.1.2 战略实施情况",
            f"是否建立品牌运营机制并提供相应资源投入和保障？{m.yes_no(v['brand_mechanism'])}",
        ),
        (
            "1 品牌引领",
            "1.2 市场表现",
            "1.2.1 获质量奖励评价情况",
            award_sentence("国家级", lists["quality_awards_national"])
            + "；<br/>"
            + award_sentence("省部级", lists["quality_awards_provincial"])
            + "。",
        ),
        (
            "1 品牌引领",
            "1.2 市场表现",
            "1.2.2 产品或服务市场供求和销售情况",
            f"产品销售额(含出口,万元){v['sales_revenue_wan']}，(服务经营额(含出口,万元):{v['service_revenue_wan']})<br/>"
            f"国内市场占有率{v['market_share_domestic']}%，行业位次{v['rank_domestic']}；<br/>"
            f"省内市场占有率{v['market_share_province']}%，行业位次{v['rank_province']}。",
        ),
        ("1 品牌引领", "1.2 市场表现", "1.2.3 产品或服务的知名度、美誉度情况", v["reputation"]),
        (
            "2 品质卓越",
            "2.1 标准水平",
            "2.1.1 标准先进性评价情况",
            f"申报产品/服务所执行的标准名称：{v['executed_standard']}<br/>"
            f"是否通过标准先进性评价？{m.yes_no(v['standard_advanced_passed'])}",
        ),
        (
            "2 品质卓越",
            "2.2 质量水平",
            "2.2.1 产品质量检测、服务质量评价情况",
            v["quality_test_report"],
        ),
        (
            "2 品质卓越",
            "2.3 质量认证",
            "2.3.1 产品、服务、品牌认证情况",
            "<br/>".join(
                cert_sentence(lbl, lists[k])
                for k, lbl in [
                    ("product_certs", "产品认证数量"),
                    ("service_certs", "服务认证数量"),
                    ("brand_certs", "品牌认证数量"),
                ]
            ),
        ),
        (
            "3 自主创新",
            "3.1 创新机制",
            "3.1.1 制定和执行创新战略情况",
            f"是否制定创新战略并有效执行？{m.yes_no(v['innovation_strategy'])}",
        ),
        (
            "3 自主创新",
            "3.1 创新机制",
            "3.1.2 技术创新平台建设、研发投入情况",
            f"国家级平台{len(lists['platforms_national'])}个，平台名称{joined(lists['platforms_national'], 'name')}；<br/>"
            f"省级平台{len(lists['platforms_provincial'])}个，平台名称{joined(lists['platforms_provincial'], 'name')}；<br/>"
            f"上年度研发投入{v['rd_investment_wan']}万元，占销售收入比例{v['rd_ratio_pct']}%。",
        ),
        (
            "3 自主创新",
            "3.2 技术领先",
            "3.2.1 核心技术先进程度和自主可控情况",
            "产品/服务核心技术来源："
            + m.options(
                v["tech_source"],
                ["自主研发", "联合研发", "成果转化", "引进国外设备、技术生产", "其他"],
            )
            + "<br/>产品/服务核心技术水平处于："
            + m.options(v["tech_level"], ["国际先进", "国内一流", "省内前列"]),
        ),
        (
            "3 自主创新",
            "3.2 技术领先",
            "3.2.2 获得科技奖励、荣誉及项目情况",
            "(1)产品类：<br/>"
            + award_sentence("国家级奖项", lists["tech_awards_national"]).replace("奖项项", "奖项")
            + "；<br/>"
            + award_sentence("省部级奖项", lists["tech_awards_provincial"]).replace(
                "奖项项", "奖项"
            )
            + "。<br/>"
            + award_sentence("国家级项目", lists["projects_national"], "项目", "批准部门")
            + "；<br/>"
            + award_sentence("省部级项目", lists["projects_provincial"], "项目", "批准部门")
            + "。<br/>"
            f"(2)服务类：{optional(v['service_innovation'])}。",
        ),
        (
            "3 自主创新",
            "3.2 技术领先",
            "3.2.3 知识产权保护情况",
            numbered_sentence("国外授权发明专利", lists["patents_foreign"])
            + "；<br/>"
            + numbered_sentence(
                "国内授权发明专利", lists["patents_domestic"], count=v["patents_domestic.count"]
            )
            + "。",
        ),
        (
            "3 自主创新",
            "3.2 技术领先",
            "3.2.4 标准制修订或参与标准化活动情况",
            "；<br/>".join(std.values())
            + "；<br/>承担标准化技术委员会秘书处级别："
            + m.options(v["tc_secretariat_level"], ["国际级", "国家级", "省级"])
            + f"<br/>标准化技术委员会名称{optional(v['tc_name'])}。",
        ),
        (
            "4 管理科学",
            "4.1 管理体系",
            "4.1.1 管理体系认证情况",
            f"认证数量{len(a.lists['mgmt_certs'])}项，证书编号{joined(a.lists['mgmt_certs'], 'number')}，"
            f"证书名称{joined(a.lists['mgmt_certs'], 'name')}。",
        ),
        (
            "4 管理科学",
            "4.1 管理体系",
            "4.1.2 导入先进质量管理模式情况",
            f"是否导入先进质量管理模式？{m.box(v['advanced_quality_mode'], '是')}，模式名称"
            f"{optional(v['advanced_quality_mode_name'])}；{m.box(not v['advanced_quality_mode'], '否')}",
        ),
        (
            "4 管理科学",
            "4.1 管理体系",
            "4.1.3 供应链管控情况",
            f"是否建立实施产品质量追溯体系？{m.box(v['traceability'], '是')}，产品质量追溯体系名称"
            f"{optional(v['traceability_name'])}，{m.box(not v['traceability'], '否')}<br/>"
            f"是否建立实施供应链溯源体系？{m.box(v['supply_chain_trace'], '是')}，供应链溯源体系名称"
            f"{optional(v['supply_chain_trace_name'])}，{m.box(not v['supply_chain_trace'], '否')}",
        ),
        (
            "4 管理科学",
            "4.2 售后服务管理",
            "4.2.1 售后服务情况",
            f"是否收集并及时处理顾客意见？{m.yes_no(v['after_sales'])}",
        ),
        (
            "5 社会责任",
            "5.1 绿色环保",
            "5.1.1 生态环保情况",
            f"是否注重保护生态，节约资源，推动实现碳达峰碳中和？{m.yes_no(v['green'])}",
        ),
        (
            "5 社会责任",
            "5.2 诚信经营",
            "5.2.1 诚信自律情况",
            f"是否被列入严重失信主体名单？{m.yes_no(v['serious_dishonesty_listed'])}<br/>"
            f"是否被列入经营异常名单？{m.yes_no(v['abnormal_operation_listed'])}",
        ),
        (
            "5 社会责任",
            "5.3 公共责任",
            "5.3.1 带动行业发展情况",
            f"是否产品、服务填补国内或省内行业空白？{m.yes_no(v['fills_industry_gap'])}",
        ),
    ]


class SealMark(Flowable):
    """A seal drawn under whatever follows it, offset from the current position (zero height)."""

    def __init__(self, image, dx: float, dy: float, diameter: float = 40 * mm):
        super().__init__()
        self.image, self.dx, self.dy, self.diameter = image, dx, dy, diameter
        self.width = self.height = 0

    def draw(self) -> None:
        buf = io.BytesIO()
        self.image.save(buf, "PNG")
        buf.seek(0)
        self.canv.drawImage(
            ImageReader(buf),
            self.dx,
            self.dy - self.diameter / 2,
            self.diameter,
            self.diameter,
            mask="auto",
        )


GRID = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.8, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
)


def basic_table(a: Applicant, m: Marks, st) -> Table:
    v, p = a.leaves, (lambda t: Paragraph(t, st["cell"]))
    note = {
        "注册商标名称": "(要求拟申报的产品、服务拥有国内自主注册商标,且在有效期内)",
        "经营主体注册地址": "(要求在湖北省行政区域内依法注册登记)",
    }
    rows = [
        ("经营主体名称", v["entity_name"]),
        ("统一社会信用代码", v["credit_code"]),
        ("注册商标名称", v["trademark"]),
        ("经营主体注册地址", v["address"]),
        ("经营主体规模", m.options(v["scale"], ["大型", "中型", "小型", "微型"])),
        ("法人代表/电话", f"{v['legal_rep']}/{v['legal_rep_phone']}"),
        ("联系人/电话/邮箱", f"{v['contact_name']}/{v['contact_phone']}/{v['contact_email']}"),
    ]
    data = [
        [p("基本情况") if i == 0 else "", p(label), p(value), p(note.get(label, ""))]
        for i, (label, value) in enumerate(rows)
    ]
    table = Table(data, colWidths=[9 * mm, 34 * mm, 75 * mm, 57 * mm])
    table.setStyle(GRID)
    table.setStyle(TableStyle([("SPAN", (0, 0), (0, -1))]))
    return table


def assessment_tables(a: Applicant, m: Marks, st) -> list[Table]:
    """One table per section so a page break never cuts a merged label."""

    def p(t):
        return Paragraph(t, st["cell"])

    rows = description_rows(a, m)
    header = [p("自评情况"), p("认定内容及评价指标"), "", p("自评描述"), p("证明性材料清单")]
    tables = []
    for section in dict.fromkeys(r[0] for r in rows):
        part = [r for r in rows if r[0] == section]
        data = [
            [p(sec) if i == 0 else "", p(sub), p(ind), p(desc), ""]
            for i, (sec, sub, ind, desc) in enumerate(part)
        ]
        spans = [("SPAN", (0, 0), (0, len(part) - 1))]
        for sub in dict.fromkeys(r[1] for r in part):
            idx = [i for i, r in enumerate(part) if r[1] == sub]
            spans.append(("SPAN", (1, idx[0]), (1, idx[-1])))
            for i in idx[1:]:
                data[i][1] = ""
        if not tables:
            data.insert(0, header)
            spans = [("SPAN", (0, 1), (0, len(part))), ("SPAN", (1, 0), (2, 0))] + [
                ("SPAN", (c, r0 + 1), (c, r1 + 1)) for _, (c, r0), (_, r1) in spans[1:]
            ]
        table = Table(data, colWidths=[9 * mm, 16 * mm, 30 * mm, 100 * mm, 20 * mm])
        table.setStyle(GRID)
        table.setStyle(TableStyle(spans))
        tables.append(table)
    return tables


def recommendation_table(a: Applicant, st, city_seal) -> Table:
    def p(t):
        return Paragraph(t, st["cell"])

    date = a.leaves["recommendation_date"]
    y, mo, d = date.split("-")
    body = [
        p(
            "经审核，申报主体填报的基本情况及有关品牌引领、品质卓越、自主创新、管理科学、社会责任等方面的信息属实，"
            "同意推荐申报“湖北精品”培育入库。"
        ),
        Spacer(1, 10 * mm),
    ]
    if city_seal is not None:
        body.append(SealMark(city_seal, 55 * mm, -2 * mm))
    body.append(
        Paragraph(
            f"(盖章)<br/>{y}年{int(mo)}月{int(d)}日",
            ParagraphStyle("r", parent=st["cell"], leftIndent=70 * mm),
        )
    )
    table = Table(
        [[p("市州市场监管部门推荐意见（公章）"), body]],
        colWidths=[25 * mm, 150 * mm],
        rowHeights=[55 * mm],
    )
    table.setStyle(GRID)
    return table


def application_story(a: Applicant, m: Marks, seals: dict) -> list:
    st = styles()
    v = a.leaves
    y, mo, d = v["filing_date"].split("-")
    story = [
        Paragraph(f"报告编号：{v['report_no']}", st["body"]),
        Spacer(1, 30 * mm),
        Paragraph("“湖北精品”培育申报表", st["title"]),
        Spacer(1, 30 * mm),
    ]
    if seals.get("applicant") is not None:
        story.append(SealMark(seals["applicant"], 75 * mm, -6 * mm))
    story += [
        Paragraph(f"申报单位（盖章）：{v['applicant_unit']}", st["cover"]),
        Paragraph(f"申报产品/服务名称：{v['product_name']}", st["cover"]),
        Paragraph(f"所属行业类别：{v['industry'][1:]} {v['industry_name']}", st["cover"]),
        Paragraph(f"市州市场监管部门：{v['city_regulator']}", st["cover"]),
        Spacer(1, 30 * mm),
        Paragraph(f"{y}年{int(mo)}月{int(d)}日", st["center"]),
        PageBreak(),
        Paragraph("“湖北精品”培育申报单位情况概述", st["title"]),
        Paragraph("(500字以内，可附页)", st["center"]),
        Spacer(1, 6 * mm),
        Paragraph(v["overview"], st["body"]),
        PageBreak(),
        Paragraph("“湖北精品”培育申报表", st["title"]),
        basic_table(a, m, st),
    ]
    story += assessment_tables(a, m, st)
    story.append(recommendation_table(a, st, seals.get("city")))
    return story


def build_pdf(story: list, path: Path) -> None:
    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=17 * mm,
        rightMargin=17 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title="湖北精品培育申报表",
        author="jingpin demo",
        invariant=1,
    )  # the same forms give the same bytes, so caches hold
    doc.build(story)


def declaration_story(a: Applicant, m: Marks, seal) -> list:
    """附件2 自我声明: a label/value table and the signed statement."""
    st = styles()
    v, p = a.leaves, (lambda t: Paragraph(t, st["cell"]))
    y, mo, d = v["decl_date"].split("-")

    def has(flag):
        return f"{m.box(flag, '有')} {m.box(not flag, '无')}"

    rows = [
        [p("一、组织基本信息"), "", "", ""],
        [p("经营主体名称"), p(v["decl_entity_name"]), "", ""],
        [p("经营主体地址"), p(v["decl_address"]), "", ""],
        [p("联系人及职务"), p(v["decl_contact"]), p("联系电话"), p(v["decl_phone"])],
        [p("所获奖项名称"), p(v["decl_award"]), "", ""],
        [
            p("近三年有无监督抽查不合格记录或出口检验不合格记录"),
            p(has(v["decl_spot_check_failed"])),
            "",
            "",
        ],
        [p("近三年有无因质量问题受到行政处罚"), p(has(v["decl_quality_penalty"])), "", ""],
        [
            p("近三年有无发生重大质量、安全、环保问题、知识产权侵权行为、重大质量投诉"),
            p(has(v["decl_major_incident"])),
            "",
            "",
        ],
        [p("有无被列入严重违法失信企业名单"), p(has(v["decl_serious_illegal_listed"])), "", ""],
        [p("二、申请产品（服务）信息"), "", "", ""],
        [p("申请产品（服务）名称"), p(v["decl_product_name"]), "", ""],
        [p("申请产品（服务）商标"), p(v["decl_trademark"]), "", ""],
        [p("申请产品（服务）所获荣誉"), p(v["decl_honors"]), "", ""],
        [p("三、标准先进性评价情况"), "", "", ""],
        [p(v["decl_standard_summary"]), "", "", ""],
    ]
    table = Table(rows, colWidths=[55 * mm, 60 * mm, 25 * mm, 35 * mm])
    spans = [("SPAN", (0, r), (-1, r)) for r in (0, 9, 13, 14)]
    spans += [("SPAN", (1, r), (-1, r)) for r in (1, 2, 4, 5, 6, 7, 8, 10, 11, 12)]
    table.setStyle(GRID)
    table.setStyle(TableStyle(spans))
    story = [
        Paragraph("“湖北精品”标识使用授权申请自我声明", st["title"]),
        table,
        Spacer(1, 8 * mm),
        Paragraph("四、自我声明", st["body"]),
        Paragraph(
            "本经营主体依据《“湖北精品”认定管理办法》进行自我评价，符合相关规定，现向“湖北精品”"
            "认定委员会申请“湖北精品”标识使用授权，并对材料的真实性、有效性负责，特此声明。",
            st["body"],
        ),
        Spacer(1, 12 * mm),
    ]
    if seal is not None:
        story.append(SealMark(seal, 90 * mm, -4 * mm))
    story += [
        Paragraph(
            "经营主体名称（盖章）", ParagraphStyle("s", parent=st["body"], leftIndent=100 * mm)
        ),
        Paragraph(
            f"{y}年{int(mo)}月{int(d)}日",
            ParagraphStyle("d", parent=st["body"], leftIndent=100 * mm),
        ),
    ]
    return story


SUMMARY_HEADER = [
    "序号",
    "经营主体名称",
    "属地（__市__县）",
    "产品/服务名称",
    "产品/服务执行标准名称、编号",
    "所属行业类别（行业分类代码）",
    "经营主体联系人、联系方式",
]


def summary_rows(applicants: list[Applicant]) -> list[list[str]]:
    return [
        [
            str(i + 1),
            a.leaves["summary.entity_name"],
            a.leaves["summary.location"],
            a.leaves["summary.product_name"],
            a.leaves["summary.executed_standard"],
            f"{a.leaves['summary.industry'][1:]} {a.leaves['summary.industry_name']}",
            a.leaves["summary.contact"],
        ]
        for i, a in enumerate(applicants)
    ]


def summary_story(regulator: str, applicants: list[Applicant], seal) -> list:
    """附件3 推荐汇总表, landscape rows of the city's applicants."""
    st = styles()

    def p(t):
        return Paragraph(t, st["cell"])

    rows = [[p(h) for h in SUMMARY_HEADER]] + [[p(c) for c in r] for r in summary_rows(applicants)]
    table = Table(rows, colWidths=[10 * mm, 30 * mm, 22 * mm, 25 * mm, 32 * mm, 30 * mm, 30 * mm])
    table.setStyle(GRID)
    story = [Paragraph("“湖北精品”培育推荐汇总表", st["title"]), Spacer(1, 4 * mm)]
    if seal is not None:
        story.append(SealMark(seal, 40 * mm, -4 * mm))
    story += [
        Paragraph(f"填报单位（加盖公章）：{regulator}", st["body"]),
        Spacer(1, 4 * mm),
        table,
        Paragraph("备注：此表由市州市场监管局填写。", st["body"]),
    ]
    return story
