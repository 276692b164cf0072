"""Where published items lead: never to an unpublished item, and site addresses somewhere real."""

from __future__ import annotations

import posixpath

from ..findings import Findings
from ..model import Item, Portal
from ..publish import Carried
from ..resolve import Resolution, Tree, file_ok
from .addresses import THEME_PREFIXES

UNPUBLISHED_LINK = "链接“{target}”指向未公开的条目，公开条目不能链接它。请删除链接或先公开对方"


def check_references(portal: Portal, original: dict[str, Item], resolution: Resolution) -> Findings:
    """``interprets``, ``replaced_by`` and body links of published items, to published items only."""
    found = Findings()
    for path, item in portal.items.items():
        written = original[path]
        for key, label in (("interprets", "解读对象"), ("replaced_by", "替代文件")):
            target = getattr(item, key)
            if not target or target not in portal.items:
                continue
            if portal.is_published(path) and not portal.is_published(target):
                found.error(
                    item.source,
                    item.line_of(key),
                    "link-to-unpublished",
                    f"{label}“{getattr(written, key)}”是未公开的条目（依申请公开、不予公开、草稿或尚未到发布日期），"
                    "公开条目不能指向它",
                )
            if key == "interprets" and not portal.items[target].is_policy:
                found.warning(
                    item.source,
                    item.line_of("interprets"),
                    "interprets-non-policy",
                    "解读对象不是规章或行政规范性文件（文件类型为“其他”），请核对解读对象或对方的文件类型",
                )
        if portal.is_published(path):
            for link in resolution.refs[path].items:
                if not portal.is_published(link.path):
                    found.error(
                        item.source,
                        link.line,
                        "link-to-unpublished",
                        UNPUBLISHED_LINK.format(target=link.target),
                    )
    return found


def check_site_links(
    portal: Portal, resolution: Resolution, owners: dict[str, str], tree: Tree, base_path: str
) -> tuple[Findings, Carried]:
    """Links written as site addresses (``/fiscal/2024/budget/``) must lead somewhere.

    Returns the findings and the files under content/ such links make the site carry.
    """
    found, carried = Findings(), Carried()
    base_path = base_path if base_path.endswith("/") else base_path + "/"
    by_url = {item.url: item for item in portal.items.values()}
    for path, refs in resolution.refs.items():
        item = portal.items[path]
        published = portal.is_published(path)
        for link in refs.site_links:
            rel = _site_path(link.target, base_path)
            if rel is None:
                continue
            linked = by_url.get(rel) or by_url.get(rel + "/")
            if linked is not None:
                if published and not portal.is_published(linked.path):
                    found.error(
                        item.source,
                        link.line,
                        "link-to-unpublished",
                        UNPUBLISHED_LINK.format(target=link.target),
                    )
                continue
            if rel in owners or rel + "/" in owners:
                continue  # a page, feed or file the site will have
            file = tree.content / rel
            if not rel.endswith(".md") and file.is_file():
                if file_ok(item, link.line, "链接的文件", link.target, file, tree.roots, found) and published:
                    carried.add(rel, path)
                continue
            found.error(
                item.source,
                link.line,
                "broken-link",
                f"链接“{link.target}”指向的网址在本网站上不存在。请检查地址，或改用相对于本文件的路径",
            )
    return found, carried


def _site_path(target: str, base_path: str) -> str | None:
    """The site-relative path a browser reads ``target`` as; None for what is not the portal's own
    page (another application on the same host, the home page, the theme's files)."""
    # Dot segments resolved (never above the root), index.html the page itself.
    rel = posixpath.normpath(target).lstrip("/")
    if rel and target.endswith("/"):
        rel += "/"
    base = base_path.lstrip("/")
    if not ("/" + rel).startswith("/" + base):
        return None  # the portal lives under base_path
    rel = rel[len(base) :]
    if rel == "index.html" or rel.endswith("/index.html"):
        rel = rel[: -len("index.html")]
    if not rel or rel.startswith(THEME_PREFIXES):
        return None
    return rel
