"""The city regulator's seal in the 申报表's 推荐意见 cell, found end to end.

Each case prints a real applicant's 申报表 with the demo printer, seals and scans it the way
the demo inbox does, reads only the page that holds 推荐意见 through the real reading stages,
and locates the template's ``city_recommendation_sealed`` leaf:

- a gray seal on a gray scan (``inbox.write_pdf``, variant ``gray``: colour is gone);
- an electronic seal image pasted over a born-digital PDF (``stamp.place``/``stamp_pdf``,
  as ``wordpath`` seals an exported form), its text layer kept;
- no city seal at all, scanned gray and born digital: not reported.
"""

from __future__ import annotations

import random
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader, PdfWriter

from core.types import Seal
from extractors.blocks import page_blocks
from extractors.continuation import join_continued_rows
from extractors.locate import Evidence, label_matcher, locate
from extractors.template import load_template
from jingpin.demo import FORM, printer, values
from jingpin.demo.inbox import write_pdf
from jingpin.demo.seal import seal_image
from jingpin.demo.stamp import Stamp, place, stamp_pdf
from pipeline.ingest import sha256_of
from pipeline.read import ReadOptions, read_document

LEAF = "city_recommendation_sealed"
CITY = "武汉市"
REGULATOR = f"{CITY}市场监督管理局"
ANCHOR = "推荐意见"


def applicant_story(rng: random.Random, city_seal: bool) -> list:
    """An applicant's 申报表 with its own seal on the cover; the city's seal printed in the
    推荐意见 cell (as the demo inbox does) only when ``city_seal``."""
    a = values.make_applicant(rng, CITY)
    values.add_summary(a, 1)
    seals = {
        "applicant": seal_image(a.leaves["entity_name"], rng),
        "city": seal_image(REGULATOR, rng) if city_seal else None,
    }
    return printer.application_story(a, printer.Marks(), seals)


def anchor_page(pdf: Path) -> int:
    """0-based index of the (last) page whose text layer holds 推荐意见."""
    with pdfplumber.open(pdf) as doc:
        hits = [i for i, page in enumerate(doc.pages) if ANCHOR in (page.extract_text() or "")]
    assert hits, f"{ANCHOR} is on no page of {pdf.name}"
    return hits[-1]


def one_page(pdf: Path, index: int, out: Path) -> Path:
    writer = PdfWriter()
    writer.add_page(PdfReader(pdf).pages[index])
    with out.open("wb") as f:
        writer.write(f)
    return out


def gray_scan(tmp: Path, seed: int, city_seal: bool) -> Path:
    """The 推荐意见 page of a gray scan of the printed, sealed form."""
    rng = random.Random(seed)
    scan, printed = tmp / "scan.pdf", tmp / "printed.pdf"
    write_pdf(applicant_story(rng, city_seal), scan, "gray", rng, None, printed_copy=printed)
    return one_page(scan, anchor_page(printed), tmp / "page.pdf")


def born_digital(tmp: Path, seed: int, pasted_seal: bool) -> Path:
    """The 推荐意见 page of a born-digital form, printed without the city's seal, then (when
    ``pasted_seal``) sealed electronically: the seal image pasted over the page by ``stamp_pdf``
    beside the cell's last (盖章), as ``wordpath.stamps`` places it."""
    rng = random.Random(seed)
    printed = tmp / "printed.pdf"
    printer.build_pdf(applicant_story(rng, city_seal=False), printed)
    pdf = printed
    if pasted_seal:
        stamp = Stamp(
            seal_image(REGULATOR, rng),
            "(盖章)",
            diameter_mm=42,
            dx_mm=-12,
            dy_mm=4,
            last_match=True,
        )
        placed = place(printed, [stamp], rng)
        assert len(placed) == 1 and placed[0].page == anchor_page(printed)
        pdf = tmp / "sealed.pdf"
        stamp_pdf(printed, pdf, placed, rng=rng)
    return one_page(pdf, anchor_page(pdf), tmp / "page.pdf")


def seal_evidence(page_pdf: Path, tmp: Path, text_layer: bool) -> tuple[Evidence, list[Seal]]:
    """The leaf's evidence from the real reading stages and the real template, and the seals
    the reading found on the page."""
    pages = read_document(
        page_pdf, sha256_of(page_pdf), ReadOptions(threads=1), tmp / "cache", tmp / "pages"
    )
    assert [p.source == "text" for p in pages] == [text_layer]
    template = load_template(FORM)
    form = template.documents["application"]
    blocks = join_continued_rows([b for p in pages for b in page_blocks(p)], label_matcher(form))
    evidence = locate(
        form,
        template.catalogue["application"],
        blocks,
        {p.number: p.seals for p in pages},
        {p.number: p.dpi for p in pages},
    )
    ev = {e.leaf: e for e in evidence}[LEAF]
    assert ev.found, f"the {LEAF} label was not found on the page"
    return ev, pages[0].seals


@pytest.mark.ocr
def test_a_gray_seal_on_a_gray_scan(tmp_path):
    page = gray_scan(tmp_path, seed=21, city_seal=True)
    ev, seals = seal_evidence(page, tmp_path, text_layer=False)
    assert ev.raw is True
    assert [s.color for s in seals if s.bbox == ev.bbox] == ["gray"]  # found without its red


def test_an_electronic_seal_pasted_into_a_born_digital_pdf(tmp_path):
    page = born_digital(tmp_path, seed=22, pasted_seal=True)
    with pdfplumber.open(page) as doc:
        assert doc.pages[0].images, "the pasted seal is not on the page"
    ev, seals = seal_evidence(page, tmp_path, text_layer=True)
    assert ev.raw is True
    assert [s.color for s in seals if s.bbox == ev.bbox] == ["red"]  # the pasted image, in colour


@pytest.mark.ocr
def test_no_city_seal_on_a_gray_scan_is_not_reported(tmp_path):
    ev, _ = seal_evidence(gray_scan(tmp_path, seed=23, city_seal=False), tmp_path, text_layer=False)
    assert ev.raw is False


def test_no_city_seal_on_a_born_digital_pdf_is_not_reported(tmp_path):
    page = born_digital(tmp_path, seed=24, pasted_seal=False)
    ev, _ = seal_evidence(page, tmp_path, text_layer=True)
    assert ev.raw is False
