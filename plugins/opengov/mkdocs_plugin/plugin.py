"""The MkDocs adapter: each event translates between MkDocs and the engine-free core."""

from __future__ import annotations

import logging
import os
import re
import shutil
import threading
from pathlib import Path
from typing import Any, Literal

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler, nest_paths

from ..core.buildlock import BuildLock
from ..core.comments import strip_comments
from ..core.compliance_site import compliance_bundle
from ..core.loader import LoadOptions, ParseCache, load_portal
from ..core.model import Portal, relative_posix
from ..core.options import catalog_path
from ..core.oserrors import os_error_message
from ..core.outputgate import Origin, item_origins, page_allow, plan_gate, run_gate, site_files
from ..core.sanitize import sanitize
from ..core.siteconfig import config_problems
from ..search import SearchIndexError
from ..search.children import exit_on_sigterm, kill_all
from ..site import pages as views
from ..site.incremental import BuildState, Incremental, digest
from ..site.outputs import index_search_later, redirect_paths, write_outputs
from .config import OpenGovConfig
from .files import PortalFile
from .jinja import MemoryBytecodeCache, autoescape_for, break_after_slash, human_size
from .staging import Staging

log = logging.getLogger("mkdocs.plugins.opengov")
PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
ASSETS_DIR = PACKAGE_DIR / "assets"
ASSETS_PREFIX = "assets/opengov/"


# Material ships its lunr search (worker, language packs) and source maps: 2.2 MB and 35 files
# no page of the portal loads, since search is Pagefind's.
UNUSED_THEME_PREFIXES = ("assets/javascripts/lunr/", "assets/javascripts/workers/")


def unused_theme_files(files: Files, config: MkDocsConfig) -> list[File]:
    """Theme files nothing in the portal requests (kept when Material's own search plugin is on)."""
    if any(name in config.plugins for name in ("search", "material/search")):
        return []
    custom = config.theme.custom_dir
    shipped = [d for d in config.theme.dirs if not custom or os.path.abspath(d) != os.path.abspath(custom)]
    theme_dirs = tuple(os.path.join(os.path.abspath(d), "") for d in shipped)
    return [
        file
        for file in files
        if (file.src_uri.startswith(UNUSED_THEME_PREFIXES) or file.src_uri.endswith(".map"))
        and file.abs_src_path is not None
        and file.abs_src_path.startswith(theme_dirs)
    ]


class GeneratedLinkFilter(logging.Filter):
    """Drops MkDocs' "unrecognized relative link" notes about links to the portal's own pages.

    A docs page linking to ``catalog/`` or ``../fiscal/`` works (MkDocs leaves the link as is and
    the page exists); MkDocs only cannot tell, because the page is generated. Its own guess names
    the generated file, so the note is dropped exactly when that guess is one of ours.
    """

    GUESS = re.compile(
        r"contains an unrecognized relative link '.*', it was left as is\. Did you mean '(.+)'\?$"
    )

    def __init__(self) -> None:
        super().__init__("mkdocs.structure.pages")
        self.generated: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        match = self.GUESS.search(record.getMessage())
        return not (match and match.group(1) in self.generated)


PAGES_LOG = logging.getLogger("mkdocs.structure.pages")


