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
    from flows.env import configure_prefect
    from jingpin.config import load_settings

    configure_prefect(load_settings(home))
    os.environ["PREFECT_HOME"] = str(home / "prefect")
    return home


@pytest.fixture(scope="session")
def prefect_harness(prefect_home):
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield
