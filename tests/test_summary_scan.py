"""A city that sent only the stamped scan of its summary: the rows are read from the scan."""

import pytest

from extractors.blocks import page_blocks
from extractors.tables import table_rows
from extractors.template import load_template, summary_labels
from jingpin.demo import FORM
from jingpin.demo.score import load_truth
from pipeline.ingest import scan_inbox
from pipeline.process import build_record, read_file
from pipeline.read import ReadOptions

pytestmark = [pytest.mark.demo, pytest.mark.ocr]


@pytest.fixture(scope="module")
def read_batch(small_inbox, tmp_path_factory):
    cache = tmp_path_factory.mktemp("scan-cache")
    template, opts = load_template(FORM), ReadOptions(threads=2)
    batch, truths = scan_inbox(small_inbox.inbox)[0], load_truth(small_inbox.truth)
    batch_docs = [read_file(f, opts, cache, cache / "pages", template) for f in batch.files]
    sub = next(
        s for s in batch.submissions if truths[s.key]["variant"] == "born_digital"
    )  # no OCR needed
    docs = [read_file(f, opts, cache, cache / "pages", template) for f in sub.files]
    return batch, batch_docs, [(sub, docs)], template, truths


def test_rows_read_from_the_scan(read_batch):
    batch, batch_docs, _, _, truths = read_batch
    scan = next(d for d in batch_docs if d.kind == "summary" and d.pages)
    rows = table_rows([b for p in scan.pages for b in page_blocks(p)], summary_labels())
    by_name = {r["entity_name"]: r for r in rows}
    for truth in truths.values():
        row = by_name[truth["leaves"]["summary.entity_name"]]
        assert row["executed_standard"].replace(" ", "") == truth["leaves"][
            "summary.executed_standard"
        ].replace(" ", "")


def test_record_uses_the_scan_when_no_table_file_came(read_batch):
    batch, batch_docs, subs, template, truths = read_batch
    scans_only = [d for d in batch_docs if d.file.media == "pdf"]
    assert len(scans_only) < len(batch_docs)  # the demo also sent the .xlsx: leave it out
    sub, docs = subs[0]
    record = build_record(sub.key, batch.name, template.form, docs, scans_only, template, None)
    truth = truths[sub.key]["leaves"]
    checks = {c["rule"]: c["status"] for c in record["checks"]}
    assert checks["summary.row"] == "pass"
    assert record["fields"]["summary.entity_name"]["value"] == truth["summary.entity_name"]
    assert record["fields"]["summary.industry"]["value"] == truth["summary.industry"]
    assert record["fields"]["summary.sealed"]["value"] is True
