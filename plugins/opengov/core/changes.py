"""Changes after publication (CONTRACT §3 ``/changes/``): when a rule stops applying.

One event when a published document is repealed (废止), expires (失效) or is replaced (替代
文件), dated by its ``repealed_on``, else (for a replacement) by the replacing document's
``date``. A repeal or expiry without ``repealed_on`` can be dated only by the publication
ledger (issue 16, the git history), which this portal does not read yet: such a change is
left out rather than dated by a guess. Pure functions of the published set.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .dates import cn_day
from .model import Item, Portal

KINDS = {"repealed": "废止", "expired": "失效", "replaced": "被替代"}


@dataclass(frozen=True)
class Change:
    item: Item
    kind: str  # "repealed" | "expired" | "replaced"
    when: dt.datetime
    replaced_by: Item | None

    @property
    def title(self) -> str:
        return f"{KINDS[self.kind]}：{self.item.title}"

    def text(self) -> str:
        """The entry's text, for a subscriber who reads nothing else."""
        number = f"（{self.item.doc_number}）" if self.item.doc_number else ""
        what = {"repealed": "废止", "expired": "失效", "replaced": "停止执行"}[self.kind]
        said = f"《{self.item.title}》{number}自{cn_day(self.when)}起{what}"
        if self.replaced_by is not None:
            said += f"，由《{self.replaced_by.title}》替代"
        return said + "。"


def changes(portal: Portal) -> list[Change]:
    """Every datable change, newest first (ties by path)."""
    published = {item.path: item for item in portal.published}
    found = []
    for item in portal.published:
        replacement = published.get(item.replaced_by or "")
        lapsed = item.validity in ("repealed", "expired")
        if not lapsed and replacement is None:
            continue
        kind = item.validity if lapsed and item.validity else "replaced"
        when = item.repealed_on or (replacement.date if replacement is not None else None)
        if when is not None:
            found.append(Change(item, kind, when, replacement))
    found.sort(key=lambda c: c.item.path)
    found.sort(key=lambda c: c.when, reverse=True)
    return found
