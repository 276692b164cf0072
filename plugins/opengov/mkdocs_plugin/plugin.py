"""The MkDocs adapter: each event translates between MkDocs and the engine-free core."""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, TypeVar, cast

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler, nest_paths
from mkdocs.utils.templates import TemplateContext

from ..core.comments import strip_comments
from ..core.config_problems import config_problems
from ..core.model import relative_posix
from ..core.options import catalog_path
from ..core.outputgate import Origin, page_allow
from ..core.sanitize import sanitize
from ..site.assets import minified_assets
from ..site.build import BuildStopped, PortalBuild
from ..site.buildcache import sources_digest, stable
from ..site.jinja import MemoryBytecodeCache, autoescape_for, break_after_slash, human_size, render_once
from ..site.options import loader_options
from ..site.pages import SitePages
from .config import OpenGovConfig
from .messages import PAGES_LOG, GeneratedLinkFilter, forward_log, log

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
ASSETS_DIR = PACKAGE_DIR / "assets"
ASSETS_PREFIX = "assets/opengov/"


# Material ships its lunr search (worker, language packs) and source maps: 2.2 MB and 35 files
# no page of the portal loads, since search is Pagefind's.
UNUSED_THEME_PREFIXES = ("assets/javascripts/lunr/", "assets/javascripts/workers/")


def _theme_roots(config: MkDocsConfig) -> tuple[str, ...]:
    """The folders of the theme's own files (not the administrator's ``custom_dir``)."""
    custom = os.path.abspath(config.theme.custom_dir) if config.theme.custom_dir else None
    return tuple(
        os.path.join(os.path.abspath(d), "") for d in config.theme.dirs if os.path.abspath(d) != custom
    )


def unused_theme_files(files: Files, config: MkDocsConfig) -> list[File]:
    """Theme files nothing in the portal requests (kept when Material's own search plugin is on)."""
    if any(name in config.plugins for name in ("search", "material/search")):
        return []
    roots = _theme_roots(config)
    return [
        file
        for file in files
        if (file.src_uri.startswith(UNUSED_THEME_PREFIXES) or file.src_uri.endswith(".map"))
        and file.abs_src_path is not None
        and file.abs_src_path.startswith(roots)
    ]


Hook = TypeVar("Hook", bound=Callable[..., Any])


def _translated(hook: Hook) -> Hook:
    """The site layer's :class:`BuildStopped` becomes MkDocs' error for a user's mistake."""

    @functools.wraps(hook)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return hook(*args, **kwargs)
        except BuildStopped as exc:
            raise PluginError(str(exc)) from exc

    return run  # type: ignore[return-value]


