"""Full-text search: run Pagefind over a written site (no MkDocs imports here).

The pages say what is indexed (``data-pagefind-body`` on item pages and ordinary
pages, nothing on listings, the catalogue or the search page), and carry their
facets and result metadata as ``data-pagefind-*`` attributes. This module only
runs the indexer, once, over the whole folder: the bundled *extended* Pagefind
binary (from the ``pagefind[extended]`` wheel), which segments Chinese text into
words at index time. The bundle is written to ``<site>/pagefind/``.

The binary runs as a child process, so the portal's own memory does not grow with
the index; its log is read line by line and passed to ``progress``.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.opengov.search")

OUTPUT_SUBDIR = "pagefind"
LANGUAGE = "zh"
# Files Pagefind writes that the portal never loads: its prebuilt UIs (the portal
# brings its own Chinese UI). Removing them keeps the published site small.
UNUSED_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
)
DEFAULT_TIMEOUT = 60 * 60  # seconds; a 10,000-item portal takes well under a minute

Progress = Callable[[str], None]


class SearchIndexError(RuntimeError):
    """Pagefind is missing or failed; the message is for the portal's editors."""


@dataclass
class IndexStats:
    pages: int = 0  # pages indexed
    words: int = 0  # distinct words indexed
    filters: int = 0  # distinct filter keys
    sorts: int = 0  # distinct sort keys
    seconds: float = 0.0
    files: int = 0  # files in the bundle
    bytes: int = 0  # bytes in the bundle
    binary: str = ""
    extended: bool = False
    log_tail: list[str] = field(default_factory=list)


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
        from pagefind_bin_extended import get_executable  # type: ignore[import-not-found]

        return Path(get_executable()), True
    except (ImportError, FileNotFoundError):
        pass
    try:
        from pagefind_bin import get_executable as get_plain  # type: ignore[import-not-found]

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


def index_site(
    site_dir: Path,
    *,
    progress: Progress | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    keep_ui: bool = False,
    output_dir: Path | None = None,
) -> IndexStats:
    """Index every page of ``site_dir`` that carries ``data-pagefind-body``.

    Replaces ``site_dir/pagefind/`` as a whole (or ``output_dir``, e.g. a folder to
    rename into place later; the bundle is only valid served at ``<site>/pagefind/``).
    Raises :class:`SearchIndexError` when the binary is missing, fails or runs past
    ``timeout``.
    """
    site_dir = Path(site_dir).resolve()
    if not site_dir.is_dir():
        raise SearchIndexError(f"网站目录不存在：{site_dir}")
    binary, extended = find_binary()
    if not extended:
        log.warning(
            "opengov: 正在使用不含中文分词的 Pagefind（%s）；请安装 pagefind[extended]，否则中文检索效果很差",
            binary,
        )
    out_dir = Path(output_dir).resolve() if output_dir is not None else site_dir / OUTPUT_SUBDIR
    shutil.rmtree(out_dir, ignore_errors=True)  # never keep an index of pages that are gone
    command = [str(binary), "--site", str(site_dir)]
    if output_dir is None:
        command += ["--output-subdir", OUTPUT_SUBDIR]
    else:
        command += ["--output-path", str(out_dir)]
    command += ["--force-language", LANGUAGE]
    # Only our flags decide: no PAGEFIND_* variables, no pagefind.yml picked up from a
    # working directory (the child runs in an empty one).
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    stats = IndexStats(binary=str(binary), extended=extended)
    tail: list[str] = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="opengov-pagefind-") as cwd:
        try:
            proc = subprocess.Popen(
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
        assert proc.stdout is not None
        watchdog_fired = threading.Event()

        def _kill() -> None:
            watchdog_fired.set()
            proc.kill()

        watchdog = threading.Timer(timeout, _kill)
        watchdog.daemon = True
        watchdog.start()
        try:
            for raw in proc.stdout:
                line = raw.rstrip()
                if not line:
                    continue
                tail = (tail + [line])[-40:]
                match = _COUNT_RE.search(line)
                if match:
                    value, kind = int(match.group(1)), match.group(2).lower()
                    setattr(stats, kind + "s", value)
                if progress is not None:
                    progress(line)
            code = proc.wait()
        finally:
            watchdog.cancel()
            proc.stdout.close()
            if proc.poll() is None:  # an exception in progress(): do not leave the child behind
                proc.kill()
                proc.wait()
        timed_out = watchdog_fired.is_set()
    stats.seconds = time.monotonic() - started
    stats.log_tail = tail
    if code != 0 or not (out_dir / "pagefind.js").is_file():
        shutil.rmtree(out_dir, ignore_errors=True)
        detail = "\n".join(tail[-15:])
        reason = f"超过 {timeout:.0f} 秒未完成" if timed_out else f"退出码 {code}"
        raise SearchIndexError(f"建立站内搜索索引失败（{reason}）。Pagefind 输出：\n{detail}")
    if not keep_ui:
        for name in UNUSED_FILES:
            (out_dir / name).unlink(missing_ok=True)
    for path in out_dir.rglob("*"):
        if path.is_file():
            stats.files += 1
            stats.bytes += path.stat().st_size
    return stats


__all__ = ["IndexStats", "SearchIndexError", "find_binary", "index_site"]
