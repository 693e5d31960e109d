"""Pieces of page images for reviewers: a field's crop with its label, a page with boxes.

Rendered on demand from the page image the pipeline saved, and cached by what they show.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import cv2
import numpy as np

MAX_WIDTH = 1000
BOX = (40, 40, 220)  # red in BGR


def _cached(cache: Path, key: str, render) -> Path:
    path = cache / f"{hashlib.sha256(key.encode()).hexdigest()[:24]}.png"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{np.random.randint(1 << 30)}.tmp.png")
        cv2.imwrite(str(tmp), render())
        tmp.replace(path)
    return path


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
        cv2.rectangle(out, (x0 - left - 4, y0 - top - 4), (x1 - left + 4, y1 - top + 4), BOX, 3)
        scale = min(1.0, MAX_WIDTH / max(out.shape[1], 1))
        return (
            cv2.resize(out, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
            if scale < 1
            else out
        )

    return _cached(cache, f"crop|{image_path}|{bbox}", render)


def page_with_boxes(image_path: str, boxes: list[list[float]], cache: Path) -> Path:
    """A whole page with the boxes of a submission's fields drawn on it."""

    def render() -> np.ndarray:
        page = cv2.imread(image_path)
        for x0, y0, x1, y1 in boxes:
            cv2.rectangle(page, (int(x0) - 3, int(y0) - 3), (int(x1) + 3, int(y1) + 3), BOX, 3)
        scale = min(1.0, 1400 / page.shape[1])
        return cv2.resize(page, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)

    return _cached(cache, f"page|{image_path}|{sorted(map(tuple, boxes))}", render)
