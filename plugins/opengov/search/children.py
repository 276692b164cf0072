"""The indexer's child processes end with the build, however the build ends.

A ``kill PID`` (SIGTERM, as systemd, Docker and CI runners stop a job) ends Python at once,
without ``finally`` blocks, and would leave Pagefind running. :func:`exit_on_sigterm` turns
SIGTERM into :class:`SystemExit` so clean-up runs; every live child is killed then, and at exit.
"""

from __future__ import annotations

import atexit
import signal
import subprocess
import threading
from types import FrameType

_live: set[subprocess.Popen[str]] = set()
_guard = threading.Lock()


def track(proc: subprocess.Popen[str]) -> None:
    with _guard:
        _live.add(proc)


def untrack(proc: subprocess.Popen[str]) -> None:
    with _guard:
        _live.discard(proc)


def kill_all() -> None:
    """Kill and reap every child still running (on shutdown, at exit)."""
    with _guard:
        running = list(_live)
        _live.clear()
    for proc in running:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _exit(signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def exit_on_sigterm() -> None:
    """SIGTERM becomes :class:`SystemExit` (main thread only; an own handler is left alone)."""
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _exit)


atexit.register(kill_all)
