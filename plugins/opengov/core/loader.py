"""Load a whole portal: catalog, every item, the published set and every finding.

``opengov check``, ``opengov report`` and the MkDocs plugin all call
:func:`load_portal`, so each rule lives in one place.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .annual import build_annual, load_annual_file
from .catalog import load_catalog
from .dates import beijing_now
from .derived import checked_memo
from .footer import footer_findings
from .frontmatter import file_digest, parse_item
from .history import read_git_log
from .itemjson import item_from_json, item_to_json
from .model import Finding, Item, Portal, relative_posix
from .options import DEFAULTS
from .paths import bad_name, bad_name_message, other_markdown_suffix, real_inside
from .pipeline import assemble_portal
from .yearly import YEARLY, YearlyReport, build_yearly

log = logging.getLogger("opengov")

NOT_ITEMS = ("index.md", "README.md")


@dataclass
class LoadOptions:
    root: Path
    content_dir: str = DEFAULTS.content_dir
    catalog: str = DEFAULTS.catalog_path
    docs_dir: str = "docs"
    today: dt.date | None = None
    page_size: int = DEFAULTS.page_size
    # Site-level checks that `opengov check` and the build share; None/empty skips them.
    footer: Mapping[str, Any] | None = None
    config_file: str = "mkdocs.yml"  # relative to root, for footer findings
    annual_report: str | None = None  # relative to root
    yearly_website_report: str | None = None  # relative to root: the 年度报表's office YAML
    compliance_page: bool = False  # the 年度报表 is published with the compliance page
    site_checks: bool = True  # report the footer's and the office files' defects (a build, `check`)
    site_url: str | None = None  # its path is where site-root links (/fiscal/…) start
    archive_until: dt.date | None = None  # the publication ledger's archive (history/ledger.py)


@dataclass
class ParseCache:
    """Parsed items by path, reused while the file is unchanged (``mkdocs serve`` rebuilds, and
    ``mkdocs build`` through the build cache: :meth:`dump`, :meth:`load`).

    A file whose size and modification time are as before is not even read again;
    otherwise its bytes decide (their digest, ``Item.digest``).
    """

    entries: dict[str, tuple[tuple[int, int], str, Item, list[Finding]]] = field(default_factory=dict)
    hits: int = 0
    # What :meth:`load` read, by path: written back as it was while the item is the same.
    loaded: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    # Per-item results of the checks (core/derived.py), by path: (digest, memo).
    derived: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)

    def memo_for(self, path: str, digest: str) -> tuple[str, dict[str, Any]]:
        memo = self.derived.get(path)
        if memo is None or memo[0] != digest:
            memo = self.derived[path] = (digest, {})
        return memo

    def parse(self, file: str, path: str, source: str) -> tuple[Item, list[Finding]]:
        info = os.stat(file)
        stamp = (info.st_mtime_ns, info.st_size)
        cached = self.entries.get(path)
        if cached is not None and cached[0] == stamp:
            self.hits += 1
            return cached[2], cached[3]
        with open(file, "rb") as handle:
            raw = handle.read()
        if cached is not None and cached[1] == file_digest(raw) and cached[2].source == source:
            self.hits += 1
            self.entries[path] = (stamp, cached[1], cached[2], cached[3])
            return cached[2], cached[3]
        item, findings = parse_item(raw, path, source)
        self.entries[path] = (stamp, item.digest, item, findings)
        return item, findings

    def dump(self, keep: Collection[str]) -> dict[str, Any]:
        """The entries of the paths in ``keep`` (the published items: nothing of any other
        item is written to disk), as JSON values; no file times (a fresh clone changes them)."""
        out: dict[str, Any] = {}
        for path, (_stamp, digest, item, findings) in sorted(self.entries.items()):
            if path not in keep:
                continue
            known = self.loaded.get(path)
            entry = known[1] if known is not None and known[0] == digest else item_to_json(item, findings)
            memo = self.derived.get(path)
            out[path] = {**entry, "derived": memo[1]} if memo is not None and memo[0] == digest else entry
        return out

    def load(self, data: object) -> None:
        """Entries as :meth:`dump` gives them; raises ValueError (nothing kept) when any is bad."""
        if not isinstance(data, dict):
            raise ValueError("entries")
        loaded = {}
        for path, value in data.items():
            if not isinstance(value, dict):
                raise ValueError("entry")
            entry = {k: v for k, v in value.items() if k != "derived"}
            memo = checked_memo(value["derived"]) if "derived" in value else None
            item, findings = item_from_json(entry)
            if item.path != path:
                raise ValueError("path")
            loaded[path] = (((-1, -1), item.digest, item, findings), entry, memo)
        for path, (parsed, entry, memo) in loaded.items():
            self.entries.setdefault(path, parsed)
            self.loaded[path] = (parsed[1], entry)
            if memo is not None:
                self.derived.setdefault(path, (parsed[1], memo))


def iter_markdown(content: Path, roots: tuple[Path, ...] = ()) -> tuple[list[tuple[str, str]], list[str]]:
    """(file system path, path relative to ``content``) of every ``.md`` file, sorted; hidden folders skipped.

    Also the paths (relative to ``content``) of symlinks that lead out of ``roots``
    (``content/`` and ``docs/``): a symlinked folder is never walked (its items,
    when it points inside, are found where they really are; a link to an ancestor
    cannot loop), and a symlinked ``.md`` file that leaves the roots is not an item.
    """
    found: list[tuple[str, str]] = []
    outside: list[str] = []
    top = str(content)
    roots = roots or (content,)
    for folder, dirs, files in os.walk(top):
        prefix = os.path.relpath(folder, top).replace(os.sep, "/")
        prefix = "" if prefix == "." else prefix + "/"
        for name in dirs:
            full = os.path.join(folder, name)
            if os.path.islink(full) and not real_inside(full, roots):
                outside.append(prefix + name)
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and not os.path.islink(os.path.join(folder, d))
        )
        for name in sorted(files):
            full = os.path.join(folder, name)
            if not name.endswith(".md") and not other_markdown_suffix(name):
                continue
            if os.path.islink(full) and not real_inside(full, roots):
                outside.append(prefix + name)
            else:
                found.append((full, prefix + name))
    return found, sorted(outside)


def load_portal(
    options: LoadOptions,
    cache: ParseCache | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Portal:
    root = options.root
    # A given day (a report's as-of) is that whole day; else the build's moment.
    now = None if options.today else beijing_now()
    today = options.today or now.date()  # type: ignore[union-attr]
    catalog_path = root / options.catalog
    catalog, findings = load_catalog(catalog_path, relative_posix(catalog_path, root))
    content = root / options.content_dir
    content_rel = relative_posix(content, root)
    if not content.is_dir():
        findings.append(
            Finding(
                content_rel, 1, "error", "bad-catalog", f"找不到内容文件夹 {content_rel}（content_dir 选项）"
            )
        )
    started = time.monotonic()
    cache = cache or ParseCache()
    items = _read_items(options, content, content_rel, cache, findings, progress)
    log.debug("opengov: read %d items in %.2fs", len(items), time.monotonic() - started)
    portal = Portal(
        root=str(root),
        content_dir=content_rel,
        catalog=catalog,
        items=items,
        published=[],
        today=today,
        findings=findings,
        now=now,
        derived={path: cache.memo_for(path, item.digest) for path, item in items.items()},
    )
    portal = assemble_portal(
        portal,
        root / options.docs_dir,
        options.page_size,
        options.site_url,
        read_git_log(root, content_rel),
        options.archive_until,
    )
    if options.site_checks and options.footer is not None:
        portal.findings.extend(footer_findings(options.footer, options.config_file))
    if options.site_checks and options.annual_report:
        portal.findings.extend(annual_findings(portal, root / options.annual_report, options.annual_report))
    if options.yearly_website_report:  # read for `opengov report` too (yearly_report_missing)
        portal.yearly, found = read_yearly(portal, options)
        if options.site_checks:
            portal.findings.extend(found)
    portal.findings.sort(key=lambda f: (f.path, f.line, f.code, f.message))
    return portal


def _read_items(
    options: LoadOptions,
    content: Path,
    content_rel: str,
    cache: ParseCache,
    findings: list[Finding],
    progress: Callable[[int, int], None] | None,
) -> dict[str, Item]:
    """Every item under ``content``, by path; the findings of the files go to ``findings``."""
    items: dict[str, Item] = {}
    files, outside = (
        iter_markdown(content, (content, options.root / options.docs_dir)) if content.is_dir() else ([], [])
    )
    findings.extend(
        Finding(
            f"{content_rel}/{path}",
            1,
            "error",
            "broken-link",
            f"“{path}”是指向 {content_rel}/ 和 {options.docs_dir}/ 之外（或已失效）的快捷方式（符号链接），"
            "网站不会读取或公开它。请把文件本身放进 content/ 文件夹，并删除这个链接",
        )
        for path in outside
    )
    for number, (file, path) in enumerate(files, 1):
        source = f"{content_rel}/{path}"
        problems, is_item = _file_name_findings(path, source)
        findings.extend(problems)
        if not is_item:
            continue
        item, item_findings = cache.parse(file, path, source)
        items[path] = item
        findings.extend(item_findings)
        if progress and (number % 1000 == 0 or number == len(files)):
            progress(number, len(files))
    return items


def _file_name_findings(path: str, source: str) -> tuple[list[Finding], bool]:
    """What is wrong with an item file's name, and whether the file is read as an item at all."""
    name = path.rsplit("/", 1)[-1]
    if other_markdown_suffix(name):
        message = f"“{name}”的扩展名不是小写的 .md，网站不会把它当作条目发布。请把扩展名改为小写 .md"
        return [Finding(source, 1, "error", "bad-path", message)], False
    findings = []
    chars = bad_name(path)
    if chars:
        findings.append(Finding(source, 1, "error", "bad-path", bad_name_message("条目", path, chars)))
    if name in NOT_ITEMS:
        message = (
            f"{name} 不能作为信息公开条目（它会占用所在文件夹的地址）。请改用其他文件名，如 notice-2025.md"
        )
        findings.append(Finding(source, 1, "error", "url-conflict", message))
        return findings, False
    return findings, True


