"""``opengov new``: create one disclosure item with correct front matter and a fresh 索引号.

Flags give the column, publisher, title, date, 文号 and 文件类型. In a terminal the
command asks, in Chinese, for whatever is missing; elsewhere (scripts, CI) a
missing required value is a usage error (exit 2) and nothing is written.

The file goes to ``content/<column>/<year>/<slug>.md``: the slug is ASCII, from
the 文号 (``示府办发〔2025〕12号`` → ``sfbf-2025-12``) or else from the title's
pinyin (``guan-yu-…``); a taken name gets ``-2``, ``-3``…
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import re
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml
from pypinyin import Style, lazy_pinyin

from ..core.buildlock import BuildLock
from ..core.dates import DateError, beijing_today, parse_date
from ..core.indexno import next_index_no
from ..core.loader import NOT_ITEMS, ParseCache, load_portal
from ..core.model import BEIJING, Catalog, Portal, url_for_path
from ..core.vocabulary import DOC_TYPES, EXIT_FAILED, EXIT_OK, EXIT_USAGE, POLICY_DOC_TYPES
from ..settings import Settings, load_options, read_settings

BODY_PLACEHOLDER = "（在此填写正文）"
# 成文日期 is the editor's to give: a guess (the publication day) would hide a late publication
# from the 20-working-day check.
WRITTEN_PROMPT = "# 成文日期是文件签发的日期：填写后删去下一行行首的“# ”\n# 成文日期: YYYY-MM-DD\n"
SLUG_MAX = 60

# Extra spellings of 文件类型 an editor may type.
_DOC_TYPE_WORDS = {
    **{en: en for en in DOC_TYPES},
    **{cn: en for en, cn in DOC_TYPES.items()},
    "规范性文件": "normative",
    "其它": "other",
}


class _Dumper(yaml.SafeDumper):
    """``yaml.safe_dump`` without anchors (equal values stay written out in full)."""

    def ignore_aliases(self, data: object) -> bool:
        return True


class UsageError(Exception):
    """A missing or wrong value from the editor: exit 2, nothing written."""


class Cancelled(Exception):
    """The editor ended the prompts (Ctrl-D)."""


@dataclass
class Answers:
    column: str
    publisher: str  # department id
    title: str
    date: dt.datetime
    doc_number: str | None
    doc_type: str


# -- slugs ---------------------------------------------------------------------------------


def _ascii_words(text: str) -> list[str]:
    """Lower-case ASCII letter/digit runs of ``text`` (full-width and accents folded)."""
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    folded = folded.encode("ascii", "ignore").decode("ascii").lower()
    return re.findall(r"[a-z0-9]+", folded)


def _trim(slug: str, limit: int = SLUG_MAX) -> str:
    if len(slug) <= limit:
        return slug
    cut = slug[:limit]
    if slug[limit] != "-" and "-" in cut:
        cut = cut[: cut.rindex("-")]
    return cut.strip("-")


def slug_from_doc_number(doc_number: str) -> str:
    """``示府办发〔2025〕12号`` → ``sfbf-2025-12``: initials of the Chinese, digits kept."""
    text = unicodedata.normalize("NFKC", doc_number).strip()
    text = re.sub(r"号$", "", text)  # 12号 → 12
    text = re.sub(r"第(?=\s*\d)", "", text)  # 第3号 → 3
    words: list[str] = []
    for run in re.findall(r"[\u3400-\u9fff]+|[A-Za-z0-9]+", text):
        if run.isascii():
            words.append(run.lower())
        else:
            initials = "".join(lazy_pinyin(run, style=Style.FIRST_LETTER, errors="ignore"))
            words.extend(_ascii_words(initials))
    return _trim("-".join(words))


def slug_from_title(title: str) -> str:
    """``关于2025年…的通知`` → ``guan-yu-2025-nian-…-de-tong-zhi``, at most ~60 characters."""
    words: list[str] = []
    for token in lazy_pinyin(unicodedata.normalize("NFKC", title)):
        words.extend(_ascii_words(token))
    return _trim("-".join(words))


def make_slug(title: str, doc_number: str | None) -> str:
    slug = slug_from_doc_number(doc_number) if doc_number else ""
    return slug or slug_from_title(title) or "item"


# -- reading the editor's answers ----------------------------------------------------------


def _column_choices(catalog: Catalog) -> list[tuple[str, str]]:
    """(id, label) in catalog order, children indented under their parent."""
    return [
        (column.id, "  " * (len(catalog.ancestors(column.id)) - 1) + f"{column.title}（{column.id}）")
        for column in catalog.columns.values()
    ]


def _publisher_choices(catalog: Catalog) -> list[tuple[str, str]]:
    return [(dept.id, f"{dept.name}（{dept.id}）") for dept in catalog.departments.values()]


def _listing(choices: list[tuple[str, str]]) -> str:
    return "\n".join(f"  {number:>2}. {label}" for number, (_id, label) in enumerate(choices, 1))


def _find_column(catalog: Catalog, answer: str) -> str | None:
    answer = answer.strip()
    if answer in catalog.columns:
        return answer
    for column in catalog.columns.values():
        if column.title == answer:
            return column.id
    return None


def _find_publisher(catalog: Catalog, answer: str) -> str | None:
    dept = catalog.department(answer.strip())
    return dept.id if dept else None


def _parse_doc_type(word: str) -> str | None:
    word = word.strip()
    return _DOC_TYPE_WORDS.get(word) or _DOC_TYPE_WORDS.get(word.lower())


def _doc_type_help() -> str:
    return "、".join(f"{en}（{cn}）" for en, cn in DOC_TYPES.items())


def _ask(prompt: str) -> str:
    print(prompt, end="", file=sys.stderr, flush=True)
    try:
        return input()
    except EOFError:
        raise Cancelled from None


def _choose(prompt: str, choices: list[tuple[str, str]], find: Callable[[str], str | None]) -> str:
    """Ask until the answer is a number from the list, an id, or an exact name."""
    print(_listing(choices), file=sys.stderr)
    while True:
        answer = _ask(f"{prompt}（输入序号、id 或名称）：").strip()
        if answer.isdigit() and 1 <= int(answer) <= len(choices):
            return choices[int(answer) - 1][0]
        if answer:
            found = find(answer)
            if found:
                return found
            print(f"  没有“{answer}”，请输入上面列表中的序号或 id。", file=sys.stderr)


@dataclass
class _Draft:
    """The answers so far: None where neither a flag nor the editor has given one yet."""

    column: str | None = None
    publisher: str | None = None
    title: str | None = None
    date: dt.datetime | None = None
    doc_number: str | None = None
    doc_type: str | None = None


def gather(args: argparse.Namespace, catalog: Catalog, interactive: bool) -> Answers:
    """Check the flags and, in a terminal, ask for what is missing."""
    columns, publishers = _column_choices(catalog), _publisher_choices(catalog)
    if not columns:
        raise UsageError(f"{catalog.path} 中还没有任何栏目（columns），请先在目录文件里添加栏目")
    if not publishers:
        raise UsageError(f"{catalog.path} 中还没有任何发布机构（departments），请先在目录文件里添加")
    draft = _from_flags(args, catalog, columns, publishers)
    missing = [
        flag
        for flag, value in (
            ("--column", draft.column),
            ("--publisher", draft.publisher),
            ("--title", draft.title),
        )
        if value is None
    ]
    if missing and not interactive:
        raise UsageError(
            f"缺少 {'、'.join(missing)}。不在终端中运行时必须用参数给出，例如：\n"
            "  opengov new --column news --publisher zfb --title 关于……的通知"
        )
    if missing:
        _ask_missing(draft, args, catalog, columns, publishers)
    date = draft.date or dt.datetime.combine(beijing_today(), dt.time(), tzinfo=BEIJING)
    assert draft.column is not None and draft.publisher is not None and draft.title is not None
    return Answers(
        draft.column, draft.publisher, draft.title, date, draft.doc_number, draft.doc_type or "other"
    )


def _from_flags(
    args: argparse.Namespace,
    catalog: Catalog,
    columns: list[tuple[str, str]],
    publishers: list[tuple[str, str]],
) -> _Draft:
    """The answers the flags give, each checked: a wrong one is a usage error."""
    draft = _Draft()
    if args.column is not None:
        draft.column = _find_column(catalog, args.column)
        if draft.column is None:
            raise UsageError(f"栏目“{args.column}”不在 {catalog.path} 中。可选的栏目：\n{_listing(columns)}")
    if args.publisher is not None:
        draft.publisher = _find_publisher(catalog, args.publisher)
        if draft.publisher is None:
            raise UsageError(
                f"发布机构“{args.publisher}”不在 {catalog.path} 中。请写 id 或完整名称，可选：\n{_listing(publishers)}"
            )
    draft.title = (args.title or "").strip() or None
    if args.title is not None and draft.title is None:
        raise UsageError("标题（--title）不能为空")
    if args.date is not None:
        try:
            draft.date = parse_date(args.date)
        except DateError as exc:
            raise UsageError(f"发布日期（--date）：{exc}") from None
    if args.doc_type is not None:
        draft.doc_type = _parse_doc_type(args.doc_type)
        if draft.doc_type is None:
            raise UsageError(f"文件类型（--doc-type）“{args.doc_type}”无效，只能是：{_doc_type_help()}")
    draft.doc_number = (args.doc_number or "").strip() or None
    return draft


def _ask_missing(
    draft: _Draft,
    args: argparse.Namespace,
    catalog: Catalog,
    columns: list[tuple[str, str]],
    publishers: list[tuple[str, str]],
) -> None:
    """In a terminal: ask for what the flags did not give, in the order an editor thinks."""
    print("新建一条政府信息（按 Ctrl-D 或 Ctrl-C 取消，不会写入任何文件）", file=sys.stderr)
    if draft.column is None:
        print("栏目：", file=sys.stderr)
        draft.column = _choose("请选择栏目", columns, lambda a: _find_column(catalog, a))
    if draft.publisher is None:
        print("发布机构：", file=sys.stderr)
        draft.publisher = _choose("请选择发布机构", publishers, lambda a: _find_publisher(catalog, a))
    while draft.title is None:
        draft.title = _ask("标题：").strip() or None
        if draft.title is None:
            print("  标题不能为空。", file=sys.stderr)
    today = beijing_today().isoformat()
    while draft.date is None:
        answer = _ask(f"发布日期 [{today}]：").strip() or today
        try:
            draft.date = parse_date(answer)
        except DateError as exc:
            print(f"  {exc}", file=sys.stderr)
    if args.doc_number is None:
        draft.doc_number = _ask("文号（没有请直接回车）：").strip() or None
    while draft.doc_type is None and args.doc_type is None:
        answer = _ask("文件类型：规章 / 行政规范性文件 / 其他 [其他]：").strip() or "other"
        draft.doc_type = _parse_doc_type(answer)
        if draft.doc_type is None:
            print(f"  只能是：{_doc_type_help()}", file=sys.stderr)


# -- writing -------------------------------------------------------------------------------


def front_matter(
    answers: Answers,
    index_no: str,
    written: dt.date | None = None,
    attachments: list[dict[str, str]] | None = None,
) -> dict[str, object]:
    """The item's keys in the order an editor reads them; no title key when there is no title yet."""
    stamp = answers.date.astimezone(BEIJING)
    day = stamp.date()
    when: object = day  # dumped plain: date: 2025-03-01
    if stamp.time() != dt.time():  # keep a time the editor gave (it orders same-day items)
        when = stamp.strftime("%Y-%m-%d %H:%M:%S" if stamp.second else "%Y-%m-%d %H:%M")
    data: dict[str, object] = {"title": answers.title} if answers.title else {}
    data.update({"date": when, "category": answers.column, "publisher": answers.publisher})
    if written is not None:
        data["written"] = written
    if answers.doc_number:
        data["doc_number"] = answers.doc_number
    data["index_no"] = index_no
    data["doc_type"] = answers.doc_type
    if answers.doc_type in POLICY_DOC_TYPES:
        data["validity"] = "effective"
    if attachments:
        data["attachments"] = attachments
    return data


