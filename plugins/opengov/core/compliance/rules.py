"""The CONTRACT §7 limits and names, which items count, and ``--fail-on``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..publish import counted_items as counted_items  # the report's rule, kept where it was
from ..vocabulary import CADENCES

if TYPE_CHECKING:
    from .report import Report

PUBLISH_LIMIT = 20  # working days, 条例第二十六条
INTERPRET_LIMIT = 3  # working days
PORTAL_STALE_DAYS = 14  # newest item of the whole portal
VETO_COLUMNS = 5  # not-updated or blank columns that fail the verdict

CADENCE_DAYS: dict[str, int] = {"realtime": 14, "weekly": 10, "monthly": 45, "quarterly": 120, "yearly": 395}
CADENCE_NAMES: dict[str, str] = {
    "none": "不定期",
    "realtime": "实时",
    "weekly": "每周",
    "monthly": "每月",
    "quarterly": "每季度",
    "yearly": "每年",
}
INSPECTION_DAYS: dict[str, int] = {"news": 14, "notice": 183}
INSPECTION_NAMES: dict[str, str] = {"news": "动态要闻类", "notice": "通知公告、政策文件类"}
RULE_NAMES: dict[str, str] = {
    "publish-20-workdays": "成文后 20 个工作日内公开",
    "interpret-3-workdays": "政策文件公开后 3 个工作日内发布解读",
}

FAIL_ON_KINDS: tuple[str, ...] = ("late", "missing-interpretation", "overdue", "blank", "veto")

assert set(CADENCE_NAMES) == set(CADENCES)


def parse_fail_on(text: str) -> set[str]:
    """``"late,veto"`` -> ``{"late", "veto"}``; ValueError (Chinese message) on an unknown kind."""
    kinds = {k.strip() for k in text.replace("，", ",").split(",") if k.strip()}
    unknown = sorted(kinds - set(FAIL_ON_KINDS))
    if unknown:
        raise ValueError(f"--fail-on 不认识 {'、'.join(unknown)}；可用的有：{', '.join(FAIL_ON_KINDS)}。")
    return kinds


def fail_on(report: Report, kinds: set[str] | frozenset[str]) -> bool:
    """True when any named kind is present in ``report`` (``veto``: the verdict fails)."""
    unknown = set(kinds) - set(FAIL_ON_KINDS)
    if unknown:
        raise ValueError(f"unknown --fail-on kind(s): {', '.join(sorted(unknown))}")
    present = {
        "late": bool(report.late),
        "missing-interpretation": bool(report.missing_interpretation),
        "overdue": bool(report.overdue_columns),
        "blank": bool(report.blank_columns),
        "veto": not report.passed,
    }
    return any(present[k] for k in kinds)
