"""Rules that need the whole portal: columns, publishers, references, addresses, privacy.

Works on the items :mod:`frontmatter` parsed; resolves each into a copy so the
parse cache stays pristine, fills ``Portal.published`` (the one disclosure gate)
and appends findings.
"""

from __future__ import annotations

import difflib
import os
import posixpath
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from .frontmatter import encoding_problem, split_front_matter
from .links import Link, body_links, resolve
from .model import (
    Attachment,
    Finding,
    Item,
    Portal,
    page_count,
    passes_gate,
    relative_posix,
    sort_key,
    url_for_path,
)
from .options import DEFAULTS
from .paths import bad_name, bad_name_message, real_inside
from .privacy import KIND_NAMES, UnreadableAttachment, masked, scan_file, scan_markdown, scan_text
from .privacy_pages import scan_front_matter, scan_page, scan_yaml_values
from .sanitize import unsafe_html
from .vocabulary import LAPSED_VALIDITIES, RESERVED_IDS, attachment_mime
from .yamlpos import YamlError, compose


class _Sink:
    def __init__(self, portal: Portal) -> None:
        self.portal = portal
        path = portal.catalog.path
        self.catalog_failed = any(f.path == path and f.severity == "error" for f in portal.findings)

    def error(self, item: Item, line: int, code: str, message: str) -> None:
        self.portal.findings.append(Finding(item.source, line, "error", code, message))

    def warning(self, item: Item, line: int, code: str, message: str) -> None:
        self.portal.findings.append(Finding(item.source, line, "warning", code, message))


def validate_portal(
    portal: Portal, docs_dir: Path, page_size: int = DEFAULTS.page_size, site_url: str | None = None
) -> None:
    sink = _Sink(portal)
    root = Path(portal.root)
    content = root / portal.content_dir
    # Resolve into copies: the parse cache keeps what the file said.
    portal.items = {
        path: replace(item, attachments=list(item.attachments)) for path, item in portal.items.items()
    }
    for item in portal.items.values():
        _check_own(sink, portal, item)
    published = sorted((i for i in portal.items.values() if passes_gate(i, portal.moment)), key=sort_key)
    portal.set_published(published)
    docs_rel = relative_posix(docs_dir, root)
    roots = (content, docs_dir)
    docs_files = _docs_files(portal, docs_dir, docs_rel, roots)
    _check_docs_encoding(portal, docs_dir, docs_rel, docs_files)
    site_links: list[tuple[Item, Link]] = []
    for item in portal.items.values():
        site_links += _check_references(sink, portal, item, roots, docs_rel, docs_files)
    _check_replacement_cycles(sink, portal)
    _check_index_numbers(sink, portal)
    owners = _check_addresses(sink, portal, docs_files, page_size, docs_rel)
    _check_site_links(sink, portal, site_links, owners, roots, urlsplit(site_url or "/").path or "/")
    _check_privacy(sink, portal, content)
    _check_published_texts(portal, root, docs_dir, docs_rel, docs_files)
    _check_unsafe_html(portal, docs_dir, docs_rel, docs_files)
    _relations(portal)
    _empty_columns(portal)


def _docs_files(portal: Portal, docs_dir: Path, docs_rel: str, roots: tuple[Path, ...]) -> set[str]:
    """Files MkDocs will copy from ``docs/``; a symlink out of the portal is an error, not a file.

    MkDocs follows symlinks when it copies, so ``docs/x -> /etc`` would publish the machine's files.
    """
    found: set[str] = set()
    if not docs_dir.is_dir():
        return found
    # The real folders above each walked one, to see a link lead back into them (a loop).
    chains = {str(docs_dir): (os.path.realpath(docs_dir),)}
    for folder, dirs, files in os.walk(docs_dir, followlinks=True):
        base = Path(folder).relative_to(docs_dir).as_posix()
        prefix = "" if base == "." else base + "/"
        kept = []
        for name in sorted(d for d in dirs if not d.startswith(".")):
            full = os.path.join(folder, name)
            if os.path.islink(full) and not real_inside(full, roots):
                _outside_docs(portal, f"{docs_rel}/{prefix}{name}")
            elif os.path.islink(full) and _loops(full, chains[folder]):
                # MkDocs follows folder links and would walk this one for ever: stop before it does.
                _outside_docs(portal, f"{docs_rel}/{prefix}{name}", loop=True)
            else:
                kept.append(name)
                chains[full] = (*chains[folder], os.path.realpath(full))
        dirs[:] = kept
        for name in files:
            if os.path.islink(os.path.join(folder, name)) and not real_inside(
                os.path.join(folder, name), roots
            ):
                _outside_docs(portal, f"{docs_rel}/{prefix}{name}")
            else:
                found.add(prefix + name)
    return found


