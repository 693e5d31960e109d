"""Ruled table cells from a page image: line morphology, then the enclosed regions.

A merged cell (the vertical 基本情况 label spanning seven rows) is simply a larger
enclosed region, so spans need no special case.
"""

from __future__ import annotations

import cv2
import numpy as np

from core.types import BBox


def ruling_mask(gray: np.ndarray) -> np.ndarray:
    """Long horizontal and vertical strokes, slightly thickened to close breaks under seals."""
    ink = cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15
    )
    h, w = ink.shape
    horiz = cv2.morphologyEx(
        ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (w // 30, 1))
    )
    vert = cv2.morphologyEx(
        ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, h // 50))
    )
    gap = max(3, w // 200)
    horiz = cv2.dilate(horiz, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 3)))
    vert = cv2.dilate(vert, cv2.getStructuringElement(cv2.MORPH_RECT, (3, gap)))
    return horiz | vert


def find_cells(gray: np.ndarray, dpi: int) -> list[BBox]:
    """Bounding boxes of table cells, top-to-bottom then left-to-right."""
    grid = ruling_mask(gray)
    if not grid.any():
        return []
    count, labels, stats, _ = cv2.connectedComponentsWithStats(
        cv2.bitwise_not(grid), connectivity=4
    )
    h, w = grid.shape
    min_side = dpi * 3 / 25.4  # 3 mm
    cells = []
    for i in range(1, count):
        x, y, cw, ch, area = (int(v) for v in stats[i])
        if x == 0 or y == 0 or x + cw >= w or y + ch >= h:
            continue  # the page around the tables
        if cw < min_side or ch < min_side or area < 0.5 * cw * ch:
            continue
        cells.append((float(x), float(y), float(x + cw), float(y + ch)))
    cells.sort(key=lambda c: (round(c[1] / (dpi / 10)), c[0]))
    return cells
