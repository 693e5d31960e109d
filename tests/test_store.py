"""The store on real SQLite and, where CI provides one, real PostgreSQL."""

import os

import pytest
from sqlmodel import select

from models import store
from models.tables import FieldValue, Submission


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


def test_migrate_is_repeatable_and_writes_are_idempotent(url):
    store.migrate(url)
    store.migrate(url)
    for value in ("91110000600037341L", "91110000600037341L"):
        with store.session(url) as s, s.begin():
            batch = store.upsert_batch(s, "武汉市-2024-07", "/in/武汉市-2024-07")
            sub = store.upsert_submission(s, "武汉市-2024-07/甲公司", batch.id)
            store.save_record(s, sub, record(value), [None])
    with store.session(url) as s:
        assert len(s.exec(select(Submission)).all()) == 1
        assert [f.value for f in s.exec(select(FieldValue))] == ["91110000600037341L"]


def test_reviewed_leaf_survives_reprocessing(url):
    store.migrate(url)
    with store.session(url) as s, s.begin():
        batch = store.upsert_batch(s, "b", "/b")
        sub = store.upsert_submission(s, "b/a", batch.id)
        store.save_record(s, sub, record("WRONG"), [None])
    with store.session(url) as s, s.begin():
        row = s.exec(select(FieldValue)).one()
        row.value, row.status = "91110000600037341L", "corrected"
        s.add(row)
    with store.session(url) as s, s.begin():
        sub = s.exec(select(Submission)).one()
        store.save_record(s, sub, record("WRONG"), [None])
    with store.session(url) as s:
        row = s.exec(select(FieldValue)).one()
        assert (row.value, row.status) == ("91110000600037341L", "corrected")
