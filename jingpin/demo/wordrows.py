"""The 自评情况 rows of the Word 申报表 filled by one applicant: labels and paragraphs per row.

Row structure and printed words follow the notice's 附件1/附件2; what is typed comes from the
applicant's values and habits (``wordtext``). Values are read from ``Applicant.leaves`` and
``Applicant.lists`` after ``wordpath`` has set the truth of this path, so the form and the
truth cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from jingpin.demo import habits as hb
from jingpin.demo.habits import Habits
from jingpin.demo.values import STANDARD_GROUPS, Applicant
from jingpin.demo.wordtext import (
    GUIDANCE,
    Para,
    as_is,
    fill,
    guided,
    list_sentence,
    options,
    yes_no,
)


@dataclass
class Row:
    section: str
    subsection: str
    indicator: str
    paras: list[Para]


def text(t: str) -> Para:
    return [(t, False)]


def optional(h: Habits, value: str | None) -> str:
    """A field the applicant has nothing for: / 无 — as their habit, else the blank left as is."""
    return value if value else {"blank": ""}.get(h.zero_style, h.zero_style).replace("0", "")


def stated(a: Applicant, key: str) -> int | None:
    """The count the applicant types for list ``key``: its truth leaf (a plant may make it
    disagree with the items listed)."""
    return a.leaves.get(f"{key}.count")


def _awards(h: Habits, a: Applicant, key: str, label: str, noun: str, issuer: str) -> Para:
    attrs = [("name", f"{noun}名称", as_is), ("issuer", issuer, as_is)]
    return list_sentence(h, label, "项", a.lists[key], attrs, stated(a, key))


def _numbered(h: Habits, a: Applicant, key: str, label: str, number: str, name: str, typed):
    attrs = [("number", number, typed), ("name", name, as_is)]
    return list_sentence(h, label, "项", a.lists[key], attrs, stated(a, key))


def brand_rows(h: Habits, a: Applicant) -> list[Row]:
    v, s = a.leaves, "1 品牌引领"
    sales = [
        ("产品销售额(含出口,万元)", hb.money(h, v["sales_revenue_wan"])),
        ("，(服务经营额(含出口,万元):", h.extra["service_revenue_text"]),
    ]
    share = [
        (")国内市场占有率", hb.percent(h, v["market_share_domestic"], False)),
        ("，行业位次", hb.rank(h, v["rank_domestic"])),
        ("；\n省内市场占有率", hb.percent(h, v["market_share_province"], False)),
        ("，行业位次", hb.rank(h, v["rank_province"])),
    ]
    para: Para = []
    for label, val in sales + share:
        para += [(label, False), *fill(h, val)]
    return [
        Row(
            s,
            "1.1 品牌战略",
            "1.1.1 制度建设情况",
            [text("是否制定品牌发展战略和品牌管理制度? " + yes_no(h, v["brand_strategy"]))],
        ),
        Row(
            s,
            "1.1 品牌战略",
            "1.1.2 战略实施情况",
            [
                text(
                    "是否建立品牌运营机制并提供相应资源投入和保障? "
                    + yes_no(h, v["brand_mechanism"])
                )
            ],
        ),
        Row(
            s,
            "1.2 市场表现",
            "1.2.1 获质量奖励评价情况",
            [
                _awards(h, a, "quality_awards_national", "国家级", "奖项", "颁发部门"),
                _awards(h, a, "quality_awards_provincial", "省部级", "奖项", "颁发部门"),
            ],
        ),
        Row(s, "1.2 市场表现", "1.2.2 产品或服务市场供求和销售情况", [para + [("。", False)]]),
        Row(
            s,
            "1.2 市场表现",
            "1.2.3 产品或服务的知名度、美誉度情况",
            guided(h, "reputation", v["reputation"]),
        ),
    ]


def quality_rows(h: Habits, a: Applicant) -> list[Row]:
    v, s = a.leaves, "2 品质卓越"
    std = hb.standard(h, v["executed_standard"])
    if h.rng.random() < 0.5:
        name = f"《{v['product_name']}通用技术条件》"
        std = h.rng.choice([name + std, f"{std} {name}"])
    certs = []
    for key, label in [
        ("product_certs", "产品认证数量"),
        ("service_certs", "服务认证数量"),
        ("brand_certs", "品牌认证数量"),
    ]:
        attrs = [("name", "证书名称", as_is), ("number", "证书编号", hb.cert)]
        certs.append(list_sentence(h, label, "项", a.lists[key], attrs, stated(a, key)))
    return [
        Row(
            s,
            "2.1 标准水平",
            "2.1.1 标准先进性评价情况",
            [
                [("申报产品/服务所执行的标准名称：", False), *fill(h, std)],
                text("是否通过标准先进性评价？ " + yes_no(h, v["standard_advanced_passed"])),
            ],
        ),
        Row(
            s,
            "2.2 质量水平",
            "2.2.1 产品质量检测、服务质量评价情况",
            guided(h, "quality_test_report", v["quality_test_report"]),
        ),
        Row(
            s,
            "2.3 质量认证",
            "2.3.1 产品、服务、品牌认证情况",
            _with_guidance(h, "certs", certs),
        ),
    ]


def innovation_rows(h: Habits, a: Applicant) -> list[Row]:
    v, s = a.leaves, "3 自主创新"
    plat = []
    for key, label in [("platforms_national", "国家级平台"), ("platforms_provincial", "省级平台")]:
        named = [("name", "平台名称", as_is)]
        plat.append(list_sentence(h, label, "个", a.lists[key], named, stated(a, key)))
    rd: Para = [("上年度研发投入", False), *fill(h, hb.money(h, v["rd_investment_wan"]))]
    rd += [("万元，占销售收入比例", False), *fill(h, hb.percent(h, v["rd_ratio_pct"], True))]
    rd += [("%。", False)]
    products = [
        text("(1) 产品类："),
        _awards(h, a, "tech_awards_national", "国家级奖项", "奖项", "颁发部门"),
        _awards(h, a, "tech_awards_provincial", "省部级奖项", "奖项", "颁发部门"),
        _awards(h, a, "projects_national", "国家级项目", "项目", "批准部门"),
        _awards(h, a, "projects_provincial", "省部级项目", "项目", "批准部门"),
    ]
    service = guided(h, "service_innovation", v["service_innovation"])
    service[0] = [("(2) 服务类：", False), *service[0]]
    patents = [
        _numbered(h, a, "patents_foreign", "国外授权发明专利", "专利号", "专利名称", hb.patent),
        _numbered(h, a, "patents_domestic", "国内授权发明专利", "专利号", "专利名称", hb.patent),
    ]
    stds = [
        _numbered(h, a, key, label, "标准号", "标准名称", hb.standard)
        for key, label in STANDARD_GROUPS
    ]
    stds.append(
        text(
            "承担标准化技术委员会（或分技术委员会）秘书处级别："
            + options(h, v["tc_secretariat_level"], ["国际级", "国家级", "省级"])
        )
    )
    stds.append(
        [
            ("标准化技术委员会（或分技术委员会）名称", False),
            *fill(h, optional(h, v["tc_name"])),
            ("。", False),
        ]
    )
    return [
        Row(
            s,
            "3.1 创新机制",
            "3.1.1 制定和执行创新战略情况",
            [text("是否制定创新战略并有效执行？ " + yes_no(h, v["innovation_strategy"]))],
        ),
        Row(
            s,
            "3.1 创新机制",
            "3.1.2 技术创新平台建设、研发投入情况",
            _with_guidance(h, "platforms", [*plat, rd]),
        ),
        Row(
            s,
            "3.2 技术领先",
            "3.2.1 核心技术先进程度和自主可控情况",
            [
                text(
                    "产品/服务核心技术来源： "
                    + options(
                        h,
                        v["tech_source"],
                        ["自主研发", "联合研发", "成果转化", "引进国外设备、技术生产", "其他"],
                    )
                ),
                text(
                    "产品/服务核心技术水平处于： "
                    + options(h, v["tech_level"], ["国际先进", "国内一流", "省内前列"])
                ),
            ],
        ),
        Row(s, "3.2 技术领先", "3.2.2 获得科技奖励、荣誉及项目情况", products + service),
        Row(s, "3.2 技术领先", "3.2.3 知识产权保护情况", _with_guidance(h, "patents", patents)),
        Row(
            s,
            "3.2 技术领先",
            "3.2.4 标准制修订或参与标准化活动情况",
            _with_guidance(h, "standards", stds),
        ),
    ]


def _with_guidance(h: Habits, key: str, paras: list[Para]) -> list[Para]:
    """Guidance printed above sentences to fill: kept as its own line or deleted."""
    return ([[(GUIDANCE[key], False)]] if h.keeps_guidance() else []) + paras


def management_rows(h: Habits, a: Applicant) -> list[Row]:
    v, s = a.leaves, "4 管理科学"
    mgmt = _numbered(h, a, "mgmt_certs", "认证数量", "证书编号", "证书名称", hb.cert)
    box = h.tick

    def named(question: str, flag: bool, label: str, name: str | None, end: str) -> Para:
        return [
            (f"{question} {box[0] if flag else box[1]}是，{label}", False),
            *fill(h, name or ""),
            (f"{end} {box[1] if flag else box[0]}否", False),
        ]

    return [
        Row(s, "4.1 管理体系", "4.1.1 管理体系认证情况", _with_guidance(h, "mgmt_certs", [mgmt])),
        Row(
            s,
            "4.1 管理体系",
            "4.1.2 导入先进质量管理模式情况",
            [
                named(
                    "是否导入先进质量管理模式？",
                    v["advanced_quality_mode"],
                    "模式名称",
                    v["advanced_quality_mode_name"],
                    "；",
                )
            ],
        ),
        Row(
            s,
            "4.1 管理体系",
            "4.1.3 供应链管控情况",
            [
                named(
                    "是否建立实施产品质量追溯体系？",
                    v["traceability"],
                    "产品质量追溯体系名称",
                    v["traceability_name"],
                    "，",
                ),
                named(
                    "是否建立实施供应链溯源体系？",
                    v["supply_chain_trace"],
                    "供应链溯源体系名称",
                    v["supply_chain_trace_name"],
                    "，",
                ),
            ],
        ),
        Row(
            s,
            "4.2 售后服务管理",
            "4.2.1 售后服务情况",
            [text("是否收集并及时处理顾客意见？ " + yes_no(h, v["after_sales"]))],
        ),
    ]


def responsibility_rows(h: Habits, a: Applicant) -> list[Row]:
    v, s = a.leaves, "5 社会责任"
    return [
        Row(
            s,
            "5.1 绿色环保",
            "5.1.1 生态环保情况",
            [text("是否注重保护生态，节约资源，推动实现碳达峰碳中和？ " + yes_no(h, v["green"]))],
        ),
        Row(
            s,
            "5.2 诚信经营",
            "5.2.1 诚信自律情况",
            _with_guidance(
                h,
                "credit",
                [
                    text(
                        "是否被列入严重失信主体名单？ " + yes_no(h, v["serious_dishonesty_listed"])
                    ),
                    text("是否被列入经营异常名单？ " + yes_no(h, v["abnormal_operation_listed"])),
                ],
            ),
        ),
        Row(
            s,
            "5.3 公共责任",
            "5.3.1 带动行业发展情况",
            [text("是否产品、服务填补国内或省内行业空白？ " + yes_no(h, v["fills_industry_gap"]))],
        ),
    ]


def assessment_rows(h: Habits, a: Applicant) -> list[Row]:
    """The 自评情况 rows, 1.1.1 to 5.3.1, in the form's order."""
    return (
        brand_rows(h, a)
        + quality_rows(h, a)
        + innovation_rows(h, a)
        + management_rows(h, a)
        + responsibility_rows(h, a)
    )