def _loops(link: str, above: tuple[str, ...]) -> bool:
    """A folder link to a folder it already sits in: walking it never ends."""
    real = os.path.realpath(link)
    return any(here == real or here.startswith(real + os.sep) for here in above)


def _outside_docs(portal: Portal, source: str, loop: bool = False) -> None:
    why = (
        "指向它自己所在的文件夹（或上级文件夹），构建会无限循环"
        if loop
        else "指向门户的 content/ 和 docs/ 之外（或已失效），构建会把它指向的文件公开到网站上"
    )
    message = f"“{source}”是快捷方式（符号链接），{why}。请删除这个链接，把需要公开的文件本身放进来"
    portal.findings.append(Finding(source, 1, "error", "broken-link", message))


def _check_docs_encoding(portal: Portal, docs_dir: Path, docs_rel: str, docs_files: set[str]) -> None:
    """MkDocs would stop on a page it cannot decode with a Python traceback: say it in Chinese."""
    for path in sorted(docs_files):
        if path.endswith(".md"):
            problem = encoding_problem((docs_dir / path).read_bytes())
            if problem:
                portal.findings.append(Finding(f"{docs_rel}/{path}", 1, "error", "bad-encoding", problem))


def _check_own(sink: _Sink, portal: Portal, item: Item) -> None:
    catalog = portal.catalog
    if not item.path.isascii():
        sink.warning(
            item,
            1,
            "non-ascii-path",
            "文件路径含有中文或全角字符，网址会很难看、也难以转发。建议改用拼音或英文文件名（改名后用“旧地址”保留原网址）",
        )
    # A catalog that could not be read has no columns or departments: its own finding says
    # why, not one more per item.
    catalog_failed = sink.catalog_failed
    for index, column in enumerate(item.columns):
        if column not in catalog.columns and not (catalog_failed and not catalog.columns):
            close = difflib.get_close_matches(column, list(catalog.columns), n=1)
            hint = f"是不是“{close[0]}”？" if close else ""
            known = "、".join(catalog.columns) or "（目录里还没有栏目）"
            sink.error(
                item,
                item.line_of(f"category.{index}"),
                "unknown-column",
                f"栏目“{column}”不在 {catalog.path} 中。{hint}已有的栏目：{known}",
            )
    if item.publisher:
        dept = catalog.department(item.publisher)
        if dept is None and catalog_failed and not catalog.departments:
            item.publisher = None
        elif dept is None:
            names = {d.name: d.id for d in catalog.departments.values()}
            close = difflib.get_close_matches(
                item.publisher, list(names) + list(catalog.departments), n=1, cutoff=0.3
            )
            hint = f"最接近的是“{close[0]}”。" if close else ""
            sink.error(
                item,
                item.line_of("publisher"),
                "unknown-department",
                f"发布机构“{item.publisher}”不在 {catalog.path} 中。{hint}请写发布机构的 id 或完整名称",
            )
            item.publisher = None
        else:
            item.publisher = dept.id
    if item.date and portal.moment < item.date:
        when = item.date.strftime("%Y-%m-%d %H:%M")
        sink.warning(
            item,
            item.line_of("date"),
            "scheduled",
            f"发布时间 {when}（北京时间）晚于本次构建的时间，本条暂不发布；{when} 及以后的第一次构建会自动发布",
        )
    if item.written and item.date and item.written.date() > item.date.date():
        sink.warning(
            item,
            item.line_of("written"),
            "written-after-date",
            "成文日期晚于发布日期，请核对两个日期是否写反",
        )
    if not item.index_no and item.lines and item.disclosure == "proactive" and not item.draft:
        sink.warning(
            item,
            item.line_of("index_no"),  # an empty 索引号: at its key; no key at all: line 1
            "missing-index-no",
            "缺少索引号。请用“opengov new”新建条目，或按目录规则补上索引号（构建不会自动编号）",
        )
    if item.repealed_on and item.validity not in LAPSED_VALIDITIES:
        sink.warning(
            item,
            item.line_of("repealed_on"),
            "repealed-but-effective",
            "写了废止日期，但有效性不是“废止”或“失效”，请核对",
        )


