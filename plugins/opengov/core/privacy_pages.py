"""The privacy guard over whole published texts: front matter, pages, catalog (CONTRACT §5).

Pure functions, no MkDocs. Front matter is read twice, as written and as parsed (YAML
escapes such as ``"\\u0035"`` publish digits the written text does not show); bodies
as written and as their reader sees them (:func:`privacy.scan_markdown`). Lines are
1-based in the file the text came from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import yaml

from .frontmatter import split_front_matter
from .privacy import PiiHit, digits_of, scan_markdown, scan_text
from .yamlpos import YamlError, compose, line_of

__all__ = ["scan_front_matter", "scan_page", "scan_yaml_values", "page_allow"]

_ALLOW_KEYS = ("pii_allow", "允许公开信息")
# A value continued on the next line is folded into one line with a space (``1391234`` then
# ``5678`` reads ``1391234 5678``): a digit ending a line and one starting the next.
_FOLDED_DIGITS = re.compile(r"\d[ \t]*\n[ \t]*[>|\"'-]?[ \t]*\d")


def _scalars(node: yaml.Node | None) -> Iterator[yaml.ScalarNode]:
    if isinstance(node, yaml.ScalarNode):
        yield node
    elif isinstance(node, yaml.SequenceNode):
        for child in node.value:
            yield from _scalars(child)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _scalars(key)
            yield from _scalars(value)


def scan_yaml_values(root: yaml.Node | None, allow: Iterable[str], line_offset: int = 0) -> list[PiiHit]:
    """Hits in every parsed string of a composed YAML tree, at the line its value starts."""
    allow = list(allow)
    hits = []
    for node in _scalars(root):
        if isinstance(node.value, str) and node.value:
            start = line_of(node, line_offset)
            hits += [PiiHit(h.code, start + h.line - 1, h.text) for h in scan_text(node.value, allow)]
    return hits


def scan_front_matter(text: str, allow: Iterable[str], first_line: int = 2) -> list[PiiHit]:
    """Hits in front matter ``text`` whose first line is ``first_line`` of its file: as
    written, then (when it holds escapes) as parsed, each number once."""
    allow = list(allow)
    hits = [PiiHit(h.code, first_line - 1 + h.line, h.text) for h in scan_text(text, allow)]
    if "\\" not in text and not _FOLDED_DIGITS.search(text):
        return hits  # no escapes, no digits folded across lines: the parsed strings show no others
    try:
        root = compose(text, line_offset=first_line - 1)
    except YamlError:
        return hits  # reported as yaml-syntax; the item is not built
    seen = {digits_of(h) for h in hits}
    for hit in scan_yaml_values(root, allow, line_offset=first_line - 1):
        if digits_of(hit) not in seen:
            seen.add(digits_of(hit))
            hits.append(hit)
    return hits


def page_allow(front: str) -> list[str]:
    """A docs page's own ``pii_allow`` (``允许公开信息``) list from its front matter text."""
    try:
        root = compose(front)
    except YamlError:
        return []
    if not isinstance(root, yaml.MappingNode):
        return []
    allowed: list[str] = []
    for key, value in root.value:
        if key.value in _ALLOW_KEYS:
            allowed += [n.value for n in _scalars(value) if isinstance(n.value, str)]
    return allowed


def scan_page(text: str) -> list[PiiHit]:
    """Hits in a docs page (Markdown with optional front matter), at its file's lines,
    passed by the page's own ``pii_allow``."""
    parts = split_front_matter(text)
    if not parts:
        return scan_markdown(text)
    front, body, body_line = parts
    allow = page_allow(front)
    hits = scan_front_matter(front, allow)
    hits += [PiiHit(h.code, body_line - 1 + h.line, h.text) for h in scan_markdown(body, allow)]
    return hits
