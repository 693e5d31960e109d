"""Whether a count's numeral 一/二/三 stands on an underline, in the page image.

Applicants who type into underlined blanks ("国家级项目__一__项") give OCR one horizontal stroke
more than the numeral has: on the Word fixtures every 一 read as 二 stood on an underline
(five of five), and no numeral read off an underline was misread. So a count one off its
items is in doubt only where its numeral is underlined (``checks.check_count``).
"""

from __future__ import annotations

import cv2
import numpy as np

from core.types import BBox
from extractors.locate import Evidence
from pipeline.ticks import longest_runs

# An underline runs on past the numeral: measured 1.6-1.7 character widths through the window
# below; a numeral's own bottom stroke, or its neighbours', 0.8-1.1.
UNDERLINE = 1.35


def stands_on_a_line(image: np.ndarray, box: BBox) -> bool | None:
    """Whether a line runs under the character ``box`` (its lower half to just below it) for
    more than ``UNDERLINE`` of its width, in a window two widths either side; read from the
    red channel, where a seal's ink is paper. None where the window holds no ink at all."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    window = image[
        max(0, round(y0 + 0.5 * h)) : round(y1 + 0.2 * h),
        max(0, round(x0 - 2 * w)) : round(x1 + 2 * w),
        2,
    ]
    if window.size == 0 or int(window.max()) - int(window.min()) < 40 or w <= 0:
        return None
    _, ink = cv2.threshold(window, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return int(longest_runs(ink.T).max()) > UNDERLINE * w  # rows as columns


def mark_underlined_numerals(evidence: list[Evidence], images: dict[int, str]) -> None:
    """Each count written 一/二/三 learns whether its numeral stands on an underline (each
    page's image read once)."""
    counts = [ev for ev in evidence if ev.numeral_box and ev.page in images]
    for page in {ev.page for ev in counts}:
        image = cv2.imread(images[page])
        for ev in (ev for ev in counts if ev.page == page and image is not None):
            ev.numeral_underlined = stands_on_a_line(image, ev.numeral_box)
