"""A test engine that "reads" a page's known text, so stages after OCR can be tested fast.

Known pages are registered from the born-digital print a scan was made from (the demo keeps
it in ``truth/printed``): its text-layer words become the tokens, and a small thumbnail of the
printed page identifies which page an image is. ``recognize`` returns the nearest known page's
words, scaled to the image. It models a perfect recognizer on an upright, unshifted scan; a
page it does not know reads as empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from pipeline import rasterize, textlayer
from pipeline.types import Token

THUMB = (48, 68)  # width, height: A4's proportions


@dataclass
class KnownPage:
    thumb: np.ndarray
    width: int
    tokens: list[Token]


KNOWN: list[KnownPage] = []


def thumbnail(image: np.ndarray) -> np.ndarray:
    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    return cv2.resize(gray, THUMB, interpolation=cv2.INTER_AREA).astype(np.float32)


def register_print(pdf: Path, dpi: int = 300) -> int:
    """Remember every page of a born-digital print; returns how many were added."""
    layers = textlayer.read_text_layers(str(pdf), dpi)
    for number, tokens in sorted(layers.items()):
        image = rasterize.pdf_page(pdf, number, 72)
        KNOWN.append(KnownPage(thumbnail(image), int(image.shape[1] * dpi / 72), tokens))
    return len(layers)


def _scaled(token: Token, k: float) -> Token:
    def box(b):
        return tuple(v * k for v in b)
    return Token(token.text, box(token.bbox), 0.99, tuple(box(c) for c in token.chars) if token.chars else None)


class FakeEngine:
    name = "fake"
    version = "fake-known-text-1"

    def recognize(self, image: np.ndarray) -> list[Token]:
        if not KNOWN:
            return []
        thumb = thumbnail(image)
        best = min(KNOWN, key=lambda k: float(np.abs(k.thumb - thumb).mean()))
        k = image.shape[1] / best.width
        return [_scaled(t, k) for t in best.tokens]

    def line_directions(self, crops: list[np.ndarray]) -> list[tuple[int, float]]:
        return [(0, 1.0) for _ in crops]