class OpenGovPlugin(BasePlugin[OpenGovConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.build = PortalBuild()  # survives rebuilds under `mkdocs serve` (its parse cache too)
        self.bytecode = MemoryBytecodeCache()
        self.site_name = ""
        self.warning_counter: CountHandler | None = None
        self.link_filter = GeneratedLinkFilter()
        self.assets_dir = ASSETS_DIR  # minified copies once on_config knows the cache folder

    @property
    def site(self) -> SitePages:
        assert self.build.site is not None
        return self.build.site

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        # Having this hook also keeps the plugin (and its parse cache) alive across serve rebuilds.
        forward_log()
        self.build.start(command, dirty)

    @_translated
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._count_warnings(config.strict)
        root = Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()
        catalog = catalog_path(self.config.content_dir, self.config.catalog)
        problems = config_problems(
            site_url=config.site_url,
            use_directory_urls=config.use_directory_urls,
            markdown_extensions=config.markdown_extensions,
            content_dir=root / self.config.content_dir,
            docs_dir=Path(config.docs_dir),
            cache_dir=root / self.config.cache_dir,
            site_dir=Path(config.site_dir),
            root=root,
            catalog=root / catalog,
            plugin_names=list(config.plugins),
        )
        config_name = Path(config.config_file_path or "mkdocs.yml").name
        self.build.begin(root, root / self.config.cache_dir, catalog, problems, config_name, config.site_dir)
        self.assets_dir = minified_assets(ASSETS_DIR, root / self.config.cache_dir)
        # Material prints site_name unescaped everywhere: it gets the escaped text; feeds the plain one.
        self.site_name = config.site_name
        config.site_name = escape(config.site_name)
        options = loader_options(
            self.config,
            root=root,
            catalog=catalog,
            docs_dir=relative_posix(Path(config.docs_dir), root),
            config_file=relative_posix(Path(config.config_file_path or "mkdocs.yml"), root),
            site_url=config.site_url,
        )
        if not self.build.read(options, self.config):
            config.site_dir = self.build.stage(config.site_dir, root / self.config.cache_dir)
            return config
        self.site.cache_nav = "toc.integrate" not in (config.theme.get("features") or [])
        _adapt_theme(config)
        config.extra_css.extend(ASSETS_PREFIX + name for name in ("opengov.css", "portal.css"))
        config.extra_javascript.extend(ASSETS_PREFIX + name for name in ("portal.js", "opengov.js"))
        if self.config.search:  # search/page.js: only the search page loads it (opengov/search.html)
            config.extra_css.append(ASSETS_PREFIX + "search.css")
        content_abs = str(root / self.config.content_dir)
        if content_abs not in config.watch:
            config.watch.append(content_abs)
        config.site_dir = self.build.stage(config.site_dir, root / self.config.cache_dir)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        if self.build.held:
            config.nav = []
            return Files([])  # nothing to build: the preview keeps the last good site
        user_pages = [f.src_uri for f in files.documentation_pages()]
        config_file = Path(config.config_file_path) if config.config_file_path else None
        sources = sources_digest(config.theme.dirs, Path(config.docs_dir), config_file)
        root = str(self.build.root)
        settings = [stable(dict(config), root), stable(dict(self.config), root), user_pages, sources]
        plan = self.build.plan(self.build.token(settings), [f.url for f in files.documentation_pages()])
        self.link_filter.generated = {page.src_uri for page in plan.pages}
        if self.link_filter not in PAGES_LOG.filters:
            PAGES_LOG.addFilter(self.link_filter)
        if self.build.dirty:
            # The ordinary pages are few; re-render them so titles, nav and the home page's
            # latest items stay right (MkDocs' own --dirty would leave them stale).
            for file in files.documentation_pages():
                file.is_modified = lambda: True  # type: ignore[method-assign]
            changed = "全部" if plan.changed is None else len(plan.changed)
            log.info("opengov: 预览增量构建，重新生成 %s 个页面", changed)
        for page in plan.pages:
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:
                files.remove(existing)
            level = InclusionLevel.EXCLUDED if page.reused else inclusion
            page_file = File.generated(config, page.src_uri, content=page.content, inclusion=level)
            # MkDocs' --dirty judges file times; the plan knows which generated pages changed.
            page_file.is_modified = (lambda: True) if page.modified else (lambda: False)  # type: ignore[method-assign]
            files.append(page_file)
        content_abs = str(self.build.root / self.config.content_dir)
        for path in sorted(self.build.portal.copied_files if self.build.portal else ()):
            files.append(File(path, src_dir=content_abs, dest_dir=config.site_dir, use_directory_urls=True))
        for asset in sorted(self.assets_dir.rglob("*")):
            if asset.is_file():
                rel_path = ASSETS_PREFIX + asset.relative_to(self.assets_dir).as_posix()
                files.append(File.generated(config, rel_path, abs_src_path=str(asset)))
        user_nav = config.nav if config.nav else nest_paths(user_pages)
        config.nav = list(user_nav) + self.site.nav_entries()
        for unused in unused_theme_files(files, config):
            files.remove(unused)
        self._note_sources(files, config)
        return files

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        env.filters["og_size"] = human_size
        env.filters["og_wbr"] = break_after_slash
        env.autoescape = autoescape_for(env, TEMPLATES_DIR)
        # MkDocs makes a new Jinja environment per build: keep compiled templates across previews.
        env.bytecode_cache = self.bytecode
        env.globals["og_cached"] = render_once()
        return env

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        markdown = self.site.page_markdown(page.file.src_uri, markdown, page.meta, page.is_homepage)
        # A docs page's front matter title is text, which Material prints unescaped in every page's
        # nav, header and footer links (a title from the first heading is HTML already; ours are Markup).
        if page.file.src_dir is not None and self.site.item_for(page.file.src_uri) is None:
            origin = self.build.docs_origins.get(page.file.dest_uri)
            if origin is not None:
                self.build.docs_origins[page.file.dest_uri] = Origin(origin.source, page_allow(page.meta))
            self.build.docs_texts.append(markdown)
        title = page.meta.get("title")
        if title is not None and not isinstance(title, Markup):
            page.meta["title"] = escape(str(title))
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        # Only allow-listed tags, attributes and URL schemes reach pages and feeds (nh3).
        html = sanitize(strip_comments(html))
        if description := self.build.page_html(page.file.src_uri, html):
            page.meta["description"] = description  # no summary: the body's first sentence
        return html

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        extra = cast("dict[str, Any]", context)  # the portal's own keys, beside MkDocs' TypedDict
        extra["og"] = self.site.context_for(page.file.src_uri, page.is_homepage)
        extra["og_site"] = self.site.site_context
        return context

    @_translated
    def on_post_build(self, config: MkDocsConfig) -> None:
        warned = self.warning_counter is not None and bool(self.warning_counter.get_counts())
        served = self.build.finish_outputs(
            Path(config.site_dir),
            site_url=config.site_url or "/",
            site_name=self.site_name,
            options=self.config,
            warned=warned,
        )
        if served is not None:
            config.site_dir = str(served)  # e.g. `mkdocs gh-deploy` publishes config.site_dir next

    def _note_sources(self, files: Files, config: MkDocsConfig) -> None:
        """Which output comes from which docs file, and which files are the theme's own."""
        shipped_roots = (*_theme_roots(config), os.path.join(self.assets_dir, ""))
        docs_rel = relative_posix(Path(config.docs_dir), self.build.root)
        docs_abs = os.path.abspath(config.docs_dir)
        origins: dict[str, Origin] = {}
        theme: set[str] = set()
        for file in files:
            source = file.abs_src_path
            if source is None:
                continue
            if source.startswith(shipped_roots):
                theme.add(file.dest_uri)
            elif file.src_dir is not None and os.path.abspath(file.src_dir) == docs_abs:
                origins[file.dest_uri] = Origin(f"{docs_rel}/{file.src_uri}")
        self.build.note_sources(origins, theme, {file.dest_uri for file in files})

    def _count_warnings(self, strict: bool) -> None:
        mkdocs_log = logging.getLogger("mkdocs")
        if self.warning_counter is not None:
            mkdocs_log.removeHandler(self.warning_counter)
            self.warning_counter = None
        if strict:
            self.warning_counter = CountHandler()
            self.warning_counter.setLevel(logging.WARNING)
            mkdocs_log.addHandler(self.warning_counter)

    @_translated
    def on_build_error(self, error: Exception) -> None:
        self.build.abandon(error)

    @_translated
    def on_shutdown(self) -> None:
        self.build.shutdown()


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
