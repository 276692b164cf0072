"""Where a file really is, and whether its name can be an address (CONTRACT §1, References).

A symlink is judged by its target: the site must never carry a file from outside
the portal's ``content/`` and ``docs/`` (``/etc/passwd`` through ``content/x.csv``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

# Characters a browser reads as part of the URL's syntax (or cannot send at all).
_BAD_NAME = re.compile(r"[#?%\\\x00-\x1f\x7f]")
# Markdown suffixes other than ``.md``: MkDocs and the portal read only ``.md``.
OTHER_MARKDOWN = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")


def real_inside(file: str | Path, roots: Iterable[str | Path]) -> bool:
    """True when ``file``, every symlink followed, lies in one of ``roots`` (also resolved)."""
    try:
        real = os.path.realpath(file, strict=True)
    except OSError:  # missing, a symlink loop, or unreadable: it is nowhere
        return False
    for root in roots:
        top = os.path.realpath(root)
        if real == top or real.startswith(top + os.sep):
            return True
    return False


def bad_name(path: str) -> str | None:
    """The characters of ``path`` that break its address, as the editor should read them."""
    found = sorted(set(_BAD_NAME.findall(path)))
    if not found:
        return None
    return "、".join(repr(c)[1:-1] if c.isprintable() else _control_name(c) for c in found)


def _control_name(char: str) -> str:
    return {"\n": "换行符", "\r": "回车符", "\t": "制表符"}.get(char, f"控制字符 U+{ord(char):04X}")


def bad_name_message(what: str, path: str, chars: str) -> str:
    return (
        f"{what}“{path}”的文件名含有 {chars}，这些字符在网址里有特殊含义，生成的链接会打不开。"
        "请给文件改名，只用字母、数字、- 和 _"
    )


def other_markdown_suffix(name: str) -> bool:
    """``a.MD``, ``a.markdown``…: a Markdown file the portal would otherwise never read."""
    lower = name.lower()
    return not name.endswith(".md") and lower.endswith(OTHER_MARKDOWN)
