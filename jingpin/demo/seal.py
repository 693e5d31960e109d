"""Round red seals (公章) as RGBA images: ring, star and the unit's name around the edge."""

from __future__ import annotations

import math
import random

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from reports.fonts import FONT_FILES

SEAL_RED = (214, 32, 38)


def seal_image(name: str, rng: random.Random, size: int = 420) -> Image.Image:
    """A seal of ``name``; ink density varies like a real stamp so removal has work to do."""
    img = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(img)
    c, r = size / 2, size / 2 - 6
    draw.ellipse((c - r, c - r, c + r, c + r), outline=255, width=max(8, size // 36))
    star = [
        (
            c + (r * 0.28 if i % 2 == 0 else r * 0.11) * math.sin(i * math.pi / 5),
            c - (r * 0.28 if i % 2 == 0 else r * 0.11) * math.cos(i * math.pi / 5),
        )
        for i in range(10)
    ]
    draw.polygon(star, fill=255)
    font = ImageFont.truetype(FONT_FILES[0], int(size * 0.11))
    span = math.radians(min(250, 22 * len(name)))
    for i, ch in enumerate(name):
        angle = -span / 2 + span * (i + 0.5) / len(name)
        glyph = Image.new("L", (int(size * 0.14),) * 2, 0)
        ImageDraw.Draw(glyph).text(
            (glyph.width / 2, glyph.height / 2), ch, fill=255, font=font, anchor="mm"
        )
        glyph = glyph.rotate(-math.degrees(angle), resample=Image.BICUBIC)
        x = c + r * 0.74 * math.sin(angle) - glyph.width / 2
        y = c - r * 0.74 * math.cos(angle) - glyph.height / 2
        img.paste(255, (int(x), int(y)), glyph)
    noise = np.random.default_rng(rng.randint(0, 2**31)).uniform(0.55, 1.0, (size, size))
    alpha = (np.asarray(img, dtype=np.float32) * noise).astype(np.uint8)
    rgba = Image.new("RGBA", (size, size), SEAL_RED + (0,))
    rgba.putalpha(Image.fromarray(alpha).rotate(rng.uniform(-25, 25), resample=Image.BICUBIC))
    return rgba
