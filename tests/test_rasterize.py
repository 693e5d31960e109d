"""Page routing and page size: a mixed PDF is read page by page, and no page image is larger
than the recognizer's own working size."""

import numpy as np
import pytest
from pypdf import PdfReader, PdfWriter

from jingpin.demo.score import load_truth
from pipeline import rasterize
from pipeline.ingest import sha256_of
from pipeline.read import ReadOptions, read_document
from tests.plugins.fake_ocr import plugged_in

A4 = (595.28, 841.89)  # points


def test_dpi_lowered_to_fit_the_long_side():
    assert rasterize.fitting_dpi(A4, 300, 2000) == 171  # 11.69 in × 171 dpi = 1999 px
    assert rasterize.fitting_dpi(A4, 150, 2000) == 150  # already small enough: as configured
    assert rasterize.fitting_dpi(A4, 300, None) == 300
    assert (
        rasterize.fitting_dpi((A4[1], A4[0]), 300, 2000) == 171
    )  # landscape: the long side counts
    assert rasterize.fitting_dpi(A4, 300, 2000, scan_dpi=300) == 171
    assert rasterize.fitting_dpi(A4, 300, 2000, scan_dpi=200) == 200  # a 200 dpi scan: as scanned
    assert (
        rasterize.fitting_dpi(A4, 150, 2000, scan_dpi=200) == 150
    )  # never above the configured DPI


def test_scan_shrunk_with_its_dpi():
    scan = np.full((3508, 2480, 3), 255, np.uint8)
    small, dpi = rasterize.fit(scan, 300, 2000)
    assert max(small.shape[:2]) == 2000 and dpi == 171
    same, dpi = rasterize.fit(scan[:2339, :1654], 200, 2000)  # a 200 dpi scan: as scanned
    assert same.shape == (2339, 1654, 3) and dpi == 200
    assert rasterize.fit(scan, 300, None)[0] is scan


@pytest.mark.parametrize(("declared", "expected"), [(300, 300), (200, 200), (72, 200), (None, 200)])
def test_scan_dpi_from_the_file_or_its_size(tmp_path, declared, expected):
    """A phone photo says 72 dpi: a 2339 px page is an A4 page at 200 dpi."""
    from PIL import Image

    path = tmp_path / "scan.png"
    Image.new("RGB", (1654, 2339), "white").save(
        path, **({"dpi": (declared, declared)} if declared else {})
    )
    ((image, dpi),) = list(rasterize.image_pages(path))
    assert dpi == expected and image.shape == (2339, 1654, 3)


@pytest.mark.demo
def test_mixed_pdf_routed_page_by_page(small_inbox, tmp_path):
    """A born-digital page (text layer, embedded seal image) then a scanned page, in one PDF."""
    truths = load_truth(small_inbox.truth)
    scanned_id = next(sid for sid, t in truths.items() if t["variant"] == "clean")
    printed = small_inbox.truth / "printed" / f"{scanned_id}.pdf"
    scan = small_inbox.inbox / scanned_id / "申报表.pdf"
    plain = read_document(
        printed, sha256_of(printed), ReadOptions(engine="fake"), tmp_path / "c0", tmp_path / "p0"
    )
    sealed = next(p.number for p in plain if p.seals)  # the page the applicant stamped
    writer = PdfWriter()
    writer.add_page(PdfReader(printed).pages[sealed - 1])
    writer.add_page(PdfReader(scan).pages[0])
    mixed = tmp_path / "mixed.pdf"
    with mixed.open("wb") as f:
        writer.write(f)

    with plugged_in([printed]):
        pages = read_document(
            mixed, sha256_of(mixed), ReadOptions(engine="fake"), tmp_path / "c", tmp_path / "p"
        )
    text_page, ocr_page = pages
    assert (text_page.source, ocr_page.source) == ("text", "ocr")
    assert text_page.seals and text_page.seals[0].color == "red"  # the seal image kept its colour
    assert [t.text for t in text_page.tokens] == [t.text for t in plain[sealed - 1].tokens]
    for page in pages:
        assert max(page.width, page.height) <= 2000 and page.dpi == 171
        assert all(
            0 <= t.bbox[0] < t.bbox[2] <= page.width and t.bbox[3] <= page.height
            for t in page.tokens
        )
    assert [t.text for t in ocr_page.tokens] == [
        t.text for t in plain[0].tokens
    ]  # the scan's cover page
