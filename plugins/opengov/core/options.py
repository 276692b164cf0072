"""The rules for the plugin options (CONTRACT §4), with their Chinese reasons.

One place for both readers: the MkDocs option classes (``mkdocs_plugin/config.py``) call
these, and ``opengov check`` reads ``mkdocs.yml`` through the same classes, so a bad
option stops the build and the check with the same words (exit status 2 for the check).
Each function returns the reason, or ``None`` when the value is fine.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

# The default of `cache_dir` (CONTRACT §4).
DEFAULT_CACHE_DIR = ".cache/opengov"

TYPE_NAMES: dict[type, str] = {
    int: "整数（不加引号，如 20）",
    bool: " true 或 false",
    str: '文字（数字也要写在引号里，如 "5113250001"）',
    dict: "“键: 值”的映射（下一行缩进书写）",
}


def shown(value: object) -> str:
    """A value as the administrator wrote it in YAML (``true``, ``"20"``, ``null``)."""
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return str(value)


def type_problem(name: str, value: object, expected: type) -> str | None:
    # YAML's true/false are ints to Python; a page size of `true` is a mistake, not 1.
    if isinstance(value, expected) and not (expected is not bool and isinstance(value, bool)):
        return None
    return f"{name} 应为{TYPE_NAMES.get(expected, expected.__name__)}，而现在是 {shown(value)}。请在 mkdocs.yml 中改正"


def positive_problem(name: str, value: int) -> str | None:
    if value >= 1:
        return None
    return f"{name} 必须是大于 0 的整数，现在是 {value}。请改为正整数，或删除这一行使用默认值"


def existing_file_problem(name: str, value: str, root: Path) -> str | None:
    """``value`` (relative to the folder of ``mkdocs.yml``) must name an existing file."""
    if not value.strip():
        return f"{name} 是空的。请填写文件路径（相对于 mkdocs.yml 所在的文件夹），或删除这一行"
    if (root / value).is_file():
        return None
    return f"{name} 指向的文件 {value} 不存在（路径相对于 mkdocs.yml 所在的文件夹）。请检查路径和文件名，或删除这一行"


def folder_problem(name: str, value: str, root: Path) -> str | None:
    """``value`` must be usable as a folder: not empty and not an existing file."""
    if not value.strip():
        return f"{name} 是空的。请填写文件夹路径（默认 {DEFAULT_CACHE_DIR}），或删除这一行"
    if (root / value).exists() and not (root / value).is_dir():
        return f"{name} 指向的 {value} 是一个文件，不是文件夹。请换一个文件夹路径"
    return None


def unknown_key_problem(name: str, known: Iterable[str], section: str = "") -> str:
    """An option the plugin does not have: most often a misspelling, which would be silently ignored."""
    known = sorted(known)
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = f"是否想写 {section}{close[0]}？" if close else f"可用的选项：{'、'.join(known)}。"
    return f"opengov 插件没有 {section}{name} 这一选项，写了也不会生效。{hint}请改正或删除这一行"


def web_address_problem(name: str, value: str) -> str | None:
    """``value`` must be a whole http(s) address: a footer link is clicked on every page.

    Browsers drop spaces, tabs and line breaks inside a scheme (``java\tscript:``), so any
    whitespace or control character is refused rather than judged.
    """
    if not value.strip():
        return None  # left blank: the missing-footer-mark warning asks for it
    parts = urlsplit(value)
    if (
        parts.scheme.lower() in ("http", "https")
        and parts.netloc
        and not any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in value)
    ):
        return None
    return (
        f"{name} 应为以 https:// 或 http:// 开头的完整网址，而现在是 {shown(value)}。"
        "页脚链接出现在每个页面上，只能指向网页。请改为正确的网址"
    )
