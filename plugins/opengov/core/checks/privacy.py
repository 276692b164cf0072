"""The privacy guard on what is published (CONTRACT §5): items, carried files, docs pages, catalog."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from ..derived import derived
from ..findings import Findings
from ..frontmatter import encoding_problem
from ..model import Item, Portal
from ..privacy import KIND_NAMES, UnreadableAttachment, masked, scan_file, scan_markdown, scan_text
from ..privacy_pages import scan_front_matter, scan_page, scan_yaml_values
from ..publish import Carried
from ..resolve import Tree
from ..yamlpos import YamlError, compose


def check_privacy(portal: Portal, carried: Carried, content: Path) -> Findings:
    """Published items (front matter, body, file name) and every file the site carries."""
    found = Findings()
    for item in portal.published:
        # The item's file alone decides these: a build cache keeps them (core/derived.py).
        for line, code, message in derived(portal.derived, item, "privacy", partial(_item_hits, item)):
            found.error(item.source, line, code, message)
    # Every text-bearing file the site will carry, attachment or linked: 公示 lists live there.
    for path in sorted(carried.paths):
        referrers = [portal.items[p] for p in carried.referrers.get(path, [])]
        allow = [entry for referrer in referrers for entry in referrer.pii_allow]
        source = f"{portal.content_dir}/{path}"
        for hit in scan_text(path, allow):
            message = _pii_message(hit.code, hit.text, "附件的文件名", in_name=True)
            found.error(source, 1, hit.code, message)
        try:
            file_hits = scan_file(content / path, allow)
        except UnreadableAttachment as exc:
            found.extend(_unchecked(referrers, path, source, exc.reason))
            continue
        owners = "、".join(r.source for r in referrers)
        for hit in file_hits:
            # CONTRACT §5: an attachment problem is reported at its own line or row.
            where = f"附件“{path}”{hit.where or f'第 {hit.line} 行'}（{owners} 引用）"
            found.error(source, hit.line, hit.code, _pii_message(hit.code, hit.text, where))
    return found


def _item_hits(item: Item) -> list[list[object]]:
    """(line, code, message) of each personal number in an item's front matter, body and file name."""
    allow = item.pii_allow
    rows: list[list[object]] = []
    # Front matter as written and as parsed (YAML escapes); the body as written and as read.
    hits = [(h, h.line) for h in scan_front_matter(item.front_matter_text, allow)]
    hits += [(h, item.body_line - 1 + h.line) for h in scan_markdown(item.body, allow)]
    for hit, line in hits:
        rows.append([line, hit.code, _pii_message(hit.code, hit.text, "本条目")])
    # The file name becomes the page's address, where a number would stay after the text is fixed
    # (old addresses too: each gets a page).
    for hit in scan_text(item.path, allow):
        rows.append([1, hit.code, _pii_message(hit.code, hit.text, "文件名", in_name=True)])
    return rows


# Pages MkDocs renders and text files it copies as they are (read as a browser shows them).
_DOCS_TEXTS = (".md", ".html", ".htm", ".txt")


def check_published_texts(portal: Portal, tree: Tree) -> Findings:
    """Docs pages and the catalog's texts are published too (CONTRACT §5)."""
    found = Findings()
    root, docs_dir, docs_rel, docs_files = Path(portal.root), tree.docs_dir, tree.docs_rel, tree.docs_files
    for path in sorted(docs_files):
        if not path.lower().endswith(_DOCS_TEXTS):
            continue
        raw = (docs_dir / path).read_bytes()
        if encoding_problem(raw):
            continue  # reported by docs_tree.read_docs_tree
        text = raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
        source = f"{docs_rel}/{path}"
        for hit in scan_page(text):
            message = _pii_message(hit.code, hit.text, "本页面", page=True)
            found.error(source, hit.line, hit.code, message)
    catalog = root / portal.catalog.path
    try:
        node = compose(catalog.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, YamlError):
        return found  # the catalog's own findings say why
    for hit in scan_yaml_values(node, (), line_offset=0):
        message = _pii_message(hit.code, hit.text, "目录文件", catalog=True)
        found.error(portal.catalog.path, hit.line, hit.code, message)
    return found


def _unchecked(referrers: list[Item], path: str, source: str, reason: str) -> Findings:
    """A copied file the guard cannot read (CONTRACT §5): an error at each attachment entry
    not marked ``reviewed``; a file only linked from a body has no entry, so at the file."""
    message = (
        f"附件“{path}”无法做隐私检查：{reason}。请改传能读取文字的文件（如带文字层的 PDF、DOCX、XLSX、CSV）；"
        "或由专人逐页核查确无个人信息后，在该附件条目中写上“已核查: 是”（reviewed: true）"
    )
    found = Findings()
    at_entries = False
    for referrer in referrers:
        for attachment in referrer.attachments:
            if attachment.path == path:
                at_entries = True
                if not attachment.reviewed:
                    found.error(referrer.source, attachment.line, "unchecked-attachment", message)
    linked_only = [r for r in referrers if all(a.path != path for a in r.attachments)]
    if linked_only or not at_entries:
        found.error(source, 1, "unchecked-attachment", message)
    return found


def _pii_message(
    code: str, text: str, where: str, in_name: bool = False, page: bool = False, catalog: bool = False
) -> str:
    shown = masked(text)
    found = f"{where}含有疑似{KIND_NAMES.get(code, '个人信息')}“{shown}”，"
    if in_name:
        return found + "网址会把它公开。请给文件改名，不要用号码作文件名"
    hide = "公开前必须隐去。请用 * 替换其中至少 4 位数字"
    if catalog:
        return found + hide + "（目录里的栏目和部门文字会显示在网站每一页）"
    allow = "本页前言" if page else ""
    return found + hide + f"；确需公开的（如单位电话）请写进{allow}“允许公开信息”（pii_allow）"
