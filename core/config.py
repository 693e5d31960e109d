"""Runtime settings, read once from the environment.

Everything jingpin writes at run time lives under one folder, ``$JINGPIN_HOME``
(default ``./var``), so an inbox is only ever read and a reset is one ``rm -r``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = REPO_ROOT / "data"


@dataclass(frozen=True)
class Settings:
    home: Path
    db_url: str
    dpi: int = 300
    max_side: int | None = 2000  # page images no larger (long side, pixels); None = full DPI
    ocr_engine: str = "ppocr"
    det_limit_side_len: int | None = 960  # detector input; None = the engine's full size
    review_threshold: float | None = None  # None: the calibrated threshold in data/calibration.json
    keep_work: Path | None = None  # keep each page's intermediate images here (pages are re-read)

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"

    @property
    def pages_dir(self) -> Path:
        return self.home / "pages"

    @property
    def exports_dir(self) -> Path:
        return self.home / "exports"

    @property
    def quarantine_dir(self) -> Path:
        return self.home / "quarantine"

    @property
    def prefect_home(self) -> Path:
        return self.home / "prefect"


def load_settings(home: str | Path | None = None) -> Settings:
    """Settings from ``JINGPIN_*`` variables; ``home`` overrides ``JINGPIN_HOME``."""
    root = Path(home or os.environ.get("JINGPIN_HOME", "var")).resolve()
    db_url = os.environ.get("JINGPIN_DB_URL") or f"sqlite:///{root / 'jingpin.db'}"
    det = os.environ.get("JINGPIN_DET_LIMIT", "960")
    max_side = int(os.environ.get("JINGPIN_MAX_SIDE", "2000") or 0)
    return Settings(
        home=root,
        db_url=db_url,
        dpi=int(os.environ.get("JINGPIN_DPI", "300")),
        max_side=max_side if max_side > 0 else None,
        ocr_engine=os.environ.get("JINGPIN_OCR_ENGINE", "ppocr"),
        det_limit_side_len=int(det) if det and int(det) > 0 else None,
        review_threshold=float(os.environ["JINGPIN_REVIEW_THRESHOLD"])
        if os.environ.get("JINGPIN_REVIEW_THRESHOLD")
        else None,
        keep_work=Path(os.environ["JINGPIN_KEEP_WORK"]).resolve()
        if os.environ.get("JINGPIN_KEEP_WORK")
        else None,
    )


def ensure_dirs(settings: Settings) -> None:
    for path in (
        settings.home,
        settings.cache_dir,
        settings.pages_dir,
        settings.exports_dir,
        settings.quarantine_dir,
        settings.prefect_home,
    ):
        path.mkdir(parents=True, exist_ok=True)
