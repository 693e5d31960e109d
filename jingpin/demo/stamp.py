"""Stamping a printed PDF: red seals pressed over the words they belong to, and the 骑缝章.

A seal is placed where a person presses it: centred near its anchor text (found in the PDF's
text layer) with a hand's offset, so it covers the label, the name or the date. The cross-page
seal is one seal over the fanned right edges of all pages, each page keeping its slice.
The seal images are ``seal.seal_image``'s; the stamped PDF then goes to ``scan.scan_pdf``.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from PIL import Image
from pypdf import PdfReader, PdfWriter
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

EXPORTED_AT = "D:20240705090000+08'00'"


@dataclass
class Stamp:
    """A seal to press beside the first match of ``anchor`` (a regex on the page text)."""

    image: Image.Image
    anchor: str
    diameter_mm: float = 40.0
    dx_mm: float = 0.0  # from the anchor's centre, before the hand's jitter
    dy_mm: float = 0.0
    last_match: bool = False  # the anchor's last occurrence (a 盖章 on the last page)


@dataclass
class Placed:
    page: int  # 0-based
    x: float  # seal centre, PDF points from the left
    y: float  # from the top
    diameter: float
    image: Image.Image


def place(pdf: Path, stamps: list[Stamp], rng: random.Random) -> list[Placed]:
    """Where each stamp lands; a stamp whose anchor is not in the text is skipped."""
    placed = []
    with pdfplumber.open(pdf) as doc:
        for stamp in stamps:
            hits = [(i, m) for i, page in enumerate(doc.pages) for m in page.search(stamp.anchor)]
            if not hits:
                continue
            i, m = hits[-1] if stamp.last_match else hits[0]
            x = (m["x0"] + m["x1"]) / 2 + (stamp.dx_mm + rng.uniform(-6, 6)) * mm
            y = (m["top"] + m["bottom"]) / 2 + (stamp.dy_mm + rng.uniform(-4, 4)) * mm
            placed.append(Placed(i, x, y, stamp.diameter_mm * mm, stamp.image))
    return placed


def _png(image: Image.Image) -> ImageReader:
    buf = io.BytesIO()
    image.save(buf, "PNG")
    buf.seek(0)
    return ImageReader(buf)


def stamp_pdf(
    pdf: Path,
    out: Path,
    placed: list[Placed],
    cross_page: Image.Image | None = None,
    rng: random.Random | None = None,
) -> None:
    """``pdf`` with the seals drawn over its pages (and the cross-page seal's slices) as ``out``."""
    writer = PdfWriter(clone_from=str(pdf))
    n = len(writer.pages)
    cross_y = (rng or random.Random(0)).uniform(0.35, 0.65)
    for i, page in enumerate(writer.pages):
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        buf = io.BytesIO()
        c = canvas.Canvas(buf, pagesize=(w, h))
        for p in (p for p in placed if p.page == i):
            r = p.diameter / 2
            c.drawImage(_png(p.image), p.x - r, h - p.y - r, p.diameter, p.diameter, mask="auto")
        if cross_page is not None and n > 1:
            _cross_slice(c, cross_page, i, n, w, h * cross_y)
        c.showPage()
        c.save()
        buf.seek(0)
        page.merge_page(PdfReader(buf).pages[0])
    # LibreOffice stamps the export time and a random file ID: fixed here, so a rebuilt inbox has
    # the same bytes (page caches hold) and born-digital files look dated like their forms.
    writer.add_metadata({"/CreationDate": EXPORTED_AT, "/ModDate": EXPORTED_AT})
    writer._ID = None  # pypdf has no public setter; without one no /ID is written
    with out.open("wb") as f:
        writer.write(f)


def _cross_slice(c, seal: Image.Image, i: int, n: int, w: float, y: float) -> None:
    """Page ``i``'s slice of the seal pressed over the fanned edges of ``n`` pages."""
    d = 40 * mm
    px = seal.width // n
    piece = seal.crop((i * px, 0, (i + 1) * px if i < n - 1 else seal.width, seal.height))
    width = d * piece.width / seal.width
    c.drawImage(_png(piece), w - width, y - d / 2, width, d, mask="auto")
