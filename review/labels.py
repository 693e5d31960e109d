"""What reviewers read: a leaf's name as the form prints it, statuses and types in Chinese.

The catalogue's labels are the form's cell labels, which repeat (three cells read
``联系人/电话/邮箱``) and lack the section number a secretariat navigates by. The form's
section of each field and the names of the cells that share a label are kept here.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo

from core.record import Leaf, Status
from extractors.template import field_labels

SHANGHAI = ZoneInfo("Asia/Shanghai")

# The 自评情况 table's indicator number of each field (附件1).
SECTIONS = {
    "brand_strategy": "1.1.1",
    "brand_mechanism": "1.1.2",
    "quality_awards_national": "1.2.1",
    "quality_awards_provincial": "1.2.1",
    "sales_revenue_wan": "1.2.2",
    "service_revenue_wan": "1.2.2",
    "market_share_domestic": "1.2.2",
    "rank_domestic": "1.2.2",
    "market_share_province": "1.2.2",
    "rank_province": "1.2.2",
    "reputation": "1.2.3",
    "executed_standard": "2.1.1",
    "standard_advanced_passed": "2.1.1",
    "quality_test_report": "2.2.1",
    "product_certs": "2.3.1",
    "service_certs": "2.3.1",
    "brand_certs": "2.3.1",
    "innovation_strategy": "3.1.1",
    "platforms_national": "3.1.2",
    "platforms_provincial": "3.1.2",
    "rd_investment_wan": "3.1.2",
    "rd_ratio_pct": "3.1.2",
    "tech_source": "3.2.1",
    "tech_level": "3.2.1",
    "tech_awards_national": "3.2.2",
    "tech_awards_provincial": "3.2.2",
    "projects_national": "3.2.2",
    "projects_provincial": "3.2.2",
    "service_innovation": "3.2.2",
    "patents_foreign": "3.2.3",
    "patents_domestic": "3.2.3",
    **{
        f"standards_{k}": "3.2.4"
        for k in ("international", "national", "industry", "local", "group", "enterprise")
    },
    "tc_secretariat_level": "3.2.4",
    "tc_name": "3.2.4",
    "mgmt_certs": "4.1.1",
    "advanced_quality_mode": "4.1.2",
    "advanced_quality_mode_name": "4.1.2",
    "traceability": "4.1.3",
    "traceability_name": "4.1.3",
    "supply_chain_trace": "4.1.3",
    "supply_chain_trace_name": "4.1.3",
    "after_sales": "4.2.1",
    "green": "5.1.1",
    "serious_dishonesty_listed": "5.2.1",
    "abnormal_operation_listed": "5.2.1",
    "fills_industry_gap": "5.3.1",
}
# Cells whose printed label is shared with another field, or says nothing alone.
NAMES = {
    "applicant_unit": "封面 · 申报单位",
    "applicant_sealed": "封面 · 申报单位盖章",
    "filing_date": "封面 · 填报日期",
    "city_regulator": "封面 · 市州市场监管部门",
    "legal_rep": "法人代表 · 姓名",
    "legal_rep_phone": "法人代表 · 电话",
    "contact_name": "联系人 · 姓名",
    "contact_phone": "联系人 · 电话",
    "contact_email": "联系人 · 邮箱",
    "quality_awards_national": "质量奖励 国家级",
    "quality_awards_provincial": "质量奖励 省部级",
    "sales_revenue_wan": "产品销售额（含出口，万元）",
    "service_revenue_wan": "服务经营额（含出口，万元）",
    "rank_domestic": "国内行业位次",
    "rank_province": "省内行业位次",
    "service_innovation": "服务类创新",
    "city_recommendation_sealed": "市州推荐意见 · 公章",
    "recommendation_date": "市州推荐意见 · 日期",
    "decl_sealed": "自我声明 · 盖章",
    "decl_date": "自我声明 · 日期",
}
# The summary table's cells outside its rows (the city fills and seals the table once).
SUMMARY_NAMES = {
    "summary.filled_by": "填报单位",
    "summary.sealed": "填报单位盖章",
}
ATTRIBUTES = {"count": "数量", "name": "名称", "issuer": "颁发单位"}
NUMBER_NAMES = {"patents": "专利号", "standards": "标准号"}
STATUSES = {
    Status.NEEDS_REVIEW: "待审核",
    Status.MISSING: "未找到",
    Status.AUTO_ACCEPTED: "自动通过",
    Status.CONFIRMED: "已确认",
    Status.CORRECTED: "已更正",
    "pending": "待处理",
    "processed": "已处理",
    "failed": "失败",
    "complete": "已完成",
    "pass": "通过",
    "fail": "未通过",
    "not_applicable": "不适用",
}
TYPES = {
    "text": "文本",
    "int": "整数",
    "money_wan": "金额（万元）",
    "percent": "百分比",
    "date": "日期",
    "uscc": "统一社会信用代码",
    "phone": "电话",
    "email": "邮箱",
    "yesno": "是/否",
    "choice": "单选",
    "choices": "多选",
    "industry": "行业代码",
    "patent": "专利号",
    "standard": "标准号",
    "cert": "证书编号",
    "seal": "盖章",
}


def _name(key: str, labels: dict[str, str]) -> str:
    """The field's own name: an override, else its label without number and '数量'."""
    if key in NAMES:
        return NAMES[key]
    label = labels.get(key, key)
    label = re.sub(r"^\d+(?:\.\d+)+\s*", "", label)
    return label.removesuffix("数量").replace("(", "（").replace(")", "）").replace(",", "，")


