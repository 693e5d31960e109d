"""The fake engine reads a scan's known text (from the print it was made from), so everything
after OCR runs on a real scanned page — seals, cells, tick boxes — in a fraction of the time."""

import pytest

from extractors.template import load_template
from jingpin.demo import FORM
from jingpin.demo.score import load_truth, score
from pipeline.ocr import fake
from pipeline.ocr.fake import FakeEngine
from pipeline.process import build_record, read_file
from pipeline.read import ReadOptions

pytestmark = pytest.mark.slow


@pytest.fixture
def known_prints(small_inbox):
    fake.KNOWN.clear()
    for pdf in sorted((small_inbox.truth / "printed").rglob("*.pdf")):
        fake.register_print(pdf)
    yield
    fake.KNOWN.clear()


def test_unknown_page_reads_empty():
    import numpy as np

    fake.KNOWN.clear()
    assert FakeEngine().recognize(np.full((100, 70, 3), 255, np.uint8)) == []


def test_scanned_form_read_with_known_text(small_inbox, known_prints, tmp_path):
    from pipeline.ingest import scan_inbox

    truths = load_truth(small_inbox.truth)
    (batch,) = scan_inbox(small_inbox.inbox)
    sub = next(s for s in batch.submissions if truths[s.key]["variant"] == "clean")
    template, opts = load_template(FORM), ReadOptions(engine="fake")
    docs = [read_file(f, opts, tmp_path / "cache", tmp_path / "pages", template) for f in sub.files]
    pages = [p for d in docs for p in d.pages]
    assert pages and all(p.source == "ocr" for p in pages)  # the scan's pages went through clean-up
    record = build_record(sub.key, batch.name, template.form, docs, [], template, None)
    result = score(
        [record], {sub.key: truths[sub.key]}
    ).subset(  # the declaration's print is not kept
        lambda r: not r.leaf.startswith(("decl_", "summary."))
    )
    assert record["fields"]["credit_code"]["value"] == truths[sub.key]["leaves"]["credit_code"]
    assert result.rate("correct") >= 0.95, result.rate("correct")
