"""The 年度报表's figures: the ones the published items give, and the office's, checked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..annual.validation import Validator, get, raw_line
from ..dates import beijing_date
from ..model import Finding, Item, Portal
from ..privacy import KIND_NAMES, masked, scan_text
from ..publish import counted_items
from .schema import CODE, SCHEMA, WEBSITE_KINDS

FIRST_YEAR = 2000  # the 年度报表 dates from 2018; older archives still count from 2000


@dataclass(frozen=True)
class Computed:
    """What the portal counts itself, for the year (Beijing dates; with a git history, an
    item counts only once a commit had published it by 31 December)."""

    total: int = 0  # 信息发布总数 = the three kinds below; each item counts once
    overview: int = 0  # 概况类信息: items of the office's 概况类栏目
    news: int = 0  # 政务动态信息: items of `inspection: news` columns
    catalogue: int = 0  # 信息公开目录信息: every other item
    topics_maintained: int = 0  # 专栏专题 维护数量: columns with an item in the year
    topics_new: int = 0  # 新开设数量: columns whose first item ever is of the year
    materials: int = 0  # 解读材料数量: interpretations published in the year
    policies_interpreted: int = 0  # the documents those interpretations interpret


@dataclass
class YearlyReport:
    year: int
    computed: Computed
    website: dict[str, str]  # 网站基本信息: the office's, else the portal's settings
    office: dict[str, Any] = field(default_factory=dict)  # the office's checked YAML
    published: bool = False  # shown on the compliance page (and so on the portal)
    findings: list[Finding] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.website.get('name', '')}政府网站工作年度报表（{self.year}年度）"

    def value(self, *path: str) -> Any:
        return get(self.office, path)


def _year_items(portal: Portal, year: int) -> list[Item]:
    return [
        item
        for item in counted_items(portal, dt.date(year, 12, 31))
        if (day := beijing_date(item.date)) is not None and day.year == year
    ]


def _closed(portal: Portal, ids: list[str]) -> set[str]:
    return {
        d for column in ids if column in portal.catalog.columns for d in portal.catalog.descendants(column)
    }


def compute(
    portal: Portal, year: int, overview_columns: list[str], topic_columns: list[str] | None
) -> Computed:
    items = _year_items(portal, year)
    overview = _closed(portal, overview_columns)
    news = _closed(portal, [c.id for c in portal.catalog.columns.values() if c.inspection == "news"])
    kinds = {"overview": 0, "news": 0, "catalogue": 0}
    for item in items:
        mine = set(item.columns)
        kinds["overview" if mine & overview else "news" if mine & news else "catalogue"] += 1
    topics = list(portal.catalog.columns) if topic_columns is None else topic_columns
    # A column is new in the year when its earliest item counted by 31 December is of the year.
    counted = {item.path for item in counted_items(portal, dt.date(year, 12, 31))}
    maintained = new = 0
    for column in topics:
        days = [
            day
            for item in portal.column_items(column)
            if item.path in counted and (day := beijing_date(item.date)) is not None
        ]
        if any(day.year == year for day in days):
            maintained += 1
            new += min(days).year == year
    interpretations = [item for item in items if item.interprets and portal.is_published(item.interprets)]
    return Computed(
        total=len(items),
        materials=len(interpretations),
        policies_interpreted=len({item.interprets for item in interpretations}),
        topics_maintained=maintained,
        topics_new=new,
        **kinds,
    )


def build_yearly(
    portal: Portal,
    data: Mapping[str, Any],
    default_year: int,
    *,
    path: str,
    defaults: Mapping[str, str | None],
    published: bool = False,
) -> YearlyReport:
    """The 年度报表 for the YAML's ``year`` (else ``default_year``, the last full year)."""
    check = Validator(path, CODE)
    office = check.mapping(data, SCHEMA, [], 1)
    year = office.get("year", default_year)
    if not FIRST_YEAR <= year <= default_year + 1:  # a year the portal can count, not 0 or 99999
        check.error(
            raw_line(data, ("year",), SCHEMA),
            f"“年度”应是 {FIRST_YEAR} 至 {default_year + 1} 之间的年份，现在是“{year}”；不写则为上一年（{default_year}）。",
        )
        year = default_year
    columns = office.get("columns", {})
    for key in ("overview", "topics"):
        unknown = [c for c in columns.get(key, []) if c not in portal.catalog.columns]
        if unknown:
            check.error(
                raw_line(data, ("columns", key), SCHEMA),
                f"栏目分类里的“{'、'.join(unknown)}”不是 catalog.yml 里的栏目 id，请改为栏目的 id（如 news）。",
            )
    _check_office(check, data, office)
    website = {key: str(value) for key, value in defaults.items() if value}
    website |= office.get("website", {})
    computed = compute(portal, year, columns.get("overview", []), columns.get("topics"))
    return YearlyReport(year, computed, website, office, published, check.findings)


def _check_office(check: Validator, data: Any, office: dict[str, Any]) -> None:
    """The rules across fields: a given 总数 is the sum, done is not more than received, and
    nothing personal (a mobile number in 联系电话…) is published."""
    kind = get(office, ("website", "kind"))
    if kind is not None and kind not in WEBSITE_KINDS:
        check.error(
            raw_line(data, ("website", "kind"), SCHEMA),
            f"网站类型应为{'、'.join(WEBSITE_KINDS)}之一，现在是“{kind}”。",
        )
    cases = get(office, ("services", "cases")) or {}
    if "total" in cases and cases["total"] != cases.get("natural", 0) + cases.get("legal", 0):
        check.error(
            raw_line(data, ("services", "cases", "total"), SCHEMA),
            f"办件量总数写的是 {cases['total']}，但自然人办件量与法人办件量相加是 "
            f"{cases.get('natural', 0) + cases.get('legal', 0)}；总数由系统计算，可以不写。",
        )
    for part, done, of, words in (
        (("interaction", "messages"), "completed", "received", "办结留言数量多于收到留言数量"),
        (("security",), "problems_fixed", "problems_found", "问题整改数量多于发现问题数量"),
    ):
        numbers = get(office, part) or {}
        if done in numbers and of in numbers and numbers[done] > numbers[of]:
            check.error(raw_line(data, (*part, done), SCHEMA), f"{words}，请核对。", "warning")
    _check_private(check, data)


def _check_private(check: Validator, node: Any) -> None:
    """Every value of the YAML (a mapping's or a list's) with its line, scanned as written."""
    if isinstance(node, dict):
        written = getattr(node, "written", {})
        lines = getattr(node, "lines", {})
        values = [(v, written.get(k), lines.get(k, getattr(node, "line", 1))) for k, v in node.items()]
    elif isinstance(node, list):
        at = list(getattr(node, "lines", [])) or [getattr(node, "line", 1)] * len(node)
        values = [(v, None, line) for v, line in zip(node, at, strict=False)]
    else:
        return
    for value, as_written, line in values:
        if isinstance(value, (dict, list)):
            _check_private(check, value)
        elif value is not None:
            # As written: 13912345678 unquoted is a number to YAML, and still a mobile number.
            for hit in scan_text(as_written or str(value)):
                kind = KIND_NAMES.get(hit.code, "个人信息")
                message = (
                    f"年度报表将在网站公开，这里含有疑似{kind}“{masked(hit.text)}”。"
                    "请删去，或用 * 隐去其中至少 4 位数字（联系电话请填单位电话）"
                )
                check.findings.append(Finding(check.path, line, "error", hit.code, message))
