"""MkDocs file objects the plugin adds."""

from __future__ import annotations

from mkdocs.structure.files import File


class PortalFile(File):
    """A generated page whose freshness the plugin knows better than file times."""

    og_modified = True

    def is_modified(self) -> bool:
        return self.og_modified
