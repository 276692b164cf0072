"""Attachments in the search index: a query for words only inside an item's PDF or XLSX finds the item.

The indexer reads, for an item with readable attachments, not the item's built page but a
copy of it (never written into the site) whose search body ends with one section per
attachment: a heading ``附件：<title>`` with the anchor ``og-att-<n>`` and the attachment's
text as the privacy guard reads it (:func:`opengov.core.extract.text_blocks`, the one
reader; without document properties, which no reader of the file sees). Pagefind then finds the item itself (one result, its facets and sort values as
they are) and reports the attachment's section as a sub-result; the copy's head names
each attachment's address in the metadata key ``og_att_<n>``, so the browser can name the
attachment and link to it (``assets/search/page.js``).

Items that are not published have no built page and no copy: their attachments are never
read for the index. The text indexed with one item is cut at :data:`MAX_ITEM_CHARS`, so a
huge table cannot make a result's fragment (loaded when the result is shown) unbounded.
"""

from __future__ import annotations

import csv
import logging
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from ..core.extract import IMAGE_SUFFIXES, Unreadable, text_blocks
from ..core.model import Item, Portal

log = logging.getLogger("opengov.search")

#: Characters of attachment text indexed with one item (a 100-page report is ~150,000):
#: Pagefind keeps a page's whole text in the fragment the browser loads to show the result.
MAX_ITEM_CHARS = 150_000
ANCHOR = "og-att-"  # the sections' anchors: og-att-1 …
META_PREFIX = "og_att_"  # the metadata keys of their addresses: og_att_1 …
_DELIMITERS = {".csv": ",", ".tsv": "\t"}


@dataclass(frozen=True)
class AttachmentText:
    number: int  # 1-based, in the item's attachment list
    title: str  # the attachment's title as the item page shows it
    url: str  # site-relative address of the file
    text: list[str]  # blocks of text, in the file's order


def _cells(line: str, delimiter: str) -> str:
    """A CSV/TSV row as a reader reads it: the cells, apart (an excerpt shows no commas)."""
    return "\u3000".join(cell.strip() for cell in next(csv.reader([line], delimiter=delimiter), []))


def _blocks(path: Path, budget: int) -> list[str]:
    """The file's text in blocks, at most ``budget`` characters; [] when it cannot be read."""
    blocks: list[str] = []
    size = 0
    delimiter = _DELIMITERS.get(path.suffix.lower())
    try:
        for where, text in text_blocks(path):
            if delimiter:
                text = _cells(text, delimiter)
            text = " ".join(text.split())
            if text and not where.metadata:
                blocks.append(text[: budget - size])
                size += len(blocks[-1])
                if size >= budget:
                    break
    except Unreadable as exc:  # the privacy guard has judged it already
        log.debug("opengov: 附件 %s 不能读取，未加入站内搜索（%s）", path, exc)
        return []
    return blocks


def attachment_texts(item: Item, content_dir: Path) -> list[AttachmentText]:
    """The text of the item's readable attachments (images left out: their metadata is no
    text a reader searches for)."""
    out: list[AttachmentText] = []
    budget = MAX_ITEM_CHARS
    for number, attachment in enumerate(item.attachments, 1):
        path = content_dir / attachment.path
        if budget <= 0 or path.suffix.lower() in IMAGE_SUFFIXES or not path.is_file():
            continue
        blocks = _blocks(path, budget)
        if blocks:
            budget -= sum(len(b) for b in blocks)
            out.append(AttachmentText(number, attachment.title, attachment.path, blocks))
    return out


def with_attachments(page: bytes, texts: list[AttachmentText]) -> bytes | None:
    """The item page with its attachments' sections and metadata; None when it has no search body."""
    root = lxml_html.document_fromstring(page)
    body = next(iter(root.xpath("//*[@data-pagefind-body]")), None)
    head = root.find("head")
    if body is None or head is None:
        return None
    for text in texts:
        meta = etree.SubElement(head, "meta")
        meta.set("data-pagefind-meta", f"{META_PREFIX}{text.number}[content]")
        meta.set("content", "/" + text.url)
        section = etree.SubElement(body, "section")
        heading = etree.SubElement(section, "h2", id=f"{ANCHOR}{text.number}")
        heading.text = f"附件：{text.title}"
        for block in text.text:
            etree.SubElement(section, "p").text = block
    return b"<!doctype html>\n" + etree.tostring(root, encoding="utf-8", method="html")


def indexed_pages(portal: Portal, content_dir: Path, site_dir: Path) -> dict[str, bytes]:
    """``{page path in the site: the copy the indexer reads instead}`` for published items with
    readable attachments."""
    pages: dict[str, bytes] = {}
    for item in portal.published:
        if not item.attachments:
            continue
        texts = attachment_texts(item, content_dir)
        rel = item.url + "index.html"
        try:
            page = (site_dir / rel).read_bytes() if texts else None
        except OSError:  # no page was written for the item: nothing to find it by
            continue
        copy = with_attachments(page, texts) if page else None
        if copy is not None:
            pages[rel] = copy
    return pages