def _item_ref(
    sink: _Sink, portal: Portal, item: Item, key: str, target: str, line: int, label: str
) -> Item | None:
    """A path relative to content/ with ``.md`` naming another item."""
    norm = posixpath.normpath(target.strip()) if target else ""
    other = portal.items.get(norm)
    if other is None:
        hint = "（路径相对于 content/ 文件夹，带 .md，例如 policy/2025/notice.md）"
        sink.error(item, line, "broken-link", f"{label}“{target}”找不到对应条目{hint}")
        return None
    if portal.is_published(item.path) and not portal.is_published(other.path):
        sink.error(
            item,
            line,
            "link-to-unpublished",
            f"{label}“{target}”是未公开的条目（依申请公开、不予公开、草稿或尚未到发布日期），公开条目不能指向它",
        )
    return other


def _check_references(
    sink: _Sink, portal: Portal, item: Item, roots: tuple[Path, ...], docs_rel: str, docs_files: set[str]
) -> list[tuple[Item, Link]]:
    """Checks the item's references; returns its site-root links (/fiscal/…) for later."""
    content = roots[0]
    published = portal.is_published(item.path)
    site_links: list[tuple[Item, Link]] = []
    if item.interprets:
        target = _item_ref(
            sink, portal, item, "interprets", item.interprets, item.line_of("interprets"), "解读对象"
        )
        if target is not None:
            item.interprets = target.path
            if not target.is_policy:
                sink.warning(
                    item,
                    item.line_of("interprets"),
                    "interprets-non-policy",
                    "解读对象不是规章或行政规范性文件（文件类型为“其他”），请核对解读对象或对方的文件类型",
                )
    if item.replaced_by:
        target = _item_ref(
            sink, portal, item, "replaced_by", item.replaced_by, item.line_of("replaced_by"), "替代文件"
        )
        if target is not None:
            item.replaced_by = target.path
    for index, alias in enumerate(item.aliases):
        norm = posixpath.normpath(alias.strip())
        if not norm.endswith(".md") or norm.startswith("../"):
            sink.error(
                item,
                item.line_of(f"aliases.{index}"),
                "bad-value",
                f"旧地址“{alias}”应当是以前的文件路径，相对于 content/，带 .md（例如 fiscal/old-name.md）",
            )
            continue
        if norm == item.path:
            sink.error(
                item,
                item.line_of(f"aliases.{index}"),
                "url-conflict",
                f"旧地址“{alias}”就是本条目自己的路径，旧地址的跳转页会占掉本条目的网址。请删除这一行",
            )
            continue
        item.aliases[index] = norm
    content_prefix = portal.content_dir + "/"
    resolved: list[Attachment] = []
    for attachment in item.attachments:
        target = resolve(item.source, attachment.path)
        if not target.startswith(content_prefix):
            sink.error(
                item,
                attachment.line,
                "broken-link",
                f"附件“{attachment.path}”在 {portal.content_dir}/ 文件夹之外。请把附件放在条目旁边",
            )
            continue
        path = target[len(content_prefix) :]
        file = content / path
        if file.is_file() and not _file_ok(sink, item, attachment.line, "附件", attachment.path, file, roots):
            continue
        if not file.is_file():
            sink.error(
                item,
                attachment.line,
                "missing-attachment",
                f"找不到附件“{attachment.path}”（应在 {posixpath.dirname(item.source)}/ 下）。请检查文件名和大小写",
            )
            continue
        mime = attachment_mime(file.name)
        resolved.append(replace(attachment, path=path, size=file.stat().st_size, mime=mime))
        if published:
            _copy(portal, path, item)
    item.attachments = resolved
    for link in body_links(item.body, item.body_line):
        target = link.target
        if target.startswith("/"):
            site_links.append((item, link))  # checked once every address is known
            continue
        full = resolve(item.source, target)
        if full.startswith(content_prefix):
            path = full[len(content_prefix) :]
            if path in portal.items:
                if published and not portal.is_published(path):
                    sink.error(
                        item,
                        link.line,
                        "link-to-unpublished",
                        f"链接“{target}”指向未公开的条目，公开条目不能链接它。请删除链接或先公开对方",
                    )
            elif (content / path).is_file() and not path.endswith(".md"):
                if not _file_ok(sink, item, link.line, "链接的文件", target, content / path, roots):
                    continue
                if published:
                    _copy(portal, path, item)
            elif (content / path).is_dir() and any(
                p.startswith(path.rstrip("/") + "/") for p in portal.items
            ):
                sink.error(
                    item,
                    link.line,
                    "broken-link",
                    f"链接“{target}”指向文件夹。请链接到具体的 .md 条目文件",
                )
            else:
                sink.error(
                    item,
                    link.line,
                    "broken-link",
                    f"链接“{target}”指向的文件不存在。请检查路径（相对于本文件）",
                )
        elif docs_rel and full.startswith(docs_rel + "/"):
            path = full[len(docs_rel) + 1 :]
            if path not in docs_files:
                sink.error(item, link.line, "broken-link", f"链接“{target}”指向的页面不存在于 {docs_rel}/")
        else:
            sink.error(
                item,
                link.line,
                "broken-link",
                f"链接“{target}”指向 {portal.content_dir}/ 和 {docs_rel}/ 之外，网站上不会有这个文件",
            )
    return site_links


