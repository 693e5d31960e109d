"""The confidence model: fitted on evidence, monotone where it should be, threshold by precision."""

import random

from pipeline import calibration


def test_threshold_is_the_lowest_that_keeps_precision():
    probs = [0.999, 0.998, 0.997, 0.996, 0.995, 0.990]
    right = [True, True, True, True, False, False]
    assert calibration.choose_threshold(probs, right, 0.995) == 0.996
    assert calibration.choose_threshold(probs, right, 0.8) == 0.995
    assert calibration.choose_threshold([0.5], [False], 0.995) == 1.0  # nothing is safe to accept


def test_no_threshold_lets_in_a_value_the_model_itself_doubts():
    """Ninety-nine sure values would carry one at 0.9 past a precision target: not accepted."""
    probs, right = [0.999] * 99 + [0.9, 0.5], [True] * 100 + [False]
    assert calibration.choose_threshold(probs, right, 0.99) == calibration.LEAST_CONFIDENCE


def synthetic(n=3000, seed=1):
    """Evidence where a low OCR score, an invalid value or a disagreeing source means trouble."""
    rng, rows, right = random.Random(seed), [], []
    for _ in range(n):
        ocr, invalid, disagree = rng.uniform(0.5, 1.0), rng.random() < 0.05, rng.random() < 0.03
        p_right = 0.995 * (ocr**4) * (0.3 if invalid else 1) * (0.4 if disagree else 1)
        rows.append(
            calibration.features(
                {"label": 1.0, "ocr": ocr, "structure": 1.0},
                "invalid" if invalid else "as_read",
                "text",
                -1 if disagree else 0,
            )
        )
        right.append(rng.random() < p_right)
    return rows, right


def test_fitted_model_weighs_the_evidence_the_right_way():
    rows, right = synthetic()
    fitted = calibration.fit(rows, right, target=0.99)
    base = {"label": 1.0, "ocr": 0.95, "structure": 1.0}
    p = calibration.probability(calibration.features(base, "as_read", "text"), fitted)
    assert (
        calibration.probability(
            calibration.features({**base, "ocr": 0.6}, "as_read", "text"), fitted
        )
        < p
    )
    assert calibration.probability(calibration.features(base, "invalid", "text"), fitted) < p
    assert calibration.probability(calibration.features(base, "as_read", "text", -1), fitted) < p
    probs = [calibration.probability(x, fitted) for x in rows]
    accepted = [ok for q, ok in zip(probs, right, strict=True) if q >= fitted["threshold"]]
    assert sum(accepted) / len(accepted) >= 0.99


def test_the_shipped_model_is_complete():
    shipped = calibration.model(calibration.PATH)
    # a model fitted before a feature existed weighs it zero (calibration.vector)
    assert set(shipped["features"]) <= set(calibration.FEATURES)
    assert len(shipped["coef"]) == len(shipped["features"])
    assert 0.5 < shipped["threshold"] <= 1.0 and shipped["fitted_on"]["leaves"] > 1000


def test_calibrate_judges_each_fixture_against_its_own_truth(tmp_path, monkeypatch):
    """The demo and Word paths of one seed share applicants' names: one fixture's truth must
    not judge the other's records (it once did, counting right values as wrong)."""
    from jingpin import calibrate as cal

    def record(value, ocr):
        entry = {
            "value": value,
            "status": "auto_accepted",
            "confidence": 0.9,
            "method": "as_read",
            "evidence": {"label": 1.0, "ocr": ocr, "structure": 1.0},
        }
        return {"submission_id": "b/甲", "batch": "b", "form": "f", "fields": {"tc_name": entry}}

    rng = random.Random(5)

    def fixture(work, seed, cities, per_city, path):
        value = "甲" if path == "demo" else "乙"  # each path's applicant wrote another value
        records = [record(value, rng.uniform(0.9, 1.0)) for _ in range(200)]
        records += [record("丙", rng.uniform(0.5, 0.8)) for _ in range(20)]  # misread
        return records, {"b/甲": {"leaves": {"tc_name": value}}}

    monkeypatch.setattr(cal, "records_for", fixture)
    fixtures = (("demo", 1), cal.fixture("word:1:1x3", 4, 3))
    assert fixtures[1] == ("word", 1, 1, 3)
    fitted = cal.calibrate(tmp_path / "model.json", fixtures=fixtures)
    info = fitted["fitted_on"]
    assert (info["leaves"], info["wrong"], info["applicants"]) == (440, 40, 2)
    # the size each inbox was built with, from its truth: what to pass to fit it again
    assert info["fixtures"] == ["demo:1:1x1", "word:1:1x1"] and info["seeds"] == [1]


def test_a_correction_learns_what_reviewers_showed_and_nothing_else():
    """Confirmed leaves of a kind the model doubted are accepted next time; corrected ones of
    another kind lose confidence; a leaf no review resembles keeps its confidence exactly."""
    shipped = calibration.model(calibration.PATH)
    base = {k: v for k, v in shipped.items() if k != "fitted_on"}
    doubted = calibration.features(  # a list's count read off a ruled cell it did not fill
        {"label": 1.0, "ocr": 0.99, "structure": 0.6}, "as_read", "count"
    )
    flagged = calibration.features(
        {"label": 1.0, "ocr": 1.0, "structure": 1.0, "label_inside": 1}, "as_read", "text"
    )
    plain = calibration.features({"label": 1.0, "ocr": 1.0, "structure": 1.0}, "as_read", "yesno")
    assert not calibration.accepts(base, doubted) and calibration.accepts(base, flagged)
    rows = [doubted] * 300 + [flagged] * 6
    right = [True] * 300 + [False] * 6  # 20 confirmations would not show 99.5 %
    fitted = calibration.fit_correction(rows, right, base)
    assert calibration.accepts(fitted, doubted)
    assert calibration.probability(flagged, fitted) < calibration.probability(flagged, base)
    assert calibration.probability(plain, fitted) == calibration.probability(plain, base)
    assert calibration.fit_correction([], [], base)["thresholds"] == {}
