"""Turns printed pages into what a scanner at a city office produces."""

from __future__ import annotations

import io
import random
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pdf2image import convert_from_path
from PIL import Image, ImageFilter


@dataclass(frozen=True)
class ScanStyle:
    """One way of scanning: resolution, colour, skew, noise and JPEG quality."""

    name: str
    dpi: int = 300
    gray: bool = False
    skew: float = 0.0
    noise: float = 0.0
    blur: float = 0.0
    jpeg_quality: int = 90
    upside_down_page: int | None = None  # 1-based page scanned the wrong way round
    turn: int = 0  # every page fed this many degrees clockwise (180: upside down, 90: sideways)


STYLES = {
    "clean": ScanStyle("clean", dpi=300, noise=2, jpeg_quality=92),
    "stamped": ScanStyle("stamped", dpi=300, skew=1.2, noise=8, blur=0.6, jpeg_quality=70),
    "stamped200": ScanStyle("stamped200", dpi=200, skew=-0.8, noise=6, blur=0.4, jpeg_quality=75),
    "gray": ScanStyle("gray", dpi=300, gray=True, skew=0.6, noise=6, jpeg_quality=80),
}


def degrade(
    page: Image.Image, style: ScanStyle, rng: random.Random, upside_down: bool
) -> Image.Image:
    img = page.convert("RGB")
    if style.skew:
        angle = style.skew * rng.uniform(0.6, 1.0)
        img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=(255, 255, 255))
    if style.blur:
        img = img.filter(ImageFilter.GaussianBlur(style.blur))
    arr = np.asarray(img, dtype=np.float32)
    if style.noise:
        noise = np.random.default_rng(rng.randint(0, 2**31)).normal(0, style.noise, arr.shape[:2])
        arr = arr + noise[..., None]
    # paper is never pure white under a scanner lamp
    arr = arr * 0.96 + 6
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    if style.gray:
        img = img.convert("L")
    if upside_down:
        img = img.rotate(180)
    if style.turn:
        img = img.rotate(-style.turn, expand=True)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=style.jpeg_quality)
    return Image.open(buf)


def scan_pdf(printed: Path, out: Path, style: ScanStyle, rng: random.Random) -> None:
    """Rasterize ``printed`` at the style's DPI, degrade every page, save as an image-only PDF."""
    pages = convert_from_path(str(printed), dpi=style.dpi)
    scanned = [
        degrade(p, style, rng, upside_down=(i + 1 == style.upside_down_page))
        for i, p in enumerate(pages)
    ]
    stamp = time.strptime("2024-07-10", "%Y-%m-%d")  # fixed, so a rebuilt demo has the same bytes
    scanned[0].save(
        out,
        "PDF",
        save_all=True,
        append_images=scanned[1:],
        resolution=style.dpi,
        creationDate=stamp,
        modDate=stamp,
    )
