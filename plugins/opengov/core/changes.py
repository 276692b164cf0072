"""Changes after publication (CONTRACT §3 ``/changes/``): when a rule stops applying, and
when a published item was corrected.

- One event when a published document is repealed (废止), expires (失效) or is replaced
  (替代文件), dated by its ``repealed_on``; else, for a repeal or expiry, by the ledger's
  commit that changed the validity (issue 16); else, for a replacement, by the replacing
  document's ``date``. A lapse that nothing dates (no ``repealed_on``, no history) is left
  out rather than dated by a guess.
- One event per later change of a published item's ``date`` and per content correction,
  from the publication ledger (empty without git history). The archive's own migration
  edits are not news (the ledger leaves them out).

Pure functions of the published set and its ledger.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .dates import cn_day
from .model import Item, Portal

KINDS = {
    "repealed": "废止",
    "expired": "失效",
    "replaced": "被替代",
    "date-corrected": "更正发布日期",
    "corrected": "更正",
}


@dataclass(frozen=True)
class Change:
    item: Item
    kind: str  # a key of KINDS
    when: dt.datetime
    replaced_by: Item | None = None
    commit: str | None = None  # the ledger's commit, when the change comes from history
    old_date: dt.datetime | None = None  # date-corrected: the date before and after
    new_date: dt.datetime | None = None

    @property
    def title(self) -> str:
        return f"{KINDS[self.kind]}：{self.item.title}"

    @property
    def key(self) -> str:
        """What tells this change from the item's others, for the entry's id."""
        return f"{self.kind}:{self.commit[:12] if self.commit else self.when.date().isoformat()}"

    def text(self) -> str:
        """The entry's text, for a subscriber who reads nothing else."""
        number = f"（{self.item.doc_number}）" if self.item.doc_number else ""
        name = f"《{self.item.title}》{number}"
        if self.kind == "date-corrected":
            return f"{name}的发布日期于{cn_day(self.when)}由{cn_day(self.old_date)}更正为{cn_day(self.new_date)}。"
        if self.kind == "corrected":
            return f"{name}发布后，内容于{cn_day(self.when)}更正，请以网站现行内容为准。"
        what = {"repealed": "废止", "expired": "失效", "replaced": "停止执行"}[self.kind]
        said = f"{name}自{cn_day(self.when)}起{what}"
        if self.replaced_by is not None:
            said += f"，由《{self.replaced_by.title}》替代"
        return said + "。"


def changes(portal: Portal) -> list[Change]:
    """Every datable change, newest first (ties by path, then kind)."""
    published = {item.path: item for item in portal.published}
    found = []
    for item in portal.published:
        lapse = _lapse(portal, item, published.get(item.replaced_by or ""))
        if lapse is not None:
            found.append(lapse)
        found.extend(_corrections(portal, item))
    found.sort(key=lambda c: (c.item.path, c.kind, c.key))
    found.sort(key=lambda c: c.when, reverse=True)
    return found


def _lapse(portal: Portal, item: Item, replacement: Item | None) -> Change | None:
    lapsed = item.validity in ("repealed", "expired")
    if not lapsed and replacement is None:
        return None
    kind = item.validity if lapsed and item.validity else "replaced"
    if item.repealed_on is not None:
        return Change(item, kind, item.repealed_on, replacement)
    event = portal.ledger.of(item.path).lapsed if lapsed and portal.ledger is not None else None
    if event is not None:
        return Change(item, kind, event.when, replacement, commit=event.commit)
    if replacement is not None and replacement.date is not None:
        return Change(item, kind, replacement.date, replacement)
    return None


def _corrections(portal: Portal, item: Item) -> list[Change]:
    if portal.ledger is None:
        return []
    history = portal.ledger.of(item.path)
    found = [
        Change(
            item, "date-corrected", moved.when, commit=moved.commit, old_date=moved.old, new_date=moved.new
        )
        for moved in history.date_changes
    ]
    found.extend(Change(item, "corrected", event.when, commit=event.commit) for event in history.corrections)
    return found
