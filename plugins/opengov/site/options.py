"""What the site layer reads of the plugin options: MkDocs' config object and the engine-free
:class:`opengov.core.options.PluginOptions` both have it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

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
