"""Evidence that a value is out of pattern: each feature computed where it should be, and
weighed by the model as trouble when the data say so."""

import random
from unittest.mock import patch

import pytest

from core.record import CheckResult, CheckStatus
from extractors.blocks import Block
from extractors.continuation import join_continued_rows
from extractors.locate import Evidence, locate, mark_under_seals
from extractors.template import FieldSpec, parse_template
from pipeline import calibration
from pipeline.assemble import agreements, document_fields, evidence_of

CATALOGUE = {
    "form": {
        "name": FieldSpec("name", "text"),
        "note": FieldSpec("note", "text"),
        "addr": FieldSpec("addr", "text"),
    }
}


def template(fields: dict, **doc):
    raw = {"form": "t", "documents": {"form": {"fields": fields, **doc}}}
    return parse_template(raw, CATALOGUE).documents["form"]


def block(text, bbox, page=1, cell=False):
    return Block(page, bbox, text, [-1] * len(text), [None] * len(text), [], cell)


def evidence(doc, blocks):
    return {e.leaf: evidence_of(e) for e in locate(doc, CATALOGUE["form"], blocks, {}, {})}


def test_guidance_flag():
    doc = template(
        {"addr": {"relation": "after", "label": "地址"}},
        guidance=["(要求在湖北省行政区域内依法注册登记,需提供营业执照)"],
    )
    text = "地址：武昌区某路1号（要求在湖北省行政区域内依法注册登记，需提供营业执照）"
    got = evidence(doc, [block(text, (0, 0, 900, 40))])["addr"]
    assert got.get("guidance") == 1
    plain = evidence(doc, [block("地址：武昌区某路1号", (0, 0, 900, 40))])["addr"]
    assert "guidance" not in plain


def test_fallback_flag_on_a_value_from_the_next_line():
    doc = template({"name": {"relation": "after", "label": "单位名称"}})
    lines = [block("单位名称：", (0, 0, 300, 40)), block("甲公司", (0, 45, 300, 85))]
    assert evidence(doc, lines)["name"].get("fallback") == 1
    assert "fallback" not in evidence(doc, [block("单位名称：甲公司", (0, 0, 300, 40))])["name"]


def test_label_inside_flag_when_a_value_runs_into_the_next_question():
    """Not for a pattern field's label in a question's cell: ``☑是，体系名称甲系统`` is one
    cell, the question's answer and its named part."""
    doc = template(
        {
            "name": {
                "relation": "pattern",
                "label": "体系名称",
                "pattern": "体系名称(?P<value>[^;]*)",
            },
            "note": {"relation": "after", "label": "是否建立追溯体系"},
        }
    )
    got = evidence(doc, [block("体系名称甲系统是否建立追溯体系?是", (0, 0, 900, 40))])
    assert got["name"].get("label_inside") == 1 and "label_inside" not in got["note"]
    got = evidence(doc, [block("是否建立追溯体系? ☑是，体系名称甲系统；☐否", (0, 0, 900, 40))])
    assert "label_inside" not in got["note"]


def test_continued_flag_on_a_value_across_a_page_break():
    doc = template({"name": {"relation": "right", "label": "单位名称"}})
    page1 = [
        block("单位名称", (0, 1700, 200, 1800), 1, True),
        block("甲", (210, 1700, 900, 1800), 1, True),
    ]
    page2 = [block("", (0, 100, 200, 150), 2, True), block("公司", (210, 100, 900, 150), 2, True)]
    blocks = join_continued_rows(page1 + page2, lambda text: "单位名称" in text)
    assert evidence(doc, blocks)["name"].get("continued") == 1


@pytest.mark.parametrize(
    ("value", "odd"), [("（在本省具有知名度）", 1.0), ("出☐东南亚", 1.0), ("甲公司", 0.0)]
)
def test_odd_shape_of_a_text(value, odd):
    assert calibration.features({}, "as_read", "text", value=value)["odd_shape"] == odd


