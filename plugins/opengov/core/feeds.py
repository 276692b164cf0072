"""RSS 2.0 and Atom 1.0 feeds, and the OPML subscription list (CONTRACT §3).

The whole site, every column (its items and its descendants' items, each once)
and every department get an ``rss.xml`` and an ``atom.xml``; ``feeds.opml``
lists them all. Built on feedgen 1.0, whose gaps this module works around:

- its default ``updated``/``lastBuildDate`` is *now* and it adds a versioned
  generator tag: both are overridden, so an unchanged portal rebuilds to
  byte-identical feeds (each feed's date is its newest entry's date);
- ``add_entry`` prepends by default: entries are appended, in contract order;
- Atom entry links lose ``rel``/``type``/``length`` (a bug in
  ``FeedEntry.atom_entry``), so the alternate link's attributes and one
  enclosure link per attachment are written into the generated tree here
  (taken from feedgen's ``_create_atom``, so nothing is parsed twice; feedgen
  is pinned below 2.0);
- feedgen keeps only the last enclosure for RSS: RSS gets the first attachment;
- the RSS channel ``<link>`` is the last link given, so the page link goes last;
- RSS ``<author>`` wants an e-mail: the publisher goes to ``<dc:creator>``
  (feedgen's dc extension, RSS only) and to Atom ``<author><name>``;
- ``type="CDATA"`` content is not valid Atom: content is escaped HTML
  (``type="html"``), which is valid in both formats.

No MkDocs here: the adapter hands over the rendered HTML of every item body.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Mapping, MutableMapping
from dataclasses import dataclass
from html import escape as escape_html
from typing import Literal
from urllib.parse import quote, urljoin, urlsplit

import lxml.html
from feedgen.feed import FeedGenerator
from lxml import etree

from .changes import Change, changes
from .dates import to_beijing
from .links import absolute_url, ascii_uri
from .model import BEIJING, Catalog, Item, Portal
from .plaintext import excerpt, plain_text
from .vocabulary import UNKNOWN_TYPE

FeedKind = Literal["rss", "atom"]

GROUP_SITE = "全站"
GROUP_COLUMNS = "栏目"
GROUP_DEPARTMENTS = "发布机构"

FEED_LANGUAGE = "zh-CN"
GENERATOR = "OpenGov Portal"  # no version: a tool upgrade must not change the bytes
# updated/lastBuildDate of a feed without entries when the portal has none either: fixed, so
# rebuilds stay identical (otherwise an empty feed takes the portal's newest date).
EMPTY_FEED_DATE = dt.datetime(1970, 1, 1, tzinfo=BEIJING)

MIME_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml"}


# Characters kept as they are in the specific part of our URNs (RFC 8141 pchar and "/").
_URN_SAFE = "/:@!$&'()*+,;=-._~"
# Characters kept as they are when turning a URL/IRI into an ASCII URI ("%" keeps escapes).

# Characters XML 1.0 cannot carry (lxml refuses them).
_NON_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_LINK_ATTRS = ("href", "src", "poster", "cite")
_HEADERLINK = etree.XPath('.//a[contains(concat(" ", normalize-space(@class), " "), " headerlink ")]')
_LINKED = etree.XPath(".//*[@href or @src or @poster or @cite or @srcset]")


@dataclass
class FeedSpec:
    """One feed file of the site."""

    path: str  # output path relative to the site root, e.g. ``fiscal/rss.xml``
    title: str
    page_url: str  # site-relative URL of the HTML page the feed belongs to, e.g. ``fiscal/``
    items: list[Item]  # contract order; the feed takes the first ``feed_size``
    kind: FeedKind
    group: str  # OPML folder: 栏目, 发布机构, 全站
    description: str = ""  # RSS description / Atom subtitle; the title when empty


@dataclass(frozen=True)
class PreparedItem:
    """What a feed entry needs from an item's HTML, computed once per item."""

    content: str | None  # body HTML with absolute links
    summary: str


# --------------------------------------------------------------------------- specs


