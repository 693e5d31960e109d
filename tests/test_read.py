"""Reading a scan: intermediate images kept on request, and a rerun served from the cache."""

import cv2
import pytest

from pipeline.ingest import sha256_of
from pipeline.read import ReadOptions, read_document
from tests.test_cleanup import stamp, text_page

pytestmark = pytest.mark.ocr


def test_keep_work_then_cache_hit(tmp_path):
    scan = tmp_path / "scan.png"
    cv2.imwrite(str(scan), stamp(text_page(lines=6)))
    sha = sha256_of(scan)
    work = tmp_path / "work"
    first = read_document(
        scan, sha, ReadOptions(threads=2, keep_work=work), tmp_path / "cache", tmp_path / "pages"
    )
    steps = sorted(p.name for p in (work / sha[:16] / "p001").iterdir())
    assert steps == ["01_raster.png", "02_oriented.png", "03_deskewed.png", "04_noseal.png"]
    assert first[0].seals and "统一社会信用代码" in "".join(t.text for t in first[0].tokens)
    again = read_document(scan, sha, ReadOptions(threads=2), tmp_path / "cache", tmp_path / "pages")
    assert again[0].timings == first[0].timings  # the same reading, from the cache, not a new one
    assert [t.text for t in again[0].tokens] == [t.text for t in first[0].tokens]
