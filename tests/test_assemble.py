"""From evidence to a record entry: nothing read is not a blank, invalid goes to review."""

from extractors.locate import Evidence
from extractors.template import load_template
from jingpin.demo import FORM
from pipeline.assemble import field_record

SPECS = load_template(FORM).catalogue["application"]


def entry(raw, leaf="contact_name", **kw):
    ev = Evidence(leaf, raw, 1, (0, 0, 10, 10), 1.0, 0.999, True, 1.0, **kw)  # a sure reading
    return field_record(ev, SPECS, 0, None)[leaf]


def test_nothing_read_goes_to_review_but_a_written_blank_does_not():
    nothing = entry("")
    assert (nothing["value"], nothing["status"], nothing["method"]) == (
        None,
        "needs_review",
        "nothing_read",
    )
    blank = entry("/")
    assert (blank["value"], blank["status"], blank["method"]) == (None, "auto_accepted", "empty")


def test_invalid_value_goes_to_review_whatever_its_confidence():
    bad = entry("91110000600037341K", leaf="credit_code")
    assert bad["status"] == "needs_review" and bad["valid"] is False


def test_good_value_is_accepted_with_its_evidence_kept():
    good = entry("李静")
    assert good["status"] == "auto_accepted" and good["evidence"] == {
        "label": 1.0,
        "ocr": 0.999,
        "structure": 1.0,
    }
    assert 0.9 < good["confidence"] <= 1.0


def test_not_found_is_missing():
    ev = Evidence("contact_name", None, found=False)
    assert field_record(ev, SPECS, 0, None)["contact_name"]["status"] == "missing"