def feed_specs(portal: Portal, site_name: str) -> list[FeedSpec]:
    """Every feed of the site: the whole site, each column in catalog order, each department."""
    specs: list[FeedSpec] = []

    def add(prefix: str, title: str, page_url: str, items: list[Item], group: str, desc: str) -> None:
        for kind in ("rss", "atom"):
            specs.append(FeedSpec(f"{prefix}{kind}.xml", title, page_url, items, kind, group, desc))

    add("", site_name, "", list(portal.published), GROUP_SITE, f"{site_name}：全部主动公开的政府信息")
    for column in portal.catalog.columns.values():
        add(
            f"{column.id}/",
            f"{site_name} · {column.title}",
            column.url,
            portal.column_items(column.id),
            GROUP_COLUMNS,
            column.description or f"{site_name}「{column.title}」栏目的政府信息",
        )
    for dept in portal.catalog.departments.values():
        add(
            f"departments/{dept.id}/",
            f"{site_name} · {dept.name}",
            dept.url,
            portal.department_items(dept.id),
            GROUP_DEPARTMENTS,
            f"{dept.name}发布的政府信息",
        )
    return specs


# --------------------------------------------------------------------------- ids and URLs


def check_base_url(base_url: str | None) -> str:
    """The site's absolute URL, ending with ``/``; feeds cannot be written without it."""
    if not base_url or not base_url.strip():
        raise ValueError(
            "生成 RSS/Atom 订阅源需要网站的完整地址：请在 mkdocs.yml 中设置 site_url，"
            "例如 site_url: https://example.gov.cn/"
        )
    base = base_url.strip()
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(
            f"site_url「{base}」不是完整的网址，订阅源中的链接需要以 http:// 或 https:// 开头，"
            "例如 site_url: https://example.gov.cn/"
        )
    return base if base.endswith("/") else base + "/"


def _org_token(org_code: str | None, org_name: str) -> str:
    # Without a code the organization's name stands in: percent-encoded, still stable.
    return quote((org_code or "").strip() or org_name.strip() or "-", safe="")


def entry_id(item: Item, org_code: str | None, org_name: str = "") -> str:
    """The entry's id: a host-free URN from the organization code and the 索引号, or the path.

    ``urn:opengov:<code>:index:<索引号>`` or ``urn:opengov:<code>:path:<path>``,
    percent-encoded where a URN needs it (``/`` stays), so it survives a move
    between columns, a new host name and new items around it.
    """
    org = _org_token(org_code, org_name)
    index_no = (item.index_no or "").strip()
    if index_no:
        return f"urn:opengov:{org}:index:{quote(index_no, safe=_URN_SAFE)}"
    return f"urn:opengov:{org}:path:{quote(item.path, safe=_URN_SAFE)}"


def feed_id(spec: FeedSpec, org_code: str | None, org_name: str = "") -> str:
    return f"urn:opengov:{_org_token(org_code, org_name)}:feed:{quote(spec.path, safe=_URN_SAFE)}"


# --------------------------------------------------------------------------- item HTML


def _xml_text(text: str | None) -> str:
    if not text:
        return ""
    return _NON_XML.sub("", text)


def _absolutize(value: str, base: str) -> str:
    value = value.strip()
    if value.startswith(("mailto:", "tel:", "data:", "javascript:")):
        return value
    return ascii_uri(urljoin(base, value))


def _absolutize_srcset(value: str, base: str) -> str:
    out = []
    for candidate in value.split(","):
        parts = candidate.split()
        if parts:
            parts[0] = _absolutize(parts[0], base)
            out.append(" ".join(parts))
    return ", ".join(out)


# Above this, a feed entry carries the summary and the link only, not the page's full HTML.
MAX_ENTRY_HTML = 200 * 1024


