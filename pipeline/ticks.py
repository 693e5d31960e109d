"""Tick boxes from a page image: where each box is and whether it is ticked.

OCR reads an empty □ well but often drops a filled ■ or a √ on a stamped scan, so the
state of a box is decided from its ink: a glyph-sized square whose inside is dark
(■, ☑, a ✓ drawn over ☐) is ticked, a square outline with a clean inside is not, and
anything between is unsure (``ticked`` None) so that it goes to review instead of
being guessed. An empty square counts as a box only with blank paper to its left, so
the character 口 inside a word (出口) is never taken for one; framed characters with
straight strokes inside (国, 田) are told apart by their strokes, and by OCR when the
boxes are merged into the text (``extractors.blocks.merge_marks``).
"""

from __future__ import annotations

import cv2
import numpy as np

from core.types import BBox, Mark

MIN_MM, MAX_MM = 1.6, 6.0
FILLED = 0.88  # ink share of a ■ (a dense character blurred at 200 dpi stays below)
INSIDE_EMPTY, INSIDE_TICKED = 0.06, 0.14  # ink share inside an outline


def _ink(gray: np.ndarray, dpi: int) -> tuple[np.ndarray, float]:
    """Dark pixels without lines longer than any box (a box must not merge with a cell border),
    and the gray level that divides ink from paper."""
    level, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    span = round(dpi * 2 * MAX_MM / 25.4)
    lines = cv2.morphologyEx(
        ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (span, 1))
    ) | cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, span)))
    return cv2.bitwise_and(
        ink, cv2.bitwise_not(cv2.dilate(lines, np.ones((3, 3), np.uint8)))
    ), float(level)


