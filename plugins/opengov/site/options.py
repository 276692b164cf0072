"""What the site layer reads of the plugin options: MkDocs' config object and the engine-free
:class:`opengov.core.options.PluginOptions` both have it."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

from ..core.loader import LoadOptions
from ..core.options import FooterOptions


class SiteOptions(Protocol):
    # Read-only members, so MkDocs' option descriptors and the frozen dataclass both match.
    @property
    def content_dir(self) -> str: ...
    @property
    def page_size(self) -> int: ...
    @property
    def feed_size(self) -> int: ...
    @property
    def search(self) -> bool: ...
    @property
    def compliance_page(self) -> bool: ...
    @property
    def footer(self) -> Mapping[str, Any] | FooterOptions: ...  # MkDocs' sub-config is a mapping
    @property
    def annual_report(self) -> str | None: ...
    @property
    def yearly_website_report(self) -> str | None: ...
    @property
    def archive_until(self) -> dt.date | None: ...


def loader_options(
    options: SiteOptions, *, root: Path, catalog: str, docs_dir: str, config_file: str, site_url: str | None
) -> LoadOptions:
    """What the loader needs of the plugin options, with the portal's own paths (a build's
    checks: footer marks and the office's report files included)."""
    footer = options.footer
    return LoadOptions(
        root=root,
        content_dir=options.content_dir,
        catalog=catalog,
        docs_dir=docs_dir,
        page_size=options.page_size,
        footer=dataclasses.asdict(footer) if isinstance(footer, FooterOptions) else dict(footer),
        config_file=config_file,
        annual_report=options.annual_report,
        yearly_website_report=options.yearly_website_report,
        compliance_page=options.compliance_page,
        site_url=site_url,
        archive_until=options.archive_until,
    )
