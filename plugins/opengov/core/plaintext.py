"""What a reader or a search engine gets as plain text from a page's HTML: feed summaries and
``<meta name="description">`` (when the editor wrote no ``summary``)."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

SUMMARY_LENGTH = 120
# Search engines show about this much of a Chinese description.
DESCRIPTION_LENGTH = 120
_BLOCK_TAGS = frozenset(
    "address article aside blockquote br caption dd details div dl dt figcaption figure footer "
    "h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th "
    "thead tr ul".split()
)
_SKIPPED = ("script", "style")
_SENTENCE_END = re.compile(r"[。！？!?]")


def plain_text(root: etree._Element) -> str:
    """The text of an HTML fragment, with a space between blocks (``<p>a</p><p>b</p>`` → ``a b``)."""
    parts: list[str] = []

    def walk(el: etree._Element) -> None:
        if isinstance(el.tag, str):  # not a comment or processing instruction
            block = el.tag in _BLOCK_TAGS
            if block:
                parts.append(" ")
            if el.text and el.tag not in _SKIPPED:
                parts.append(el.text)
            for child in el:
                walk(child)
                if child.tail:
                    parts.append(child.tail)
            if block:
                parts.append(" ")

    walk(root)
    return "".join(parts)


def excerpt(text: str, limit: int = SUMMARY_LENGTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


def first_paragraph_sentence(html: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """The body's first sentence (of its first paragraph), cut at ``limit`` characters.

    Headings and tables are left out, and so is a 主送机关 line (``各乡镇人民政府：``):
    a search result reads as a sentence about the item.
    """
    if not html.strip():
        return ""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for paragraph in root.iter("p"):
        text = " ".join(plain_text(paragraph).split())
        if text and not text.endswith(("：", ":")):
            end = _SENTENCE_END.search(text)
            return excerpt(text[: end.end()] if end else text, limit)
    return ""
