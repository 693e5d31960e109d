"""The real flow on a generated inbox: records match the ground truth; reruns add nothing."""

import json

import pytest
from sqlmodel import func, select

from core.config import load_settings
from jingpin.demo.score import load_truth, score
from models import store
from models.tables import Check, Document, FieldValue, Page, Submission
from pipeline.export import export
from pipeline.ingest import sha256_of

pytestmark = [pytest.mark.demo, pytest.mark.prefect, pytest.mark.ocr]
EXACT = ("entity_name", "credit_code", "product_name")


def counts(url: str) -> dict:
    with store.session(url) as s:
        return {
            t.__name__: s.exec(select(func.count()).select_from(t)).one()
            for t in (Submission, Document, Page, FieldValue, Check)
        }


@pytest.fixture(scope="module")
def processed(small_inbox, prefect_home, prefect_harness):
    from flows.process import process_inbox

    originals = {p: sha256_of(p) for p in small_inbox.inbox.rglob("*") if p.is_file()}
    first = process_inbox(str(small_inbox.inbox), str(prefect_home))
    settings = load_settings(prefect_home)
    return first, settings, originals


def test_records_match_truth(processed, small_inbox):
    first, settings, _ = processed
    with store.session(settings.db_url) as s:
        records = [x.record for x in s.exec(select(Submission))]
    truths = load_truth(small_inbox.truth)
    assert {r["submission_id"] for r in records} == set(truths)
    result = score(records, truths)
    for leaf in EXACT:
        rows = result.subset(lambda r, leaf=leaf: r.leaf == leaf)
        assert rows.n == len(truths) and all(r.correct for r in rows.results), [
            (r.submission, r.truth, r.value) for r in rows.results if not r.correct
        ]
    assert result.rate("found") >= 0.95
    assert result.rate("correct") >= 0.85


def test_rerun_skips_unchanged_and_forced_rerun_adds_no_rows(processed, small_inbox):
    from flows.process import process_inbox

    first, settings, originals = processed
    before = counts(settings.db_url)
    again = process_inbox(str(small_inbox.inbox), str(settings.home))
    assert (
        again["stats"]["submissions"] == 0
        and again["stats"]["skipped"] == first["stats"]["submissions"]
    )
    forced = process_inbox(str(small_inbox.inbox), str(settings.home), force=True)
    assert forced["stats"]["submissions"] == first["stats"]["submissions"]
    assert counts(settings.db_url) == before
    assert {p: sha256_of(p) for p in originals} == originals


def test_exports_carry_every_leaf(processed, tmp_path):
    _, settings, _ = processed
    with store.session(settings.db_url) as s:
        records = [x.record for x in s.exec(select(Submission).order_by(Submission.key))]
    lines = export(records, "jsonl", tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["submission_id"] for line in lines] == [
        r["submission_id"] for r in records
    ]
    header = (
        export(records, "csv", tmp_path / "r.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    )
    assert "credit_code" in header.split(",") and "patents_domestic.count" in header.split(",")
    from openpyxl import load_workbook

    wb = load_workbook(export(records, "xlsx", tmp_path / "r.xlsx"))
    assert wb.sheetnames == ["records", "fields"] and wb["records"].max_row == len(records) + 1
    for r in records:
        for entry in r["fields"].values():
            assert set(entry) >= {"value", "raw", "confidence", "status", "source", "page", "bbox"}
