"""Which pages the portal generates, and what each page's template receives.

Everything is looked up by ``src_uri`` in dicts built once per build, so the
per-page hooks stay O(1) at 10,000 items.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from ..core.compliance import ComplianceBundle
from ..core.feeds import feed_specs
from ..core.links import body_links, local_target, resolve, rewrite_docs_links
from ..core.model import Item, Portal
from ..core.options import FooterOptions
from ..core.policies import policy_entries
from ..core.views import ListingPage, all_listing_pages, cached_row, item_view, latest_by_root_column
from ..core.vocabulary import CATALOG_PAGE, DEPARTMENTS_PAGE, POLICIES_PAGE, SEARCH_PAGE, VALIDITIES
from .incremental import HOME, digest
from .options import SiteOptions

# Generated pages carry no front matter (their template is set in page_markdown), so MkDocs
# parses no YAML for them; the leading blank line stops its MultiMarkdown-style metadata
# reader, which would otherwise take a body's first "Key: value" lines as metadata.
NO_META = "\n"
ITEM_TEMPLATE = "opengov/item.html"
LISTING_TEMPLATE = "opengov/listing.html"

# Titles and descriptions given to MkDocs are escaped (Markup): Material prints them unescaped,
# our autoescaped templates leave Markup as it is.
# Portal pages at reserved addresses: src_uri -> (template, title).
SPECIAL_PAGES = {
    DEPARTMENTS_PAGE: ("opengov/departments.html", "发布机构"),
    CATALOG_PAGE: ("opengov/catalog.html", "政府信息公开目录"),
    POLICIES_PAGE: ("opengov/policies.html", "现行有效政策文件库"),
    SEARCH_PAGE: ("opengov/search.html", "站内搜索"),
}
# Listings and tables have no headings to list: the table of contents' column goes to them.
WIDE = ["toc"]
# Rows the catalogue page carries in its HTML; the script loads the rest from catalog/rows.json.
CATALOG_FIRST_ROWS = 50
COMPLIANCE_PAGE = ("compliance/index.md", "opengov/compliance.html", "政务公开合规监测")


@dataclass
class Feed:
    title: str
    rss: str  # site-relative
    atom: str


# A rule that stops applying (core/changes.py), offered on the policy library.
CHANGES_FEED = Feed("文件变更", "changes/rss.xml", "changes/atom.xml")


@dataclass
class SiteContext:
    """What every page's template may use."""

    portal: Portal
    footer: dict[str, Any]
    search: bool
    site_feed: Feed
    departments: list[Any] = field(default_factory=list)
    columns: list[Any] = field(default_factory=list)
    validities: dict[str, str] = field(default_factory=lambda: dict(VALIDITIES))


