""":func:`render_text`: the report in plain Chinese, for the terminal or a printed sheet."""

from __future__ import annotations

from ..dates import cn_day
from .report import LateEntry, LatePublication, Report
from .rules import CADENCE_NAMES, INSPECTION_NAMES, INTERPRET_LIMIT, PUBLISH_LIMIT, VETO_COLUMNS


def _late_line(entry: LateEntry) -> str:
    title = f"《{entry.title}》" if entry.title else ""
    if isinstance(entry, LatePublication):
        return (
            f"{entry.path}{title}：成文日期 {entry.written}，发布日期 {entry.date}，"
            f"相隔 {entry.working_days} 个工作日，超过 {entry.limit} 个工作日的期限。"
        )
    policy_title = f"《{entry.policy_title}》" if entry.policy_title else ""
    return (
        f"{entry.path}{title}：所解读的政策 {entry.policy}{policy_title}"
        f"于 {entry.policy_date} 发布，解读于 {entry.date} 发布，"
        f"相隔 {entry.working_days} 个工作日，超过 {entry.limit} 个工作日的期限。"
    )


def _deadlines(report: Report) -> list[str]:
    publish = [e for e in report.late if e.rule == "publish-20-workdays"]
    interpret = [e for e in report.late if e.rule == "interpret-3-workdays"]
    out = [f"一、发布超期（共 {len(report.late)} 条）"]
    out.append(f"  （一）成文后超过 {PUBLISH_LIMIT} 个工作日才公开：{len(publish)} 条")
    out.extend(f"    - {_late_line(e)}" for e in publish)
    out.append(f"  （二）政策文件公开后超过 {INTERPRET_LIMIT} 个工作日才发布解读：{len(interpret)} 条")
    out.extend(f"    - {_late_line(e)}" for e in interpret)
    out.append("")
    out.append(f"二、缺少政策解读（共 {len(report.missing_interpretation)} 条）")
    if not report.missing_interpretation:
        out.append("  无。")
    for m in report.missing_interpretation:
        title = f"《{m.title}》" if m.title else ""
        out.append(f"  - {m.path}{title}（{m.date or ''} 发布）：还没有发布对它的政策解读。")
    return out


def _columns(report: Report) -> list[str]:
    out = [f"三、栏目更新超期（共 {len(report.overdue_columns)} 个）"]
    if not report.overdue_columns:
        out.append("  无。")
    for e in report.overdue_columns:
        out.append(
            f"  - {report.column_label(e.column)}："
            f"更新周期为{CADENCE_NAMES.get(e.cadence, e.cadence)}，"
            f"应在 {e.limit} 天内有新信息；最近一条发布于 {e.last}，已有 {e.days} 天未更新。"
        )
    out.append("")
    out.append(f"四、空白栏目（共 {len(report.blank_columns)} 个）")
    if not report.blank_columns:
        out.append("  无。")
    for cid in report.blank_columns:
        out.append(f"  - {report.column_label(cid)}：栏目及其下级栏目还没有任何已发布的信息。")
    return out


def _verdict(report: Report) -> list[str]:
    out = [f"五、总体结论：{'合格' if report.passed else '不合格'}"]
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
        last = f"最近一条发布于 {e.last}，已有 {e.days} 天" if e.last else "没有任何信息"
        out.append(
            f"    - {report.column_label(e.column)}（{INSPECTION_NAMES[e.inspection]}，"
            f"要求 {e.limit} 天内更新）：{last}"
        )
    out.append(f"  空白栏目：{len(report.blank_columns)} 个（{VETO_COLUMNS} 个及以上不合格）")
    if report.yearly_report_missing:
        out.append(
            f"  {report.as_of.year - 1}年度政府网站工作年度报表还没有在网站发布（应于 1 月 31 日前在首页发布）。"
        )
    if report.passed:
        out.append("  以上单项否决指标均未触发。")
    else:
        out.append("  不合格的原因：")
        out.extend(f"    {n}. {reason}" for n, reason in enumerate(report.verdict.reasons, 1))
    return out


def render_text(report: Report) -> str:
    """The report in plain Chinese, for the terminal or a printed sheet."""
    heading = (
        f"{report.organization}政府信息公开合规检查报告"
        if report.organization
        else "政府信息公开合规检查报告"
    )
    out = [
        heading,
        f"检查日期：{cn_day(report.as_of)}（只统计这一天及以前发布的信息，共 {report.item_count} 条）",
        "",
        *_deadlines(report),
        "",
        *_columns(report),
        "",
        *_verdict(report),
    ]
    if report.warnings:
        out.append("")
        out.append("提示：")
        out.extend(f"  - {w.format()}" for w in report.warnings)
    return "\n".join(out) + "\n"
