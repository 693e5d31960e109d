"""Read every page of a document: the text layer where usable, else clean-up and OCR.

Output per page is cached by (file sha256, page, DPI and size limit, engine version, clean-up
version), so a rerun or a template change never reads a page twice.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import cv2
import numpy as np

from core.config import Reading, Settings
from core.types import PageRead, Token
from pipeline import cleanup, rasterize, textlayer
from pipeline.cells import find_cells
from pipeline.errors import BadInput
from pipeline.ocr import OcrEngine, get_engine
from pipeline.ticks import find_marks

CLEANUP_VERSION = "c6"  # c2: tick boxes read from the image; c3: gray seals; c4: background flattening; c5: sideways pages by line length; c6: red removed only where a seal is


READING = Reading()  # the settings' defaults: ReadOptions has none of its own


@dataclass(frozen=True)
class ReadOptions:
    """How pages are read: the settings' ``reading`` section plus what a caller tunes."""

    dpi: int = READING.dpi
    max_side: int | None = READING.max_side
    engine: str = READING.ocr_engine
    threads: int = 2  # OCR threads per call
    det_limit: int | None = READING.det_limit
    remove_seals: bool = True
    keep_work: Path | None = READING.keep_work
    page_workers: int = 1  # pages read side by side (one shared engine)
    models_dir: Path | None = None  # where an engine keeps its model files (paddleocr)


def run_options(settings: Settings) -> ReadOptions:
    """The options every run uses: one single-threaded OCR call per page, as many pages at once as
    ``workers.page_threads`` (one per core: faster on 2 cores than one two-threaded call per page,
    measured). The page threads are one pool per process that every document being read feeds,
    so while one document's last page is read the next document's first page takes the other core."""
    reading = settings.reading
    return ReadOptions(
        dpi=reading.dpi,
        max_side=reading.max_side,
        engine=reading.ocr_engine,
        threads=1,
        page_workers=settings.workers.page_threads,
        det_limit=reading.det_limit,
        keep_work=reading.keep_work,
        models_dir=settings.paths.paddle_models,
    )


class Work:
    """Intermediate images under predictable names, written only when asked to keep them."""

    def __init__(self, root: Path | None, doc: str, page: int):
        self.dir = root / doc / f"p{page:03d}" if root else None
        self.step = 0

    def save(self, name: str, image: np.ndarray) -> None:
        if self.dir is None:
            return
        self.dir.mkdir(parents=True, exist_ok=True)
        self.step += 1
        cv2.imwrite(str(self.dir / f"{self.step:02d}_{name}.png"), image)


