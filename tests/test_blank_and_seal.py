"""Blanks the applicant left read as empty, and seals beside or inside their label's row."""

import pytest

from core.types import Seal
from extractors.blocks import Block
from extractors.locate import locate
from extractors.template import FieldSpec, parse_template

CATALOGUE = {
    "form": {
        "no": FieldSpec("no", "text"),
        "fee": FieldSpec("fee", "money_wan"),
        "sealed": FieldSpec("sealed", "seal"),
        "name": FieldSpec("name", "text"),
    }
}


def doc(fields: dict):
    return parse_template(
        {"form": "t", "documents": {"form": {"fields": fields}}}, CATALOGUE
    ).documents["form"]


def line(text: str, bbox=(100, 100, 900, 140), page: int = 1, cell: bool = False) -> Block:
    return Block(page, bbox, text, [-1] * len(text), [None] * len(text), [], cell)


def by_leaf(evidence):
    return {e.leaf: e for e in evidence}


def test_a_label_with_nothing_after_it_is_a_blank_not_a_miss():
    form = doc({"no": {"relation": "after", "label": "编号"}})
    ev = by_leaf(locate(form, CATALOGUE["form"], [line("编号：")], {}, {}))["no"]
    assert ev.found and ev.blank and ev.raw == ""
    assert ev.structure < 1  # the value may sit where no relation looks: not sure


def test_an_optional_pattern_value_left_blank():
    form = doc(
        {
            "fee": {
                "relation": "pattern",
                "label": "服务费",
                "pattern": r"服务费\s*:?\s*(?:(?P<value>\d+)|[\s_]*\))",
            }
        }
    )
    ev = by_leaf(locate(form, CATALOGUE["form"], [line("(服务费:____)合计")], {}, {}))["fee"]
    assert ev.found and ev.blank


@pytest.mark.parametrize("text", ["☐是,体系名称________,☑否", "☐是,体系名称 ;☑否"])
def test_a_named_part_of_a_question_left_blank_is_a_blank_not_a_value_unread(text):
    form = doc(
        {
            "name": {
                "relation": "pattern",
                "label": "体系名称",
                "pattern": r"体系名称\s*(?P<value>[^;,。☐☑]*?)\s*(?=[;,。☐☑]|否|$)",
            }
        }
    )
    ev = by_leaf(locate(form, CATALOGUE["form"], [line(text)], {}, {}))["name"]
    assert ev.found and ev.blank and not ev.raw.strip(" _")


def test_a_seal_in_the_row_right_of_its_label_cell():
    """The 推荐意见 text beside its label cell is not ruled into a cell of its own."""
    form = doc({"sealed": {"relation": "seal", "label": "推荐意见(公章)"}})
    label = line("推荐意见(公章)", (100, 1000, 500, 1400), cell=True)
    text = line("经审核，同意推荐。", (520, 1010, 1200, 1050))
    seal = Seal((900, 1100, 1180, 1380), "gray", 0.9)
    ev = by_leaf(locate(form, CATALOGUE["form"], [label, text], {1: [seal]}, {1: 200}))["sealed"]
    assert ev.raw is True
    far = Seal((900, 1500, 1180, 1780), "red", 0.9)  # below the row: another cell's seal
    ev = by_leaf(locate(form, CATALOGUE["form"], [label, text], {1: [far]}, {1: 200}))["sealed"]
    assert ev.raw is False


def test_a_value_typed_on_the_next_line():
    form = doc({"no": {"relation": "after", "label": "申报单位"}})
    lines = [line("申报单位：", (100, 100, 400, 140)), line("武汉甲有限公司", (100, 150, 500, 190))]
    ev = by_leaf(locate(form, CATALOGUE["form"], lines, {}, {}))["no"]
    assert ev.raw == "武汉甲有限公司" and not ev.blank


def test_a_far_title_or_another_label_line_is_not_a_value():
    form = doc({"no": {"relation": "after", "label": "编号"}})
    far = [line("编号：", (100, 100, 400, 140)), line("培育申报表", (100, 400, 500, 460))]
    assert by_leaf(locate(form, CATALOGUE["form"], far, {}, {}))["no"].blank
    labelled = [line("编号：", (100, 100, 400, 140)), line("申报单位：甲", (100, 150, 500, 190))]
    assert by_leaf(locate(form, CATALOGUE["form"], labelled, {}, {}))["no"].blank
