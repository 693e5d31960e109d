"""Table rows that a page break split in two, joined again.

Word and LibreOffice let a table row break across pages: the top of the next page then
starts with the rest of the row — empty label cells, or the tail of a split label — and the
rest of the value ("…出具检" | "验报告（报告编号…）"). Read page by page, the value is cut
in half. A first row is a continuation when its cells line up with the last row of the
previous page and none of its label cells starts a row of its own (a numbered indicator
such as "2.2.1", or a field label the template knows).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from extractors.blocks import Block

ROW_NUMBER = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})*\s*[\u4e00-\u9fff]")
ALIGN = 0.8  # share of the narrower cell's width two cells must share to be one column
ALIGNED_SHARE = 0.7  # share of a row's cells that must line up (one cell may be unruled)


def _same_column(a: Block, b: Block) -> bool:
    shared = min(a.bbox[2], b.bbox[2]) - max(a.bbox[0], b.bbox[0])
    return shared >= ALIGN * min(a.bbox[2] - a.bbox[0], b.bbox[2] - b.bbox[0])


def _first_row(cells: list[Block]) -> list[Block]:
    top = min(c.bbox[1] for c in cells)
    return [c for c in cells if c.bbox[1] - top < 12]


def _last_row(cells: list[Block]) -> list[Block]:
    bottom = max(c.bbox[3] for c in cells)
    return [c for c in cells if bottom - c.bbox[3] < 12]


def _starts_a_row(row: list[Block], is_label: Callable[[str], bool]) -> bool:
    value = max(row, key=lambda c: c.bbox[2] - c.bbox[0])
    labels = [c for c in row if c.bbox[2] <= value.bbox[0] + 4 and c.text.strip()]
    if len(row) == 1:  # a lone cell that is itself a label ("推荐意见（公章）") starts its row
        return is_label(row[0].text) and len(row[0].text) < 40
    return any(ROW_NUMBER.match(c.text) or is_label(c.text) for c in labels)


def _tall(cell: Block, page: list[Block]) -> bool:
    """A text box that fills a good part of its page (the 概述 cell), not a heading row."""
    extent = max(b.bbox[3] for b in page) - min(b.bbox[1] for b in page)
    return cell.bbox[3] - cell.bbox[1] >= 0.15 * extent


def _append(target: Block, tail: Block) -> None:
    """The tail's characters after the target's; their tokens keep OCR's confidence."""
    offset = len(target.tokens)
    if target.continued_at is None:
        target.continued_at = len(target.text)
    target.line_starts += [len(target.text)] + [len(target.text) + i for i in tail.line_starts]
    target.hard_breaks += [len(target.text) + i for i in tail.hard_breaks]
    target.tokens.extend(tail.tokens)
    target.text += tail.text
    target.owners.extend(o + offset if o >= 0 else -1 for o in tail.owners)
    target.boxes.extend([None] * len(tail.text))


def join_continued_rows(blocks: list[Block], is_label: Callable[[str], bool]) -> list[Block]:
    """``blocks`` with each continued row's text appended to the row it continues."""
    pages = sorted({b.page for b in blocks})
    dropped: set[int] = set()
    for prev, page in zip(pages, pages[1:], strict=False):
        before = [b for b in blocks if b.page == prev and b.is_cell]
        after = [b for b in blocks if b.page == page and b.is_cell]
        if not before or not after:
            continue
        first, last = _first_row(after), _last_row(before)
        if _starts_a_row(first, is_label):
            continue
        pairs = [(c, next((p for p in last if _same_column(p, c)), None)) for c in first]
        paired = [(c, p) for c, p in pairs if p is not None]
        if len(paired) < ALIGNED_SHARE * max(len(first), len(last)) or any(
            p is None and c.text.strip() for c, p in pairs
        ):
            continue  # not the same columns (a cell the ruling missed aside): another row
        if len(first) == 1 and not _tall(paired[0][1], before):
            continue  # one short full-width row ("四、自我声明") is a heading, not a cut text box
        for cell, target in paired:
            if cell.text.strip():
                _append(target, cell)
            dropped.add(id(cell))
    return [b for b in blocks if id(b) not in dropped]
