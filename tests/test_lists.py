"""Counted lists read by their anchors, the way applicants fill them in."""

import re

import pytest

from extractors.lists import Lines, count_value, read_list, spaced

AWARD = {"name": "奖项名称", "issuer": "颁发部门"}
AWARD_KINDS = {"name": "text", "issuer": "text"}
STD = {"number": "标准号", "name": "标准名称"}
STD_KINDS = {"number": "standard", "name": "text"}
PATENT = {"number": "专利号", "name": "专利名称"}
PATENT_KINDS = {"number": "patent", "name": "text"}
STOPS = [re.compile(spaced("省部级") + r"\s*\S{0,3}\s*项"), re.compile(spaced("上年度研发投入"))]


def texts(read, attr):
    return [s.text for s in read.items[attr]]


@pytest.mark.parametrize(
    "text",
    [
        "国家级2项，奖项名称甲等奖、乙等奖，颁发部门科学技术部、工业和信息化部；省部级0项",
        "国家级2项,奖项名称甲等奖；乙等奖,颁发部门科学技术部；工业和信息化部。",
        "国家级 2 项，奖项名称\n甲等奖\n乙等奖\n，颁发部门科学技术部\n工业和信息化部",
        # attributes in the other order, no closing punctuation
        "国家级两项，颁发部门科学技术部、工业和信息化部，奖项名称甲等奖、乙等奖",
    ],
)
def test_items_in_any_order_and_separator(text):
    read = read_list(text, "国家级", "项", AWARD, AWARD_KINDS, STOPS)
    assert texts(read, "name") == ["甲等奖", "乙等奖"]
    assert texts(read, "issuer") == ["科学技术部", "工业和信息化部"]
    assert count_value(read.count.text) == 2


def test_names_holding_a_comma_split_by_the_count():
    text = "国家级2项，奖项名称甲、乙联合奖；丙奖，颁发部门部一；部二"
    read = read_list(text, "国家级", "项", AWARD, AWARD_KINDS, STOPS)
    assert texts(read, "name") == ["甲、乙联合奖", "丙奖"]


@pytest.mark.parametrize("count", ["0", "无", "—", "/", "", "  ", "___"])
def test_none_written_any_way_reads_no_items(count):
    text = f"国家级{count}项，奖项名称 ，颁发部门 ；省部级1项，奖项名称乙奖，颁发部门某厅。"
    read = read_list(text, "国家级", "项", AWARD, AWARD_KINDS, STOPS)
    assert read is not None and texts(read, "name") == [] and texts(read, "issuer") == []
    assert read.count_blank == (count_value(count) is None)


def test_a_list_ends_where_the_next_printed_label_begins():
    text = "国家级1项，奖项名称甲奖，颁发部门某部省部级1项，奖项名称乙奖，颁发部门某厅上年度研发投入12万元"
    national = read_list(text, "国家级", "项", AWARD, AWARD_KINDS, STOPS)
    provincial = read_list(text, "省部级", "项", AWARD, AWARD_KINDS, STOPS)
    assert texts(national, "issuer") == ["某部"]
    assert texts(provincial, "issuer") == ["某厅"]


def test_identifiers_found_by_type_even_without_separators():
    text = "行业标准2项，标准号JB/T 10303-2020 QB/T 1234-2019，标准名称甲规范、乙规范"
    read = read_list(text, "行业标准", "项", STD, STD_KINDS, [])
    assert len(read.items["number"]) == 2
    assert texts(read, "name") == ["甲规范", "乙规范"]


def test_a_word_that_only_starts_like_a_head_is_not_one():
    text = "国家级项目1项，项目名称甲项目，批准部门某部"
    assert read_list(text, "国家级", "项", AWARD, AWARD_KINDS, []) is None


def test_a_longer_head_shadows_a_shorter_one():
    cert = {"name": "证书名称", "number": "证书编号"}
    kinds = {"name": "text", "number": "cert"}
    text = "产品认证数量1项，证书名称甲证书，证书编号ABC123"
    assert read_list(text, "认证数量", "项", cert, kinds, [], ("产品认证数量",)) is None
    assert read_list(text, "认证数量", "项", cert, kinds, []) is not None


@pytest.mark.parametrize(
    ("raw", "stated", "listed", "confusable"),
    [
        ("二", 2, 1, True),
        ("三", 3, 2, True),
        ("2", 2, 1, False),
        ("两", 2, 1, False),
        ("二", 2, 4, False),
    ],
)
def test_counts_that_ocr_may_have_misread(raw, stated, listed, confusable):
    from extractors.lists import confusable_count

    assert confusable_count(raw, stated, listed) is confusable


def test_items_written_without_the_anchors_as_name_and_bracket():
    text = "国家级2项：1.甲等奖（某部）、2.乙等奖（某厅）；省部级0项"
    read = read_list(text, "国家级", "项", AWARD, AWARD_KINDS, STOPS)
    assert texts(read, "name") == ["甲等奖", "乙等奖"]
    assert texts(read, "issuer") == ["某部", "某厅"]


