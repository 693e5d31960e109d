"""The review app over a real store: HTTP guards, corrections, conflicts, and the pages in Chromium."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from core.config import ensure_dirs, load_settings
from extractors.template import load_template
from jingpin.demo import FORM
from models import store
from models.tables import Check, Correction, FieldValue, Submission
from pipeline.export import export
from pipeline.ingest import scan_inbox
from pipeline.process import build_record, read_file
from pipeline.read import ReadOptions
from review.app import create_app
from review.auth import add_user

PASSWORDS = {"li": "li-password-1", "wang": "wang-password-2"}


def populate(home: Path, applicant, cache: Path, threshold: float | None = 1.01):
    """A born-digital applicant, read by the real stages; every leaf sent to review unless
    ``threshold`` is another one (None: the calibrated model's)."""
    settings = load_settings(home)
    ensure_dirs(settings)
    store.migrate(settings.db_url)
    template, opts = load_template(FORM), ReadOptions(threads=2)
    batch = scan_inbox(applicant.inbox)[0]
    batch_docs = [read_file(f, opts, cache, settings.pages_dir, template) for f in batch.files]
    (sub,) = batch.submissions
    docs = [read_file(f, opts, cache, settings.pages_dir, template) for f in sub.files]
    record = build_record(sub.key, batch.name, template.form, docs, batch_docs, template, threshold)
    store.save_submission(
        settings.db_url, batch.name, str(batch.path), sub.key, record, docs, None, None
    )
    with store.session(settings.db_url) as s:
        for name, password in PASSWORDS.items():
            add_user(s, name, password, "admin" if name == "li" else "reviewer")
    return settings, applicant.truth


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("review-cache")


@pytest.fixture()
def reviewed(tmp_path, printed_applicant, shared_cache):
    return populate(tmp_path / "home", printed_applicant, shared_cache)


def login(client: TestClient, name: str) -> str:
    page = client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    done = client.post(
        "/login",
        data={"name": name, "password": PASSWORDS[name], "csrf": token},
        follow_redirects=False,
    )
    assert done.status_code == 303
    return re.search(r'data-csrf="([^"]+)"', client.get("/").text).group(1)


def field(settings, leaf: str) -> FieldValue:
    with store.session(settings.db_url) as s:
        return s.exec(select(FieldValue).where(FieldValue.leaf == leaf)).one()


def test_pages_need_a_session(reviewed):
    client = TestClient(create_app(reviewed[0]))
    assert client.get("/", follow_redirects=False).headers["location"] == "/login"
    assert client.get("/crops/1.jpg", follow_redirects=False).status_code == 303
    assert client.post("/api/fields/1", data={"version": 1}).status_code == 401
    page = client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    wrong = client.post("/login", data={"name": "li", "password": "nope-nope", "csrf": token})
    assert "用户名或密码错误" in wrong.text


def test_cross_site_and_tokenless_writes_refused(reviewed):
    settings, _ = reviewed
    client = TestClient(create_app(settings))
    token = login(client, "li")
    fv = field(settings, "entity_name")
    url = f"/api/fields/{fv.id}"
    assert client.post(url, data={"version": fv.version}).status_code == 403
    evil = client.post(
        url, data={"version": fv.version, "csrf": token}, headers={"Origin": "http://evil.example"}
    )
    assert evil.status_code == 403 and "跨站" in evil.json()["message"]
    assert field(settings, "entity_name").status == "needs_review"


def test_credit_code_refused_then_corrected_and_rules_rerun(reviewed):
    settings, truth = reviewed
    client = TestClient(create_app(settings))
    token = login(client, "li")
    fv = field(settings, "credit_code")
    code = truth["leaves"]["credit_code"]
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    refused = client.post(
        f"/api/fields/{fv.id}",
        data={"version": fv.version, "action": "replace", "value": wrong, "csrf": token},
    )
    assert refused.status_code == 422 and "校验位" in refused.json()["message"]
    ok = client.post(
        f"/api/fields/{fv.id}",
        data={"version": fv.version, "action": "replace", "value": code.lower(), "csrf": token},
    )
    assert (
        ok.status_code == 200 and ok.json()["value"] == code and ok.json()["status"] == "confirmed"
    )
    forced = client.post(
        f"/api/fields/{fv.id}",
        data={
            "version": fv.version + 1,
            "action": "replace",
            "value": wrong,
            "force": "true",
            "comment": "营业执照如此",
            "csrf": token,
        },
    )
    assert forced.status_code == 200 and forced.json()["status"] == "corrected"
    with store.session(settings.db_url) as s:
        rows = s.exec(
            select(Correction).where(Correction.field_id == fv.id).order_by(Correction.id)
        ).all()
        record = s.exec(select(Submission)).one().record
    assert [(r.reviewer, r.new_value) for r in rows] == [("li", code), ("li", wrong)]
    assert rows[1].comment == "营业执照如此" and rows[1].old_value == code
    assert record["fields"]["credit_code"]["reviewed_by"] == "li"
    check = next(c for c in record["checks"] if c["rule"] == "credit_code.checksum")
    assert check["status"] == "fail"  # the rules ran again on the kept, invalid code


def test_concurrent_edit_conflicts(reviewed):
    settings, _ = reviewed
    app = create_app(settings)
    first, second = TestClient(app), TestClient(app)
    tokens = login(first, "li"), login(second, "wang")
    fv = field(settings, "trademark")
    ok = first.post(
        f"/api/fields/{fv.id}",
        data={"version": fv.version, "action": "replace", "value": "精工牌", "csrf": tokens[0]},
    )
    late = second.post(
        f"/api/fields/{fv.id}",
        data={"version": fv.version, "action": "replace", "value": "别的牌", "csrf": tokens[1]},
    )
    assert ok.status_code == 200 and late.status_code == 409
    assert "li" in late.json()["message"] and late.json()["value"] == "精工牌"
    assert field(settings, "trademark").value == "精工牌"


def test_submission_complete_when_nothing_is_left(reviewed, tmp_path):
    settings, _ = reviewed
    client = TestClient(create_app(settings))
    token = login(client, "wang")
    with store.session(settings.db_url) as s:
        open_rows = s.exec(
            select(FieldValue).where(FieldValue.status.in_(["needs_review", "missing"]))
        ).all()
    for fv in open_rows:
        r = client.post(f"/api/fields/{fv.id}", data={"version": fv.version, "csrf": token})
        assert r.status_code == 200, r.text
    assert r.json()["complete"]
    with store.session(settings.db_url) as s:
        sub = s.exec(select(Submission)).one()
    assert sub.status == "complete" and sub.record["review"]["completed_at"]
    assert sub.record["review"]["reviewer"] == "wang"
    page = client.get(f"/submissions/{sub.id}")
    assert page.status_code == 200 and "complete" in page.text
    exported = export([sub.record], "csv", tmp_path / "records.csv").read_text(encoding="utf-8-sig")
    assert "reviewer" in exported.splitlines()[0] and ",wang," in exported.splitlines()[1]


def test_audit_trail_is_for_admins(reviewed):
    settings, _ = reviewed
    app = create_app(settings)
    admin, reviewer = TestClient(app), TestClient(app)
    tokens = login(admin, "li"), login(reviewer, "wang")
    fv = field(settings, "trademark")
    reviewer.post(
        f"/api/fields/{fv.id}",
        data={
            "version": fv.version,
            "action": "replace",
            "value": "新牌",
            "comment": "据商标证",
            "csrf": tokens[1],
        },
    )
    assert reviewer.get("/admin/corrections").status_code == 403
    page = admin.get("/admin/corrections")
    assert (
        page.status_code == 200
        and "新牌" in page.text
        and "据商标证" in page.text
        and "wang" in page.text
    )


def test_queue_filters(reviewed):
    settings, _ = reviewed
    client = TestClient(create_app(settings))
    login(client, "li")
    first = client.get("/").text
    total = int(re.search(r'data-total="(\d+)"', first).group(1))
    codes = client.get("/", params={"kind": "uscc"}).text
    assert total > 50 and first.count('<form class="item') == 50
    assert codes.count('<form class="item') == 1 and 'aria-label="统一社会信用代码"' in codes
    assert client.get("/", params={"batch": "no-such-batch"}).text.count('<form class="item') == 0


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path, monkeypatch):
    """A store of the review app's own (SQLite in its home) or, where CI has one, PostgreSQL."""
    if request.param == "sqlite":
        return None
    pg = os.environ.get("JINGPIN_TEST_PG_URL")
    if not pg:
        pytest.skip("JINGPIN_TEST_PG_URL not set (.ci/run starts a PostgreSQL server)")
    from sqlalchemy import text

    with store.engine(pg).begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    monkeypatch.setenv("JINGPIN_DB_URL", pg)
    return pg


