"""`jingpin serve` for real: a Prefect server, the served deployments, the inbox watch.

A folder dropped into the watched inbox is processed by a run of the inbox-drop deployment;
the nightly deployment's next run is 02:00 in Asia/Shanghai (18:00 UTC), not 02:00 UTC.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlmodel import select

from core.config import load_settings
from models import store
from models.tables import Submission

pytestmark = [pytest.mark.demo, pytest.mark.prefect, pytest.mark.ocr]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check, timeout: float, what: str):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            found = check()
        except Exception:
            found = None
        if found:
            return found
        time.sleep(1)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    home = tmp_path_factory.mktemp("serve-home")
    inbox = tmp_path_factory.mktemp("serve") / "inbox"
    inbox.mkdir()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        JINGPIN_HOME=str(home),
        PREFECT_HOME=str(home / "prefect"),
        PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS="5",
    )
    log = (home / "serve.log").open("wb")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jingpin.cli",
            "serve",
            str(inbox),
            "--home",
            str(home),
            "--port",
            str(port),
            "--review-port",
            str(free_port()),
            "--settle",
            "2",
            "--poll",
            "1",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    api = f"http://127.0.0.1:{port}/api"
    try:
        wait_for(
            lambda: (
                httpx.get(f"{api}/deployments/name/process-inbox/inbox-drop").status_code == 200
            ),
            300,
            "the served deployments",
        )
        yield api, inbox, load_settings(home)
    finally:
        proc.terminate()
        proc.wait(60)
        print((home / "serve.log").read_text(errors="replace")[-3000:])


def test_dropped_folder_is_processed_by_the_served_deployment(served, small_inbox):
    api, inbox, settings = served
    applicant = next(
        p.parent for p in small_inbox.inbox.rglob("申报表.docx")
    )  # the born-digital one
    shutil.copytree(applicant, inbox / "荆州市-2024-07" / applicant.name)

    def stored():
        with store.session(settings.db_url) as s:
            return s.exec(
                select(Submission).where(Submission.key == f"荆州市-2024-07/{applicant.name}")
            ).first()

    sub = wait_for(stored, 240, "the dropped folder's record")
    assert sub.record["fields"]["entity_name"]["value"] == applicant.name
    deployment = httpx.get(f"{api}/deployments/name/process-inbox/inbox-drop").json()
    runs = httpx.post(
        f"{api}/flow_runs/filter",
        json={"flow_runs": {"deployment_id": {"any_": [deployment["id"]]}}},
    ).json()
    assert [r["parameters"]["batches"] for r in runs] == [["荆州市-2024-07"]]
    wait_for(
        lambda: (
            httpx.post(
                f"{api}/flow_runs/filter", json={"flow_runs": {"id": {"any_": [runs[0]["id"]]}}}
            ).json()[0]["state_type"]
            == "COMPLETED"
        ),
        60,
        "completion",
    )


def test_nightly_runs_at_two_in_shanghai(served):
    api, _, _ = served
    deployment = httpx.get(f"{api}/deployments/name/nightly/nightly").json()
    (schedule,) = deployment["schedules"]
    assert (
        schedule["schedule"]["cron"] == "0 2 * * *"
        and schedule["schedule"]["timezone"] == "Asia/Shanghai"
    )

    def next_run():
        runs = httpx.post(
            f"{api}/flow_runs/filter",
            json={
                "flow_runs": {
                    "deployment_id": {"any_": [deployment["id"]]},
                    "state": {"type": {"any_": ["SCHEDULED"]}},
                },
                "sort": "EXPECTED_START_TIME_ASC",
                "limit": 1,
            },
        ).json()
        return datetime.fromisoformat(runs[0]["expected_start_time"]) if runs else None

    at = wait_for(next_run, 90, "the scheduler to plan the nightly run")
    local = at.astimezone(ZoneInfo("Asia/Shanghai"))
    assert (local.hour, local.minute) == (2, 0) and at.astimezone(UTC).hour == 18
    assert timedelta(0) < at - datetime.now(UTC) <= timedelta(days=1)
