"""The current-policy library (现行有效政策文件库, CONTRACT §3 ``/policies/``): pure functions.

Every published policy document (``regulation`` 规章 and ``normative`` 行政规范性文件) with its
文号, title, publisher, dates and validity, the published items that interpret it and the one
that replaces it. Documents in force come first (有效, then those that state no validity),
then the expired and repealed ones, each group newest first: a reader sees what applies
before what no longer does, and a repealed document says when and by what.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from .dates import iso_day
from .model import Item, Portal, sort_key
from .vocabulary import POLICY_DOC_TYPES, VALIDITIES

# Validities in the order the library lists them ("" = not stated).
VALIDITY_ORDER = ("effective", "", "expired", "repealed")


@dataclass(frozen=True)
class PolicyEntry:
    item: Item
    publisher: str  # the department's name
    validity: str  # "effective" | "expired" | "repealed" | "" (not stated)
    interpretations: tuple[Item, ...]
    replaced_by: Item | None

    @property
    def validity_word(self) -> str:
        return VALIDITIES.get(self.validity, "")

    @property
    def in_force(self) -> bool:
        return self.validity in ("effective", "")

    @property
    def year(self) -> str:
        return str(self.item.date.year) if self.item.date else ""


def policy_entries(portal: Portal) -> list[PolicyEntry]:
    """The library's entries, in its order."""
    published = {item.path: item for item in portal.published}
    entries = []
    for item in portal.published:
        if item.doc_type not in POLICY_DOC_TYPES:
            continue
        interpretations = tuple(
            sorted(
                (published[p] for p in portal.interpretations.get(item.path, []) if p in published),
                key=sort_key,
            )
        )
        entries.append(
            PolicyEntry(
                item=item,
                publisher=portal.catalog.department_name(item.publisher) or "",
                validity=item.validity or "",
                interpretations=interpretations,
                replaced_by=published.get(item.replaced_by or ""),
            )
        )
    # Stable: within a validity group, the published order (newest first) stays.
    return sorted(
        entries, key=lambda e: VALIDITY_ORDER.index(e.validity) if e.validity in VALIDITY_ORDER else 1
    )


def policies_json(entries: list[PolicyEntry], base_url: str) -> bytes:
    """``/policies.json``: one object per entry, in the library's order (CONTRACT §3)."""

    def link(item: Item) -> dict[str, str]:
        return {"url": base_url + item.url, "title": item.title}

    rows = [
        {
            "url": base_url + e.item.url,
            "path": e.item.path,
            "title": e.item.title,
            "doc_number": e.item.doc_number,
            "doc_type": e.item.doc_type,
            "publisher": e.item.publisher,
            "publisher_name": e.publisher or None,
            "written": iso_day(e.item.written),
            "date": iso_day(e.item.date),
            "validity": e.validity or None,
            "repealed_on": iso_day(e.item.repealed_on),
            "interpretations": [link(i) for i in e.interpretations],
            "replaced_by": link(e.replaced_by) if e.replaced_by else None,
        }
        for e in entries
    ]
    return (json.dumps(rows, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
