"""Test tiers, and shared fixtures: small real demo inboxes (printed, stamped, scanned) built once
per session, and one printed applicant for the fast tier.

The fast tier is every test without ``slow``: ``pytest -m "not slow"``, the command to run while
working. A test that needs something heavy says what with a marker (``ocr``, ``demo``,
``prefect``, ``browser``, ``postgres``, ``libreoffice``; pyproject.toml lists them), and each of
those makes it ``slow``. The tiers are enforced: a test that takes a demo-inbox or Prefect
fixture without its marker stops the collection, and a fast test that loads a real OCR model or
builds a demo inbox fails, naming the marker it lacks. (Built-in engines are cached per process:
in a full run a slow test may have loaded one already, so the OCR wire is sure to trip in the
fast run, the one it protects.)
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass
from pathlib import Path

import pytest

from jingpin.demo import FORM
from jingpin.demo import inbox as demo_inbox
from pipeline.ocr.paddle import PaddleEngine
from pipeline.ocr.rapid import RapidEngine

NEEDS = ("ocr", "demo", "prefect", "browser", "postgres", "libreoffice")
"""Markers that take a test out of the fast tier, each for what it needs."""

FIXTURE_NEEDS = {"small_inbox": "demo", "three_cities": "demo", "prefect_harness": "prefect"}
"""Fixtures a test may use only with the marker of what they need."""

IN_FAST_TEST = pytest.StashKey[bool]()

pytest_plugins = ["pytester"]  # tests/test_tiers.py runs these guards on files of its own


@pytest.hookimpl(tryfirst=True)  # before ``-m`` selects on ``slow``
def pytest_collection_modifyitems(config, items):
    unmarked = []
    for item in items:
        marks = {m.name for m in item.iter_markers()}
        needed = {FIXTURE_NEEDS[f] for f in item.fixturenames if f in FIXTURE_NEEDS}
        unmarked += [f"{item.nodeid}: mark it {n}" for n in sorted(needed - marks)]
        if marks & set(NEEDS):
            item.add_marker(pytest.mark.slow)
    if unmarked:
        raise pytest.UsageError(
            "tests using a fixture outside the fast tier without its marker:\n  "
            + "\n  ".join(unmarked)
        )


def pytest_configure(config):
    """Trip wires: in a fast test, loading an OCR model or building a demo inbox fails."""
    config.stash[IN_FAST_TEST] = False
    wires = pytest.MonkeyPatch()
    config.add_cleanup(wires.undo)

    def refused(what: str, marker: str, real):
        def guarded(*args, **kwargs):
            if config.stash[IN_FAST_TEST]:
                pytest.fail(
                    f"a fast test {what}: mark it @pytest.mark.{marker} (tests/conftest.py)",
                    pytrace=False,
                )
            return real(*args, **kwargs)

        return guarded

    for engine in (RapidEngine, PaddleEngine):
        wires.setattr(engine, "__init__", refused("loads an OCR model", "ocr", engine.__init__))
    wires.setattr(
        demo_inbox,
        "build_inbox",
        refused("builds a demo inbox", "demo", demo_inbox.build_inbox),
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    item.config.stash[IN_FAST_TEST] = item.get_closest_marker("slow") is None
    try:
        yield
    finally:
        item.config.stash[IN_FAST_TEST] = False


@pytest.fixture(scope="session")
def small_inbox(tmp_path_factory) -> demo_inbox.DemoInbox:
    """One city, two applicants: a born-digital form with Word version, a clean scan with declaration."""
    return demo_inbox.build_inbox(tmp_path_factory.mktemp("demo"), seed=11, cities=1, per_city=2)


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
def three_cities(tmp_path_factory) -> demo_inbox.DemoInbox:
    """Three cities (武汉, 黄石, 十堰), one applicant each: born-digital, clean scan, stamped scan."""
    return demo_inbox.build_inbox(tmp_path_factory.mktemp("demo3"), seed=11, cities=3, per_city=1)


def store_of(inbox: demo_inbox.DemoInbox, home: Path, cache: Path):
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
            load_template(FORM),
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


@dataclass(frozen=True)
class PrintedApplicant:
    inbox: Path
    key: str  # batch/applicant, as ingest names the submission
    truth: dict  # as the demo's truth files: {"leaves": ...}


@pytest.fixture(scope="session")
def printed_applicant(tmp_path_factory) -> PrintedApplicant:
    """A fast-tier inbox: one applicant's born-digital 申报表 (text layer, seals as images) with
    its Word version, and the city's summary table as .xlsx naming another product (a planted
    discrepancy, so a check fails). Nothing in it needs OCR."""
    from jingpin.demo import printer, values, word
    from jingpin.demo.seal import seal_image

    rng = random.Random(11)
    city, regulator = "武汉市", "武汉市市场监督管理局"
    a = values.make_applicant(rng, city)
    values.add_summary(a, 1)
    values.plant(a, rng, "summary_product")
    batch = tmp_path_factory.mktemp("printed") / "inbox" / f"{city}-2024-07"
    folder = batch / a.leaves["entity_name"]
    folder.mkdir(parents=True)
    marks = printer.Marks(printer.TICK_STYLES[0])
    seals = {
        "applicant": seal_image(a.leaves["entity_name"], rng),
        "city": seal_image(regulator, rng) if a.leaves["city_recommendation_sealed"] else None,
    }
    printer.build_pdf(printer.application_story(a, marks, seals), folder / "申报表.pdf")
    word.write_docx(a, marks, folder / "申报表.docx")
    demo_inbox.summary_xlsx(regulator, [a], batch / "推荐汇总表.xlsx")
    return PrintedApplicant(
        batch.parent,
        f"{batch.name}/{folder.name}",
        {"leaves": demo_inbox.normalized_truth(a.leaves), "planted": a.planted},
    )
