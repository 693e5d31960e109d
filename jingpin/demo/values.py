"""Random but valid applicant data, deterministic by seed.

Every identifier carries a correct check character, so a test that finds an invalid
one has found a reading error, not a generator bug.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from extractors import identifiers, industry

CITIES = {
    "武汉市": ("420100", "江岸区"),
    "黄石市": ("420200", "下陆区"),
    "十堰市": ("420300", "张湾区"),
    "宜昌市": ("420500", "西陵区"),
    "襄阳市": ("420600", "樊城区"),
    "荆州市": ("421000", "沙市区"),
    "孝感市": ("420900", "孝南区"),
    "黄冈市": ("421100", "黄州区"),
}
WORDS = list("华宇精工恒信鼎盛天创联科汇达瑞丰楚源江汉长荆远航新锐博智光谷凯诚中南博远")
TRADES = ["科技", "机械", "电气", "新材料", "食品", "医药", "光电", "汽车零部件", "生物"]
PRODUCTS = [
    "智能配电柜",
    "高速精密轴承",
    "光纤预制棒",
    "有机富硒茶",
    "新能源汽车电机",
    "医用防护口罩",
    "工业机器人减速器",
    "特种钢丝绳",
    "低温乳制品",
    "锂电池隔膜",
]
ISSUERS = [
    "国家市场监督管理总局",
    "湖北省人民政府",
    "工业和信息化部",
    "湖北省科学技术厅",
    "科学技术部",
    "湖北省市场监督管理局",
]
AWARDS = [
    "中国质量奖提名奖",
    "长江质量奖",
    "湖北省科技进步奖",
    "制造业单项冠军",
    "专精特新小巨人",
    "湖北名牌产品",
    "国家技术发明奖",
]
PLATFORMS = [
    "国家企业技术中心",
    "省级工程研究中心",
    "省级企业技术中心",
    "湖北省重点实验室",
    "国家地方联合工程研究中心",
]
STD_PREFIXES = {
    "standards_international": ["ISO", "IEC"],
    "standards_national": ["GB/T", "GB"],
    "standards_industry": ["JB/T", "QB/T", "HG/T", "YY/T", "SJ/T"],
    "standards_local": ["DB42/T"],
    "standards_group": ["T/HBAS", "T/CAS", "T/HBZL"],
    "standards_enterprise": ["Q/WHJC", "Q/HBXY"],
}
MODES = ["卓越绩效管理模式", "六西格玛管理", "精益生产", "全面质量管理"]


def uscc(rng: random.Random, region: str) -> str:
    """A valid code of a company registered in ``region`` (both check characters right)."""
    body = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
    org = body + identifiers.org_code_check_char(body)
    code17 = "91" + region + org
    return code17 + identifiers.uscc_check_char(code17)


def patent_number(rng: random.Random) -> str:
    digits = f"{rng.randint(2012, 2023)}1{rng.randint(0, 9999999):07d}"
    return f"ZL{digits}.{identifiers.patent_check_digit(digits)}"


def mgmt_cert_number(rng: random.Random) -> str:
    return f"{rng.randint(0, 999):03d}{rng.randint(18, 24)}{rng.choice('QES')}{rng.randint(10000, 99999)}R{rng.randint(0, 3)}{rng.choice('MSL')}"


def company_name(rng: random.Random, city: str) -> str:
    return f"{city[:2]}{''.join(rng.sample(WORDS, 2))}{rng.choice(TRADES)}有限公司"


@dataclass
class Applicant:
    """One applicant's truth: ``leaves`` in the keys of fields.yaml, plus what the printer needs."""

    city: str
    leaves: dict = field(default_factory=dict)
    lists: dict[str, list[dict]] = field(default_factory=dict)
    planted: list[dict] = field(default_factory=list)


def _items(rng: random.Random, key: str, attrs: dict) -> list[dict]:
    count = rng.choice([0, 1, 1, 2, 2, 3])
    return [{a: make(rng) for a, make in attrs.items()} for _ in range(count)]


def _name(pool):
    return lambda rng: rng.choice(pool)


def _standard(prefixes):
    def make(rng):
        prefix = rng.choice(prefixes)
        number = rng.randint(100, 40000) if "/" not in prefix[:2] else rng.randint(1, 999)
        if prefix in ("ISO", "IEC"):
            return f"{prefix} {rng.randint(1000, 30000)}:{rng.randint(2010, 2023)}"
        width = 3 if prefix.startswith(("T/", "Q/")) else 0
        return f"{prefix} {number:0{width}d}-{rng.randint(2010, 2023)}"

    return make


