"""Columns the portal shows empty (空白栏目, a deduction in the national inspection)."""

from __future__ import annotations

from ..findings import Findings
from ..model import Portal


def check_empty_columns(portal: Portal) -> Findings:
    found = Findings()
    used: set[str] = set()
    for item in portal.published:
        for column_id in item.columns:
            if column_id in portal.catalog.columns:
                used.update(portal.catalog.ancestors(column_id))
    for column in portal.catalog.columns.values():
        if column.id not in used:
            found.warning(
                portal.catalog.path,
                column.line,
                "empty-column",
                f"栏目“{column.title}”（{column.id}）还没有任何公开信息。空白栏目会被政府网站检查扣分，请尽快发布内容或调整栏目",
            )
    return found
