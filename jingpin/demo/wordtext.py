"""What goes into each place of the Word form: the seed's printed words plus an applicant's typing.

Content is plain data (paragraphs of ``(text, underlined)`` runs, ``\\n`` a line break) so the
.docx writer in ``wordform`` stays about layout only. Labels, guidance sentences and prompts are
the notice's (``/work/shared/seed``: 附件1 and 附件2), spelled as printed there.
"""

from __future__ import annotations

from collections.abc import Callable

from jingpin.demo import habits as hb
from jingpin.demo.habits import Habits

Run = tuple[str, bool]  # text, underlined
Para = list[Run]
BLANK = "________"

# The form's printed guidance, by the field (or list group) it sits beside.
GUIDANCE = {
    "industry": "（国民经济行业分类4位代码+中文）",
    "overview": "(介绍申报单位基本情况，重点从品牌引领、品质卓越、自主创新、管理科学、社会责任等方面进行概述)",
    "trademark": "(要求拟申报的产品、服务拥有国内自主注册商标,且在有效期内,需提供拟申报的产品、服务所使用的商标注册证书)",
    "address": "(要求在湖北省行政区域内依法注册登记,总部、生产经营场所、研发基地在湖北,需提供营业执照)",
    "scale": "(依据《国家统计局关于印发〈统计上大中小微型企业划分办法(2017)〉的通知》填写)",
    "reputation": "(在本省、国内外具有较高知名度、美誉度)",
    "quality_test_report": "(要求提供具备 CMA/CNAS 资质的机构出具的产品质量检测报告、服务质量评价报告)",
    "certs": "(获产品、服务、品牌认证情况，要求提供认证证书)",
    "platforms": "(自建或共建的重点实验室、技术创新中心、工程研究中心等及研发投入)",
    "service_innovation": "在服务理念、服务模式方面的创新，或通过移动互联、云计算、云平台、电子商务、"
    "创意营销、智能化、产业链-供应链-价值链协同发展等开展服务或管理模式创新情况：",
    "patents": "(与申报产品、服务相关的发明专利)",
    "standards": "(以经营主体名义主导或参与制修订与申报产品、服务相关标准、承担标准化技术委员会或分技术委员会)",
    "mgmt_certs": "(在质量、环境、能源、职业健康安全等方面获管理体系认证，要求提供认证证书。)",
    "credit": "（要求提供信用中国（湖北）网站 http://credit.hubei.gov.cn 提供的《法人和非法人组织公共信用信息报告》）",
    "decl_award": "(此处填写经营主体所获奖项名称,如 XX 年度长江质量奖、XX 年度长江质量奖提名奖等)",
    "decl_standard_summary": "（简要说明申请产品、服务执行标准、对标先进标准、关键性指标及指标值等内容，"
    "标准先进性评价报告应作为证明材料随本表一并提交）",
}
# Text fields whose place on the form carries guidance: the "guidance-stripped text" of the benchmark.
GUIDED_TEXT_FIELDS = (
    "overview",
    "trademark",
    "address",
    "reputation",
    "quality_test_report",
    "service_innovation",
    "decl_award",
    "decl_standard_summary",
)


def fill(h: Habits, value: str) -> list[Run]:
    """A value typed into a ``____`` blank: over it, into the underline, or onto the next line."""
    if value == "":
        return [(BLANK, False)]
    if h.placement == "blank":
        return [(f" {value} ", True)]
    if h.placement == "next_line" and h.rng.random() < 0.3:
        return [("\n" + value, False)]
    return [(value, False)]


def guided(h: Habits, key: str, value: str | None) -> list[Para]:
    """A cell whose printed guidance the applicant kept (value before, after or below it) or deleted."""
    text = value or ""
    if not h.keeps_guidance():
        return [[(text if text else h.rng.choice(["", "/", "无"]), False)]]
    note = GUIDANCE[key]
    if not text:
        return [[(note, False)]]
    where = h.rng.choice(
        ["after", "below", "before"] if h.guidance != "keep" else ["after", "below"]
    )
    if where == "below":
        return [[(note, False)], [(text, False)]]
    return (
        [[(note, False), (text, False)]] if where == "after" else [[(text, False), (note, False)]]
    )


