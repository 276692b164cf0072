"""Full-text search: run Pagefind over a written site (no MkDocs imports here).

The pages say what is indexed (``data-pagefind-body`` on item pages and ordinary
pages, nothing on listings, the catalogue or the search page), and carry their
facets and result metadata as ``data-pagefind-*`` attributes. This module only
runs the indexer: the bundled *extended* Pagefind binary (from the
``pagefind[extended]`` wheel), which segments Chinese text into words at index time.
The bundle is written to ``<site>/pagefind/``.

The extended indexer keeps every page's data until it writes the bundle (about
0.18 MB an ordinary page, more for long ones), so a large portal is indexed in
*shards* of about 1,500 ordinary pages (an estimate of the indexer's memory decides,
see :mod:`opengov.search.shards`), one after another, each by its own process: the
peak memory stays that of one shard (~330 MB) however large the portal grows. Shard 0 is the
bundle at ``pagefind/`` itself (so ``pagefind/pagefind.js`` is where it always was);
shard *k* is the index-only bundle ``pagefind/shard-k/``, and ``pagefind/shards.json``
lists them (see :mod:`opengov.search.shards`). The browser merges the shards with
Pagefind's ``mergeIndex`` (``assets/search.js``). Shards hold pages by date, newest
first, so a search sorted by date reads the shards in order.

Every bundle is written into a work folder beside the output and moved into place
only when all shards succeeded: a failure leaves the previous index as it was.

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

from .children import track, untrack
from .shards import (
    MANIFEST,
    SHARD_ENV,
    SHARD_MEMORY,
    SHARD_PAGES,
    SHARD_PREFIX,
    find_pages,
    manifest,
    plan_shards,
    shard_size,
)

log = logging.getLogger("opengov.search")

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
# What a merged shard needs: its entry file, its meta file and the index, filter and
# fragment folders. The browser runs the primary bundle's script, worker and WASM.
SHARD_KEEP = re.compile(r"^(pagefind-entry\.json|pagefind\.[^/]+\.pf_meta|index|filter|fragment)$")
DEFAULT_TIMEOUT = 60 * 60  # seconds, for all shards together
# Pagefind cuts its word index into files of about this many word locations (its default),
# and a query loads, in every shard, the file(s) holding each of its words. Shards use files
# that many times smaller, so a query loads about as many bytes as from one index. The
# variable is Pagefind's (1.5) own, marked unstable: without it only the bytes change.
CHUNK_LOCATIONS = 20000
CHUNK_ENV = "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE"
WORK_PREFIX = ".opengov-search-"  # never "pagefind…": previews copy pagefind* folders

Progress = Callable[[str], None]


class SearchIndexError(RuntimeError):
    """Pagefind is missing or failed; the message is for the portal's editors."""


@dataclass
class IndexStats:
    pages: int = 0  # pages indexed (all shards)
    words: int = 0  # distinct words indexed, added up over the shards
    filters: int = 0  # distinct filter keys (the most in one shard)
    sorts: int = 0  # distinct sort keys (the most in one shard)
    seconds: float = 0.0
    files: int = 0  # files in the bundle
    bytes: int = 0  # bytes in the bundle
    binary: str = ""
    extended: bool = False
    shards: int = 0  # indexer runs, one bundle each
    peak_rss_mb: float = 0.0  # the largest peak memory of one indexer run (0: not measured)
    shard_rss_mb: list[float] = field(default_factory=list)
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


@dataclass
class _Run:
    code: int
    counts: dict[str, int]
    peak_rss_mb: float
    timed_out: bool
    tail: list[str]


def _run_pagefind(
    binary: Path,
    site: Path,
    out: Path,
    *,
    progress: Progress | None,
    prefix: str,
    timeout: float,
    chunk: int | None = None,
) -> _Run:
    """One indexer process over ``site``, writing its bundle to ``out``."""
    command = [str(binary), "--site", str(site), "--output-path", str(out), "--force-language", LANGUAGE]
    # Only our flags decide: no PAGEFIND_* variables, no pagefind.yml picked up from a
    # working directory (the child runs in an empty one).
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    if chunk is not None:
        env[CHUNK_ENV] = str(chunk)
    counts: dict[str, int] = {}
    tail: list[str] = []
    rss_kb = 0
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
        track(proc)
        assert proc.stdout is not None
        watchdog_fired = threading.Event()

        def _kill() -> None:
            watchdog_fired.set()
            proc.kill()

        watchdog = threading.Timer(max(timeout, 0.0), _kill)
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
                    counts[match.group(2).lower() + "s"] = int(match.group(1))
                if progress is not None:
                    progress(prefix + line)
            if hasattr(os, "wait4"):
                # This child's own peak memory (RUSAGE_CHILDREN would be the largest of all).
                _pid, status, usage = os.wait4(proc.pid, 0)
                code = os.waitstatus_to_exitcode(status)
                proc.returncode = code
                rss_kb = usage.ru_maxrss
            else:  # pragma: no cover - not on Linux
                code = proc.wait()
        finally:
            watchdog.cancel()
            proc.stdout.close()
            if proc.returncode is None and proc.poll() is None:
                # An exception in progress(), Ctrl-C, SIGTERM: do not leave the child behind.
                proc.kill()
                proc.wait()
            untrack(proc)
    return _Run(code, counts, rss_kb / 1024, watchdog_fired.is_set(), tail)