def _file_ok(
    sink: _Sink, item: Item, line: int, what: str, written: str, file: Path, roots: tuple[Path, ...]
) -> bool:
    """A referenced file the site may carry: really inside the portal, with a name that makes an address."""
    if not real_inside(file, roots):
        sink.error(
            item,
            line,
            "broken-link",
            f"{what}“{written}”是快捷方式（符号链接），实际指向 content/ 和 docs/ 之外，网站不能公开它。"
            "请把文件本身复制到条目旁边",
        )
        return False
    chars = bad_name(written)
    if chars:
        sink.error(item, line, "bad-path", bad_name_message(what, written, chars))
        return False
    return True


def _check_replacement_cycles(sink: _Sink, portal: Portal) -> None:
    """``replaced_by`` must lead to a current document: itself, or A→B→A, leads nowhere."""
    for item in portal.items.values():
        seen = [item.path]
        current = item.replaced_by
        while current is not None and current in portal.items and current not in seen:
            seen.append(current)
            current = portal.items[current].replaced_by
        if current is None or current not in seen:
            continue
        if current == item.path:
            chain = " → ".join(seen + [item.path]) if len(seen) > 1 else ""
            why = f"替代关系绕回了本条目（{chain}）" if chain else "替代文件就是本条目自己"
            sink.error(
                item,
                item.line_of("replaced_by"),
                "bad-value",
                f"{why}，读者找不到现行有效的文件。请把“替代文件”改为真正取代它的新文件，或删除这一行",
            )


def _check_site_links(
    sink: _Sink,
    portal: Portal,
    links: list[tuple[Item, Link]],
    owners: dict[str, str],
    roots: tuple[Path, ...],
    base_path: str,
) -> None:
    """Links written as site addresses (``/fiscal/2024/budget/``) must lead somewhere."""
    content = roots[0]
    base_path = base_path if base_path.endswith("/") else base_path + "/"
    by_url = {item.url: item for item in portal.items.values()}
    for item, link in links:
        target = link.target
        published = portal.is_published(item.path)
        # As a browser reads it: dot segments resolved (never above the root), index.html the page.
        rel = posixpath.normpath(target).lstrip("/")
        if rel and target.endswith("/"):
            rel += "/"
        base = base_path.lstrip("/")
        if not ("/" + rel).startswith("/" + base):
            continue  # another application on the same host (the portal lives under base_path)
        rel = rel[len(base) :]
        if rel == "index.html" or rel.endswith("/index.html"):
            rel = rel[: -len("index.html")]  # the page itself
        if not rel or rel.startswith(THEME_PREFIXES):
            continue  # the home page, or the theme's own files
        linked = by_url.get(rel) or by_url.get(rel + "/")
        if linked is not None:
            if published and not portal.is_published(linked.path):
                sink.error(
                    item,
                    link.line,
                    "link-to-unpublished",
                    f"链接“{target}”指向未公开的条目，公开条目不能链接它。请删除链接或先公开对方",
                )
            continue
        if rel in owners or rel + "/" in owners:
            continue  # a page, feed or file the site will have
        file = content / rel
        if not rel.endswith(".md") and file.is_file():
            if not _file_ok(sink, item, link.line, "链接的文件", target, file, roots):
                continue
            if published:
                _copy(portal, rel, item)
            continue
        sink.error(
            item,
            link.line,
            "broken-link",
            f"链接“{target}”指向的网址在本网站上不存在。请检查地址，或改用相对于本文件的路径",
        )


