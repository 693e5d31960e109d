"""A test engine that "reads" a page's known text, so stages after OCR can be tested fast.

Known pages are registered from the born-digital print a scan was made from (the demo keeps
it in ``truth/printed``): its text-layer words become the tokens, and a small thumbnail of the
printed page identifies which page an image is. ``recognize`` returns the nearest known page's
words, scaled to the image. It models a perfect recognizer on an upright, unshifted scan; a
page it does not know reads as empty.

The product does not ship it: ``plugged_in`` registers one engine object under a name through
``pipeline.ocr.register_engine`` for as long as a test needs it, and each engine keeps its own
known pages, so no test sees another's.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import cv2
import numpy as np

from core.types import Token
from pipeline import rasterize, textlayer
from pipeline.ocr import register_engine, unregister_engine

THUMB = (48, 68)  # width, height: A4's proportions


@dataclass(frozen=True)
class KnownPage:
    thumb: np.ndarray
    width: float  # points
    tokens: list[Token]  # in points


def thumbnail(image: np.ndarray) -> np.ndarray:
    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    return cv2.resize(gray, THUMB, interpolation=cv2.INTER_AREA).astype(np.float32)


class FakeEngine:
    name = "fake"
    version = "fake-known-text-1"

    def __init__(self) -> None:
        self.known: list[KnownPage] = []

    def register_print(self, pdf: Path) -> int:
        """Remember every page of a born-digital print; returns how many were added."""
        pages = [p for p in textlayer.read_pages(str(pdf)) if p.tokens is not None]
        for page in pages:
            image = rasterize.pdf_page(pdf, page.number, 72)
            self.known.append(KnownPage(thumbnail(image), page.size[0], page.tokens))
        return len(pages)

    def recognize(self, image: np.ndarray) -> list[Token]:
        if not self.known:
            return []
        thumb = thumbnail(image)
        best = min(self.known, key=lambda k: float(np.abs(k.thumb - thumb).mean()))
        return [
            replace(t, confidence=0.99)
            for t in textlayer.scaled(best.tokens, image.shape[1] / best.width)
        ]

    def line_directions(self, crops: list[np.ndarray]) -> list[tuple[int, float]]:
        return [(0, 1.0) for _ in crops]


@contextmanager
def plugged_in(prints: Iterable[Path] = (), name: str = "fake") -> Iterator[FakeEngine]:
    """A fresh engine that knows ``prints``, readable as ``ReadOptions(engine=name)`` inside."""
    engine = FakeEngine()
    for pdf in prints:
        engine.register_print(pdf)
    register_engine(name, lambda threads, det_limit: engine)
    try:
        yield engine
    finally:
        unregister_engine(name)