def tick(h: Habits, on: bool, label: str) -> str:
    mark = h.tick[0] if on else h.tick[1]
    return f"{mark}{label}"


def yes_no(h: Habits, value: bool | None, words: tuple[str, str] = ("是", "否")) -> str:
    return f"{tick(h, value is True, words[0])} {tick(h, value is False, words[1])}"


def options(h: Habits, chosen, names: list[str]) -> str:
    picked = set(chosen if isinstance(chosen, list) else [chosen])
    return " ".join(tick(h, o in picked, o) for o in names)


Attr = tuple[str, str, Callable[[Habits, str], str]]  # key, printed label, how it is typed


def as_is(_h: Habits, value: str) -> str:
    return value


def list_sentence(
    h: Habits,
    label: str,
    unit: str,
    items: list[dict],
    attrs: list[Attr],
    stated: int | None = None,
) -> Para:
    """``国家级__项，奖项名称__，颁发部门__``: filled in the form's order, swapped, or item by item.

    ``stated``: the count typed when it is not the items' (a planted miscount)."""
    n, end = len(items), "；"
    if n == 0:
        runs: Para = [(label, False), *fill(h, hb.count(h, 0)), (unit, False)]
        if h.zero_style != "blank" and h.rng.random() < 0.5:  # the rest of the sentence deleted
            if h.zero_style != "0":  # "国家标准：无", not "无项"
                return [(label, False), (h.rng.choice(["：", " ", ""]) + h.zero_style + end, False)]
            return runs + [(end, False)]
        empty = h.zero_style if h.zero_style in ("/", "无", "—") else ""
        for _, name, _ in attrs:
            runs += [("，" + name, False), *fill(h, empty)]
        return runs + [(end, False)]
    runs = [(label, False), *fill(h, hb.count(h, n if stated is None else stated)), (unit, False)]
    if h.list_style == "itemwise":
        return runs + itemwise(h, items, attrs) + [(end, False)]
    order = attrs if h.list_style == "form" else list(reversed(attrs))
    for key, name, typed in order:
        runs += [("，" + name, False), *fill(h, hb.joined(h, [typed(h, i[key]) for i in items]))]
    return runs + [(end, False)]


def itemwise(h: Habits, items: list[dict], attrs: list[Attr]) -> Para:
    """Each item with its own number: ``1.质量管理体系认证证书（00121Q31234R1M）`` per line or per ；."""
    numbering = h.extra.setdefault("numbering", h.rng.choice(["1.", "①", "(1)", ""]))
    flip = h.extra.setdefault("number_first", h.rng.random() < 0.5)
    sep = "\n" if h.separator in ("\n", "，") else h.separator
    parts = []
    for i, item in enumerate(items):
        values = [typed(h, item[key]) for key, _, typed in attrs]
        if flip:
            values.reverse()
        mark = {"1.": f"{i + 1}.", "①": "①②③④⑤⑥⑦⑧⑨"[i], "(1)": f"({i + 1})"}.get(numbering, "")
        body = values[0] if len(values) == 1 else f"{values[0]}（{values[1]}）"
        parts.append(mark + body)
    return [("：" + ("\n" if sep == "\n" else ""), False), (sep.join(parts), False)]


def materials(h: Habits, indicator: str) -> str:
    """What an applicant lists in the 证明性材料清单 column, if anything."""
    if not h.materials:
        return ""
    return {
        "1.1.1": "品牌发展战略、品牌管理制度文件",
        "1.2.1": "获奖证书复印件",
        "1.2.2": "上年度财务审计报告",
        "2.1.1": "标准文本、标准先进性评价报告",
        "2.2.1": "检测报告",
        "2.3.1": "认证证书复印件",
        "3.1.2": "平台认定文件、研发费用专项审计报告",
        "3.2.3": "专利证书",
        "3.2.4": "标准发布文件",
        "4.1.1": "管理体系认证证书",
        "5.2.1": "公共信用信息报告",
    }.get(indicator.split(" ")[0], "")