def _copy(portal: Portal, path: str, item: Item) -> None:
    portal.copied_files.add(path)
    referrers = portal.file_referrers.setdefault(path, [])
    if item.path not in referrers:
        referrers.append(item.path)


def _check_index_numbers(sink: _Sink, portal: Portal) -> None:
    owners: dict[str, list[Item]] = defaultdict(list)
    for item in portal.items.values():
        if item.index_no:
            owners[item.index_no].append(item)
    for number, group in owners.items():
        if len(group) < 2:
            continue
        for item in group:
            others = "、".join(o.source for o in group if o is not item)
            sink.error(
                item,
                item.line_of("index_no"),
                "duplicate-index-no",
                f"索引号“{number}”与 {others} 重复。每条信息的索引号必须唯一，请用“opengov new”重新取号",
            )


# Files the portal writes besides the pages (see CONTRACT §3 and MkDocs' own 404 page).
SITE_FILES = (
    "feeds.opml",
    "catalog.json",
    "catalog.csv",
    "catalog/rows.json",
    "sitemap.xml",
    "sitemap.xml.gz",
    "404.html",
)
FEED_FILES = ("rss.xml", "atom.xml")
# Site folders whose files the theme, the portal's assets and the search index write: which files
# is known only at build time (the theme's version, Pagefind's chunks), so no item may live there.
THEME_PREFIXES = ("assets/", "pagefind/", "stylesheets/", "javascripts/")


def _check_addresses(
    sink: _Sink, portal: Portal, docs_files: set[str], page_size: int, docs_rel: str = "docs"
) -> dict[str, str]:
    """Two things written at one address are ``url-conflict``."""
    owners: dict[str, str] = {}
    for reserved in RESERVED_IDS:
        owners[reserved + "/"] = "门户保留地址"
    for path in sorted(docs_files):
        if path.endswith(".md"):
            url = _docs_url(path)
            if url in owners:
                # A page in docs/ at one of the portal's own addresses (e.g. docs/catalog.md).
                portal.findings.append(
                    Finding(
                        f"{docs_rel}/{path}",
                        1,
                        "error",
                        "url-conflict",
                        f"这个页面的地址 /{url} 与{owners[url]}冲突，会被门户自动生成的页面覆盖。请给文件改名",
                    )
                )
                continue
            owners[url] = f"docs/{path}"
    for column in portal.catalog.columns.values():
        url = column.url
        if url in owners and owners[url].startswith("docs/"):
            portal.findings.append(
                Finding(
                    portal.catalog.path,
                    column.line,
                    "error",
                    "url-conflict",
                    f"栏目 id“{column.id}”与页面 {owners[url]} 的地址 /{url} 冲突。请换一个栏目 id",
                )
            )
        owners[url] = f"栏目“{column.id}”"
        pages = page_count(len(portal.column_items(column.id)), page_size)
        for number in range(2, pages + 1):
            owners[f"{column.id}/page/{number}/"] = f"栏目“{column.id}”的第 {number} 页"
    for dept in portal.catalog.departments.values():
        owners[dept.url] = f"发布机构“{dept.name}”的页面"
        pages = page_count(len(portal.department_items(dept.id)), page_size)
        for number in range(2, pages + 1):
            owners[f"{dept.url}page/{number}/"] = f"发布机构“{dept.name}”的第 {number} 页"
    # Files the portal writes: an item at <file>/ would need a folder where the file is.
    feed_folders = [""] + [c.url for c in portal.catalog.columns.values()]
    feed_folders += [d.url for d in portal.catalog.departments.values()]
    for folder in feed_folders:
        for name in FEED_FILES:
            owners[f"{folder}{name}/"] = f"订阅源（/{folder}{name}）"
    for name in SITE_FILES:
        owners[f"{name}/"] = f"门户自动生成的文件（/{name}）"
    for path in portal.copied_files:
        owners.setdefault(f"{path}/", f"附件（/{path}）")
    for path in docs_files:
        if not path.endswith(".md"):
            owners.setdefault(f"{path}/", f"文件（{docs_rel}/{path}）")
    items = sorted(portal.items.values(), key=lambda i: i.path)
    # Every item's own address first: an alias that lands on an item is the alias's fault.
    claims = [(item, item.url, 1, "本条目") for item in items] + [
        (item, url_for_path(alias), item.line_of(f"aliases.{i}"), f"旧地址“{alias}”")
        for item in items
        for i, alias in enumerate(item.aliases)
    ]
    column_at = {column.url: column for column in portal.catalog.columns.values()}
    for item, url, line, what in claims:
        owner = owners.get(url)
        if owner is None and url.startswith(THEME_PREFIXES):
            owner = f"网站自身的样式、脚本和搜索文件（/{url.split('/', 1)[0]}/ 文件夹）"
        if owner is not None and owner != item.source:
            sink.error(
                item,
                line,
                "url-conflict",
                f"{what}的网址 /{url} 已被{owner}占用。请给文件改名或移动到其他文件夹",
            )
            column = column_at.get(url)
            if column is not None and url == item.url:
                # CONTRACT §2: a column id equal to an item path is the column's conflict too.
                portal.findings.append(
                    Finding(
                        portal.catalog.path,
                        column.line,
                        "error",
                        "url-conflict",
                        f"栏目 id“{column.id}”与条目 {item.source} 的地址 /{url} 冲突。请换一个栏目 id 或给条目改名",
                    )
                )
        else:
            owners[url] = item.source
    return owners


