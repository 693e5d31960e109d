"""Strict parsing of what reviewers type: every field type, what it accepts and what it refuses."""

from __future__ import annotations

import pytest

from extractors.normalize.strict import MAX_LENGTH, STRICT, parse_typed

SCALE = ("大型", "中型", "小型", "微型")
SOURCES = ("自主研发", "联合研发", "其他")
OK_USCC = "91420100MA4K2XQ22A"
REFUSED = object()  # expected outcome: invalid, with a reason in Chinese

# (type, typed text, options, expected value or REFUSED)
CASES = [
    ("int", "3", (), 3),
    ("int", "３项", (), 3),
    ("int", "第2位", (), 2),
    ("int", "0", (), 0),
    ("int", "-5", (), REFUSED),
    ("int", "3.7", (), REFUSED),
    ("int", "2024年共3项", (), REFUSED),
    ("int", "Ⅲ", (), REFUSED),
    ("int", "原件模糊", (), REFUSED),
    ("int", "<script>alert(1)</script>", (), REFUSED),
    ("int", "1 2", (), 12),
    ("int", "三", (), REFUSED),
    ("money_wan", "1234.5", (), 1234.5),
    ("money_wan", "1,234万元", (), 1234),
    ("money_wan", "1.2亿元", (), 12000),
    ("money_wan", "50000元", (), 5),
    ("money_wan", "-3", (), REFUSED),
    ("money_wan", "约100", (), REFUSED),
    ("money_wan", "1.2.3", (), REFUSED),
    ("percent", "12.5", (), 12.5),
    ("percent", "12.5%", (), 12.5),
    ("percent", "120", (), REFUSED),
    ("percent", "-1", (), REFUSED),
    ("percent", "约一成", (), REFUSED),
    ("date", "2024-07-10", (), "2024-07-10"),
    ("date", "2024年7月10日", (), "2024-07-10"),
    ("date", "2024.7.1", (), "2024-07-01"),
    ("date", "2024-02-30", (), REFUSED),
    ("date", "2024年7月", (), REFUSED),
    ("date", "1024-07-10", (), REFUSED),
    ("date", "见附件", (), REFUSED),
    ("uscc", OK_USCC.lower(), (), OK_USCC),
    ("uscc", OK_USCC[:-1] + "0", (), REFUSED),
    ("uscc", OK_USCC[:-1], (), REFUSED),
    ("uscc", "91420100MA4K2XQ2IC", (), REFUSED),
    ("phone", "027-88701902", (), "027-88701902"),
    ("phone", "13800138000", (), "13800138000"),
    ("phone", "138 0013 8000", (), "13800138000"),
    ("phone", "1380013800", (), REFUSED),
    ("phone", "电话13800138000", (), REFUSED),
    ("email", "Li@Example.com", (), "li@example.com"),
    ("email", "li@", (), REFUSED),
    ("email", "写信给 li@example.com", (), REFUSED),
    ("yesno", "是", (), True),
    ("yesno", "无", (), False),
    ("yesno", "是的", (), REFUSED),
    ("yesno", "1", (), REFUSED),
    ("seal", "有", (), True),
    ("choice", "中型", SCALE, "中型"),
    ("choice", "中", SCALE, REFUSED),
    ("choices", "其他、自主研发", SOURCES, ["自主研发", "其他"]),
    ("choices", "自主研发、自研", SOURCES, REFUSED),
    ("choices", "其他,其他", SOURCES, REFUSED),
    ("industry", "C3811", (), "C3811"),
    ("industry", "发电机", (), REFUSED),
    ("standard", "GB/T 19001-2016", (), "GB/T 19001-2016"),
    ("standard", "gb/t19001-2016", (), "GB/T 19001-2016"),
    ("standard", "ISO 9001:2015", (), "ISO 9001:2015"),
    ("standard", "GB/T 19001-2016GB/T 12642-2001", (), REFUSED),
    ("standard", "执行GB/T 19001-2016", (), REFUSED),
    ("standard", "企业内部标准", (), REFUSED),
    ("patent", "ZL201910123456.7", (), REFUSED),  # wrong check digit: confirmable
    ("patent", "专利201910123456", (), REFUSED),
    ("patent", "US10123456B2", (), "US10123456B2"),
    ("cert", "CQC 12345678", (), "CQC12345678"),
    ("cert", "<script>", (), REFUSED),
    ("cert", "见证书", (), REFUSED),
    ("text", "  精工  牌 ", (), "精工 牌"),
    ("text", "<script>alert(1)</script>", (), "<script>alert(1)</script>"),
    ("text", "", (), None),
    ("int", "   ", (), None),
]
HIDDEN = ["\x00", "\u202e", "\u200b", "\u200d", "\ufeff", "\x07", "\u2066"]


@pytest.mark.parametrize(("kind", "typed", "options", "expected"), CASES)
def test_typed_values_parse_as_meant_or_are_refused(kind, typed, options, expected):
    result = parse_typed(kind, typed, options)
    if expected is REFUSED:
        assert not result.valid, result
        reason = result.extra["reason"]
        assert any("\u4e00" <= c <= "\u9fff" for c in reason), reason
    else:
        assert result.valid and result.value == expected, result


def test_every_type_is_covered_by_the_table():
    assert {kind for kind, *_ in CASES} == set(STRICT)
    refused = {kind for kind, _, _, expected in CASES if expected is REFUSED}
    assert refused >= set(STRICT) - {"text", "seal"}


@pytest.mark.parametrize("kind", sorted(STRICT))
def test_hidden_characters_and_overlong_values_are_refused(kind):
    for char in HIDDEN:
        result = parse_typed(kind, f"12{char}3", ())
        assert not result.valid and "字符" in result.extra["reason"]
        assert not result.extra["confirmable"]
    long = parse_typed(kind, "1" * (MAX_LENGTH[kind] + 1), ())
    assert not long.valid and "太长" in long.extra["reason"]


def test_only_checksum_failures_may_be_confirmed_with_a_comment():
    assert parse_typed("uscc", OK_USCC[:-1] + "0").extra["confirmable"]
    assert parse_typed("patent", "ZL201910123456.7").extra["confirmable"]
    assert not parse_typed("int", "-5").extra["confirmable"]
