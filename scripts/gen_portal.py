"""Generate a deterministic benchmark portal of N disclosure items.

    python scripts/gen_portal.py DIR --items N [--seed S] [--search] [--kind portal|plain|blog]

Three shapes of the SAME items (same paths, titles, dates and Markdown bodies):

- ``portal`` (:func:`generate`): an OpenGov portal, ``content/`` + ``catalog.yml`` +
  ``mkdocs.yml`` with ``plugins: [opengov]`` (``search: false`` unless asked);
- ``plain`` (:func:`write_plain`): the item pages as an ordinary MkDocs ``docs/`` tree,
  front matter reduced to ``title``, Material, ``plugins: []``, only ``index.md`` in nav;
- ``blog`` (:func:`write_blog`): the items as posts of Material's blog plugin, with
  categories (column titles), plus mkdocs-rss-plugin for a feed.

Nothing here touches the network. Numbers in bodies stay short (at most 6 digits in a
row), so the privacy guard never sees a phone, ID or card number.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

SITE_NAME = "基准县人民政府信息公开"
SITE_URL = "https://bench.example.gov.cn/"
ORG_NAME = "基准县人民政府"
# Dates spread over 8 years, fixed so every run writes the same bytes.
FIRST_DAY = dt.date(2018, 11, 1)
LAST_DAY = dt.date(2026, 10, 31)

# (id, title, cadence, inspection, [(child id, child title, cadence)])
COLUMNS: list[tuple[str, str, str, str, list[tuple[str, str, str]]]] = [
    (
        "policy",
        "政策文件",
        "none",
        "notice",
        [
            ("normative", "行政规范性文件", "none"),
            ("other-docs", "其他文件", "none"),
            ("interpretation", "政策解读", "realtime"),
        ],
    ),
    (
        "fiscal",
        "财政信息",
        "monthly",
        "none",
        [
            ("budget", "预决算", "yearly"),
            ("three-public", "三公经费", "yearly"),
            ("procurement", "政府采购", "monthly"),
        ],
    ),
    (
        "planning",
        "规划计划",
        "yearly",
        "none",
        [("dev-plan", "发展规划", "yearly"), ("annual-plan", "年度计划", "yearly")],
    ),
    (
        "personnel",
        "人事信息",
        "quarterly",
        "none",
        [("appointments", "人事任免", "quarterly"), ("recruitment", "招考录用", "quarterly")],
    ),
    ("notices", "通知公告", "weekly", "notice", []),
    (
        "news",
        "政务动态",
        "weekly",
        "news",
        [("work-news", "工作动态", "weekly"), ("dept-news", "部门动态", "weekly")],
    ),
    (
        "livelihood",
        "民生保障",
        "monthly",
        "none",
        [
            ("rural", "乡村振兴", "monthly"),
            ("education", "教育信息", "quarterly"),
            ("health", "医疗卫生", "quarterly"),
            ("assistance", "社会救助", "monthly"),
        ],
    ),
    ("statistics", "统计信息", "monthly", "none", []),
]

# (id, name, short name used in 文号)
DEPARTMENTS: list[tuple[str, str, str]] = [
    ("zfb", "县人民政府办公室", "县府办"),
    ("fgj", "县发展和改革局", "县发改"),
    ("jyj", "县教育局", "县教"),
    ("kjj", "县科学技术局", "县科"),
    ("mzj", "县民政局", "县民"),
    ("sfj", "县司法局", "县司"),
    ("czj", "县财政局", "县财"),
    ("rsj", "县人力资源和社会保障局", "县人社"),
    ("zrzyj", "县自然资源局", "县自然"),
    ("sthjj", "县生态环境局", "县环"),
    ("zjj", "县住房和城乡建设局", "县住建"),
    ("jtj", "县交通运输局", "县交"),
    ("slj", "县水利局", "县水"),
    ("nyj", "县农业农村局", "县农"),
    ("swj", "县商务局", "县商"),
    ("wlj", "县文化广播电视和旅游局", "县文旅"),
    ("wjj", "县卫生健康局", "县卫健"),
    ("yjj", "县应急管理局", "县应急"),
    ("scjgj", "县市场监督管理局", "县市监"),
    ("tjj", "县统计局", "县统"),
]

# Leaf (or childless root) columns items are filed under, with weights.
LEAF_WEIGHTS: list[tuple[str, int]] = [
    ("normative", 4),
    ("other-docs", 6),
    ("interpretation", 3),
    ("budget", 4),
    ("three-public", 2),
    ("procurement", 6),
    ("dev-plan", 2),
    ("annual-plan", 3),
    ("appointments", 4),
    ("recruitment", 3),
    ("notices", 10),
    ("work-news", 14),
    ("dept-news", 12),
    ("rural", 6),
    ("education", 4),
    ("health", 4),
    ("assistance", 4),
    ("statistics", 5),
]

SUBJECTS = [
    "县人民政府",
    "各乡镇人民政府",
    "县级各部门",
    "各街道办事处",
    "县政务公开领导小组",
    "各有关单位",
    "县政府办公室",
    "牵头部门",
    "责任单位",
    "各村（社区）",
]
VERBS = [
    "认真贯彻落实",
    "进一步加强",
    "切实做好",
    "统筹推进",
    "持续深化",
    "全面落实",
    "严格执行",
    "稳步推进",
    "扎实开展",
    "不断完善",
    "大力推动",
    "积极探索",
]
OBJECTS = [
    "政务公开工作",
    "政府信息主动公开",
    "重大决策预公开",
    "政策解读和回应关切",
    "财政预决算公开",
    "“放管服”改革",
    "乡村振兴各项任务",
    "营商环境优化",
    "基层政务公开标准化规范化建设",
    "依申请公开办理",
    "政府网站和政务新媒体管理",
    "安全生产责任制",
    "社会救助兜底保障",
    "义务教育均衡发展",
    "基本公共卫生服务",
    "生态环境保护",
    "农村人居环境整治",
    "重点项目建设",
    "公共资源交易信息公开",
    "行政执法公示",
]
PURPOSES = [
    "切实保障人民群众的知情权、参与权、表达权和监督权",
    "不断提升政府公信力和执行力",
    "推动各项政策措施落地见效",
    "为全县经济社会高质量发展提供有力保障",
    "确保工作任务按时保质完成",
    "增强政策的可及性和群众满意度",
    "营造公开透明的良好氛围",
    "推进治理体系和治理能力现代化",
]
CLAUSES = [
    "要坚持以公开为常态、不公开为例外的原则",
    "要明确责任分工，细化工作措施，建立工作台账",
    "对工作中发现的问题，要及时整改、逐项销号",
    "要加强统筹协调，形成工作合力",
    "凡涉及群众切身利益的事项，均应主动公开",
    "要严格落实保密审查制度，做到先审查、后公开",
    "各单位主要负责同志要亲自研究部署、亲自协调推动",
    "要把公开工作纳入年度目标考核，强化督促检查",
    "对敷衍塞责、推诿扯皮的，将按有关规定严肃问责",
    "要充分利用政府网站、政务新媒体等平台及时发布信息",
    "要畅通群众诉求渠道，对群众关切及时作出回应",
    "要加强业务培训，提高工作人员的政策水平和业务能力",
]
HEADINGS = [
    "一、总体要求",
    "二、主要任务",
    "三、工作措施",
    "四、保障措施",
    "五、工作要求",
    "六、其他事项",
]
TITLE_PATTERNS = [
    "关于印发《{org}{year}年{topic}工作方案》的通知",
    "关于做好{year}年{topic}的通知",
    "{dept}关于{topic}有关事项的公告",
    "{dept}{year}年{topic}情况报告",
    "{org}{year}年第{q}季度{topic}进展情况",
    "关于进一步加强{topic}的实施意见",
    "{dept}召开{topic}专题会议",
    "{dept}{year}年{topic}工作总结",
]
TITLE_TOPICS = [
    "政务公开",
    "预算执行",
    "政府采购",
    "安全生产",
    "乡村振兴",
    "农村人居环境整治",
    "义务教育",
    "医疗卫生服务",
    "社会救助",
    "招商引资",
    "重点项目",
    "防汛抗旱",
    "森林防火",
    "就业创业",
    "营商环境",
    "统计调查",
    "公共资源交易",
    "行政执法",
]
TABLE_ROWS = ["城区", "东关镇", "南岳乡", "西湖镇", "北山乡", "新华街道", "青龙乡", "白塔镇"]


def uscc(body17: str) -> str:
    """A 统一社会信用代码 with its GB 32100 check character."""
    chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    weights = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    total = sum(chars.index(c) * w for c, w in zip(body17, weights, strict=True))
    return body17 + chars[(31 - total % 31) % 31]


ORG_CODE = uscc("11511325MB1234562")
# A few departments carry their own code, so 索引号 prefixes vary.
DEPT_CODES = {
    "czj": uscc("11511325MB0000019"),
    "fgj": uscc("11511325MB0000027"),
    "jyj": uscc("11511325MB0000035"),
}


@dataclass
class ItemSpec:
    number: int
    path: str  # relative to content/, e.g. "fiscal/2021/item-42.md"
    title: str
    date: dt.datetime
    date_text: str  # as written in the portal's front matter
    columns: list[str]
    publisher: str
    written: dt.date
    index_no: str
    doc_number: str | None = None
    validity: str | None = None
    doc_type: str | None = None
    interprets: str | None = None
    attachment: tuple[str, str] | None = None  # (file name next to the item, CSV text)
    body: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def _roots() -> dict[str, str]:
    """Column id -> its top-level column id."""
    out: dict[str, str] = {}
    for root, _title, _cad, _insp, children in COLUMNS:
        out[root] = root
        for child, _ctitle, _ccad in children:
            out[child] = root
    return out


def _titles() -> dict[str, str]:
    out: dict[str, str] = {}
    for root, title, _cad, _insp, children in COLUMNS:
        out[root] = title
        for child, ctitle, _ccad in children:
            out[child] = ctitle
    return out


def _paragraph(rng: random.Random) -> str:
    sentences = []
    for _ in range(rng.randint(2, 4)):
        kind = rng.random()
        if kind < 0.45:
            s = f"{rng.choice(SUBJECTS)}要{rng.choice(VERBS)}{rng.choice(OBJECTS)}，{rng.choice(PURPOSES)}"
        elif kind < 0.75:
            s = rng.choice(CLAUSES)
        else:
            # Short numbers only: a year, a count, an amount with one decimal.
            s = (
                f"截至{rng.randint(2018, 2026)}年{rng.randint(1, 12)}月底，全县累计完成"
                f"{rng.choice(OBJECTS)}相关任务{rng.randint(3, 480)}项，涉及资金"
                f"{rng.randint(10, 9999)}.{rng.randint(0, 9)}万元，完成率{rng.randint(60, 100)}%"
            )
        sentences.append(s)
    return "。".join(sentences) + "。"


def _table(rng: random.Random) -> str:
    lines = [
        "| 单位 | 计划任务（项） | 已完成（项） | 预算资金（万元） | 完成率 |",
        "|---|---:|---:|---:|---:|",
    ]
    for name in rng.sample(TABLE_ROWS, rng.randint(4, 7)):
        plan = rng.randint(5, 120)
        done = rng.randint(plan // 2, plan)
        lines.append(
            f"| {name} | {plan} | {done} | {rng.randint(10, 999)}.{rng.randint(0, 9)} | {done * 100 // plan}% |"
        )
    return "\n".join(lines)


def _body(rng: random.Random, number: int, extra_md: list[str]) -> str:
    target = rng.randint(1500, 3000)  # UTF-8 bytes
    parts: list[str] = [_paragraph(rng)]
    if number % 5 == 0:
        parts.append("各单位任务完成情况如下表：\n\n" + _table(rng))
    parts.extend(extra_md)
    headings = iter(HEADINGS)
    size = sum(len(p.encode()) for p in parts)
    while size < target:
        heading = next(headings, None)
        if heading is not None and rng.random() < 0.5:
            parts.append("## " + heading)
        if rng.random() < 0.15:
            items = [f"{i}. {c}。" for i, c in enumerate(rng.sample(CLAUSES, rng.randint(2, 4)), 1)]
            parts.append("\n".join(items))
        else:
            parts.append(_paragraph(rng))
        size = sum(len(p.encode()) + 2 for p in parts)
    text = "\n\n".join(parts)
    data = text.encode()
    if len(data) > 3000:  # trim the last paragraph at a character boundary, end on a full stop
        text = data[:2997].decode("utf-8", errors="ignore").rstrip("\n#|- ") + "。"
    return text + "\n"


def _date_text(rng: random.Random, when: dt.datetime) -> str:
    style = rng.random()
    if style < 0.7:
        return when.strftime("%Y-%m-%d")
    if style < 0.9:
        return when.strftime("%Y-%m-%d %H:%M")
    return f"{when.year}年{when.month}月{when.day}日"


def make_items(n: int, seed: int = 1) -> list[ItemSpec]:
    """The N items, identical for every output shape."""
    rng = random.Random(seed)
    roots = _roots()
    leaves = [c for c, _w in LEAF_WEIGHTS]
    weights = [w for _c, w in LEAF_WEIGHTS]
    span = (LAST_DAY - FIRST_DAY).days
    specs: list[ItemSpec] = []
    for number in range(1, n + 1):
        day = FIRST_DAY + dt.timedelta(days=rng.randint(0, span))
        when = dt.datetime(day.year, day.month, day.day, rng.randint(8, 18), rng.choice((0, 15, 30, 45)))
        column = rng.choices(leaves, weights)[0]
        columns = [column]
        if number % 7 == 0:  # some items sit in two columns of different trees
            other = rng.choices(leaves, weights)[0]
            if roots[other] != roots[column]:
                columns.append(other)
        dept_id, dept_name, dept_short = rng.choice(DEPARTMENTS)
        specs.append(
            ItemSpec(
                number=number,
                path=f"{roots[column]}/{day.year}/item-{number}.md",
                title="",
                date=when,
                date_text="",
                columns=columns,
                publisher=dept_id,
                written=day - dt.timedelta(days=rng.randint(0, 12)),
                index_no="",
                extra={"dept_name": dept_name, "dept_short": dept_short},
            )
        )
    # Policies and their interpretations: every 20th item is a normative document, the next
    # one interprets it two days later.
    by_number = {s.number: s for s in specs}
    for spec in specs:
        if spec.number % 20 == 0:
            spec.doc_type = "normative" if spec.number % 60 else "regulation"
            spec.columns = ["normative"]
            spec.path = f"policy/{spec.date.year}/item-{spec.number}.md"
            follower = by_number.get(spec.number + 1)
            if follower is not None:
                follower.date = spec.date + dt.timedelta(days=2)
                follower.written = follower.date.date()
                follower.columns = ["interpretation"]
                follower.path = f"policy/{follower.date.year}/item-{follower.number}.md"
                follower.interprets = spec.path
    # 索引号: per code and year, numbered in date order.
    seq: dict[tuple[str, int], int] = {}
    for spec in sorted(specs, key=lambda s: (s.date, s.number)):
        code = DEPT_CODES.get(spec.publisher, ORG_CODE)
        key = (code, spec.date.year)
        seq[key] = seq.get(key, 0) + 1
        spec.index_no = f"{code}/{spec.date.year}-{seq[key]:05d}"
    titles = _titles()
    for spec in specs:
        year = spec.date.year
        topic = rng.choice(TITLE_TOPICS)
        if spec.interprets:
            policy = by_number[spec.number - 1]
            spec.title = f"《{policy.title}》政策解读"
        else:
            spec.title = rng.choice(TITLE_PATTERNS).format(
                org="基准县", year=year, topic=topic, dept=spec.extra["dept_name"], q=rng.randint(1, 4)
            )
        spec.date_text = _date_text(rng, spec.date)
        if spec.doc_type or rng.random() < 0.3:
            spec.doc_number = f"{spec.extra['dept_short']}发〔{year}〕{rng.randint(1, 199)}号"
        if spec.doc_type or spec.columns[0] in ("other-docs", "notices"):
            roll = rng.random()
            spec.validity = "effective" if roll < 0.8 else "expired" if roll < 0.9 else "repealed"
        extra_md: list[str] = []
        if spec.number % 50 == 0:
            name = f"item-{spec.number}-data.csv"
            rows = ["单位,计划任务（项）,已完成（项）,资金（万元）"]
            for town in rng.sample(TABLE_ROWS, 5):
                rows.append(
                    f"{town},{rng.randint(5, 99)},{rng.randint(1, 99)},{rng.randint(10, 999)}.{rng.randint(0, 9)}"
                )
            spec.attachment = (name, "\n".join(rows) + "\n")
            extra_md.append(f"附件：[{titles[spec.columns[0]]}数据表（CSV）]({name})")
        if spec.number % 10 == 3 and spec.number > 10:
            # A body link to an earlier item, relative to this file, as editors write them.
            other = by_number[spec.number - 10]
            rel = "../../" + other.path
            extra_md.append(f"相关文件：[{other.title}]({rel})")
        spec.body = _body(rng, spec.number, extra_md)
    return specs


# -- writers --------------------------------------------------------------------------------


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _portal_front(spec: ItemSpec) -> str:
    lines = ["---", f"title: {_q(spec.title)}", f"date: {_q(spec.date_text)}"]
    if len(spec.columns) == 1:
        lines.append(f"category: {spec.columns[0]}")
    else:
        lines.append("category:")
        lines.extend(f"  - {c}" for c in spec.columns)
    lines.append(f"publisher: {spec.publisher}")
    lines.append(f"written: {spec.written.isoformat()}")
    if spec.doc_number:
        lines.append(f"doc_number: {_q(spec.doc_number)}")
    lines.append(f"index_no: {_q(spec.index_no)}")
    if spec.validity:
        lines.append(f"validity: {spec.validity}")
    if spec.doc_type:
        lines.append(f"doc_type: {spec.doc_type}")
    if spec.interprets:
        lines.append(f"interprets: {spec.interprets}")
    if spec.attachment:
        lines.append("attachments:")
        lines.append(f"  - path: {spec.attachment[0]}")
        lines.append(f"    title: {_q('数据表')}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def catalog_yaml() -> str:
    lines = [
        "organization:",
        f"  name: {ORG_NAME}",
        f'  code: "{ORG_CODE}"',
        "columns:",
    ]
    for root, title, cadence, inspection, children in COLUMNS:
        lines += [f"  - id: {root}", f"    title: {title}", f"    cadence: {cadence}"]
        if inspection != "none":
            lines.append(f"    inspection: {inspection}")
        lines.append(f"    description: {title}栏目发布本县{title}相关的政府信息。")
        if children:
            lines.append("    children:")
            for child, ctitle, ccadence in children:
                lines += [f"      - id: {child}", f"        title: {ctitle}", f"        cadence: {ccadence}"]
    lines.append("departments:")
    for dept_id, name, _short in DEPARTMENTS:
        lines += [f"  - id: {dept_id}", f"    name: {name}"]
        if dept_id in DEPT_CODES:
            lines.append(f'    code: "{DEPT_CODES[dept_id]}"')
    return "\n".join(lines) + "\n"


def _fresh(root: Path, *names: str) -> None:
    root.mkdir(parents=True, exist_ok=True)
    for name in names:
        target = root / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()


def _report(progress: bool, done: int, total: int, what: str) -> None:
    if progress and (done % 1000 == 0 or done == total):
        print(f"  {what}: {done}/{total} items written", flush=True)


def portal_mkdocs_yml(search: bool = False, site_dir: str | None = None) -> str:
    lines = [
        f"site_name: {SITE_NAME}",
        f"site_url: {SITE_URL}",
        "theme:",
        "  name: material",
        "  language: zh",
    ]
    if site_dir:
        lines.append(f"site_dir: {site_dir}")
    lines += ["plugins:", "  - opengov:", f"      search: {'true' if search else 'false'}"]
    return "\n".join(lines) + "\n"


def generate(
    root: Path, n: int, seed: int = 1, *, search: bool = False, progress: bool = False
) -> list[ItemSpec]:
    """(a) An OpenGov portal of ``n`` items in ``root``."""
    root = Path(root)
    _fresh(root, "content", "docs", "site", "mkdocs.yml")
    specs = make_items(n, seed)
    content = root / "content"
    content.mkdir()
    (content / "catalog.yml").write_text(catalog_yaml(), encoding="utf-8")
    for done, spec in enumerate(specs, 1):
        target = content / spec.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_portal_front(spec) + spec.body, encoding="utf-8")
        if spec.attachment:
            (target.parent / spec.attachment[0]).write_text(spec.attachment[1], encoding="utf-8")
        _report(progress, done, n, "portal")
    docs = root / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(
        f"# {SITE_NAME}\n\n欢迎访问{ORG_NAME}政府信息公开平台。本平台集中发布本县政府信息。\n",
        encoding="utf-8",
    )
    (root / "mkdocs.yml").write_text(portal_mkdocs_yml(search), encoding="utf-8")
    return specs


def write_plain(root: Path, n: int, seed: int = 1, *, progress: bool = False) -> list[ItemSpec]:
    """(b) The same item pages as a plain MkDocs site: Material, no plugins, items not in nav."""
    root = Path(root)
    _fresh(root, "docs", "site", "mkdocs.yml")
    specs = make_items(n, seed)
    docs = root / "docs"
    docs.mkdir()
    for done, spec in enumerate(specs, 1):
        target = docs / spec.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"---\ntitle: {_q(spec.title)}\n---\n\n" + spec.body, encoding="utf-8")
        if spec.attachment:
            (target.parent / spec.attachment[0]).write_text(spec.attachment[1], encoding="utf-8")
        _report(progress, done, n, "plain")
    (docs / "index.md").write_text(f"# {SITE_NAME}\n\n欢迎访问。\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "\n".join(
            [
                f"site_name: {SITE_NAME}",
                f"site_url: {SITE_URL}",
                "theme:",
                "  name: material",
                "  language: zh",
                "  font: false",
                "nav:",
                "  - 首页: index.md",
                "plugins: []",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    return specs


# A minimal Hugo site: one page per item, a list per section, and a feed per section (Hugo's
# default RSS): the smallest site Hugo builds that shows the same items.
HUGO_LAYOUTS = {
    "_default/baseof.html": (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>'
        '<body>{{ block "main" . }}{{ end }}</body></html>\n'
    ),
    "_default/single.html": '{{ define "main" }}<article><h1>{{ .Title }}</h1>{{ .Content }}</article>{{ end }}\n',
    "_default/list.html": (
        '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}'
        '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>'
        "{{ end }}</ul>{{ end }}\n"
    ),
}


def write_hugo(root: Path, n: int, seed: int = 1, *, progress: bool = False) -> list[ItemSpec]:
    """(h) The same item pages for Hugo (the yardstick of issue 17): title, date and body."""
    root = Path(root)
    _fresh(root, "content", "layouts", "public", "hugo.toml")
    specs = make_items(n, seed)
    for done, spec in enumerate(specs, 1):
        target = root / "content" / spec.path
        target.parent.mkdir(parents=True, exist_ok=True)
        front = f"---\ntitle: {_q(spec.title)}\ndate: {spec.date.isoformat()}\n---\n\n"
        target.write_text(front + spec.body, encoding="utf-8")
        _report(progress, done, n, "hugo")
    for name, text in HUGO_LAYOUTS.items():
        (root / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "layouts" / name).write_text(text, encoding="utf-8")
    (root / "hugo.toml").write_text(
        f'baseURL = "{SITE_URL}"\ntitle = "{SITE_NAME}"\nlanguageCode = "zh-CN"\n'
        'disableKinds = ["taxonomy", "term"]\n[pagination]\n  pagerSize = 20\n'
        "[markup.goldmark.renderer]\n  unsafe = false\n",
        encoding="utf-8",
    )
    return specs


def write_blog(root: Path, n: int, seed: int = 1, *, progress: bool = False) -> list[ItemSpec]:
    """(c) The same items as Material blog posts with categories, plus mkdocs-rss-plugin."""
    root = Path(root)
    _fresh(root, "docs", "site", "mkdocs.yml")
    specs = make_items(n, seed)
    titles = _titles()
    posts = root / "docs" / "blog" / "posts"
    posts.mkdir(parents=True)
    for done, spec in enumerate(specs, 1):
        target = posts / spec.path
        target.parent.mkdir(parents=True, exist_ok=True)
        # The blog needs an ASCII slug (Chinese titles slugify to nothing) and an excerpt marker.
        first, _sep, rest = spec.body.partition("\n\n")
        front = [
            "---",
            f"title: {_q(spec.title)}",
            f"date: {spec.date.strftime('%Y-%m-%d %H:%M:%S')}",
            f"slug: item-{spec.number}",
            "categories:",
            *(f"  - {titles[c]}" for c in spec.columns),
            "---",
        ]
        text = "\n".join(front) + f"\n\n{first}\n\n<!-- more -->\n\n{rest}"
        target.write_text(text, encoding="utf-8")
        if spec.attachment:
            (target.parent / spec.attachment[0]).write_text(spec.attachment[1], encoding="utf-8")
        _report(progress, done, n, "blog")
    (root / "docs" / "index.md").write_text(f"# {SITE_NAME}\n\n欢迎访问。\n", encoding="utf-8")
    (root / "docs" / "blog" / "index.md").write_text("# 信息公开\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "\n".join(
            [
                f"site_name: {SITE_NAME}",
                f"site_url: {SITE_URL}",
                "theme:",
                "  name: material",
                "  language: zh",
                "  font: false",
                "nav:",
                "  - 首页: index.md",
                "  - 信息公开: blog/index.md",
                "plugins:",
                "  - blog:",
                "      blog_toc: false",
                "      post_url_format: '{date}/{slug}'",
                # Chinese category names need a Unicode-keeping slugify, or all collide on ''.
                "      categories_slugify: !!python/object/apply:pymdownx.slugs.slugify",
                "        kwds: {case: lower}",
                "  - rss:",
                "      match_path: blog/posts/.*",
                "      use_git: false",
                "      date_from_meta:",
                "        as_creation: date",
                "        as_update: date",
                "        default_timezone: Asia/Shanghai",
                "      categories:",
                "        - categories",
                "      length: 50",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    return specs


WRITERS = {"portal": generate, "plain": write_plain, "blog": write_blog}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--kind", choices=sorted(WRITERS), default="portal")
    parser.add_argument("--search", action="store_true", help="portal only: build the search index")
    args = parser.parse_args(argv)
    if args.kind == "portal":
        generate(args.dir, args.items, args.seed, search=args.search, progress=True)
    else:
        WRITERS[args.kind](args.dir, args.items, args.seed, progress=True)
    print(args.dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