def dump_front(data: dict[str, object]) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)


def render(answers: Answers, index_no: str) -> str:
    return f"---\n{dump_front(front_matter(answers, index_no))}{WRITTEN_PROMPT}---\n\n{BODY_PLACEHOLDER}\n"


def _taken_paths(portal: Portal) -> set[str]:
    """Paths (relative to content/) whose address another item or alias already holds."""
    taken = set(portal.items)
    for item in portal.items.values():
        taken.update(alias.strip() for alias in item.aliases)
    return taken


def _docs_page_at(docs: Path, rel: str) -> bool:
    """A page under docs/ that would be served at the item's address."""
    stem = url_for_path(rel).rstrip("/")
    return any((docs / f"{stem}{tail}").exists() for tail in (".md", "/index.md", "/README.md"))


def _stems(slug: str) -> Iterator[str]:
    """``slug``, ``slug-2``, ``slug-3`` …"""
    yield slug
    for number in itertools.count(2):
        yield f"{slug}-{number}"


def _usable(folder: Path, name: str, taken: set[str], prefix: str, docs: Path) -> bool:
    """Whether an item file ``folder/name`` would be new and own its address."""
    rel = f"{prefix}{name}"
    if name in NOT_ITEMS or name.lower() in ("index.md", "readme.md"):
        return False
    return not (rel in taken or (folder / name).exists() or _docs_page_at(docs, rel))


