"""Prefect settings jingpin needs, applied before Prefect is imported.

Measured here: the embedded server's first start needs more than the default 20 s on
2 cores, and the per-flow heartbeat costs ~1 s a flow.
"""

from __future__ import annotations

import os

from core.config import Settings


def configure_prefect(settings: Settings, quiet: bool = True) -> None:
    env = {
        "PREFECT_HOME": str(settings.prefect_home),
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT": "false",
        "PREFECT_RESULTS_PERSIST_BY_DEFAULT": "false",
    }
    if quiet:
        env["PREFECT_LOGGING_LEVEL"] = "WARNING"
    for key, value in env.items():
        os.environ.setdefault(key, value)
    settings.prefect_home.mkdir(parents=True, exist_ok=True)


def without_heartbeat():
    """Settings for an on-demand run: no flow-run heartbeat. Heartbeats only feed a zombie-run
    automation, which jingpin does not set up, and cost ~1 s a run; served runs keep them."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    return temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None})
