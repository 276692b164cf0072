"""A document's body as clean Markdown.

- Numbered headings by level, as 公文 number them: 一、 → ``##``, （一） → ``###``, 1． →
  ``####``, （1） → ``#####`` (the item's title is the page's ``#``). A numbered paragraph
  that goes on after its heading sentence (（一）加强组织领导。各部门要……) stays a paragraph.
- Paragraphs without Word's indentation spaces; bold runs as ``**…**``; Word's own lists
  as Markdown lists; tables as pipe tables; images by the names the caller gives them.
- Everything the document says is text: Markdown and HTML characters are escaped, so a
  document can never bring markup (or a script) into the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .docx_blocks import Block, Image, Para, TableBlock
from .redhead import plain

_HEADINGS = (
    (re.compile(r"^[一二三四五六七八九十百]+、"), 2),
    (re.compile(r"^[（(][一二三四五六七八九十百]+[）)]"), 3),
    (re.compile(r"^\d{1,2}[．.、](?!\d)"), 4),
    (re.compile(r"^[（(]\d{1,2}[）)]"), 5),
)
HEADING_MAX = 40  # characters: a longer numbered line is a paragraph
_SENTENCE_END = re.compile(r"[。；！？;!?]")
# Python-Markdown's escapable characters that mean markup; "<" cannot be escaped, it is written &lt;.
_ESCAPE = re.compile(r"([\\`*_\[\]>|])")
_LINE_START = re.compile(r"^(#|[-+](?=\s))")
_LIST_NUMBER = re.compile(r"^(\d+)([.)])")


def escape(text: str) -> str:
    """Markdown-safe text: every character that Markdown or HTML would read as markup escaped."""
    text = _ESCAPE.sub(r"\\\1", text.replace("&", "&amp;").replace("<", "&lt;"))
    return _LIST_NUMBER.sub(r"\1\\\2", _LINE_START.sub(r"\\\1", text))


def heading_level(text: str) -> int | None:
    """The heading level of a numbered line, None when it is no heading."""
    text = plain(text)
    for pattern, level in _HEADINGS:
        found = pattern.match(text)
        if found:
            rest = text[found.end() :]
            ends = _SENTENCE_END.search(rest)
            if len(text) <= HEADING_MAX and (ends is None or ends.end() == len(rest)):
                return level
            return None
    return None


def _inline(para: Para) -> str:
    """The paragraph's runs, bold kept, layout spaces dropped."""
    merged: list[tuple[str, bool]] = []
    for text, bold in para.spans:
        if merged and merged[-1][1] == bold:
            merged[-1] = (merged[-1][0] + text, bold)
        else:
            merged.append((text, bold))
    out: list[str] = []
    for text, bold in merged:
        words = escape(plain(text))
        if not words:
            if text and out and not out[-1].endswith(" "):
                out.append(" ")
            continue
        out.append(f"**{words}**" if bold else words)
    line = "".join(out).strip()
    return re.sub(r"\*\*(\s*)\*\*", r"\1", line)  # two bold runs side by side are one


def _table(table: TableBlock) -> str:
    rows = [
        [escape(plain(cell)).replace("\n", " ") for cell in row]
        for row in table.rows
        if any(c.strip() for c in row)
    ]
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(c or " " for c in rows[0]) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return "\n".join(lines)


def to_markdown(blocks: list[Block], image_name: Callable[[Image], str]) -> str:
    """The body as Markdown; ``image_name`` gives each image's file name (it is saved by the caller)."""
    out: list[str] = []
    in_list = False
    for block in blocks:
        if isinstance(block, TableBlock):
            table = _table(block)
            if table:
                out.append(table)
            in_list = False
            continue
        text = _inline(block)
        pictures = [f"![图{n}]({image_name(image)})" for n, image in enumerate(block.images, 1)]
        if not text and not pictures:
            continue
        if block.list_level is not None and text:
            item = "    " * block.list_level + ("1. " if block.ordered else "- ") + text
            if in_list:
                out[-1] += "\n" + item
            else:
                out.append(item)
            in_list = True
            continue
        in_list = False
        level = heading_level(block.text) if text else None
        if level is not None:
            out.append("#" * level + " " + text.replace("**", ""))
        elif text:
            out.append(text)
        out.extend(pictures)
    return "\n\n".join(out) + "\n" if out else ""
