"""``opengov import MANIFEST.xlsx|.csv [--map MAP.yml] [--dry-run]``: a former portal's archive moves over.

One row per item (:mod:`opengov.documents.manifest`). A row's 栏目 and 发布机构 are catalog
ids, exact names, names ``MAP.yml`` maps (``columns: {旧栏目名: id}``, ``departments:
{旧机构名: id}``), or, for a department, the name its signature would carry (示例县财政局 is
the catalog's 县财政局). 索引号 are kept as given; a row without one gets a fresh one, as
``opengov new`` gives. 原网址 become ``old_urls``: a redirect page answers at each address.

Re-running updates the same items: a row is the item with its 索引号, else the item with
one of its 原网址; a file whose bytes would not change is not written. Every bad row is
reported as ``MANIFEST:ROW: error CODE: message``, and **nothing is written unless every
row is good**: the planned items are checked with every rule a build applies (privacy,
links, addresses, 索引号 …) in a linked copy of the portal before one file is touched.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import yaml

from ..core.dates import DateError, parse_date
from ..core.frontmatter import LABEL
from ..core.indexno import next_index_no
from ..core.loader import load_portal
from ..core.model import BEIJING, Catalog, Item, Portal
from ..core.vocabulary import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from ..core.yamlpos import YamlError, compose, line_of
from ..documents.bodies import BODY_SUFFIXES, Body, body_from_file, body_from_text
from ..documents.docx_blocks import DocumentError
from ..documents.manifest import Manifest, ManifestError, Row, read_manifest, split_list
from ..settings import Settings, load_options, read_settings
from .new import _load, _portal_lock, dump_front, make_slug

# Front matter keys in the order an editor reads them (the rest follow as given).
ORDER = (
    "title", "date", "category", "publisher", "written", "doc_number", "index_no", "disclosure",
    "validity", "repealed_on", "doc_type", "topics", "keywords", "interprets", "replaced_by",
    "summary", "attachments", "aliases", "old_urls", "pii_allow", "draft",
)  # fmt: skip
LIST_KEYS = ("topics", "keywords", "aliases", "pii_allow")
DATE_KEYS = ("date", "written", "repealed_on")
_HOST = re.compile(r"^https?://[^/]+", re.IGNORECASE)


@dataclass
class Problem:
    row: int
    code: str
    message: str
    severity: str = "error"


@dataclass
class Planned:
    row: Row
    path: str  # of the item, relative to content/
    text: str
    files: dict[str, bytes] = field(default_factory=dict)  # attachments and images, relative to content/
    existing: bool = False


@dataclass
class NameMap:
    columns: dict[str, str] = field(default_factory=dict)
    departments: dict[str, str] = field(default_factory=dict)


# -- the map ---------------------------------------------------------------------------


def read_map(path: Path, catalog: Catalog) -> tuple[NameMap, list[str]]:
    """``MAP.yml`` and its problems as ``MAP.yml:LINE: error CODE: message`` lines."""
    problems: list[str] = []
    try:
        node = compose(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeError) as exc:
        return NameMap(), [f"{path}:1: error bad-value: 无法读取对照表：{exc}"]
    except YamlError as exc:
        return NameMap(), [f"{path}:{exc.line}: error yaml-syntax: {exc.message}"]
    mapping = NameMap()
    if not isinstance(node, yaml.MappingNode):
        return mapping, [
            f"{path}:1: error bad-value: 对照表应当是 columns:（栏目）和 departments:（发布机构）两部分"
        ]
    known: dict[str, set[str]] = {"columns": set(catalog.columns), "departments": set(catalog.departments)}
    for key_node, value_node in node.value:
        part = str(key_node.value)
        if part not in known or not isinstance(value_node, yaml.MappingNode):
            problems.append(
                f"{path}:{line_of(key_node)}: error bad-value: 只能有 columns: 和 departments: 两部分，每部分是“旧名称: 目录中的 id”"
            )
            continue
        for old, new in value_node.value:
            if str(new.value) not in known[part]:
                what = "栏目" if part == "columns" else "发布机构"
                problems.append(
                    f"{path}:{line_of(new)}: error bad-value: 目录中没有 id 为“{new.value}”的{what}"
                )
            getattr(mapping, part)[str(old.value).strip()] = str(new.value)
    return mapping, problems


# -- planning a row ----------------------------------------------------------------------


@dataclass
class _Context:
    settings: Settings
    manifest: Manifest
    mapping: NameMap
    portal: Portal
    problems: list[Problem] = field(default_factory=list)
    planned_paths: set[str] = field(default_factory=set)
    keys: dict[str, int] = field(default_factory=dict)  # 索引号 / 原网址 -> the row that has it
    numbered: dict[str, Item] = field(default_factory=dict)  # fresh 索引号 handed out so far

    def error(self, row: Row, code: str, message: str) -> None:
        self.problems.append(Problem(row.number, code, self.manifest.sheet_note + message))

    @property
    def content(self) -> Path:
        return self.settings.root / self.settings.content_dir


def _column(ctx: _Context, value: str) -> str | None:
    catalog = ctx.portal.catalog
    if value in catalog.columns:
        return value
    if value in ctx.mapping.columns:
        return ctx.mapping.columns[value]
    return next((c.id for c in catalog.columns.values() if c.title == value), None)


def _publisher(ctx: _Context, value: str) -> str | None:
    if value in ctx.mapping.departments:
        return ctx.mapping.departments[value]
    dept = ctx.portal.catalog.department_signed(value)
    return dept.id if dept is not None else None


def _old_urls(text: str) -> list[str]:
    return [_HOST.sub("", url) or "/" for url in split_list(text)]


def _existing(ctx: _Context, index_no: str | None, old_urls: list[str]) -> Item | None:
    """The item a row updates: the one with its 索引号, else one with one of its 原网址."""
    items = ctx.portal.items.values()
    if index_no:
        found = next((i for i in items if (i.index_no or "").strip() == index_no), None)
        if found is not None:
            return found
    return next((i for i in items if set(i.old_urls) & set(old_urls)), None)


def _claim_keys(ctx: _Context, row: Row, index_no: str | None, old_urls: list[str]) -> None:
    for key, code, what in [(index_no, "duplicate-index-no", "索引号")] + [
        (url, "url-conflict", "原网址") for url in old_urls
    ]:
        if not key:
            continue
        if key in ctx.keys:
            ctx.error(row, code, f"{what}“{key}”与第 {ctx.keys[key]} 行重复：同一条信息只能占一行")
        else:
            ctx.keys[key] = row.number


def _path_for(ctx: _Context, values: dict[str, object], day: dt.date) -> str:
    category = values["category"]
    column = category if isinstance(category, str) else cast(list[str], category)[0]
    slug = make_slug(str(values.get("title", "")), str(values.get("doc_number") or "") or None)
    taken = set(ctx.portal.items) | ctx.planned_paths
    for number in range(1, 10_000):
        stem = slug if number == 1 else f"{slug}-{number}"
        path = f"{column}/{day.year}/{stem}.md"
        if path not in taken and not (ctx.content / path).exists():
            return path
    raise AssertionError("unreachable")  # pragma: no cover


def _body(ctx: _Context, row: Row, stem_path: str) -> Body | None:
    if "body_file" in row.values:
        path = _manifest_file(ctx, row.values["body_file"])
        if path.suffix.lower() not in BODY_SUFFIXES:
            ctx.error(
                row, "bad-value", f"正文文件“{row.values['body_file']}”应当是 .docx、.html、.txt 或 .md 文件"
            )
            return None
        if not path.is_file():
            ctx.error(
                row,
                "missing-attachment",
                f"正文文件“{row.values['body_file']}”不存在（路径相对于清单所在的文件夹）",
            )
            return None
        try:
            return body_from_file(path, stem_path.rsplit("/", 1)[-1])
        except (OSError, UnicodeError, DocumentError) as exc:
            ctx.error(row, "bad-value", f"正文文件“{row.values['body_file']}”无法读取：{exc}")
            return None
    return body_from_text(row.values.get("body", ""))


def _manifest_file(ctx: _Context, name: str) -> Path:
    path = Path(name.strip())
    return path if path.is_absolute() else ctx.manifest.path.parent / path


def _dates(ctx: _Context, row: Row, values: dict[str, object]) -> dt.datetime | None:
    moment = None
    for key in DATE_KEYS:
        if key not in row.values:
            continue
        try:
            parsed = parse_date(row.values[key])
        except DateError as exc:
            ctx.error(row, "bad-date", f"{LABEL[key]}“{row.values[key]}”：{exc}")
            continue
        stamp = parsed.astimezone(BEIJING)
        values[key] = stamp.date() if stamp.time() == dt.time() else stamp.strftime("%Y-%m-%d %H:%M")
        if key == "date":
            moment = parsed
    return moment


def _references(ctx: _Context, row: Row, values: dict[str, object]) -> bool:
    """栏目 and 发布机构 as catalog ids; False when one is unknown."""
    columns = []
    for name in split_list(row.values.get("category", "")):
        column = _column(ctx, name)
        if column is None:
            ctx.error(row, "unknown-column", f"栏目“{name}”不在目录中，也不在对照表（--map）的 columns 里")
        columns.append(column)
    publisher = _publisher(ctx, row.values.get("publisher", ""))
    if publisher is None:
        ctx.error(
            row,
            "unknown-department",
            f"发布机构“{row.values.get('publisher')}”不在目录中，也不在对照表的 departments 里",
        )
    if None in columns or publisher is None or not columns:
        return False
    values["category"] = columns[0] if len(columns) == 1 else columns
    values["publisher"] = publisher
    return True


def plan_row(ctx: _Context, row: Row) -> Planned | None:
    for key, label in (
        ("title", "标题"),
        ("date", "发布日期"),
        ("category", "栏目"),
        ("publisher", "发布机构"),
    ):
        if not row.values.get(key):
            ctx.error(row, "missing-key", f"缺少{label}")
    values: dict[str, object] = {}
    moment = _dates(ctx, row, values)
    if not _references(ctx, row, values) or moment is None or not row.values.get("title"):
        return None
    for key, text in row.values.items():
        if key in LIST_KEYS:
            values[key] = split_list(text)
        elif key not in values and key not in ("body", "body_file", "attachments", "old_urls"):
            values[key] = text
    if "draft" in values:
        values["draft"] = {"true": True, "false": False}.get(str(values["draft"]).lower(), values["draft"])
    old_urls = _old_urls(row.values.get("old_urls", ""))
    index_no = row.values.get("index_no", "").strip() or None
    _claim_keys(ctx, row, index_no, old_urls)
    existing = _existing(ctx, index_no, old_urls)
    path = existing.path if existing is not None else _path_for(ctx, values, moment.date())
    ctx.planned_paths.add(path)
    if index_no is None:
        values["index_no"] = (
            existing.index_no if existing and existing.index_no else _fresh_number(ctx, path, values, moment)
        )
    if old_urls:
        values["old_urls"] = old_urls
    stem = path[:-3]
    body = _body(ctx, row, stem)
    files = {f"{path.rsplit('/', 1)[0]}/{name}": data for name, data in (body.images if body else [])}
    attachments = _attachments(ctx, row, stem, files)
    if attachments:
        values["attachments"] = attachments
    if body is None:
        return None
    ordered = {k: values[k] for k in ORDER if k in values} | {
        k: v for k, v in values.items() if k not in ORDER
    }
    return Planned(
        row, path, f"---\n{dump_front(ordered)}---\n\n{body.markdown}", files, existing is not None
    )


def _fresh_number(ctx: _Context, path: str, values: dict[str, object], moment: dt.datetime) -> str:
    """A new 索引号, one past every number the portal and the rows before have."""
    portal = dataclasses.replace(ctx.portal, items={**ctx.portal.items, **ctx.numbered})
    number = next_index_no(portal, str(values["publisher"]), moment)
    ctx.numbered[path] = Item(
        path=path, source=path, index_no=number, publisher=str(values["publisher"]), date=moment
    )
    return number


def _attachments(ctx: _Context, row: Row, stem: str, files: dict[str, bytes]) -> list[dict[str, str]]:
    entries = []
    folder, name = stem.rsplit("/", 1)
    for number, listed in enumerate(split_list(row.values.get("attachments", "")), 1):
        source = _manifest_file(ctx, listed)
        if not source.is_file():
            ctx.error(row, "missing-attachment", f"附件“{listed}”不存在（路径相对于清单所在的文件夹）")
            continue
        target = f"{name}-fj{number}{source.suffix.lower()}"
        files[f"{folder}/{target}"] = source.read_bytes()
        entries.append({"path": target, "title": source.stem})
    return entries


# -- checking the result as a build would ---------------------------------------------------


def _linked_copy(settings: Settings, into: Path) -> None:
    """The portal's files at ``into`` (hard links; copies across disks), without its site or cache."""
    skip = {
        (settings.root / settings.cache_dir).resolve(),
        Path(settings.site_dir).resolve(),
        (settings.root / ".git").resolve(),
    }
    for folder, dirs, names in os.walk(settings.root):
        here = Path(folder)
        dirs[:] = [
            d for d in dirs if (here / d).resolve() not in skip and (here / d).resolve() != into.resolve()
        ]
        target = into / here.relative_to(settings.root)
        target.mkdir(parents=True, exist_ok=True)
        for name in names:
            try:
                os.link(here / name, target / name)
            except OSError:
                shutil.copy2(here / name, target / name)


