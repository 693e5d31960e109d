"""The Word-path fixtures: the notice's labels in the .docx, the typed values in the exported PDF,
and a truth that says what was typed.

Builds a small inbox through LibreOffice (``soffice``): skipped where it is missing, unless
``JINGPIN_REQUIRE_LIBREOFFICE=1`` (CI), where a missing soffice fails instead.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import unicodedata

import pdfplumber
import pytest
from docx import Document

from jingpin.demo import FORM
from jingpin.demo.values import LIST_ATTRS

pytestmark = pytest.mark.libreoffice

if shutil.which("soffice") is None and os.environ.get("JINGPIN_REQUIRE_LIBREOFFICE") != "1":
    pytest.skip(
        "LibreOffice (soffice) not installed: apt-get install libreoffice-writer-nogui "
        "(set JINGPIN_REQUIRE_LIBREOFFICE=1 to fail instead)",
        allow_module_level=True,
    )

# Printed words of the notice's 附件1 and 附件2 (../shared/seed), as an applicant's copy keeps them.
SEED_LABELS = [
    "报告编号",
    "“湖北精品”培育申报表",
    "申报单位（盖章）",
    "申报产品/服务名称",
    "所属行业类别",
    "市州市场监管部门",
    "“湖北精品”培育申报单位情况概述",
    "(500 字以内，可附页)",
    "(栏目若空格不够,可自行加页)",
    "基本情况",
    "经营主体名称",
    "统一社会信用代码",
    "注册商标名称",
    "经营主体注册地址",
    "经营主体规模",
    "法人代表/电话",
    "联系人/电话/邮箱",
    "自评情况",
    "认定内容及评价指标",
    "自评描述",
    "证明性材料清单",
    "1.1.1 制度建设情况",
    "1.2.1 获质量奖励评价情况",
    "1.2.2 产品或服务市场供求和销售情况",
    "产品销售额(含出口,万元)",
    "2.1.1 标准先进性评价情况",
    "申报产品/服务所执行的标准名称",
    "2.3.1 产品、服务、品牌认证情况",
    "3.1.2 技术创新平台建设、研发投入情况",
    "3.2.1 核心技术先进程度和自主可控情况",
    "3.2.2 获得科技奖励、荣誉及项目情况",
    "3.2.3 知识产权保护情况",
    "3.2.4 标准制修订或参与标准化活动情况",
    "4.1.1 管理体系认证情况",
    "4.1.3 供应链管控情况",
    "5.2.1 诚信自律情况",
    "5.3.1 带动行业发展情况",
    "市州市场监管部门推荐意见（公章）",
    "经审核，申报主体填报的基本情况",
]
DECLARATION_LABELS = [
    "“湖北精品”标识使用授权申请自我声明",
    "一、组织基本信息",
    "经营主体地址",
    "联系人及职务",
    "联系电话",
    "所获奖项名称",
    "近三年有无因质量问题受到行政处罚",
    "申请产品（服务）所获荣誉",
    "三、标准先进性评价情况",
    "四、自我声明",
    "经营主体名称（盖章）",
]


@pytest.fixture(scope="module")
def word_inbox(tmp_path_factory):
    from jingpin.demo.wordpath import build_word_inbox

    return build_word_inbox(tmp_path_factory.mktemp("word"), seed=4, cities=1, per_city=2)


def squeeze(text: str) -> str:
    """Compared without layout: NFKC (as the text truth is), no whitespace, one kind of dash."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).replace("—", "-")


def docx_text(path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def pdf_text(path) -> str:
    """Page text plus each table cell's own text (a cell's wrapped lines interleave in the page's)."""
    parts = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            parts.append(page.extract_text() or "")
            for table in page.extract_tables():
                parts += [cell or "" for row in table for cell in row]
    return "\n".join(parts)


def truths(built) -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted(built.truth.glob("*/*.json"))]


def printed(built, truth: dict, suffix: str):
    batch, entity = truth["submission_id"].split("/")
    return built.truth / "printed" / batch / f"{entity}{suffix}"


