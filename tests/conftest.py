"""Shared fixtures: a small real demo inbox (printed, stamped, scanned) built once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from jingpin.demo.inbox import DemoInbox, build_inbox


@pytest.fixture(scope="session")
def small_inbox(tmp_path_factory) -> DemoInbox:
    """One city, two applicants: a born-digital form with Word version, a clean scan with declaration."""
    return build_inbox(tmp_path_factory.mktemp("demo"), seed=11, cities=1, per_city=2)


@pytest.fixture(scope="session")
def prefect_home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("jingpin-home")
    from core.config import load_settings
    from flows.env import configure_prefect

    configure_prefect(load_settings(home))
    os.environ["PREFECT_HOME"] = str(home / "prefect")
    return home


@pytest.fixture(scope="session")
def prefect_harness(prefect_home):
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture(scope="session")
def three_cities(tmp_path_factory) -> DemoInbox:
    """Three cities (武汉, 黄石, 十堰), one applicant each: born-digital, clean scan, stamped scan."""
    return build_inbox(tmp_path_factory.mktemp("demo3"), seed=11, cities=3, per_city=1)


def store_of(inbox: DemoInbox, home: Path, cache: Path):
    """``inbox`` read by the real stages (the fake engine for scans) into a fresh store at ``home``."""
    from core.config import ensure_dirs, load_settings
    from extractors.template import load_template
    from models import store
    from pipeline.process import process_directly
    from pipeline.read import ReadOptions
    from tests.plugins.fake_ocr import plugged_in

    settings = load_settings(home)
    ensure_dirs(settings)
    store.migrate(settings.db_url)
    with plugged_in(sorted((inbox.truth / "printed").rglob("*.pdf"))):
        done = process_directly(
            inbox.inbox,
            ReadOptions(engine="fake", threads=2),
            cache,
            settings.pages_dir,
            load_template(),
            None,
        )
    for key, docs, record in done:
        batch = record["batch"]
        store.save_submission(
            settings.db_url, batch, str(inbox.inbox / batch), key, record, docs, None, None
        )
    return settings


@pytest.fixture(scope="session")
def make_store():
    """``make_store(inbox, home, cache)``: a fresh store of ``inbox`` at ``home``; returns its settings."""
    return store_of
