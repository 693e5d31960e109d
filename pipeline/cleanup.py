"""Page image clean-up with OpenCV: orientation, deskew, uneven background, red and gray seals.

Each step is a small pure function of an image, so it can be tested on a crafted
image and its output kept under a predictable name with ``--keep-work``.
"""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np

from core.types import Seal

# HSV ranges of red stamp ink (measured: removes seals, keeps black strokes beneath).
RED_LOW = [((0, 50, 110), (12, 255, 255)), ((155, 50, 110), (180, 255, 255))]


def to_gray(image: np.ndarray) -> np.ndarray:
    return image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def binarize(gray: np.ndarray) -> np.ndarray:
    """Ink as 255 on 0, robust to uneven scanner lighting."""
    return cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15
    )


def text_line_boxes(
    gray: np.ndarray, max_boxes: int | None = 16
) -> list[tuple[int, int, int, int]]:
    """The widest text-like blobs (x, y, w, h): ink smeared along rows, ruling lines dropped."""
    ink = binarize(gray)
    h, w = ink.shape
    lines = cv2.morphologyEx(
        ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (w // 15, 1))
    )
    lines |= cv2.morphologyEx(
        ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, h // 15))
    )
    text = cv2.subtract(ink, lines)
    smear = cv2.dilate(text, cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, w // 120), 1)))
    count, _, stats, _ = cv2.connectedComponentsWithStats(smear)
    boxes = [tuple(int(v) for v in stats[i, :4]) for i in range(1, count)]
    lo, hi = h * 0.006, h * 0.04
    boxes = [b for b in boxes if lo <= b[3] <= hi and b[2] >= 3 * b[3]]
    return sorted(boxes, key=lambda b: -b[2])[:max_boxes]


def orientation(image: np.ndarray, line_directions: Callable) -> int:
    """Clockwise degrees (0, 90, 180, 270) to turn the page so its text reads upright.

    Text lines are wide: a page whose wide blobs are far longer in all once turned lies on its
    side. Their total length, not their count, decides: on a sideways page characters of
    neighbouring lines touch into short wide blobs (measured on the demo's scans: turned/as-is
    length 4.5-9.6 for sideways pages, at most 0.25 for upright ones, covers included).
    The OCR engine's line direction classifier then votes between upright and upside down.
    """
    gray = to_gray(image)
    scale = 1200 / max(gray.shape)
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    turn, side = 0, cv2.rotate(small, cv2.ROTATE_90_CLOCKWISE)
    if _line_length(side) > 2 * _line_length(small):
        turn, small = 90, side
    crops = [
        cv2.cvtColor(small[y : y + h, x : x + w], cv2.COLOR_GRAY2BGR)
        for x, y, w, h in text_line_boxes(small)
    ]
    votes = line_directions(crops)
    flipped = sum(1 for label, score in votes if label == 180 and score > 0.7)
    upright = sum(1 for label, score in votes if label == 0 and score > 0.7)
    return (turn + (180 if flipped > upright else 0)) % 360


def _line_length(gray: np.ndarray) -> int:
    return sum(w for _, _, w, _ in text_line_boxes(gray, None))


def rotate(image: np.ndarray, degrees: int) -> np.ndarray:
    codes = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    return image if degrees % 360 == 0 else cv2.rotate(image, codes[degrees % 360])


def skew_angle(image: np.ndarray, limit: float = 5.0) -> float:
    """Degrees the page is turned counter-clockwise, from the sharpest row projection."""
    gray = to_gray(image)
    scale = 1000 / max(gray.shape)
    ink = binarize(cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA))
    h, w = ink.shape
    center = (w / 2, h / 2)

    def sharpness(angle: float) -> float:
        m = cv2.getRotationMatrix2D(center, -angle, 1.0)
        rows = cv2.warpAffine(ink, m, (w, h), flags=cv2.INTER_NEAREST).sum(axis=1, dtype=np.float64)
        return float(np.var(rows))

    best = max(np.arange(-limit, limit + 0.01, 0.5), key=sharpness)
    fine = np.arange(best - 0.5, best + 0.51, 0.05)
    return round(float(max(fine, key=sharpness)), 2)


def deskew(image: np.ndarray, angle: float) -> np.ndarray:
    if abs(angle) < 0.05:
        return image
    h, w = image.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), -angle, 1.0)
    white = 255 if image.ndim == 2 else (255, 255, 255)
    return cv2.warpAffine(image, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=white)


# Paper seen through a shadow or a phone's uneven light: when the brightest and darkest parts of
# the estimated background differ by more than this (0–255), the page is flattened.
UNEVEN_BACKGROUND = 40


def background(gray: np.ndarray) -> np.ndarray:
    """The paper's brightness without the ink, at low resolution (≤ 300 px): closing fills
    strokes with the paper around them."""
    h, w = gray.shape
    scale = 300 / max(h, w)
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    paper = cv2.morphologyEx(
        small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (9, 9))
    )
    return cv2.medianBlur(paper, 15)


