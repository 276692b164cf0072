"""The plugin options as the command line reads them from ``mkdocs.yml`` (no build).

The file is read by MkDocs' own loader (``mkdocs_plugin/configfile.py``), so ``!ENV``,
``INHERIT``, ``plugins`` as a mapping and every option check mean what they mean in a build.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .core.loader import LoadOptions
from .core.model import relative_posix
from .core.options import DEFAULT_CACHE_DIR


class SettingsError(Exception):
    """``mkdocs.yml`` is missing or unreadable, or an option is bad (exit status 2)."""


@dataclass
class Settings:
    root: Path
    site_name: str = ""
    site_url: str | None = None
    use_directory_urls: object = True
    docs_dir: str = "docs"
    markdown_extensions: object = None
    content_dir: str = "content"
    catalog: str = "content/catalog.yml"
    page_size: int = 20
    feed_size: int = 50
    search: bool = True
    compliance_page: bool = False
    annual_report: str | None = None
    cache_dir: str = DEFAULT_CACHE_DIR
    site_dir: str = "site"  # absolute once read
    footer: dict[str, Any] = field(default_factory=dict)
    config_file: str = "mkdocs.yml"  # relative to root
    plugin_names: tuple[str, ...] = ()  # as MkDocs names them ("opengov", "opengov #2")


# Without -f: MkDocs' file, else ProperDocs' (which asks its users to rename mkdocs.yml).
CONFIG_NAMES = ("mkdocs.yml", "properdocs.yml")


def read_settings(config_file: str | Path | None = None) -> Settings:
    if config_file is None:
        found = [name for name in CONFIG_NAMES if Path(name).is_file()]
        config_file = found[0] if found else CONFIG_NAMES[0]
    path = Path(config_file)
    # The MkDocs adapter, imported here so that commands without a config file stay light.
    from .mkdocs_plugin.configfile import ConfigFileError, load_mkdocs_config, opengov_options

    try:
        config = load_mkdocs_config(path)
    except ConfigFileError as exc:
        raise SettingsError(str(exc)) from None
    options = opengov_options(config)
    root = path.resolve().parent
    content_dir = options.content_dir
    return Settings(
        root=root,
        site_name=config.site_name or "",
        site_url=config.site_url,
        use_directory_urls=config.use_directory_urls,
        docs_dir=relative_posix(Path(config.docs_dir), root),
        markdown_extensions=config.markdown_extensions,
        content_dir=content_dir,
        catalog=options.catalog or posixpath.join(content_dir, "catalog.yml"),
        page_size=options.page_size,
        feed_size=options.feed_size,
        search=options.search,
        compliance_page=options.compliance_page,
        annual_report=options.annual_report,
        cache_dir=options.cache_dir,
        site_dir=config.site_dir,
        footer=dict(options.footer),
        config_file=path.name,
        plugin_names=tuple(config.plugins),
    )


def load_options(
    settings: Settings, today: dt.date | None = None, *, site_checks: bool = False
) -> LoadOptions:
    """The loader's options for these settings; ``site_checks`` adds footer and annual-report checks."""
    return LoadOptions(
        root=settings.root,
        content_dir=settings.content_dir,
        catalog=settings.catalog,
        docs_dir=settings.docs_dir,
        today=today,
        page_size=settings.page_size,
        footer=settings.footer if site_checks else None,
        config_file=settings.config_file,
        annual_report=settings.annual_report if site_checks else None,
        site_url=settings.site_url,
    )
