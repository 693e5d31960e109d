"""The review app's sessions, throttling, headers, ids, rights and queue, over a real store."""

from __future__ import annotations

import logging
import re
import subprocess
import sys

import test_review
from fastapi.testclient import TestClient
from sqlmodel import select
from test_review import PASSWORDS, field, login

from models import store
from models.tables import Check, FieldValue, User
from review.app import create_app
from review.auth import add_user
from review.edits import OPEN
from review.labels import leaf_label

reviewed, shared_cache = test_review.reviewed, test_review.shared_cache  # the same fixtures


def csrf_of(client: TestClient) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)


def try_login(client: TestClient, name: str, password: str, next: str = "/"):
    data = {"name": name, "password": password, "csrf": csrf_of(client), "next": next}
    return client.post("/login", data=data, follow_redirects=False)


def test_logout_ends_the_old_cookie(reviewed):
    settings, _ = reviewed
    client = TestClient(create_app(settings))
    token = login(client, "wang")
    stolen = dict(client.cookies)
    client.post("/logout", data={"csrf": token}, follow_redirects=False)
    replay = TestClient(create_app(settings), cookies=stolen)
    assert replay.get("/", follow_redirects=False).status_code == 303
    fv = field(settings, "trademark")
    write = replay.post(f"/api/fields/{fv.id}", data={"version": fv.version, "csrf": token})
    assert write.status_code == 401 and "重新登录" in write.json()["message"]


