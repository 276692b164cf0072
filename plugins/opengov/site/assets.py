"""The portal's own CSS and JavaScript, minified at build time (issue 18).

rJSmin and rCSSmin (kept C-accelerated minifiers) only drop comments and
whitespace; they rename nothing, so the ES modules' imports and the code's
behaviour stay as written. The minified copies live in the cache folder and are
rewritten whenever they differ from what the shipped sources minify to, so a
stale or tampered copy never reaches a site. No MkDocs imports here.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import rcssmin
import rjsmin

MINIFIERS: dict[str, Callable[..., str]] = {".js": rjsmin.jsmin, ".css": rcssmin.cssmin}


def minified(path: Path) -> bytes:
    """The file as it is published: minified CSS/JS, anything else as it is."""
    data = path.read_bytes()
    minify = MINIFIERS.get(path.suffix)
    if minify is None:
        return data
    # keep_bang_comments: a licence notice written /*! … */ stays with its code.
    text: str = minify(data.decode("utf-8"), keep_bang_comments=True)
    return text.encode("utf-8")


def minified_assets(source: Path, cache_dir: Path) -> Path:
    """A folder mirroring ``source`` with every CSS and JS file minified."""
    target = cache_dir / "assets"
    wanted = set()
    for path in sorted(source.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(source)
        wanted.add(rel)
        data = minified(path)
        out = target / rel
        if out.is_file() and not out.is_symlink() and out.read_bytes() == data:
            continue
        if out.is_dir() and not out.is_symlink():
            shutil.rmtree(out)  # something in the cache stands where the file belongs
        out.parent.mkdir(parents=True, exist_ok=True)
        _write_atomic(out, data)
    for stale in sorted(target.rglob("*"), reverse=True):  # an asset the package no longer ships
        if stale.is_file() and stale.relative_to(target) not in wanted:
            stale.unlink()
    return target


def _write_atomic(path: Path, data: bytes) -> None:
    # Two builds of one portal may share the cache: readers see the old file or the new, never half.
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
