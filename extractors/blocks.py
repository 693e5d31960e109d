"""Tokens to blocks: the text of each ruled cell, and of each line outside the tables.

OCR splits a cell's text into lines and a text layer into words; a block rejoins
them in reading order and remembers which token each character came from, so a
value found inside a block gets the bbox of just the tokens it uses.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from core.types import BBox, Mark, PageRead, Token

# What a box's glyph comes out as: the marks themselves, and OCR's 口 for □.
MARK_LIKE = set("■□☐☑☒▣√✓✔口囗")
TICKED_MARK, EMPTY_MARK, UNSURE_MARK = "☑", "☐", "◌"
CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Block:
    page: int
    bbox: BBox
    text: str = ""
    owners: list[int] = field(default_factory=list)  # token index of each character
    boxes: list[BBox | None] = field(default_factory=list)  # each character's box, when known
    tokens: list[Token] = field(default_factory=list)
    is_cell: bool = False
    continued_at: int | None = None  # where the text a page break cut off was appended
    # Where each line after the first begins in ``text`` (lines are joined without a break:
    # a wrapped line runs on; lists use these when their count says a line was an item).
    line_starts: list[int] = field(default_factory=list)
    # The line starts where the line before stopped short of the block's right edge by more
    # than the next line's first word: the writer pressed Enter there; it did not wrap.
    hard_breaks: list[int] = field(default_factory=list)

    def span_tokens(self, start: int, end: int) -> list[Token]:
        idx = sorted(
            {
                self.owners[i]
                for i in range(start, min(end, len(self.owners)))
                if self.owners[i] >= 0
            }
        )
        return [self.tokens[i] for i in idx]

    def span_bbox(self, start: int, end: int) -> BBox:
        """The box of characters ``start:end``: their own boxes, else their tokens'."""
        pairs = list(zip(self.text[start:end], self.boxes[start:end], strict=False))
        boxes = [b for c, b in pairs if c != " " and b is not None]
        if boxes and len(boxes) == sum(c != " " for c, _ in pairs):
            return (
                min(b[0] for b in boxes),
                min(b[1] for b in boxes),
                max(b[2] for b in boxes),
                max(b[3] for b in boxes),
            )
        tokens = self.span_tokens(start, end) or self.tokens
        if not tokens:
            return self.bbox
        return (
            min(t.bbox[0] for t in tokens),
            min(t.bbox[1] for t in tokens),
            max(t.bbox[2] for t in tokens),
            max(t.bbox[3] for t in tokens),
        )

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
        if (
            lines
            and abs(lines[-1][-1].cy - tok.cy) < 0.5 * max(height, 1)
            and abs(sum(t.cy for t in lines[-1]) / len(lines[-1]) - tok.cy) < 0.6 * max(height, 1)
        ):
            lines[-1].append(tok)
        else:
            lines.append([tok])
    return [sorted(line, key=lambda t: t.bbox[0]) for line in lines]


def _first_word(line: list[Token]) -> str:
    """What a wrap would have had to fit: a run of Latin letters and digits, or one character."""
    text = fold(line[0].text) if line else ""
    m = re.match(r"[A-Za-z0-9/.:\-]+", text)
    return m.group(0) if m else text[:1]


def _ended_short(line: list[Token], following: list[Token], right: float) -> bool:
    """The line stops before the block's right edge with room for the next line's first word."""
    height = max(t.bbox[3] - t.bbox[1] for t in line)
    word = _first_word(following)
    width = height * sum(1.0 if CJK.match(c) else 0.6 for c in word)
    return right - max(t.bbox[2] for t in line) > width + 0.5 * height


def _fill(block: Block, tokens: list[Token]) -> Block:
    lines = _lines(tokens)
    right = max((t.bbox[2] for t in tokens), default=0.0)
    for n, line in enumerate(lines):
        if n:
            block.line_starts.append(len(block.text))
            if _ended_short(lines[n - 1], line, right):
                block.hard_breaks.append(len(block.text))
        height = max(t.bbox[3] - t.bbox[1] for t in line)
        prev = None
        for tok in line:
            if prev is not None and tok.bbox[0] - prev.bbox[2] > 0.6 * height:
                block.text += " "
                block.owners.append(-1)
                block.boxes.append(None)
            block.tokens.append(tok)
            text = fold(tok.text)
            block.text += text
            block.owners.extend([len(block.tokens) - 1] * len(text))
            same = tok.chars is not None and len(tok.chars) == len(text)
            block.boxes.extend(tok.chars if same else [None] * len(text))
            prev = tok
    return block