def _link_tree(site_dir: Path, rel_paths: list[str], dest: Path) -> None:
    """The shard's pages at their own relative paths (hard links; copies across disks)."""
    made: set[Path] = set()
    for rel in rel_paths:
        target = dest / rel
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        try:
            os.link(site_dir / rel, target)
        except OSError:
            shutil.copyfile(site_dir / rel, target)


def _work_dir(near: Path) -> Path:
    try:
        return Path(tempfile.mkdtemp(prefix=WORK_PREFIX, dir=near))
    except OSError:
        return Path(tempfile.mkdtemp(prefix=WORK_PREFIX))


def _prune(bundle: Path, keep_ui: bool, extra_shard: bool) -> None:
    if extra_shard:
        for path in bundle.iterdir():
            if not SHARD_KEEP.match(path.name):
                if path.is_dir():
                    shutil.rmtree(path)
                else:
                    path.unlink()
    elif not keep_ui:
        for name in UNUSED_FILES:
            (bundle / name).unlink(missing_ok=True)


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
    rename into place later; the bundle is only valid served at ``<site>/pagefind/``),
    once every shard is indexed: until then, and after a failure, the previous bundle
    stays. Raises :class:`SearchIndexError` when the binary is missing, fails or runs
    past ``timeout`` (all shards together).
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
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    stats = IndexStats(binary=str(binary), extended=extended)
    started = time.monotonic()

    size = shard_size()
    pages = find_pages(site_dir, skip=(out_dir,))
    shards = plan_shards(pages, size)
    stats.shards = len(shards)

    bundle_work = _work_dir(out_dir.parent)  # beside the output: renamed into place at the end
    pages_work: Path | None = None
    try:
        new_bundle = bundle_work / "bundle"
        for number, shard in enumerate(shards):
            remaining = timeout - (time.monotonic() - started)
            if len(shards) == 1:
                # Small portal: the whole site, exactly as Pagefind sees it.
                source, prefix = site_dir, ""
            else:
                if pages_work is None:
                    pages_work = _work_dir(site_dir.parent)  # beside the site: outside what is served
                source = pages_work / f"pages-{number}"
                _link_tree(site_dir, [p.rel for p in shard.pages], source)
                prefix = f"[{number + 1}/{len(shards)}] "
            target = new_bundle if number == 0 else bundle_work / f"shard-{number}"
            chunk = None if len(shards) == 1 else max(1000, CHUNK_LOCATIONS // len(shards))
            run = _run_pagefind(
                binary, source, target, progress=progress, prefix=prefix, timeout=remaining, chunk=chunk
            )
            stats.log_tail = run.tail
            if run.code != 0 or not (target / "pagefind-entry.json").is_file():
                detail = "\n".join(run.tail[-15:])
                reason = f"超过 {timeout:.0f} 秒未完成" if run.timed_out else f"退出码 {run.code}"
                where = f"（第 {number + 1}/{len(shards)} 部分）" if len(shards) > 1 else ""
                raise SearchIndexError(f"建立站内搜索索引失败{where}（{reason}）。Pagefind 输出：\n{detail}")
            shard.indexed = run.counts.get("pages", 0)
            stats.pages += shard.indexed
            stats.words += run.counts.get("words", 0)
            stats.filters = max(stats.filters, run.counts.get("filters", 0))
            stats.sorts = max(stats.sorts, run.counts.get("sorts", 0))
            stats.shard_rss_mb.append(round(run.peak_rss_mb, 1))
            if source is not site_dir:
                shutil.rmtree(source, ignore_errors=True)
        if not (new_bundle / "pagefind.js").is_file():
            raise SearchIndexError("建立站内搜索索引失败：Pagefind 没有写出 pagefind.js")
        _prune(new_bundle, keep_ui, extra_shard=False)
        for number in range(1, len(shards)):
            shard_dir = bundle_work / f"shard-{number}"
            _prune(shard_dir, keep_ui, extra_shard=True)
            os.replace(shard_dir, new_bundle / f"{SHARD_PREFIX}{number}")
        (new_bundle / MANIFEST).write_text(manifest(shards), encoding="utf-8")
        # Into place: the old bundle aside, the new one in, the old one gone.
        old = bundle_work / "old"
        if out_dir.exists():
            os.replace(out_dir, old)
        try:
            os.replace(new_bundle, out_dir)
        except OSError:
            if old.exists():
                os.replace(old, out_dir)
            raise
    finally:
        shutil.rmtree(bundle_work, ignore_errors=True)
        if pages_work is not None:
            shutil.rmtree(pages_work, ignore_errors=True)
    stats.seconds = time.monotonic() - started
    stats.peak_rss_mb = max(stats.shard_rss_mb, default=0.0)
    for path in out_dir.rglob("*"):
        if path.is_file():
            stats.files += 1
            stats.bytes += path.stat().st_size
    return stats


__all__ = [
    "SHARD_ENV",
    "SHARD_MEMORY",
    "SHARD_PAGES",
    "IndexStats",
    "SearchIndexError",
    "find_binary",
    "index_site",
]