class OpenGovPlugin(BasePlugin[OpenGovConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command: str | None = None
        self.dirty = False
        self.cache = ParseCache()  # survives rebuilds under `mkdocs serve`
        self.incremental = Incremental()
        self.search_pending: Path | None = None
        self.search_thread: threading.Thread | None = None
        self.reused: set[str] = set()  # pages a plain-serve preview keeps from the served site
        self.feed_memo: dict[str, tuple[object, bytes]] = {}
        self.bytecode = MemoryBytecodeCache()
        self.staging: Staging | None = None
        self.failed = False
        self.portal: Portal | None = None
        self.site: views.SitePages | None = None
        self.html_by_path: dict[str, str] = {}
        self.root = Path.cwd()
        self.site_name = ""
        self.warning_counter: CountHandler | None = None
        self.held = False  # a preview with errors: nothing is built, the served site stays
        self.link_filter = GeneratedLinkFilter()
        # For the output gate: what docs pages and static files are, and what the theme ships.
        self.docs_origins: dict[str, Origin] = {}
        self.docs_texts: list[str] = []
        self.theme_outputs: set[str] = set()
        self.lock: BuildLock | None = None  # held from on_config until the build ends
        self.built = False  # on_post_build finished: only then may the new site replace the old

    @property
    def _catalog_rel(self) -> str:
        return catalog_path(self.config.content_dir, self.config.catalog)

    # -- lifecycle -------------------------------------------------------------------------

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        # Having this hook also keeps the plugin (and its parse cache) alive across serve rebuilds.
        self.command = command
        self.dirty = dirty
        self.incremental.forget()
        exit_on_sigterm()  # `kill PID` cleans up (Pagefind ended, site/ kept) like Ctrl-C

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.failed = False
        self.built = False
        self._count_warnings(config.strict)
        root = Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()
        problems = config_problems(
            site_url=config.site_url,
            use_directory_urls=config.use_directory_urls,
            markdown_extensions=config.markdown_extensions,
            content_dir=root / self.config.content_dir,
            docs_dir=Path(config.docs_dir),
            cache_dir=root / self.config.cache_dir,
            site_dir=Path(config.site_dir),
            root=root,
            catalog=root / self._catalog_rel,
            plugin_names=list(config.plugins),
        )
        if problems:
            raise PluginError(f"{Path(config.config_file_path or 'mkdocs.yml').name}：" + "；".join(problems))
        self.root = root
        self._lock(root / self.config.cache_dir)
        # Material prints site_name unescaped everywhere: it gets the escaped text; feeds the plain one.
        self.site_name = config.site_name
        config.site_name = escape(config.site_name)
        content_dir = self.config.content_dir
        catalog = self._catalog_rel
        docs_rel = relative_posix(Path(config.docs_dir), self.root)
        options = LoadOptions(
            root=self.root,
            content_dir=content_dir,
            catalog=catalog,
            docs_dir=docs_rel,
            page_size=self.config.page_size,
            footer=dict(self.config.footer),
            config_file=relative_posix(Path(config.config_file_path or "mkdocs.yml"), self.root),
            annual_report=self.config.annual_report,
            site_url=config.site_url,
        )
        portal = load_portal(options, cache=self.cache, progress=_progress)
        for finding in portal.findings:
            (log.error if finding.severity == "error" else log.warning)(finding.format())
        self.held = False
        if portal.errors:
            if self.command != "serve":
                raise PluginError(
                    f"发现 {len(portal.errors)} 个错误（见上方，格式为“文件:行: 错误代码: 说明”），构建已停止，"
                    "现有网站保持不变。可运行“opengov check”逐条核对"
                )
            return self._hold_preview(config, len(portal.errors))
        self.portal = portal
        self.site = views.SitePages(portal, self.config, docs_rel)
        self.site.cache_nav = "toc.integrate" not in (config.theme.get("features") or [])
        if self.config.compliance_page:
            annual = self.config.annual_report
            bundle = compliance_bundle(
                portal,
                portal.today,
                annual_file=self.root / annual if annual else None,
                annual_rel=annual or "",
            )
            # Report warnings (e.g. calendar-out-of-range) belong to the report page, not the build;
            # the annual report's own defects were already checked by load_portal.
            for finding in bundle.report.warnings:
                log.info(finding.format())
            self.site.compliance = bundle
        _adapt_theme(config)
        config.extra_css.append(ASSETS_PREFIX + "opengov.css")
        config.extra_css.append(ASSETS_PREFIX + "portal.css")
        config.extra_javascript.append(ASSETS_PREFIX + "portal.js")
        config.extra_javascript.append(ASSETS_PREFIX + "opengov.js")
        if self.config.search:
            config.extra_css.append(ASSETS_PREFIX + "search.css")
            config.extra_javascript.append(ASSETS_PREFIX + "search.js")
        content_abs = str(self.root / content_dir)
        if content_abs not in config.watch:
            config.watch.append(content_abs)
        if self.command != "serve":
            # What this site holds because of items, for a later `mkdocs build --dirty` to prune.
            site_key = digest(str(Path(config.site_dir).resolve()))
            self.incremental.manifest = self.root / self.config.cache_dir / f"outputs-{site_key}.json"
        if not self.dirty:
            self.staging = Staging(config.site_dir)
            config.site_dir = self.staging.prepare()
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        if self.held:
            config.nav = []
            return Files([])  # nothing to build: the preview keeps the last good site
        assert self.portal is not None and self.site is not None
        user_pages = [f.src_uri for f in files.documentation_pages()]
        self.site.set_docs_urls([f.url for f in files.documentation_pages()])
        generated = list(self.site.generated_pages())
        self.link_filter.generated = {uri for uri, _content, _nav in generated}
        if self.link_filter not in PAGES_LOG.filters:
            PAGES_LOG.addFilter(self.link_filter)
        nav_pages = {uri for uri, _content, nav in generated if nav}
        state = BuildState(
            token=self._token(config, user_pages),
            fingerprints=self.site.fingerprints(),
            outputs=self.site.outputs(),
            copied=set(self.portal.copied_files),
            redirects=redirect_paths(self.portal),
        )
        reuse_mode = self.command == "serve" and not self.dirty and self.staging is not None
        changed = self.incremental.changed(state, self.dirty or reuse_mode)
        self.reused = set()
        if reuse_mode and changed is not None and self.staging is not None:
            # Render only what changed into the (empty) staging folder, then merge it over the
            # served site: MkDocs skips the rest (excluded), and links to them still resolve.
            self.reused = {uri for uri in state.outputs if uri not in changed and uri not in nav_pages}
            self.staging.partial = True
        if changed is None:
            # Kept between previews for the pages and feeds not re-rendered.
            self.html_by_path = {}
            self.feed_memo = {}
        self.site.feed_memo = self.feed_memo
        if self.dirty:
            # The ordinary pages are few; re-render them so titles, nav and the home page's
            # latest items stay right (MkDocs' own --dirty would leave them stale).
            for file in files.documentation_pages():
                file.is_modified = _always  # type: ignore[method-assign]
            log.info("opengov: 预览增量构建，重新生成 %s 个页面", "全部" if changed is None else len(changed))
        for src_uri, content, in_nav in generated:
            inclusion = InclusionLevel.INCLUDED if in_nav else InclusionLevel.NOT_IN_NAV
            if src_uri in self.reused:
                inclusion = InclusionLevel.EXCLUDED
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                files.remove(existing)
            page_file = PortalFile.generated(config, src_uri, content=content, inclusion=inclusion)
            page_file.og_modified = changed is None or src_uri in changed
            files.append(page_file)
        content_abs = str(self.root / self.config.content_dir)
        for path in sorted(self.portal.copied_files):
            files.append(File(path, src_dir=content_abs, dest_dir=config.site_dir, use_directory_urls=True))
        for asset in sorted(ASSETS_DIR.rglob("*")):
            if asset.is_file():
                rel_path = ASSETS_PREFIX + asset.relative_to(ASSETS_DIR).as_posix()
                files.append(File.generated(config, rel_path, abs_src_path=str(asset)))
        user_nav = config.nav if config.nav else nest_paths(user_pages)
        config.nav = list(user_nav) + self.site.nav_entries()
        for unused in unused_theme_files(files, config):
            files.remove(unused)
        self._note_sources(files, config)
        state.protected = {file.dest_uri for file in files}
        return files

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        env.filters["og_size"] = human_size
        env.filters["og_wbr"] = break_after_slash
        env.autoescape = autoescape_for(env, TEMPLATES_DIR)
        # MkDocs makes a new Jinja environment per build: keep compiled templates across previews.
        env.bytecode_cache = self.bytecode
        rendered: dict[str, Any] = {}

        def og_cached(key: str, render: Any) -> Any:
            # Render a macro once per key per build (see templates/partials/nav.html).
            if key not in rendered:
                rendered[key] = render()
            return rendered[key]

        env.globals["og_cached"] = og_cached
        return env

    # -- pages -----------------------------------------------------------------------------

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.site is not None
        markdown = self.site.page_markdown(page.file.src_uri, markdown, page.meta, page.is_homepage)
        # A docs page's front matter title is text, which Material prints unescaped in every page's
        # nav, header and footer links (a title from the first heading is HTML already; ours are Markup).
        if page.file.src_dir is not None and self.site.item_for(page.file.src_uri) is None:
            origin = self.docs_origins.get(page.file.dest_uri)
            if origin is not None:
                self.docs_origins[page.file.dest_uri] = Origin(origin.source, page_allow(page.meta))
            self.docs_texts.append(markdown)
        title = page.meta.get("title")
        if title is not None and not isinstance(title, Markup):
            page.meta["title"] = escape(str(title))
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.site is not None
        # Only allow-listed tags, attributes and URL schemes reach pages and feeds (nh3).
        html = sanitize(strip_comments(html))
        item = self.site.item_for(page.file.src_uri)
        if item is not None and item.path in self.site.feed_paths:
            self.html_by_path[item.path] = html
        return html

    def on_page_context(
        self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
    ) -> dict:
        assert self.site is not None
        context["og"] = self.site.context_for(page.file.src_uri, page.is_homepage)
        context["og_site"] = self.site.site_context
        return context

    # -- outputs ---------------------------------------------------------------------------

    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.held:
            self._finish()  # throws the empty build away
            return
        assert self.portal is not None and self.site is not None
        partial = self.staging is not None and self.staging.partial
        if self.dirty or partial:
            # Outputs of an item that left the published set leave the site being updated,
            # before the search index reads it.
            self.incremental.prune(self.staging.final if partial and self.staging else Path(config.site_dir))
        try:
            write_outputs(
                self.portal,
                site=self.site,
                site_dir=Path(config.site_dir),
                site_url=config.site_url or "/",
                site_name=self.site_name,
                options=self.config,
                html_by_path=self.html_by_path,
                # A preview shows the page at once; its search index follows in the background.
                index_search=self.command != "serve",
            )
        except SearchIndexError as exc:
            raise PluginError(str(exc)) from exc
        if self._gate(Path(config.site_dir)):
            self.incremental.commit()
        else:
            self.incremental.forget()  # the preview was thrown away: render everything next time
        self.built = True
        if self.command != "build":
            # Under `mkdocs serve` (and the Python API) there is no later hook per build, and
            # MkDocs' --strict abort comes after this one: judge the warnings the same way it will.
            if self.warning_counter is not None and self.warning_counter.get_counts():
                self.failed = True
            if self.command == "serve" and self.config.search and not self.failed:
                self._keep_search_index(Path(config.site_dir))
            served = self.staging.final if self.staging is not None else Path(config.site_dir)
            self._finish()
            if not self.failed:
                config.site_dir = str(served)  # e.g. `mkdocs gh-deploy` publishes config.site_dir next
            if self.command == "serve" and self.config.search and not self.failed:
                self._search_later(served)

    def _note_sources(self, files: Files, config: MkDocsConfig) -> None:
        """Which output comes from which docs file, and which files are the theme's own."""
        custom = os.path.abspath(config.theme.custom_dir) if config.theme.custom_dir else None
        shipped = [os.path.abspath(d) for d in config.theme.dirs if os.path.abspath(d) != custom]
        shipped_roots = tuple(os.path.join(d, "") for d in [*shipped, str(ASSETS_DIR)])
        docs_rel = relative_posix(Path(config.docs_dir), self.root)
        self.docs_origins = {}
        self.docs_texts = []
        self.theme_outputs = set()
        for file in files:
            source = file.abs_src_path
            if source is None:
                continue
            if source.startswith(shipped_roots):
                self.theme_outputs.add(file.dest_uri)
            elif file.src_dir is not None and os.path.abspath(file.src_dir) == os.path.abspath(
                config.docs_dir
            ):
                self.docs_origins[file.dest_uri] = Origin(f"{docs_rel}/{file.src_uri}")

    def _gate(self, site_dir: Path) -> bool:
        """The last lock: read the staged site as its readers get it (core/outputgate.py)."""
        assert self.portal is not None
        catalog = self.root / self._catalog_rel
        try:
            catalog_text = catalog.read_text("utf-8", "replace")
        except OSError:
            catalog_text = ""
        origins = {**self.docs_origins, **item_origins(self.portal)}
        plan = plan_gate(self.portal, origins, self.theme_outputs, [*self.docs_texts, catalog_text])
        files = None
        if self.command == "serve":
            # A preview's search index is rebuilt in the background from the pages gated here;
            # the one on disk until then is the previous, already gated build's.
            files = [name for name in site_files(site_dir) if not name.startswith("pagefind/")]
        # A build runs no other thread here (a preview's search worker may): only then fork.
        parallel = self.command == "build" and threading.active_count() == 1
        findings = run_gate(plan, site_dir, self.root, files, parallel=parallel)
        if not findings:
            return True
        for finding in findings:
            log.error(finding.format())
        self.failed = True
        message = f"生成的网站中发现 {len(findings)} 处不应公开的内容（见上方），构建已停止，现有网站保持不变"
        if self.command == "serve":
            log.error("%s；预览仍显示上一次成功构建的网站", message)
            return False
        raise PluginError(message)

    def _hold_preview(self, config: MkDocsConfig, errors: int) -> MkDocsConfig:
        """`mkdocs serve` with errors: keep serving the last good build, say why, build nothing.

        Raising would make MkDocs' server hold every request until the errors are fixed.
        """
        log.error("发现 %d 个错误（见上方），预览仍显示上一次成功构建的网站；改正后保存即可自动更新", errors)
        self.held = True
        self.failed = True
        self.staging = Staging(config.site_dir)
        config.site_dir = self.staging.prepare()
        return config

    def _keep_search_index(self, new_site: Path) -> None:
        """Until the background indexer is done, a preview keeps the previous build's index."""
        if self.staging is None or self.staging.partial:
            return  # a partial preview is merged into the served site, index and all
        for bundle in self.staging.final.glob("pagefind*"):
            target = new_site / bundle.name
            if bundle.is_dir() and not target.exists():
                shutil.copytree(bundle, target, copy_function=os.link)

    def _search_later(self, site_dir: Path) -> None:
        self.search_pending = site_dir
        if self.search_thread is not None and self.search_thread.is_alive():
            return  # the running worker picks the newest folder up when it is done
        self.search_thread = threading.Thread(target=self._search_worker, name="opengov-search", daemon=True)
        self.search_thread.start()

    def _search_worker(self) -> None:
        while self.search_pending is not None:
            target, self.search_pending = self.search_pending, None
            index_search_later(target)

    def _count_warnings(self, strict: bool) -> None:
        mkdocs_log = logging.getLogger("mkdocs")
        if self.warning_counter is not None:
            mkdocs_log.removeHandler(self.warning_counter)
            self.warning_counter = None
        if strict:
            self.warning_counter = CountHandler()
            self.warning_counter.setLevel(logging.WARNING)
            mkdocs_log.addHandler(self.warning_counter)

    def on_build_error(self, error: Exception) -> None:
        self.failed = True
        self.incremental.forget()  # a half-written preview: render everything next time
        if self.staging is not None:
            self.staging.discard()
            self.staging = None
        self._unlock()
        _raise_os_error(error, self.root)

    def on_shutdown(self) -> None:
        kill_all()
        try:
            self._finish()
        except OSError as exc:  # the swap of `mkdocs build` happens here
            _raise_os_error(exc, self.root, kept=not getattr(exc, "opengov_site_touched", False))
            raise

    def _lock(self, cache_dir: Path) -> None:
        """One build at a time per portal (see core/buildlock.py); serve rebuilds re-take it."""
        if self.lock is not None and self.lock.path.parent != cache_dir:
            self._unlock()
        if self.lock is None:
            self.lock = BuildLock(
                cache_dir, on_wait=lambda: log.info("opengov: 另一次构建正在进行，等待其完成……")
            )
        try:
            self.lock.acquire()
        except OSError as exc:
            _raise_os_error(exc, self.root)
            raise

    def _unlock(self) -> None:
        if self.lock is not None:
            self.lock.release()

    def _token(self, config: MkDocsConfig, user_pages: list[str]) -> str:
        """What every page depends on: a change here re-renders everything."""
        catalog = self.root / self._catalog_rel
        try:
            catalog_bytes = catalog.read_bytes()
        except OSError:
            catalog_bytes = b""
        parts = [
            str(self.root),
            str(config.site_dir),
            digest(catalog_bytes.decode("utf-8", "replace")),
            repr(sorted(dict(self.config).items())),
            repr(user_pages),
            repr(config.nav),
            repr(config.site_name),
            repr(config.theme.get("features")),
            repr(config.theme.get("palette")),
        ]
        return digest("|".join(parts))

    def _finish(self) -> None:
        staging, self.staging = self.staging, None
        try:
            if staging is None:
                return
            if self.failed or not self.built:
                staging.discard()  # also Ctrl-C or SIGTERM mid-build: the half-built site goes
                return
            try:
                staging.finish()
            except BaseException as exc:
                if staging.touched:
                    exc.opengov_site_touched = True  # type: ignore[attr-defined]
                staging.discard()
                raise
        finally:
            self._unlock()


def _always() -> bool:
    return True


def _raise_os_error(error: BaseException, root: Path, kept: bool = True) -> None:
    """A full disk, a missing permission…: a Chinese message and exit 1 instead of a traceback."""
    message = os_error_message(error, root)
    if message is not None:
        # An in-place update (a mounted site/) that failed half way has changed some files.
        outcome = "现有网站保持不变" if kept else "网站文件夹只更新了一部分，改正后重新构建即可补全"
        raise PluginError(f"{message}。构建已停止，{outcome}") from error


def _progress(done: int, total: int) -> None:
    if total >= 2000:
        log.info("opengov: 已读取 %d/%d 条信息", done, total)


def _adapt_theme(config: MkDocsConfig) -> None:
    theme = config.theme
    if theme.name == "material":
        # Google Fonts are blocked for many readers in China; the portal calls no other host.
        theme["font"] = False
        features = theme.get("features") or []
        for feature in ("navigation.indexes",):
            if feature not in features:
                features.append(feature)
        theme["features"] = features
        # A government site's footer carries its own marks, not the generator's advert
        # (Material's documented switch; an administrator may still set it).
        if "generator" not in config.extra:
            config.extra["generator"] = False
    # We write sitemap.xml (published pages only) ourselves; MkDocs' own would be thrown away.
    if "sitemap.xml" in theme.static_templates:
        theme.static_templates.discard("sitemap.xml")
    position = 1 if theme.custom_dir else 0
    if str(TEMPLATES_DIR) not in theme.dirs:
        theme.dirs.insert(position, str(TEMPLATES_DIR))
