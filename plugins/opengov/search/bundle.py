"""The files of a search bundle: work folders, a shard's pages, pruning, the swap into place.

Every bundle is written into a work folder beside the output and moved into place
only when all shards succeeded: a failure leaves the previous index as it was.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

# Files Pagefind writes that the portal never loads: its prebuilt UIs (the portal
# brings its own Chinese UI). Removing them keeps the published site small.
UNUSED_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
)
# What a merged shard needs: its entry file, its meta file and the index, filter and
# fragment folders. The browser runs the primary bundle's script, worker and WASM.
SHARD_KEEP = re.compile(r"^(pagefind-entry\.json|pagefind\.[^/]+\.pf_meta|index|filter|fragment)$")
WORK_PREFIX = ".opengov-search-"  # never "pagefind…": previews copy pagefind* folders


def link_or_copy(source: str | Path, target: str | Path) -> None:
    """A hard link at ``target`` (replacing a file there), a copy across disks."""
    try:
        os.link(source, target)
    except FileExistsError:
        os.unlink(target)
        os.link(source, target)
    except OSError:  # another disk, or a file system without hard links
        shutil.copyfile(source, target)


def link_tree(files: list[tuple[Path, str]], dest: Path) -> None:
    """``(folder, rel)`` files at ``dest/rel`` (hard links; copies across disks)."""
    made: set[Path] = set()
    for folder, rel in files:
        target = dest / rel
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        link_or_copy(folder / rel, target)


def work_dir(near: Path) -> Path:
    """A fresh work folder in ``near`` (so a rename can move its contents), else in the temp folder."""
    try:
        return Path(tempfile.mkdtemp(prefix=WORK_PREFIX, dir=near))
    except OSError:
        return Path(tempfile.mkdtemp(prefix=WORK_PREFIX))


def prune(bundle: Path, keep_ui: bool, extra_shard: bool) -> None:
    """Remove what the browser never loads: a shard keeps only its index, the primary bundle its UIs."""
    if extra_shard:
        for path in bundle.iterdir():
            if not SHARD_KEEP.match(path.name):
                if path.is_dir():
                    shutil.rmtree(path)
                else:
                    path.unlink()
    elif not keep_ui:
        for name in UNUSED_FILES:
            (bundle / name).unlink(missing_ok=True)


def swap_into_place(new_bundle: Path, out_dir: Path, old: Path) -> None:
    """The old bundle aside (to ``old``), the new one in; the old one back when that fails."""
    if out_dir.exists():
        os.replace(out_dir, old)
    try:
        os.replace(new_bundle, out_dir)
    except OSError:
        if old.exists():
            os.replace(old, out_dir)
        raise


def folder_size(folder: Path) -> tuple[int, int]:
    """(files, bytes) under ``folder``."""
    files = size = 0
    for path in folder.rglob("*"):
        if path.is_file():
            files += 1
            size += path.stat().st_size
    return files, size
