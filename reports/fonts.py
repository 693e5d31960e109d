"""The CJK TrueType font that every PDF jingpin prints uses (deliverables and demo fixtures)."""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_FILES = [
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
]
FONT = "CJK"


def register_font() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    for path in FONT_FILES:
        if Path(path).exists():
            pdfmetrics.registerFont(TTFont(FONT, path, subfontIndex=0))
            return
    raise FileNotFoundError(
        "no CJK TrueType font found (install Debian's fonts-wqy-zenhei: apt-get install fonts-wqy-zenhei)"
    )
