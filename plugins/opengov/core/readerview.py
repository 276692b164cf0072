"""Text as a reader sees it, with a way back to the source (CONTRACT §5).

Pure functions, no MkDocs. The privacy guard reads Markdown and YAML as written; a
reader gets something else: ``**13912345678**`` shows no asterisks, ``&#53;`` is a
``5``, ``1391234<span>5678</span>`` and ``139<!-- x -->12345678`` are one number.
:func:`reader_view` gives that text (emphasis delimiters that pair up removed, HTML
tags and comments removed, entities decoded, backslash escapes resolved) and
:class:`View` maps each of its offsets back to the source, so a finding names the
line the editor wrote.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from dataclasses import dataclass

__all__ = ["View", "reader_view", "wants_reader_view"]


@dataclass(frozen=True)
class View:
    """The reader's text and, per segment, where it came from.

    Segment ``k`` starts at ``starts[k]`` in :attr:`text`; a copied segment maps one to
    one onto the source from ``sources[k]``; a replaced one (an entity, a removed tag)
    maps every offset onto its whole source token ``sources[k]:ends[k]``.
    """

    text: str
    starts: tuple[int, ...]
    sources: tuple[int, ...]
    ends: tuple[int, ...]  # -1 for a copied segment

    def source_start(self, offset: int) -> int:
        k = bisect_right(self.starts, offset) - 1
        if self.ends[k] < 0:
            return self.sources[k] + offset - self.starts[k]
        return self.sources[k]

    def source_end(self, end: int) -> int:
        """The source offset just after the view's ``text[:end]`` (``end`` > 0)."""
        k = bisect_right(self.starts, end - 1) - 1
        if self.ends[k] < 0:
            return self.sources[k] + end - self.starts[k]
        return self.ends[k]


# Tokens that a reader does not see as written. Order matters: a comment before a tag,
# a backslash escape before a delimiter run.
_TOKENS = re.compile(
    r"""
    (?=[<&\\\]*_~^=`])  # every token starts with one of these: fail fast elsewhere
    (?:(?P<comment><!--.*?(?:-->|\Z))
  | (?P<tag></?(?P<name>[A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>)
  | (?P<entity>&(?:\#[0-9]{1,7}|\#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)
  | (?P<escape>\\[!-/:-@\[-`{-~])
  | (?P<link>\]\([^()\s]*(?:\s+"[^"]*")?\))
  | (?P<delim>\*+|_+|~+|\^+|=+|`+))
    """,
    re.VERBOSE | re.DOTALL,
)
# Tags that break a line: removing them must not join the text on either side.
_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd details div dl dt figcaption figure footer form h1 h2 h3 "
    "h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th thead tr ul".split()
)
# Delimiters Markdown and the pymdownx extensions pair up: * ** *** _ __ ___ ~ ~~ ^ ^^ == and `.
_MAX_RUN = {"*": 3, "_": 3, "~": 2, "^": 2, "=": 2, "`": 16}
_MIN_RUN = {"=": 2}

# Only text with markup, an entity or a comment next to a digit can read differently.
# A run of 4 or more asterisks is a mask, which reads the same either way.
_HINT = re.compile(
    r"""(?=[&<*_~^=>;`)\\\]])(?:&(?=\#)|<(?=!--)|[_~^=<&;`\\\]](?<=\d.)|[_~^=>;`)](?=\d)
    |\*(?<=\d\*)(?!\*\*\*)|\*(?=\d)(?<!\*\*\*\*))""",
    re.VERBOSE,
)


def wants_reader_view(text: str) -> bool:
    """False when the reader sees the same digits as the source (the fast path)."""
    return _HINT.search(text) is not None


def _pairs(text: str, delims: list[tuple[int, int]]) -> set[int]:
    """Starts of the delimiter runs that pair up as emphasis (or code) and so vanish."""
    n = len(text)
    stack: list[tuple[str, int, int]] = []
    paired: set[int] = set()
    for start, end in delims:
        char, size = text[start], end - start
        if size > _MAX_RUN[char] or size < _MIN_RUN.get(char, 1):
            continue  # ``****`` is a mask, not emphasis
        before = text[start - 1] if start else " "
        after = text[end] if end < n else " "
        can_open = not after.isspace()
        can_close = not before.isspace()
        if char == "_":  # intraword underscores are literal (Python-Markdown, CommonMark)
            can_open = can_open and not before.isalnum()
            can_close = can_close and not after.isalnum()
        if can_close:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == char and stack[depth][1] == size:
                    paired.update((stack[depth][2], start))
                    del stack[depth:]
                    break
            else:
                if can_open:
                    stack.append((char, size, start))
            continue
        if can_open:
            stack.append((char, size, start))
    return paired


def reader_view(text: str) -> View:
    """``text`` (Markdown with HTML) as its reader sees it, mapped back to ``text``."""
    matches = list(_TOKENS.finditer(text))
    delims = [m.span() for m in matches if m.lastgroup == "delim"]
    paired = _pairs(text, delims) if delims else set()
    out: list[str] = []
    starts: list[int] = []
    sources: list[int] = []
    ends: list[int] = []
    length = 0
    pos = 0

    def copy(upto: int) -> None:
        nonlocal length
        if upto > pos:
            starts.append(length)
            sources.append(pos)
            ends.append(-1)
            out.append(text[pos:upto])
            length += upto - pos

    def put(value: str, start: int, end: int) -> None:
        nonlocal length
        if value:
            starts.append(length)
            sources.append(start)
            ends.append(end)
            out.append(value)
            length += len(value)

    for m in matches:
        kind = m.lastgroup
        start, end = m.span()
        if kind == "delim" and start not in paired:
            continue  # literal: stays in the copied text
        copy(start)
        if kind == "tag":
            put(" " if m.group("name").lower() in _BLOCK_TAGS else "", start, end)
        elif kind == "entity":
            put(html.unescape(m.group()), start, end)
        elif kind == "escape":
            put(m.group()[1], start, end)
        pos = end
    copy(len(text))
    if not starts:
        starts, sources, ends = [0], [0], [-1]
    return View("".join(out), tuple(starts), tuple(sources), tuple(ends))