def _attribute(key: str, attr: str) -> str:
    if attr == "number":
        return NUMBER_NAMES.get(key.split("_")[0], "证书编号")
    return ATTRIBUTES.get(attr, attr)


@cache
def leaf_label(leaf: str) -> str:
    """``brand_certs.count`` → ``2.3.1 品牌认证 · 数量``; ``standards_international[6].name``
    → ``3.2.4 国际标准 第7项 · 名称``; ``summary.x`` → ``汇总表 · …``."""
    labels, parsed = field_labels(), Leaf.match(leaf)
    if parsed is None:
        return leaf
    if parsed.summary:
        bare = str(replace(parsed, name=False))
        name = SUMMARY_NAMES.get(bare) or labels.get(bare, bare).removeprefix("汇总表·")
        return f"汇总表 · {name}" + (" · 名称" if parsed.name else "")
    key = parsed.key
    if parsed.name:
        return f"{_name(key, labels)} · 名称"
    declared = parsed.doc == "declaration" and key not in NAMES
    name = ("自我声明 · " if declared else "") + _name(key, labels)
    section = SECTIONS.get(key)
    text = f"{section} {name}" if section else name
    if parsed.index is not None:
        text += f" 第{parsed.index + 1}项"
    attr = "count" if parsed.count else parsed.attr
    return f"{text} · {_attribute(key, attr)}" if attr else text


def status_label(status: str | None) -> str:
    return STATUSES.get(status or "", status or "")


def type_label(kind: str) -> str:
    return TYPES.get(kind, kind)


def shanghai_time(moment: datetime | None) -> str:
    """A stored UTC time as Beijing time, labelled so nobody adds eight hours twice."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo("UTC"))
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S") + "（北京时间）"


SEALS = {
    "applicant": "申报单位",
    "city_recommendation": "市州推荐意见",
    "summary": "汇总表",
    "declaration": "自我声明",
}
RULES = {
    "summary.row": "汇总表中有此申报单位",
    "rd_ratio.consistent": "研发投入占比与金额相符",
    "dates.in_window": "日期在申报期内",
    "flag.serious_dishonesty": "未列入严重失信主体名单",
    "flag.abnormal_operation": "未列入经营异常名单",
    "flag.declaration_illegal": "自我声明 · 未列入严重违法失信企业名单",
    "flag.declaration_penalty": "自我声明 · 无质量行政处罚",
}


@cache
def rule_label(rule: str) -> str:
    """A check's name for reviewers: ``count.brand_certs`` → ``数量与所列项数相符 · 2.3.1 品牌认证``."""
    if rule in RULES:
        return RULES[rule]
    head, _, rest = rule.partition(".")
    if head == "count":
        return f"数量与所列项数相符 · {leaf_label(rest)}"
    if head == "seal" and rest in SEALS:
        return f"已盖章 · {SEALS[rest]}"
    if head == "agree" and rest.startswith("word."):
        return f"与 Word 版一致 · {leaf_label(rest.removeprefix('word.'))}"
    if head == "agree":
        return f"与汇总表一致 · {leaf_label(rest)}"
    if rest == "checksum":
        return f"校验位正确 · {leaf_label(head)}"
    return rule
