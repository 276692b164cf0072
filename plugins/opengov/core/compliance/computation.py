""":func:`build_report`: every CONTRACT §7 rule applied to a portal as it stood on a day."""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Iterable
from dataclasses import replace
from typing import TypedDict

from ..checks.history import backdated_days
from ..dates import beijing_date, cn_day, iso_day
from ..model import Catalog, Finding, Item, Portal
from ..workdays import WorkCalendar, statutory_years
from . import report as entries
from .report import LateEntry, Report, Verdict
from .rules import (
    CADENCE_DAYS,
    INSPECTION_DAYS,
    INTERPRET_LIMIT,
    PORTAL_STALE_DAYS,
    PUBLISH_LIMIT,
    VETO_COLUMNS,
    counted_items,
)


def _norm_ref(ref: str) -> str:
    ref = ref.strip().replace("\\", "/").lstrip("/")
    return posixpath.normpath(ref) if ref else ref


def _source(portal: Portal, item: Item) -> str:
    if item.source:
        return item.source
    content = portal.content_dir.strip("/")
    return f"{content}/{item.path}" if content else item.path


def _day(item: Item) -> dt.date:
    day = beijing_date(item.date)
    assert day is not None  # counted items all have a date
    return day


YEARLY_TITLE = "网站工作年度报表"


def build_report(portal: Portal, as_of: dt.date, *, calendar: WorkCalendar | None = None) -> Report:
    """Apply every CONTRACT §7 rule to ``portal`` as it stood on ``as_of``."""
    catalog = portal.catalog
    cal = calendar if calendar is not None else WorkCalendar.for_catalog(catalog)
    items = counted_items(portal, as_of)
    late, interpreted = _late_entries(portal, items, cal)
    newest_in = _newest_by_column(catalog, items)
    backdated = tuple(_backdated(portal, items))
    partial = Report(
        as_of=as_of,
        late=late,
        missing_interpretation=tuple(
            _missing(portal, i) for i in items if i.is_policy and i.path not in interpreted
        ),
        overdue_columns=tuple(_overdue_columns(catalog, newest_in, as_of)),
        blank_columns=tuple(cid for cid in catalog.columns if cid not in newest_in),
        organization=catalog.organization.name,
        newest=max((_day(i) for i in items), default=None),
        item_count=len(items),
        not_updated_columns=tuple(_not_updated_columns(catalog, newest_in, as_of)),
        column_titles={cid: col.title for cid, col in catalog.columns.items()},
        warnings=(*_calendar_warnings(catalog, cal), *_history_warnings(portal)),
        backdated=backdated,
        date_changes=tuple(_date_changes(portal, items)),
        recent_backdated=sum(1 for e in backdated if _within_year(e.first_published, as_of)),
        yearly_report_missing=_yearly_report_missing(portal, items, as_of),
    )
    reasons = tuple(_verdict_reasons(partial))
    return replace(partial, verdict=Verdict(passed=not reasons, reasons=reasons))


def _yearly_report_missing(portal: Portal, items: list[Item], as_of: dt.date) -> bool:
    """After 31 January, the previous year's 政府网站工作年度报表 is not on the portal: neither the
    draft this portal publishes (``yearly_website_report`` with the compliance page) nor an item
    of its own (a title naming the year and 网站工作年度报表, as offices publish the signed sheet)."""
    if as_of <= dt.date(as_of.year, 1, 31):
        return False
    year = as_of.year - 1
    drafted = portal.yearly
    if drafted is not None and drafted.published and drafted.year == year:
        return False
    return not any(YEARLY_TITLE in item.title and str(year) in item.title for item in items)


# -- deadlines ---------------------------------------------------------------------


class _LateFields(TypedDict):
    path: str
    working_days: int
    limit: int
    title: str
    url: str


def _late_fields(portal: Portal, item: Item, working_days: int, limit: int) -> _LateFields:
    return {
        "path": _source(portal, item),
        "working_days": working_days,
        "limit": limit,
        "title": item.title,
        "url": item.url,
    }


