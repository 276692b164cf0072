"""Links in an item's Markdown body, with their lines (for ``broken-link``)."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import quote, unquote

_INLINE = re.compile(r"!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'(][^)]*)?\)")
_REFDEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_URI_SAFE = "/:@!$&'()*+,;=-._~%?#[]"


def ascii_uri(url: str) -> str:
    """An IRI as an ASCII URI: non-ASCII and spaces percent-encoded, existing escapes kept."""
    return url if url.isascii() and " " not in url else quote(url, safe=_URI_SAFE)


def absolute_url(base_url: str, site_relative: str) -> str:
    """``base_url`` (ending with ``/``) joined with a site-relative URL (no leading ``/``)."""
    return base_url + ascii_uri(site_relative.lstrip("/"))


@dataclass(frozen=True)
class Link:
    target: str  # as written, without #fragment or ?query, percent-decoded
    line: int  # line in the item's file


def body_links(body: str, first_line: int) -> list[Link]:
    """Local links and images of a Markdown body; external and in-page links are skipped.

    Code (fenced, indented, inline) and HTML comments are blanked first: Markdown
    shows their text, it does not link it. Raw HTML tags are read by a real parser
    (unquoted values, ``srcset`` candidates).
    """
    text = mask_code(body)
    found: list[tuple[int, str]] = []
    for offset, line in enumerate(text.split("\n")):
        if "](" in line:
            found += [(offset, m.group(1)) for m in _INLINE.finditer(line)]
        ref = _REFDEF.match(line) if "]:" in line else None
        if ref:
            found.append((offset, ref.group(1)))
    if "<" in text:
        found += _html_targets(text)
    out: list[Link] = []
    for offset, target in sorted(found, key=lambda pair: pair[0]):
        local = local_target(target)
        if local is not None:
            out.append(Link(local, first_line + offset))
    return out


_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}(?=[^`]*$)|~{3,})")
_INDENTED = re.compile(r"^(?: {4}|\t)")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-+*]|\d{1,9}[.)])(?:\s|$)")
# A code span (a run of n backticks closed by a run of exactly n, inside one paragraph) or a comment.
_SPAN_OR_COMMENT = re.compile(
    r"(?<![`\\])(?P<ticks>`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)(?P=ticks)(?!`)|<!--.*?-->", re.DOTALL
)


def _blank(text: str) -> str:
    """``text`` as spaces, its line ends kept (so every later line number stays right)."""
    return re.sub(r"[^\n]", " ", text)


def mask_code(body: str) -> str:
    """``body`` with code blocks, code spans and HTML comments blanked, line for line."""
    lines = body.split("\n")
    out: list[str] = []
    fence: str | None = None
    previous_blank, in_list, in_indented = True, False, False
    for line in lines:
        if fence is not None:
            closing = re.match(r"^ {0,3}(" + re.escape(fence[0]) + "{3,})[ \t]*$", line)
            if closing and len(closing.group(1)) >= len(fence):
                fence = None
            out.append(_blank(line))
            continue
        opener = _FENCE_OPEN.match(line)
        blank = not line.strip()
        if opener:
            fence = opener.group(1)
            out.append(_blank(line))
            in_indented = False
        elif _INDENTED.match(line) and not blank and (in_indented or (previous_blank and not in_list)):
            # An indented code block starts after a blank line, outside a list (there it is the
            # item's own text); it goes on over blank lines while lines stay indented.
            in_indented = True
            out.append(_blank(line))
        else:
            if not blank:
                in_indented = False
                if not line.startswith((" ", "\t")):
                    in_list = bool(_LIST_ITEM.match(line))
                elif _LIST_ITEM.match(line):
                    in_list = True
            out.append(line)
        previous_blank = blank
    masked = "\n".join(out)
    if "`" not in masked and "<!--" not in masked:
        return masked
    return _SPAN_OR_COMMENT.sub(lambda m: _blank(m.group(0)), masked)


class _TagLinks(HTMLParser):
    """``href``, ``src`` and ``srcset`` of raw HTML tags, with the line each tag starts on."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0] - 1
        for name, value in attrs:
            if not value:
                continue
            if name in ("href", "src"):
                self.found.append((line, value.strip()))
            elif name == "srcset":
                # Candidates are "url [descriptor]", separated by commas.
                for candidate in value.split(","):
                    parts = candidate.split()
                    if parts:
                        self.found.append((line, parts[0]))

    handle_startendtag = handle_starttag


def _html_targets(text: str) -> list[tuple[int, str]]:
    parser = _TagLinks()
    parser.feed(text)
    parser.close()
    return parser.found


def local_target(target: str) -> str | None:
    """The path part of a local link, or None for external, mail or in-page links."""
    if not target or target.startswith(("#", "//")) or _SCHEME.match(target):
        return None
    path = target.split("#", 1)[0].split("?", 1)[0]
    return unquote(path) if path else None


def resolve(from_file: str, target: str) -> str:
    """``target`` relative to the folder of ``from_file`` (both relative to the portal root)."""
    if target.startswith("/"):
        return target
    return posixpath.normpath(posixpath.join(posixpath.dirname(from_file), target))


_MD_TARGET = re.compile(r"(\]\(\s*<?)([^)\s>]+)")


def rewrite_docs_links(body: str, item_path: str, content_dir: str, docs_dir: str) -> str:
    """Point links into ``docs/`` at the page's place in the built site.

    An item's links are written relative to its file in ``content/``; the site
    mounts ``content/`` and ``docs/`` at the same root, so a link that climbs out
    of ``content/`` into ``docs/`` must lose those two folder names.
    """
    if "docs" not in body:
        return body
    source = f"{content_dir}/{item_path}"
    folder = posixpath.dirname(item_path) or "."

    def fix(match: re.Match[str]) -> str:
        target = match.group(2)
        path = local_target(target)
        if path is None or path.startswith("/"):
            return match.group(0)
        full = resolve(source, path)
        if not full.startswith(docs_dir + "/"):
            return match.group(0)
        suffix = target[len(target.split("#", 1)[0].split("?", 1)[0]) :]
        new = posixpath.relpath(full[len(docs_dir) + 1 :], folder)
        return match.group(1) + new + suffix

    return _MD_TARGET.sub(fix, body)
