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
import json
import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger("opengov")

HOME = "__home__"


def digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


@dataclass
class BuildState:
    token: str
    fingerprints: dict[str, str] = field(default_factory=dict)  # src_uri -> data digest
    outputs: dict[str, str] = field(default_factory=dict)  # src_uri -> output path in the site
    copied: set[str] = field(default_factory=set)
    redirects: set[str] = field(default_factory=set)  # alias redirect pages
    # Every file this build's Files write (docs pages, theme, ours): never removed as stale.
    protected: set[str] = field(default_factory=set)

    def owned(self) -> set[str]:
        """The files of the site that exist because of the portal's items."""
        return set(self.outputs.values()) | self.copied | self.redirects


class Incremental:
    def __init__(self) -> None:
        self.previous: BuildState | None = None
        self.pending: BuildState | None = None
        # Where `mkdocs build` records what it owned, for a later `mkdocs build --dirty` (a new process).
        self.manifest: Path | None = None
        self._pruned = False

    def changed(self, state: BuildState, allowed: bool) -> set[str] | None:
        """The pages to render, or None for all of them (always None unless ``allowed``)."""
        self.pending = state
        previous = self.previous
        if not allowed or previous is None or previous.token != state.token:
            return None
        return {uri for uri, fp in state.fingerprints.items() if previous.fingerprints.get(uri) != fp}

    def prune(self, site_dir: Path) -> None:
        """Remove from ``site_dir`` what an earlier build owned and this one does not produce:
        the page, attachments and redirects of an item that left the published set.

        Runs before the search index is built, so the index no longer sees them either.
        """
        state = self.pending
        if state is None:
            return
        before = self.previous.owned() if self.previous is not None else self._recorded()
        for rel_path in sorted(before - state.owned() - state.protected):
            remove_output(site_dir, rel_path)
        self._pruned = True

    def commit(self) -> None:
        """After a good build: remember it (and record it for the next `--dirty` build)."""
        state = self.pending
        if state is None:
            return
        if self.manifest is not None:
            # A full build may still fail and keep the old site: keep the old entries until a
            # --dirty build has pruned the real site.
            paths = state.owned() | (set() if self._pruned else self._recorded())
            self.manifest.parent.mkdir(parents=True, exist_ok=True)
            self.manifest.write_text(json.dumps(sorted(paths), ensure_ascii=False), encoding="utf-8")
        self.previous, self.pending, self._pruned = state, None, False

    def _recorded(self) -> set[str]:
        try:
            return set(json.loads(self.manifest.read_text(encoding="utf-8"))) if self.manifest else set()
        except (OSError, ValueError):
            return set()

    def forget(self) -> None:
        self.previous = self.pending = None


def remove_output(site_dir: Path, rel_path: str) -> None:
    """Remove one output file, and its folder when that is left empty (``news/a/``)."""
    path = site_dir / rel_path
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
        return
    path.unlink(missing_ok=True)
    folder = path.parent
    while folder != site_dir and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
