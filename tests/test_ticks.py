"""Tick boxes read from the image: every way people tick, and characters that look like boxes."""

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from core.types import Mark, PageRead, Token
from extractors.blocks import merge_marks, page_blocks
from extractors.normalize import normalize
from pipeline.ticks import find_marks

CJK_FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
SYMBOL_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
PX = 44  # 10.5 pt at 300 dpi


def line_image(parts: list[tuple[str, str]], width: int = 900) -> np.ndarray:
    """A line of text at 300 dpi; each part is (font, text) with font "cjk" or "sym"."""
    img = Image.new("L", (width, 120), 255)
    draw = ImageDraw.Draw(img)
    fonts = {"cjk": ImageFont.truetype(CJK_FONT, PX), "sym": ImageFont.truetype(SYMBOL_FONT, PX)}
    x = 30
    for font, text in parts:
        draw.text((x, 35), text, font=fonts[font], fill=0)
        x += draw.textlength(text, font=fonts[font])
    return np.array(img)


def states(gray: np.ndarray) -> list[bool | None]:
    return [m.ticked for m in find_marks(gray, 300)]


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ([("cjk", "■是 □否")], [True, False]),
        ([("cjk", "□是 ■否")], [False, True]),
        ([("sym", "☑"), ("cjk", "是 "), ("sym", "☐"), ("cjk", "否")], [True, False]),
        (
            [
                ("sym", "☐"),
                ("cjk", "大型 "),
                ("sym", "☐"),
                ("cjk", "中型 "),
                ("sym", "☑"),
                ("cjk", "小型"),
            ],
            [False, False, True],
        ),
    ],
)
def test_box_styles(parts, expected):
    assert states(line_image(parts)) == expected


def test_mid_gray_blot_is_not_a_filled_box():
    """What a seal leaves over a character once its red is whitened: a box-sized blot that passes
    the ink threshold but is far lighter than a printed ■."""
    gray = line_image([("cjk", "■是 □否")])
    ticked_box = find_marks(gray, 300)[0].bbox
    cv2.rectangle(gray, (700, 40), (735, 75), 140, -1)
    found = find_marks(gray, 300)
    assert [m.ticked for m in found] == [True, False] and found[0].bbox == ticked_box


def test_check_drawn_over_a_box_and_out_of_it():
    gray = line_image([("cjk", "□是 □否")])
    first = find_marks(gray, 300)[0].bbox
    x0, y0, x1, y1 = (int(v) for v in first)
    cv2.line(gray, (x0 + 4, (y0 + y1) // 2), ((x0 + x1) // 2, y1 - 4), 0, 5)
    cv2.line(gray, ((x0 + x1) // 2, y1 - 4), (x1 + 14, y0 - 16), 0, 5)
    assert states(gray) == [True, False]


def test_smudged_box_is_unsure_not_guessed():
    gray = line_image([("cjk", "□是 □否")])
    x0, y0, x1, y1 = (int(v) for v in find_marks(gray, 300)[0].bbox)
    cx, cy = (x0 + x1) // 2, (y0 + y1) // 2
    cv2.circle(gray, (cx, cy), 3, 0, -1)
    cv2.line(gray, (cx - 5, cy + 5), (cx + 2, cy - 2), 0, 2)
    found = find_marks(gray, 300)
    assert found[0].ticked is None and found[0].score < 0.5 and found[1].ticked is False


def test_characters_are_not_boxes():
    # 口 inside a word, and framed characters (国 田 回) at the start of a line.
    assert states(line_image([("cjk", "含出口销售额")])) == []
    for word in ("国家级平台", "田园", "回收"):
        marks = find_marks(line_image([("cjk", word)]), 300)
        assert all(m.ticked is not True for m in marks), word


def test_merged_into_text_in_reading_order():
    # OCR dropped the ■ and read the □ as 口; the image says which box is ticked.
    tokens = [Token("是否建立品牌运营机制?是 口否", (100, 50, 700, 94), 0.97)]
    step = 600 / 15
    marks = [
        Mark((100 + 10.6 * step, 52, 100 + 11.4 * step, 92), True, 0.99, True),
        Mark((100 + 13.1 * step, 52, 100 + 13.9 * step, 92), False, 1.0),
    ]
    page = PageRead(1, "ocr", 300, 800, 200, tokens=tokens, marks=marks)
    text = page_blocks(page)[0].text
    assert text.endswith("☑是 ☐否")
    assert normalize("yesno", text.split("?")[1]).value is True


def test_dropped_box_goes_back_between_the_characters_around_it():
    # Character boxes from the recognizer: "？" then a gap where the ■ was, then "是 □否".
    chars = (
        (100, 50, 140, 94),
        (180, 50, 220, 94),
        (220, 50, 240, 94),
        (240, 50, 280, 94),
        (280, 50, 320, 94),
    )
    tokens = [Token("?是 口否", (100, 50, 320, 94), 0.9, chars)]
    marks = [Mark((142, 54, 176, 90), True, 1.0, True), Mark((242, 54, 278, 90), False, 1.0)]
    assert (
        "".join(t.text for t in sorted(merge_marks(tokens, marks), key=lambda t: t.bbox[0]))
        == "?☑是 ☐否"
    )


def test_framed_character_read_by_ocr_stays_a_character():
    tokens = [Token("国家级平台1个", (100, 50, 400, 94), 0.98)]
    marks = [Mark((100, 52, 140, 92), None, 0.3)]
    assert [t.text for t in merge_marks(tokens, marks)] == ["国家级平台1个"]


@pytest.mark.parametrize(
    ("raw", "value", "valid"),
    [
        ("☑是 ☐否", True, True),
        ("☐是 ☑否", False, True),
        ("是 ☐否", None, False),  # the ticked box left no mark: review, not a guess
        ("◌是 ☐否", None, False),
        ("☐是 ☐否", None, False),
        ("☑是 ☑否", None, False),
    ],
)
def test_yes_no_from_box_states(raw, value, valid):
    result = normalize("yesno", raw)
    assert (result.value, result.valid) == (value, valid)


def test_choices_with_an_unsure_box_go_to_review():
    opts = ["自主研发", "联合研发", "成果转化"]
    assert normalize("choices", "☑自主研发 ☐联合研发 ☑成果转化", opts).value == [
        "自主研发",
        "成果转化",
    ]
    unsure = normalize("choices", "☑自主研发 ◌联合研发 ☐成果转化", opts)
    assert unsure.value == ["自主研发"] and not unsure.valid


def test_a_value_inside_a_long_token_gets_its_own_box():
    chars = tuple((100 + 40 * i, 50, 140 + 40 * i, 94) for i in range(9))
    page = PageRead(
        1, "text", 300, 800, 200, tokens=[Token("标准号GB/T12", (100, 50, 460, 94), 1.0, chars)]
    )
    block = page_blocks(page)[0]
    start = block.text.index("GB")
    assert block.span_bbox(start, start + 6) == (220, 50, 460, 94)
