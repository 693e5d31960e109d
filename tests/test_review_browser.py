"""The review desk in headless Chromium, as a reviewer uses it: keyboard, failures, sessions, pace."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
import test_review
from sqlmodel import func, select
from test_review import PASSWORDS

from core.record import OPEN
from models import store
from models.tables import FieldValue, Submission
from review.app import create_app
from review.edits import as_text

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.browser
reviewed, shared_cache = test_review.reviewed, test_review.shared_cache  # the same fixtures


@pytest.fixture()
def served(reviewed):
    import uvicorn

    if not Path(CHROMIUM).exists():
        if os.environ.get("JINGPIN_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} missing; .ci/run installs Debian's chromium")
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(reviewed[0]), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", reviewed
    server.should_exit = True
    thread.join(10)


@pytest.fixture()
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


def log_in(page, name: str = "li") -> None:
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORDS[name])
    page.click("button[type=submit]")


def open_count(settings) -> int:
    with store.session(settings.db_url) as s:
        return s.exec(
            select(func.count()).select_from(FieldValue).where(FieldValue.status.in_(OPEN))
        ).one()


def focused(page) -> dict:
    return page.evaluate(
        """() => { const e = document.activeElement; const f = e.closest('form.item');
        return { tag: e.tagName, id: e.id, value: e.value, start: e.selectionStart,
                 end: e.selectionEnd, form: f && f.dataset.id, leaf: f && f.dataset.leaf }; }"""
    )


def card(page, field_id: str):
    return page.locator(f"form.item[data-id='{field_id}']")


def test_cross_site_link_keeps_the_session_and_login_returns_to_it(served, browser):
    base, (settings, _) = served
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    with store.session(settings.db_url) as s:
        sub = s.exec(select(Submission)).one()
    target = f"{base}/submissions/{sub.id}"
    link = f'<a id="go" href="{target}">申报</a>'
    page.route(
        "http://other.example/**", lambda route: route.fulfill(body=link, content_type="text/html")
    )
    page.goto("http://other.example/")
    page.click("#go")
    page.wait_for_url(lambda url: "/login?next=" in url)
    log_in(page)
    page.wait_for_url(target)
    page.goto("http://other.example/")
    page.click("#go")
    page.wait_for_url(target)  # not the login page: the Lax cookie came along
    assert page.locator("h1").inner_text().startswith(sub.key)
    context.close()


def test_keyboard_contract_failures_and_stale_session(served, browser):
    base, (settings, _) = served
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(f"{base}/?kind=int")
    log_in(page)
    page.wait_for_selector("form.item")
    page.wait_for_load_state("load")  # the page's script, at the end of the body, has run
    now = focused(page)  # after load the first field is focused with all of it selected
    assert now["tag"] == "INPUT" and (now["start"], now["end"]) == (0, len(now["value"]))
    first = card(page, now["form"])

    page.keyboard.type("12abc")  # typing replaces; Esc brings the value back
    assert first.locator("input.value").input_value() == "12abc"
    page.keyboard.press("Escape")
    assert first.locator("input.value").input_value() == now["value"]

    page.keyboard.type("2024年共3项")  # refused with the reason, value kept for fixing
    page.keyboard.press("Enter")
    first.locator(".message").filter(has_text="整数").wait_for()
    assert first.locator("input.value").input_value() == "2024年共3项"

    page.route(
        "**/api/fields/**", lambda route: route.fulfill(status=500, body="Internal Server Error")
    )
    page.keyboard.type("7")
    page.keyboard.press("Enter")
    first.locator(".message").filter(has_text="服务器出错").wait_for()
    page.unroute("**/api/fields/**")

    other = context.browser.new_context()  # the same reviewer logs out elsewhere
    elsewhere = other.new_page()
    elsewhere.goto(f"{base}/login")
    log_in(elsewhere)
    elsewhere.click("header button[type=submit]")
    elsewhere.wait_for_url("**/login")
    other.close()

    first.locator("input.value").focus()
    page.keyboard.type("7")
    page.keyboard.press("Enter")
    first.locator(".message").filter(has_text="重新登录").wait_for()
    assert first.locator("input.value").input_value() == "7"
    again = context.new_page()
    again.goto(f"{base}/login")
    log_in(again)
    again.wait_for_selector("form.item")
    again.close()
    first.locator("input.value").focus()
    page.keyboard.press("Enter")  # the same page saves what was typed, with the new session
    page.wait_for_selector(f"form.item.done[data-id='{now['form']}']")
    assert first.locator("input.value").input_value() == "7"
    after = focused(page)  # Enter moved on, and the next value is selected whole
    assert after["form"] != now["form"] and (after["start"], after["end"]) == (
        0,
        len(after["value"]),
    )

    with_page = page.locator("form.item:not(.done)[data-page]:not([data-page=''])").first
    with_page.locator("input.value").focus()  # F2 on a field read from a page image
    with page.expect_popup() as popup:
        page.keyboard.press("F2")
    shown = popup.value
    shown.wait_for_load_state()
    assert f"field={with_page.get_attribute('data-id')}" in shown.url
    context.close()


def test_a_reviewer_clears_the_whole_queue_with_the_keyboard(served, browser):
    """Every open field, page after page, correcting one in five: the pace is printed."""
    base, (settings, truth) = served
    page = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
    page.goto(f"{base}/")
    log_in(page)
    page.wait_for_selector("form.item")
    total = open_count(settings)
    assert int(page.locator("#left").inner_text()) == total and total > 50
    shots = Path(os.environ.get("JINGPIN_SCREENSHOTS", settings.home))
    cleared, corrected, refused, started = 0, 0, [], time.perf_counter()
    while True:
        now = focused(page)
        if now["id"] == "next-batch":
            page.keyboard.press("Enter")
            page.wait_for_load_state()
            page.wait_for_selector("form.item")
            continue
        if now["tag"] != "INPUT":
            break
        expected = truth["leaves"].get(now["leaf"])
        if cleared % 5 == 0 and expected is not None:
            page.keyboard.type(as_text(expected))
            corrected += 1
        page.keyboard.press("Enter")
        done = (
            f"form.item.done[data-id='{now['form']}'], form.item.refused[data-id='{now['form']}']"
        )
        page.wait_for_selector(done)
        if "refused" in (card(page, now["form"]).get_attribute("class") or ""):
            refused.append((now["leaf"], as_text(expected)))
            page.keyboard.press("Escape")
            page.keyboard.press("Enter")
            page.wait_for_selector(f"form.item.done[data-id='{now['form']}']")
        cleared += 1
        if cleared == 2:  # the README's picture: header, true count, two done, one selected
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=str(shots / "review-page.png"))
    per_minute = cleared / (time.perf_counter() - started) * 60
    print(f"\nreviewer pace: {per_minute:.0f} fields/minute ({cleared} fields, {corrected} typed)")
    assert not refused, f"true values refused: {refused}"
    assert cleared >= total and open_count(settings) == 0
    assert "没有待审核的字段" in page.content() or page.locator("form.item:not(.done)").count() == 0
    assert per_minute > 30
    with store.session(settings.db_url) as s:
        sub = s.exec(select(Submission)).one()
    assert sub.status == "complete" and sub.record["review"]["reviewer"] == "li"
