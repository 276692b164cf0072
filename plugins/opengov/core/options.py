"""The plugin options (CONTRACT §4): one frozen record, its defaults, and the rules with their Chinese reasons.

One place for both readers: the MkDocs option classes (``mkdocs_plugin/config.py``) take
their defaults from :data:`DEFAULTS` and call the ``*_problem`` rules, and the commands read
``mkdocs.yml`` without MkDocs through :func:`read_plugin_options` (``core/configfile.py``),
so a bad option stops the build and the check with the same words, in the same order
(exit status 2 for the check). Each ``*_problem`` returns the reason, or ``None`` when the
value is fine.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
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


def day_value(name: str, value: object) -> tuple[dt.date | None, str | None]:
    """A day written ``2026-12-31`` (YAML reads it as a date) or ``"2026-12-31"``; else the reason."""
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()), None
        except ValueError:
            pass
    return (
        None,
        f"{name} 应为 YYYY-MM-DD 格式的日期（如 2026-12-31），而现在是 {shown(value)}。请在 mkdocs.yml 中改正",
    )


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


# -- the options themselves: one frozen record, its defaults written once ------------------


@dataclass(frozen=True)
class FooterOptions:
    """The footer marks (CONTRACT §4); ``None`` is not given."""

    sponsor: str | None = None  # 主办单位
    organizer: str | None = None  # 承办单位
    contact: str | None = None
    site_code: str | None = None  # 网站标识码
    icp: str | None = None  # ICP备案号
    police_record: str | None = None  # 公安机关备案号
    gov_badge: str | None = None  # image path of the 党政机关网站标识
    gov_badge_link: str | None = None
    error_report_url: str | None = None  # 我为政府网站找错


@dataclass(frozen=True)
class PluginOptions:
    """The plugin options (CONTRACT §4), with their defaults; the MkDocs classes take theirs from here."""

    content_dir: str = "content"
    catalog: str | None = None  # None: "<content_dir>/catalog.yml"
    page_size: int = 20
    feed_size: int = 50
    search: bool = True
    compliance_page: bool = False
    yearly_website_report: str | None = None
    cache_dir: str = DEFAULT_CACHE_DIR
    annual_report: str | None = None
    # Items first committed on or before this day are the archive moved from a former
    # portal: the publication ledger takes their dates as given (not in CONTRACT §4).
    archive_until: dt.date | None = None
    footer: FooterOptions = field(default_factory=FooterOptions)

    @property
    def catalog_path(self) -> str:
        return catalog_path(self.content_dir, self.catalog)


def catalog_path(content_dir: str, catalog: str | None) -> str:
    """Where the catalog is, relative to the portal folder (CONTRACT §4: ``<content_dir>/catalog.yml``)."""
    return catalog or posixpath.join(content_dir, "catalog.yml")


DEFAULTS = PluginOptions()

# How each option is checked: text, positive (int), flag (bool), file (optional, must exist),
# folder, web (optional address), footer. Null is the default: None for the optional kinds.
OPTION_KINDS: dict[str, str] = {
    "content_dir": "text",
    "catalog": "file",
    "page_size": "positive",
    "feed_size": "positive",
    "search": "flag",
    "compliance_page": "flag",
    "yearly_website_report": "file",
    "cache_dir": "folder",
    "annual_report": "file",
    "archive_until": "day",
    "footer": "footer",
}
FOOTER_KINDS: dict[str, str] = {
    name: ("web" if name in ("gov_badge_link", "error_report_url") else "optional-text")
    for name in (f.name for f in fields(FooterOptions))
}
_TYPES: dict[str, type] = {
    "text": str,
    "optional-text": str,
    "positive": int,
    "flag": bool,
    "file": str,
    "folder": str,
    "web": str,
}
_OPTIONAL = ("optional-text", "file", "web")


def _run_check(name: str, value: object, kind: str, root: Path) -> tuple[object, str | None]:
    """The value as the option holds it, or the first reason it is bad (MkDocs' run phase)."""
    if kind == "footer":
        footer, problems = read_footer(value, root)
        return footer, "；".join(problems) or None
    if kind == "day":
        return day_value(name, value)
    problem = type_problem(name, value, _TYPES[kind])
    # Without a type problem the value has its kind's type (the isinstance only tells mypy).
    if problem is None and kind == "positive" and isinstance(value, int):
        problem = positive_problem(name, value)
    if problem is None and kind == "web" and isinstance(value, str):
        problem = web_address_problem(name, value)
    return value, problem


def _post_check(name: str, value: object, kind: str, root: Path) -> str | None:
    """The checks that need every option read first (MkDocs' post-validation phase)."""
    # ``value`` passed _run_check or is the default: text, or None for an optional file.
    if kind == "file" and isinstance(value, str):
        return existing_file_problem(name, value, root)
    if kind == "folder" and isinstance(value, str):
        return folder_problem(name, value, root)
    return None


def _read_section(
    raw: Mapping[str, object], kinds: Mapping[str, str], defaults: object, root: Path, section: str
) -> tuple[dict[str, Any], list[str]]:
    """Values and reasons, in MkDocs' order: each option, unknown keys, then the post checks.

    Each value has its option's type, checked per kind at run time (hence ``Any``)."""
    values: dict[str, Any] = {}
    problems: list[str] = []
    for key, kind in kinds.items():
        # Null means the default, except for the footer, which must then be a mapping.
        if key not in raw or (raw[key] is None and kind != "footer"):
            continue
        checked, problem = _run_check(f"{section}{key}", raw[key], kind, root)
        if problem:
            problems.append(problem)
        else:
            values[key] = checked
    problems += [unknown_key_problem(key, kinds, section) for key in sorted(set(raw) - set(kinds))]
    if not problems:
        merged = {key: values.get(key, getattr(defaults, key)) for key in kinds}
        problems += [
            p for key, kind in kinds.items() if (p := _post_check(f"{section}{key}", merged[key], kind, root))
        ]
    return values, problems


def read_footer(raw: object, root: Path) -> tuple[FooterOptions, list[str]]:
    problem = type_problem("footer", raw, dict)
    if problem or not isinstance(raw, dict):  # no problem means a mapping
        return FooterOptions(), [str(problem)]
    values, problems = _read_section(raw, FOOTER_KINDS, FooterOptions(), root, "footer.")
    return FooterOptions(**values), problems


def read_plugin_options(raw: Mapping[str, object], root: Path) -> tuple[PluginOptions, list[str]]:
    """The options as written under ``plugins: - opengov:``; ``root`` is the folder of ``mkdocs.yml``.

    The reasons are the ones a build gives (``mkdocs_plugin/config.py`` applies the same rules);
    with any reason the options are the defaults.
    """
    values, problems = _read_section(raw, OPTION_KINDS, DEFAULTS, root, "")
    if problems:
        return DEFAULTS, problems
    return PluginOptions(**values), []