LIST_ATTRS = {
    "quality_awards_national": {"name": _name(AWARDS), "issuer": _name(ISSUERS)},
    "quality_awards_provincial": {"name": _name(AWARDS), "issuer": _name(ISSUERS)},
    "product_certs": {
        "name": _name(["CCC认证", "CQC自愿性认证", "绿色产品认证"]),
        "number": lambda r: (
            f"{r.randint(2015, 2024)}{r.randint(1, 18):02d}{r.randint(10**9, 10**10 - 1)}"
        ),
    },
    "service_certs": {
        "name": _name(["商品售后服务评价认证", "服务认证"]),
        "number": lambda r: f"CQC{r.randint(10**7, 10**8 - 1)}",
    },
    "brand_certs": {
        "name": _name(["品牌认证", "五星品牌认证"]),
        "number": lambda r: f"PJ{r.randint(10**6, 10**7 - 1)}",
    },
    "platforms_national": {"name": _name(PLATFORMS)},
    "platforms_provincial": {"name": _name(PLATFORMS)},
    "tech_awards_national": {"name": _name(AWARDS), "issuer": _name(ISSUERS)},
    "tech_awards_provincial": {"name": _name(AWARDS), "issuer": _name(ISSUERS)},
    "projects_national": {
        "name": lambda r: f"{r.choice(PRODUCTS)}关键技术研发",
        "issuer": _name(ISSUERS),
    },
    "projects_provincial": {
        "name": lambda r: f"{r.choice(PRODUCTS)}产业化",
        "issuer": _name(ISSUERS),
    },
    "patents_foreign": {
        "number": lambda r: f"US{r.randint(9_000_000, 11_999_999)}B2",
        "name": lambda r: f"一种{r.choice(PRODUCTS)}的制造方法",
    },
    "patents_domestic": {
        "number": patent_number,
        "name": lambda r: f"一种{r.choice(PRODUCTS)}及其装置",
    },
    **{
        key: {"number": _standard(p), "name": lambda r: f"{r.choice(PRODUCTS)}技术条件"}
        for key, p in STD_PREFIXES.items()
    },
    "mgmt_certs": {
        "name": _name(
            ["质量管理体系认证证书", "环境管理体系认证证书", "职业健康安全管理体系认证证书"]
        ),
        "number": mgmt_cert_number,
    },
}


def make_applicant(rng: random.Random, city: str) -> Applicant:
    region, district = CITIES[city]
    classes = [(c, n) for c, (s, n) in industry.classes().items() if s == "C"]
    ind_code, ind_name = rng.choice(sorted(classes))
    entity = company_name(rng, city)
    sales = round(rng.uniform(3000, 90000), 1)
    rd = round(sales * rng.uniform(0.02, 0.08), 1)
    leaves = {
        "report_no": f"HBJP2024-{rng.randint(1, 9999):04d}",
        "applicant_unit": entity,
        "applicant_sealed": True,
        "product_name": rng.choice(PRODUCTS),
        "industry": f"{industry.lookup(ind_code)[0]}",
        "industry_name": ind_name,
        "city_regulator": f"{city}市场监督管理局",
        "filing_date": f"2024-07-{rng.randint(3, 9):02d}",
        "overview": f"{entity}成立于{rng.randint(1995, 2015)}年，位于{city}{district}，"
        f"专注于{rng.choice(PRODUCTS)}的研发与制造，建立了完善的质量管理体系。",
        "entity_name": entity,
        "credit_code": uscc(rng, region),
        "trademark": "".join(rng.sample(WORDS, 2)) + "牌",
        "address": f"湖北省{city}{district}{rng.choice(WORDS)}{rng.choice(WORDS)}路{rng.randint(1, 300)}号",
        "scale": rng.choice(["大型", "中型", "小型", "微型"]),
        "legal_rep": rng.choice("王李张刘陈杨赵黄周吴")
        + rng.choice(["建国", "志强", "海涛", "丽华", "明"]),
        "legal_rep_phone": f"027-8{rng.randint(1000000, 9999999)}",
        "contact_name": rng.choice("王李张刘陈杨赵黄周吴")
        + rng.choice(["静", "磊", "敏", "伟", "芳"]),
        "contact_phone": f"13{rng.randint(100000000, 999999999)}",
        "contact_email": f"zl{rng.randint(100, 999)}@hbjp{rng.randint(1, 99)}.com",
        "brand_strategy": rng.random() < 0.9,
        "brand_mechanism": rng.random() < 0.85,
        "sales_revenue_wan": sales,
        "service_revenue_wan": 0,
        "market_share_domestic": round(rng.uniform(1, 30), 1),
        "rank_domestic": rng.randint(1, 20),
        "market_share_province": round(rng.uniform(10, 60), 1),
        "rank_province": rng.randint(1, 5),
        "reputation": "产品远销国内外，在行业内具有较高知名度和美誉度。",
        "executed_standard": _standard(["GB/T", "T/HBAS", "Q/WHJC"])(rng),
        "standard_advanced_passed": rng.random() < 0.6,
        "quality_test_report": f"经{rng.choice(['湖北省产品质量监督检验研究院', '国家电线电缆质量检验检测中心'])}检验，产品质量合格。",
        "innovation_strategy": rng.random() < 0.9,
        "rd_investment_wan": rd,
        "rd_ratio_pct": round(rd / sales * 100, 2),
        "tech_source": sorted(
            rng.sample(["自主研发", "联合研发", "成果转化"], rng.randint(1, 2)),
            key=["自主研发", "联合研发", "成果转化"].index,
        ),
        "tech_level": rng.choice(["国际先进", "国内一流", "省内前列"]),
        "service_innovation": None,
        "tc_secretariat_level": None,
        "tc_name": None,
        "advanced_quality_mode": (aq := rng.random() < 0.6),
        "advanced_quality_mode_name": rng.choice(MODES) if aq else None,
        "traceability": (tr := rng.random() < 0.7),
        "traceability_name": f"{rng.choice(PRODUCTS)}质量追溯系统" if tr else None,
        "supply_chain_trace": (sc := rng.random() < 0.5),
        "supply_chain_trace_name": "供应链溯源平台" if sc else None,
        "after_sales": True,
        "green": True,
        "serious_dishonesty_listed": False,
        "abnormal_operation_listed": False,
        "fills_industry_gap": rng.random() < 0.3,
        "city_recommendation_sealed": True,
        "recommendation_date": f"2024-07-{rng.randint(10, 14):02d}",
    }
    lists = {key: _items(rng, key, attrs) for key, attrs in LIST_ATTRS.items()}
    applicant = Applicant(city=city, leaves=leaves, lists=lists)
    for key, items in lists.items():
        leaves[f"{key}.count"] = len(items)
        for i, item in enumerate(items):
            for attr, value in item.items():
                leaves[f"{key}[{i}].{attr}"] = value
    return applicant