def _late_entries(
    portal: Portal, items: list[Item], cal: WorkCalendar
) -> tuple[tuple[LateEntry, ...], set[str]]:
    """Late publications and interpretations in contract order (``items``' order), and the
    paths of the policies some counted item interprets."""
    by_path = {i.path: i for i in items}
    late: list[LateEntry] = []
    interpreted: set[str] = set()
    for item in items:
        publication = _late_publication(portal, item, cal)
        if publication is not None:
            late.append(publication)
        if item.interprets:
            target = by_path.get(_norm_ref(item.interprets))
            if target is None or target is item:
                continue  # unpublished or unknown targets are the loader's findings
            interpreted.add(target.path)
            interpretation = _late_interpretation(portal, item, target, cal)
            if interpretation is not None:
                late.append(interpretation)
    return tuple(late), interpreted


def _late_publication(portal: Portal, item: Item, cal: WorkCalendar) -> entries.LatePublication | None:
    day, written = _day(item), beijing_date(item.written)
    if written is None:
        return None
    n = cal.working_days_between(written, day)
    if n <= PUBLISH_LIMIT:
        return None
    return entries.LatePublication(
        **_late_fields(portal, item, n, PUBLISH_LIMIT), written=written.isoformat(), date=day.isoformat()
    )


def _late_interpretation(
    portal: Portal, item: Item, target: Item, cal: WorkCalendar
) -> entries.LateInterpretation | None:
    day, policy_day = _day(item), _day(target)
    n = cal.working_days_between(policy_day, day)
    if n <= INTERPRET_LIMIT:
        return None
    return entries.LateInterpretation(
        **_late_fields(portal, item, n, INTERPRET_LIMIT),
        date=day.isoformat(),
        policy=_source(portal, target),
        policy_title=target.title,
        policy_date=policy_day.isoformat(),
    )


def _missing(portal: Portal, item: Item) -> entries.MissingInterpretation:
    return entries.MissingInterpretation(
        path=_source(portal, item),
        title=item.title,
        url=item.url,
        doc_type=item.doc_type,
        date=iso_day(beijing_date(item.date)),
    )


# -- columns -----------------------------------------------------------------------


def _newest_by_column(catalog: Catalog, items: Iterable[Item]) -> dict[str, dt.date]:
    """The newest counted item's date of each column, its descendants' items included."""
    newest_in: dict[str, dt.date] = {}
    for item in items:
        day = _day(item)
        for column_id in item.columns:
            if column_id not in catalog.columns:
                continue  # unknown-column is the loader's finding
            for cid in catalog.ancestors(column_id):
                if cid not in newest_in or day > newest_in[cid]:
                    newest_in[cid] = day
    return newest_in


def _overdue_columns(
    catalog: Catalog, newest_in: dict[str, dt.date], as_of: dt.date
) -> Iterable[entries.OverdueColumn]:
    for cid, column in catalog.columns.items():
        last = newest_in.get(cid)
        limit = CADENCE_DAYS.get(column.cadence)
        if last is None or limit is None:
            continue  # blank, or cadence none
        days = (as_of - last).days
        if days > limit:
            yield entries.OverdueColumn(
                column=cid,
                cadence=column.cadence,
                last=last.isoformat(),
                days=days,
                limit=limit,
                title=column.title,
            )


def _not_updated_columns(
    catalog: Catalog, newest_in: dict[str, dt.date], as_of: dt.date
) -> Iterable[entries.NotUpdatedColumn]:
    for cid, column in catalog.columns.items():
        window = INSPECTION_DAYS.get(column.inspection)
        if window is None:
            continue
        last = newest_in.get(cid)
        days_since = None if last is None else (as_of - last).days
        if days_since is None or days_since > window:
            yield entries.NotUpdatedColumn(
                column=cid,
                inspection=column.inspection,
                last=iso_day(last),
                days=days_since,
                limit=window,
                title=column.title,
            )


# -- the publication ledger ----------------------------------------------------------


def _backdated(portal: Portal, items: list[Item]) -> Iterable[entries.Backdated]:
    ledger = portal.ledger
    for item in items:
        days = backdated_days(portal, item.path)
        first = ledger.of(item.path).first_published if ledger is not None else None
        if days is None or first is None:
            continue
        yield entries.Backdated(
            path=_source(portal, item),
            date=iso_day(_day(item)) or "",
            first_published=first.when.isoformat(),
            commit=first.commit,
            days=days,
            title=item.title,
            url=item.url,
        )


