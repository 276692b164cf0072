"""HTML comments are never published (CONTRACT §5): editors leave internal notes in them.

Python-Markdown passes a comment through untouched (block-level and inline alike, via its
raw-HTML stash), so it reaches the page source and every feed. It is removed from the
rendered HTML by a parser, which knows a comment from text that only looks like one
(``&lt;!--`` in a code block stays).
"""

from __future__ import annotations

import lxml.html
from lxml import etree


def strip_comments(html: str) -> str:
    """``html`` (a fragment) without its comments; unchanged when it has none."""
    if "<!--" not in html:
        return html  # no parse and no re-serialisation for the common case
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for comment in list(root.iter(etree.Comment)):
        comment.drop_tree()  # keeps the text after it
    text: str = lxml.html.tostring(root, encoding="unicode")
    return text[len("<div>") : -len("</div>")]
