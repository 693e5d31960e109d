"""Evidence that a value is out of pattern: each feature computed where it should be, and
weighed by the model as trouble when the data say so."""

import random

import pytest

from extractors.blocks import Block
from extractors.continuation import join_continued_rows
from extractors.locate import locate
from extractors.template import FieldSpec, parse_template
from pipeline import calibration
from pipeline.assemble import evidence_of

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
    doc = template(
        {
            "name": {
                "relation": "pattern",
                "label": "体系名称",
                "pattern": "体系名称(?P<value>.*)",
            },
            "note": {"relation": "after", "label": "是否建立供应链体系"},
        }
    )
    got = evidence(doc, [block("体系名称甲系统是否建立供应链体系?是", (0, 0, 900, 40))])
    assert got["name"].get("label_inside") == 1 and "label_inside" not in got["note"]


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