def prepare_item(item: Item, html: str | None, item_url: str) -> PreparedItem:
    """Body HTML with every relative ``href``/``src`` made absolute against ``item_url``,
    and the entry's summary (the item's own, else a plain-text excerpt of the body)."""
    summary = " ".join(_xml_text(item.summary).split())
    html = _xml_text(html)
    if not html.strip():
        return PreparedItem(None, summary)
    if len(html) > MAX_ENTRY_HTML:
        # Every feed holding the item would copy it (a column's, its parents', the department's…).
        return PreparedItem(
            None,
            summary
            or excerpt(plain_text(lxml.html.fragment_fromstring(html[:MAX_ENTRY_HTML], create_parent="div"))),
        )
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    # Permalink anchors (¶) and scripts mean nothing in a feed reader.
    for anchor in _HEADERLINK(root):
        anchor.drop_tree()
    for el in list(root.iter("script", "style")):
        el.drop_tree()
    for el in _LINKED(root):
        for attr in _LINK_ATTRS:
            value = el.get(attr)
            if value is not None:
                el.set(attr, _absolutize(value, item_url))
        srcset = el.get("srcset")
        if srcset is not None:
            el.set("srcset", _absolutize_srcset(srcset, item_url))
    if not summary:
        summary = excerpt(plain_text(root))
    content = lxml.html.tostring(root, encoding="unicode")[len("<div>") : -len("</div>")]
    return PreparedItem(content, summary)


# --------------------------------------------------------------------------- feeds


def _beijing(when: dt.datetime | None) -> dt.datetime:
    if when is None:
        return EMPTY_FEED_DATE
    return to_beijing(when).replace(microsecond=0)


def render_feed(
    spec: FeedSpec,
    *,
    base_url: str,
    org_code: str | None,
    feed_size: int,
    html_by_path: Mapping[str, str],
    catalog: Catalog,
    cache: MutableMapping[tuple[str, str], PreparedItem] | None = None,
    empty_date: dt.datetime = EMPTY_FEED_DATE,
) -> bytes:
    """One feed as UTF-8 XML: the first ``feed_size`` items of ``spec.items``, in that order.

    ``cache`` (optional) shares each item's prepared HTML between feeds; ``render_all``
    passes one, so an item listed in several feeds is processed once. ``empty_date`` is
    the feed's date when it has no entries (readers would show 1970 otherwise).
    """
    base = check_base_url(base_url)
    if cache is None:
        cache = {}
    entries = spec.items[: max(feed_size, 0)]
    context = _FeedContext(spec, base, org_code, catalog)
    newest = max((_beijing(item.date) for item in entries), default=empty_date)
    fg = _feed_head(context, newest)
    enclosures: list[list[dict[str, str]]] = []
    for item in entries:
        item_url = absolute_url(base, item.url)
        key = (item.path, item_url)
        prepared = cache.get(key)
        if prepared is None:
            prepared = cache[key] = prepare_item(item, html_by_path.get(item.path), item_url)
        enclosures.append(_add_entry(fg, context, item, item_url, prepared))

    if spec.kind == "rss":
        _root, doc = fg._create_rss()
    else:
        root, doc = fg._create_atom()
        _fix_atom_links(root, enclosures)
    return etree.tostring(doc, encoding="UTF-8", xml_declaration=True, pretty_print=True)


@dataclass(frozen=True)
class _FeedContext:
    """What every part of one feed is built from."""

    spec: FeedSpec
    base: str
    org_code: str | None
    catalog: Catalog

    @property
    def org_name(self) -> str:
        return self.catalog.organization.name


def _feed_head(context: _FeedContext, newest: dt.datetime) -> FeedGenerator:
    """A feed generator with the feed's own elements (id, title, links, dates), no entries yet."""
    spec, base = context.spec, context.base
    fg = FeedGenerator()
    fg.load_extension("dc", atom=False, rss=True)
    fg.id(feed_id(spec, context.org_code, context.org_name))
    fg.title(_xml_text(spec.title))
    fg.description(_xml_text(spec.description or spec.title))
    # feedgen takes the RSS <link> from the last link given: the page must come last.
    fg.link(href=absolute_url(base, spec.path), rel="self", type=MIME_TYPES[spec.kind])
    fg.link(href=absolute_url(base, spec.page_url), rel="alternate", type="text/html")
    fg.language(FEED_LANGUAGE)
    fg.author(name=_xml_text(context.org_name) or _xml_text(spec.title))  # Atom: entries without one
    fg.generator(GENERATOR)
    fg.updated(newest)  # also RSS lastBuildDate
    fg.lastBuildDate(newest)
    return fg


