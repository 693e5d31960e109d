"""Pieces of page images for reviewers: a field's crop with its label, a page with boxes.

Rendered on demand from the page image the pipeline saved, as JPEG at the size the review
page shows them (a scan's PNG is megabytes; the page never shows it larger than this), and
cached by what they show.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np

CROP_WIDTH = 900  # the review card's width in CSS pixels
PAGE_WIDTH = 1100  # the F2 page view and the submission page (main is 1100 px wide)
QUALITY = 80
OTHER_BOX = (40, 40, 220)  # red in BGR: the submission's other fields
CURRENT_BOX = (200, 90, 0)  # blue in BGR: the field being reviewed


def _cached(cache: Path, key: str, render: Callable[[], np.ndarray]) -> Path:
    path = cache / f"{hashlib.sha256(key.encode()).hexdigest()[:24]}.jpg"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.{np.random.randint(1 << 30)}.tmp.jpg")
        cv2.imwrite(str(tmp), render(), [cv2.IMWRITE_JPEG_QUALITY, QUALITY])
        tmp.replace(path)
    return path


def _shrink(image: np.ndarray, width: int) -> np.ndarray:
    scale = min(1.0, width / max(image.shape[1], 1))
    if scale >= 1:
        return image
    return cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)


def field_crop(image_path: str, bbox: list[float], cache: Path) -> Path:
    """The field's box outlined, with the page to its left (where its label cell is)."""

    def render() -> np.ndarray:
        page = cv2.imread(image_path)
        h, w = page.shape[:2]
        x0, y0, x1, y1 = (int(v) for v in bbox)
        pad = max(30, (y1 - y0) // 2)
        left, right = max(0, x0 - int(0.45 * w)), min(w, x1 + int(0.04 * w))
        top, bottom = max(0, y0 - pad), min(h, y1 + pad)
        out = page[top:bottom, left:right].copy()
        corner, far = (x0 - left - 4, y0 - top - 4), (x1 - left + 4, y1 - top + 4)
        cv2.rectangle(out, corner, far, OTHER_BOX, 3)
        return _shrink(out, CROP_WIDTH)

    return _cached(cache, f"crop|{CROP_WIDTH}|{image_path}|{bbox}", render)


def page_with_boxes(
    image_path: str, boxes: list[list[float]], current: list[float] | None, cache: Path
) -> Path:
    """A whole page with the submission's fields in thin red and the current one in thick blue."""

    def render() -> np.ndarray:
        page = cv2.imread(image_path)
        thin = max(2, page.shape[1] // 600)
        for x0, y0, x1, y1 in boxes:
            cv2.rectangle(
                page, (int(x0) - 3, int(y0) - 3), (int(x1) + 3, int(y1) + 3), OTHER_BOX, thin
            )
        if current:
            x0, y0, x1, y1 = (int(v) for v in current)
            cv2.rectangle(page, (x0 - 8, y0 - 8), (x1 + 8, y1 + 8), CURRENT_BOX, thin * 4)
        return _shrink(page, PAGE_WIDTH)

    key = f"page|{PAGE_WIDTH}|{image_path}|{sorted(map(tuple, boxes))}|{current}"
    return _cached(cache, key, render)
