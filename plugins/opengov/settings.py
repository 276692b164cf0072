"""The plugin options as the command line reads them from ``mkdocs.yml`` (no build).

The file is read without MkDocs (``core/configfile.py``: ``!ENV``, ``INHERIT``, ``plugins``
as a mapping, every option check with the build's reasons), so ``opengov check``, ``new`` and
``report`` run where MkDocs and its theme cannot be imported. Where MkDocs is installed its
own loader judges the file first, so a setting only MkDocs knows stops the check as it
stops the build (``mkdocs_plugin/configfile.py``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .core.configfile import ConfigFileError, read_config_file
from .core.loader import LoadOptions
from .core.model import relative_posix
from .core.options import DEFAULTS


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
    content_dir: str = DEFAULTS.content_dir
    catalog: str = DEFAULTS.catalog_path
    page_size: int = DEFAULTS.page_size
    feed_size: int = DEFAULTS.feed_size
    search: bool = DEFAULTS.search
    compliance_page: bool = DEFAULTS.compliance_page
    annual_report: str | None = DEFAULTS.annual_report
    yearly_website_report: str | None = DEFAULTS.yearly_website_report
    archive_until: dt.date | None = DEFAULTS.archive_until
    cache_dir: str = DEFAULTS.cache_dir
    site_dir: str = "site"  # absolute once read
    footer: dict[str, Any] = field(default_factory=dict)
    config_file: str = "mkdocs.yml"  # relative to root
    plugin_names: tuple[str, ...] = ()  # as MkDocs names them ("opengov", "opengov #2")


# Without -f: MkDocs' file, else ProperDocs' (which asks its users to rename mkdocs.yml).
CONFIG_NAMES = ("mkdocs.yml", "properdocs.yml")


def _mkdocs_judges(path: Path) -> None:
    """MkDocs' own verdict on the file, when MkDocs is installed (imported only then)."""
    try:
        from .mkdocs_plugin.configfile import load_mkdocs_config
    except ImportError:  # no MkDocs (or a broken one): the file is read without it
        return
    load_mkdocs_config(path)


def read_settings(config_file: str | Path | None = None) -> Settings:
    if config_file is None:
        found = [name for name in CONFIG_NAMES if Path(name).is_file()]
        config_file = found[0] if found else CONFIG_NAMES[0]
    path = Path(config_file)
    try:
        _mkdocs_judges(path)
        config = read_config_file(path)
    except ConfigFileError as exc:
        raise SettingsError(str(exc)) from None
    options = config.options
    root = path.resolve().parent
    return Settings(
        root=root,
        site_name=config.site_name,
        site_url=config.site_url,
        use_directory_urls=config.use_directory_urls,
        docs_dir=relative_posix(Path(config.docs_dir), root),
        markdown_extensions=config.markdown_extensions,
        content_dir=options.content_dir,
        catalog=options.catalog_path,
        page_size=options.page_size,
        feed_size=options.feed_size,
        search=options.search,
        compliance_page=options.compliance_page,
        annual_report=options.annual_report,
        yearly_website_report=options.yearly_website_report,
        archive_until=options.archive_until,
        cache_dir=options.cache_dir,
        site_dir=config.site_dir,
        footer=dataclasses.asdict(options.footer),
        config_file=path.name,
        plugin_names=config.plugin_names,
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
        footer=settings.footer,
        config_file=settings.config_file,
        annual_report=settings.annual_report,
        yearly_website_report=settings.yearly_website_report,
        compliance_page=settings.compliance_page,
        site_checks=site_checks,
        site_url=settings.site_url,
        archive_until=settings.archive_until,
    )