def _inside(tok: Token, cell: BBox) -> bool:
    return cell[0] <= tok.cx <= cell[2] and cell[1] <= tok.cy <= cell[3]


def _overlap(a: BBox, b: BBox) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return max(w, 0) * max(h, 0)


def _boxes(tok: Token) -> tuple[BBox, ...]:
    """Each character's box: the reader's, or an even share of the token's width."""
    if tok.chars and len(tok.chars) == len(tok.text):
        return tok.chars
    step = (tok.bbox[2] - tok.bbox[0]) / max(len(tok.text), 1)
    return tuple(
        (tok.bbox[0] + i * step, tok.bbox[1], tok.bbox[0] + (i + 1) * step, tok.bbox[3])
        for i in range(len(tok.text))
    )


def _piece(tok: Token, start: int, end: int) -> Token | None:
    """Characters ``start:end`` of a token, with their boxes."""
    if start >= end:
        return None
    boxes = _boxes(tok)[start:end]
    bbox = (boxes[0][0], tok.bbox[1], boxes[-1][2], tok.bbox[3])
    return Token(tok.text[start:end], bbox, tok.confidence, boxes if tok.chars else None)


def merge_marks(tokens: list[Token], marks: list[Mark]) -> list[Token]:
    """Tokens with each tick box as a token of its own ("☑", "☐", or "◌" when unsure).

    The glyph OCR read for a box (■, □, 口 …) is replaced by the box's state read from
    the image; where OCR dropped the glyph the box is inserted between the characters
    around it. A framed square that OCR read as an ordinary character (国, 量) is that
    character, not a box, unless it is solid.
    """
    out = list(tokens)
    for mark in marks:
        hits = [
            t for t in out if _overlap(t.bbox, mark.bbox) > 0.3 * _overlap(mark.bbox, mark.bbox)
        ]
        glyph = TICKED_MARK if mark.ticked else EMPTY_MARK if mark.ticked is False else UNSURE_MARK
        mark_token = Token(glyph, mark.bbox, mark.score)
        if not hits:
            out.append(mark_token)
            continue
        tok = max(hits, key=lambda t: _overlap(t.bbox, mark.bbox))
        boxes, mx = _boxes(tok), (mark.bbox[0] + mark.bbox[2]) / 2
        i = next((j for j, b in enumerate(boxes) if b[0] <= mx <= b[2]), None)
        char = tok.text[i] if i is not None else ""
        if char in MARK_LIKE and char:
            parts = [_piece(tok, 0, i), mark_token, _piece(tok, i + 1, len(tok.text))]
        elif (CJK.match(char) or char.isalnum()) and not mark.filled:
            continue  # a character such as 国 or D: OCR knows it, the frame was its outline
        else:  # OCR dropped the glyph: put the box back between its neighbours
            cut = sum(1 for b in boxes if (b[0] + b[2]) / 2 < mx)
            parts = [_piece(tok, 0, cut), mark_token, _piece(tok, cut, len(tok.text))]
        out.remove(tok)
        out.extend(p for p in parts if p is not None)
    return out


def text_block(page: int, bbox: BBox, text: str, is_cell: bool) -> Block:
    """A block from text that has no image (a Word table cell or paragraph)."""
    return _fill(Block(page, bbox, is_cell=is_cell), [Token(text, bbox, 1.0)] if text else [])


def page_blocks(page: PageRead) -> list[Block]:
    """Cells with their text, then the lines outside any cell, in reading order."""
    remaining = merge_marks(page.tokens, page.marks)
    blocks = []
    for cell in page.cells:
        inside = [t for t in remaining if _inside(t, cell)]
        if inside:
            remaining = [t for t in remaining if not _inside(t, cell)]
        blocks.append(_fill(Block(page.number, cell, is_cell=True), inside))
    for line in _lines(remaining):
        bbox = (
            min(t.bbox[0] for t in line),
            min(t.bbox[1] for t in line),
            max(t.bbox[2] for t in line),
            max(t.bbox[3] for t in line),
        )
        blocks.append(_fill(Block(page.number, bbox), line))
    blocks.sort(key=lambda b: (b.bbox[1], b.bbox[0]))
    return blocks
