import random
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors import identifiers
from extractors.normalize import normalize
from extractors.normalize.codes import norm_uscc
from extractors.normalize.patents import norm_patent
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
        damaged = code[:i] + "O" + code[i + 1 :]
        assert norm_uscc(damaged).value == code


@given(st.integers(min_value=0, max_value=2**31))
def test_generated_patents_round_trip(seed):
    number = patent_number(random.Random(seed))
    assert identifiers.is_valid_cn_application(number)
    spaced = f"{number[2:6]} {number[6]} {number[7:]}"
    assert norm_patent(spaced).value == number


OCR_DAMAGE = {"0": "OD", "1": "IL", "2": "Z", "5": "S", "8": "B", "6": "G"}


def candidates(damaged: str, is_valid) -> set[str]:
    """Every single-character way of undoing the damage, by brute force: the oracle for ``repair``."""
    return {
        damaged[:i] + sub + damaged[i + 1 :]
        for i, c in enumerate(damaged)
        for sub in identifiers.CONFUSIONS.get(c, "")
        if is_valid(damaged[:i] + sub + damaged[i + 1 :])
    }


@given(st.integers(min_value=0, max_value=2**31))
def test_repair_accepts_exactly_one_single_edit_candidate(seed):
    rng = random.Random(seed)
    code = uscc(rng, "420100")
    spots = [i for i, c in enumerate(code) if c in OCR_DAMAGE]
    if not spots:
        return
    i = rng.choice(spots)
    damaged = code[:i] + rng.choice(OCR_DAMAGE[code[i]]) + code[i + 1 :]
    if identifiers.is_valid_uscc(damaged):
        return  # the damage produced another valid code: nothing to repair
    oracle = candidates(damaged, identifiers.is_valid_uscc)
    fixed = identifiers.repair(damaged, identifiers.is_valid_uscc, max_edits=1)
    assert (fixed.method == "repaired") == (len(oracle) == 1)
    if fixed.method == "repaired":
        assert fixed.value == code


def test_ambiguous_damage_is_refused_on_a_real_code():
    # Search generated codes for a damage two checksums accept; repair must refuse it.
    rng = random.Random(5)
    for _ in range(20000):
        code = uscc(rng, "420100")
        twos = [i for i, c in enumerate(code[:17]) if c in "01"]
        if len(twos) < 2:
            continue
        i, j = twos[:2]
        # D and L are in the code's alphabet, so nothing forces them back to digits.
        damaged = "".join(
            "L" if k in (i, j) and c == "1" else "D" if k in (i, j) else c
            for k, c in enumerate(code)
        )
        found = identifiers.repair(damaged, identifiers.is_valid_uscc)
        if found.candidates > 1:
            assert found.method == "invalid" and found.value == damaged
            assert norm_uscc(damaged).valid is False
            return
    raise AssertionError("no ambiguous damage found")


def test_patent_forms():
    assert norm_patent("201080063196.9").value == "ZL201080063196.9"
    assert norm_patent("CN201080063196.9").value == "ZL201080063196.9"
    assert norm_patent("ZL 2010 8 0063196 9").value == "ZL201080063196.9"
    assert norm_patent("ZL201080063196.8").method == "invalid"
    eight = "89100002"
    assert norm_patent(f"{eight}.{identifiers.patent_check_digit(eight)}").valid
    assert norm_patent("CN112345678B").value == "CN112345678B"
    assert norm_patent("EP 3 456 789 B1").value == "EP3456789B1"
    assert norm_patent("WO 2020/123456 A1").value == "WO2020/123456A1"
    assert not norm_patent("一种装置").valid


def test_without_repair_the_damage_shows():
    assert norm_uscc("9111OOOO600037341L", repair=False).method == "invalid"
    assert norm_patent("ZL2O1080063196.9", repair=False).method == "invalid"


@given(
    st.sampled_from(
        [
            "GB/T",
            "GB",
            "GB/Z",
            "JB/T",
            "QB/T",
            "HG/T",
            "YY/T",
            "SJ/T",
            "GA/T",
            "NY/T",
            "SN/T",
            "FZ/T",
            "YB/T",
            "JC/T",
            "JG/T",
            "DB42/T",
            "DB11",
            "T/HBAS",
            "Q/WHJC",
        ]
    ),
    st.integers(min_value=1, max_value=40000),
    st.integers(min_value=1960, max_value=2024),
    st.sampled_from(["-", "—", "－", " - "]),
    st.booleans(),
)
def test_standards_round_trip(code, number, year, dash, spaced):
    expected = f"{code} {number}-{year}"
    written = f"{code}{' ' if spaced else ''}{number}{dash}{year}"
    assert normalize("standard", f"《某产品技术条件》{written}").value == expected
    assert normalize("standard", written.lower()).value == expected


def test_standard_validation():
    assert normalize("standard", "XX/T 1234-2010").valid is False  # unknown industry code
    assert normalize("standard", "GB/T 1234-2099").valid is False  # implausible year
    assert normalize("standard", "GB 8918-88").value == "GB 8918-88"
    assert normalize("standard", "IS0 9001:2015").value == "ISO 9001:2015"


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("2020010201234567", "ccc"),
        ("00122Q31234R2M", "mgmt"),
        ("01021E20345R1L", "mgmt"),
        ("CQC19001234567", "cqc"),
        ("201519125678", "cma"),
        ("CNAS L1234", "cnas"),
        ("PJ1234567", "other"),
    ],
)
def test_certificate_kinds(raw, kind):
    result = normalize("cert", raw)
    assert result.value == raw.replace(" ", "") and result.extra["kind"] == kind


def test_industry_name_must_match_its_code():
    assert normalize("industry", "C3811 发电机及发电机组制造").valid
    wrong = normalize("industry", "3811 乳制品制造")
    assert (
        wrong.value == "C3811" and not wrong.valid and wrong.extra["written_name"] == "乳制品制造"
    )