def _date_changes(portal: Portal, items: list[Item]) -> Iterable[entries.DateCorrection]:
    if portal.ledger is None:
        return
    for item in items:
        for change in portal.ledger.of(item.path).date_changes:
            yield entries.DateCorrection(
                path=_source(portal, item),
                old=iso_day(beijing_date(change.old)) or "",
                new=iso_day(beijing_date(change.new)) or "",
                commit=change.commit,
                when=change.when.isoformat(),
                title=item.title,
                url=item.url,
            )


def _within_year(stamp: str, as_of: dt.date) -> bool:
    """Whether the ISO time ``stamp`` falls in the 12 months up to ``as_of``."""
    day = dt.datetime.fromisoformat(stamp).date()
    try:
        year_before = as_of.replace(year=as_of.year - 1)
    except ValueError:  # 29 February
        year_before = as_of.replace(year=as_of.year - 1, day=28)
    return year_before < day <= as_of


def _history_warnings(portal: Portal) -> Iterable[Finding]:
    if portal.ledger is not None and portal.ledger.problem:
        yield Finding(
            path=portal.content_dir or ".",
            line=1,
            severity="warning",
            code="history-unavailable",
            message=f"{portal.ledger.problem}。没有提交历史时不检查“伪造发稿日期”（backdated、date_changes 为空）",
        )


# -- verdict and warnings ----------------------------------------------------------


def _verdict_reasons(report: Report) -> Iterable[str]:
    """The 单项否决 conditions ``report`` meets, in the contract's order."""
    as_of = report.as_of
    if report.recent_backdated:
        yield (
            f"有 {report.recent_backdated} 条近 12 个月发布的信息，发布日期比实际发布（提交）时间早一天以上"
            "（伪造发稿日期，单项否决）。"
        )
    if report.newest is None:
        yield f"截至{cn_day(as_of)}，网站没有任何已发布的信息（首页信息超过 {PORTAL_STALE_DAYS} 天未更新）。"
    else:
        age = (as_of - report.newest).days
        if age > PORTAL_STALE_DAYS:
            yield (
                f"全站最新一条信息发布于{cn_day(report.newest)}，到{cn_day(as_of)}已有 {age} 天，"
                f"超过 {PORTAL_STALE_DAYS} 天没有更新。"
            )
    if len(report.not_updated_columns) >= VETO_COLUMNS:
        names = "、".join(report.column_label(e.column) for e in report.not_updated_columns)
        yield (
            f"有 {len(report.not_updated_columns)} 个栏目未按时更新"
            f"（动态要闻类栏目 {INSPECTION_DAYS['news']} 天内、"
            f"通知公告和政策文件类栏目 {INSPECTION_DAYS['notice']} 天内没有新信息，"
            f"达到 {VETO_COLUMNS} 个即不合格）：{names}。"
        )
    if len(report.blank_columns) >= VETO_COLUMNS:
        names = "、".join(report.column_label(c) for c in report.blank_columns)
        yield (
            f"有 {len(report.blank_columns)} 个空白栏目（栏目及其下级栏目没有任何已发布信息，"
            f"达到 {VETO_COLUMNS} 个即不合格）：{names}。"
        )


def _calendar_warnings(catalog: Catalog, cal: WorkCalendar) -> Iterable[Finding]:
    if not cal.out_of_range_years:
        return
    first, last_year = statutory_years()
    years = "、".join(f"{y}年" for y in sorted(cal.out_of_range_years))
    yield Finding(
        path=catalog.path,
        line=1,
        severity="warning",
        code="calendar-out-of-range",
        message=(
            f"法定节假日数据只覆盖 {first}—{last_year} 年，{years}的工作日按周一至周五计算"
            f"（已计入本文件 calendar 中的补充日期）；请在 calendar 的 holidays 和 workdays 中"
            f"补全这些年份的放假和调休上班日期，工作日天数才准确。"
        ),
    )
