"""``opengov new --from FILE.docx``: a Word 红头文件 becomes a disclosure item.

From the document (:mod:`opengov.documents`): the title (not the banner line above it),
the 文号, the 成文日期 of the signature block, the 发布机构 (the signing organisation
matched to the catalog's departments by name) and the body as Markdown. Its embedded
images are saved beside the item and linked; the files its 附件 list names, when they lie
beside the .docx (named as listed, or 附件1…), become the item's ``attachments``; the
.docx itself is kept as an attachment unless ``--no-original``.

What the document does not tell is asked for in a terminal; elsewhere it is written as a
commented prompt, with a warning: nothing is guessed (no 成文日期 is ever invented). The
发布日期 is the day of publication, today unless ``--date`` says otherwise, as for
``opengov new``. Every file is written whole or not at all, and nothing is written when any
step fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..core.dates import DateError, beijing_today, parse_date
from ..core.indexno import next_index_no
from ..core.loader import ParseCache
from ..core.model import BEIJING, Catalog
from ..core.vocabulary import EXIT_FAILED, EXIT_OK, EXIT_USAGE, POLICY_DOC_TYPES
from ..documents.docx_blocks import DocumentError, Image, read_docx
from ..documents.markdown import to_markdown
from ..documents.redhead import RedHead, read_parts
from ..settings import read_settings
from .new import (
    WRITTEN_PROMPT,
    Answers,
    Cancelled,
    UsageError,
    _ask,
    _choose,
    _column_choices,
    _find_column,
    _find_publisher,
    _load,
    _parse_doc_type,
    _portal_lock,
    _publisher_choices,
    _taken_paths,
    dump_front,
    free_stem,
    front_matter,
    make_slug,
    write_file_new,
    write_new,
)

TITLE_PROMPT = "# 标题是文件的标题（关于……的通知）：填写后删去下一行行首的“# ”\n# 标题: \n"
DOC_NUMBER_PROMPT = "# 文件有文号的，填写后删去下一行行首的“# ”；没有文号的，删去这两行\n# 文号: \n"


@dataclass
class Conversion:
    """What the document gives, and what must be asked or left to the editor."""

    parts: RedHead
    body: str
    images: list[tuple[str, bytes]] = field(default_factory=list)  # (file name, data)
    attachments: list[tuple[str, Path]] = field(default_factory=list)  # (title, file beside the .docx)
    unmatched: list[str] = field(default_factory=list)  # 附件 names without a file


def _key(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", unicodedata.normalize("NFKC", text))


def find_attachment_files(source: Path, names: list[str]) -> list[Path | None]:
    """For each name of the 附件 list, the file beside ``source`` that holds it: named as listed
    (any extension), or 附件1 / 附件1-名称 / 附件1：名称 …; None when there is none."""
    files = [
        p
        for p in sorted(source.parent.iterdir())
        if p.is_file() and p != source and not p.name.startswith(".")
    ]
    found: list[Path | None] = []
    for number, name in enumerate(names, 1):
        want = _key(name)
        match = next((p for p in files if _key(p.stem) == want), None)
        if match is None:
            numbered = re.compile(rf"^附件{number}(?!\d)")
            match = next((p for p in files if numbered.match(_key(p.stem))), None)
        found.append(match)
    return found


def convert(source: Path, stem: str) -> Conversion:
    """Read the document; images get the names ``<stem>-<n>.<ext>``. Raises DocumentError."""
    parts = read_parts(read_docx(source))
    images: list[tuple[str, bytes]] = []

    def image_name(image: Image) -> str:
        name = f"{stem}-{len(images) + 1}{image.suffix}"
        images.append((name, image.data))
        return name

    files = find_attachment_files(source, parts.attachments)
    conversion = Conversion(parts, "", images)
    for name, path in zip(parts.attachments, files, strict=True):
        if path is None:
            conversion.unmatched.append(name)
        else:
            conversion.attachments.append((name, path))
    body = to_markdown(parts.body, image_name)
    if conversion.unmatched:
        # The list stays in the text, so nothing the document says is lost.
        listed = "\n".join(f"{n}. {name}" for n, name in enumerate(parts.attachments, 1))
        body += f"\n附件：\n\n{listed}\n"
    conversion.body = body
    return conversion


def _attachment_file_names(stem: str, conversion: Conversion, original: Path | None) -> list[str]:
    names = [name for name, _data in conversion.images]
    names += [
        f"{stem}-fj{n}{path.suffix.lower()}" for n, (_title, path) in enumerate(conversion.attachments, 1)
    ]
    if original is not None:
        names.append(f"{stem}{original.suffix.lower()}")
    return names


def _ask_or_none(prompt: str, interactive: bool) -> str | None:
    return (_ask(prompt).strip() or None) if interactive else None


def _settle(args: argparse.Namespace, catalog: Catalog, parts: RedHead, interactive: bool) -> Answers:
    """Column and publisher (flags, the signature, or the editor), title, dates, type."""
    columns, publishers = _column_choices(catalog), _publisher_choices(catalog)
    column = _find_column(catalog, args.column) if args.column else None
    if args.column and column is None:
        raise UsageError(f"栏目“{args.column}”不在 {catalog.path} 中")
    publisher = _find_publisher(catalog, args.publisher) if args.publisher else None
    if args.publisher and publisher is None:
        raise UsageError(f"发布机构“{args.publisher}”不在 {catalog.path} 中。请写 id 或完整名称")
    if publisher is None:
        signed = [catalog.department_signed(name) for name in parts.signers]
        publisher = next((d.id for d in signed if d is not None), None)
    missing = [flag for flag, value in (("--column", column), ("--publisher", publisher)) if value is None]
    if missing and not interactive:
        signers = "、".join(parts.signers) or "没有落款"
        raise UsageError(
            f"请用 {'、'.join(missing)} 给出栏目和发布机构（文件落款：{signers}，目录中没有同名的部门）"
        )
    if column is None:
        print("栏目：", file=sys.stderr)
        column = _choose("请选择栏目", columns, lambda a: _find_column(catalog, a))
    if publisher is None:
        print(f"发布机构（文件落款：{'、'.join(parts.signers) or '没有落款'}）：", file=sys.stderr)
        publisher = _choose("请选择发布机构", publishers, lambda a: _find_publisher(catalog, a))
    if parts.title is None:
        parts.title = _ask_or_none("文件中没有找到标题，请输入标题（直接回车则留待填写）：", interactive)
    if parts.doc_number is None:
        parts.doc_number = _ask_or_none("文件中没有找到文号，请输入文号（没有请直接回车）：", interactive)
    while parts.written is None and interactive:
        answer = _ask("文件中没有找到成文日期，请输入落款日期（如 2017-07-27；不知道请直接回车）：").strip()
        if not answer:
            break
        try:
            parts.written = parse_date(answer).date()
        except DateError as exc:
            print(f"  {exc}", file=sys.stderr)
    date = dt.datetime.combine(beijing_today(), dt.time(), tzinfo=BEIJING)
    if args.date is not None:
        try:
            date = parse_date(args.date)
        except DateError as exc:
            raise UsageError(f"发布日期（--date）：{exc}") from None
    doc_type = "other"
    if args.doc_type is not None:
        doc_type = _parse_doc_type(args.doc_type) or ""
        if not doc_type:
            raise UsageError(f"文件类型（--doc-type）“{args.doc_type}”无效")
    return Answers(column, publisher, parts.title or "", date, parts.doc_number, doc_type)


def render_item(
    answers: Answers, index_no: str, written: dt.date | None, attachments: list[dict[str, str]], body: str
) -> str:
    """The item's text: front matter with commented prompts where the document said nothing."""
    dumped = dump_front(front_matter(answers, index_no, written, attachments))
    prompts = (TITLE_PROMPT if not answers.title else "") + (
        DOC_NUMBER_PROMPT if not answers.doc_number else ""
    )
    prompts += WRITTEN_PROMPT if written is None else ""
    return f"---\n{dumped}{prompts}---\n\n{body}"


