"""Pure parts of the review app: what reviewers read, the login throttle, safe redirects."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from review.auth import Throttle, safe_next
from review.labels import leaf_label, rule_label, shanghai_time, status_label, type_label


@pytest.mark.parametrize(
    ("leaf", "label"),
    [
        ("brand_certs.count", "2.3.1 品牌认证 · 数量"),
        ("standards_international[6].name", "3.2.4 国际标准 第7项 · 名称"),
        ("standards_international[6].number", "3.2.4 国际标准 第7项 · 标准号"),
        ("patents_domestic[0].number", "3.2.3 国内授权发明专利 第1项 · 专利号"),
        ("quality_awards_national[1].issuer", "1.2.1 质量奖励 国家级 第2项 · 颁发单位"),
        ("sales_revenue_wan", "1.2.2 产品销售额（含出口，万元）"),
        ("applicant_unit", "封面 · 申报单位"),
        ("applicant_sealed", "封面 · 申报单位盖章"),
        ("contact_email", "联系人 · 邮箱"),
        ("decl_entity_name", "自我声明 · 经营主体名称"),
        ("industry_name", "所属行业类别 · 名称"),
        ("summary.product_name", "汇总表 · 产品/服务名称"),
        ("summary.filled_by", "汇总表 · 填报单位"),
    ],
)
def test_leaf_labels_name_the_form_cell_with_its_section(leaf, label):
    assert leaf_label(leaf) == label


def test_statuses_types_rules_and_times_in_chinese():
    assert status_label("needs_review") == "待审核" and status_label("missing") == "未找到"
    assert type_label("money_wan") == "金额（万元）"
    assert rule_label("count.brand_certs") == "数量与所列项数相符 · 2.3.1 品牌认证"
    assert rule_label("agree.word.credit_code") == "与 Word 版一致 · 统一社会信用代码"
    moment = datetime(2024, 7, 10, 16, 30, tzinfo=UTC)
    assert shanghai_time(moment) == "2024-07-11 00:30:00（北京时间）"


def test_throttle_locks_after_ten_failures_and_forgets_them_after_the_window():
    throttle = Throttle(limit=10, window=900)
    keys = ["user:li", "addr:10.0.0.1"]
    for second in range(9):
        throttle.fail(keys, "wrong", now=second)
    assert not throttle.locked(keys, now=9)
    throttle.fail(keys, "wrong", now=9)
    assert throttle.locked(["user:li"], now=10) and throttle.locked(["addr:10.0.0.1"], now=10)
    assert not throttle.locked(["user:wang"], now=10)
    assert not throttle.locked(keys, now=9 + 901)


@pytest.mark.parametrize(
    ("target", "landing"),
    [
        ("/submissions/3?x=1", "/submissions/3?x=1"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("https://evil.example/", "/"),
        ("javascript:alert(1)", "/"),
        ("/ok\r\nSet-Cookie: x", "/"),
        ("", "/"),
    ],
)
def test_login_returns_only_to_a_path_of_this_site(target, landing):
    assert safe_next(target) == landing
