"""Links in an item's Markdown body, with their lines (for ``broken-link``)."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import quote, unquote

_INLINE = re.compile(r"!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'(][^)]*)?\)")
_REFDEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$")
_HTML = re.compile(r"""\b(?:href|src)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
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
    """Local links and images of a Markdown body; external and in-page links are skipped."""
    out: list[Link] = []
    fence: str | None = None
    for offset, text in enumerate(body.split("\n")):
        opener = _FENCE.match(text)
        if opener:
            marker = opener.group(1)[0]
            if fence is None:
                fence = marker
                continue
            if fence == marker:
                fence = None
                continue
        if fence is not None or "](" not in text and "]:" not in text and "=" not in text:
            continue
        targets = [m.group(1) for m in _INLINE.finditer(text)]
        targets += [m.group(1) for m in _HTML.finditer(text)]
        ref = _REFDEF.match(text)
        if ref:
            targets.append(ref.group(1))
        for target in targets:
            local = local_target(target)
            if local is not None:
                out.append(Link(local, first_line + offset))
    return out


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