def read_yearly(portal: Portal, options: LoadOptions) -> tuple[YearlyReport | None, list[Finding]]:
    """The 年度报表 from the office's YAML (for the last full year unless it names one), and its defects."""
    rel = options.yearly_website_report or ""
    data, findings = load_annual_file(options.root / rel, rel, YEARLY)
    if data is None:
        return None, findings
    footer = options.footer or {}
    organization = portal.catalog.organization.name
    defaults = {
        "name": organization,
        "url": options.site_url,
        "sponsor": footer.get("sponsor") or organization,
        "kind": "政府门户网站",
        "site_code": footer.get("site_code"),
        "icp": footer.get("icp"),
        "police_record": footer.get("police_record"),
    }
    report = build_yearly(
        portal, data, portal.today.year - 1, path=rel, defaults=defaults, published=options.compliance_page
    )
    findings.extend(report.findings)
    if not options.compliance_page:
        message = (
            "设置了 yearly_website_report，但没有开启 compliance_page，年度报表不会在网站发布。"
            "请同时设置 compliance_page: true"
        )
        findings.append(Finding(options.config_file, 1, "warning", YEARLY.code, message))
    return report, findings


def annual_findings(portal: Portal, file: Path, rel_path: str) -> list[Finding]:
    """Defects of the office's annual-report YAML (its schema and Table 3's identity)."""
    data, findings = load_annual_file(file, rel_path)
    if data is not None:
        findings.extend(build_annual(portal, data, portal.today.year - 1, path=rel_path).findings)
    return findings
