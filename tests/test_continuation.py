"""A table row broken across pages is read as one row again."""

from core.types import Token
from extractors.blocks import Block
from extractors.continuation import join_continued_rows

COLUMNS = [(160, 230), (232, 340), (345, 540), (545, 1050)]


def row(page: int, top: int, texts: list[str]) -> list[Block]:
    out = []
    for (x0, x1), text in zip(COLUMNS, texts, strict=True):
        bbox = (x0, top, x1, top + 100)
        tokens = [Token(text, bbox, 0.9)] if text else []
        out.append(Block(page, bbox, text, [0] * len(text), [None] * len(text), tokens, True))
    return out


def is_label(text: str) -> bool:
    return "质量评价情况" in text


def test_a_value_cut_by_the_page_is_joined():
    blocks = row(1, 1700, ["2", "2.2", "2.2.1 产品质量检测、服务质量评价情况", "某院出具检"])
    blocks += row(2, 180, ["", "", "", "验报告，结论合格。"])
    joined = join_continued_rows(blocks, is_label)
    assert [b.text for b in joined if b.page == 1][-1] == "某院出具检验报告，结论合格。"
    assert all(b.page == 1 for b in joined)


def test_a_split_label_tail_still_continues():
    blocks = row(1, 1700, ["2品质", "2.1 标准", "2.1.1 标准先进", "执行标准：GB/T"])
    blocks += row(2, 180, ["卓越", "水平", "性评价情况", "1234-2020"])
    joined = join_continued_rows(blocks, is_label)
    assert joined[3].text == "执行标准：GB/T1234-2020" and len(joined) == 4


def test_a_new_numbered_row_is_not_joined():
    blocks = row(1, 1700, ["2", "2.1", "2.1.1 标准", "甲"])
    blocks += row(2, 180, ["3", "3.1", "3.1.1 创新", "乙"])
    assert len(join_continued_rows(blocks, is_label)) == 8


def test_a_new_row_with_a_known_label_is_not_joined():
    blocks = row(1, 1700, ["", "", "其他", "甲"])
    blocks += row(2, 180, ["", "", "产品质量检测、服务质量评价情况", "乙"])
    assert len(join_continued_rows(blocks, is_label)) == 8


def test_a_full_width_heading_row_is_not_continued_by_the_next_page():
    wide = (160, 1050)
    blocks = [Block(1, (wide[0], 100, wide[1], 1500), "甲" * 40, is_cell=True)]
    blocks.append(Block(1, (wide[0], 1700, wide[1], 1740), "四、自我声明", is_cell=True))
    blocks.append(Block(2, (wide[0], 180, wide[1], 600), "本单位声明……特此声明。", is_cell=True))
    assert len(join_continued_rows(blocks, is_label)) == 3


def test_a_tall_text_box_cut_by_the_page_is_continued():
    wide = (160, 1050)
    blocks = [Block(1, (wide[0], 300, wide[1], 1750), "公司成立于", is_cell=True)]
    blocks.append(Block(2, (wide[0], 180, wide[1], 600), "2001年。", is_cell=True))
    joined = join_continued_rows(blocks, is_label)
    assert [b.text for b in joined] == ["公司成立于2001年。"]