@pytest.mark.parametrize("flag", ["guidance", "fallback", "continued", "label_inside", "odd_shape"])
def test_the_model_learns_each_flag_as_trouble(flag):
    rng, rows, right = random.Random(3), [], []
    for _ in range(4000):
        on = rng.random() < 0.1
        x = calibration.features(
            {"label": 1.0, "ocr": rng.uniform(0.9, 1.0), "structure": 1.0}, "as_read", "text"
        )
        x[flag] = float(on)
        rows.append(x)
        right.append(rng.random() < (0.6 if on else 0.998))
    fitted = calibration.fit(rows, right)
    base = calibration.features({"label": 1.0, "ocr": 0.97, "structure": 1.0}, "as_read", "text")
    assert calibration.probability({**base, flag: 1.0}, fitted) < fitted["threshold"]
    assert calibration.probability(base, fitted) >= fitted["threshold"]


@pytest.mark.parametrize(
    ("value", "odd"), [("·武汉市市场监督管理局", 1.0), ("：甲公司", 1.0), ("甲公司（武汉）", 0.0)]
)
def test_a_text_that_starts_with_stray_punctuation_is_odd(value, odd):
    assert calibration.features({}, "as_read", "text", value=value)["odd_shape"] == odd


@pytest.mark.parametrize(
    ("leaf", "kind", "value", "item", "joined"),
    [
        ("platforms[1].name", "text", "研究中心；省级工程研究中心", 1.0, 1.0),
        ("platforms[1].name", "text", "国家企业技术中心", 1.0, 0.0),
        ("brand_certs[0].number", "cert", "PJ4242666,PJ5721273", 1.0, 1.0),
        ("credit_code", "uscc", "91420100MA4K,XXXX", 0.0, 1.0),
        ("overview", "text", "公司成立于2014年，位于武汉市", 0.0, 0.0),  # prose holds commas
        ("summary.platforms[0].name", "text", "甲：乙", 1.0, 1.0),
    ],
)
def test_list_items_and_items_read_as_two(leaf, kind, value, item, joined):
    x = calibration.features({}, "as_read", kind, value=value, leaf=leaf)
    assert (x["list_item"], x["joined"]) == (item, joined)


@pytest.mark.parametrize(
    ("leaf", "value", "numbered"),
    [
        ("mgmt_certs[0].number", "187722E95975R0S", 1.0),  # "1." read into item 1's number
        ("mgmt_certs[1].number", "280920E96561R1L", 1.0),
        ("mgmt_certs[1].number", "187722E95975R0S", 0.0),
        ("credit_code", "1234", 0.0),
    ],
)
def test_an_identifier_that_starts_with_its_items_number(leaf, value, numbered):
    assert (
        calibration.features({}, "as_read", "cert", value=value, leaf=leaf)["numbered"] == numbered
    )


def test_ocr_doubt_grows_as_the_score_leaves_one():
    doubt = [calibration.ocr_doubt(s) for s in (1.0, 0.999, 0.99, 0.95, 0.9, 0.0)]
    assert doubt[:2] == [0.0, 0.0] and doubt[2] == 0.5 and doubt[4] == 1.0 and doubt[5] == 1.5
    assert doubt == sorted(doubt)
    assert calibration.features({"ocr": 0.95}, "as_read", "text")["ocr_doubt"] == doubt[3]


def test_one_joined_item_puts_its_whole_list_in_doubt():
    items = [
        ("platforms[0].name", "国家企业技", "text"),
        ("platforms[1].name", "术中心；省级工程研", "text"),
        ("platforms[2].name", "究中心", "text"),
        ("awards[0].name", "制造业单项冠军", "text"),
        ("overview", "甲，乙", "text"),
    ]
    assert calibration.joined_lists(items) == {"platforms"}
    assert calibration.list_of("platforms[2].name") == "platforms"
    assert calibration.list_of("overview") is None
    x = calibration.features({"list_joined": 1}, "as_read", "text", leaf="platforms[0].name")
    assert x["list_joined"] == 1.0


