"""Born-digital pages: words and their boxes straight from the PDF text layer (pdfplumber)."""

from __future__ import annotations

import pdfplumber

from pipeline.types import Token

MIN_CHARS = 15


def page_count(path: str) -> int:
    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


def read_text_layers(path: str, dpi: int) -> dict[int, list[Token]]:
    """1-based page number -> tokens in pixels at ``dpi``, for pages whose text layer is usable."""
    scale = dpi / 72
    usable: dict[int, list[Token]] = {}
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            words = page.extract_words(x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False,
                                       return_chars=True)
            text = "".join(w["text"] for w in words)
            if len(text) < MIN_CHARS or "(cid:" in text:
                continue
            usable[number] = [_token(w, scale) for w in words]
    return usable


def _token(word: dict, scale: float) -> Token:
    def box(item: dict) -> tuple[float, float, float, float]:
        return item["x0"] * scale, item["top"] * scale, item["x1"] * scale, item["bottom"] * scale
    chars = word.get("chars") or []
    return Token(word["text"], box(word), 1.0,
                 tuple(box(c) for c in chars) if len(chars) == len(word["text"]) else None)
