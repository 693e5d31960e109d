"""``jingpin serve``: a local Prefect server, the served deployments, the inbox watch, the review app.

The watch only notices settled folders and asks the server for a run of the
``process-inbox/inbox-drop`` deployment, so every run shows in Prefect's UI with its tasks.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil

from core.config import Settings
from flows.processes import exit_after, stop_children, stop_stale_servers, stop_tree
from pipeline.batches import SettleWatch, listing
from pipeline.ingest import batch_folders

DROP_DEPLOYMENT = "process-inbox/inbox-drop"


@dataclass(frozen=True)
class ServeOptions:
    """Where ``serve`` listens; when it runs comes from ``Settings.schedule``."""

    inbox: Path
    host: str = (
        "127.0.0.1"  # where the Prefect server listens; other machines' workers must reach it
    )
    port: int = 4200
    review_port: int | None = 8765
    dask_address: str | None = None


def start_server(
    settings: Settings, port: int, host: str = "127.0.0.1", timeout: float = 300
) -> tuple[subprocess.Popen, str]:
    """``prefect server start`` with its database under $JINGPIN_HOME; waits until healthy.

    Returns the process and the API address to hand to clients (this machine's name when the
    server listens on every interface, so Dask workers elsewhere can report their tasks).
    """
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1" if host in ("0.0.0.0", "::") else host, port)) == 0:
            raise RuntimeError(
                f"port {port} is already in use (another Prefect server?); choose --port / "
                f"端口 {port} 已被占用"
            )
    log = (settings.home / "prefect-server.log").open("ab")
    proc = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", host, "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=os.environ.copy(),
        # Its own session: a terminal's Ctrl-C reaches `serve` only, which pauses its
        # deployments on the living server and then stops it.
        start_new_session=True,
    )
    name = socket.getfqdn() if host in ("0.0.0.0", "::") else host
    api = f"http://{name}:{port}/api"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"Prefect server exited ({proc.returncode}); see {log.name}")
        try:
            if httpx.get(f"{api}/health", timeout=2).status_code == 200:
                return proc, api
        except httpx.HTTPError:
            pass
        time.sleep(1)
    proc.terminate()
    raise TimeoutError(f"Prefect server did not start in {timeout:.0f} s; see {log.name}")


def deployments(settings: Settings, opts: ServeOptions) -> list:
    """Both take ``home`` and read the rest of the settings when they run, so an edit to
    ``jingpin.toml`` (deadlines, reading) counts from the next run without a restart."""
    from prefect.schedules import Cron

    from flows.process import process_inbox
    from flows.schedule import nightly

    params = {
        "inbox": str(opts.inbox),
        "home": str(settings.home),
        "dask_address": opts.dask_address,
    }
    schedule = settings.schedule
    return [
        process_inbox.to_deployment(
            name="inbox-drop",
            parameters=params,
            description="Pending batches of the inbox; started when a folder settles.",
        ),
        nightly.to_deployment(
            name="nightly",
            parameters=params,
            schedule=Cron(schedule.nightly, timezone=schedule.timezone),
            description="Everything pending, closest deadline first, then the deadline report.",
        ),
    ]


def watch_inbox(
    inbox: Path, settle_seconds: float, poll_seconds: float, stop: threading.Event
) -> None:
    """Poll the inbox; ask for one run with every batch folder that has settled since the last look."""
    from prefect.deployments import run_deployment

    watch = SettleWatch(settle_seconds)
    while not stop.wait(poll_seconds):
        try:
            listings = {f.name: listing(f) for f in batch_folders(inbox)}
            ready = watch.settled(listings, time.time())
            if ready:
                run_deployment(DROP_DEPLOYMENT, parameters={"batches": ready}, timeout=0)
                print(f"settled: {', '.join(ready)} → run of {DROP_DEPLOYMENT}", flush=True)
        except Exception as exc:  # a vanished folder or a busy server: look again next time
            print(f"inbox watch: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)


def start_review_app(settings: Settings, port: int) -> threading.Thread:
    import uvicorn

    from review.app import create_app

    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, name="review-app", daemon=True)
    thread.start()
    return thread


SERVER_GONE_EXIT = 3


def watch_server(proc: subprocess.Popen, stop: threading.Event) -> None:
    """If the Prefect server dies under us, say so and exit non-zero for a supervisor to act.

    Serving on cannot work (every poll fails), and a graceful stop would hang pausing the
    deployments on a server that is gone.
    """
    while not stop.wait(1.0):
        if proc.poll() is not None and not stop.is_set():  # not our own stopping
            print(
                f"jingpin serve: the Prefect server exited (code {proc.returncode}); stopping "
                f"with exit code {SERVER_GONE_EXIT} so a supervisor can start serve again / "
                "Prefect 服务已退出，serve 随之退出",
                file=sys.stderr,
                flush=True,
            )
            stop_children(grace=2.0)
            os._exit(SERVER_GONE_EXIT)


def interrupt_within(deadline: float) -> None:
    """Ctrl-C: Prefect's serve stops gracefully on KeyboardInterrupt; this bounds how long."""

    def handle(signum: int, _frame) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        threading.Thread(target=exit_after, args=(deadline, 130), daemon=True).start()
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, handle)


def serve_all(settings: Settings, opts: ServeOptions) -> None:
    """Blocks until interrupted; the server subprocess is stopped on the way out."""
    stop_stale_servers(settings.prefect_home)
    proc, api = start_server(settings, opts.port, opts.host)
    os.environ["PREFECT_API_URL"] = api  # before Prefect is imported: its settings are read then
    from prefect import serve

    stop = threading.Event()
    threading.Thread(
        target=watch_server, args=(proc, stop), name="server-watch", daemon=True
    ).start()
    interrupt_within(12.0)
    try:
        if opts.review_port:
            start_review_app(settings, opts.review_port)
        schedule = settings.schedule
        threading.Thread(
            target=watch_inbox,
            args=(opts.inbox, schedule.settle_seconds, schedule.poll_seconds, stop),
            name="inbox-watch",
            daemon=True,
        ).start()
        serve(*deployments(settings, opts), limit=1, print_starting_message=False)
    finally:
        stop.set()
        stop_tree([psutil.Process(proc.pid)] if proc.poll() is None else [], grace=5.0)
        stop_children(grace=2.0)