def _add_entry(
    fg: FeedGenerator, context: _FeedContext, item: Item, item_url: str, prepared: PreparedItem
) -> list[dict[str, str]]:
    """Append one item's entry; returns its attachments, which Atom gets as enclosure links later."""
    when = _beijing(item.date)
    entry = fg.add_entry(order="append")
    entry.id(entry_id(item, context.org_code, context.org_name))  # also the RSS guid, isPermaLink="false"
    entry.title(_xml_text(item.title) or item.url)
    entry.link(href=item_url, rel="alternate", type="text/html")
    if prepared.summary:
        # Readers render an RSS description as HTML: the summary is text, so it goes escaped.
        entry.summary(
            escape_html(prepared.summary, quote=False), type="html"
        )  # Atom summary, RSS description
    if prepared.content:
        entry.content(prepared.content, type="html")  # Atom content, RSS content:encoded
    entry.published(when)
    entry.updated(when)
    publisher = _publisher_name(item, context.catalog)
    if publisher:
        if context.spec.kind == "rss":
            entry.dc.dc_creator(publisher)
        else:
            entry.author(name=publisher)
    for column_id in item.columns:
        column = context.catalog.columns.get(column_id)
        if column is not None:
            entry.category(term=_xml_text(column.title))
    attachments = [
        {
            "href": absolute_url(context.base, att.url),
            "type": att.mime or UNKNOWN_TYPE,
            "length": str(att.size or 0),
            "known": "1" if att.size is not None else "",
        }
        for att in item.attachments
    ]
    if context.spec.kind == "rss" and attachments:
        first = attachments[0]  # RSS 2.0 allows one enclosure per item
        entry.enclosure(first["href"], first["length"], first["type"])
    return attachments


def _publisher_name(item: Item, catalog: Catalog) -> str:
    if not item.publisher:
        return ""
    return _xml_text(catalog.department_name(item.publisher) or item.publisher)


def _fix_atom_links(root: etree._Element, enclosures: list[list[dict[str, str]]]) -> None:
    """Give entry links the ``rel``/``type`` feedgen drops, and add one enclosure per attachment.

    feedgen builds the Atom tree with un-namespaced tags and a literal ``xmlns``
    attribute on the root, so the tags here are un-namespaced too.
    """
    for entry, attachments in zip(root.iterchildren("entry"), enclosures, strict=True):
        last = None
        for link in entry.iterchildren("link"):
            link.set("rel", "alternate")
            link.set("type", "text/html")
            last = link
        for att in attachments:
            new = etree.Element("link", rel="enclosure", type=att["type"], href=att["href"])
            if att["known"]:
                new.set("length", att["length"])
            if last is None:
                entry.append(new)
            else:
                last.addnext(new)
            last = new


# --------------------------------------------------------------------------- OPML


def render_opml(specs: Iterable[FeedSpec], *, base_url: str, site_name: str) -> bytes:
    """``feeds.opml``: OPML 2.0 with every feed, one outline folder per group, in spec order."""
    base = check_base_url(base_url)
    opml = etree.Element("opml", version="2.0")
    head = etree.SubElement(opml, "head")
    etree.SubElement(head, "title").text = _xml_text(f"{site_name} · 订阅源")
    body = etree.SubElement(opml, "body")
    folders: dict[str, etree._Element] = {}
    for spec in specs:
        folder = folders.get(spec.group)
        if folder is None:
            group = _xml_text(spec.group)
            folder = folders[spec.group] = etree.SubElement(body, "outline", text=group, title=group)
        label = _xml_text(f"{spec.title}（{'RSS' if spec.kind == 'rss' else 'Atom'}）")
        etree.SubElement(
            folder,
            "outline",
            # OPML 2.0 subscription lists mark every feed type="rss", Atom included;
            # version tells the two formats apart.
            type="rss",
            version="RSS" if spec.kind == "rss" else "Atom",
            text=label,
            title=label,
            xmlUrl=absolute_url(base, spec.path),
            htmlUrl=absolute_url(base, spec.page_url),
            language=FEED_LANGUAGE,
        )
    return etree.tostring(opml, encoding="UTF-8", xml_declaration=True, pretty_print=True)


