"""The same flow on a Dask cluster (separate worker processes), storing into PostgreSQL when CI
provides one: the multi-machine set-up in miniature."""

import os
import shutil
from pathlib import Path

import pytest
from sqlmodel import select

from core.config import load_settings
from models import store
from models.tables import Document, Submission

pytestmark = [pytest.mark.demo, pytest.mark.prefect]


@pytest.fixture
def db_url(tmp_path, monkeypatch) -> str:
    pg = os.environ.get("JINGPIN_TEST_PG_URL")
    if pg:
        from sqlalchemy import text

        with store.engine(pg).begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    url = pg or f"sqlite:///{tmp_path / 'dask.db'}"
    monkeypatch.setenv("JINGPIN_DB_URL", url)  # before the cluster starts: its workers inherit it
    return url


def printed_inbox(small_inbox, root: Path) -> Path:
    """Two applicants' born-digital 申报表 (the demo's prints): real forms, read without OCR."""
    for pdf in sorted((small_inbox.truth / "printed").rglob("*.pdf")):
        folder = root / "inbox" / "十堰市-2024-07" / pdf.stem
        folder.mkdir(parents=True)
        shutil.copy(pdf, folder / "申报表.pdf")
    return root / "inbox"


def test_flow_runs_its_tasks_on_a_dask_cluster(tmp_path, small_inbox, prefect_harness, db_url):
    from distributed import Client, LocalCluster, get_task_stream

    from flows.process import process_inbox

    inbox = printed_inbox(small_inbox, tmp_path)
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
        get_task_stream(client) as stream,
    ):
        result = process_inbox(
            str(inbox), str(tmp_path / "home"), dask_address=cluster.scheduler_address
        )
    assert result["stats"]["submissions"] == 2
    ran = sorted(t["key"].rsplit("-", 1)[0] for t in stream.data)
    assert (
        ran == ["read_document_task"] * 2 + ["record_task"] * 2
    )  # on the cluster's worker processes
    settings = load_settings(tmp_path / "home")
    assert settings.db_url == db_url
    with store.session(db_url) as s:
        subs = list(s.exec(select(Submission)))
        assert {x.key.split("/")[1] for x in subs} == {
            p.stem for p in (small_inbox.truth / "printed").rglob("*.pdf")
        }
        assert all(x.record["fields"]["entity_name"]["value"] == x.key.split("/")[1] for x in subs)
        assert len(s.exec(select(Document)).all()) == 2