def test_rows_are_what_the_record_says_after_review_edits(
    db_url, tmp_path, printed_applicant, shared_cache
):
    """The record is the one truth: after each edit through the app (confirm, correct, a forced
    invalid code, a correction that makes a cross-check fail and reopens accepted leaves, a
    lost race) the field and check rows are exactly what ``store.sync_rows`` derives from it."""
    settings, truth = populate(tmp_path / "home", printed_applicant, shared_cache, threshold=None)
    assert db_url is None or settings.db_url == db_url
    app = create_app(settings)
    admin, reviewer = TestClient(app), TestClient(app)
    tokens = {"li": login(admin, "li"), "wang": login(reviewer, "wang")}
    clients = {"li": admin, "wang": reviewer}

    def edit(who: str, leaf: str, value: str | None = None, expect: int = 200, **extra) -> dict:
        fv = field(settings, leaf)
        data = {"version": fv.version, "csrf": tokens[who], **extra}
        if value is not None:
            data.update(action="replace", value=value)
        answer = clients[who].post(f"/api/fields/{fv.id}", data=data)
        assert answer.status_code == expect, answer.text
        with store.session(settings.db_url) as s:
            sub = s.exec(select(Submission)).one()
            assert store.stored_rows(s, sub.id) == store.derived_rows(s, sub)
        return answer.json()

    def statuses() -> dict[str, str]:
        with store.session(settings.db_url) as s:
            return {f.leaf: f.status for f in s.exec(select(FieldValue))}

    before = statuses()
    accepted = {leaf for leaf, status in before.items() if status == "auto_accepted"}
    assert "summary.entity_name" in accepted
    waiting = sorted(leaf for leaf, status in before.items() if status == "needs_review")
    code = truth["leaves"]["credit_code"]
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    edit("wang", waiting[0])  # confirmed as read
    edit("li", "credit_code", wrong, force="true", comment="营业执照如此")
    edit("li", "entity_name", "另一家有限公司")  # no longer what the summary table says
    edit("wang", "summary.entity_name", "另一家有限公司")  # reopened by that check
    stale = field(settings, waiting[1])
    edit("wang", waiting[1])
    late = admin.post(
        f"/api/fields/{stale.id}", data={"version": stale.version, "csrf": tokens["li"]}
    )
    assert late.status_code == 409
    edit("li", "trademark", "精工牌")  # accepted by the pipeline: an admin's to change
    after = statuses()
    assert after["credit_code"] == "corrected" and after["trademark"] == "corrected"
    assert after["entity_name"] == "corrected" and after[waiting[0]] == "confirmed"
    assert after["summary.entity_name"] == "corrected"
    with store.session(settings.db_url) as s:
        sub = s.exec(select(Submission)).one()
        checks = {c.rule: c.status for c in s.exec(select(Check))}
    assert checks["credit_code.checksum"] == "fail"
    assert sub.record["fields"]["trademark"]["value"] == "精工牌"