def add_declaration(a: Applicant, rng: random.Random) -> None:
    v = a.leaves
    v.update(
        {
            "decl_entity_name": v["entity_name"],
            "decl_address": v["address"],
            "decl_contact": f"{v['contact_name']}/质量部经理",
            "decl_phone": v["contact_phone"],
            "decl_award": f"{rng.randint(2019, 2023)}年度长江质量奖",
            "decl_spot_check_failed": False,
            "decl_quality_penalty": False,
            "decl_major_incident": False,
            "decl_serious_illegal_listed": False,
            "decl_product_name": v["product_name"],
            "decl_trademark": v["trademark"],
            "decl_honors": rng.choice(AWARDS),
            "decl_standard_summary": f"申请产品执行{v['executed_standard']}，关键指标达到国内先进水平。",
            "decl_sealed": True,
            "decl_date": v["filing_date"],
        }
    )


def add_summary(a: Applicant, seq: int) -> None:
    """The city's summary row for this applicant, as the city typed it."""
    v = a.leaves
    district = CITIES[a.city][1]
    v.update(
        {
            "summary.seq": seq,
            "summary.entity_name": v["entity_name"],
            "summary.location": f"{a.city}{district}",
            "summary.product_name": v["product_name"],
            "summary.executed_standard": v["executed_standard"],
            "summary.industry": v["industry"],
            "summary.industry_name": v["industry_name"],
            "summary.contact": f"{v['contact_name']} {v['contact_phone']}",
            "summary.filled_by": v["city_regulator"],
            "summary.sealed": True,
        }
    )


def plant(a: Applicant, rng: random.Random, kind: str) -> None:
    """Make one known inconsistency and record it, so cross-checks can be scored."""
    v = a.leaves
    if kind == "summary_product":
        v["summary.product_name"] = rng.choice([p for p in PRODUCTS if p != v["product_name"]])
        a.planted.append(
            {
                "kind": kind,
                "rule": "agree.product_name",
                "fields": ["product_name", "summary.product_name"],
            }
        )
    elif kind == "patent_count":
        v["patents_domestic.count"] = len(a.lists["patents_domestic"]) + 1
        a.planted.append(
            {"kind": kind, "rule": "count.patents_domestic", "fields": ["patents_domestic.count"]}
        )
    elif kind == "no_city_seal":
        v["city_recommendation_sealed"] = False
        a.planted.append(
            {
                "kind": kind,
                "rule": "seal.city_recommendation",
                "fields": ["city_recommendation_sealed"],
            }
        )


