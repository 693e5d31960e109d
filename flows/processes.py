"""Child processes that must not outlive us: Prefect servers, flow-run subprocesses, workers.

A supervisor's SIGTERM or a terminal's Ctrl-C ends ``jingpin run`` and ``jingpin serve``;
Python's default SIGTERM ends the interpreter without running any cleanup, which is how a
Prefect server came to be left running, orphaned, on its port. ``on_stop_signals`` makes
both signals end the children first, then the process.
A server left behind by a SIGKILL (nothing runs then) is found at the next start by its
``PREFECT_HOME`` and stopped.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import psutil

GRACE_SECONDS = 5.0  # between terminate and kill, for each generation of children


def stop_tree(procs: list[psutil.Process], grace: float = GRACE_SECONDS) -> None:
    """Terminate ``procs`` and their descendants; kill what is still there after ``grace``."""
    everyone = list(procs)
    for p in procs:
        with contextlib.suppress(psutil.Error):
            everyone += p.children(recursive=True)
    for p in everyone:
        with contextlib.suppress(psutil.Error):
            p.terminate()
    _, alive = psutil.wait_procs(everyone, timeout=grace)
    for p in alive:
        with contextlib.suppress(psutil.Error):
            p.kill()
    psutil.wait_procs(alive, timeout=grace)


def stop_children(grace: float = GRACE_SECONDS) -> None:
    """Every process this one started, and theirs."""
    stop_tree(psutil.Process().children(recursive=True), grace)


def is_prefect_server(cmdline: list[str]) -> bool:
    """A ``prefect server start`` or the ephemeral server Prefect runs through uvicorn."""
    if any(a.startswith("prefect.server.api.server:") for a in cmdline):
        return True
    return any(cmdline[i : i + 3] == ["prefect", "server", "start"] for i in range(len(cmdline)))


def stale_servers(prefect_home: Path) -> list[psutil.Process]:
    """Prefect servers of this PREFECT_HOME whose parent is gone (left by a SIGKILL)."""
    home, found = str(prefect_home), []
    for p in psutil.process_iter(["pid", "ppid", "cmdline"]):
        try:
            if p.info["pid"] == os.getpid() or not is_prefect_server(p.info["cmdline"] or []):
                continue
            if psutil.pid_exists(p.info["ppid"]) and p.info["ppid"] != 1:
                continue
            if p.environ().get("PREFECT_HOME") == home:
                found.append(p)
        except psutil.Error:
            continue
    return found


def stop_stale_servers(prefect_home: Path, say: Callable[[str], None] = print) -> None:
    stale = stale_servers(prefect_home)
    if stale:
        pids = ", ".join(str(p.pid) for p in stale)
        say(
            f"stopping a Prefect server left by an earlier run (pid {pids}) / 停止遗留的 Prefect 服务"
        )
        stop_tree(stale)


def on_stop_signals() -> None:
    """SIGTERM and SIGINT: stop the children (Prefect's server, flow runs, workers), then exit.

    The exit is immediate (128 + the signal's number) rather than through the flow engine,
    which catches the interruption and carried on in our tests: what was stored is stored
    (each submission is one transaction), and the run's row stays ``running``, which the
    status report lists as not finished.
    """

    def handle(signum: int, _frame) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        print(f"\nstopped by signal {signum}; stopping child processes", file=sys.stderr)
        stop_children()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(128 + signum)

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)


def exit_after(seconds: float, code: int) -> None:
    threading.Event().wait(seconds)
    print(f"still stopping after {seconds:.0f} s: exiting now ({code})", file=sys.stderr)
    stop_children(grace=1.0)
    os._exit(code)
