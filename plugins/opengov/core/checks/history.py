"""The ledger's warnings (CONTRACT §5): ``backdated`` and ``date-changed`` published items."""

from __future__ import annotations

from ..dates import beijing_date, cn_day, iso_day
from ..findings import Findings
from ..model import Portal

# 伪造发稿日期: a date more than this many calendar days before the first publishing commit.
BACKDATED_DAYS = 1


def backdated_days(portal: Portal, path: str) -> int | None:
    """How many days the item's date lies before its first publication, when over the limit."""
    ledger, item = portal.ledger, portal.items.get(path)
    if ledger is None or item is None or item.date is None:
        return None
    history = ledger.of(path)
    if history.archive or history.first_published is None:
        return None
    days = (beijing_date(history.first_published.when) - beijing_date(item.date)).days
    return days if days > BACKDATED_DAYS else None


def check_history(portal: Portal) -> Findings:
    found = Findings()
    if portal.ledger is None or not portal.ledger.available:
        return found
    for item in portal.published:
        history = portal.ledger.of(item.path)
        days = backdated_days(portal, item.path)
        if days is not None and history.first_published is not None:
            first = history.first_published
            found.warning(
                item.source,
                item.line_of("date"),
                "backdated",
                f"发布日期 {iso_day(item.date)} 比这条信息第一次在网站发布的时间"
                f"（{cn_day(first.when)}，提交 {first.commit[:8]}）早 {days} 天。发布日期应为信息真正公开的日期，"
                "“伪造发稿日期”是政府网站检查的单项否决项。请改为真实的发布日期；"
                "确是从旧网站迁来的信息，请在 mkdocs.yml 的 opengov 插件下设置 archive_until",
            )
        for change in history.date_changes:
            found.warning(
                item.source,
                item.line_of("date"),
                "date-changed",
                f"这条信息发布后改过发布日期：提交 {change.commit[:8]}（{cn_day(change.when)}）"
                f"把 {iso_day(change.old)} 改为 {iso_day(change.new)}。已公开信息的发布日期应保持不变；"
                "确需更正，请在正文中说明更正的原因",
            )
    return found
