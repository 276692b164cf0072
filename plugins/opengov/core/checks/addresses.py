"""Addresses (CONTRACT §3): every page, feed and file of the site has one owner."""

from __future__ import annotations

from ..findings import Findings
from ..model import Portal, address_of_file, old_url_file, page_count, url_for_path
from ..vocabulary import RESERVED_IDS

# Files the portal writes besides the pages (see CONTRACT §3 and MkDocs' own 404 page).
SITE_FILES = (
    "feeds.opml",
    "catalog.json",
    "catalog.csv",
    "catalog/rows.json",
    "policies.json",
    "sitemap.xml",
    "sitemap.xml.gz",
    "404.html",
)
FEED_FILES = ("rss.xml", "atom.xml")
# Site folders whose files the theme, the portal's assets and the search index write: which files
# is known only at build time (the theme's version, Pagefind's chunks), so no item may live there.
THEME_PREFIXES = ("assets/", "pagefind/", "stylesheets/", "javascripts/")


def check_addresses(
    portal: Portal, docs_files: frozenset[str], page_size: int, docs_rel: str
) -> tuple[Findings, dict[str, str]]:
    """Two things written at one address are ``url-conflict``; returns the findings and who
    owns each address. The portal's own pages claim first, then its files, then the items."""
    found = Findings()
    owners = _page_owners(portal, docs_files, page_size, docs_rel, found)
    _file_owners(portal, docs_files, docs_rel, owners)
    _item_claims(portal, owners, found)
    return found, owners


def _page_owners(
    portal: Portal, docs_files: frozenset[str], page_size: int, docs_rel: str, found: Findings
) -> dict[str, str]:
    """Reserved ids, docs pages, columns and departments with their later pages."""
    owners: dict[str, str] = {}
    for reserved in RESERVED_IDS:
        owners[reserved + "/"] = "门户保留地址"
    for path in sorted(docs_files):
        if path.endswith(".md"):
            url = _docs_url(path)
            if url in owners:
                # A page in docs/ at one of the portal's own addresses (e.g. docs/catalog.md).
                found.error(
                    f"{docs_rel}/{path}",
                    1,
                    "url-conflict",
                    f"这个页面的地址 /{url} 与{owners[url]}冲突，会被门户自动生成的页面覆盖。请给文件改名",
                )
                continue
            owners[url] = f"docs/{path}"
    for column in portal.catalog.columns.values():
        url = column.url
        if url in owners and owners[url].startswith("docs/"):
            found.error(
                portal.catalog.path,
                column.line,
                "url-conflict",
                f"栏目 id“{column.id}”与页面 {owners[url]} 的地址 /{url} 冲突。请换一个栏目 id",
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
    return owners


def _file_owners(portal: Portal, docs_files: frozenset[str], docs_rel: str, owners: dict[str, str]) -> None:
    # Files the portal writes: an item at <file>/ would need a folder where the file is.
    feed_folders = ["", "changes/"] + [c.url for c in portal.catalog.columns.values()]
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


def _shown(url: str) -> str:
    """An address key as a reader types it: ``a/b.html/`` is the file ``a/b.html``."""
    last = url.rstrip("/").rsplit("/", 1)[-1]
    return url.rstrip("/") if "." in last else url


def _item_claims(portal: Portal, owners: dict[str, str], found: Findings) -> None:
    items = sorted(portal.items.values(), key=lambda i: i.path)
    # Every item's own address first: an alias that lands on an item is the alias's fault.
    claims = (
        [(item, item.url, 1, "本条目") for item in items]
        + [
            (item, url_for_path(alias), item.line_of(f"aliases.{i}"), f"旧地址“{alias}”")
            for item in items
            for i, alias in enumerate(item.aliases)
        ]
        + [
            (item, address_of_file(old_url_file(url)), item.line_of(f"old_urls.{i}"), f"旧网址“{url}”")
            for item in items
            for i, url in enumerate(item.old_urls)
        ]
    )
    column_at = {column.url: column for column in portal.catalog.columns.values()}
    for item, url, line, what in claims:
        owner = owners.get(url)
        if owner is None and url.startswith(THEME_PREFIXES):
            owner = f"网站自身的样式、脚本和搜索文件（/{url.split('/', 1)[0]}/ 文件夹）"
        if owner is not None and owner != item.source:
            found.error(
                item.source,
                line,
                "url-conflict",
                f"{what}的网址 /{_shown(url)} 已被{owner}占用。请给文件改名或移动到其他文件夹",
            )
            claimed = column_at.get(url)
            if claimed is not None and url == item.url:
                # CONTRACT §2: a column id equal to an item path is the column's conflict too.
                found.error(
                    portal.catalog.path,
                    claimed.line,
                    "url-conflict",
                    f"栏目 id“{claimed.id}”与条目 {item.source} 的地址 /{url} 冲突。请换一个栏目 id 或给条目改名",
                )
        else:
            owners[url] = item.source


def _docs_url(path: str) -> str:
    stem = path[:-3]
    name = stem.rsplit("/", 1)[-1]
    if name in ("index", "README"):
        parent = stem[: -len(name)]
        return parent
    return stem + "/"
