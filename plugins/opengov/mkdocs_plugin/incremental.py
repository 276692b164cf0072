"""Fast previews under ``mkdocs serve --dirty``: re-render only the pages whose data changed.

MkDocs' ``--dirty`` skips a page when ``File.is_modified()`` is false, but it
decides by file times, which says nothing about generated pages (always
"modified") or about a listing whose item changed (never "modified"). We
decide instead, from a fingerprint of each page's data: the item's bytes and
its relations, a listing's rows, the home page's latest items. Anything that
changes every page (catalog, config, the docs page list) rebuilds everything.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.structure.files import File

log = logging.getLogger("mkdocs.plugins.opengov")

HOME = "__home__"


class PortalFile(File):
    """A generated page whose freshness the plugin knows better than file times."""

    og_modified = True

    def is_modified(self) -> bool:
        return self.og_modified


def digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


@dataclass
class BuildState:
    token: str
    fingerprints: dict[str, str] = field(default_factory=dict)  # src_uri -> data digest
    outputs: dict[str, str] = field(default_factory=dict)  # src_uri -> output path in the site
    copied: set[str] = field(default_factory=set)


class Incremental:
    def __init__(self) -> None:
        self.previous: BuildState | None = None
        self.pending: BuildState | None = None

    def changed(self, state: BuildState, allowed: bool) -> set[str] | None:
        """The pages to render, or None for all of them (always None unless ``allowed``)."""
        self.pending = state
        previous = self.previous
        if not allowed or previous is None or previous.token != state.token:
            return None
        return {uri for uri, fp in state.fingerprints.items() if previous.fingerprints.get(uri) != fp}

    def commit(self, site_dir: Path) -> None:
        """After a good build: remember it, and drop what the previous build wrote that is now gone."""
        state, previous = self.pending, self.previous
        if state is None:
            return
        if previous is not None and previous.token == state.token:
            for uri in previous.outputs.keys() - state.outputs.keys():
                _remove(site_dir / previous.outputs[uri])
            for path in previous.copied - state.copied:
                _remove(site_dir / path)
        self.previous, self.pending = state, None

    def forget(self) -> None:
        self.previous = self.pending = None


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
