"""Reviewers' confirmations and corrections teach the confidence model; rollback undoes it.

A batch is processed and reviewed through the review app's API (the reviewer keeps what is
right, types the truth where it is wrong and clears what should be blank), the model is
refitted from the store, and the next batch of the same kind is routed by it: auto-accepted
precision not lower and fewer fields to review. Rollback makes the shipped model active again.
"""

import os
import re
import shutil

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from jingpin.demo.score import load_truth, same
from jingpin.demo.wordpath import build_word_inbox
from models import learning as learn
from models import store
from models.tables import FieldValue, Submission
from pipeline import calibration
from review.app import create_app
from review.auth import add_user

PASSWORD = "correct horse battery staple"

if shutil.which("soffice") is None and os.environ.get("JINGPIN_REQUIRE_LIBREOFFICE") != "1":
    pytest.skip(
        "LibreOffice (soffice) not installed: the Word-path batches need it "
        "(set JINGPIN_REQUIRE_LIBREOFFICE=1 to fail instead)",
        allow_module_level=True,
    )


def login(client: TestClient) -> str:
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
    client.post("/login", data={"name": "li", "password": PASSWORD, "csrf": token})
    return re.search(r'data-csrf="([^"]+)"', client.get("/").text).group(1)


def review_everything(settings, truths: dict[str, dict]) -> tuple[int, int]:
    """li reviews every open field: keeps a right value, types the truth over a wrong one
    (nothing where the form is blank). (fields decided, of which corrected)"""
    with store.session(settings.db_url) as s:
        add_user(s, "li", PASSWORD, "admin")
        open_fields = [
            (fv.id, fv.version, fv.leaf, fv.value, sub.key)
            for fv, sub in s.exec(
                select(FieldValue, Submission).where(
                    FieldValue.submission_id == Submission.id,
                    FieldValue.status == "needs_review",
                )
            )
        ]
    client = TestClient(create_app(settings))
    csrf = login(client)
    decided = corrected = 0
    for field_id, version, leaf, value, key in open_fields:
        truth = truths[key]["leaves"].get(leaf, value)
        data = {"version": version, "csrf": csrf}
        wrong = not same(truth, value) and (truth is not None or value not in (None, ""))
        if wrong:
            typed = "" if truth is None else str(truth)
            data |= {"action": "replace", "value": typed, "comment": "据原件"}
        answer = client.post(f"/api/fields/{field_id}", data=data)
        assert answer.status_code in (200, 422), answer.text
        decided += answer.status_code == 200
        corrected += answer.status_code == 200 and wrong
    return decided, corrected


def routing(settings, truths: dict[str, dict]) -> tuple[float, float]:
    """(review rate, auto-accepted precision) of a store's records against the truth."""
    auto, leaves = [], 0
    with store.session(settings.db_url) as s:
        for sub in s.exec(select(Submission)):
            truth = truths[sub.key]["leaves"]
            for leaf, entry in sub.record["fields"].items():
                if leaf in truth:
                    leaves += 1
                    if entry["status"] == "auto_accepted":
                        auto.append(same(truth[leaf], entry["value"]))
    return 1 - len(auto) / leaves, sum(auto) / len(auto)


@pytest.fixture(scope="module")
def batches(tmp_path_factory):
    """Two batches of Word-typed forms (the demo printer's are read too well to learn from)."""
    first = build_word_inbox(tmp_path_factory.mktemp("first"), seed=31, cities=2, per_city=3)
    second = build_word_inbox(tmp_path_factory.mktemp("second"), seed=32, cities=1, per_city=3)
    return first, second


@pytest.mark.libreoffice
def test_reviews_refit_the_model_guarded_and_undone(batches, make_store, tmp_path, monkeypatch):
    """The machinery end to end: six submissions reviewed, one of them held back to judge
    the refit by before it activates itself; then the next batch, and rollback."""
    first, second = batches
    home = tmp_path / "home"
    monkeypatch.setenv("JINGPIN_HOME", str(home))
    settings = make_store(first, home, tmp_path / "cache")
    decided = review_everything(settings, load_truth(first.truth))
    assert decided[0] > 0
    # the next batch as the shipped model routes it
    before = routing(make_store(second, tmp_path / "b", tmp_path / "c2"), load_truth(second.truth))

    with store.session(settings.db_url) as s:
        samples = learn.review_samples(s)
        fitted = learn.refit_from_reviews(s, home, minimum=10)
    # every decision the reviewer made is a sample, a correction a wrong one (on these
    # batches the reading is right wherever it is sure: more confirmations than corrections)
    reviewed = [x for x in samples if x.reviewed]
    assert (len(reviewed), sum(not x.right for x in reviewed)) == decided
    info = fitted["fitted_on"]
    assert info["reviewed_leaves"] + info["held_back_leaves"] == len(samples)
    assert info["activated"] is (info["held_back_leaves"] >= learn.MIN_HELD_BACK)
    assert calibration.model_version() == (
        "calibration-0001.json" if info["activated"] else "shipped"
    )

    learn.activate(home, home / "models" / "calibration-0001.json")  # else a person would
    assert calibration.model_version() == "calibration-0001.json"
    after = routing(make_store(second, home / "next", tmp_path / "c3"), load_truth(second.truth))
    print(f"next batch review rate / auto precision: shipped {before}, refitted {after}")
    assert after[1] >= min(before[1], calibration.TARGET_PRECISION)  # precision not lower
    assert after[0] < before[0]  # the refit sends less of the next batch to review

    assert learn.rollback(home) == "shipped"
    assert calibration.active_path() == calibration.PATH
    assert not (home / "models" / "calibration-0001.json").exists()
