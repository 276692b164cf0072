"""Which pages go into which search shard, and the manifest the browser reads.

A shard is one run of the indexer over a group of pages (those carrying
``data-pagefind-body``). The extended indexer keeps every page until it writes its
bundle; measured with Pagefind 1.5.2 (scripts/bench_search.py, and runs over pages whose
body was made 2–100 times longer), its peak memory is about

    60 MB + 95 KB a page + 14 bytes per byte of HTML from ``data-pagefind-body`` on

(a generated portal's item page: ~176 KB; a page with 75 KB of body HTML: ~1.1 MB). A
shard takes pages until that estimate reaches :data:`SHARD_MEMORY` (~1,500 ordinary
pages, ~330 MB in all) or :data:`SHARD_PAGES` pages, whichever comes first; the shards of
a portal are made about equal.

Pages are grouped by their ``date`` sort value, newest first, so that shard 0 holds the
newest pages and every page of shard *k* is at least as new as every page of shard
*k + 1*: a search sorted by date then reads the shards in order (newest first) or in
reverse (oldest first), each already sorted by Pagefind. Pages without a date (ordinary
pages, which a date sort leaves out anyway) come last.

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

SHARD_PAGES = 2000  # pages per indexer run at most
SHARD_ENV = "OPENGOV_SEARCH_SHARD"  # overrides SHARD_PAGES (tests force shards on a tiny portal); 0: none
# The indexer's memory for a page, estimated (see above), and the most for one shard's pages.
PAGE_OVERHEAD = 95 * 1024
BODY_FACTOR = 14
SHARD_MEMORY = 270 * 1024 * 1024
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
    body_bytes: int = 0  # bytes of HTML from the data-pagefind-body mark on
    root: Path | None = None  # the folder ``rel`` is read from, when not the site (a copy)

    @property
    def cost(self) -> int:
        """The indexer's memory for this page, estimated (bytes)."""
        return PAGE_OVERHEAD + BODY_FACTOR * self.body_bytes

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


def shard_size() -> int | None:
    """Pages per shard: :data:`SHARD_PAGES`, or a positive ``OPENGOV_SEARCH_SHARD``.

    ``OPENGOV_SEARCH_SHARD=0``: no shards, one indexer run over the whole site (as before
    shards; its memory grows with the portal).
    """
    raw = os.environ.get(SHARD_ENV, "").strip()
    if raw:
        try:
            value = int(raw)
        except ValueError:
            value = -1
        if value == 0:
            return None
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


def find_pages(site_dir: Path, skip: Iterable[Path] = (), root: Path | None = None) -> list[Page]:
    """Every HTML file of the site that marks a search body, in path order.

    Pagefind itself decides what it indexes; a page only *mentioning* the attribute
    is handed to it too and left out by it, as in a run over the whole site. ``root``:
    recorded in each page, for pages outside the site (see :class:`Page`).
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
            mark = data.find(BODY_MARK)
            if mark < 0:
                continue
            rel = path.relative_to(site_dir).as_posix()
            pages.append(Page(rel, _sort_values(data), len(data) - mark, root))
    return pages


def plan_shards(pages: list[Page], max_pages: int | None, max_cost: int = SHARD_MEMORY) -> list[Shard]:
    """As few shards as ``max_pages`` pages and ``max_cost`` estimated memory a shard allow.

    Dated pages newest first (equal dates in path order), then the undated ones, cut into
    shards of about equal weight: estimated memory where that decides the number of
    shards, else pages. A shard can be one page over an even share.
    """
    if max_pages is None:
        return [Shard(list(pages))]
    total = sum(p.cost for p in pages)
    by_pages = -(-len(pages) // max_pages)
    by_cost = -(-total // max_cost)
    count = max(by_pages, by_cost, 1)
    if count == 1:
        return [Shard(list(pages))]
    dated = sorted((p for p in pages if p.partition_value), key=lambda p: p.rel)
    dated.sort(key=lambda p: p.partition_value or "", reverse=True)
    undated = sorted((p for p in pages if not p.partition_value), key=lambda p: p.rel)
    ordered = dated + undated
    weights = [p.cost if by_cost >= by_pages else 1 for p in ordered]
    whole = sum(weights)
    shards = [Shard() for _ in range(count)]
    done = 0
    for page, weight in zip(ordered, weights, strict=True):
        # The shard in whose even share the page's middle falls.
        number = min(count - 1, int((done + weight / 2) * count // whole))
        shards[number].pages.append(page)
        done += weight
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