def _memo_key(*parts: object) -> str:
    """A digest, so a memo can be kept on disk (the build cache) as well as in memory."""
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def render_all(
    portal: Portal,
    *,
    site_name: str,
    base_url: str | None,
    feed_size: int,
    html_by_path: Mapping[str, str],
    memo: dict[str, tuple[str, bytes]] | None = None,
) -> dict[str, bytes]:
    """Every feed of the site plus ``feeds.opml``: {output path relative to the site root: bytes}.

    ``memo`` (kept by the caller between previews, emptied when the catalog or
    options change) skips feeds whose entries are the same items, unchanged.
    """
    base = check_base_url(base_url)
    specs = feed_specs(portal, site_name)
    cache: dict[tuple[str, str], PreparedItem] = {}
    out: dict[str, bytes] = {}
    site_newest = max((_beijing(item.date) for item in portal.published), default=EMPTY_FEED_DATE)
    for spec in specs:
        # What an entry shows: the item, its attachments' sizes, its body as rendered.
        entries = tuple(
            (i.path, i.digest, tuple((a.path, a.size) for a in i.attachments), html_by_path.get(i.path, ""))
            for i in spec.items[:feed_size]
        )
        key = _memo_key(base, feed_size, spec.title, entries or site_newest.isoformat())
        if memo is not None and spec.path in memo and memo[spec.path][0] == key:
            out[spec.path] = memo[spec.path][1]
            continue
        out[spec.path] = render_feed(
            spec,
            base_url=base,
            org_code=portal.catalog.organization.code,
            feed_size=feed_size,
            html_by_path=html_by_path,
            catalog=portal.catalog,
            cache=cache,
            empty_date=site_newest,
        )
        if memo is not None:
            memo[spec.path] = (key, out[spec.path])
    change_list = changes(portal)
    for spec in change_specs(site_name):
        out[spec.path] = render_changes(
            spec,
            change_list,
            base_url=base,
            catalog=portal.catalog,
            feed_size=feed_size,
            empty_date=site_newest,
        )
    out["feeds.opml"] = render_opml([*specs, *change_specs(site_name)], base_url=base, site_name=site_name)
    return out


# --------------------------------------------------------------------------- changes


def change_specs(site_name: str) -> list[FeedSpec]:
    """``/changes/rss.xml`` and ``/changes/atom.xml``: their page is the policy library."""
    title = f"{site_name} · 文件变更"
    description = f"{site_name}：政策文件废止、失效、被替代，已发布信息更正的通知"
    return [
        FeedSpec(f"changes/{kind}.xml", title, "policies/", [], kind, GROUP_SITE, description)
        for kind in ("rss", "atom")
    ]


def render_changes(
    spec: FeedSpec,
    change_list: list[Change],
    *,
    base_url: str,
    catalog: Catalog,
    feed_size: int,
    empty_date: dt.datetime = EMPTY_FEED_DATE,
) -> bytes:
    """The changes feed: one entry per change, newest first, ``feed_size`` at most; dated by
    its newest change, else ``empty_date`` (the portal's newest item, as for other feeds)."""
    base = check_base_url(base_url)
    context = _FeedContext(spec, base, catalog.organization.code, catalog)
    entries = change_list[: max(feed_size, 0)]
    fg = _feed_head(context, max((_beijing(c.when) for c in entries), default=empty_date))
    for change in entries:
        when = _beijing(change.when)
        entry = fg.add_entry(order="append")
        # Not the item's own id: the change is news of its own, beside the item's entry.
        entry.id(f"{entry_id(change.item, context.org_code, context.org_name)}:{change.key}")
        entry.title(_xml_text(change.title))
        entry.link(href=absolute_url(base, change.item.url), rel="alternate", type="text/html")
        entry.summary(escape_html(_xml_text(change.text()), quote=False), type="html")
        entry.published(when)
        entry.updated(when)
        publisher = _publisher_name(change.item, catalog)
        if publisher:
            if spec.kind == "rss":
                entry.dc.dc_creator(publisher)
            else:
                entry.author(name=publisher)
    if spec.kind == "rss":
        _root, doc = fg._create_rss()
    else:
        root, doc = fg._create_atom()
        _fix_atom_links(root, [[] for _ in entries])
    return etree.tostring(doc, encoding="UTF-8", xml_declaration=True, pretty_print=True)
