"""The fixtures' scorer judges values as the samples' scorer does."""

import pytest

from jingpin.demo.score import same


@pytest.mark.parametrize(
    ("truth", "value", "equal"),
    [
        ("张芳 质量部经理", "张芳质量部经理", True),  # a space beside CJK: OCR adds and loses it
        ("GB/T 19001-2016", "GB/T19001-2016", False),  # between Latin letters and digits it counts
        ("ISO  9001", "ISO 9001", True),  # collapsed
        ("报道。", "报道", False),  # punctuation counts
        (12.5, 12.5000000001, True),
        (["国家级"], ["国家级"], True),
        (None, "", False),
    ],
)
def test_values_equal_as_the_samples_scorer_judges(truth, value, equal):
    assert same(truth, value) is equal
