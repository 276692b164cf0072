"""Stage 2 of the pipeline (read → **resolve** → publish → checks → plan → outputs).

Each item's references become canonical: its columns and publisher are the catalog's ids,
``interprets`` / ``replaced_by`` / ``aliases`` are content paths, attachments are files with
sizes and types, and its body's links are sorted into links to items, files the site may
carry, and site addresses (judged once every address is known, in ``checks/links.py``).
A reference that leads nowhere is a finding here. Items are new copies: the parse cache
keeps what each file said.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from .derived import Memos, derived
from .findings import Findings
from .links import Link, body_links, resolve
from .model import Attachment, Catalog, Item
from .paths import bad_name, bad_name_message, real_inside
from .vocabulary import attachment_mime


@dataclass(frozen=True)
class BodyLink:
    """A body link to another item (``path``) or to a file under content/ (``path``)."""

    path: str
    line: int
    target: str  # as written


@dataclass
class ItemRefs:
    """What one item's body leads to, once resolved."""

    items: list[BodyLink] = field(default_factory=list)  # other items
    files: list[str] = field(default_factory=list)  # files under content/ the site may carry
    site_links: list[Link] = field(default_factory=list)  # written as site addresses (/fiscal/…)


@dataclass
class Resolution:
    items: dict[str, Item]  # by path, in the order read
    refs: dict[str, ItemRefs]  # by item path
    findings: Findings


@dataclass(frozen=True)
class Tree:
    """Where references may lead: the content folder, the docs folder and the files in it."""

    content_dir: str  # relative to the portal root
    content: Path
    docs_dir: Path
    docs_rel: str
    docs_files: frozenset[str]
    memos: Memos = field(default_factory=dict)  # per-item results kept by a cache (core/derived.py)

    @property
    def roots(self) -> tuple[Path, Path]:
        return (self.content, self.docs_dir)


def resolve_items(items: dict[str, Item], catalog: Catalog, catalog_failed: bool, tree: Tree) -> Resolution:
    found = Findings()
    resolved: dict[str, Item] = {}
    refs: dict[str, ItemRefs] = {}
    for path, item in items.items():
        resolved[path], refs[path] = _resolve_item(item, items, catalog, catalog_failed, tree, found)
    return Resolution(resolved, refs, found)


def _resolve_item(
    item: Item, items: dict[str, Item], catalog: Catalog, catalog_failed: bool, tree: Tree, found: Findings
) -> tuple[Item, ItemRefs]:
    _check_columns(item, catalog, catalog_failed, found)
    item_refs = ItemRefs()
    resolved = replace(
        item,
        publisher=_publisher(item, catalog, catalog_failed, found),
        interprets=_item_ref(item, items, "interprets", "解读对象", found),
        replaced_by=_item_ref(item, items, "replaced_by", "替代文件", found),
        aliases=_aliases(item, found),
        old_urls=_old_urls(item, found),
        attachments=_attachments(item, tree, found),
    )
    item_refs.files = [attachment.path for attachment in resolved.attachments]
    _body(item, items, tree, item_refs, found)
    return resolved, item_refs


def _check_columns(item: Item, catalog: Catalog, catalog_failed: bool, found: Findings) -> None:
    for index, column in enumerate(item.columns):
        # A catalog that could not be read has no columns: its own finding says why, not one per item.
        if column in catalog.columns or (catalog_failed and not catalog.columns):
            continue
        close = difflib.get_close_matches(column, list(catalog.columns), n=1)
        hint = f"是不是“{close[0]}”？" if close else ""
        known = "、".join(catalog.columns) or "（目录里还没有栏目）"
        found.error(
            item.source,
            item.line_of(f"category.{index}"),
            "unknown-column",
            f"栏目“{column}”不在 {catalog.path} 中。{hint}已有的栏目：{known}",
        )


def _publisher(item: Item, catalog: Catalog, catalog_failed: bool, found: Findings) -> str | None:
    """The department's id, written as its id or its full name."""
    if not item.publisher:
        return item.publisher
    dept = catalog.department(item.publisher)
    if dept is not None:
        return dept.id
    if not (catalog_failed and not catalog.departments):
        names = {d.name: d.id for d in catalog.departments.values()}
        close = difflib.get_close_matches(
            item.publisher, list(names) + list(catalog.departments), n=1, cutoff=0.3
        )
        hint = f"最接近的是“{close[0]}”。" if close else ""
        found.error(
            item.source,
            item.line_of("publisher"),
            "unknown-department",
            f"发布机构“{item.publisher}”不在 {catalog.path} 中。{hint}请写发布机构的 id 或完整名称",
        )
    return None


def _item_ref(item: Item, items: dict[str, Item], key: str, label: str, found: Findings) -> str | None:
    """A path relative to content/ with ``.md`` naming another item; kept as written when it does not."""
    target: str | None = getattr(item, key)
    if not target:
        return target
    norm = posixpath.normpath(target.strip())
    if norm in items:
        return norm
    hint = "（路径相对于 content/ 文件夹，带 .md，例如 policy/2025/notice.md）"
    found.error(item.source, item.line_of(key), "broken-link", f"{label}“{target}”找不到对应条目{hint}")
    return target


