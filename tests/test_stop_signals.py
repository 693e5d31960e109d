"""`jingpin run` and `jingpin serve` stopped as supervisors and terminals stop them.

Real subprocesses, real Prefect servers; each test lists every process the command started
and finds none of them left 15 s after the signal.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil
import pytest

from core.config import load_settings
from flows.processes import is_prefect_server, stop_stale_servers
from flows.serve import SERVER_GONE_EXIT

pytestmark = [pytest.mark.demo, pytest.mark.prefect, pytest.mark.ocr]
GONE_WITHIN = 15.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(home: Path, *args: str) -> subprocess.Popen:
    """A jingpin command in its own process group, as a terminal or supervisor starts it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(JINGPIN_HOME=str(home), PREFECT_HOME=str(home / "prefect"))
    log = (home / "command.log").open("wb")
    return subprocess.Popen(
        [sys.executable, "-m", "jingpin.cli", *args, "--home", str(home)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_for(check, timeout: float, what: str, proc: subprocess.Popen | None = None):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"the command exited ({proc.returncode}) before {what}")
        try:
            found = check()
        except (httpx.HTTPError, psutil.Error):
            found = None
        if found:
            return found
        time.sleep(0.5)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def descendants(pid: int) -> list[psutil.Process]:
    return psutil.Process(pid).children(recursive=True)


def prefect_server(pid: int) -> psutil.Process | None:
    return next((p for p in descendants(pid) if is_prefect_server(p.cmdline())), None)


def assert_all_gone(procs: list[psutil.Process], home: Path) -> None:
    """Every process listed has ended (the command itself is waited for by its Popen:
    psutil reaping it would leave Popen a return code of 0)."""
    _, alive = psutil.wait_procs(procs, timeout=GONE_WITHIN)
    log = (home / "command.log").read_text(errors="replace")[-3000:]
    for p in alive:
        p.kill()
    assert not alive, f"left running: {[(p.pid, p.cmdline()) for p in alive]}\n{log}"


def started_run(tmp_path: Path, small_inbox) -> tuple[subprocess.Popen, psutil.Process]:
    proc = start(tmp_path, "run", str(small_inbox.inbox))
    server = wait_for(lambda: prefect_server(proc.pid), 300, "the run's Prefect server", proc)
    return proc, server


def test_run_ends_its_prefect_server_on_sigterm(tmp_path, small_inbox):
    proc, _ = started_run(tmp_path, small_inbox)
    children = descendants(proc.pid)
    signalled = time.monotonic()
    proc.send_signal(signal.SIGTERM)  # a supervisor, a container stop: the PID only
    assert proc.wait(GONE_WITHIN) == 128 + signal.SIGTERM
    assert_all_gone(children, tmp_path)
    print(f"\nrun and its children stopped {time.monotonic() - signalled:.1f} s after SIGTERM")


def test_a_server_left_by_sigkill_is_stopped_at_the_next_start(tmp_path, small_inbox):
    proc, server = started_run(tmp_path, small_inbox)
    leftovers = descendants(proc.pid)
    proc.kill()  # nothing of ours runs: the server is orphaned, as before
    proc.wait(10)
    time.sleep(1)
    assert server.is_running()
    stop_stale_servers(load_settings(tmp_path).prefect_home)  # what the next `run` does first
    assert_all_gone(leftovers, tmp_path)


def started_serve(tmp_path: Path) -> tuple[subprocess.Popen, str]:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    port = free_port()
    proc = start(
        tmp_path, "serve", str(inbox), "--port", str(port), "--review-port", str(free_port())
    )
    api = f"http://127.0.0.1:{port}/api"
    wait_for(
        lambda: httpx.get(f"{api}/deployments/name/nightly/nightly").status_code == 200,
        300,
        "the served deployments",
        proc,
    )
    return proc, api


def test_serve_stops_on_ctrl_c_to_its_process_group(tmp_path):
    proc, _ = started_serve(tmp_path)
    children = descendants(proc.pid)
    assert any(is_prefect_server(p.cmdline()) for p in children)
    signalled = time.monotonic()
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends on Ctrl-C
    proc.wait(GONE_WITHIN)
    assert_all_gone(children, tmp_path)
    print(f"\nserve and its children stopped {time.monotonic() - signalled:.1f} s after Ctrl-C")


def test_serve_exits_with_its_message_when_the_server_dies(tmp_path):
    proc, _ = started_serve(tmp_path)
    children = descendants(proc.pid)
    prefect_server(proc.pid).kill()
    assert proc.wait(GONE_WITHIN) == SERVER_GONE_EXIT
    assert "Prefect server exited" in (tmp_path / "command.log").read_text(errors="replace")
    assert_all_gone(children, tmp_path)
