"""The fast tier stays fast: its guards, run on small test files of their own (pytester)."""

from pathlib import Path

import pytest

CONFTEST = (Path(__file__).parent / "conftest.py").read_text(encoding="utf-8")


@pytest.fixture
def tiers(pytester):
    pytester.makeconftest(CONFTEST)
    return pytester


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            # a configuration no other test loads, so no cached engine hides the load
            "from pipeline.ocr import get_engine\n\ndef test_reads():\n"
            "    get_engine('ppocr', 3, 123)\n",
            "a fast test loads an OCR model: mark it @pytest.mark.ocr",
        ),
        (
            "from jingpin.demo.inbox import build_inbox\n\ndef test_builds(tmp_path):\n"
            "    build_inbox(tmp_path, cities=1, per_city=1)\n",
            "a fast test builds a demo inbox: mark it @pytest.mark.demo",
        ),
    ],
    ids=["ocr", "demo"],
)
def test_a_fast_test_that_needs_more_fails_naming_the_marker(tiers, body, message):
    tiers.makepyfile(body)
    result = tiers.runpytest("-m", "not slow")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([f"*{message}*"])


def test_a_demo_fixture_without_its_marker_stops_the_collection(tiers):
    tiers.makepyfile(
        """
        def test_uses(small_inbox):
            pass
        """
    )
    result = tiers.runpytest()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*test_uses: mark it demo*"])


def test_a_marker_of_what_a_test_needs_makes_it_slow(tiers):
    tiers.makepyfile(
        """
        import pytest

        @pytest.mark.browser
        def test_heavy():
            pass

        def test_light():
            pass
        """
    )
    result = tiers.runpytest("-m", "not slow", "-v")
    result.assert_outcomes(passed=1, deselected=1)
    result.stdout.fnmatch_lines(["*test_light PASSED*"])