def flatten_background(image: np.ndarray) -> np.ndarray:
    """Divide out uneven lighting so shadowed text and seals read like the rest; even pages are
    returned as they are (so clean scans are not touched, and cost one small estimate)."""
    paper = background(to_gray(image))
    low, high = np.percentile(paper, (2, 98))
    if high - low <= UNEVEN_BACKGROUND:
        return image
    h, w = image.shape[:2]
    paper = np.maximum(
        cv2.resize(paper, (w, h), interpolation=cv2.INTER_LINEAR).astype(np.float32), 1.0
    )
    scale = (255.0 / paper) if image.ndim == 2 else (255.0 / paper)[..., None]
    return np.clip(image.astype(np.float32) * scale, 0, 255).astype(np.uint8)


def red_mask(image: np.ndarray) -> np.ndarray:
    if image.ndim == 2:
        return np.zeros(image.shape, np.uint8)
    hsv = cv2.cvtColor(image, cv2.COLOR_BGR2HSV)
    mask = np.zeros(image.shape[:2], np.uint8)
    for low, high in RED_LOW:
        mask |= cv2.inRange(hsv, low, high)
    return mask


def find_red_seals(image: np.ndarray, dpi: int) -> list[Seal]:
    """Regions of red ink the size of a stamp (≥ ~15 mm across)."""
    mask = red_mask(image)
    if not mask.any():
        return []
    grow = max(3, dpi // 20)
    blobs = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (grow, grow)))
    count, _, stats, _ = cv2.connectedComponentsWithStats(blobs)
    min_side = dpi * 15 / 25.4
    seals = []
    for i in range(1, count):
        x, y, w, h, area = (int(v) for v in stats[i])
        if w >= min_side and h >= min_side and 0.5 < w / h < 2:
            ink = mask[y : y + h, x : x + w].mean() / 255
            seals.append(Seal((x, y, x + w, y + h), "red", round(min(1.0, ink * 8), 3)))
    return seals


SEAL_MARGIN = 0.1  # share of a seal's size around its box whose red ink is the seal's too


def remove_red(image: np.ndarray, seals: list[Seal]) -> np.ndarray:
    """Whiten the red ink of the seals only, so the black text under them survives for OCR
    and red printed text elsewhere (a 红头 letterhead, a red heading) stays readable."""
    mask = red_mask(image)
    if not mask.any() or not seals:
        return image
    inside = np.zeros_like(mask)
    height, width = mask.shape
    for seal in seals:
        x0, y0, x1, y1 = seal.bbox
        dx, dy = (x1 - x0) * SEAL_MARGIN, (y1 - y0) * SEAL_MARGIN
        inside[
            max(int(y0 - dy), 0) : min(int(y1 + dy), height),
            max(int(x0 - dx), 0) : min(int(x1 + dx), width),
        ] = 255
    out = image.copy()
    out[(mask > 0) & (inside > 0)] = (255, 255, 255)
    return out


def is_grayscale(image: np.ndarray) -> bool:
    """No coloured ink anywhere (a gray scanner or a gray copy): red seals would show."""
    if image.ndim == 2:
        return True
    sample = image[::4, ::4].astype(np.int16)
    return float((np.abs(sample[..., 2] - sample[..., 0]) > 60).mean()) < 1e-4


def find_gray_seals(gray: np.ndarray, dpi: int) -> list[Seal]:
    """Round stamps on a gray scan: a circle 28-48 mm across drawn in lighter ink than text.

    Found by the Hough transform on a 75 dpi copy, then checked along the ring: most of
    it inked, and that ink mid-gray (a red seal turned gray), not black text. Nothing is
    erased: the text under a gray seal is as dark as the seal and must stay.
    """
    scale = 75 / dpi
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    r_lo, r_hi = round(14 * 75 / 25.4), round(24 * 75 / 25.4)
    circles = cv2.HoughCircles(
        cv2.GaussianBlur(small, (5, 5), 0),
        cv2.HOUGH_GRADIENT,
        dp=1.5,
        minDist=2 * r_lo,
        param1=100,
        param2=30,
        minRadius=r_lo,
        maxRadius=r_hi,
    )
    seals = []
    for x, y, r in [] if circles is None else circles[0]:
        score = _ring_score(small, float(x), float(y), float(r))
        if score >= 0.6:
            box = ((x - r) / scale, (y - r) / scale, (x + r) / scale, (y + r) / scale)
            seals.append(Seal(tuple(float(v) for v in box), "gray", round(score, 3)))
    return seals


def _ring_score(small: np.ndarray, x: float, y: float, r: float) -> float:
    """Share of the ring inked in mid-gray; 0 when the ring is mostly black (a drawn circle or text)."""
    angles = np.linspace(0, 2 * np.pi, 180, endpoint=False)
    best = 0.0
    for radius in r * np.linspace(0.85, 1.12, 10):  # Hough's radius is rough
        xs = np.clip((x + radius * np.cos(angles)).astype(int), 0, small.shape[1] - 1)
        ys = np.clip((y + radius * np.sin(angles)).astype(int), 0, small.shape[0] - 1)
        values = small[ys, xs]
        inked = values < 215
        if inked.mean() > best and 60 <= float(np.median(values[inked])) <= 200:
            best = float(inked.mean())
    return best
