"""Indexing a written site: every shard by its own Pagefind run, then one bundle in place.

The extended indexer keeps every page's data until it writes the bundle (about
0.18 MB an ordinary page, more for long ones), so a large portal is indexed in
*shards* of about 1,500 ordinary pages (an estimate of the indexer's memory decides,
see :mod:`opengov.search.shards`), one after another, each by its own process: the
peak memory stays that of one shard (~330 MB) however large the portal grows. Shard 0 is the
bundle at ``pagefind/`` itself (so ``pagefind/pagefind.js`` is where it always was);
shard *k* is the index-only bundle ``pagefind/shard-k/``, and ``pagefind/shards.json``
lists them (see :mod:`opengov.search.shards`). The browser merges the shards with
Pagefind's ``mergeIndex`` (``assets/search/engine.js``). Shards hold pages by date, newest
first, so a search sorted by date reads the shards in order.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .bundle import folder_size, link_tree, prune, swap_into_place, work_dir
from .pagefind import PagefindRun, Progress, SearchIndexError, find_binary, run_pagefind
from .shards import MANIFEST, SHARD_PREFIX, Page, Shard, find_pages, manifest, plan_shards, shard_size
from .shardstore import ShardStore

log = logging.getLogger("opengov.search")

OUTPUT_SUBDIR = "pagefind"
DEFAULT_TIMEOUT = 60 * 60  # seconds, for all shards together
# Pagefind cuts its word index into files of about this many word locations (its default),
# and a query loads, in every shard, the file(s) holding each of its words. Shards use files
# that many times smaller, so a query loads about as many bytes as from one index. Without
# Pagefind's variable for it (CHUNK_ENV) only the bytes change.
CHUNK_LOCATIONS = 20000


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

    def add_run(self, run: PagefindRun) -> int:
        """Count one shard's run in; returns the pages it indexed."""
        pages = run.counts.get("pages", 0)
        self.pages += pages
        self.words += run.counts.get("words", 0)
        self.filters = max(self.filters, run.counts.get("filters", 0))
        self.sorts = max(self.sorts, run.counts.get("sorts", 0))
        self.shard_rss_mb.append(round(run.peak_rss_mb, 1))
        return pages


def index_site(
    site_dir: Path,
    *,
    progress: Progress | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    keep_ui: bool = False,
    output_dir: Path | None = None,
    replaced: Mapping[str, bytes] | None = None,
    store: ShardStore | None = None,
) -> IndexStats:
    """Index every page of ``site_dir`` that carries ``data-pagefind-body``.

    Replaces ``site_dir/pagefind/`` as a whole (or ``output_dir``, e.g. a folder to
    rename into place later; the bundle is only valid served at ``<site>/pagefind/``),
    once every shard is indexed: until then, and after a failure, the previous bundle
    stays. Raises :class:`SearchIndexError` when the binary is missing, fails or runs
    past ``timeout`` (all shards together). ``replaced``: ``{page path: HTML}`` the
    indexer reads instead of those pages (with their attachments' text,
    :mod:`opengov.search.attachments`); the site itself is never changed. ``store``: shard
    bundles kept between builds (:mod:`opengov.search.shardstore`).
    """
    site_dir = Path(site_dir).resolve()
    if not site_dir.is_dir():
        raise SearchIndexError(f"网站目录不存在：{site_dir}")
    binary = _binary()
    out_dir = Path(output_dir).resolve() if output_dir is not None else site_dir / OUTPUT_SUBDIR
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    stats = IndexStats(binary=str(binary[0]), extended=binary[1])
    started = time.monotonic()
    bundle_work = work_dir(out_dir.parent)  # beside the output: renamed into place at the end
    run: _ShardRun | None = None
    try:
        pages = find_pages(site_dir, skip=(out_dir,))
        if replaced:
            copies = {p.rel: p for p in _write_copies(replaced, bundle_work / "copies")}
            pages = [copies.get(p.rel, p) for p in pages]
        shards = plan_shards(pages, shard_size())
        stats.shards = len(shards)
        run = _ShardRun(
            binary[0], site_dir, bundle_work, len(shards), progress, started, timeout, bool(replaced)
        )
        for number, shard in enumerate(shards):
            shard.indexed = stats.add_run(run.index_or_reuse(number, shard, stats, store))
        if store is not None:
            store.drop_unused()
        new_bundle = _assemble(bundle_work, len(shards), keep_ui)
        (new_bundle / MANIFEST).write_text(manifest(shards), encoding="utf-8")
        swap_into_place(new_bundle, out_dir, bundle_work / "old")
    finally:
        shutil.rmtree(bundle_work, ignore_errors=True)
        if run is not None and run.pages_work is not None:
            shutil.rmtree(run.pages_work, ignore_errors=True)
    stats.seconds = time.monotonic() - started
    stats.peak_rss_mb = max(stats.shard_rss_mb, default=0.0)
    stats.files, stats.bytes = folder_size(out_dir)
    return stats


