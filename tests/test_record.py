"""The typed record: one leaf grammar, one list of statuses, JSON that reads back as stored,
and one recheck that both the pipeline and the review desk run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import select

from core.config import ensure_dirs, load_settings
from core.record import NAMED, OPEN, REVIEWED, Leaf, Record, Status, matching
from extractors.template import load_template
from jingpin.demo import FORM
from jingpin.demo.score import load_truth
from models import store
from models.tables import FieldValue, Submission
from pipeline import process
from pipeline.ingest import scan_inbox
from pipeline.process import build_record, read_file
from pipeline.read import ReadOptions
from pipeline.recheck import recheck
from review import edits

KEYS = st.from_regex(r"[a-z][a-z_]{0,15}", fullmatch=True).filter(
    lambda k: not (k.endswith("_name") and k.removesuffix("_name") in NAMED)
)
LEAVES = st.one_of(
    st.builds(Leaf, KEYS, st.booleans()),
    st.builds(lambda k, s: Leaf(k, s, count=True), KEYS, st.booleans()),
    st.builds(
        lambda k, s, i, a: Leaf(k, s, index=i, attr=a),
        KEYS,
        st.booleans(),
        st.none() | st.integers(0, 999),
        KEYS,
    ),
    st.builds(lambda k, s: Leaf(k, s, name=True), st.sampled_from(sorted(NAMED)), st.booleans()),
)


@given(LEAVES)
def test_a_leaf_prints_what_it_parses(leaf):
    assert Leaf.parse(str(leaf)) == leaf


@pytest.mark.parametrize(
    ("text", "doc", "key"),
    [
        ("credit_code", "application", "credit_code"),
        ("entity_name", "application", "entity_name"),  # a key of its own, not a looked-up name
        ("industry_name", "application", "industry"),
        ("summary.industry_name", "summary", "industry"),
        ("decl_sealed", "declaration", "decl_sealed"),
        ("ev_licence[0].credit_code", "evidence", "ev_licence"),
        ("patents_domestic.count", "application", "patents_domestic"),
    ],
)
def test_a_leaf_knows_its_document(text, doc, key):
    leaf = Leaf.parse(text)
    assert (leaf.doc, leaf.key, str(leaf)) == (doc, key, text)


def test_views_of_the_checks_are_not_leaves():
    assert Leaf.match("word.credit_code") is None and Leaf.match("evidence:pages") is None
    with pytest.raises(ValueError):
        Leaf.parse("evidence:pages")


def test_a_pattern_names_its_items_in_order():
    leaves = ["p[10].number", "p[2].number", "p[2].name", "p.count", "summary.p[1].number"]
    assert matching("p[*].number", leaves) == ["p[2].number", "p[10].number"]
    assert matching("credit_code", leaves) == ["credit_code"]


def test_open_statuses_are_declared_once():
    assert OPEN == ("needs_review", "missing") and set(REVIEWED) == {"corrected", "confirmed"}
    assert [s for s in Status if s.is_open] == list(Status.open())
    assert Status("missing") is Status.MISSING and Status.MISSING == "missing"


@pytest.fixture(scope="module")
def pipeline_record(small_inbox, tmp_path_factory):
    """The born-digital applicant of the demo as the real stages record it."""
    cache, pages = tmp_path_factory.mktemp("cache"), tmp_path_factory.mktemp("pages")
    template, opts = load_template(FORM), ReadOptions(threads=2)
    truths = load_truth(small_inbox.truth)
    batch = scan_inbox(small_inbox.inbox)[0]
    batch_docs = [read_file(f, opts, cache, pages, template) for f in batch.files]
    sub = next(s for s in batch.submissions if truths[s.key]["variant"] == "born_digital")
    docs = [read_file(f, opts, cache, pages, template) for f in sub.files]
    record = build_record(sub.key, batch.name, template.form, docs, batch_docs, template, 1.01)
    return batch, sub, docs, record


@pytest.mark.demo
def test_the_record_reads_back_as_stored(pipeline_record):
    record = pipeline_record[3]
    stored = json.loads(json.dumps(record, ensure_ascii=False))
    assert Record.from_json(stored).to_json() == stored == record
    assert {c.status for c in Record.from_json(stored).checks} <= {
        "pass",
        "fail",
        "unsure",
        "not_applicable",
    }


def rechecked(record: dict) -> dict:
    """What the review desk makes of a stored record: recheck on its JSON alone."""
    again = Record.from_json(json.loads(json.dumps(record)))
    recheck(again, again.form)
    return again.to_json()


@pytest.mark.demo
def test_recheck_from_the_stored_record_keeps_every_status(pipeline_record):
    """The evidence rules run again too: the review desk reads where each document is from
    the record, no longer from the pipeline's pages."""
    record = pipeline_record[3]
    again = rechecked(record)
    assert again["fields"] == record["fields"] and again["review"] == record["review"]
    assert [c["rule"] for c in again["checks"]] == [c["rule"] for c in record["checks"]]


@pytest.mark.demo
def test_recheck_from_the_stored_record_repeats_every_verdict(pipeline_record):
    record = pipeline_record[3]
    assert rechecked(record)["checks"] == record["checks"]


@pytest.mark.demo
def test_both_paths_recheck(pipeline_record, tmp_path, monkeypatch):
    batch, sub, docs, record = pipeline_record
    calls: list[str] = []

    def spy(rec, form, weigh=None):
        calls.append("pipeline" if weigh else "review")
        recheck(rec, form, weigh)

    monkeypatch.setattr(process, "recheck", spy)
    monkeypatch.setattr(edits, "recheck", spy)
    template = load_template(FORM)
    rebuilt = build_record(sub.key, batch.name, template.form, docs, [], template, 1.01)
    settings = load_settings(tmp_path / "home")
    ensure_dirs(settings)
    store.migrate(settings.db_url)
    store.save_submission(
        settings.db_url, batch.name, str(batch.path), sub.key, rebuilt, docs, None, None
    )
    with store.session(settings.db_url) as s:
        fv = s.exec(select(FieldValue).where(FieldValue.leaf == "credit_code")).one()
        outcome = edits.review(s, fv.id, "li", fv.version, None)
        stored = Record.from_json(s.exec(select(Submission)).one().record)
    assert calls == ["pipeline", "review"] and outcome.ok
    assert stored.fields["credit_code"].status == Status.CONFIRMED
    assert stored.fields["credit_code"].reviewed_by == "li"
    assert stored.review.corrected == 1 and stored.review.needs_review == stored.open_count()


def test_a_new_status_and_type_need_one_place():
    """Adding either is one line in its module: the lists that use them derive from there."""
    from extractors.normalize.base import REGISTRY
    from extractors.template import known_types

    assert known_types() == {*REGISTRY, "list"}
    assert Path(Status.__module__.replace(".", "/") + ".py").name == "record.py"
