"""Stage 3 of the pipeline (read → resolve → **publish** → checks → plan → outputs).

The disclosure gate (CONTRACT §1): which items the site shows, in the contract's order;
the files under content/ those items carry onto the site; and the relations among them
(a policy's interpretations, a document's replacements). Nothing else decides what is public:
every page, feed, export and the search index is made from ``published`` alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from .dates import beijing_date
from .model import Item, Portal, sort_key
from .resolve import Resolution


def passes_gate(item: Item, now: dt.datetime) -> bool:
    """Proactive, not a draft, titled, and not dated after the moment ``now``."""
    return (
        item.disclosure == "proactive"
        and not item.draft
        and item.date is not None
        and item.date <= now
        and bool(item.title)
    )


def published_items(items: Iterable[Item], now: dt.datetime) -> list[Item]:
    """The items that pass the gate, newest first (ties by path)."""
    return sorted((item for item in items if passes_gate(item, now)), key=sort_key)


@dataclass
class Carried:
    """Files under content/ that published items reference, and which items reference each."""

    paths: set[str] = field(default_factory=set)
    referrers: dict[str, list[str]] = field(default_factory=dict)

    def add(self, path: str, item_path: str) -> None:
        self.paths.add(path)
        referrers = self.referrers.setdefault(path, [])
        if item_path not in referrers:
            referrers.append(item_path)


def carried_files(resolution: Resolution, published: set[str]) -> Carried:
    """Attachments and linked files of published items, in the order the items were read."""
    carried = Carried()
    for path, refs in resolution.refs.items():
        if path in published:
            for file in refs.files:
                carried.add(file, path)
    return carried


def relations(
    published: list[Item], is_published: set[str]
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Policy → its published interpretations, and document → the published ones it replaces."""
    interpretations: dict[str, list[str]] = {}
    replaces: dict[str, list[str]] = {}
    for item in published:
        if item.interprets and item.interprets in is_published:
            interpretations.setdefault(item.interprets, []).append(item.path)
        if item.replaced_by and item.replaced_by in is_published:
            replaces.setdefault(item.replaced_by, []).append(item.path)
    return interpretations, replaces


def counted_items(portal: Portal, as_of: dt.date) -> list[Item]:
    """Published items dated on or before ``as_of`` (Beijing dates), contract order; with a
    git history, only those a commit had published by then (CONTRACT §7)."""
    out = []
    for item in portal.published:
        day = beijing_date(item.date)
        if (
            day is not None
            and day <= as_of
            and (portal.ledger is None or portal.ledger.published_by(item.path, as_of))
        ):
            out.append(item)
    return out