def _write_copies(pages: Mapping[str, bytes], folder: Path) -> list[Page]:
    for rel, data in pages.items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return find_pages(folder, root=folder)


def _binary() -> tuple[Path, bool]:
    binary, extended = find_binary()
    if not extended:
        log.warning(
            "opengov: 正在使用不含中文分词的 Pagefind（%s）；请安装 pagefind[extended]，否则中文检索效果很差",
            binary,
        )
    return binary, extended


@dataclass
class _ShardRun:
    """Indexes the shards of one site, one after another, into ``bundle_work``."""

    binary: Path
    site_dir: Path
    bundle_work: Path
    count: int
    progress: Progress | None
    started: float
    timeout: float
    copies: bool  # some pages are read from copies: never the site folder as it is
    pages_work: Path | None = None  # the shards' own page trees, made at the first shard

    def chunk(self) -> int | None:
        return None if self.count == 1 else max(1000, CHUNK_LOCATIONS // self.count)

    def index_or_reuse(
        self, number: int, shard: Shard, stats: IndexStats, store: ShardStore | None
    ) -> PagefindRun:
        """Shard ``number``'s bundle from the store when its pages are those of a stored one."""
        if store is None:
            return self.index(number, shard, stats)
        key = store.key(shard, self.site_dir, self.chunk())
        counts = store.get(key, _shard_bundle(self.bundle_work, number))
        if counts is not None:
            return PagefindRun(0, counts, 0.0, False, [])
        run = self.index(number, shard, stats)
        store.put(key, _shard_bundle(self.bundle_work, number), run.counts)
        return run

    def index(self, number: int, shard: Shard, stats: IndexStats) -> PagefindRun:
        """Shard ``number``'s bundle (``bundle``, or ``shard-<number>``); raises when the run failed."""
        remaining = self.timeout - (time.monotonic() - self.started)
        source, prefix = self._pages(number, shard)
        target = _shard_bundle(self.bundle_work, number)
        chunk = self.chunk()
        run = run_pagefind(
            self.binary, source, target, progress=self.progress, prefix=prefix, timeout=remaining, chunk=chunk
        )
        stats.log_tail = run.tail
        if run.code != 0 or not (target / "pagefind-entry.json").is_file():
            detail = "\n".join(run.tail[-15:])
            reason = f"超过 {self.timeout:.0f} 秒未完成" if run.timed_out else f"退出码 {run.code}"
            where = f"（第 {number + 1}/{self.count} 部分）" if self.count > 1 else ""
            raise SearchIndexError(f"建立站内搜索索引失败{where}（{reason}）。Pagefind 输出：\n{detail}")
        if source is not self.site_dir:
            shutil.rmtree(source, ignore_errors=True)
        return run

    def _pages(self, number: int, shard: Shard) -> tuple[Path, str]:
        """The folder the indexer reads for this shard, and the prefix of its log lines."""
        if self.count == 1 and not self.copies:
            # Small portal: the whole site, exactly as Pagefind sees it.
            return self.site_dir, ""
        if self.pages_work is None:
            self.pages_work = work_dir(self.site_dir.parent)  # beside the site: outside what is served
        source = self.pages_work / f"pages-{number}"
        link_tree([(p.root or self.site_dir, p.rel) for p in shard.pages], source)
        return source, f"[{number + 1}/{self.count}] " if self.count > 1 else ""


def _shard_bundle(bundle_work: Path, number: int) -> Path:
    return bundle_work / "bundle" if number == 0 else bundle_work / f"shard-{number}"


def _assemble(bundle_work: Path, count: int, keep_ui: bool) -> Path:
    """The primary bundle with every other shard moved in as ``shard-<k>/``, pruned."""
    new_bundle = _shard_bundle(bundle_work, 0)
    if not (new_bundle / "pagefind.js").is_file():
        raise SearchIndexError("建立站内搜索索引失败：Pagefind 没有写出 pagefind.js")
    prune(new_bundle, keep_ui, extra_shard=False)
    for number in range(1, count):
        shard_dir = _shard_bundle(bundle_work, number)
        prune(shard_dir, keep_ui, extra_shard=True)
        os.replace(shard_dir, new_bundle / f"{SHARD_PREFIX}{number}")
    return new_bundle
