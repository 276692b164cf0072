"""Running the Pagefind binary: finding it, one indexer process, its log and its memory.

The binary runs as a child process, so the portal's own memory does not grow with
the index; its log is read line by line and passed to ``progress``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .children import track, untrack

LANGUAGE = "zh"
# Pagefind's (1.5) own variable for the word-index file size, marked unstable.
CHUNK_ENV = "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE"
LOG_TAIL = 40  # lines of the indexer's log kept for an error message

Progress = Callable[[str], None]


class SearchIndexError(RuntimeError):
    """Pagefind is missing or failed; the message is for the portal's editors."""


def find_binary() -> tuple[Path, bool]:
    """The Pagefind executable and whether it is the extended build (Chinese segmentation).

    Order: ``PAGEFIND_BINARY_PATH``; the ``pagefind_bin_extended`` wheel; the plain
    ``pagefind_bin`` wheel; ``pagefind_extended`` or ``pagefind`` on ``PATH``.
    """
    env_path = os.environ.get("PAGEFIND_BINARY_PATH")
    if env_path:
        path = Path(env_path)
        return path, "extended" in path.name
    try:
        from pagefind_bin_extended import get_executable

        return Path(get_executable()), True
    except (ImportError, FileNotFoundError):
        pass
    try:
        from pagefind_bin import get_executable as get_plain

        return Path(get_plain()), False
    except (ImportError, FileNotFoundError):
        pass
    for name, extended in (("pagefind_extended", True), ("pagefind", False)):
        found = shutil.which(name)
        if found:
            return Path(found), extended
    raise SearchIndexError(
        "找不到 Pagefind 搜索索引程序。请安装：pip install 'pagefind[extended]'，"
        "或在 mkdocs.yml 的 opengov 插件下设置 search: false 关闭站内搜索"
    )


_COUNT_RE = re.compile(r"Indexed (\d+) (page|word|filter|sort)s?\b", re.IGNORECASE)


@dataclass
class PagefindRun:
    """What one indexer process did."""

    code: int
    counts: dict[str, int]  # "pages", "words", "filters", "sorts" as the log reports them
    peak_rss_mb: float
    timed_out: bool
    tail: list[str]


def run_pagefind(
    binary: Path,
    site: Path,
    out: Path,
    *,
    progress: Progress | None,
    prefix: str,
    timeout: float,
    chunk: int | None = None,
) -> PagefindRun:
    """One indexer process over ``site``, writing its bundle to ``out``."""
    command = [str(binary), "--site", str(site), "--output-path", str(out), "--force-language", LANGUAGE]
    with tempfile.TemporaryDirectory(prefix="opengov-pagefind-") as cwd:
        proc = _start(binary, command, _child_env(chunk), cwd)
        track(proc)
        watchdog_fired = threading.Event()

        def _kill() -> None:
            watchdog_fired.set()
            proc.kill()

        watchdog = threading.Timer(max(timeout, 0.0), _kill)
        watchdog.daemon = True
        watchdog.start()
        try:
            counts, tail = _follow_log(proc, progress, prefix)
            code, rss_kb = _wait(proc)
        finally:
            watchdog.cancel()
            _stop(proc)
    return PagefindRun(code, counts, rss_kb / 1024, watchdog_fired.is_set(), tail)


def _child_env(chunk: int | None) -> dict[str, str]:
    """Only our flags decide: no PAGEFIND_* variables of the caller's (and no pagefind.yml,
    since the child runs in an empty working directory)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    if chunk is not None:
        env[CHUNK_ENV] = str(chunk)
    return env


def _start(binary: Path, command: list[str], env: dict[str, str], cwd: str) -> subprocess.Popen[str]:
    try:
        return subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
            bufsize=1,
        )
    except OSError as exc:
        raise SearchIndexError(f"无法运行 Pagefind（{binary}）：{exc}") from exc


def _follow_log(
    proc: subprocess.Popen[str], progress: Progress | None, prefix: str
) -> tuple[dict[str, int], list[str]]:
    """Read the log to its end: the counts it reports and its last lines."""
    assert proc.stdout is not None
    counts: dict[str, int] = {}
    tail: list[str] = []
    for raw in proc.stdout:
        line = raw.rstrip()
        if not line:
            continue
        tail = (tail + [line])[-LOG_TAIL:]
        match = _COUNT_RE.search(line)
        if match:
            counts[match.group(2).lower() + "s"] = int(match.group(1))
        if progress is not None:
            progress(prefix + line)
    return counts, tail


def _wait(proc: subprocess.Popen[str]) -> tuple[int, int]:
    """The exit code and the child's peak memory in KB (0: not measured)."""
    if hasattr(os, "wait4"):
        # This child's own peak memory (RUSAGE_CHILDREN would be the largest of all).
        _pid, status, usage = os.wait4(proc.pid, 0)
        code = os.waitstatus_to_exitcode(status)
        proc.returncode = code
        return code, usage.ru_maxrss
    return proc.wait(), 0  # pragma: no cover - not on Linux


def _stop(proc: subprocess.Popen[str]) -> None:
    assert proc.stdout is not None
    proc.stdout.close()
    if proc.returncode is None and proc.poll() is None:
        # An exception in progress(), Ctrl-C, SIGTERM: do not leave the child behind.
        proc.kill()
        proc.wait()
    untrack(proc)
