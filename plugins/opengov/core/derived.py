"""Results computed from one item's file alone (its links, unsafe HTML, personal numbers),
kept beside its parse so that the build cache (``site/buildcache.py``) need not compute
them again while the file's bytes stay the same. Pure: a memo is a plain dict of
JSON-able rows, keyed by the item's path and checked against its digest.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .model import Item

Rows = list[list[Any]]
# item path -> (the file's digest, {what: rows})
Memos = Mapping[str, tuple[str, dict[str, Rows]]]


def derived(memos: Memos, item: Item, name: str, compute: Callable[[], Rows]) -> Rows:
    """``compute()``'s rows for ``item``, from its memo when the file is the one it was made of."""
    memo = memos.get(item.path)
    if memo is None or memo[0] != item.digest:
        return compute()
    rows = memo[1].get(name)
    if rows is None:
        rows = memo[1][name] = compute()
    return rows


# What each memo's rows hold: a memo read back from disk must have exactly this shape.
SHAPES: dict[str, tuple[type, ...]] = {"links": (str, int), "unsafe": (int, str), "privacy": (int, str, str)}


def checked_memo(value: object) -> dict[str, Rows]:
    """A memo read back from disk, or ValueError when any row is not of its shape."""
    if not isinstance(value, dict):
        raise ValueError("memo")
    memo: dict[str, Rows] = {}
    for name, rows in value.items():
        shape = SHAPES.get(name)
        if shape is None or not isinstance(rows, list):
            raise ValueError("memo name")
        for row in rows:
            if not isinstance(row, list) or len(row) != len(shape):
                raise ValueError("memo row")
            if not all(isinstance(v, t) and not isinstance(v, bool) for v, t in zip(row, shape, strict=True)):
                raise ValueError("memo value")
        memo[name] = rows
    return memo
