import pytest

from extractors.normalize import normalize


@pytest.mark.parametrize(
    ("kind", "raw", "expected"),
    [
        ("text", "  武汉　某某  公司 ", "武汉 某某 公司"),
        ("text", "ＡＢＣ，有限公司", "ABC,有限公司"),
        ("phone", "027-88701902", "027-88701902"),
        ("phone", "电话：13800138000", "13800138000"),
        ("email", "ZL123@HBJP.COM", "zl123@hbjp.com"),
        ("date", "2024年7月10日", "2024-07-10"),
        ("date", "二〇二四年七月十日", "2024-07-10"),
        ("date", "2024.07.10", "2024-07-10"),
        ("int", "3项", 3),
        ("int", "三项", 3),
        ("int", "两项", 2),
        ("int", "第2位", 2),
        ("int", "第三位", 3),
        ("int", "O", 0),
        ("money_wan", "1.2亿元", 12000),
        ("money_wan", "3500万元", 3500),
        ("money_wan", "46102.9", 46102.9),
        ("percent", "12.5%", 12.5),
        ("yesno", "■是 □否", True),
        ("yesno", "√是□否", True),
        ("yesno", "□有 ■无", False),
        ("industry", "3811 发电机及发电机组制造", "C3811"),
        ("industry", "C3811", "C3811"),
        ("patent", "ZL201080063196.9", "ZL201080063196.9"),
        ("patent", "2010 8 0063196.9", "ZL201080063196.9"),
        ("patent", "CN 112345678 B", "CN112345678B"),
        ("patent", "US 10,123,456 B2", "US10123456B2"),
        ("standard", "GB/T19001—2016", "GB/T 19001-2016"),
        ("standard", "ISO 9001:2015", "ISO 9001:2015"),
        ("standard", "t/hbas 012-2023", "T/HBAS 012-2023"),
        ("standard", "Q/WHJC001-2022", "Q/WHJC 001-2022"),
        ("standard", "DB42/T 1234-2020", "DB42/T 1234-2020"),
        ("standard", "《钢丝绳》GB 8918-2006", "GB 8918-2006"),
        ("cert", "00122q3 1234R2M", "00122Q31234R2M"),
    ],
)
def test_normalizers(kind, raw, expected):
    assert normalize(kind, raw).value == expected


def test_choice_and_choices():
    assert (
        normalize("choice", "□大型 ■中型 □小型 □微型", ["大型", "中型", "小型", "微型"]).value
        == "中型"
    )
    opts = ["自主研发", "联合研发", "成果转化"]
    assert normalize("choices", "■自主研发 □联合研发 √成果转化", opts).value == [
        "自主研发",
        "成果转化",
    ]


def test_blank_is_empty_not_invalid():
    for kind in ("text", "date", "percent", "uscc"):
        result = normalize(kind, " / ")
        assert result.value is None and result.method == "empty"


def test_invalid_kept_as_read():
    result = normalize("uscc", "91110000600037341K")
    assert not result.valid and result.value == "91110000600037341K"


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("GBT1029-2021", "GB/T 1029-2021"),  # OCR or the typist lost the slash
        ("JBT10303-2020", "JB/T 10303-2020"),
        ("TCEEIA063-2021", "T/CEEIA 063-2021"),
        ("QYCXI016-2024", "Q/YCXI 016-2024"),
        ("TB10001-2016", "TB 10001-2016"),  # a code of its own, not T/B
        ("工HBAS 704-2019", "T/HBAS 704-2019"),  # T and its slash OCR'd as 工
    ],
)
def test_standard_codes_without_their_slash(raw, value):
    got = normalize("standard", raw)
    assert (got.value, got.valid) == (value, True)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("严格执行GB/T10781.2-2022《白酒》等标准", "严格执行GB/T 10781.2-2022《白酒》等标准"),
        ("证书(GB/T19001-2016/ISO9001:2015)", "证书(GB/T 19001-2016/ISO 9001:2015)"),
        ("型号JB200", "型号JB200"),  # no year: a model number, left alone
        ("完成。。", "完成。"),  # the applicant's 。 before the form's own
        ("并出☐东南亚", "并出口东南亚"),  # a box between characters of free text is 口
    ],
)
def test_text_keeps_cited_standards_spaced(raw, value):
    assert normalize("text", raw).value == value


def test_a_standard_whose_year_lost_its_dash_is_repaired_and_said_so():
    got = normalize("standard", "GB 132682013")
    assert (got.value, got.method) == ("GB 13268-2013", "repaired")


@pytest.mark.parametrize("written", ["无", "暂无", "一"])
def test_a_text_field_answered_none_or_a_dash_is_empty(written):
    """ "—" in a blank often reads as 一; no name is the single character 一."""
    assert normalize("text", written).value in (None, "")


@pytest.mark.parametrize(("written", "answer"), [("☑ ☐", True), ("☐ ☑", False)])
def test_two_boxes_without_their_words_answer_in_the_forms_order(written, answer):
    assert normalize("yesno", written).value == answer


def test_two_empty_boxes_without_words_are_no_answer():
    assert not normalize("yesno", "☐ ☐").valid


@pytest.mark.parametrize(
    ("read", "typed"),
    [
        ("CQC 自愿性认证", "CQC自愿性认证"),
        ("均符合 Q/WHJC 703-2016 要求", "均符合Q/WHJC 703-2016要求"),
        ("王五 13800000000", "王五 13800000000"),  # a phone after a name keeps its space
    ],
)
def test_ocrs_space_where_latin_meets_chinese_goes(read, typed):
    assert normalize("text", read).value == typed


def test_a_mobile_run_into_an_email_is_not_part_of_it():
    assert normalize("email", "13100858560zl504@hbjp42.com").value == "zl504@hbjp42.com"
    assert normalize("email", "1234567@qq.com").value == "1234567@qq.com"


def test_a_dash_starting_a_word_is_one_misread():
    assert normalize("text", "—种锂电池隔膜的制造方法").value == "一种锂电池隔膜的制造方法"
    assert normalize("text", "产业链——供应链").value == "产业链——供应链"


@pytest.mark.parametrize(
    ("read", "value"), [("品牌认证☑", "品牌认证"), ("⊥", None), ("☐ 某某认证", "某某认证")]
)
def test_marks_at_a_texts_edge_or_alone_are_not_text(read, value):
    assert normalize("text", read).value in ((None, "") if value is None else (value,))
