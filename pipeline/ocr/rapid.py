"""PP-OCR (PP-OCRv6 small det/rec + the line direction classifier) through rapidocr/ONNX Runtime.

The models ship in the rapidocr wheel, so nothing is downloaded at run time.
"""

from __future__ import annotations

import logging
from importlib.metadata import version

import numpy as np

from pipeline.types import Token


class RapidEngine:
    name = "ppocr"

    def __init__(self, threads: int = 2, det_limit: int | None = None):
        from rapidocr import RapidOCR

        params = {"EngineConfig.onnxruntime.intra_op_num_threads": threads,
                  "EngineConfig.onnxruntime.inter_op_num_threads": 1,
                  "Global.log_level": "warning"}
        if det_limit:
            params |= {"Det.limit_type": "max", "Det.limit_side_len": det_limit}
        self.engine = RapidOCR(params=params)
        logging.getLogger("RapidOCR").setLevel(logging.WARNING)
        self.version = f"rapidocr-{version('rapidocr')}-PP-OCRv6-small" + (f"-det{det_limit}" if det_limit else "")

    def recognize(self, image: np.ndarray) -> list[Token]:
        result = self.engine(image, use_det=True, use_cls=True, use_rec=True)
        if result.boxes is None:
            return []
        tokens = []
        for box, text, score in zip(result.boxes, result.txts, result.scores, strict=True):
            xs, ys = box[:, 0], box[:, 1]
            tokens.append(Token(text, (float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max())),
                                float(score)))
        return tokens

    def line_directions(self, crops: list[np.ndarray]) -> list[tuple[int, float]]:
        """PP-OCR's text-line direction classifier: (0 or 180, score) per line image."""
        if not crops:
            return []
        result = self.engine._load_cls_model()(crops)
        return [(int(label), float(score)) for label, score in result.cls_res]
