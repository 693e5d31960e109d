"""Whether a count's numeral stands on an underline: then OCR may read a stroke too many."""

import os

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extractors.locate import Evidence
from pipeline.underline import mark_underlined_numerals, stands_on_a_line
from reports.fonts import FONT_FILES

SIZE = 36


def line_of_text(numeral: str, underlined: bool) -> tuple[np.ndarray, tuple]:
    """'项目 一 项' as a scan shows it, black on white; the numeral's box beside it."""
    font = ImageFont.truetype(next(f for f in FONT_FILES if os.path.exists(f)), SIZE)
    image = Image.new("RGB", (8 * SIZE, 2 * SIZE), "white")
    draw = ImageDraw.Draw(image)
    draw.text((4, 10), "项目", font=font, fill="black")
    x = 4 + 3 * SIZE
    draw.text((x, 10), numeral, font=font, fill="black")
    draw.text((x + 2 * SIZE, 10), "项", font=font, fill="black")
    if underlined:  # the blank the applicant typed into: __一__
        draw.line((x - SIZE, 10 + SIZE + 2, x + 2 * SIZE, 10 + SIZE + 2), fill="black", width=2)
    return cv2.cvtColor(np.asarray(image), cv2.COLOR_RGB2BGR), (x, 10, x + SIZE, 10 + SIZE)


@pytest.mark.parametrize("numeral", ["一", "二", "三"])
@pytest.mark.parametrize("underlined", [True, False])
def test_a_numeral_on_an_underline(numeral, underlined):
    image, box = line_of_text(numeral, underlined)
    assert stands_on_a_line(image, box) is underlined


def test_a_red_line_under_the_numeral_is_a_seal_not_an_underline():
    image, box = line_of_text("一", False)
    cv2.line(image, (box[0] - SIZE, box[3] + 2), (box[2] + SIZE, box[3] + 2), (40, 40, 220), 3)
    assert stands_on_a_line(image, box) is False


def test_counts_learn_it_from_their_page_image(tmp_path):
    image, box = line_of_text("二", True)
    path = tmp_path / "p001.jpg"
    cv2.imwrite(str(path), image)
    count = Evidence("patents.count", "二", 1, box, 1.0, 0.99)
    count.numeral_box = box
    other = Evidence("name", "甲", 1, box, 1.0, 0.99)  # not a count: left alone
    mark_underlined_numerals([count, other], {1: str(path)})
    assert (count.numeral_underlined, other.numeral_underlined) == (True, None)


@pytest.mark.parametrize(("written", "boxed"), [("二", True), ("2", False)])
def test_a_count_written_in_chinese_keeps_its_numerals_own_box(written, boxed):
    from extractors.blocks import Block
    from extractors.locate import locate
    from extractors.template import FieldSpec, parse_template

    catalogue = {"form": {"awards": FieldSpec("awards", "list", item={"name": "text"})}}
    rule = {"relation": "list", "label": "国家级", "unit": "项", "attrs": {"name": "奖项名称"}}
    raw = {"form": "t", "documents": {"form": {"fields": {"awards": rule}}}}
    doc = parse_template(raw, catalogue).documents["form"]
    text = f"国家级{written}项，奖项名称甲等奖、乙等奖"
    boxes = [(i * 20, 0, i * 20 + 20, 20) for i in range(len(text))]
    block = Block(1, (0, 0, 20 * len(text), 20), text, [-1] * len(text), boxes, [], False)
    count = next(
        e for e in locate(doc, catalogue["form"], [block], {}, {}) if e.leaf == "awards.count"
    )
    assert count.numeral_box == (boxes[3] if boxed else None)