def check_as_built(settings: Settings, plans: list[Planned]) -> list[Problem]:
    """Every finding a build would make about the planned files, by the row they come from."""
    content = settings.content_dir
    cache = settings.root / settings.cache_dir
    cache.mkdir(parents=True, exist_ok=True)  # on the portal's disk, so the copy can be hard links
    work = Path(tempfile.mkdtemp(prefix="import-", dir=cache))
    try:
        _linked_copy(settings, work)
        rows: dict[str, int] = {}
        for plan in plans:
            for rel, data in [(plan.path, plan.text.encode("utf-8")), *plan.files.items()]:
                target = work / content / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.unlink(missing_ok=True)  # a link to the portal's own file: never written through
                target.write_bytes(data)
            rows[f"{content}/{plan.path}"] = plan.row.number
        portal = load_portal(load_options(dataclasses.replace(settings, root=work), site_checks=True))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return [
        Problem(rows[f.path], f.code, f"{f.path} 第 {f.line} 行：{f.message}", f.severity)
        for f in portal.findings
        if f.path in rows and f.code != "missing-index-no"
    ]


# -- writing -----------------------------------------------------------------------------


def _changed(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() != data
    except OSError:
        return True


def _write(path: Path, data: bytes) -> None:
    """Whole or not at all: a temporary file renamed over the old one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".opengov-import-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    finally:
        Path(temp).unlink(missing_ok=True)


def _files(plans: list[Planned], content: Path) -> Iterator[tuple[Planned, Path, bytes]]:
    for plan in plans:
        for rel, data in plan.files.items():
            yield plan, content / rel, data
        yield plan, content / plan.path, plan.text.encode("utf-8")  # the item last: its files are there


class Progress:
    """``已处理 120/1000 行`` on standard error, for long imports (a line a tenth, or one line redrawn)."""

    def __init__(self, what: str, total: int) -> None:
        self.what, self.total, self.shown = what, total, -1
        self.live = sys.stderr.isatty()

    def step(self, done: int) -> None:
        if self.total < 50:
            return
        tenth = done * 10 // self.total
        if self.live:
            print(
                f"\r{self.what} {done}/{self.total}",
                end="" if done < self.total else "\n",
                file=sys.stderr,
                flush=True,
            )
        elif tenth != self.shown:
            self.shown = tenth
            print(f"{self.what} {done}/{self.total}", file=sys.stderr, flush=True)


def cmd_import(args: argparse.Namespace) -> int:
    settings = read_settings(args.config_file)
    try:
        manifest = read_manifest(Path(args.manifest))
    except ManifestError as exc:
        print(f"opengov import: {exc}", file=sys.stderr)
        return EXIT_USAGE
    with _portal_lock(settings):
        portal = _load(settings)
        mapping, map_problems = read_map(Path(args.map), portal.catalog) if args.map else (NameMap(), [])
        ctx = _Context(settings, manifest, mapping, portal)
        for header in manifest.header_problems:
            ctx.problems.append(Problem(1, "bad-value", manifest.sheet_note + header))
        plans: list[Planned] = []
        progress = Progress("已读取", len(manifest.rows))
        if not map_problems and not manifest.header_problems:
            for done, row in enumerate(manifest.rows, 1):
                plan = plan_row(ctx, row)
                if plan is not None:
                    plans.append(plan)
                progress.step(done)
        if not ctx.problems and not map_problems and plans:
            print("正在按构建的全部规则检查导入的条目……", file=sys.stderr, flush=True)
            ctx.problems += check_as_built(settings, plans)
        for line in map_problems:
            print(line)
        for problem in sorted(ctx.problems, key=lambda p: p.row):
            print(f"{manifest.where(problem.row)}: {problem.severity} {problem.code}: {problem.message}")
        errors = map_problems + [p for p in ctx.problems if p.severity == "error"]
        if errors:
            print(f"清单中有 {len(errors)} 个错误，没有写入任何文件。请改正后重新导入。", file=sys.stderr)
            return EXIT_FAILED
        return _apply(settings, plans, args.dry_run)


def _apply(settings: Settings, plans: list[Planned], dry_run: bool) -> int:
    content = settings.root / settings.content_dir
    changes = [(plan, path, data) for plan, path, data in _files(plans, content) if _changed(path, data)]
    changed_items = {plan.path for plan, _path, _data in changes}
    new = sum(1 for plan in plans if plan.path in changed_items and not plan.existing)
    updated = len(changed_items) - new
    same = len(plans) - len(changed_items)
    summary = f"新增 {new} 条，更新 {updated} 条，{same} 条没有变化"
    if dry_run:
        print(f"试运行（--dry-run）：清单没有错误；导入将{summary}。没有写入任何文件。", file=sys.stderr)
        return EXIT_OK
    progress = Progress("已写入", len(changes))
    for done, (_plan, path, data) in enumerate(changes, 1):
        _write(path, data)
        progress.step(done)
    print(f"导入完成：{summary}。请运行 opengov check 或 mkdocs build 查看结果。", file=sys.stderr)
    return EXIT_OK
