"""Activity charts as static, accessible SVG (no script, no stylesheet, no other host).

Small multiples: one row of monthly bars per top-level column (an item counts
once for each root its columns fall under) or per department (by
``publisher``), over the months ending with ``as_of``'s month; every row shares
one vertical scale so rows compare at a glance. Each chart carries ``role="img"``,
a ``<title>`` and a ``<desc>`` that states the totals in words, and every bar
has its own ``<title>`` (``财政信息 2024年3月：5 条``) for screen readers and
hover.

A compact generator rather than pygal: pygal (3.1.x, installable) works, but it
would be a new dependency, writes an inline stylesheet and references a
script on a CDN unless configured away, and its accessibility markup is thin.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape

from .dates import beijing_date
from .model import Item, Portal

__all__ = [
    "column_activity_svg",
    "department_activity_svg",
    "month_window",
    "monthly_counts",
    "small_multiples_svg",
]

FONT = 'system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif'
BAR = "#2b6cb0"
WIDTH = 760
LABEL_W = 150
TOTAL_W = 64
TOP = 44
ROW_H = 40
BAR_MAX = 30
AXIS_H = 34


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def month_window(as_of: dt.date, months: int = 24) -> list[tuple[int, int]]:
    """The ``months`` (year, month) pairs ending with ``as_of``'s month, oldest first."""
    index = as_of.year * 12 + as_of.month - 1
    return [(i // 12, i % 12 + 1) for i in range(index - months + 1, index + 1)]


def _items(portal: Portal, as_of: dt.date) -> list[tuple[dt.date, Item]]:
    out = []
    for item in portal.published:
        day = beijing_date(item.date)
        if day is not None and day <= as_of:
            out.append((day, item))
    return out


def monthly_counts(
    portal: Portal, as_of: dt.date, *, by: str = "column", months: int = 24
) -> tuple[list[tuple[int, int]], list[tuple[str, list[int]]]]:
    """Items per month, per top-level column (``by="column"``) or department (``by="department"``).

    Returns the month window and ``[(label, counts)]`` in catalog order; only
    published items dated on or before ``as_of`` count.
    """
    window = month_window(as_of, months)
    slot = {ym: n for n, ym in enumerate(window)}
    catalog = portal.catalog
    if by == "column":
        keys = [(c.id, c.title) for c in catalog.roots()]
    elif by == "department":
        keys = [(d.id, d.name) for d in catalog.departments.values()]
    else:
        raise ValueError(f"by must be 'column' or 'department', not {by!r}")
    counts = {k: [0] * len(window) for k, _ in keys}
    for day, item in _items(portal, as_of):
        n = slot.get((day.year, day.month))
        if n is None:
            continue
        if by == "column":
            targets = {catalog.ancestors(c)[0] for c in item.columns if c in catalog.columns}
        else:
            targets = {item.publisher} if item.publisher in counts else set()
        for key in targets:
            counts[key][n] += 1
    return window, [(label, counts[k]) for k, label in keys]


def _month_label(ym: tuple[int, int]) -> str:
    return f"{ym[0]}年{ym[1]}月"


@dataclass(frozen=True)
class _Grid:
    """Where a chart's rows and bars stand."""

    plot_w: float
    slot_w: float
    bar_w: float
    scale: int


def _description(span: str, series: list[tuple[str, list[int]]], peak: int, unit: str, subject: str) -> str:
    if not series:
        return f"{span}没有可显示的数据。"
    totals = "；".join(f"{label} {sum(c)} {unit}" for label, c in series)
    return f"{span}每月发布的信息条数，{subject}分行显示，各行纵向刻度相同（最高 {peak} {unit}）。合计：{totals}。"


def _row(
    row: int, label: str, counts: list[int], window: list[tuple[int, int]], grid: _Grid, unit: str
) -> list[str]:
    """One series: its band, label, baseline, bars (each with its own title) and total."""
    y0 = TOP + row * ROW_H
    base = y0 + ROW_H - 6
    out = ['<g class="og-chart-row">']
    if row % 2 == 0:
        out.append(f'<rect x="0" y="{y0}" width="{WIDTH}" height="{ROW_H}" fill="#f5f7fa"/>')
    out.append(f'<text x="{LABEL_W - 8}" y="{base - 4}" text-anchor="end" fill="#222">{_e(label)}</text>')
    out.append(
        f'<line x1="{LABEL_W}" y1="{base}" x2="{LABEL_W + grid.plot_w:.1f}" y2="{base}" '
        'stroke="#999" stroke-width="1"/>'
    )
    for i, count in enumerate(counts):
        if not count:
            continue
        h = max(count / grid.scale * BAR_MAX, 1.5)
        x = LABEL_W + i * grid.slot_w + (grid.slot_w - grid.bar_w) / 2
        out.append(
            f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{grid.bar_w:.1f}" height="{h:.1f}" fill="{BAR}">'
            f"<title>{_e(label)} {_month_label(window[i])}：{count} {_e(unit)}</title></rect>"
        )
    out.append(
        f'<text x="{WIDTH - 4}" y="{base - 4}" text-anchor="end" fill="#222">共 {sum(counts)} {_e(unit)}</text>'
    )
    out.append("</g>")
    return out


def _axis(window: list[tuple[int, int]], grid: _Grid, rows: int) -> list[str]:
    """Quarter starts labelled; the first label and every January carry the year."""
    axis_y = TOP + ROW_H * max(rows, 1) + 14
    out = []
    first = True
    for i, (year, month) in enumerate(window):
        if month not in (1, 4, 7, 10):
            continue
        text = f"{year}年{month}月" if first or month == 1 else f"{month}月"
        first = False
        x = LABEL_W + i * grid.slot_w + grid.slot_w / 2
        out.append(
            f'<text x="{x:.1f}" y="{axis_y}" text-anchor="middle" font-size="10" fill="#555">{_e(text)}</text>'
        )
    return out


def small_multiples_svg(
    title: str,
    window: list[tuple[int, int]],
    series: list[tuple[str, list[int]]],
    *,
    id_prefix: str = "og-chart",
    unit: str = "条",
    subject: str = "",
) -> str:
    """One row of monthly bars per series, one shared scale; a complete ``<svg>`` element."""
    plot_w = WIDTH - LABEL_W - TOTAL_W
    slot_w = plot_w / max(len(window), 1)
    peak = max((max(c) for _, c in series if c), default=0)
    grid = _Grid(plot_w, slot_w, max(slot_w * 0.7, 1.0), max(peak, 1))
    height = TOP + ROW_H * max(len(series), 1) + AXIS_H
    span = f"{_month_label(window[0])}至{_month_label(window[-1])}" if window else ""
    desc = _description(span, series, peak, unit, subject)
    t_id, d_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{t_id} {d_id}" '
        f'font-family="{_e(FONT)}" font-size="12" class="og-chart-svg">',
        f'<title id="{t_id}">{_e(title)}</title>',
        f'<desc id="{d_id}">{_e(desc)}</desc>',
        f'<text x="0" y="18" font-size="15" font-weight="bold" fill="#222">{_e(title)}</text>',
        f'<text x="{WIDTH}" y="18" text-anchor="end" fill="#555">'
        f"{_e(span)}，每行最高 {peak} {_e(unit)}</text>",
    ]
    if not series:
        out.append(f'<text x="{LABEL_W}" y="{TOP + 24}" fill="#555">暂无数据</text>')
    for row, (label, counts) in enumerate(series):
        out.extend(_row(row, label, counts, window, grid, unit))
    out.extend(_axis(window, grid, len(series)))
    out.append("</svg>")
    return "\n".join(out)


def column_activity_svg(
    portal: Portal, as_of: dt.date, *, months: int = 24, id_prefix: str = "og-chart-columns"
) -> str:
    """Items per month in each top-level column (including its descendants)."""
    window, series = monthly_counts(portal, as_of, by="column", months=months)
    return small_multiples_svg(
        f"各栏目近{months}个月发布情况",
        window,
        series,
        id_prefix=id_prefix,
        subject="按一级栏目（含下级栏目）",
    )


def department_activity_svg(
    portal: Portal, as_of: dt.date, *, months: int = 24, id_prefix: str = "og-chart-departments"
) -> str:
    """Items per month by each department (``publisher``)."""
    window, series = monthly_counts(portal, as_of, by="department", months=months)
    return small_multiples_svg(
        f"各部门近{months}个月发布情况", window, series, id_prefix=id_prefix, subject="按发布机构"
    )
