"""OCR engines behind one small protocol, chosen by name in the settings.

The product ships ``ppocr`` and ``paddleocr``. Another engine is plugged in by name with
``register_engine`` (the tests' known-text engine lives in ``tests/plugins``, not here).
"""

from __future__ import annotations

from collections.abc import Callable
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


EngineFactory = Callable[[int, int | None], OcrEngine]
"""``factory(threads, det_limit)``: the engine to read with, given the reading options."""


def _ppocr(threads: int, det_limit: int | None, models_dir: Path | None) -> OcrEngine:
    from pipeline.ocr.rapid import RapidEngine

    return RapidEngine(threads=threads, det_limit=det_limit)


def _paddleocr(threads: int, det_limit: int | None, models_dir: Path | None) -> OcrEngine:
    from pipeline.ocr.paddle import PaddleEngine

    return PaddleEngine(threads=threads, det_limit=det_limit, models_dir=models_dir)


_BUILT_IN = {"ppocr": _ppocr, "paddleocr": _paddleocr}
_plugged: dict[str, EngineFactory] = {}


def register_engine(name: str, factory: EngineFactory) -> None:
    """Make ``factory`` the engine called ``name`` until ``unregister_engine(name)``.

    A plugged-in engine is not cached: its factory is asked on every ``get_engine`` (return
    the same object to share one). A built-in name cannot be taken over."""
    if name in _BUILT_IN:
        raise ValueError(f"{name!r} is a built-in OCR engine; register yours under another name")
    _plugged[name] = factory


def unregister_engine(name: str) -> None:
    """Forget the engine plugged in as ``name`` (nothing happens if there is none)."""
    _plugged.pop(name, None)


def get_engine(
    name: str, threads: int = 2, det_limit: int | None = None, models_dir: Path | None = None
) -> OcrEngine:
    """The engine called ``name``: a built-in is loaded once per process and configuration
    (``models_dir``: where the optional PaddleOCR engine's models are)."""
    if name in _plugged:
        return _plugged[name](threads, det_limit)
    if name in _BUILT_IN:
        return _built_in(name, threads, det_limit, models_dir)
    choices = ", ".join([*_BUILT_IN, *_plugged])
    raise ValueError(f"unknown OCR engine {name!r}: choose {choices}")


@cache
def _built_in(name: str, threads: int, det_limit: int | None, models_dir: Path | None) -> OcrEngine:
    return _BUILT_IN[name](threads, det_limit, models_dir)