# What applicants write in the free-text cells of the Word form: longer than the demo's one-liners,
# several sentences with numbers in them. Drawn only by the Word path (its own random stream), so the
# demo's values for a seed are unchanged.
OVERVIEW_OPENINGS = [
    "{entity}成立于{year}年，位于{city}{district}，注册资本{capital}万元，现有员工{staff}余人，"
    "其中专业技术人员{tech}人，是一家集研发、生产、销售和服务于一体的{kind}企业。",
    "{entity}始建于{year}年，坐落于{city}{district}，占地面积{area}亩，现有职工{staff}人，"
    "主要从事{product}的研发、制造与销售，是{kind}企业。",
]
OVERVIEW_THEMES = [
    "品牌引领方面，公司制定了品牌发展战略和品牌管理制度，设立品牌管理部，每年投入品牌建设资金"
    "{money}万元，“{trademark}”品牌在行业内具有较高知名度。",
    "品质卓越方面，公司严格执行{standard}等标准，建立了覆盖原材料进厂、过程控制到成品出厂的全过程"
    "质量管控体系，产品一次交验合格率达到{rate}%。",
    "自主创新方面，公司建有研发中心，近三年累计投入研发经费{money}万元，拥有授权专利{patents}项，"
    "参与制修订标准{stds}项，核心技术具有自主知识产权。",
    "管理科学方面，公司导入卓越绩效管理模式，通过质量、环境、职业健康安全管理体系认证，推行精益生产"
    "和数字化车间管理。",
    "社会责任方面，公司坚持绿色低碳发展，依法纳税、诚信经营，近三年未发生质量、安全、环保事故，"
    "积极参与乡村振兴和社会公益活动。",
]
REPUTATIONS = [
    "产品销往全国{provinces}个省、自治区、直辖市，并出口东南亚、中东、非洲等{countries}个国家和地区，"
    "在行业内具有较高知名度和美誉度。",
    "“{trademark}”品牌连续{years}年获评湖北省著名品牌，产品用户满意度达{rate}%，被多家主流媒体报道。",
    "产品在国内外享有良好声誉，与{customers}余家大型企业建立了长期合作关系，客户满意度{rate}%。",
]
LABS = ["湖北省产品质量监督检验研究院", "国家电线电缆质量检验检测中心", "武汉市产品质量监督检验所"]
COMMITTEES = [
    "全国电工仪器仪表标准化技术委员会",
    "湖北省机械标准化技术委员会",
    "湖北省食品标准化技术委员会",
]


def word_texts(rng: random.Random, a: Applicant) -> dict:
    """Free-text values as an applicant types them into the Word form (see the comment above)."""
    v = a.leaves
    district = CITIES[a.city][1]
    fill = {
        "entity": v["entity_name"],
        "year": rng.randint(1995, 2015),
        "city": a.city,
        "district": district,
        "capital": rng.choice([500, 1000, 3000, 5000, 12000]),
        "staff": rng.randint(80, 2000),
        "tech": rng.randint(15, 300),
        "area": rng.randint(20, 400),
        "product": v["product_name"],
        "kind": rng.choice(["国家高新技术", "专精特新“小巨人”", "省级专精特新"]),
        "money": rng.randint(200, 9000),
        "trademark": v["trademark"],
        "standard": v["executed_standard"],
        "rate": round(rng.uniform(98.0, 99.9), 1),
        "patents": rng.randint(5, 80),
        "stds": rng.randint(1, 12),
        "provinces": rng.randint(15, 31),
        "countries": rng.randint(5, 40),
        "years": rng.randint(2, 6),
        "customers": rng.randint(50, 500),
    }
    themes = rng.sample(OVERVIEW_THEMES, rng.randint(2, 4))
    paragraphs = [rng.choice(OVERVIEW_OPENINGS).format(**fill)]
    paragraphs += [t.format(**fill) for t in sorted(themes, key=OVERVIEW_THEMES.index)]
    lab = rng.choice(LABS)
    report = f"HB{rng.randint(2022, 2024)}-{rng.randint(100, 9999):04d}"
    has_tc = rng.random() < 0.3
    return {
        "overview_paragraphs": paragraphs,
        "reputation": rng.choice(REPUTATIONS).format(**fill),
        "quality_test_report": rng.choice(
            [
                f"经{lab}检验，所检项目均符合{v['executed_standard']}要求，检验结论为合格。",
                f"{rng.randint(2022, 2024)}年委托{lab}（CMA、CNAS资质）对产品进行全项检测，"
                f"报告编号：{report}，检验结论：合格。",
            ]
        ),
        "tc_secretariat_level": rng.choice(["国家级", "省级"]) if has_tc else None,
        "tc_name": rng.choice(COMMITTEES) if has_tc else None,
    }


# The form's six kinds of standard (3.2.4), in its order: (list key, label on the form).
STANDARD_GROUPS = [
    ("standards_international", "国际标准"),
    ("standards_national", "国家标准"),
    ("standards_industry", "行业标准"),
    ("standards_local", "地方标准"),
    ("standards_group", "团体标准"),
    ("standards_enterprise", "企业标准"),
]
