"""Blocks from page tokens: where the writer pressed Enter, and tick boxes over letters."""

from core.types import Mark, PageRead, Token
from extractors.blocks import page_blocks

H = 40  # line height in pixels


def _page(lines: list[tuple[str, float]], marks: list[Mark] | None = None) -> PageRead:
    """One text line per (text, right edge), stacked, starting at x=100, CJK one H wide."""
    tokens = [
        Token(text, (100.0, 100.0 + i * H * 1.2, right, 100.0 + i * H * 1.2 + H))
        for i, (text, right) in enumerate(lines)
    ]
    page = PageRead(1, "ocr", 200, 1200, 1600, tokens=tokens, marks=marks or [])
    page.cells = [(90.0, 90.0, 1000.0, 400.0)]
    return page


def test_a_short_line_is_a_hard_break_and_a_full_one_a_wrap():
    block = page_blocks(
        _page(
            [("证书名称环境管理体系认证", 980.0), ("证书", 180.0), ("质量管理体系认证证书", 500.0)]
        )
    )[0]
    assert block.text == "证书名称环境管理体系认证证书质量管理体系认证证书"
    assert block.line_starts == [12, 14]
    assert block.hard_breaks == [14]


def test_a_line_cut_before_a_long_code_is_a_wrap():
    """Latin words do not break: a line ends early when the next code did not fit."""
    block = page_blocks(_page([("证书编号", 700.0), ("ISO9001-2015-ABCDEF", 900.0)]))[0]
    assert block.line_starts == [4] and block.hard_breaks == []


def test_a_box_found_over_a_latin_letter_is_the_letter():
    page = _page([("DB42/T 1234-2020", 700.0)])
    page.marks = [Mark((100.0, 100.0, 125.0, 140.0), ticked=False)]
    assert page_blocks(page)[0].text == "DB42/T 1234-2020"
