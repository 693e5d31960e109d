"""A test engine that "reads" a page's known text, so stages after OCR can be tested fast.

Known pages are registered from the born-digital print a scan was made from (the demo keeps
it in ``truth/printed``): its text-layer words become the tokens, and a small thumbnail of the
printed page identifies which page an image is. ``recognize`` returns the nearest known page's
words, scaled to the image. It models a perfect recognizer on an upright, unshifted scan; a
page it does not know reads as empty.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import cv2
import numpy as np

from core.types import Token
from pipeline import rasterize, textlayer

THUMB = (48, 68)  # width, height: A4's proportions


@dataclass
class KnownPage:
    thumb: np.ndarray
    width: float  # points
    tokens: list[Token]  # in points


KNOWN: list[KnownPage] = []


def thumbnail(image: np.ndarray) -> np.ndarray:
    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    return cv2.resize(gray, THUMB, interpolation=cv2.INTER_AREA).astype(np.float32)


def register_print(pdf: Path) -> int:
    """Remember every page of a born-digital print; returns how many were added."""
    pages = [p for p in textlayer.read_pages(str(pdf)) if p.tokens is not None]
    for page in pages:
        image = rasterize.pdf_page(pdf, page.number, 72)
        KNOWN.append(KnownPage(thumbnail(image), page.size[0], page.tokens))
    return len(pages)


class FakeEngine:
    name = "fake"
    version = "fake-known-text-1"

    def recognize(self, image: np.ndarray) -> list[Token]:
        if not KNOWN:
            return []
        thumb = thumbnail(image)
        best = min(KNOWN, key=lambda k: float(np.abs(k.thumb - thumb).mean()))
        return [
            replace(t, confidence=0.99)
            for t in textlayer.scaled(best.tokens, image.shape[1] / best.width)
        ]

    def line_directions(self, crops: list[np.ndarray]) -> list[tuple[int, float]]:
        return [(0, 1.0) for _ in crops]
