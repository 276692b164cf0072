"""Checks of each item on its own, and of items against each other (索引号, replacements)."""

from __future__ import annotations

from collections import defaultdict

from ..findings import Findings
from ..model import Item
from ..vocabulary import LAPSED_VALIDITIES


def check_item(item: Item, moment_after: bool) -> Findings:
    """Warnings about one item; ``moment_after``: its date is after the build's moment."""
    found = Findings()
    if not item.path.isascii():
        found.warning(
            item.source,
            1,
            "non-ascii-path",
            "文件路径含有中文或全角字符，网址会很难看、也难以转发。建议改用拼音或英文文件名（改名后用“旧地址”保留原网址）",
        )
    if item.date and moment_after:
        when = item.date.strftime("%Y-%m-%d %H:%M")
        found.warning(
            item.source,
            item.line_of("date"),
            "scheduled",
            f"发布时间 {when}（北京时间）晚于本次构建的时间，本条暂不发布；{when} 及以后的第一次构建会自动发布",
        )
    if item.written and item.date and item.written.date() > item.date.date():
        found.warning(
            item.source,
            item.line_of("written"),
            "written-after-date",
            "成文日期晚于发布日期，请核对两个日期是否写反",
        )
    if not item.index_no and item.lines and item.disclosure == "proactive" and not item.draft:
        found.warning(
            item.source,
            item.line_of("index_no"),  # an empty 索引号: at its key; no key at all: line 1
            "missing-index-no",
            "缺少索引号。请用“opengov new”新建条目，或按目录规则补上索引号（构建不会自动编号）",
        )
    if item.repealed_on and item.validity not in LAPSED_VALIDITIES:
        found.warning(
            item.source,
            item.line_of("repealed_on"),
            "repealed-but-effective",
            "写了废止日期，但有效性不是“废止”或“失效”，请核对",
        )
    return found


def check_index_numbers(items: dict[str, Item]) -> Findings:
    found = Findings()
    owners: dict[str, list[Item]] = defaultdict(list)
    for item in items.values():
        if item.index_no:
            owners[item.index_no].append(item)
    for number, group in owners.items():
        if len(group) < 2:
            continue
        for item in group:
            others = "、".join(o.source for o in group if o is not item)
            found.error(
                item.source,
                item.line_of("index_no"),
                "duplicate-index-no",
                f"索引号“{number}”与 {others} 重复。每条信息的索引号必须唯一，请用“opengov new”重新取号",
            )
    return found


def check_replacement_cycles(items: dict[str, Item]) -> Findings:
    """``replaced_by`` must lead to a current document: itself, or A→B→A, leads nowhere."""
    found = Findings()
    for item in items.values():
        seen = [item.path]
        current = item.replaced_by
        while current is not None and current in items and current not in seen:
            seen.append(current)
            current = items[current].replaced_by
        if current is None or current != item.path:
            continue
        chain = " → ".join(seen + [item.path]) if len(seen) > 1 else ""
        why = f"替代关系绕回了本条目（{chain}）" if chain else "替代文件就是本条目自己"
        found.error(
            item.source,
            item.line_of("replaced_by"),
            "bad-value",
            f"{why}，读者找不到现行有效的文件。请把“替代文件”改为真正取代它的新文件，或删除这一行",
        )
    return found
