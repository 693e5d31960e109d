"""Page images: PDF pages through poppler (pdf2image), scans (JPG/PNG/TIFF) opened directly."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
from pdf2image import convert_from_path
from PIL import Image, ImageSequence

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff"}
DEFAULT_SCAN_DPI = 300


def to_bgr(image: Image.Image) -> np.ndarray:
    return cv2.cvtColor(np.asarray(image.convert("RGB")), cv2.COLOR_RGB2BGR)


def pdf_page(path: Path, number: int, dpi: int) -> np.ndarray:
    """One page (1-based) at ``dpi``; one page at a time keeps memory flat on long files."""
    (page,) = convert_from_path(str(path), dpi=dpi, first_page=number, last_page=number)
    return to_bgr(page)


def image_pages(path: Path) -> Iterator[tuple[np.ndarray, int]]:
    """Each frame of a scan with the DPI it was scanned at (300 when the file does not say)."""
    with Image.open(path) as img:
        dpi = img.info.get("dpi", (DEFAULT_SCAN_DPI,))[0] or DEFAULT_SCAN_DPI
        for frame in ImageSequence.Iterator(img):
            yield to_bgr(frame), int(round(float(dpi)))