def test_password_change_and_disabling_end_sessions(reviewed):
    settings, _ = reviewed
    client = TestClient(create_app(settings))
    login(client, "wang")
    assert client.get("/", follow_redirects=False).status_code == 200
    with store.session(settings.db_url) as s:
        add_user(s, "wang", "a-new-password-3")
    assert client.get("/", follow_redirects=False).status_code == 303
    PASSWORDS["wang"], old = "a-new-password-3", PASSWORDS["wang"]
    try:
        login(client, "wang")
        cli = [sys.executable, "-m", "jingpin.cli", "user", "disable", "wang"]
        done = subprocess.run(
            [*cli, "--home", str(settings.home)], capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
        assert client.get("/", follow_redirects=False).status_code == 303
        assert try_login(client, "wang", PASSWORDS["wang"]).status_code == 401
    finally:
        PASSWORDS["wang"] = old


def test_ten_wrong_passwords_lock_the_user_and_are_logged(reviewed, caplog):
    client = TestClient(create_app(reviewed[0]))
    caplog.set_level(logging.WARNING, logger="jingpin.review.auth")
    for _ in range(10):
        assert try_login(client, "li", "wrong-password").status_code == 401
    locked = try_login(client, "li", PASSWORDS["li"])
    assert locked.status_code == 429 and "次数过多" in locked.text
    assert "login failed for user:li" in caplog.text and "login locked for user:li" in caplog.text


def test_login_returns_to_the_linked_page_and_only_there(reviewed):
    client = TestClient(create_app(reviewed[0]))
    first = client.get("/submissions/1?x=1", follow_redirects=False)
    assert first.headers["location"] == "/login?next=/submissions/1%3Fx%3D1"
    back = try_login(client, "li", PASSWORDS["li"], next="/submissions/1?x=1")
    assert back.headers["location"] == "/submissions/1?x=1"
    for evil in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        again = TestClient(create_app(reviewed[0]))
        assert try_login(again, "li", PASSWORDS["li"], next=evil).headers["location"] == "/"
    assert "samesite=lax" in back.headers["set-cookie"].lower()


def test_headers_ids_and_secure_cookies(reviewed):
    settings, _ = reviewed
    client = TestClient(create_app(settings))
    token = login(client, "li")
    page = client.get("/")
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["referrer-policy"] == "same-origin"
    huge = 2**63
    missing = client.get(f"/submissions/{huge}")
    assert missing.status_code == 404 and "不存在" in missing.text and "<h1>" in missing.text
    assert client.get(f"/crops/{huge}.jpg").status_code == 404
    assert client.get(f"/pages/{huge}/1.jpg").status_code == 404
    saved = client.post(f"/api/fields/{huge}", data={"version": 1, "csrf": token})
    assert saved.status_code == 404 and saved.json()["message"]
    secure = TestClient(create_app(settings, secure_cookies=True), base_url="https://testserver")
    done = try_login(secure, "li", PASSWORDS["li"])
    assert "secure" in done.headers["set-cookie"].lower()


def test_reviewers_change_only_fields_in_the_queue(reviewed):
    settings, _ = reviewed
    with store.session(settings.db_url) as s:
        fv = s.exec(select(FieldValue).where(FieldValue.leaf == "trademark")).one()
        fv.status = "auto_accepted"
        s.add(fv)
        s.commit()
    app = create_app(settings)
    reviewer, admin = TestClient(app), TestClient(app)
    data = {"version": fv.version, "action": "replace", "value": "改过的牌"}
    refused = reviewer.post(f"/api/fields/{fv.id}", data={**data, "csrf": login(reviewer, "wang")})
    assert refused.status_code == 403 and "管理员" in refused.json()["message"]
    ok = admin.post(f"/api/fields/{fv.id}", data={**data, "csrf": login(admin, "li")})
    assert ok.status_code == 200


def test_typed_values_are_parsed_strictly_with_the_reason(reviewed):
    settings, _ = reviewed
    client = TestClient(create_app(settings))
    token = login(client, "li")
    with store.session(settings.db_url) as s:
        count = s.exec(select(FieldValue).where(FieldValue.leaf.like("%.count"))).first()
    for typed in (
        "-5",
        "3.7",
        "2024年共3项",
        "Ⅲ",
        "原件模糊",
        "<script>alert(1)</script>",
        "3\u202e",
    ):
        data = {"version": count.version, "action": "replace", "value": typed, "csrf": token}
        answer = client.post(f"/api/fields/{count.id}", data=data)
        assert answer.status_code == 422 and not answer.json()["needs_confirm"], typed
        assert re.search(r"[\u4e00-\u9fff]", answer.json()["message"])
    long = client.post(
        f"/api/fields/{count.id}",
        data={"version": count.version, "action": "replace", "value": "x" * 10**6, "csrf": token},
    )
    assert long.status_code == 422 and "太长" in long.json()["message"]
    assert field(settings, count.leaf).version == count.version
    incomplete = client.post(f"/api/fields/{count.id}", data={"csrf": token})  # no version
    assert incomplete.status_code == 422 and "请求不完整" in incomplete.json()["message"]


def test_queue_pages_reach_every_open_field_and_speak_chinese(reviewed):
    settings, _ = reviewed
    client = TestClient(create_app(settings))
    login(client, "li")
    with store.session(settings.db_url) as s:
        open_ids = set(
            s.exec(select(FieldValue.id).where(FieldValue.status.in_(["needs_review", "missing"])))
        )
    seen, offset = [], 0
    while True:
        page = client.get("/", params={"offset": offset}).text
        assert f'data-total="{len(open_ids)}"' in page
        ids = [int(i) for i in re.findall(r'<form class="item[^"]*" data-id="(\d+)"', page)]
        if not ids:
            break
        seen += ids
        offset += len(ids)
    assert len(seen) == len(set(seen)) and set(seen) == open_ids
    first = client.get("/").text
    assert "needs_review" not in re.sub(r'class="[^"]*"|data-[a-z]+="[^"]*"', "", first)
    assert leaf_label("brand_certs.count") == "2.3.1 品牌认证 · 数量"
    assert leaf_label("standards_international[6].name") == "3.2.4 国际标准 第7项 · 名称"


def test_user_disable_names_an_unknown_user(reviewed):
    settings, _ = reviewed
    cli = [sys.executable, "-m", "jingpin.cli", "user", "disable", "nobody"]
    done = subprocess.run(
        [*cli, "--home", str(settings.home)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode != 0
    with store.session(settings.db_url) as s:
        assert not s.exec(select(User).where(User.name == "li")).one().disabled


def test_rule_filter_lists_the_open_fields_the_rule_touches(reviewed):
    settings, _ = reviewed
    client = TestClient(create_app(settings))
    login(client, "li")
    with store.session(settings.db_url) as s:
        check = s.exec(select(Check).where(Check.status == "fail")).first()
        touched = {
            f.id
            for f in s.exec(select(FieldValue).where(FieldValue.status.in_(OPEN)))
            if f.leaf in (check.fields or [])
        }
    page = client.get("/", params={"rule": check.rule}).text
    shown = {int(i) for i in re.findall(r'<form class="item[^"]*" data-id="(\d+)"', page)}
    assert touched and shown == touched and f'data-total="{len(touched)}"' in page