def _docs_url(path: str) -> str:
    stem = path[:-3]
    name = stem.rsplit("/", 1)[-1]
    if name in ("index", "README"):
        parent = stem[: -len(name)]
        return parent
    return stem + "/"


def _check_privacy(sink: _Sink, portal: Portal, content: Path) -> None:
    for item in portal.published:
        allow = item.pii_allow
        # Front matter as written and as parsed (YAML escapes); the body as written and as read.
        hits = [(h, h.line) for h in scan_front_matter(item.front_matter_text, allow)]
        hits += [(h, item.body_line - 1 + h.line) for h in scan_markdown(item.body, allow)]
        for hit, line in hits:
            sink.error(item, line, hit.code, _pii_message(hit.code, hit.text, "本条目"))
        # The file name becomes the page's address, where a number would stay after the text is fixed
        # (old addresses too: each gets a page).
        for hit in scan_text(item.path, allow):
            sink.error(item, 1, hit.code, _pii_message(hit.code, hit.text, "文件名", in_name=True))
    # Every text-bearing file the site will carry, attachment or linked: 公示 lists live there.
    for path in sorted(portal.copied_files):
        referrers = [portal.items[p] for p in portal.file_referrers.get(path, [])]
        allow = [entry for referrer in referrers for entry in referrer.pii_allow]
        source = f"{portal.content_dir}/{path}"
        for hit in scan_text(path, allow):
            message = _pii_message(hit.code, hit.text, "附件的文件名", in_name=True)
            portal.findings.append(Finding(source, 1, "error", hit.code, message))
        try:
            file_hits = scan_file(content / path, allow)
        except UnreadableAttachment as exc:
            _unchecked(portal, referrers, path, source, exc.reason)
            continue
        owners = "、".join(r.source for r in referrers)
        for hit in file_hits:
            # CONTRACT §5: an attachment problem is reported at its own line or row.
            where = f"附件“{path}”{hit.where or f'第 {hit.line} 行'}（{owners} 引用）"
            portal.findings.append(
                Finding(source, hit.line, "error", hit.code, _pii_message(hit.code, hit.text, where))
            )


