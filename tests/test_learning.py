"""Reviewers' confirmations and corrections teach the confidence model; rollback undoes it.

A batch is processed and reviewed through the review app's API (the reviewer keeps what is
right and types the truth where it is wrong), the model is refitted from the store, and
the next batch of the same kind is routed by it: fewer fields to review, auto-accepted
precision not lower. Rollback makes the shipped model active again.
"""

import re

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from jingpin import learn
from jingpin.demo.inbox import build_inbox
from jingpin.demo.score import load_truth, same
from models import store
from models.tables import FieldValue, Submission
from pipeline import calibration
from review.app import create_app
from review.auth import add_user

PASSWORD = "correct horse battery staple"


def login(client: TestClient) -> str:
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
    client.post("/login", data={"name": "li", "password": PASSWORD, "csrf": token})
    return re.search(r'data-csrf="([^"]+)"', client.get("/").text).group(1)


def review_everything(settings, truths: dict[str, dict]) -> int:
    """li reviews every open field: keeps a right value, types the truth over a wrong one."""
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
    for field_id, version, leaf, value, key in open_fields:
        truth = truths[key]["leaves"].get(leaf, value)
        data = {"version": version, "csrf": csrf}
        if not same(truth, value) and truth is not None:
            data |= {"action": "replace", "value": str(truth), "comment": "据原件"}
        answer = client.post(f"/api/fields/{field_id}", data=data)
        assert answer.status_code in (200, 422), answer.text
    return len(open_fields)


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
    first = build_inbox(tmp_path_factory.mktemp("first"), seed=31, cities=1, per_city=3)
    second = build_inbox(tmp_path_factory.mktemp("second"), seed=32, cities=1, per_city=3)
    return first, second


@pytest.mark.slow
def test_reviews_teach_the_model_and_rollback_undoes_it(batches, make_store, tmp_path, monkeypatch):
    first, second = batches
    home = tmp_path / "home"
    monkeypatch.setenv("JINGPIN_HOME", str(home))
    settings = make_store(first, home, tmp_path / "cache")
    reviewed = review_everything(settings, load_truth(first.truth))
    assert reviewed > 0

    baseline = make_store(second, tmp_path / "baseline", tmp_path / "cache2")
    before = routing(baseline, load_truth(second.truth))

    with store.session(settings.db_url) as s:
        fitted = learn.refit_from_reviews(s, home, minimum=10)
    assert calibration.model_version() == "calibration-0001.json"
    assert fitted["fitted_on"]["reviewed_leaves"] >= 10

    monkeypatch.setenv("JINGPIN_HOME", str(tmp_path / "after"))
    (tmp_path / "after" / "models").mkdir(parents=True)
    (tmp_path / "after" / "models" / "calibration-0001.json").write_bytes(
        (home / "models" / "calibration-0001.json").read_bytes()
    )
    learn.activate(tmp_path / "after", tmp_path / "after" / "models" / "calibration-0001.json")
    after = routing(
        make_store(second, tmp_path / "after", tmp_path / "cache3"), load_truth(second.truth)
    )
    assert after[0] < before[0], (before, after)
    assert after[1] >= before[1] - 1e-9, (before, after)

    monkeypatch.setenv("JINGPIN_HOME", str(home))
    assert learn.rollback(home) == "shipped"
    assert calibration.active_path() == calibration.PATH