def free_stem(
    folder: Path, slug: str, taken: set[str], prefix: str, docs: Path, files: Callable[[str], list[str]]
) -> str:
    """The first of ``slug``, ``slug-2`` … free for an item and for the ``files(stem)`` beside it."""
    for stem in _stems(slug):
        if _usable(folder, f"{stem}.md", taken, prefix, docs) and not any(
            (folder / f).exists() for f in files(stem)
        ):
            return stem
    raise AssertionError("unreachable")  # pragma: no cover - _stems never ends


def _temp_file(folder: Path, data: bytes) -> Path:
    """``data`` in a new temporary file of ``folder``, on disk."""
    handle, temp_name = tempfile.mkstemp(dir=folder, prefix=".opengov-new-", suffix=".tmp")
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
    return Path(temp_name)


def _place(temp: Path, target: Path) -> bool:
    """Give the finished ``temp`` the name ``target`` unless that exists; True when it did."""
    try:
        os.link(temp, target)  # atomic and refuses to replace an existing file
    except FileExistsError:
        return False
    except OSError:  # no hard links here (some network or FAT file systems)
        if target.exists():
            return False
        os.replace(temp, target)
    return True


def write_file_new(target: Path, data: bytes) -> bool:
    """Write ``data`` to ``target`` whole or not at all, never replacing a file; False when it exists."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = _temp_file(target.parent, data)
    try:
        return _place(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def write_new(folder: Path, slug: str, text: str, taken: set[str], prefix: str, docs: Path) -> Path:
    """Write ``text`` to ``folder/<slug>[-n].md`` atomically, never replacing a file."""
    folder.mkdir(parents=True, exist_ok=True)
    temp = _temp_file(folder, text.encode("utf-8"))
    try:
        for stem in _stems(slug):
            name = f"{stem}.md"
            if _usable(folder, name, taken, prefix, docs) and _place(temp, folder / name):
                return folder / name
    finally:
        temp.unlink(missing_ok=True)
    raise AssertionError("unreachable")  # pragma: no cover - _stems never ends


def _load(settings: Settings, cache: ParseCache | None = None) -> Portal:
    return load_portal(load_options(settings), cache=cache)


def _portal_lock(settings: Settings) -> BuildLock:
    """The build lock (core/buildlock.py): numbers are read and written by one command at a time."""
    return BuildLock(
        settings.root / settings.cache_dir,
        on_wait=lambda: print("opengov: 另一次构建或新建正在进行，等待其完成……", file=sys.stderr, flush=True),
    )


def cmd_new(args: argparse.Namespace) -> int:
    settings = read_settings(args.config_file)
    cache = ParseCache()
    portal = _load(settings, cache)
    catalog = portal.catalog
    catalog_errors = [
        f
        for f in portal.errors
        if f.path == catalog.path or (f.code == "bad-catalog" and not f.path.endswith(".md"))
    ]
    if catalog_errors:
        for finding in catalog_errors:
            print(finding.format())
        print(f"目录文件 {catalog.path} 有错误，请先改正再新建条目。", file=sys.stderr)
        return EXIT_FAILED
    interactive = sys.stdin.isatty()
    try:
        answers = gather(args, catalog, interactive)
    except UsageError as exc:
        print(f"opengov new: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except Cancelled:
        print("\n已取消，未写入任何文件。", file=sys.stderr)
        return EXIT_USAGE
    if not catalog.code_for(answers.publisher):
        print(
            f"提示：{catalog.path} 没有 organization.code（机关代码），索引号将不含代码。请尽快补上",
            file=sys.stderr,
        )
    year = answers.date.astimezone(BEIJING).year
    content = settings.root / settings.content_dir
    folder = content / answers.column / str(year)
    prefix = f"{answers.column}/{year}/"
    slug = make_slug(answers.title, answers.doc_number)
    with _portal_lock(settings):
        # Read again under the lock: another `opengov new` may have taken the next number meanwhile.
        portal = _load(settings, cache)
        index_no = next_index_no(portal, answers.publisher, answers.date)
        target = write_new(
            folder,
            slug,
            render(answers, index_no),
            _taken_paths(portal),
            prefix,
            settings.root / settings.docs_dir,
        )
    shown = target.relative_to(settings.root).as_posix()
    print(shown)
    notes = [f"已新建 {shown}（索引号 {index_no}）。请打开文件填写正文"]
    if answers.date > portal.moment:
        notes.append(f"发布日期 {answers.date.date().isoformat()} 晚于今天，到期后的第一次构建才会发布")
    if answers.doc_type in POLICY_DOC_TYPES:
        notes.append("这是政策文件，请同时发布政策解读（解读对象 interprets 指向本条）")
    print("；".join(notes) + "。", file=sys.stderr)
    return EXIT_OK
