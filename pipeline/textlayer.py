"""Born-digital pages: words and their boxes straight from the PDF text layer (pdfplumber)."""

from __future__ import annotations

from dataclasses import dataclass

import pdfplumber

from core.types import Token

MIN_CHARS = 15


@dataclass(frozen=True)
class PdfPage:
    number: int  # 1-based
    size: tuple[float, float]  # width, height in PDF points (1/72 inch)
    tokens: list[Token] | None  # in points; None when the text layer is missing or unusable
    scan_dpi: float | None = None  # resolution of the image covering the page, when it is a scan


def read_pages(path: str) -> list[PdfPage]:
    """Every page's size, and its words where the text layer is usable (enough characters, no
    unmapped ``(cid:…)`` glyphs)."""
    pages = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            words = page.extract_words(
                x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False, return_chars=True
            )
            text = "".join(w["text"] for w in words)
            usable = len(text) >= MIN_CHARS and "(cid:" not in text
            pages.append(
                PdfPage(
                    number,
                    (float(page.width), float(page.height)),
                    [_token(w) for w in words] if usable else None,
                    _scan_dpi(page),
                )
            )
    return pages


def _scan_dpi(page) -> float | None:
    """Pixels per inch of an image covering most of the page (a scan), else None."""
    area = float(page.width * page.height)
    for image in page.images:
        width_pt = float(image["x1"] - image["x0"])
        if width_pt > 0 and width_pt * float(image["bottom"] - image["top"]) >= 0.8 * area:
            return image["srcsize"][0] * 72 / width_pt
    return None


def scaled(tokens: list[Token], factor: float) -> list[Token]:
    """Tokens in points to pixels of a page image (``factor`` = DPI / 72)."""

    def box(b: tuple) -> tuple[float, float, float, float]:
        return tuple(v * factor for v in b)

    return [
        Token(
            t.text, box(t.bbox), t.confidence, tuple(box(c) for c in t.chars) if t.chars else None
        )
        for t in tokens
    ]


def _token(word: dict) -> Token:
    def box(item: dict) -> tuple[float, float, float, float]:
        return item["x0"], item["top"], item["x1"], item["bottom"]

    chars = word.get("chars") or []
    return Token(
        word["text"],
        box(word),
        1.0,
        tuple(box(c) for c in chars) if len(chars) == len(word["text"]) else None,
    )