def test_a_number_in_brackets_goes_to_the_number():
    text = "国内授权发明专利1项：一种装置（ZL201910123456.7）"
    read = read_list(text, "国内授权发明专利", "项", PATENT, PATENT_KINDS, [])
    assert texts(read, "number") == ["ZL201910123456.7"] and texts(read, "name") == ["一种装置"]


@pytest.mark.parametrize(
    "text", ["国家级无；省部级1项", "国家级：—；省部级1项", "国家级/项，奖项名称/，颁发部门/；"]
)
def test_none_written_as_a_word_or_a_slash(text):
    read = read_list(text, "国家级", "项", AWARD, AWARD_KINDS, STOPS)
    assert read is not None and read.count_blank
    assert texts(read, "name") == [] and texts(read, "issuer") == []


def test_items_numbered_without_a_dot_lose_their_numbers():
    text = "国家级2项：1甲等奖（某中心）、2乙等奖（某中心）；"
    read = read_list(text, "国家级", "项", AWARD, AWARD_KINDS, STOPS)
    assert texts(read, "name") == ["甲等奖", "乙等奖"]
    assert read.guessed  # neither half is recognisably the issuing body: the form's order


@pytest.mark.parametrize(
    "text",
    [
        "国家级2项：1甲等奖（某某部）、2乙等奖（某省人民政府）",
        "国家级2项：1某某部（甲等奖）、2某省人民政府（乙等奖）",
    ],
)
def test_the_issuing_body_of_an_unanchored_pair_is_told_by_its_name(text):
    read = read_list(text, "国家级", "项", AWARD, AWARD_KINDS, STOPS)
    assert texts(read, "name") == ["甲等奖", "乙等奖"]
    assert texts(read, "issuer") == ["某某部", "某省人民政府"]
    assert not read.guessed


def test_an_index_run_into_a_codes_letters_is_the_numbering():
    """ "1.PJ9948067" with its dot lost reads 1PJ9948067: a code has no format to check."""
    cert = {"name": "证书名称", "number": "证书编号"}
    kinds = {"name": "text", "number": "cert"}
    text = "品牌认证数量两项：1PJ9948067（五星品牌认证）、2PJ7071769（四星品牌认证）"
    read = read_list(text, "品牌认证数量", "项", cert, kinds, [])
    assert texts(read, "number") == ["PJ9948067", "PJ7071769"]


def test_a_code_without_a_format_of_its_own_still_goes_to_the_number():
    cert = {"name": "证书名称", "number": "证书编号"}
    kinds = {"name": "text", "number": "cert"}
    read = read_list(
        "品牌认证数量1项：五星品牌认证（PJ1358976）", "品牌认证数量", "项", cert, kinds, []
    )
    assert texts(read, "number") == ["PJ1358976"] and texts(read, "name") == ["五星品牌认证"]
    assert not read.guessed  # which is which follows from the types


CERT = {"name": "证书名称", "number": "证书编号"}
CERT_KINDS = {"name": "text", "number": "cert"}


def test_one_item_a_line_when_two_attributes_split_alike():
    text = "产品认证数量三项，证书名称甲认证乙认证丙认证，证书编号A1B2C3"
    starts = (text.index("乙"), text.index("丙"), text.index("B2"), text.index("C3"))
    read = read_list(text, "产品认证数量", "项", CERT, CERT_KINDS, [], (), Lines(starts))
    assert texts(read, "name") == ["甲认证", "乙认证", "丙认证"]
    assert texts(read, "number") == ["A1", "B2", "C3"]


def test_a_wrapped_name_is_not_two_items_on_a_confusable_count():
    """二项 with one certificate whose name wraps: the count may be 一 misread."""
    text = "服务认证数量二项，证书名称商品售后服务评价认证证书，证书编号81221SAS2327R0M"
    starts = (text.index("评价"),)
    read = read_list(text, "服务认证数量", "项", CERT, CERT_KINDS, [], (), Lines(starts))
    assert texts(read, "name") == ["商品售后服务评价认证证书"]


def test_a_name_and_its_issuer_both_wrapping_once_are_one_item_on_a_confusable_count():
    """二项 (一 misread) with one project whose issuer and name each wrap: two wraps that
    split alike are no two items, as a code one a line beside its names would be."""
    text = "国家级项目二项,批准部门湖北省市场监督管理局,项目名称锂电池隔膜关键技术研发;"
    starts = (text.index("监督"), text.index("技术"))
    project = {"name": "项目名称", "issuer": "批准部门"}
    read = read_list(
        text, "国家级项目", "项", project, {"name": "text", "issuer": "text"}, [], (), Lines(starts)
    )
    assert texts(read, "name") == ["锂电池隔膜关键技术研发"]
    assert texts(read, "issuer") == ["湖北省市场监督管理局"]


def test_lines_that_end_short_split_even_on_a_confusable_count():
    """Enter after each name, the first name wrapping: the short lines are the items."""
    text = "认证数量二项，证书名称环境管理体系认证证书质量管理体系认证证书"
    wrap, enter = text.index("证书质量"), text.index("质量")
    read = read_list(
        text, "认证数量", "项", CERT, CERT_KINDS, [], (), Lines((wrap, enter), (enter,))
    )
    assert texts(read, "name") == ["环境管理体系认证证书", "质量管理体系认证证书"]


