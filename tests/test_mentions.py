"""The spaCy matchers find every identifier and quantity format the forms use."""

import pytest

from extractors.mentions import find, fold_chars
from extractors.normalize import normalize_mention


def found(text: str) -> list[tuple[str, str]]:
    return [(m.label, m.text) for m in find(text)]


@pytest.mark.parametrize(
    ("text", "label", "mention", "value"),
    [
        (
            "统一社会信用代码91110000600037341L（三证合一）",
            "USCC",
            "91110000600037341L",
            "91110000600037341L",
        ),
        ("专利号：ZL201910123456.7，名称", "PATENT_CN", "ZL201910123456.7", None),
        ("2010 8 0063196.9", "PATENT_CN", "2010 8 0063196.9", "ZL201080063196.9"),
        ("老专利 ZL 89100002.5 已失效", "PATENT_CN", "ZL 89100002.5", None),
        ("公开号 CN112345678B。", "PATENT_PUB", "CN112345678B", "CN112345678B"),
        ("CN 212345678 U", "PATENT_PUB", "CN 212345678 U", "CN212345678U"),
        ("US 10,123,456 B2", "PATENT_FOREIGN", "US 10,123,456 B2", "US10123456B2"),
        ("EP 3 456 789 B1", "PATENT_FOREIGN", "EP 3 456 789 B1", "EP3456789B1"),
        ("JP6543210B2", "PATENT_FOREIGN", "JP6543210B2", "JP6543210B2"),
        ("WO2020/123456，", "PATENT_FOREIGN", "WO2020/123456", "WO2020/123456"),
        ("执行GB/T 19001-2016标准", "STANDARD", "GB/T 19001-2016", "GB/T 19001-2016"),
        ("GB 8918—2006《重要用途钢丝绳》", "STANDARD", "GB 8918—2006", "GB 8918-2006"),
        ("《钢丝绳》GB/Z 20000－2015", "STANDARD", "GB/Z 20000－2015", "GB/Z 20000-2015"),
        ("JB/T 1234-2010", "STANDARD", "JB/T 1234-2010", "JB/T 1234-2010"),
        ("按QB/T4567-2019生产", "STANDARD", "QB/T4567-2019", "QB/T 4567-2019"),
        ("DB42/T 1234-2020", "STANDARD", "DB42/T 1234-2020", "DB42/T 1234-2020"),
        ("T/HBAS 012-2023", "STANDARD", "T/HBAS 012-2023", "T/HBAS 012-2023"),
        ("Q/WHJC001-2022", "STANDARD", "Q/WHJC001-2022", "Q/WHJC 001-2022"),
        ("ISO 9001:2015", "STANDARD", "ISO 9001:2015", "ISO 9001:2015"),
        ("IEC 60335-2-24:2020", "STANDARD", "IEC 60335-2-24:2020", "IEC 60335-2-24:2020"),
        ("IS013763:2022", "STANDARD", "IS013763:2022", "ISO 13763:2022"),
        ("ISO/IEC 27001:2013", "STANDARD", "ISO/IEC 27001:2013", "ISO/IEC 27001:2013"),
        ("EN 60204-1:2018", "STANDARD", "EN 60204-1:2018", "EN 60204-1:2018"),
        ("GB 4706.1 2005", "STANDARD", "GB 4706.1 2005", "GB 4706.1-2005"),
        ("CCC证书2020010201234567", "CERT", "2020010201234567", "2020010201234567"),
        ("证书编号：00122Q31234R2M", "CERT", "00122Q31234R2M", "00122Q31234R2M"),
        ("01021E20345R1L；", "CERT", "01021E20345R1L", "01021E20345R1L"),
        ("CQC19001234567", "CERT", "CQC19001234567", "CQC19001234567"),
        ("CMA：201519125678", "CERT", "201519125678", "201519125678"),
        ("CNAS L1234", "CERT", "CNAS L1234", "CNASL1234"),
        ("电话 027-88701902", "PHONE", "027-88701902", "027-88701902"),
        ("（027）88701902", "PHONE", "（027）88701902", "027-88701902"),
        ("手机13800138000", "PHONE", "13800138000", "13800138000"),
        ("邮箱 ZL123@HBJP.COM。", "EMAIL", "ZL123@HBJP.COM", "zl123@hbjp.com"),
        ("2024年7月10日", "DATE", "2024年7月10日", "2024-07-10"),
        ("二〇二四年七月十日", "DATE", "二〇二四年七月十日", "2024-07-10"),
        ("日期 2024.07.10 ", "DATE", "2024.07.10", "2024-07-10"),
        ("销售额1.2亿元", "MONEY", "1.2亿元", 12000),
        ("3,500万元", "MONEY", "3,500万元", 3500),
        ("占比12.5%", "PERCENT", "12.5%", 12.5),
        ("共3项", "COUNT", "3项", 3),
        ("三项", "COUNT", "三项", 3),
        ("两项", "COUNT", "两项", 2),
        ("第3名", "RANK", "第3名", 3),
        ("行业第三位", "RANK", "第三位", 3),
    ],
)
def test_each_format_is_found_and_normalized(text, label, mention, value):
    hits = [m for m in find(text) if m.label == label]
    # Full-width marks are folded one for one, so offsets still index the caller's text.
    assert [m.text for m in hits] == [fold_chars(mention)]
    assert fold_chars(text)[hits[0].start : hits[0].end] == hits[0].text
    if value is not None:
        assert normalize_mention(hits[0]).value == value


def test_a_list_of_numbers_without_separators():
    text = "专利号 ZL201910123456.7 ZL201810654321.X，CN 112345678 B"
    assert [label for label, _ in found(text)] == ["PATENT_CN", "PATENT_CN", "PATENT_PUB"]


def test_neighbours_do_not_merge():
    text = "证书编号 00122Q31234R2M ISO 9001:2015 邮箱 a@b.com 2024年7月10日"
    assert found(text) == [
        ("CERT", "00122Q31234R2M"),
        ("STANDARD", "ISO 9001:2015"),
        ("EMAIL", "a@b.com"),
        ("DATE", "2024年7月10日"),
    ]


def test_plain_prose_has_no_identifiers():
    assert found("申报单位应当如实填写本表，并对内容的真实性负责。") == []


def test_letters_before_a_number_are_not_a_standard():
    assert found("报告编号 HBJP2024-9303，证书编号 PJ3013959") == []
