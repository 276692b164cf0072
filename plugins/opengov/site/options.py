"""What the site layer reads of the plugin options: MkDocs' config object and the engine-free
:class:`opengov.core.options.PluginOptions` both have it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol


class SiteOptions(Protocol):
    content_dir: str
    page_size: int
    feed_size: int
    search: bool
    compliance_page: bool
    footer: Mapping[str, Any] | Any  # a mapping, or core.options.FooterOptions