@contextmanager
def timed(timings: dict, stage: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - start


def _cache_path(cache_dir: Path, sha256: str, page: int, opts: ReadOptions, engine: str) -> Path:
    key = f"{sha256[:24]}-p{page}-{opts.dpi}dpi-max{opts.max_side or 0}-{engine}-{CLEANUP_VERSION}{'' if opts.remove_seals else '-seals'}"
    return cache_dir / "pages" / f"{key}.json"


def read_image_page(
    image: np.ndarray,
    number: int,
    dpi: int,
    engine: OcrEngine | None,
    text_tokens: list[Token] | None,
    opts: ReadOptions,
    work: Work,
    image_out: Path,
) -> PageRead:
    """One page image to tokens, cells and seals; ``text_tokens`` skips orientation and OCR."""
    timings: dict[str, float] = {}
    work.save("raster", image)
    rotation = skew = 0.0
    if text_tokens is None:
        with timed(timings, "cleanup"):
            rotation = cleanup.orientation(image, engine.line_directions)
            image = cleanup.rotate(image, int(rotation))
            work.save("oriented", image)
            skew = cleanup.skew_angle(image)
            image = cleanup.deskew(image, skew)
            work.save("deskewed", image)
            flat = cleanup.flatten_background(image)
            if flat is not image:
                image = flat
                work.save("flattened", image)
    image_out.parent.mkdir(parents=True, exist_ok=True)
    cv2.imwrite(str(image_out), image, [cv2.IMWRITE_JPEG_QUALITY, 85])
    with timed(timings, "cleanup"):
        seals = cleanup.find_red_seals(image, dpi)
        clean = cleanup.remove_red(image, seals) if opts.remove_seals else image
        work.save("noseal", clean)
        gray = cleanup.to_gray(clean)
        if not seals and cleanup.is_grayscale(image):
            seals = cleanup.find_gray_seals(gray, dpi)  # found, never erased
    with timed(timings, "layout"):
        cells = find_cells(gray, dpi)
        marks = find_marks(gray, dpi)
    if text_tokens is None:
        with timed(timings, "ocr"):
            tokens = engine.recognize(clean)
    else:
        tokens = text_tokens
    h, w = image.shape[:2]
    return PageRead(
        number=number,
        source="text" if text_tokens is not None else "ocr",
        dpi=dpi,
        width=w,
        height=h,
        tokens=tokens,
        cells=cells,
        seals=seals,
        marks=marks,
        rotation=int(rotation),
        skew=float(skew),
        image_path=str(image_out),
        timings={k: round(v, 4) for k, v in timings.items()},
    )


def _pdf_pages(
    path: Path, opts: ReadOptions
) -> Iterator[tuple[int, int, list[Token] | None, callable]]:
    try:
        pages = textlayer.read_pages(str(path))
    except Exception as exc:  # pdfminer raises many types for broken files
        raise BadInput(
            "unreadable_pdf",
            "PDF 文件损坏或无法解析",
            f"PDF cannot be parsed ({type(exc).__name__})",
        ) from exc
    for page in pages:
        dpi = rasterize.fitting_dpi(page.size, opts.dpi, opts.max_side, page.scan_dpi)
        tokens = None if page.tokens is None else textlayer.scaled(page.tokens, dpi / 72)
        yield (
            page.number,
            dpi,
            tokens,
            (lambda n=page.number, d=dpi: rasterize.pdf_page(path, n, d)),
        )


def _scan_pages(path: Path, opts: ReadOptions) -> Iterator[tuple[int, int, None, callable]]:
    for number, (image, dpi) in enumerate(rasterize.image_pages(path), start=1):
        image, dpi = rasterize.fit(image, dpi, opts.max_side)
        yield number, dpi, None, (lambda im=image: im)


def read_document(
    path: Path, sha256: str, opts: ReadOptions, cache_dir: Path, pages_dir: Path
) -> list[PageRead]:
    """All pages of a PDF or image scan, from cache where already read.

    With ``opts.page_workers`` > 1 pages are read side by side by single-threaded calls to the
    one engine: one page's rasterizing and clean-up overlap another's OCR.
    """
    scan = path.suffix.lower() in rasterize.IMAGE_SUFFIXES
    pages_iter = _scan_pages(path, opts) if scan else _pdf_pages(path, opts)

    def one(job: tuple) -> PageRead:
        number, dpi, text_tokens, load = job
        engine_version = "textlayer" if text_tokens is not None else _engine(opts).version
        cached = _cache_path(cache_dir, sha256, number, opts, engine_version)
        if cached.exists() and opts.keep_work is None:  # keeping work means reading again
            return PageRead.from_dict(json.loads(cached.read_text(encoding="utf-8")))
        timings: dict[str, float] = {}
        with timed(timings, "rasterize"):
            image = load()
        page = read_image_page(
            image,
            number,
            dpi,
            None if text_tokens is not None else _engine(opts),
            text_tokens,
            opts,
            Work(opts.keep_work, sha256[:16], number),
            pages_dir / sha256[:16] / f"p{number:03d}.jpg",
        )
        page.timings["rasterize"] = round(timings["rasterize"], 4)
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{threading.get_ident()}.tmp")
        tmp.write_text(json.dumps(page.to_dict(), ensure_ascii=False), encoding="utf-8")
        tmp.replace(cached)
        return page

    if opts.page_workers <= 1 or scan:
        return [one(job) for job in pages_iter]  # image frames come from one open file: in order
    return list(_pool(opts.page_workers).map(one, pages_iter))


@cache
def _pool(workers: int) -> ThreadPoolExecutor:
    """One long-lived pool per process, shared by the documents being read at once. Never call
    ``read_document`` from one of its threads (a document waits on its pages here)."""
    return ThreadPoolExecutor(workers, thread_name_prefix="page")


def _engine(opts: ReadOptions) -> OcrEngine:
    """One engine shared by every thread: ONNX Runtime sessions take concurrent calls, and a
    second copy of the models would cost ~0.8 GiB for no speed (measured)."""
    return get_engine(opts.engine, opts.threads, opts.det_limit, opts.models_dir)
