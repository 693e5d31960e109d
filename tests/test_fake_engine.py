"""The fake engine reads a scan's known text (from the print it was made from), so everything
after OCR runs on a real scanned page — seals, cells, tick boxes — in a fraction of the time."""

import numpy as np
import pytest

from extractors.template import load_template
from jingpin.demo import FORM
from jingpin.demo.score import load_truth, score
from pipeline.ocr import get_engine, register_engine
from pipeline.process import build_record, read_file
from pipeline.read import ReadOptions
from tests.plugins.fake_ocr import FakeEngine, plugged_in


def test_unknown_page_reads_empty():
    assert FakeEngine().recognize(np.full((100, 70, 3), 255, np.uint8)) == []


def test_plugged_in_only_while_inside_and_each_engine_knows_its_own_pages():
    with plugged_in() as first, plugged_in(name="other") as second:
        assert get_engine("fake") is first and get_engine("other") is second
        assert first is not second and first.known is not second.known
    with pytest.raises(ValueError, match="unknown OCR engine 'fake'"):
        get_engine("fake")


def test_a_built_in_engine_cannot_be_taken_over():
    with pytest.raises(ValueError, match="built-in"):
        register_engine("ppocr", lambda threads, det_limit: FakeEngine())


@pytest.mark.demo
def test_scanned_form_read_with_known_text(small_inbox, tmp_path):
    from pipeline.ingest import scan_inbox

    truths = load_truth(small_inbox.truth)
    (batch,) = scan_inbox(small_inbox.inbox)
    sub = next(s for s in batch.submissions if truths[s.key]["variant"] == "clean")
    template, opts = load_template(FORM), ReadOptions(engine="fake")
    with plugged_in(sorted((small_inbox.truth / "printed").rglob("*.pdf"))):
        docs = [
            read_file(f, opts, tmp_path / "cache", tmp_path / "pages", template) for f in sub.files
        ]
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