def test_a_list_without_anchors_one_name_a_line():
    platform = {"name": "平台名称"}
    text = "国家级平台3个：甲技术中心乙工程研究中心丙工程研究中心；省级平台0个"
    starts = (text.index("甲"), text.index("乙"), text.index("丙"))
    stops = [re.compile(spaced("省级平台"))]
    read = read_list(text, "国家级平台", "个", platform, {"name": "text"}, stops, (), Lines(starts))
    assert texts(read, "name") == ["甲技术中心", "乙工程研究中心", "丙工程研究中心"]


def test_a_colon_between_names_is_a_misread_semicolon_and_wraps_stay_whole():
    """Names separated by ；, one read as ：, wrapping mid-name: wraps are not items."""
    platform = {"name": "平台名称"}
    text = "国家级平台3个,平台名称国家企业技术中心;国家企业技术中心:省级工程研究中心;省级平台0个"
    wraps = (text.index("术中心;"), text.index("究中心"))
    stops = [re.compile(spaced("省级平台"))]
    read = read_list(text, "国家级平台", "个", platform, {"name": "text"}, stops, (), Lines(wraps))
    assert texts(read, "name") == ["国家企业技术中心", "国家企业技术中心", "省级工程研究中心"]


def test_codes_separated_by_a_comma_split_and_thousands_stay_whole():
    brand = {"number": "证书编号"}
    read = read_list(
        "品牌认证数量2项，证书编号PJ4242666,PJ5721273",
        "品牌认证数量",
        "项",
        brand,
        {"number": "cert"},
        [],
    )
    assert texts(read, "number") == ["PJ4242666", "PJ5721273"]


def test_a_mark_left_in_a_blank_is_not_an_item():
    read = read_list(
        "国家级/项,奖项名称⊥,颁发部门;省部级0项", "国家级", "项", AWARD, AWARD_KINDS, STOPS
    )
    assert texts(read, "name") == [] and texts(read, "issuer") == []


def test_dashes_read_as_one_are_no_items_and_a_dash_head_needs_no_unit():
    text = "国际标准一项,标准号一,标准名称;行业标准一;地方标准0项"
    stops = [re.compile(spaced("行业标准")), re.compile(spaced("地方标准"))]
    read = read_list(text, "国际标准", "项", STD, STD_KINDS, stops)
    assert texts(read, "number") == [] and texts(read, "name") == []
    assert read_list(text, "行业标准", "项", STD, STD_KINDS, [re.compile(spaced("地方标准"))])


def test_names_split_at_their_enters_and_codes_at_every_break():
    """A wrapped first name, Enter after it; two long numbers one a line (a wrap or not)."""
    text = "产品认证数量两项,证书名称甲乙认证丙丁认证,证书编号20191729734088562015187345314707"
    wrap, enter, code = text.index("认证丙"), text.index("丙"), text.index("2015187")
    lines = Lines((wrap, enter, code), (enter,))
    read = read_list(text, "产品认证数量", "项", CERT, CERT_KINDS, [], (), lines)
    assert texts(read, "name") == ["甲乙认证", "丙丁认证"]
    assert texts(read, "number") == ["2019172973408856", "2015187345314707"]


def test_an_item_starting_with_a_misread_one_keeps_it():
    text = "国外授权发明专利1项,专利号US10536853B2,专利名称—种锂电池隔膜的制造方法;"
    read = read_list(text, "国外授权发明专利", "项", PATENT, PATENT_KINDS, [])
    assert texts(read, "name") == ["—种锂电池隔膜的制造方法"]


def test_a_us_patent_written_with_thousands_commas_is_one_number():
    text = "国外授权发明专利2项:US 9,434,527 B2(一种配电柜的制造方法);US 10,905,347 B2(一种轴承)"
    read = read_list(text, "国外授权发明专利", "项", PATENT, PATENT_KINDS, [])
    assert texts(read, "number") == ["US 9,434,527 B2", "US 10,905,347 B2"]
    assert texts(read, "name") == ["一种配电柜的制造方法", "一种轴承"]


@pytest.mark.parametrize(
    ("text", "numbered"),
    [
        # the second item's closing words lost: one item read, the numbering says two
        ("国家级2项:1.工业和信息化部(长江质量奖);2.国家市场监督管理总局(制造业单项冠", 2),
        ("国家级3项，奖项名称①甲等奖②乙等奖③丙等奖，颁发部门科学技术部", 3),
        ("国家级2项，奖项名称(1)甲等奖(2)乙等奖，颁发部门科学技术部", 2),
        ("国家级2项，奖项名称甲等奖、乙等奖，颁发部门科学技术部", 0),  # not numbered
        ("国家级2项，奖项名称GB/T 2.1标准奖，颁发部门科学技术部", 0),  # a number, no item 1
    ],
)
def test_how_far_the_applicant_numbered_the_items(text, numbered):
    assert read_list(text, "国家级", "项", AWARD, AWARD_KINDS, STOPS).numbered == numbered
