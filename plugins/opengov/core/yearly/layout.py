"""The 年度报表's rows in the template's order and wording, shared by the page and the CSV.

Each row says where its figure comes from: 网站统计 (counted from the published items),
网站设置 (the portal's settings: site_url, the footer marks, the catalog) or 本单位填报
(the office's YAML). An office figure not given is left blank, never shown as 0.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..annual.layout import fmt
from ..csvsafe import SafeWriter
from .computation import YearlyReport
from .schema import INNOVATIONS

COUNTED = "网站统计"
SETTINGS = "网站设置"
OFFICE = "本单位填报"


@dataclass(frozen=True)
class Row:
    section: str  # 信息发布, 专栏专题…
    label: str
    value: str  # "" when not filled in
    unit: str = ""
    source: str = OFFICE


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return fmt(value) if isinstance(value, (int, float)) else (value or "")


def _office(
    report: YearlyReport, section: str, rows: Sequence[tuple[str, tuple[str, ...], str]]
) -> list[Row]:
    return [Row(section, label, _shown(report.value(*path)), unit) for label, path, unit in rows]


def _website(report: YearlyReport) -> list[Row]:
    given = report.value("website") or {}
    labels = (
        ("网站名称", "name"), ("首页网址", "url"), ("主办单位", "sponsor"), ("网站类型", "kind"),
        ("政府网站标识码", "site_code"), ("ICP备案号", "icp"), ("公安机关备案号", "police_record"),
    )  # fmt: skip
    return [
        Row("网站基本信息", label, report.website.get(key, ""), "", OFFICE if key in given else SETTINGS)
        for label, key in labels
    ]


def _counted(report: YearlyReport) -> list[Row]:
    c = report.computed
    products, media = (
        report.value("interpretation", "products"),
        report.value("interpretation", "media_articles"),
    )
    total = c.materials + (products or 0) + (media or 0)
    return [
        Row("信息发布", "总数", str(c.total), "条", COUNTED),
        Row("信息发布", "概况类信息更新量", str(c.overview), "条", COUNTED),
        Row("信息发布", "政务动态信息更新量", str(c.news), "条", COUNTED),
        Row("信息发布", "信息公开目录信息更新量", str(c.catalogue), "条", COUNTED),
        Row("专栏专题", "维护数量", str(c.topics_maintained), "个", COUNTED),
        Row("专栏专题", "新开设数量", str(c.topics_new), "个", COUNTED),
        Row(
            "解读回应",
            "解读信息发布总数",
            str(total),
            "条",
            COUNTED if products is None and media is None else f"{COUNTED}＋{OFFICE}",
        ),
        Row("解读回应", "其中：解读材料数量", str(c.materials), "条", COUNTED),
        Row("解读回应", "（解读材料所解读的政策文件数）", str(c.policies_interpreted), "件", COUNTED),
        Row("解读回应", "解读产品数量", _shown(products), "个"),
        Row("解读回应", "媒体评论文章数量", _shown(media), "篇"),
        Row(
            "解读回应",
            "回应公众关注热点或重大舆情数量",
            _shown(report.value("interpretation", "responses")),
            "次",
        ),
    ]


def _services(report: YearlyReport) -> list[Row]:
    cases = report.value("services", "cases") or {}
    total = cases.get("total")
    if total is None and ("natural" in cases or "legal" in cases):
        total = cases.get("natural", 0) + cases.get("legal", 0)
    s = "办事服务"
    return _office(
        report,
        s,
        [
            ("是否发布服务事项目录", ("services", "catalogue"), ""),
            ("注册用户数", ("services", "registered_users"), "个"),
            ("政务服务事项数量", ("services", "service_items"), "项"),
            ("可全程在线办理政务服务事项数量", ("services", "online_items"), "项"),
        ],
    ) + [
        Row(s, "办件量：总数", _shown(total), "件"),
        *_office(
            report,
            s,
            [
                ("办件量：自然人办件量", ("services", "cases", "natural"), "件"),
                ("办件量：法人办件量", ("services", "cases", "legal"), "件"),
            ],
        ),
    ]


_INTERACTION = [
    ("是否使用统一平台", ("interaction", "unified_platform"), ""),
    ("留言办理：收到留言数量", ("interaction", "messages", "received"), "条"),
    ("留言办理：办结留言数量", ("interaction", "messages", "completed"), "条"),
    ("留言办理：平均办理时间", ("interaction", "messages", "average_days"), "天"),
    ("留言办理：公开答复数量", ("interaction", "messages", "published"), "条"),
    ("征集调查：征集调查期数", ("interaction", "surveys", "rounds"), "期"),
    ("征集调查：收到意见数量", ("interaction", "surveys", "opinions"), "条"),
    ("征集调查：公布调查结果期数", ("interaction", "surveys", "results"), "期"),
    ("在线访谈：访谈期数", ("interaction", "interviews", "rounds"), "期"),
    ("在线访谈：网民留言数量", ("interaction", "interviews", "questions"), "条"),
    ("在线访谈：答复网民提问数量", ("interaction", "interviews", "answers"), "条"),
    ("是否提供智能问答", ("interaction", "smart_qa"), ""),
]
_SECURITY = [
    ("安全检测评估次数", ("security", "assessments"), "次"),
    ("发现问题数量", ("security", "problems_found"), "个"),
    ("问题整改数量", ("security", "problems_fixed"), "个"),
    ("是否建立安全监测预警机制", ("security", "monitoring"), ""),
    ("是否开展应急演练", ("security", "drills"), ""),
    ("是否明确网站安全负责人", ("security", "officer"), ""),
]
_NEW_MEDIA = [
    ("微博：名称", ("new_media", "weibo", "name"), ""),
    ("微博：信息发布量", ("new_media", "weibo", "posts"), "条"),
    ("微博：关注量", ("new_media", "weibo", "followers"), "个"),
    ("微信：名称", ("new_media", "wechat", "name"), ""),
    ("微信：信息发布量", ("new_media", "wechat", "posts"), "条"),
    ("微信：订阅数", ("new_media", "wechat", "subscribers"), "个"),
    ("其他", ("new_media", "other"), ""),
]
_CONTACTS = [
    ("单位负责人", ("contacts", "head"), ""),
    ("审核人", ("contacts", "reviewer"), ""),
    ("填报人", ("contacts", "preparer"), ""),
    ("联系电话", ("contacts", "phone"), ""),
    ("填报日期", ("contacts", "date"), ""),
]


def _new_media(report: YearlyReport) -> list[Row]:
    media = report.value("new_media")
    has = "" if media is None else "是" if media else "否"
    return [Row("移动新媒体", "是否有移动新媒体", has), *_office(report, "移动新媒体", _NEW_MEDIA)]


def _innovation(report: YearlyReport) -> list[Row]:
    given = report.value("innovation")
    if given is None:
        return [Row("创新发展", "创新发展情况", "")]
    ticks = "　".join(("☑" if name in given else "☐") + name for name in INNOVATIONS)
    other = [g for g in given if g not in INNOVATIONS]
    return [Row("创新发展", "创新发展情况", ticks + ("　☑其他：" + "、".join(other) if other else "　☐其他"))]


def rows(report: YearlyReport) -> list[Row]:
    """Every row of the 年度报表, in the template's order."""
    return [
        *_website(report),
        *_office(
            report,
            "访问量",
            [
                ("独立用户访问总量", ("visits", "unique_visitors"), "个"),
                ("网站总访问量", ("visits", "page_views"), "次"),
            ],
        ),
        *_counted(report),
        *_services(report),
        *_office(report, "互动交流", _INTERACTION),
        *_office(report, "安全防护", _SECURITY),
        *_new_media(report),
        *_innovation(report),
        *_office(report, "填报信息", _CONTACTS),
    ]


def sections(report: YearlyReport) -> list[tuple[str, list[Row]]]:
    """The rows grouped by section, in order (for the page's row groups)."""
    out: list[tuple[str, list[Row]]] = []
    for row in rows(report):
        if not out or out[-1][0] != row.section:
            out.append((row.section, []))
        out[-1][1].append(row)
    return out


def yearly_csv(report: YearlyReport, *, bom: bool = False) -> str:
    """The 年度报表 as CSV: section, item, value, unit, source (UTF-8; ``bom=True`` for Excel)."""
    buf = io.StringIO()
    w = SafeWriter(buf)
    w.writerow([report.title])
    w.writerow(["类别", "项目", "数值", "单位", "来源"])
    for row in rows(report):
        w.writerow([row.section, row.label, row.value, row.unit, row.source])
    text = buf.getvalue()
    return ("\ufeff" + text) if bom else text
