"""bench.calibration on records already exported: bins, the 2-point test, routing per family."""

import json

import pytest

from bench import calibration as bench
from bench.calibration import Scored


def scored(confidence, correct, family="text", status="auto_accepted"):
    return Scored("s", "leaf", family, confidence, status, correct)


def test_reliability_bins_and_the_two_point_test():
    fields = [scored(0.992, True)] * 98 + [scored(0.992, False)] * 2
    fields += [scored(0.96, True)] * 40 + [scored(0.96, False)] * 20  # 0.667 right at 0.96
    rows = bench.reliability(fields)
    assert [(label, n) for label, n, _, _ in rows] == [
        ("[0.950, 0.970)", 60),
        ("[0.990, 0.995)", 100),
    ]
    assert not bench.honest(rows)  # 60 fields, 29 points over-confident
    assert bench.honest(rows, min_bin=61)  # only the top bin is judged: 0.98 vs 0.992
    assert bench.reliability([scored(1.0, True)])[0][0] == "[0.995, 1.000]"


def test_routing_per_family():
    fields = [
        scored(0.99, True, "identifier"),
        scored(0.99, False, "identifier"),
        scored(0.5, False, "identifier", "needs_review"),
        scored(0.99, True, "tick"),
    ]
    got = bench.routing(fields)
    assert got["identifier"] == (3, pytest.approx(1 / 3), 0.5, 1)
    assert got["tick"] == (1, 0.0, 1.0, 0)
    assert got["all"][0] == 4 and got["all"][3] == 1
    assert "number" not in got


def test_a_records_file_is_scored_against_a_fixture_truth(tmp_path):
    truth = tmp_path / "truth"
    truth.mkdir()
    (truth / "a.json").write_text(
        json.dumps(
            {
                "submission_id": "b/a",
                "variant": "clean",
                "leaves": {"credit_code": "X", "tc_name": "甲"},
            }
        ),
        encoding="utf-8",
    )
    record = {
        "submission_id": "b/a",
        "fields": {
            "credit_code": {"value": "X", "confidence": 0.99, "status": "auto_accepted"},
            "tc_name": {"value": "乙", "confidence": 0.97, "status": "auto_accepted"},
        },
    }
    records = tmp_path / "records.jsonl"
    records.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    got = {s.leaf: s for s in bench.scored_run(records, truth)}
    assert got["credit_code"].correct and got["credit_code"].family == "identifier"
    assert not got["tc_name"].correct and got["tc_name"].family == "text"


def checked(sid, **statuses):
    return {"submission_id": sid, "checks": [{"rule": r, "status": s} for r, s in statuses.items()]}


def test_planted_recall_and_the_clean_submissions_false_alarms():
    plant = {"kind": "summary_standard", "rule": "agree.executed_standard", "fields": []}
    seal = {"kind": "no_city_seal", "rule": "seal.city_recommendation", "fields": []}
    truths = {
        "b/caught": {"planted": [plant]},
        "b/unsure": {"planted": [plant, seal]},
        "b/clean": {"planted": []},
        "b/flagged": {"planted": []},
        "b/unread": {"planted": [seal]},  # no record: its plant is missed, said why
        "b/clean-unread": {},  # no record: not counted as clean
    }
    records = [
        checked("b/caught", **{"agree.executed_standard": "fail", "seal.applicant": "pass"}),
        checked("b/unsure", **{"agree.executed_standard": "unsure", "seal.applicant": "fail"}),
        checked("b/clean", **{"agree.entity_name": "pass", "count.patents_domestic": "unsure"}),
        checked("b/flagged", **{"dates.in_window.filing_date": "fail", "agree.industry": "fail"}),
    ]
    caught, total, missed = bench.planted_recall(records, truths)
    assert (caught, total) == (1, 4)
    assert missed == [
        "b/unsure: agree.executed_standard (unsure)",
        "b/unsure: seal.city_recommendation (not run)",
        "b/unread: seal.city_recommendation (no record)",
    ]
    clean, flagged, beside = bench.false_alarms(records, truths)
    assert clean == 2
    assert flagged == {"b/flagged": ["agree.industry", "dates.in_window.filing_date"]}
    assert beside == {"b/unsure": ["seal.applicant"]}  # a planted submission's other failure
