"""OCR engines behind one small protocol, chosen by name in the settings."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Protocol

import numpy as np

from core.types import Token


class OcrEngine(Protocol):
    name: str
    version: str

    def recognize(self, image: np.ndarray) -> list[Token]:
        """Text lines of a BGR or gray page image, with boxes in its pixels."""

    def line_directions(self, crops: list[np.ndarray]) -> list[tuple[int, float]]:
        """For each text-line image, 0 or 180 (upside down) and the classifier's score."""


@cache
def get_engine(
    name: str, threads: int = 2, det_limit: int | None = None, models_dir: Path | None = None
) -> OcrEngine:
    """One engine per process and configuration, loaded on first use."""
    if name == "ppocr":
        from pipeline.ocr.rapid import RapidEngine

        return RapidEngine(threads=threads, det_limit=det_limit)
    if name == "paddleocr":
        from pipeline.ocr.paddle import PaddleEngine

        return PaddleEngine(threads=threads, det_limit=det_limit, models_dir=models_dir)
    if name == "fake":
        from pipeline.ocr.fake import FakeEngine

        return FakeEngine()
    raise ValueError(f"unknown OCR engine {name!r}: choose ppocr or paddleocr (or fake, for tests)")
