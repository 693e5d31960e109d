"""One settings object: where each value comes from, and how it reaches a Prefect task."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.config import Settings, SettingsError, load_settings
from flows.process import read_document_task


def _toml(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_toml_then_inbox_then_env_then_explicit(tmp_path):
    project = _toml(
        tmp_path / "project.toml",
        "[reading]\ndpi = 200\nmax_side = 1500\n[schedule]\npoll_seconds = 3\nsettle_seconds = 30\n"
        "[learning]\nrefit_after_reviews = 50\n[deadlines]\ndefault = 2024-07-15\n",
    )
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _toml(
        inbox / "jingpin.toml",
        '[schedule]\nsettle_seconds = 20\n[deadlines]\n"武汉市" = "2024-07-10"\n',
    )
    env = {"JINGPIN_CONFIG": str(project), "JINGPIN_DPI": "250", "JINGPIN_WORKERS": "3"}
    s = load_settings(tmp_path / "home", inbox=inbox, environ=env, reading={"max_side": 0})
    assert s.reading.dpi == 250  # env over toml
    assert s.reading.max_side is None  # explicit over toml; 0 means no limit
    assert s.schedule.settle_seconds == 20  # the inbox's file over the project's
    assert s.schedule.poll_seconds == 3
    assert s.schedule.timezone == "Asia/Shanghai"  # the default
    assert s.review.refit_after_reviews == 50  # the older [learning] section still counts
    assert dict(s.deadlines) == {"default": "2024-07-15", "武汉市": "2024-07-10"}
    assert s.workers.documents == 3
    assert s.home == (tmp_path / "home").resolve()
    assert s.db_url == f"sqlite:///{s.home / 'jingpin.db'}"


def test_every_documented_variable_is_read(tmp_path):
    env = {
        "JINGPIN_CONFIG": str(tmp_path / "none.toml"),
        "JINGPIN_HOME": str(tmp_path / "h"),
        "JINGPIN_DB_URL": "postgresql+psycopg://u@db/j",
        "JINGPIN_DPI": "200",
        "JINGPIN_MAX_SIDE": "1800",
        "JINGPIN_OCR_ENGINE": "paddleocr",
        "JINGPIN_DET_LIMIT": "0",
        "JINGPIN_WORKERS": "1",
        "JINGPIN_REVIEW_THRESHOLD": "0.7",
        "JINGPIN_KEEP_WORK": str(tmp_path / "work"),
        "JINGPIN_PADDLE_MODELS": str(tmp_path / "models"),
    }
    s = load_settings(environ=env)
    assert (s.home, s.db_url) == ((tmp_path / "h").resolve(), "postgresql+psycopg://u@db/j")
    assert (s.reading.dpi, s.reading.max_side, s.reading.ocr_engine) == (200, 1800, "paddleocr")
    assert s.reading.det_limit is None and s.workers.documents == 1
    assert s.review_threshold == 0.7
    assert s.reading.keep_work == (tmp_path / "work").resolve()
    assert s.paths.paddle_models == (tmp_path / "models").resolve()


def test_a_misspelt_key_is_refused_with_its_file(tmp_path):
    bad = _toml(tmp_path / "bad.toml", "[schedule]\nnightly_cron = '0 3 * * *'\n")
    with pytest.raises(SettingsError, match=r"bad\.toml.*\[schedule\] has no nightly_cron"):
        load_settings(environ={"JINGPIN_CONFIG": str(bad)})


def test_settings_round_trip_to_a_task(tmp_path, monkeypatch):
    s = load_settings(
        tmp_path, environ={"JINGPIN_CONFIG": str(tmp_path / "none.toml")}, reading={"dpi": 150}
    )
    data = json.loads(json.dumps(s.to_dict()))  # what a flow run's parameters go through
    assert Settings.from_dict(data) == s
    seen = []
    monkeypatch.setattr(
        "flows.process.read_file", lambda f, opts, *rest: seen.append(opts) or _Doc()
    )
    monkeypatch.setattr("flows.process.report", lambda *a: None)
    read_document_task.fn(_File(), Settings.from_dict(data))
    assert seen[0].dpi == 150 and seen[0].page_workers == s.workers.page_threads


class _File:
    problem, pages, media, rel = None, 1, "pdf", "a.pdf"


class _Doc:
    error = None


POISON = {
    "JINGPIN_HOME": "\0not a path",
    "JINGPIN_WORKERS": "many",
    "JINGPIN_DPI": "high",
    "JINGPIN_CONFIG": "/nonexistent/\0",
    "JINGPIN_DET_LIMIT": "x",
}


def test_importing_reads_no_environment():
    """Every module imports under nonsense variables: nothing reads them until asked."""
    code = (
        "import importlib, pkgutil\n"
        "for pkg in ('core', 'extractors', 'pipeline', 'models', 'flows', 'review', 'jingpin'):\n"
        "    root = importlib.import_module(pkg)\n"
        "    for m in pkgutil.walk_packages(root.__path__, pkg + '.'):\n"
        "        if 'migrations' not in m.name and not m.name.startswith('pipeline.ocr.'):\n"
        "            importlib.import_module(m.name)\n"
        "from core.config import load_settings\n"
        "try:\n"
        "    load_settings()\n"
        "except Exception as exc:\n"
        "    print('read when asked:', type(exc).__name__)\n"
    )
    env = {**os.environ, **{k: v.replace("\0", "") for k, v in POISON.items()}}
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[1],
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "read when asked: SettingsError" in done.stdout
