import random
import string

from hypothesis import given
from hypothesis import strategies as st

from extractors import identifiers
from extractors.normalize import norm_patent, norm_uscc
from jingpin.demo.values import patent_number, uscc


def test_worked_examples():
    assert identifiers.is_valid_uscc("91110000600037341L")
    assert identifiers.org_code_valid("91110000600037341L")
    assert identifiers.is_valid_cn_application("201080063196.9")
    assert not identifiers.is_valid_uscc("91110000600037341K")
    assert not identifiers.is_valid_cn_application("201080063196.8")


def test_check_digit_ten_is_x():
    # find a 12-digit body whose check is 10 and confirm it is written X
    rng = random.Random(3)
    for _ in range(1000):
        body = "".join(rng.choice(string.digits) for _ in range(12))
        if identifiers.patent_check_digit(body) == "X":
            assert identifiers.is_valid_cn_application(f"ZL{body}.X")
            return
    raise AssertionError("no X check digit in 1000 tries")


def test_repair_accepted_when_unique():
    # O for 0 in the organisation code part; the alphabet has no O, so only 0 fits
    fixed = norm_uscc("9111OOOO600037341L")
    assert (fixed.value, fixed.method, fixed.valid) == ("91110000600037341L", "repaired", True)
    damaged = norm_patent("ZL2O1080063196.9")
    assert damaged.value == "ZL201080063196.9" and damaged.method == "repaired"


def test_unrepairable_code_kept_as_read():
    result = norm_uscc("91110000600037341K")
    assert (result.value, result.method, result.valid) == ("91110000600037341K", "invalid", False)


def test_two_valid_candidates_means_no_repair():
    both = identifiers.repair("AI0", lambda s: s in {"A10", "AL0"})
    assert both.method == "invalid" and both.candidates == 2 and both.value == "AI0"


@given(st.integers(min_value=0, max_value=2**31))
def test_generated_codes_validate_and_survive_one_confusion(seed):
    rng = random.Random(seed)
    code = uscc(rng, "420100")
    assert identifiers.is_valid_uscc(code) and identifiers.org_code_valid(code)
    digits = [i for i, c in enumerate(code) if c == "0"]
    if digits:
        i = rng.choice(digits)
        damaged = code[:i] + "O" + code[i + 1:]
        assert norm_uscc(damaged).value == code


@given(st.integers(min_value=0, max_value=2**31))
def test_generated_patents_round_trip(seed):
    number = patent_number(random.Random(seed))
    assert identifiers.is_valid_cn_application(number)
    spaced = f"{number[2:6]} {number[6]} {number[7:]}"
    assert norm_patent(spaced).value == number