def _check_unsafe_html(portal: Portal, docs_dir: Path, docs_rel: str, docs_files: set[str]) -> None:
    """Scripts, handlers and script URLs in what is published (CONTRACT §5 ``unsafe-html``); the
    build also sanitises the HTML, this gives the editor the line."""
    advice = "网页中不允许脚本、事件属性和 javascript:/vbscript:/data: 网址（图片除外），发布时会被删除。请删去这段代码"
    sources = [(item.source, item.body, item.body_line) for item in portal.published]
    for path in sorted(docs_files):
        if path.endswith(".md"):
            raw = (docs_dir / path).read_bytes()
            if not encoding_problem(raw):
                text = raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
                # Front matter values are text (a title is printed escaped): only the body is HTML.
                parts = split_front_matter(text)
                body, body_line = (parts[1], parts[2]) if parts else (text, 1)
                sources.append((f"{docs_rel}/{path}", body, body_line))
    for source, text, first_line in sources:
        for line, what in unsafe_html(text):
            message = f"含有不安全的网页代码：{what}。{advice}"
            portal.findings.append(Finding(source, first_line - 1 + line, "error", "unsafe-html", message))


# Pages MkDocs renders and text files it copies as they are (read as a browser shows them).
_DOCS_TEXTS = (".md", ".html", ".htm", ".txt")


def _check_published_texts(
    portal: Portal, root: Path, docs_dir: Path, docs_rel: str, docs_files: set[str]
) -> None:
    """Docs pages and the catalog's texts are published too (CONTRACT §5)."""
    for path in sorted(docs_files):
        if not path.lower().endswith(_DOCS_TEXTS):
            continue
        raw = (docs_dir / path).read_bytes()
        if encoding_problem(raw):
            continue  # reported by _check_docs_encoding
        text = raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
        source = f"{docs_rel}/{path}"
        for hit in scan_page(text):
            message = _pii_message(hit.code, hit.text, "本页面", page=True)
            portal.findings.append(Finding(source, hit.line, "error", hit.code, message))
    catalog = root / portal.catalog.path
    try:
        node = compose(catalog.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, YamlError):
        return  # the catalog's own findings say why
    for hit in scan_yaml_values(node, (), line_offset=0):
        message = _pii_message(hit.code, hit.text, "目录文件", catalog=True)
        portal.findings.append(Finding(portal.catalog.path, hit.line, "error", hit.code, message))


def _unchecked(portal: Portal, referrers: list[Item], path: str, source: str, reason: str) -> None:
    """A copied file the guard cannot read (CONTRACT §5): an error at each attachment entry
    not marked ``reviewed``; a file only linked from a body has no entry, so at the file."""
    message = (
        f"附件“{path}”无法做隐私检查：{reason}。请改传能读取文字的文件（如带文字层的 PDF、DOCX、XLSX、CSV）；"
        "或由专人逐页核查确无个人信息后，在该附件条目中写上“已核查: 是”（reviewed: true）"
    )
    at_entries = False
    for referrer in referrers:
        for attachment in referrer.attachments:
            if attachment.path == path:
                at_entries = True
                if not attachment.reviewed:
                    portal.findings.append(
                        Finding(referrer.source, attachment.line, "error", "unchecked-attachment", message)
                    )
    linked_only = [r for r in referrers if all(a.path != path for a in r.attachments)]
    if linked_only or not at_entries:
        portal.findings.append(Finding(source, 1, "error", "unchecked-attachment", message))


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


def _relations(portal: Portal) -> None:
    for item in portal.published:
        if item.interprets and portal.is_published(item.interprets):
            portal.interpretations.setdefault(item.interprets, []).append(item.path)
        if item.replaced_by and portal.is_published(item.replaced_by):
            portal.replaces.setdefault(item.replaced_by, []).append(item.path)


def _empty_columns(portal: Portal) -> None:
    used: set[str] = set()
    for item in portal.published:
        for column in item.columns:
            if column in portal.catalog.columns:
                used.update(portal.catalog.ancestors(column))
    for column in portal.catalog.columns.values():
        if column.id not in used:
            portal.findings.append(
                Finding(
                    portal.catalog.path,
                    column.line,
                    "warning",
                    "empty-column",
                    f"栏目“{column.title}”（{column.id}）还没有任何公开信息。空白栏目会被政府网站检查扣分，请尽快发布内容或调整栏目",
                )
            )
