"""One build of the portal, from the lock to the swap, with no engine imports.

The adapter (``mkdocs_plugin``) calls these steps from its events and only translates:
the engine's objects to plain values, :class:`BuildStopped` to its own error. The steps:
``begin`` (settings checked, lock taken) → ``read`` (the portal, or a held preview) →
``stage`` (a sibling folder to build into) → ``plan`` (the generated pages, and which a
preview may keep) → ``finish_outputs`` (feeds, exports, search, the output gate) → ``end``
(the new site swapped in, or thrown away).
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from markupsafe import escape

from ..core.buildlock import BuildLock
from ..core.compliance import compliance_bundle
from ..core.loader import LoadOptions, ParseCache, load_portal
from ..core.model import Portal
from ..core.oserrors import os_error_message
from ..core.outputgate import Origin, item_origins, plan_gate, plan_key, run_gate, site_files
from ..core.plaintext import first_paragraph_sentence
from ..core.siteswap import empty_later, remover
from ..search.children import exit_on_sigterm, kill_all
from ..search.pagefind import SearchIndexError
from .buildcache import BuildCache, CacheState, Prefetch, StoredPage, load_parsed, save_parsed
from .incremental import BuildState, Incremental, digest
from .options import SiteOptions
from .outputs import index_search_later, redirect_paths, write_outputs
from .pages import SitePages
from .staging import Staging

log = logging.getLogger("opengov")


class BuildStopped(Exception):
    """A problem for the editor or administrator to fix; the message says it in Chinese."""


@dataclass(frozen=True)
class PlannedPage:
    """A generated page as the engine gets it."""

    src_uri: str
    content: str
    in_nav: bool
    reused: bool  # a preview keeps the served page: the engine must not render it
    modified: bool  # its inputs changed since the last build (a --dirty build re-renders it)


@dataclass
class Plan:
    pages: list[PlannedPage]
    changed: set[str] | None  # None: every page is rendered
    state: BuildState


class PortalBuild:
    """The state one `build` (or every rebuild of one `serve`) keeps between its steps."""

    def __init__(self) -> None:
        self.command: str | None = None
        self.dirty = False
        self.cache = ParseCache()  # survives rebuilds under `mkdocs serve`
        self.incremental = Incremental()
        self.search_pending: tuple[Path, Portal] | None = None  # the newest preview to index
        self.search_thread: threading.Thread | None = None
        self.feed_memo: dict[str, tuple[str, bytes]] = {}
        self.html_by_path: dict[str, str] = {}
        self.staging: Staging | None = None
        self.lock: BuildLock | None = None  # held from begin() until the build ends
        self.failed = False
        self.built = False  # the outputs are written and gated: only then may the new site go in
        self.held = False  # a preview with errors: nothing is built, the served site stays
        self.portal: Portal | None = None
        self.site: SitePages | None = None
        self.root = Path.cwd()
        self.catalog_rel = ""
        self.plan_state: BuildState | None = None
        self.reused: set[str] = set()  # pages a plain-serve preview keeps from the served site
        # For the output gate: what docs pages and static files are, and what the theme ships.
        self.docs_origins: dict[str, Origin] = {}
        self.docs_texts: list[str] = []
        self.theme_outputs: set[str] = set()
        # `mkdocs build`'s persistent cache (site/buildcache.py): the pages it may give back.
        self.cache_dir = Path(".cache/opengov")
        self.build_cache: BuildCache | None = None
        self.cache_candidates: list[str] = []
        self.cached_pages: dict[str, StoredPage] = {}
        self.gate_key = ""
        self.prefetch: Prefetch | None = None  # the last build's pages, linked while the portal is read
        self.to_link: list[StoredPage] = []  # reused pages still to link (without a prefetch)
        self.gate_read: dict[str, str] = {}  # digests of the files the gate read

    # -- begin, read, stage ----------------------------------------------------------------

    def start(self, command: str, dirty: bool) -> None:
        self.command = command
        self.dirty = dirty
        self.incremental.forget()
        exit_on_sigterm()  # `kill PID` cleans up (Pagefind ended, site/ kept) like Ctrl-C

    def begin(
        self,
        root: Path,
        cache_dir: Path,
        catalog_rel: str,
        problems: list[str],
        config_name: str,
        site_dir: str = "site",
    ) -> None:
        """Settings judged (``core/config_problems.py``), then one build at a time per portal."""
        self.failed = False
        self.built = False
        if problems:
            raise BuildStopped(f"{config_name}：" + "；".join(problems))
        self.root = root
        self.catalog_rel = catalog_rel
        self.cache_dir = cache_dir
        if self.lock is not None and self.lock.path.parent != cache_dir:
            self._unlock()
        if self.lock is None:
            self.lock = BuildLock(
                cache_dir, on_wait=lambda: log.info("opengov: 另一次构建正在进行，等待其完成……")
            )
        try:
            self.lock.acquire()
        except OSError as exc:
            raise_os_error(exc, self.root)
            raise
        self._prefetch(site_dir)

    @property
    def cached_build(self) -> bool:
        """A `build` (not a preview, not --dirty): it uses and keeps the build cache."""
        return self.command in ("build", "gh-deploy") and not self.dirty

    def _prefetch(self, site_dir: str) -> None:
        """A `build` with a cache: link the last build's pages while the portal is read."""
        self._drop_prefetch()
        if self.cached_build:
            empty_later(self.cache_dir / "trash")
        if not self.cached_build or not hasattr(os, "fork") or threading.active_count() != 1:
            return  # (forking beside other threads is not safe)
        cache = BuildCache(self.cache_dir / "build", None)
        if not cache.loaded.pages:
            return
        target = Path(os.path.realpath(site_dir))
        folder = target.with_name(f"{target.name}.opengov-pre")
        if folder.exists():
            remover(self.cache_dir / "trash")(folder)  # a crashed build's
        self.prefetch = Prefetch(cache, folder)

    def _drop_prefetch(self) -> None:
        prefetch, self.prefetch = self.prefetch, None
        if prefetch is not None:
            prefetch.wait()
            if prefetch.folder.exists():
                remover(self.cache_dir / "trash")(prefetch.folder)

    def read(self, options: LoadOptions, site_options: SiteOptions) -> bool:
        """Read and check the portal; False when a preview must hold (errors under `serve`)."""
        if self.cached_build and not self.cache.entries:
            load_parsed(self.cache_dir / "build", self.cache)  # a new process: the last build's
        portal = load_portal(options, cache=self.cache, progress=_progress)
        for finding in portal.findings:
            (log.error if finding.severity == "error" else log.warning)(finding.format())
        self.held = False
        if portal.errors:
            if self.command != "serve":
                raise BuildStopped(
                    f"发现 {len(portal.errors)} 个错误（见上方，格式为“文件:行: 错误代码: 说明”），构建已停止，"
                    "现有网站保持不变。可运行“opengov check”逐条核对"
                )
            log.error(
                "发现 %d 个错误（见上方），预览仍显示上一次成功构建的网站；改正后保存即可自动更新",
                len(portal.errors),
            )
            self.held = True
            self.failed = True
            return False
        self.portal = portal
        self.site = SitePages(portal, site_options, options.docs_dir)
        if site_options.compliance_page:
            bundle = compliance_bundle(
                portal,
                portal.today,
                annual_file=self.root / annual if (annual := options.annual_report) else None,
                annual_rel=annual or "",
            )
            # Report warnings (e.g. calendar-out-of-range) belong to the report page, not the build;
            # the annual report's own defects were already checked by load_portal.
            for finding in bundle.report.warnings:
                log.info(finding.format())
            self.site.compliance = bundle
        return True

    def stage(self, site_dir: str, cache_dir: Path) -> str:
        """Where the engine writes: a sibling of ``site_dir``, swapped in when all went well.

        A held preview builds nothing into it; a ``--dirty`` build writes in place.
        """
        if self.command != "serve" and not self.held:
            # What this site holds because of items, for a later `mkdocs build --dirty` to prune.
            site_key = digest(str(Path(site_dir).resolve()))
            self.incremental.manifest = cache_dir / f"outputs-{site_key}.json"
        if self.dirty and not self.held:
            return site_dir
        # A `build` deletes the site it replaced in the background (the cache folder's trash).
        self.staging = Staging(site_dir, cache_dir / "trash" if self.command != "serve" else None)
        return self.staging.prepare()

    def token(self, settings: Iterable[object]) -> str:
        """What every page depends on (the catalog and the engine's settings): a change re-renders all."""
        try:
            catalog = (self.root / self.catalog_rel).read_bytes()
        except OSError:
            catalog = b""
        parts = [digest(catalog.decode("utf-8", "replace")), *map(repr, settings)]
        return digest("|".join(parts))

    # -- plan --------------------------------------------------------------------------------

    def plan(self, token: str, docs_urls: list[str]) -> Plan:
        """The generated pages, and which of them a preview keeps from the served site."""
        assert self.portal is not None and self.site is not None
        self.site.set_docs_urls(docs_urls)
        self.build_cache, self.cached_pages, self.cache_candidates = None, {}, []
        generated = list(self.site.generated_pages())
        nav_pages = {uri for uri, _content, nav in generated if nav}
        state = BuildState(
            token=token,
            fingerprints=self.site.fingerprints(),
            outputs=self.site.outputs(),
            copied=set(self.portal.copied_files),
            redirects=redirect_paths(self.portal),
        )
        reuse_mode = self.command == "serve" and not self.dirty and self.staging is not None
        changed = self.incremental.changed(state, self.dirty or reuse_mode)
        reused = self.reused = set()
        if reuse_mode and changed is not None and self.staging is not None:
            # Render only what changed into the (empty) staging folder, then merge it over the
            # served site: the engine skips the rest, and links to them still resolve.
            reused.update(uri for uri in state.outputs if uri not in changed and uri not in nav_pages)
            self.staging.partial = True
        if changed is None:
            # Kept between previews for the pages and feeds not re-rendered.
            self.html_by_path = {}
            self.feed_memo = {}
        if self.cached_build and self.staging is not None:
            reused.update(self._from_cache(token, state, nav_pages))
        self.site.feed_memo = self.feed_memo
        self.plan_state = state
        pages = [
            PlannedPage(uri, content, nav, uri in reused, changed is None or uri in changed)
            for uri, content, nav in generated
        ]
        return Plan(pages, changed, state)

    def _from_cache(self, token: str, state: BuildState, nav_pages: set[str]) -> set[str]:
        """The items' and listings' pages the build cache gives back unchanged (the rest render)."""
        assert self.site is not None
        prefetch = self.prefetch
        if prefetch is not None:
            cache = self.build_cache = prefetch.cache
            cache.accept(token)
        else:
            cache = self.build_cache = BuildCache(self.cache_dir / "build", token)
        site = self.site
        self.cache_candidates = [
            uri
            for uri in state.outputs
            if uri in site.items or (uri in site.listings and uri not in nav_pages)
        ]
        needs_html = {path: path for path in site.feed_paths}
        intact = prefetch.wait() if prefetch is not None else None
        found = self.cached_pages = cache.reusable(
            state.fingerprints, state.outputs, self.cache_candidates, needs_html, intact
        )
        self.feed_memo.update(cache.feeds())  # render_all compares each feed's inputs
        for path in site.feed_paths & found.keys():
            html = cache.feed_html(path, state.fingerprints[path])
            if html is not None:
                self.html_by_path[path] = html
        self.to_link = list(found.values())
        if (
            prefetch is not None
            and self.staging is not None
            and found
            and prefetch.adopt(self.staging.work, found)
        ):
            self.to_link = []  # already in place
            self.prefetch = None
        self._drop_prefetch()
        if found:
            log.info(
                "opengov: 使用构建缓存：%d 个页面未变、直接沿用，其余 %d 个页面重新生成",
                len(found),
                len(state.outputs) - len(found),
            )
        return set(found)

    def _store_cache(self, site_dir: Path) -> None:
        """After a good build: what it rendered, for the next one (a failure costs only speed)."""
        cache, state = self.build_cache, self.plan_state
        if cache is None or state is None or self.site is None:
            return
        found = self.cached_pages
        pages = {
            uri: StoredPage(
                state.fingerprints[uri], state.outputs[uri], found[uri].digest if uri in found else ""
            )
            for uri in self.cache_candidates
        }
        feed_html = {
            path: (state.fingerprints[path], html)
            for path, html in self.html_by_path.items()
            if path in self.site.feed_paths
        }
        record = CacheState(
            pages=pages, feed_html=feed_html, gate_plan=self.gate_key, gate_clean=self.gate_read
        )
        try:
            record.feeds = {
                path: (key, cache.add_object(data)) for path, (key, data) in self.feed_memo.items()
            }
            rendered = [uri for uri in self.cache_candidates if uri not in found]
            cache.store(record, site_dir, rendered, self.gate_read)
            save_parsed(cache.folder, self.cache, self.site.items.keys())
        except OSError as exc:
            log.warning("opengov: 构建缓存未能写入（%s），下次构建将完整重新生成", exc)

    def note_sources(
        self, docs_origins: dict[str, Origin], theme_outputs: set[str], outputs: set[str]
    ) -> None:
        """Which output comes from which docs file, which are the theme's, and all the engine writes."""
        self.docs_origins = docs_origins
        self.docs_texts = []
        self.theme_outputs = theme_outputs
        if self.plan_state is not None:
            self.plan_state.protected = outputs

    def page_html(self, src_uri: str, html: str) -> str | None:
        """An item's rendered body, kept for its feed entries; returns the page's description
        (``<meta name="description">``) when the item has no summary of its own."""
        assert self.site is not None
        item = self.site.item_for(src_uri)
        if item is None:
            return None
        if item.path in self.site.feed_paths:
            self.html_by_path[item.path] = html
        return None if item.summary else escape(first_paragraph_sentence(html)) or None

    # -- outputs and the end ---------------------------------------------------------------------

    def finish_outputs(
        self, site_dir: Path, *, site_url: str, site_name: str, options: SiteOptions, warned: bool
    ) -> Path | None:
        """After the pages: feeds, exports, search, the gate. Returns the folder a finished
        `serve` (or API) build is served from, None when it failed or is a plain `build`."""
        if self.held:
            self.end()  # throws the empty build away
            return None
        assert self.portal is not None and self.site is not None
        partial = self.staging is not None and self.staging.partial
        if self.dirty or partial:
            # Outputs of an item that left the published set leave the site being updated,
            # before the search index reads it.
            self.incremental.prune(self.staging.final if partial and self.staging else site_dir)
        self._link_reused(site_dir)
        try:
            write_outputs(
                self.portal,
                site=self.site,
                site_dir=site_dir,
                site_url=site_url,
                site_name=site_name,
                options=options,
                html_by_path=self.html_by_path,
                # A preview shows the page at once; its search index follows in the background.
                index_search=self.command != "serve",
                search_store=self.cache_dir / "build" / "search" if self.build_cache is not None else None,
            )
        except SearchIndexError as exc:
            raise BuildStopped(str(exc)) from exc
        if self.gate(site_dir):
            self.incremental.commit()
            self._store_cache(site_dir)
        else:
            self.incremental.forget()  # the preview was thrown away: render everything next time
        self.built = True
        if self.command == "build":
            return None  # the swap waits for the end of the engine's build (end())
        # Under `serve` (and the Python API) no later step comes per build, and an engine's
        # --strict abort comes after this one: judge the warnings the same way it will.
        self.failed = self.failed or warned
        search = self.command == "serve" and options.search and not self.failed
        if search:
            self._keep_search_index(site_dir)
        served = self.staging.final if self.staging is not None else site_dir
        portal = self.portal
        self.end()
        if self.failed:
            return None
        if search:
            self._search_later(served, portal)
        return served

    def gate(self, site_dir: Path) -> bool:
        """The last lock: read the staged site as its readers get it (core/outputgate.py)."""
        assert self.portal is not None
        try:
            catalog_text = (self.root / self.catalog_rel).read_text("utf-8", "replace")
        except OSError:
            catalog_text = ""
        origins = {**self.docs_origins, **item_origins(self.portal)}
        plan = plan_gate(self.portal, origins, self.theme_outputs, [*self.docs_texts, catalog_text])
        files = None
        self.gate_key = plan_key(plan)
        self.gate_read = {}
        cache = self.build_cache
        clean = cache.gate_clean(self.gate_key) if cache is not None else {}
        if clean and self.cached_pages:
            # The cache's pages passed this very gate plan before, byte for byte (checked).
            trusted = {page.output for page in self.cached_pages.values()}
            files = [name for name in site_files(site_dir) if name not in trusted]
        if self.command == "serve":
            # A preview's search index is rebuilt in the background from the pages gated here;
            # the one on disk until then is the previous, already gated build's.
            files = [name for name in site_files(site_dir) if not name.startswith("pagefind/")]
        # A build runs no other thread here (a preview's search worker may): only then fork.
        parallel = self.command == "build" and threading.active_count() == 1
        findings = run_gate(
            plan, site_dir, self.root, files, parallel=parallel, clean=clean, digests=self.gate_read
        )
        if not findings:
            return True
        for finding in findings:
            log.error(finding.format())
        self.failed = True
        message = f"生成的网站中发现 {len(findings)} 处不应公开的内容（见上方），构建已停止，现有网站保持不变"
        if self.command == "serve":
            log.error("%s；预览仍显示上一次成功构建的网站", message)
            return False
        raise BuildStopped(message)

    def _link_reused(self, site_dir: Path) -> None:
        pages, self.to_link = self.to_link, []
        if pages and self.build_cache is not None:
            self.build_cache.link_into(site_dir, pages)

    def abandon(self, error: BaseException) -> None:
        """The engine's build failed: throw the staged site away, say why in Chinese if we can."""
        self.failed = True
        self.to_link = []
        self._drop_prefetch()
        self.incremental.forget()  # a half-written preview: render everything next time
        if self.staging is not None:
            self.staging.discard()
            self.staging = None
        self._unlock()
        raise_os_error(error, self.root)

    def shutdown(self) -> None:
        kill_all()
        try:
            self.end()
        except OSError as exc:  # the swap of a `build` happens here
            raise_os_error(exc, self.root, kept=not getattr(exc, "opengov_site_touched", False))
            raise

    def end(self) -> None:
        """Swap the new site in when the build succeeded, else throw it away; release the lock."""
        staging, self.staging = self.staging, None
        try:
            self._drop_prefetch()  # a held or failed build's
            if staging is None:
                return
            if self.failed or not self.built:
                staging.discard()  # also Ctrl-C or SIGTERM mid-build: the half-built site goes
                return
            try:
                staging.finish()
            except BaseException as exc:
                if staging.touched:
                    # A mark on the exception, read back with getattr by shutdown().
                    exc.opengov_site_touched = True  # type: ignore[attr-defined]
                staging.discard()
                raise
        finally:
            self._unlock()

    def _unlock(self) -> None:
        if self.lock is not None:
            self.lock.release()

    def _keep_search_index(self, new_site: Path) -> None:
        """Until the background indexer is done, a preview keeps the previous build's index."""
        if self.staging is None or self.staging.partial:
            return  # a partial preview is merged into the served site, index and all
        for bundle in self.staging.final.glob("pagefind*"):
            target = new_site / bundle.name
            if bundle.is_dir() and not target.exists():
                shutil.copytree(bundle, target, copy_function=os.link)

    def _search_later(self, site_dir: Path, portal: Portal) -> None:
        self.search_pending = (site_dir, portal)
        if self.search_thread is not None and self.search_thread.is_alive():
            return  # the running worker picks the newest folder up when it is done
        self.search_thread = threading.Thread(target=self._search_worker, name="opengov-search", daemon=True)
        self.search_thread.start()

    def _search_worker(self) -> None:
        while self.search_pending is not None:
            (target, portal), self.search_pending = self.search_pending, None
            index_search_later(target, portal)


def raise_os_error(error: BaseException, root: Path, kept: bool = True) -> None:
    """A full disk, a missing permission…: a Chinese message instead of a traceback."""
    message = os_error_message(error, root)
    if message is not None:
        # An in-place update (a mounted site/) that failed half way has changed some files.
        outcome = "现有网站保持不变" if kept else "网站文件夹只更新了一部分，改正后重新构建即可补全"
        raise BuildStopped(f"{message}。构建已停止，{outcome}") from error


def _progress(done: int, total: int) -> None:
    if total >= 2000:
        log.info("opengov: 已读取 %d/%d 条信息", done, total)
