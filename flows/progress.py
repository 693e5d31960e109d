"""A process-wide progress hook: the CLI installs a bar, flows report pages and submissions."""

from __future__ import annotations

from collections.abc import Callable

_listener: Callable[[str, int, str], None] | None = None


def set_listener(listener: Callable[[str, int, str], None] | None) -> None:
    global _listener
    _listener = listener


def report(event: str, amount: int = 1, detail: str = "") -> None:
    """``event`` is "total_pages", "pages" or "submission"."""
    if _listener is not None:
        _listener(event, amount, detail)