def test_inbox_has_scans_word_files_and_summaries(word_inbox):
    files = [p.name for p in word_inbox.inbox.rglob("*") if p.is_file()]
    assert word_inbox.applicants == 2
    assert "推荐汇总表.xlsx" in files and "推荐汇总表-盖章扫描件.pdf" in files
    assert sum(name.endswith(".pdf") and "申报表" in name for name in files) == 2


def test_docx_carries_the_seeds_labels(word_inbox):
    for truth in truths(word_inbox):
        text = squeeze(docx_text(printed(word_inbox, truth, ".docx")))
        missing = [label for label in SEED_LABELS if squeeze(label) not in text]
        assert not missing, missing
        if "decl_entity_name" in truth["leaves"]:
            decl = squeeze(docx_text(printed(word_inbox, truth, "-自我声明.docx")))
            assert not [x for x in DECLARATION_LABELS if squeeze(x) not in decl]


def typed_forms(leaf: str, value: str) -> list[str]:
    """The ways an identifier may be typed (the habits'), squeezed, for a text-layer search."""
    forms = {squeeze(value), squeeze(value).replace("-", "")}
    if value.startswith("ZL"):
        forms.add(squeeze(value)[2:])
    if value.startswith("US"):
        forms.add(f"US{int(value[2:-2]):,}{value[-2:]}")
    return sorted(forms)


def test_pdf_text_layer_holds_the_typed_values(word_inbox):
    """What the truth says was typed is in LibreOffice's export (the page the scanner saw)."""
    for truth in truths(word_inbox):
        v = truth["leaves"]
        text = squeeze(pdf_text(printed(word_inbox, truth, ".pdf")))
        for key in ("entity_name", "credit_code", "address", "contact_email", "overview"):
            assert squeeze(v[key]) in text, key
        for key, attrs in LIST_ATTRS.items():
            listed = sum(f"{key}[{i}].{next(iter(attrs))}" in v for i in range(v[f"{key}.count"]))
            for i in range(listed):  # a planted miscount states one more than listed
                for attr in attrs:
                    value = v[f"{key}[{i}].{attr}"]
                    assert any(f in text for f in typed_forms(key, value)), (key, i, attr, value)


def test_truth_is_what_was_typed(word_inbox):
    """Every truth leaf is there; text leaves appear in the .docx, blanks are null."""
    from extractors.template import load_template

    catalogue = load_template(FORM).catalogue["application"]
    for truth in truths(word_inbox):
        v = truth["leaves"]
        scalars = [k for k, spec in catalogue.items() if spec.type not in ("list",)]
        assert not [k for k in scalars if k not in v]
        doc = squeeze(docx_text(printed(word_inbox, truth, ".docx")))
        for key in ("reputation", "quality_test_report", "trademark", "legal_rep", "tc_name"):
            assert v[key] is None or squeeze(v[key]) in doc, key
        assert ("HBJP" in doc) == (v["report_no"] is not None)  # left for the secretariat
        assert v["service_revenue_wan"] in (0, None)
        if truth["habits"]["money_style"] == "yi" and v["sales_revenue_wan"] >= 10000:
            assert f"{v['sales_revenue_wan'] / 10000:g}亿元" in doc


def test_plants_are_recorded_and_the_truth_says_what_was_sent(word_inbox):
    """Every other submission carries a planted discrepancy (``wordplants``): here the first's
    is the summary's misspelt name, which the city's .xlsx holds and its truth leaf says."""
    from openpyxl import load_workbook

    planted = {p["kind"]: t for t in truths(word_inbox) for p in t["planted"]}
    assert "summary_entity_name" in planted, planted
    v = planted["summary_entity_name"]["leaves"]
    typo, name = v["summary.entity_name"], v["entity_name"]
    assert len(typo) == len(name) and sum(a != b for a, b in zip(typo, name, strict=True)) == 1
    batch = planted["summary_entity_name"]["submission_id"].split("/")[0]
    sheet = load_workbook(word_inbox.inbox / batch / "推荐汇总表.xlsx").active
    named = [row[1] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert typo in named and name not in named
