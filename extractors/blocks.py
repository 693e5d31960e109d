"""Tokens to blocks: the text of each ruled cell, and of each line outside the tables.

OCR splits a cell's text into lines and a text layer into words; a block rejoins
them in reading order and remembers which token each character came from, so a
value found inside a block gets the bbox of just the tokens it uses.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from pipeline.types import BBox, PageRead, Token


@dataclass
class Block:
    page: int
    bbox: BBox
    text: str = ""
    owners: list[int] = field(default_factory=list)  # token index of each character
    tokens: list[Token] = field(default_factory=list)
    is_cell: bool = False

    def span_tokens(self, start: int, end: int) -> list[Token]:
        idx = sorted({self.owners[i] for i in range(start, min(end, len(self.owners))) if self.owners[i] >= 0})
        return [self.tokens[i] for i in idx]

    def span_bbox(self, start: int, end: int) -> BBox:
        tokens = self.span_tokens(start, end) or self.tokens
        if not tokens:
            return self.bbox
        return (min(t.bbox[0] for t in tokens), min(t.bbox[1] for t in tokens),
                max(t.bbox[2] for t in tokens), max(t.bbox[3] for t in tokens))

    def confidence(self, start: int = 0, end: int | None = None) -> float:
        tokens = self.span_tokens(start, len(self.text) if end is None else end)
        return min((t.confidence for t in tokens), default=1.0)


def fold(text: str) -> str:
    """NFKC: full-width punctuation and letters to ASCII, so templates match either."""
    return unicodedata.normalize("NFKC", text)


def _lines(tokens: list[Token]) -> list[list[Token]]:
    """Group tokens whose vertical centres fall within half a line height."""
    lines: list[list[Token]] = []
    for tok in sorted(tokens, key=lambda t: t.cy):
        height = tok.bbox[3] - tok.bbox[1]
        if lines and abs(lines[-1][-1].cy - tok.cy) < 0.5 * max(height, 1) and \
                abs(sum(t.cy for t in lines[-1]) / len(lines[-1]) - tok.cy) < 0.6 * max(height, 1):
            lines[-1].append(tok)
        else:
            lines.append([tok])
    return [sorted(line, key=lambda t: t.bbox[0]) for line in lines]


def _fill(block: Block, tokens: list[Token]) -> Block:
    for line in _lines(tokens):
        height = max(t.bbox[3] - t.bbox[1] for t in line)
        prev = None
        for tok in line:
            if prev is not None and tok.bbox[0] - prev.bbox[2] > 0.6 * height:
                block.text += " "
                block.owners.append(-1)
            block.tokens.append(tok)
            text = fold(tok.text)
            block.text += text
            block.owners.extend([len(block.tokens) - 1] * len(text))
            prev = tok
    return block


def _inside(tok: Token, cell: BBox) -> bool:
    return cell[0] <= tok.cx <= cell[2] and cell[1] <= tok.cy <= cell[3]


def page_blocks(page: PageRead) -> list[Block]:
    """Cells with their text, then the lines outside any cell, in reading order."""
    remaining = list(page.tokens)
    blocks = []
    for cell in page.cells:
        inside = [t for t in remaining if _inside(t, cell)]
        if inside:
            remaining = [t for t in remaining if not _inside(t, cell)]
        blocks.append(_fill(Block(page.number, cell, is_cell=True), inside))
    for line in _lines(remaining):
        bbox = (min(t.bbox[0] for t in line), min(t.bbox[1] for t in line),
                max(t.bbox[2] for t in line), max(t.bbox[3] for t in line))
        blocks.append(_fill(Block(page.number, bbox), line))
    blocks.sort(key=lambda b: (b.bbox[1], b.bbox[0]))
    return blocks