def cmd_new_from(args: argparse.Namespace) -> int:
    settings = read_settings(args.config_file)
    source = Path(args.from_file)
    if source.suffix.lower() != ".docx" or not source.is_file():
        what = (
            "不存在"
            if not source.exists()
            else "不是 .docx 文件（旧版 .doc 或 .wps 请先用 Word 或 WPS 另存为 .docx）"
        )
        print(f"opengov new: {source} {what}", file=sys.stderr)
        return EXIT_USAGE
    cache = ParseCache()
    portal = _load(settings, cache)
    if any(f.path == portal.catalog.path for f in portal.errors):
        print(f"目录文件 {portal.catalog.path} 有错误，请先改正再新建条目。", file=sys.stderr)
        return EXIT_FAILED
    try:
        parts = read_parts(read_docx(source))
        if args.title:
            parts.title = args.title.strip() or None
        if args.doc_number:
            parts.doc_number = args.doc_number.strip() or None
        answers = _settle(args, portal.catalog, parts, sys.stdin.isatty())
    except (DocumentError, UsageError) as exc:
        print(f"opengov new: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except Cancelled:
        print("\n已取消，未写入任何文件。", file=sys.stderr)
        return EXIT_USAGE
    year = answers.date.astimezone(BEIJING).year
    folder = settings.root / settings.content_dir / answers.column / str(year)
    prefix = f"{answers.column}/{year}/"
    docs = settings.root / settings.docs_dir
    original = None if args.no_original else source
    with _portal_lock(settings):
        portal = _load(settings, cache)
        taken = _taken_paths(portal)
        slug = make_slug(answers.title or source.stem, answers.doc_number)
        # The names of the files beside the item depend on its name: first find one free for all.
        probe = convert(source, slug)
        stem = free_stem(
            folder, slug, taken, prefix, docs, lambda s: _attachment_file_names(s, probe, original)
        )
        conversion = convert(source, stem) if stem != slug else probe
        index_no = next_index_no(portal, answers.publisher, answers.date)
        conversion.parts = parts  # with what the flags and the editor gave
        target = _write_all(folder, stem, answers, index_no, conversion, original, taken, prefix, docs)
    _report(settings.root, target, index_no, answers, conversion)
    return EXIT_OK


def _write_all(
    folder: Path,
    stem: str,
    answers: Answers,
    index_no: str,
    conversion: Conversion,
    original: Path | None,
    taken: set[str],
    prefix: str,
    docs: Path,
) -> Path:
    """Images, attachments, the original, then the item; on any failure, none of them."""
    files: list[tuple[str, bytes]] = list(conversion.images)
    entries: list[dict[str, str]] = []
    names = _attachment_file_names(stem, conversion, original)[len(conversion.images) :]
    sources = [path for _title, path in conversion.attachments] + ([original] if original else [])
    titles = [title for title, _path in conversion.attachments] + (
        [f"{answers.title or '文件'}（原文）"] if original else []
    )
    for name, path, title in zip(names, sources, titles, strict=True):
        files.append((name, path.read_bytes()))
        entries.append({"path": name, "title": title})
    written_files: list[Path] = []
    try:
        for name, data in files:
            if not write_file_new(folder / name, data):
                raise UsageError(f"{folder / name} 已经存在，没有覆盖它")
            written_files.append(folder / name)
        text = render_item(answers, index_no, conversion.parts.written, entries, conversion.body)
        return write_new(folder, stem, text, taken, prefix, docs)
    except BaseException:
        for path in written_files:
            path.unlink(missing_ok=True)
        raise


def _report(root: Path, target: Path, index_no: str, answers: Answers, conversion: Conversion) -> None:
    shown = target.relative_to(root).as_posix()
    print(shown)
    notes = [f"已新建 {shown}（索引号 {index_no}）"]
    warnings = []
    if not answers.title:
        warnings.append("文件中没有找到标题：请在文件开头填写“标题”，否则构建会报告 missing-key 错误")
    if not answers.doc_number:
        warnings.append("文件中没有找到文号：有文号的请填写")
    if conversion.parts.written is None:
        warnings.append("文件中没有找到成文日期（落款日期）：请填写，没有成文日期就无法检查是否按时公开")
    if conversion.unmatched:
        listed = "、".join(conversion.unmatched)
        warnings.append(
            f"附件“{listed}”没有找到对应的文件：请把附件放在 .docx 旁边（按附件名称或“附件1”命名）后重新导入，或手工添加"
        )
    if answers.doc_type in POLICY_DOC_TYPES:
        notes.append("这是政策文件，请同时发布政策解读")
    print("；".join(notes) + "。", file=sys.stderr)
    for warning in warnings:
        print(f"警告：{warning}。", file=sys.stderr)
