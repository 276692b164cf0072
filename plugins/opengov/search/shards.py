"""Which pages go into which search shard, and the manifest the browser reads.

A shard is one run of the indexer over a group of at most :func:`shard_size` pages
(those carrying ``data-pagefind-body``). Pages are grouped by their ``date`` sort
value, newest first, so that shard 0 holds the newest pages and every page of shard
*k* is at least as new as every page of shard *k + 1*: a search sorted by date then
reads the shards in order (newest first) or in reverse (oldest first), each already
sorted by Pagefind. Pages without a date (ordinary pages, which a date sort leaves
out anyway) are dealt out over the shards in turn.

``pagefind/shards.json``::

    {"version": 1, "partition": "date",
     "shards": [{"path": "", "pages": 1400, "sorts": ["date"]},
                {"path": "shard-1/", "pages": 1400, "sorts": ["date"]}]}

``path`` is relative to the ``pagefind/`` folder; ``pages`` is what Pagefind indexed
(its page count, used to weigh scores across shards); ``sorts`` the sort keys that
occur in the shard (a shard without any ``date`` has nothing to give a date sort).
"""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

SHARD_PAGES = 1500  # pages per indexer run: ~0.2 MB each for the extended indexer, ~330 MB a run
SHARD_ENV = "OPENGOV_SEARCH_SHARD"  # override (tests force several shards on a tiny portal)
SHARD_PREFIX = "shard-"
MANIFEST = "shards.json"
PARTITION = "date"  # the sort key the shards are ordered by
BODY_MARK = b"data-pagefind-body"

_SORT_TAG = re.compile(rb"<[a-zA-Z][^>]*\sdata-pagefind-sort=\"([^\"]*)\"[^>]*>")
_CONTENT_ATTR = re.compile(rb"\scontent=\"([^\"]*)\"")


@dataclass
class Page:
    rel: str  # path relative to the site, "/"-separated
    sorts: dict[str, str | None] = field(default_factory=dict)  # sort key -> value (None: not read)

    @property
    def partition_value(self) -> str | None:
        return self.sorts.get(PARTITION)


@dataclass
class Shard:
    pages: list[Page] = field(default_factory=list)
    indexed: int = 0  # pages Pagefind reports indexed

    @property
    def sorts(self) -> list[str]:
        return sorted({key for page in self.pages for key in page.sorts})


def shard_size() -> int:
    """Pages per shard: :data:`SHARD_PAGES`, or a positive ``OPENGOV_SEARCH_SHARD``."""
    raw = os.environ.get(SHARD_ENV, "").strip()
    if raw:
        try:
            value = int(raw)
        except ValueError:
            value = 0
        if value > 0:
            return value
    return SHARD_PAGES


def _sort_values(data: bytes) -> dict[str, str | None]:
    """``data-pagefind-sort`` keys and values as the templates write them.

    Forms: ``key[attr]`` (value in that attribute; ``content`` is the one used),
    ``key:value``; anything else gives the key with no value.
    """
    out: dict[str, str | None] = {}
    for match in _SORT_TAG.finditer(data):
        spec = html.unescape(match.group(1).decode("utf-8", "replace")).strip()
        value: str | None = None
        if "[" in spec and spec.endswith("]"):
            key, attr = spec[:-1].split("[", 1)
            if attr == "content":
                found = _CONTENT_ATTR.search(match.group(0))
                if found:
                    value = html.unescape(found.group(1).decode("utf-8", "replace"))
        elif ":" in spec:
            key, value = spec.split(":", 1)
        else:
            key = spec
        key = key.strip()
        if key and key not in out:
            out[key] = value
    return out


def find_pages(site_dir: Path, skip: Iterable[Path] = ()) -> list[Page]:
    """Every HTML file of the site that marks a search body, in path order.

    Pagefind itself decides what it indexes; a page only *mentioning* the attribute
    is handed to it too and left out by it, as in a run over the whole site.
    """
    skipped = {Path(p).resolve() for p in skip}
    pages: list[Page] = []
    for folder, dirs, files in os.walk(site_dir):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if (here / d).resolve() not in skipped)
        for name in sorted(files):
            if not name.endswith(".html"):
                continue
            path = here / name
            try:
                data = path.read_bytes()
            except OSError:
                continue
            if BODY_MARK not in data:
                continue
            pages.append(Page(path.relative_to(site_dir).as_posix(), _sort_values(data)))
    return pages


def plan_shards(pages: list[Page], size: int) -> list[Shard]:
    """Groups of about ``size`` pages: dated pages newest first, the others dealt out."""
    if len(pages) <= size:
        return [Shard(list(pages))]
    count = -(-len(pages) // size)
    dated = [p for p in pages if p.partition_value]
    undated = [p for p in pages if not p.partition_value]
    # Newest first; the same date in path order (shards split between equal dates only).
    dated.sort(key=lambda p: p.rel)
    dated.sort(key=lambda p: p.partition_value or "", reverse=True)
    shards = [Shard() for _ in range(count)]
    base, extra = divmod(len(dated), count)
    start = 0
    for number, shard in enumerate(shards):
        end = start + base + (1 if number < extra else 0)
        shard.pages.extend(dated[start:end])
        start = end
    for i, page in enumerate(undated):
        shards[i % count].pages.append(page)
    return [s for s in shards if s.pages]


def manifest(shards: list[Shard]) -> str:
    """``shards.json`` for these shards (see the module's docstring)."""
    entries = [
        {
            "path": "" if number == 0 else f"{SHARD_PREFIX}{number}/",
            "pages": shard.indexed,
            "sorts": shard.sorts,
        }
        for number, shard in enumerate(shards)
    ]
    return json.dumps({"version": 1, "partition": PARTITION, "shards": entries}, ensure_ascii=False) + "\n"
