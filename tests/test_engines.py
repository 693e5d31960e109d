"""Both OCR engines on one page: the default PP-OCRv6 through rapidocr/ONNX Runtime, and the
PaddleOCR 3.x pipeline on the PP-OCRv4 Paddle models (optional extra; CI installs it)."""

import os

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.ocr import get_engine
from reports.fonts import FONT_FILES

pytestmark = pytest.mark.ocr
LINES = [
    "统一社会信用代码 91420100MA4K2X3Y5B",
    "执行标准 GB/T 19001-2016 专利号 ZL202310123456.7",
    "经营主体名称 湖北精品示范有限公司",
    "认证证书编号 CNCA-R-2002-117",
]


def page() -> np.ndarray:
    img = Image.new("RGB", (2480, 900), "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT_FILES[0], 42)
    for i, line in enumerate(LINES):
        draw.text((120, 100 + i * 180), line, fill="black", font=font)
    return cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR)


def engine_or_skip(name: str):
    if name == "paddleocr":
        try:
            import paddleocr  # noqa: F401
        except ImportError:
            if os.environ.get("JINGPIN_REQUIRE_PADDLE"):
                raise
            pytest.skip("paddleocr not installed (pip install -e '.[paddle]'; CI installs it)")
    return get_engine(name, threads=2)


@pytest.mark.parametrize("name", ["ppocr", "paddleocr"])
def test_engine_reads_one_page(name):
    engine = engine_or_skip(name)
    tokens = engine.recognize(page())
    lines = sorted(tokens, key=lambda t: t.bbox[1])
    read = ["".join(t.text.split()) for t in lines]
    assert read == ["".join(line.split()) for line in LINES], read
    for t, expected_y in zip(lines, (100, 280, 460, 640), strict=True):
        assert t.bbox[1] - 20 < expected_y < t.bbox[3] and t.confidence > 0.8
    assert engine.version and engine.name == name
    upright, flipped = engine.line_directions(
        [page()[80:170, 100:1200], np.rot90(page()[80:170, 100:1200], 2)]
    )
    assert upright[0] == 0 and flipped[0] == 180