class SitePages:
    def __init__(self, portal: Portal, options: SiteOptions, docs_rel: str = "docs") -> None:
        self.portal = portal
        self.docs_rel = docs_rel
        self.cache_nav = True  # off when the theme integrates the page's TOC into the nav
        self.options = options
        self.items: dict[str, Item] = {item.path: item for item in portal.published}
        self.listings: dict[str, ListingPage] = {
            page.src_uri: page for page in all_listing_pages(portal, options.page_size)
        }
        self.feed_memo: dict[str, tuple[str, bytes]] | None = None  # rendered feeds, kept by the plugin
        self.compliance: ComplianceBundle | None = None  # set when compliance_page is on
        self.docs_urls: list[str] = []  # the ordinary pages' URLs, set once MkDocs has found them
        self._prefixes: set[str] = set()  # every path prefix of the nav's link targets
        # Items some feed carries: only their HTML is kept in memory for the feeds.
        self.feed_paths: set[str] = {
            item.path for spec in feed_specs(portal, "") for item in spec.items[: options.feed_size]
        }
        self.special = dict(SPECIAL_PAGES)
        if options.compliance_page:
            self.special[COMPLIANCE_PAGE[0]] = COMPLIANCE_PAGE[1:]
        self.site_context = SiteContext(
            portal=portal,
            footer=_as_dict(options.footer),
            search=options.search,
            site_feed=Feed("全部信息", "rss.xml", "atom.xml"),
            departments=list(portal.catalog.departments.values()),
            columns=list(portal.catalog.columns.values()),
        )

    # -- files and nav ---------------------------------------------------------------------

    def generated_pages(self) -> Iterator[tuple[str, str, bool]]:
        """(src_uri, content, in nav) for every page the portal adds to the build."""
        for path in self.items:
            item = self.items[path]
            yield path, NO_META + item.body, False
        for src_uri, listing in self.listings.items():
            in_nav = listing.kind == "column" and listing.number == 1
            yield src_uri, NO_META, in_nav
        for src_uri in self.special:
            yield src_uri, NO_META, src_uri != SEARCH_PAGE

    def fingerprints(self) -> dict[str, str]:
        """A digest of the data each generated page (and the home page) shows, by src_uri."""
        portal = self.portal
        items = portal.items

        def mark(path: str | None) -> str:
            other = items.get(path or "")
            return f"{path}:{other.digest if other else ''}:{portal.is_published(path or '')}"

        prints: dict[str, str] = {}
        for path, item in self.items.items():
            related = [mark(item.interprets), mark(item.replaced_by)]
            related += [mark(p) for p in portal.interpretations.get(path, []) + portal.replaces.get(path, [])]
            # A link to another item's file shows that item's address; the page shows each
            # attachment's size.
            related += [mark(p) for p in linked_items(item, items)]
            related += [f"{a.path}:{a.size}" for a in item.attachments]
            prints[path] = digest(f"{item.digest}|{'|'.join(related)}")
        for src_uri, listing in self.listings.items():
            prints[src_uri] = digest(repr(listing))
        for src_uri in self.special:
            prints[src_uri] = digest(repr(self.context_for(src_uri, False)))
        prints[HOME] = digest(repr(latest_by_root_column(portal)))
        return prints

    def outputs(self) -> dict[str, str]:
        """Where each generated page is written, relative to the site folder."""
        out = {path: item.url + "index.html" for path, item in self.items.items()}
        for src_uri in list(self.listings) + list(self.special):
            out[src_uri] = src_uri[: -len("index.md")] + "index.html"
        return out

    def set_docs_urls(self, urls: list[str]) -> None:
        """The ordinary pages' addresses, once the files are known (before any page renders)."""
        self.docs_urls = urls
        targets = [*urls, *(c.url for c in self.portal.catalog.columns.values())]
        targets += [src_uri[: -len("index.md")] for src_uri in self.special]
        self._prefixes = {
            "/".join(parts[:n]) + "/"
            for parts in (target.split("/")[:-1] for target in targets)
            for n in range(1, len(parts) + 1)
        }

    def nav_entries(self) -> list[Any]:
        """The column tree, then departments and the catalogue; never the items."""
        catalog = self.portal.catalog

        def entry(column_id: str) -> Any:
            column = catalog.columns[column_id]
            page = f"{column.id}/index.md"
            if not column.children:
                return {escape(column.title): page}
            return {escape(column.title): [page] + [entry(child) for child in column.children]}

        entries: list[Any] = [entry(column.id) for column in catalog.roots()]
        for src_uri, (_template, title) in self.special.items():
            if src_uri != SEARCH_PAGE:
                entries.append({title: src_uri})
        return entries

    # -- per page --------------------------------------------------------------------------

    def item_for(self, src_uri: str) -> Item | None:
        return self.items.get(src_uri)

    def page_markdown(
        self, src_uri: str, markdown: str, meta: MutableMapping[str, Any], is_home: bool
    ) -> str:
        item = self.items.get(src_uri)
        if item is not None:
            meta["template"] = ITEM_TEMPLATE
            meta["title"] = escape(item.title)
            if item.summary:
                meta["description"] = escape(item.summary)
            return rewrite_docs_links(markdown, item.path, self.portal.content_dir, self.docs_rel)
        listing = self.listings.get(src_uri)
        if listing is not None:
            meta["template"] = LISTING_TEMPLATE
            meta["hide"] = WIDE
            title = escape(listing.title)
            meta["title"] = (
                title if listing.number == 1 else Markup("{}（第 {} 页）").format(title, listing.number)
            )
            # Search engines show it under the title: the column's own words, else what it lists.
            meta["description"] = escape(listing.description or f"{listing.title}公开的政府信息")
            return markdown
        special = self.special.get(src_uri)
        if special is not None:
            meta["template"], meta["title"] = special
            meta["hide"] = WIDE
        elif is_home and "template" not in meta:
            meta["template"] = "opengov/home.html"
        return markdown

    def context_for(self, src_uri: str, is_home: bool) -> dict[str, Any]:
        item = self.items.get(src_uri)
        if item is not None:
            return {
                "kind": "item",
                "view": item_view(self.portal, item),
                "feeds": [self._item_feed(item)],
                "nav_cache_key": self._nav_key(item.url),
            }
        listing = self.listings.get(src_uri)
        if listing is not None:
            base = listing.base_url
            in_nav = listing.kind == "column" and listing.number == 1
            return {
                "kind": "listing",
                "listing": listing,
                "feeds": [Feed(listing.title, base + "rss.xml", base + "atom.xml")],
                "nav_cache_key": None if in_nav else self._nav_key(listing.url),
            }
        special = self.special.get(src_uri)
        if special is not None:
            kind = src_uri.split("/", 1)[0]
            data: dict[str, Any] = {"kind": kind, "feeds": [self.site_context.site_feed]}
            if kind == "departments":
                data["departments"] = [
                    (d, len(self.portal.department_items(d.id)))
                    for d in self.portal.catalog.departments.values()
                ]
            elif kind == "compliance" and self.compliance is not None:
                data["html"] = self.compliance.html
                data["as_of"] = self.portal.today.isoformat()
            elif kind == "policies":
                data["entries"] = policy_entries(self.portal)
                data["feeds"] = [CHANGES_FEED, self.site_context.site_feed]
            elif kind == "catalog":
                data["rows"] = [
                    cached_row(self.portal, i) for i in self.portal.published[:CATALOG_FIRST_ROWS]
                ]
                data["total"] = len(self.portal.published)
            return data
        if is_home:
            return {
                "kind": "home",
                "latest": latest_by_root_column(self.portal),
                "feeds": [self.site_context.site_feed],
            }
        return {"kind": "page", "feeds": [self.site_context.site_feed]}

    def _nav_key(self, url: str) -> str | None:
        """Pages outside the nav share their nav HTML with every page that sees its links alike.

        MkDocs writes each link as the shortest relative path, which depends on the page's
        depth and on the longest path prefix it shares with any link's target (from
        notices/2024/a/ the column notices/ is ``../../``, from debt/2023/b/ it is
        ``../../../notices/``): pages alike in both get the same nav HTML.
        """
        if not self.cache_nav:
            return None
        parts = url.split("/")[:-1]
        shared = ""
        for n in range(1, len(parts) + 1):
            prefix = "/".join(parts[:n]) + "/"
            if prefix not in self._prefixes:
                break
            shared = prefix
        return f"depth-{len(parts)}:{shared}"

    def _item_feed(self, item: Item) -> Feed:
        column = self.portal.catalog.columns.get(item.primary_column or "")
        if column is None:
            return self.site_context.site_feed
        return Feed(column.title, column.url + "rss.xml", column.url + "atom.xml")


def linked_items(item: Item, items: Mapping[str, Item]) -> list[str]:
    """The other items whose files an item's body links to (MkDocs writes their addresses)."""
    if ".md" not in item.body:
        return []
    found = []
    for link in body_links(item.body, 1):
        target = local_target(link.target)
        if target is not None:
            path = resolve(item.path, target)
            if path in items and path != item.path:
                found.append(path)
    return sorted(set(found))


def _as_dict(footer: Mapping[str, Any] | FooterOptions) -> dict[str, Any]:
    """The footer options as a mapping, from MkDocs' sub-config or the engine-free dataclass."""
    if isinstance(footer, FooterOptions):
        return dataclasses.asdict(footer)
    return dict(footer)
