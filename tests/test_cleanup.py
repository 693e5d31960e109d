"""Each clean-up step on crafted images."""

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline import cleanup
from reports.fonts import FONT_FILES


def text_page(lines=12, size=(1700, 1200)) -> np.ndarray:
    img = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT_FILES[0], 40)
    for i in range(lines):
        draw.text(
            (80, 80 + i * 90),
            f"统一社会信用代码 91420100MA4K2X3Y{i % 10} 经营主体名称",
            fill="black",
            font=font,
        )
    return cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR)


def stamp(image: np.ndarray, center=(500, 400), radius=160) -> np.ndarray:
    out = image.copy()
    overlay = out.copy()
    cv2.circle(overlay, center, radius, (38, 32, 214), 14)
    cv2.circle(overlay, center, 40, (38, 32, 214), -1)
    return np.minimum(out, overlay)


def test_seal_found_and_removed_keeping_black_text():
    page = text_page()
    stamped = stamp(page)
    seals = cleanup.find_red_seals(stamped, dpi=300)
    assert len(seals) == 1
    x0, y0, x1, y1 = seals[0].bbox
    assert x0 < 500 < x1 and y0 < 400 < y1
    cleaned = cleanup.remove_red(stamped, seals)
    assert not cleanup.red_mask(cleaned).any()
    # black text under the seal survives: ink count in the seal area stays close to the unstamped page
    region = (slice(y0, y1), slice(x0, x1))
    ink_before = (cleanup.to_gray(page)[region] < 128).sum()
    ink_after = (cleanup.to_gray(cleaned)[region] < 128).sum()
    assert ink_after >= 0.9 * ink_before


def test_red_letterhead_text_survives_seal_removal():
    """A 红头 heading far from the seal keeps its red ink; the seal's is whitened."""
    page = text_page()
    cv2.putText(page, "RED HEADING", (60, 80), cv2.FONT_HERSHEY_SIMPLEX, 2, (38, 32, 214), 5)
    stamped = stamp(page)
    seals = cleanup.find_red_seals(stamped, dpi=300)
    cleaned = cleanup.remove_red(stamped, seals)
    heading = (slice(20, 110), slice(50, 560))
    assert cleanup.red_mask(cleaned)[heading].sum() == cleanup.red_mask(stamped)[heading].sum() > 0
    x0, y0, x1, y1 = seals[0].bbox
    assert not cleanup.red_mask(cleaned)[y0:y1, x0:x1].any()


def test_small_red_marks_are_not_seals():
    page = text_page()
    cv2.circle(page, (300, 300), 12, (38, 32, 214), -1)
    assert cleanup.find_red_seals(page, dpi=300) == []


@pytest.mark.parametrize("angle", [-3.0, -1.2, 0.8, 2.5])
def test_deskew_recovers_angle(angle):
    page = text_page()
    h, w = page.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    skewed = cv2.warpAffine(page, m, (w, h), borderValue=(255, 255, 255))
    measured = cleanup.skew_angle(skewed)  # counter-clockwise, as cv2 rotated it
    assert abs(measured - angle) < 0.3
    assert abs(cleanup.skew_angle(cleanup.deskew(skewed, measured))) < 0.3


@pytest.mark.ocr
@pytest.mark.parametrize("lines", [12, 3])  # a full page, and a sparse one (a cover page)
@pytest.mark.parametrize(
    ("turned", "fix"),
    [
        (None, 0),
        (cv2.ROTATE_180, 180),
        (cv2.ROTATE_90_CLOCKWISE, 270),
        (cv2.ROTATE_90_COUNTERCLOCKWISE, 90),
    ],
)
def test_orientation_with_real_classifier(lines, turned, fix):
    from pipeline.ocr import get_engine

    engine = get_engine("ppocr", 2)
    page = text_page(lines=lines, size=(1240, 1754))  # A4 portrait at 150 dpi
    scanned = page if turned is None else cv2.rotate(page, turned)
    assert cleanup.orientation(scanned, engine.line_directions) == fix
    assert np.array_equal(cleanup.rotate(scanned, fix), page)


@pytest.mark.ocr
@pytest.mark.demo
@pytest.mark.parametrize(
    ("turned", "fix"), [(cv2.ROTATE_90_CLOCKWISE, 270), (cv2.ROTATE_90_COUNTERCLOCKWISE, 90)]
)
def test_sideways_form_pages_turned_upright(small_inbox, turned, fix):
    """Real pages of the form, fed sideways: the sparse cover, and the last page's short lines
    whose characters touch across neighbouring lines once turned."""
    from pipeline import rasterize
    from pipeline.ocr import get_engine

    engine = get_engine("ppocr", 2)
    printed = sorted((small_inbox.truth / "printed").rglob("*.pdf"))[0]
    for number in (1, 2, 5):
        page = rasterize.pdf_page(printed, number, 120)
        assert cleanup.orientation(cv2.rotate(page, turned), engine.line_directions) == fix, number


def test_rotate_round_trip():
    page = text_page(lines=3, size=(300, 200))
    assert np.array_equal(cleanup.rotate(cleanup.rotate(page, 90), 270), page)


def gray_copy(image: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), cv2.COLOR_GRAY2BGR)


def test_gray_seal_found_on_a_gray_scan_and_text_left_alone():
    # A red seal over text, copied to gray: the ring turns mid-gray, the text stays black.
    page = gray_copy(stamp(text_page(), center=(600, 500), radius=236))
    assert cleanup.is_grayscale(page) and cleanup.find_red_seals(page, 300) == []
    seals = cleanup.find_gray_seals(cleanup.to_gray(page), 300)
    assert len(seals) == 1 and seals[0].color == "gray"
    x0, y0, x1, y1 = seals[0].bbox
    assert abs((x0 + x1) / 2 - 600) < 30 and abs((y0 + y1) / 2 - 500) < 30


def test_no_gray_seal_on_plain_text_or_a_black_circle():
    page = gray_copy(text_page())
    assert cleanup.find_gray_seals(cleanup.to_gray(page), 300) == []
    cv2.circle(page, (600, 500), 236, (0, 0, 0), 6)  # a drawn black circle is not a stamp
    assert cleanup.find_gray_seals(cleanup.to_gray(page), 300) == []


def test_a_colour_scan_is_not_gray():
    assert not cleanup.is_grayscale(stamp(text_page()))


def shadowed(page: np.ndarray) -> np.ndarray:
    """A phone-camera shadow: light falls from 100% on the left to 45% on the right."""
    light = np.linspace(1.0, 0.45, page.shape[1], dtype=np.float32)[None, :, None]
    return (page.astype(np.float32) * light).astype(np.uint8)


def test_shadow_is_flattened_and_text_kept():
    page = text_page()
    dark = shadowed(stamp(page))
    flat = cleanup.flatten_background(dark)
    paper = cleanup.to_gray(flat)[cleanup.to_gray(page) == 255]
    assert (
        np.percentile(paper, 5) > 225
    )  # the shadowed paper is white again (it was ~115 on the right)
    ink = cleanup.to_gray(page) < 60
    assert np.median(cleanup.to_gray(flat)[ink]) < 80  # strokes stay dark
    assert len(cleanup.find_red_seals(flat, dpi=300)) == 1  # the seal under the shadow is found


def test_even_page_is_not_touched():
    page = stamp(text_page())
    assert cleanup.flatten_background(page) is page