def _aliases(item: Item, found: Findings) -> list[str]:
    aliases = list(item.aliases)
    for index, alias in enumerate(item.aliases):
        norm = posixpath.normpath(alias.strip())
        line = item.line_of(f"aliases.{index}")
        if not norm.endswith(".md") or norm.startswith("../"):
            message = (
                f"旧地址“{alias}”应当是以前的文件路径，相对于 content/，带 .md（例如 fiscal/old-name.md）"
            )
            found.error(item.source, line, "bad-value", message)
        elif norm == item.path:
            found.error(
                item.source,
                line,
                "url-conflict",
                f"旧地址“{alias}”就是本条目自己的路径，旧地址的跳转页会占掉本条目的网址。请删除这一行",
            )
        else:
            aliases[index] = norm
    return aliases


_OLD_URL_BAD = re.compile(r"[?#\\\s\x00-\x1f\x7f]")


def _old_urls(item: Item, found: Findings) -> list[str]:
    """A former portal's addresses: absolute paths on this site; a full address loses its host."""
    urls: list[str] = []
    for index, raw in enumerate(item.old_urls):
        line = item.line_of(f"old_urls.{index}")
        url = re.sub(r"^https?://[^/]+", "", raw.strip(), flags=re.IGNORECASE)
        segments = url.split("/")
        if (
            not url.startswith("/")
            or url == "/"
            or "" in segments[1:-1]
            or any(s in (".", "..") for s in segments)
        ):
            found.error(
                item.source,
                line,
                "bad-value",
                f"旧网址“{raw}”应当是以前门户上的地址，以 / 开头，例如 /art/2017/7/27/art_1234_56789.html 或 /col/col12/",
            )
        elif _OLD_URL_BAD.search(url):
            found.error(
                item.source,
                line,
                "bad-path",
                f"旧网址“{raw}”含有 ?、#、\\、空格或控制字符：静态网站无法在这样的地址上放跳转页。请只写路径部分",
            )
        else:
            urls.append(url)
    return urls


def _attachments(item: Item, tree: Tree, found: Findings) -> list[Attachment]:
    """The attachments that are files under content/ the site may carry (the rest are findings)."""
    content_prefix = tree.content_dir + "/"
    resolved: list[Attachment] = []
    for attachment in item.attachments:
        target = resolve(item.source, attachment.path)
        if not target.startswith(content_prefix):
            found.error(
                item.source,
                attachment.line,
                "broken-link",
                f"附件“{attachment.path}”在 {tree.content_dir}/ 文件夹之外。请把附件放在条目旁边",
            )
            continue
        path = target[len(content_prefix) :]
        file = tree.content / path
        if not file.is_file():
            found.error(
                item.source,
                attachment.line,
                "missing-attachment",
                f"找不到附件“{attachment.path}”（应在 {posixpath.dirname(item.source)}/ 下）。请检查文件名和大小写",
            )
            continue
        if not file_ok(item, attachment.line, "附件", attachment.path, file, tree.roots, found):
            continue
        resolved.append(
            replace(attachment, path=path, size=file.stat().st_size, mime=attachment_mime(file.name))
        )
    return resolved


def _body(item: Item, items: dict[str, Item], tree: Tree, refs: ItemRefs, found: Findings) -> None:
    content_prefix = tree.content_dir + "/"
    docs_rel = tree.docs_rel
    rows = derived(
        tree.memos, item, "links", lambda: [[k.target, k.line] for k in body_links(item.body, item.body_line)]
    )
    for link in (Link(target, line) for target, line in rows):
        target = link.target
        if target.startswith("/"):
            refs.site_links.append(link)  # judged once every address is known
            continue
        full = resolve(item.source, target)
        if full.startswith(content_prefix):
            _content_link(item, items, tree, link, full[len(content_prefix) :], refs, found)
        elif docs_rel and full.startswith(docs_rel + "/"):
            if full[len(docs_rel) + 1 :] not in tree.docs_files:
                _broken(found, item, link, f"链接“{target}”指向的页面不存在于 {docs_rel}/")
        else:
            where = f"{tree.content_dir}/ 和 {docs_rel}/ 之外"
            _broken(found, item, link, f"链接“{target}”指向 {where}，网站上不会有这个文件")


def _content_link(
    item: Item, items: dict[str, Item], tree: Tree, link: Link, path: str, refs: ItemRefs, found: Findings
) -> None:
    target, file = link.target, tree.content / path
    if path in items:
        refs.items.append(BodyLink(path, link.line, target))
    elif file.is_file() and not path.endswith(".md"):
        if file_ok(item, link.line, "链接的文件", target, file, tree.roots, found):
            refs.files.append(path)
    elif file.is_dir() and any(p.startswith(path.rstrip("/") + "/") for p in items):
        _broken(found, item, link, f"链接“{target}”指向文件夹。请链接到具体的 .md 条目文件")
    else:
        _broken(found, item, link, f"链接“{target}”指向的文件不存在。请检查路径（相对于本文件）")


def _broken(found: Findings, item: Item, link: Link, message: str) -> None:
    found.error(item.source, link.line, "broken-link", message)


def file_ok(
    item: Item, line: int, what: str, written: str, file: Path, roots: tuple[Path, ...], found: Findings
) -> bool:
    """A referenced file the site may carry: really inside the portal, with a name that makes an address."""
    if not real_inside(file, roots):
        found.error(
            item.source,
            line,
            "broken-link",
            f"{what}“{written}”是快捷方式（符号链接），实际指向 content/ 和 docs/ 之外，网站不能公开它。"
            "请把文件本身复制到条目旁边",
        )
        return False
    chars = bad_name(written)
    if chars:
        found.error(item.source, line, "bad-path", bad_name_message(what, written, chars))
        return False
    return True
