"""Files written after the pages: feeds, exports, sitemap, redirects (all from the core)."""

from __future__ import annotations

import gzip
import html
import logging
import posixpath
from collections.abc import Iterator
from pathlib import Path

from ..core import exports
from ..core.dates import iso_day
from ..core.feeds import render_all
from ..core.model import Item, Portal, old_url_file, url_for_path
from ..core.policies import policies_json, policy_entries
from ..core.vocabulary import SEARCH_PAGE
from .options import SiteOptions
from .pages import SitePages

log = logging.getLogger("opengov")


def _write(site_dir: Path, rel_path: str, data: bytes) -> None:
    target = site_dir / rel_path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def write_outputs(
    portal: Portal,
    *,
    site: SitePages,
    site_dir: Path,
    site_url: str,
    site_name: str,
    options: SiteOptions,
    html_by_path: dict[str, str],
    index_search: bool = True,
    search_store: Path | None = None,
) -> None:
    base_url = site_url if site_url.endswith("/") else site_url + "/"
    records = exports.catalog_records(portal, base_url)
    _write(site_dir, "catalog.json", exports.catalog_json(records))
    _write(site_dir, "catalog.csv", exports.catalog_csv(portal, records))
    _write(site_dir, "catalog/rows.json", exports.catalog_rows_compact(portal, records))
    _write(site_dir, "policies.json", policies_json(policy_entries(portal), base_url))
    sitemap = exports.sitemap(_sitemap_urls(portal, site), base_url)
    _write(site_dir, "sitemap.xml", sitemap)
    # mtime 0 and no file name: an unchanged portal rebuilds to the same bytes.
    _write(site_dir, "sitemap.xml.gz", gzip.compress(sitemap, mtime=0))
    for item, rel in _redirects(portal):
        # Relative, so the redirect also works under `mkdocs serve` and on a staging host.
        relative = posixpath.relpath(item.url, posixpath.dirname(rel) or ".") + "/"
        _write(site_dir, rel, redirect_page(item.title, relative, base_url + item.url))
    if site.compliance is not None:
        for name, data in site.compliance.files.items():
            _write(site_dir, "compliance/" + name, data)
    _write_feeds(portal, site.feed_memo, site_dir, base_url, site_name, options, html_by_path)
    if options.search and index_search:
        # Last, so the index sees every page; still inside the staging folder, so a
        # failed index fails the build and the previous site stays in place.
        _index_search(site_dir, portal, search_store)


def _redirects(portal: Portal) -> Iterator[tuple[Item, str]]:
    """(item, redirect page file): its former paths (``aliases``) and a former portal's addresses."""
    for item in portal.published:
        for alias in item.aliases:
            yield item, url_for_path(alias) + "index.html"
        for url in item.old_urls:
            yield item, old_url_file(url)


def redirect_paths(portal: Portal) -> set[str]:
    """The redirect pages :func:`write_outputs` writes, relative to the site folder."""
    return {rel for _item, rel in _redirects(portal)}


def _with_attachments(site_dir: Path, portal: Portal) -> dict[str, bytes]:
    from ..search.attachments import indexed_pages

    return indexed_pages(portal, Path(portal.root) / portal.content_dir, site_dir)


def index_search_later(site_dir: Path, portal: Portal) -> None:
    """For previews: index in the background; a failure is a warning, the preview goes on."""
    from ..search.indexer import index_site

    try:
        replaced = _with_attachments(site_dir, portal)
        stats = index_site(site_dir, progress=lambda line: log.debug("pagefind: %s", line), replaced=replaced)
    except Exception as exc:  # noqa: BLE001 - the next save indexes again
        log.warning("opengov: 预览的站内搜索索引未能更新（%s），保存下一次修改时会重试", exc)
        return
    log.info("opengov: 预览的站内搜索索引已更新：%d 个页面，用时 %.1f 秒", stats.pages, stats.seconds)


def _index_search(site_dir: Path, portal: Portal, store_dir: Path | None) -> None:
    from ..search.indexer import index_site
    from ..search.pagefind import find_binary
    from ..search.shardstore import ShardStore
    from .buildcache import versions

    # A SearchIndexError (Chinese, for the operator) fails the build: the adapter says it.
    replaced = _with_attachments(site_dir, portal)
    store = None
    if store_dir is not None:
        store = ShardStore(store_dir, f"{versions()}|{find_binary()}")
    stats = index_site(
        site_dir, progress=lambda line: log.debug("pagefind: %s", line), replaced=replaced, store=store
    )
    if store is not None and store.reused:
        log.info("opengov: 站内搜索索引有 %d/%d 部分未变，沿用构建缓存", store.reused, stats.shards)
    log.info(
        "opengov: 站内搜索索引已建立：%d 个页面，%d 个词，用时 %.1f 秒，分 %d 部分，索引内存峰值 %.0f MB",
        stats.pages,
        stats.words,
        stats.seconds,
        stats.shards,
        stats.peak_rss_mb or 0,
    )


def _write_feeds(
    portal: Portal,
    memo: dict[str, tuple[str, bytes]] | None,
    site_dir: Path,
    base_url: str,
    site_name: str,
    options: SiteOptions,
    html_by_path: dict[str, str],
) -> None:
    outputs = render_all(
        portal,
        site_name=site_name,
        base_url=base_url,
        feed_size=options.feed_size,
        html_by_path=html_by_path,
        memo=memo,
    )
    for rel_path, data in outputs.items():
        _write(site_dir, rel_path, data)


def _sitemap_urls(portal: Portal, site: SitePages) -> list[tuple[str, str | None]]:
    newest = iso_day(portal.published[0].date) if portal.published else None
    urls: list[tuple[str, str | None]] = [(url, None) for url in site.docs_urls]
    for src_uri, listing in site.listings.items():
        first = listing.rows[0].date if listing.rows else None
        urls.append((src_uri[: -len("index.md")], first))
    for src_uri in site.special:
        if src_uri != SEARCH_PAGE:
            urls.append((src_uri[: -len("index.md")], newest))
    urls.extend((item.url, iso_day(item.date)) for item in portal.published)
    return urls


def redirect_page(title: str, target: str, canonical: str) -> bytes:
    """A former address of a renamed item: a tiny page that sends readers (and crawlers) on."""
    t = html.escape(title)
    u = html.escape(target, quote=True)
    c = html.escape(canonical, quote=True)
    page = (
        '<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f'<title>{t}（地址已变更）</title><meta name="robots" content="noindex">'
        f'<link rel="canonical" href="{c}"><meta http-equiv="refresh" content="0; url={u}">'
        '<meta name="viewport" content="width=device-width,initial-scale=1"></head>'
        f'<body><p>本页面已移至 <a href="{u}">{t}</a>，正在跳转……</p></body></html>\n'
    )
    return page.encode("utf-8")