def _solid(patch: np.ndarray, level: float) -> bool:
    """A printed ■ is as dark inside as ink gets; a blot that only passes the ink threshold (what
    is left of a seal over a character, measured ~140 on a 0–255 scale where a ■ is ~6) is not."""
    h, w = patch.shape
    inner = patch[h // 5 : h - h // 5, w // 5 : w - w // 5]
    return inner.size > 0 and float(inner.mean()) <= 0.5 * level


def longest_runs(patch: np.ndarray) -> np.ndarray:
    """For each column of a binary patch, its longest unbroken run of ink."""
    ink = patch > 0
    count = np.cumsum(ink, axis=0)
    at_last_gap = np.maximum.accumulate(np.where(ink, 0, count), axis=0)
    return (count - at_last_gap).max(axis=0)


def _outline_square(patch: np.ndarray) -> tuple[int, int, int, int] | None:
    """The square outline inside a component's patch (a ✓ may stick out of its box).

    Box edges are the columns and rows with the longest unbroken runs of ink; two such
    edges each way, as far apart as they are long, make a square. A check mark's
    slanted strokes never make long runs.
    """
    cols, rows = longest_runs(patch), longest_runs(patch.T)
    if cols.max() < 4 or rows.max() < 4:
        return None
    xs = np.flatnonzero(cols >= 0.6 * cols.max())
    ys = np.flatnonzero(rows >= 0.6 * rows.max())
    x0, x1, y0, y1 = xs[0], xs[-1], ys[0], ys[-1]
    bw, bh = x1 - x0 + 1, y1 - y0 + 1
    edges = (cols[x0], cols[x1], rows[y0], rows[y1])
    if not 0.8 <= bw / bh <= 1.25 or min(edges) < 0.7 * min(bw, bh):
        return None
    return int(x0), int(y0), int(bw), int(bh)


def _framed(box: np.ndarray) -> bool:
    """All four edges of the patch inked along most of their length, as a drawn box is."""
    h, w = box.shape
    t = max(2, round(0.12 * min(h, w)))
    bands = (
        box[:t].any(axis=0),
        box[-t:].any(axis=0),
        box[:, :t].any(axis=1),
        box[:, -t:].any(axis=1),
    )
    return all(band.mean() >= 0.85 for band in bands)


def _slanted_share(inside: np.ndarray) -> float:
    """Ink inside a box that is not a horizontal or vertical stroke: a check mark, not 国 or 田."""
    k = max(5, round(0.75 * min(inside.shape)))

    def runs(shape: tuple[int, int]) -> np.ndarray:  # paper, not ink, beyond the patch edge
        return cv2.morphologyEx(
            inside,
            cv2.MORPH_OPEN,
            cv2.getStructuringElement(cv2.MORPH_RECT, shape),
            borderType=cv2.BORDER_CONSTANT,
            borderValue=0,
        )

    straight = runs((k, 1)) | runs((1, k))
    return float(cv2.bitwise_and(inside, cv2.bitwise_not(straight)).mean() / 255)


def _state(box: np.ndarray) -> tuple[bool | None, float] | None:
    """Ticked, empty or unsure, with how sure; None when the patch is not a box at all."""
    total = box.mean() / 255
    if total >= FILLED:
        return True, min(1.0, 0.8 + total / 5)
    if not _framed(box):
        return None
    h, w = box.shape
    m = max(2, round(0.22 * min(h, w)))
    inside = box[m : h - m, m : w - m]
    if not inside.size:
        return None
    share = inside.mean() / 255
    if share <= INSIDE_EMPTY:
        return False, round(1.0 - share, 3)
    if share < INSIDE_TICKED:
        return None, 0.3  # a smudge or a faint tick
    slant = _slanted_share(inside) / share
    if slant >= 0.35:
        return True, min(1.0, 0.75 + min(share, 0.25))
    if slant < 0.15 or share >= 0.45:
        return None  # straight strokes inside a frame: a character such as 日, 国 or 田
    return None, 0.3


def _blank_left(ink: np.ndarray, x: int, y: int, h: int) -> bool:
    """No ink in a strip half a box wide to its left: a box follows a space, 口 in 出口 does not."""
    strip = ink[y + h // 6 : y + h - h // 6, max(0, x - max(3, round(0.5 * h))) : max(0, x - 1)]
    return strip.size == 0 or strip.mean() / 255 < 0.02


def find_marks(gray: np.ndarray, dpi: int) -> list[Mark]:
    """Tick boxes on a page, in reading order."""
    ink, level = _ink(gray, dpi)
    lo, hi = dpi * MIN_MM / 25.4, dpi * MAX_MM / 25.4
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    marks = []
    for i in range(1, count):
        x, y, w, h, area = (int(v) for v in stats[i])
        if not (lo <= h <= hi * 1.4 and lo <= w <= hi * 1.4):
            continue
        if 0.8 <= w / h <= 1.25 and lo <= w <= hi and area >= FILLED * w * h:
            box = (x, y, w, h)  # a filled square
        else:
            inner = _outline_square(ink[y : y + h, x : x + w])
            if inner is None or not lo <= inner[2] <= hi:
                continue
            box = (x + inner[0], y + inner[1], inner[2], inner[3])
        bx, by, bw, bh = box
        state = _state(ink[by : by + bh, bx : bx + bw])
        if state is None or (state[0] is False and not _blank_left(ink, bx, by, bh)):
            continue  # an empty square right after ink is 口 inside a word, not a box
        ticked, score = state
        if ticked is True and (bw, bh) != (w, h):
            score = min(score, 0.95)  # a ✓ leaving its box: ticked, a little less sure
        bbox: BBox = (float(bx), float(by), float(bx + bw), float(by + bh))
        filled = bool(ink[by : by + bh, bx : bx + bw].mean() / 255 >= FILLED)
        if filled and not _solid(gray[by : by + bh, bx : bx + bw], level):
            continue
        marks.append(Mark(bbox, ticked, round(float(score), 3), filled))
    return _reading_order(marks)


def _reading_order(marks: list[Mark]) -> list[Mark]:
    """Rows of boxes (centres within half a box height), each left to right."""
    rows: list[list[Mark]] = []
    for mark in sorted(marks, key=lambda m: m.bbox[1] + m.bbox[3]):
        cy, h = (mark.bbox[1] + mark.bbox[3]) / 2, mark.bbox[3] - mark.bbox[1]
        if rows and abs((rows[-1][-1].bbox[1] + rows[-1][-1].bbox[3]) / 2 - cy) < h / 2:
            rows[-1].append(mark)
        else:
            rows.append([mark])
    return [m for row in rows for m in sorted(row, key=lambda m: m.bbox[0])]
