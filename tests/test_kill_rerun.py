"""SIGKILL in the middle of a batch, then a rerun: the same records as an uninterrupted run,
no duplicates, no gaps, and the killed run shows as unfinished in `jingpin status`."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlmodel import func, select

from core.config import load_settings
from models import store
from models.tables import Check, Document, FieldValue, Page, Run, Submission

pytestmark = [pytest.mark.demo, pytest.mark.prefect, pytest.mark.ocr]
TABLES = (Submission, Document, Page, FieldValue, Check)


def build_inbox(small_inbox, root: Path) -> Path:
    """Three batches × two applicants of born-digital forms: enough work to be killed halfway."""
    for city in ("黄石市", "十堰市", "鄂州市"):
        for pdf in sorted((small_inbox.truth / "printed").rglob("*.pdf")):
            folder = root / f"{city}-2024-07" / pdf.stem
            folder.mkdir(parents=True)
            shutil.copy(pdf, folder / "申报表.pdf")
    return root


def jingpin(home: Path, *args: str, **kw) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "JINGPIN_"))}
    env.update(JINGPIN_HOME=str(home), JINGPIN_WORKERS="1")
    return subprocess.Popen(
        [sys.executable, "-m", "jingpin.cli", *args, "--home", str(home)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        **kw,
    )


def counts(url: str) -> dict:
    with store.session(url) as s:
        return {t.__name__: s.exec(select(func.count()).select_from(t)).one() for t in TABLES}


def records(url: str) -> dict:
    with store.session(url) as s:
        return {x.key: x.record for x in s.exec(select(Submission))}


def stored_submissions(url: str) -> int:
    try:
        with store.session(url) as s:
            return s.exec(select(func.count()).select_from(Submission)).one()
    except Exception:  # the database is not created yet
        return 0


def test_kill_mid_batch_then_rerun_equals_uninterrupted(
    tmp_path, small_inbox, prefect_home, prefect_harness
):
    from flows.process import process_inbox

    inbox = build_inbox(small_inbox, tmp_path / "inbox")
    reference = load_settings(tmp_path / "ref")
    process_inbox(str(inbox), str(reference.home))

    home = tmp_path / "killed"
    killed = load_settings(home)
    proc = jingpin(home, "run", str(inbox))
    end = time.monotonic() + 300
    while stored_submissions(killed.db_url) < 2 and proc.poll() is None and time.monotonic() < end:
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = stored_submissions(killed.db_url)
    assert 2 <= partial < 6, f"the kill should land mid-batch ({partial} of 6 stored)"

    rerun = jingpin(home, "run", str(inbox))
    out = rerun.communicate(timeout=600)[0].decode(errors="replace")
    assert rerun.returncode == 0, out
    assert f"{6 - partial} submissions ({partial} unchanged, skipped" in out.replace("\n", " ")
    assert counts(killed.db_url) == counts(reference.db_url)
    assert records(killed.db_url) == records(reference.db_url)
    with store.session(killed.db_url) as s:
        assert [r.status for r in s.exec(select(Run).order_by(Run.id))] == ["running", "done"]

    status = jingpin(home, "status").communicate(timeout=120)[0].decode(errors="replace")
    assert "did not finish" in status.replace("\n", " ") or "未完成" in status