def test_the_items_around_a_joined_one_are_scored_again():
    specs = {"platforms": FieldSpec("platforms", "list", item={"name": "text"})}
    fitted = {
        "features": ["list_joined"],
        "coef": [-6.0],
        "intercept": 6.0,
        "threshold": 0.9,
    }
    evidence = [
        Evidence("platforms.count", "3", 1, (0, 0, 9, 9), 1.0, 0.99),
        Evidence("platforms[0].name", "国家企业技", 1, (0, 0, 9, 9), 1.0, 0.99),
        Evidence("platforms[1].name", "术中心；省级工程研", 1, (0, 0, 9, 9), 1.0, 0.99),
        Evidence("awards[0].name", "制造业单项冠军", 1, (0, 0, 9, 9), 1.0, 0.99),
    ]
    specs["awards"] = FieldSpec("awards", "list", item={"name": "text"})
    with patch.object(calibration, "model", return_value=fitted):
        fields = document_fields(evidence, specs, 0, None)
    assert fields["platforms[0].name"]["evidence"]["list_joined"] == 1
    assert fields["platforms[0].name"]["status"] == "needs_review"
    assert fields["platforms[0].name"]["confidence"] == 0.5
    assert "list_joined" not in fields["awards[0].name"]["evidence"]
    assert fields["awards[0].name"]["status"] == "auto_accepted"


def test_a_texts_length_in_hundreds_of_characters_capped():
    lengths = [
        calibration.features({}, "as_read", "text", value="甲" * n)["length"]
        for n in (0, 12, 150, 300, 900)
    ]
    assert lengths == [0.0, 0.12, 1.5, 3.0, 3.0]
    assert calibration.features({}, "as_read", "money_wan", value="1" * 50)["length"] == 0.0


def check(rule: str, status: CheckStatus, fields: list[str]) -> CheckResult:
    return CheckResult(rule, status, fields=fields)


def test_an_agreement_unsure_of_two_different_readings_is_a_disagreement():
    checks = [
        check("agree.applicant_unit", CheckStatus.UNSURE, ["applicant_unit", "entity_name"]),
        check("agree.product_name", CheckStatus.UNSURE, ["product_name"]),  # one side unread
        check("agree.industry", CheckStatus.PASS, ["industry", "summary.industry"]),
        check("count.patents", CheckStatus.FAIL, ["patents_domestic.count"]),  # not an agreement
    ]
    assert agreements(checks) == {
        "applicant_unit": -1,
        "entity_name": -1,
        "industry": 1,
        "summary.industry": 1,
    }


def test_a_list_whose_attributes_were_read_for_different_numbers_of_items_is_ragged():
    items = [
        ("standards[0].number", "GB/T 1-2020", "standard"),
        ("standards[0].name", "甲", "text"),
        ("standards[1].name", "乙", "text"),  # a name cut in two: no number for it
        ("patents[0].number", "ZL201910000000.1", "patent"),
        ("patents[0].name", None, "text"),  # no names at all: the applicant's habit
        ("awards[0].name", "制造业单项冠军", "text"),
    ]
    assert calibration.ragged_lists(items) == {"standards"}
    x = calibration.features({"list_ragged": 1}, "as_read", "text", leaf="standards[1].name")
    assert x["list_ragged"] == 1.0


def test_a_value_read_through_a_seal_is_flagged():
    seal = (400, 0, 600, 200)  # a round seal's box: its corners hold no ink
    values = [
        Evidence("name", "甲公司", 1, (300, 80, 500, 120), 1.0, 0.99),  # into the seal
        Evidence("addr", "武昌区", 1, (300, 300, 500, 340), 1.0, 0.99),  # below it
        Evidence("note", "乙", 1, (380, 0, 410, 20), 1.0, 0.99),  # its empty corner only
        Evidence("date", "2024年", 2, (300, 80, 500, 120), 1.0, 0.99),  # another page
        Evidence("sealed", True, 1, seal, 1.0, 1.0),  # the seal itself is no reading
    ]
    mark_under_seals(values, {1: [seal]})
    assert [ev.under_seal for ev in values] == [True, False, False, False, False]
    assert evidence_of(values[0])["under_seal"] == 1
    assert calibration.features(evidence_of(values[0]), "as_read", "text")["under_seal"] == 1.0
