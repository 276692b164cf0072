"""The publication ledger (issue 16; CONTRACT §5 ``backdated``/``date-changed``, §7): for every
published item, the commit that first published it and what changed after. Pure: a function
of the git log's commits, the blobs' bytes and the published items.

An item's version holds from its commit until the next commit that touches the file. A
version is public from ``max(commit time, its date)`` (a scheduled item appears on its
date) if it passes the disclosure gate, as long as it holds. ``first_published`` is the
first such moment. Later published versions give the date changes, the moment the
validity became 废止/失效, and content corrections. Items first committed on or before
``archive_until`` are the archive carried over from a former portal: their dates are theirs,
and nothing of their migration is reported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ..dates import beijing_date, to_beijing
from ..frontmatter import file_digest
from ..model import Item
from ..publish import passes_gate
from ..vocabulary import LAPSED_VALIDITIES
from .gitlog import Commit, GitLog

_NEVER = dt.datetime.max.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class Event:
    commit: str
    when: dt.datetime  # Beijing time


@dataclass(frozen=True)
class DateChange(Event):
    old: dt.datetime
    new: dt.datetime


@dataclass(frozen=True)
class ItemHistory:
    first_published: Event | None = None  # None: never public in a commit (not committed yet)
    archive: bool = False  # first committed on or before archive_until
    date_changes: tuple[DateChange, ...] = ()
    lapsed: Event | None = None  # when the validity last became 废止/失效
    corrections: tuple[Event, ...] = ()  # content changed, date and validity as before


@dataclass(frozen=True)
class Ledger:
    """The ledger of the published items, by item path; ``problem`` when there is no history."""

    problem: str | None = None
    items: Mapping[str, ItemHistory] = field(default_factory=dict)

    @property
    def available(self) -> bool:
        return self.problem is None

    def of(self, path: str) -> ItemHistory:
        return self.items.get(path, ItemHistory())

    def first_published(self, path: str) -> dt.datetime | None:
        first = self.of(path).first_published
        return first.when if first is not None else None

    def published_by(self, path: str, day: dt.date) -> bool:
        """With history, an item counts on ``day`` only if a commit had published it by then
        (CONTRACT §7); archive items and portals without history count by their dates."""
        if not self.available:
            return True
        history = self.of(path)
        if history.archive:
            return True
        return history.first_published is not None and beijing_date(history.first_published.when) <= day


Parse = Callable[[bytes, str], Item]


@dataclass(frozen=True)
class _Version:
    commit: Commit
    item: Item | None  # None: the file was deleted


def build_ledger(
    log: GitLog,
    published: list[Item],
    parse: Parse,
    moment: dt.datetime,
    archive_until: dt.date | None = None,
) -> Ledger:
    """The ledger of ``published`` (as of ``moment``) from ``log``; ``parse(bytes, path)`` reads a
    version. A version with the bytes of the item as read now is that item, not parsed again
    (most items have one version: this halves the ledger's cost)."""
    if log.problem is not None:
        return Ledger(problem=log.problem)
    wanted = {item.path for item in published}
    chains = _chains(log.commits, wanted)
    blobs = log.blobs(blob for chain in chains.values() for _c, blob in chain if blob)
    current = {item.path: item for item in published}

    def read(raw: bytes, path: str) -> Item:
        known = current[path]
        return known if known.digest and known.digest == file_digest(raw) else parse(raw, path)

    items = {}
    for path, chain in chains.items():
        versions = [
            _Version(commit, read(blobs[blob], path) if blob in blobs else None)
            for commit, blob in chain
            if blob is None or blob in blobs
        ]
        items[path] = _history(versions, moment, archive_until)
    return Ledger(items=items)


def _chains(commits: list[Commit], wanted: set[str]) -> dict[str, list[tuple[Commit, str | None]]]:
    """Each wanted path's versions, oldest first, following renames."""
    chains: dict[str, list[tuple[Commit, str | None]]] = {}
    for commit in commits:
        for change in commit.changes:
            chain = (
                chains.pop(change.renamed_from, []) if change.renamed_from else chains.get(change.path, [])
            )
            chain.append((commit, change.blob))
            chains[change.path] = chain
    return {path: chain for path, chain in chains.items() if path in wanted}


def _history(versions: list[_Version], moment: dt.datetime, archive_until: dt.date | None) -> ItemHistory:
    public: list[tuple[Event, Item]] = []  # the versions that were public, with when they became so
    for i, version in enumerate(versions):
        item = version.item
        if item is None or item.date is None or not passes_gate(item, _NEVER):
            continue
        start = max(version.commit.when, item.date)
        end = versions[i + 1].commit.when if i + 1 < len(versions) else _NEVER
        if start < end and start <= moment:
            # The first public version dates the publication; later ones, their commits.
            when = start if not public else version.commit.when
            public.append((Event(version.commit.sha, to_beijing(when)), item))
    if not public:
        return ItemHistory()
    first_event = public[0][0]
    archive = archive_until is not None and beijing_date(versions[0].commit.when) <= archive_until
    changes, lapsed, corrections = _after_publication(public, archive_until)
    return ItemHistory(first_event, archive, tuple(changes), lapsed, tuple(corrections))


def _after_publication(
    public: list[tuple[Event, Item]], archive_until: dt.date | None
) -> tuple[list[DateChange], Event | None, list[Event]]:
    changes: list[DateChange] = []
    lapsed: Event | None = None
    corrections: list[Event] = []
    for (_before_event, before), (event, after) in zip(public, public[1:], strict=False):
        if archive_until is not None and beijing_date(event.when) <= archive_until:
            continue  # the migration's own edits
        assert before.date is not None and after.date is not None
        # One commit may move the date and repeal the document at once: both are news.
        moved = beijing_date(before.date) != beijing_date(after.date)
        if moved:
            changes.append(DateChange(event.commit, event.when, before.date, after.date))
        lapses = after.validity in LAPSED_VALIDITIES
        if lapses != (before.validity in LAPSED_VALIDITIES):
            lapsed = event if lapses else None
        elif not moved and after.digest != before.digest:
            corrections.append(event)
    return changes, lapsed, corrections
