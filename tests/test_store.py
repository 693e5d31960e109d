"""The store on real SQLite and, where CI provides one, real PostgreSQL."""

import copy
import os

import pytest
from sqlmodel import select

from models import store
from models.tables import Check, Correction, FieldValue, Submission


def record(value: str) -> dict:
    return {
        "fields": {
            "credit_code": {
                "value": value,
                "raw": value,
                "confidence": 0.95,
                "status": "auto_accepted",
                "source": 0,
                "page": 3,
                "bbox": [1, 2, 3, 4],
            }
        },
        "checks": [{"rule": "credit_code.checksum", "status": "pass", "fields": ["credit_code"]}],
    }


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'j.db'}"
    pg = os.environ.get("JINGPIN_TEST_PG_URL")
    if not pg:
        pytest.skip("JINGPIN_TEST_PG_URL not set (.ci/run starts a PostgreSQL server)")
    from sqlalchemy import text

    eng = store.engine(pg)
    with eng.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    return pg


def save(url: str, rec: dict) -> None:
    """``rec`` as the reading of the one submission "b/a", as the pipeline saves it."""
    with store.session(url) as s, s.begin():
        batch = store.upsert_batch(s, "b", "/b")
        store.save_record(s, store.upsert_submission(s, "b/a", batch.id), rec)


def test_migrate_is_repeatable_and_writes_are_idempotent(url):
    store.migrate(url)
    store.migrate(url)
    for value in ("91110000600037341L", "91110000600037341L"):
        with store.session(url) as s, s.begin():
            batch = store.upsert_batch(s, "武汉市-2024-07", "/in/武汉市-2024-07")
            sub = store.upsert_submission(s, "武汉市-2024-07/甲公司", batch.id)
            store.save_record(s, sub, record(value))
    with store.session(url) as s:
        assert len(s.exec(select(Submission)).all()) == 1
        assert [f.value for f in s.exec(select(FieldValue))] == ["91110000600037341L"]


def test_reviewed_leaf_survives_reprocessing(url):
    """A reviewer's decision is in the record; a new reading keeps it, and its rows follow."""
    store.migrate(url)
    save(url, record("WRONG"))
    with store.session(url) as s, s.begin():
        sub = s.exec(select(Submission)).one()
        reviewed = copy.deepcopy(sub.record)
        reviewed["fields"]["credit_code"].update(
            value="91110000600037341L", status="corrected", reviewed_by="li"
        )
        reviewed["fields"]["trademark"] = {**reviewed["fields"]["credit_code"], "value": "精工牌"}
        sub.record = reviewed
        store.sync_rows(s, sub)
        gone = s.exec(select(FieldValue).where(FieldValue.leaf == "trademark")).one()
        s.add(Correction(field_id=gone.id, reviewer="li", old_value=None, new_value="精工牌"))
    save(url, record("WRONG"))  # read again: no trademark this time
    with store.session(url) as s:
        sub = s.exec(select(Submission)).one()
        rows = {r.leaf: (r.value, r.status) for r in s.exec(select(FieldValue))}
        assert store.stored_rows(s, sub.id) == store.derived_rows(s, sub)
    assert rows == {
        "credit_code": ("91110000600037341L", "corrected"),
        "trademark": ("精工牌", "corrected"),
    }
    assert sub.record["fields"]["credit_code"]["reviewed_by"] == "li"


def test_rows_follow_the_record_and_a_changed_row_gets_a_new_version(url):
    store.migrate(url)
    save(url, record("91110000600037341L"))
    changed = record("91110000600037341L")
    changed["fields"]["credit_code"]["status"] = "needs_review"
    changed["checks"] = [{"rule": "entity_name.summary", "status": "fail", "fields": []}]
    save(url, changed)
    with store.session(url) as s:
        sub = s.exec(select(Submission)).one()
        row = s.exec(select(FieldValue)).one()
        assert (row.status, row.version) == ("needs_review", 2)
        assert [c.rule for c in s.exec(select(Check))] == ["entity_name.summary"]
        assert store.stored_rows(s, sub.id) == store.derived_rows(s, sub)


def test_migration_writes_reviewed_rows_the_record_lacks_into_it(url):
    """Stores from before the record was the one truth: a reviewed row that reprocessing kept
    outside the record goes into it, so deriving the rows keeps it (and its corrections)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(store.MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url)
    with store.engine(url).begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0005")
    with store.session(url) as s, s.begin():
        batch = store.upsert_batch(s, "b", "/b")
        sub = store.upsert_submission(s, "b/a", batch.id)
        sub.record = {"sources": [], **record("91110000600037341L")}
        s.add(sub)
        s.flush()
        store.sync_rows(s, sub)
        s.add(
            FieldValue(submission_id=sub.id, leaf="trademark", value="精工牌", status="corrected")
        )
    store.migrate(url)
    with store.session(url) as s, s.begin():
        sub = s.exec(select(Submission)).one()
        assert sub.record["fields"]["trademark"]["value"] == "精工牌"
        store.sync_rows(s, sub)
    with store.session(url) as s:
        assert {r.leaf for r in s.exec(select(FieldValue))} == {"credit_code", "trademark"}
