"""The compliance report (CONTRACT §7): deadlines, interpretations, column freshness, verdict.

Pure functions over a loaded :class:`~opengov.core.model.Portal`; no MkDocs.

Rules, as the contract states them, with the readings this module fixes:

- Only items of ``portal.published`` dated on or before ``as_of`` count (dates
  are Beijing-time calendar dates). The portal must therefore have been loaded
  with a build date on or after ``as_of``: items scheduled after the portal's
  own date are not in ``portal.published``.
- ``publish-20-workdays``: more than 20 working days after ``written`` up to and
  including ``date`` (条例第二十六条). Exactly 20 is on time.
- ``interpret-3-workdays``: an item whose ``interprets`` names a policy that
  counts (published on or before ``as_of``) and whose ``date`` is more than 3
  working days after the policy's ``date``.
- ``missing_interpretation``: a counted ``regulation``/``normative`` item that no
  counted item interprets.
- ``overdue_columns``: calendar days from the newest counted item of the column
  or its descendants to ``as_of`` greater than the cadence's limit (realtime 14,
  weekly 10, monthly 45, quarterly 120, yearly 395; ``none`` never). A column
  without any counted item is blank, never overdue.
- ``blank_columns``: every column (any cadence) without a counted item in it or
  its descendants.
- ``verdict`` fails when any of these holds (the 政府网站检查 单项否决 items):
  1. the newest counted item of the whole portal is more than 14 days old, or
     there is none;
  2. 5 or more columns are "not updated": ``inspection: news`` columns with
     nothing in the last 14 days, ``inspection: notice`` columns with nothing
     in the last 183 days. "Nothing in the last N days" means the newest item
     is more than N days old **or there is no item at all**: a blank news or
     notice column counts here too (and also as a blank column below);
  3. 5 or more blank columns.

Entry points: :func:`build_report`, :meth:`Report.to_json_dict`,
:func:`render_text`, :func:`render_html`, :func:`html_document`,
:func:`fail_on` / :func:`parse_fail_on`.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
from dataclasses import dataclass, field
from typing import Any

from .dates import beijing_date, cn_day, iso_day
from .model import Finding, Item, Portal
from .vocabulary import CADENCES
from .workdays import WorkCalendar, statutory_years

__all__ = [
    "CADENCE_DAYS",
    "CADENCE_NAMES",
    "FAIL_ON_KINDS",
    "INSPECTION_DAYS",
    "PUBLISH_LIMIT",
    "INTERPRET_LIMIT",
    "Report",
    "build_report",
    "counted_items",
    "fail_on",
    "html_document",
    "parse_fail_on",
    "render_html",
    "render_text",
]

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


def _norm_ref(ref: str) -> str:
    ref = ref.strip().replace("\\", "/").lstrip("/")
    return posixpath.normpath(ref) if ref else ref


def _source(portal: Portal, item: Item) -> str:
    if item.source:
        return item.source
    content = portal.content_dir.strip("/")
    return f"{content}/{item.path}" if content else item.path


@dataclass
class Report:
    """The compliance report. ``to_json_dict()`` is the CONTRACT §7 object."""

    as_of: dt.date
    late: list[dict[str, Any]] = field(default_factory=list)
    missing_interpretation: list[dict[str, Any]] = field(default_factory=list)
    overdue_columns: list[dict[str, Any]] = field(default_factory=list)
    blank_columns: list[str] = field(default_factory=list)
    verdict: dict[str, Any] = field(default_factory=lambda: {"pass": True, "reasons": []})
    warnings: list[Finding] = field(default_factory=list)
    # Additions (the contract allows more keys):
    organization: str = ""
    newest: dt.date | None = None  # newest counted item of the whole portal
    item_count: int = 0  # counted items
    not_updated_columns: list[dict[str, Any]] = field(default_factory=list)  # verdict condition 2
    column_titles: dict[str, str] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return bool(self.verdict.get("pass"))

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "late": [dict(e) for e in self.late],
            "missing_interpretation": [dict(e) for e in self.missing_interpretation],
            "overdue_columns": [dict(e) for e in self.overdue_columns],
            "blank_columns": list(self.blank_columns),
            "verdict": {"pass": self.passed, "reasons": list(self.verdict.get("reasons", []))},
            "newest": iso_day(self.newest),
            "items": self.item_count,
            "not_updated_columns": [dict(e) for e in self.not_updated_columns],
            "warnings": [w.as_dict() for w in self.warnings],
        }


def counted_items(portal: Portal, as_of: dt.date) -> list[Item]:
    """Published items dated on or before ``as_of`` (Beijing dates), contract order."""
    out = []
    for item in portal.published:
        day = beijing_date(item.date)
        if day is not None and day <= as_of:
            out.append(item)
    return out


def build_report(portal: Portal, as_of: dt.date, *, calendar: WorkCalendar | None = None) -> Report:
    """Apply every CONTRACT §7 rule to ``portal`` as it stood on ``as_of``."""
    catalog = portal.catalog
    cal = calendar if calendar is not None else WorkCalendar.for_catalog(catalog)
    items = counted_items(portal, as_of)
    by_path = {i.path: i for i in items}
    report = Report(
        as_of=as_of,
        organization=catalog.organization.name,
        item_count=len(items),
        column_titles={cid: col.title for cid, col in catalog.columns.items()},
    )

    # -- deadlines -------------------------------------------------------------
    interpreted: set[str] = set()
    for item in items:
        day = beijing_date(item.date)
        assert day is not None
        written = beijing_date(item.written)
        if written is not None:
            n = cal.working_days_between(written, day)
            if n > PUBLISH_LIMIT:
                report.late.append(
                    {
                        "path": _source(portal, item),
                        "rule": "publish-20-workdays",
                        "working_days": n,
                        "limit": PUBLISH_LIMIT,
                        "title": item.title,
                        "url": item.url,
                        "written": written.isoformat(),
                        "date": day.isoformat(),
                    }
                )
        if item.interprets:
            target = by_path.get(_norm_ref(item.interprets))
            if target is None or target is item:
                continue  # unpublished or unknown targets are the loader's findings
            interpreted.add(target.path)
            policy_day = beijing_date(target.date)
            assert policy_day is not None
            n = cal.working_days_between(policy_day, day)
            if n > INTERPRET_LIMIT:
                report.late.append(
                    {
                        "path": _source(portal, item),
                        "rule": "interpret-3-workdays",
                        "working_days": n,
                        "limit": INTERPRET_LIMIT,
                        "title": item.title,
                        "url": item.url,
                        "date": day.isoformat(),
                        "policy": _source(portal, target),
                        "policy_title": target.title,
                        "policy_date": policy_day.isoformat(),
                    }
                )
    # Contract order (newest first, ties by path), as ``items`` already are.

    for item in items:
        if item.is_policy and item.path not in interpreted:
            report.missing_interpretation.append(
                {
                    "path": _source(portal, item),
                    "title": item.title,
                    "url": item.url,
                    "doc_type": item.doc_type,
                    "date": iso_day(beijing_date(item.date)),
                }
            )

    # -- columns ---------------------------------------------------------------
    newest_in: dict[str, dt.date] = {}
    for item in items:
        day = beijing_date(item.date)
        assert day is not None
        for column_id in item.columns:
            if column_id not in catalog.columns:
                continue  # unknown-column is the loader's finding
            for cid in catalog.ancestors(column_id):
                if cid not in newest_in or day > newest_in[cid]:
                    newest_in[cid] = day

    for cid, column in catalog.columns.items():
        last = newest_in.get(cid)
        if last is None:
            report.blank_columns.append(cid)
        else:
            limit = CADENCE_DAYS.get(column.cadence)
            days = (as_of - last).days
            if limit is not None and days > limit:
                report.overdue_columns.append(
                    {
                        "column": cid,
                        "cadence": column.cadence,
                        "last": last.isoformat(),
                        "days": days,
                        "limit": limit,
                        "title": column.title,
                    }
                )
        window = INSPECTION_DAYS.get(column.inspection)
        if window is not None:
            days_since = None if last is None else (as_of - last).days
            if days_since is None or days_since > window:
                report.not_updated_columns.append(
                    {
                        "column": cid,
                        "inspection": column.inspection,
                        "last": iso_day(last),
                        "days": days_since,
                        "limit": window,
                        "title": column.title,
                    }
                )

    # -- verdict ---------------------------------------------------------------
    report.newest = max((beijing_date(i.date) for i in items), default=None)  # type: ignore[type-var]
    reasons: list[str] = []
    if report.newest is None:
        reasons.append(
            f"截至{cn_day(as_of)}，网站没有任何已发布的信息（首页信息超过 {PORTAL_STALE_DAYS} 天未更新）。"
        )
    else:
        age = (as_of - report.newest).days
        if age > PORTAL_STALE_DAYS:
            reasons.append(
                f"全站最新一条信息发布于{cn_day(report.newest)}，到{cn_day(as_of)}已有 {age} 天，"
                f"超过 {PORTAL_STALE_DAYS} 天没有更新。"
            )
    if len(report.not_updated_columns) >= VETO_COLUMNS:
        names = "、".join(_column_label(report, e["column"]) for e in report.not_updated_columns)
        reasons.append(
            f"有 {len(report.not_updated_columns)} 个栏目未按时更新"
            f"（动态要闻类栏目 {INSPECTION_DAYS['news']} 天内、"
            f"通知公告和政策文件类栏目 {INSPECTION_DAYS['notice']} 天内没有新信息，"
            f"达到 {VETO_COLUMNS} 个即不合格）：{names}。"
        )
    if len(report.blank_columns) >= VETO_COLUMNS:
        names = "、".join(_column_label(report, c) for c in report.blank_columns)
        reasons.append(
            f"有 {len(report.blank_columns)} 个空白栏目（栏目及其下级栏目没有任何已发布信息，"
            f"达到 {VETO_COLUMNS} 个即不合格）：{names}。"
        )
    report.verdict = {"pass": not reasons, "reasons": reasons}

    # -- warnings --------------------------------------------------------------
    if cal.out_of_range_years:
        first, last_year = statutory_years()
        years = "、".join(f"{y}年" for y in sorted(cal.out_of_range_years))
        report.warnings.append(
            Finding(
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
        )
    return report


def _column_label(report: Report, cid: str) -> str:
    title = report.column_titles.get(cid)
    return f"{title}（{cid}）" if title else cid


# -- --fail-on -----------------------------------------------------------------


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


# -- plain text ----------------------------------------------------------------


def _late_line(entry: dict[str, Any]) -> str:
    title = f"《{entry['title']}》" if entry.get("title") else ""
    if entry["rule"] == "publish-20-workdays":
        return (
            f"{entry['path']}{title}：成文日期 {entry['written']}，发布日期 {entry['date']}，"
            f"相隔 {entry['working_days']} 个工作日，超过 {entry['limit']} 个工作日的期限。"
        )
    policy_title = f"《{entry['policy_title']}》" if entry.get("policy_title") else ""
    return (
        f"{entry['path']}{title}：所解读的政策 {entry['policy']}{policy_title}"
        f"于 {entry['policy_date']} 发布，解读于 {entry['date']} 发布，"
        f"相隔 {entry['working_days']} 个工作日，超过 {entry['limit']} 个工作日的期限。"
    )


def render_text(report: Report) -> str:
    """The report in plain Chinese, for the terminal or a printed sheet."""
    out: list[str] = []
    heading = (
        f"{report.organization}政府信息公开合规检查报告"
        if report.organization
        else "政府信息公开合规检查报告"
    )
    out.append(heading)
    out.append(f"检查日期：{cn_day(report.as_of)}（只统计这一天及以前发布的信息，共 {report.item_count} 条）")
    out.append("")

    publish = [e for e in report.late if e["rule"] == "publish-20-workdays"]
    interpret = [e for e in report.late if e["rule"] == "interpret-3-workdays"]
    out.append(f"一、发布超期（共 {len(report.late)} 条）")
    out.append(f"  （一）成文后超过 {PUBLISH_LIMIT} 个工作日才公开：{len(publish)} 条")
    out.extend(f"    - {_late_line(e)}" for e in publish)
    out.append(f"  （二）政策文件公开后超过 {INTERPRET_LIMIT} 个工作日才发布解读：{len(interpret)} 条")
    out.extend(f"    - {_late_line(e)}" for e in interpret)
    out.append("")

    out.append(f"二、缺少政策解读（共 {len(report.missing_interpretation)} 条）")
    if not report.missing_interpretation:
        out.append("  无。")
    for e in report.missing_interpretation:
        title = f"《{e['title']}》" if e.get("title") else ""
        out.append(f"  - {e['path']}{title}（{e.get('date') or ''} 发布）：还没有发布对它的政策解读。")
    out.append("")

    out.append(f"三、栏目更新超期（共 {len(report.overdue_columns)} 个）")
    if not report.overdue_columns:
        out.append("  无。")
    for e in report.overdue_columns:
        out.append(
            f"  - {_column_label(report, e['column'])}："
            f"更新周期为{CADENCE_NAMES.get(e['cadence'], e['cadence'])}，"
            f"应在 {e['limit']} 天内有新信息；最近一条发布于 {e['last']}，已有 {e['days']} 天未更新。"
        )
    out.append("")

    out.append(f"四、空白栏目（共 {len(report.blank_columns)} 个）")
    if not report.blank_columns:
        out.append("  无。")
    for cid in report.blank_columns:
        out.append(f"  - {_column_label(report, cid)}：栏目及其下级栏目还没有任何已发布的信息。")
    out.append("")

    out.append(f"五、总体结论：{'合格' if report.passed else '不合格'}")
    newest = (
        f"{report.newest.isoformat()}（{(report.as_of - report.newest).days} 天前）"
        if report.newest
        else "无"
    )
    out.append(f"  全站最新信息：{newest}")
    out.append(
        f"  未按时更新的动态要闻、通知公告类栏目：{len(report.not_updated_columns)} 个"
        f"（{VETO_COLUMNS} 个及以上不合格）"
    )
    for e in report.not_updated_columns:
        last = f"最近一条发布于 {e['last']}，已有 {e['days']} 天" if e["last"] else "没有任何信息"
        out.append(
            f"    - {_column_label(report, e['column'])}（{INSPECTION_NAMES[e['inspection']]}，"
            f"要求 {e['limit']} 天内更新）：{last}"
        )
    out.append(f"  空白栏目：{len(report.blank_columns)} 个（{VETO_COLUMNS} 个及以上不合格）")
    if report.passed:
        out.append("  以上单项否决指标均未触发。")
    else:
        out.append("  不合格的原因：")
        out.extend(f"    {n}. {reason}" for n, reason in enumerate(report.verdict["reasons"], 1))

    if report.warnings:
        out.append("")
        out.append("提示：")
        out.extend(f"  - {w.format()}" for w in report.warnings)
    return "\n".join(out) + "\n"


# -- HTML ------------------------------------------------------------------------

_e = html.escape


def _link(base: str, url: str | None, text: str) -> str:
    if not url:
        return _e(text)
    return f'<a href="{_e(base + url)}">{_e(text)}</a>'


def render_html(report: Report, *, base: str = "../", charts: list[str] | tuple[str, ...] = ()) -> str:
    """The report as an HTML fragment (no scripts), e.g. for the ``/compliance/`` page.

    ``base`` is prepended to site-relative item and column URLs (``../`` from
    ``/compliance/``); ``charts`` are SVG strings (see :mod:`.charts`) shown
    after the verdict.
    """
    verdict_class = "og-pass" if report.passed else "og-fail"
    parts: list[str] = ['<div class="og-compliance">']
    parts.append(
        f'<p class="og-compliance-meta">检查日期：<time datetime="{report.as_of.isoformat()}">'
        f"{_e(cn_day(report.as_of))}</time>；统计这一天及以前发布的信息 {report.item_count} 条。</p>"
    )
    parts.append(
        f'<section class="og-verdict {verdict_class}">'
        f"<h2>总体结论：{'合格' if report.passed else '不合格'}</h2>"
    )
    if report.verdict["reasons"]:
        parts.append("<ol>" + "".join(f"<li>{_e(r)}</li>" for r in report.verdict["reasons"]) + "</ol>")
    else:
        parts.append("<p>单项否决指标均未触发。</p>")
    parts.append("</section>")
    if charts:
        parts.append('<section class="og-charts"><h2>发布情况</h2>')
        parts.extend(f'<figure class="og-chart">{svg}</figure>' for svg in charts)
        parts.append("</section>")

    def table(caption: str, head: list[str], rows: list[list[str]]) -> None:
        parts.append(f'<section class="og-compliance-section"><h2>{_e(caption)}（{len(rows)}）</h2>')
        if not rows:
            parts.append('<p class="og-none">无。</p></section>')
            return
        parts.append('<table class="og-table"><thead><tr>')
        parts.append("".join(f'<th scope="col">{_e(h)}</th>' for h in head))
        parts.append("</tr></thead><tbody>")
        for row in rows:
            parts.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>")
        parts.append("</tbody></table></section>")

    late_rows = []
    for e in report.late:
        if e["rule"] == "publish-20-workdays":
            detail = f"成文 {e['written']}，发布 {e['date']}"
        else:
            detail = f"政策 {e['policy_date']} 发布，解读 {e['date']} 发布"
        late_rows.append(
            [
                _link(base, e.get("url"), e.get("title") or e["path"]),
                _e(RULE_NAMES[e["rule"]]),
                _e(detail),
                f"{e['working_days']}",
            ]
        )
    table("发布超期", ["信息", "规则", "日期", "工作日"], late_rows)
    table(
        "缺少政策解读",
        ["政策文件", "发布日期"],
        [
            [_link(base, e.get("url"), e.get("title") or e["path"]), _e(e.get("date") or "")]
            for e in report.missing_interpretation
        ],
    )
    table(
        "栏目更新超期",
        ["栏目", "更新周期", "最近更新", "已过天数"],
        [
            [
                _link(base, f"{e['column']}/", _column_label(report, e["column"])),
                _e(f"{CADENCE_NAMES.get(e['cadence'], e['cadence'])}（{e['limit']} 天）"),
                _e(e["last"]),
                f"{e['days']}",
            ]
            for e in report.overdue_columns
        ],
    )
    table(
        "空白栏目",
        ["栏目"],
        [[_link(base, f"{cid}/", _column_label(report, cid))] for cid in report.blank_columns],
    )
    if report.warnings:
        parts.append('<section class="og-compliance-warnings"><h2>提示</h2><ul>')
        parts.extend(f"<li>{_e(w.message)}</li>" for w in report.warnings)
        parts.append("</ul></section>")
    parts.append("</div>")
    return "\n".join(parts)


_DOC_CSS = """
body{font-family:system-ui,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:2rem auto;
max-width:60rem;padding:0 1rem;color:#222;line-height:1.6}
table{border-collapse:collapse;margin:.5rem 0 1.5rem;width:100%}
th,td{border:1px solid #999;padding:.25rem .5rem;text-align:left;vertical-align:top}
thead th{background:#eef2f7}
td.og-num,th.og-num{text-align:right}
.og-fail h2{color:#b00020}.og-pass h2{color:#1b5e20}
figure{margin:1rem 0}svg{max-width:100%;height:auto}
"""


def html_document(title: str, body: str) -> str:
    """A self-contained HTML page around a fragment: inline CSS, no scripts, no other host."""
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{_DOC_CSS}</style>\n</head>\n<body>\n"
        f"<h1>{_e(title)}</h1>\n{body}\n</body>\n</html>\n"
    )
