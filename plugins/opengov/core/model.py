"""The domain model: plain dataclasses, no MkDocs.

Paths inside the model are POSIX strings:
- ``Item.path`` is relative to the content folder, with ``.md`` (``fiscal/2017/q2.md``);
- ``Item.source`` / ``Finding.path`` are relative to the portal root (``content/fiscal/2017/q2.md``);
- URLs are site-relative without a leading slash (``fiscal/2017/q2/``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .vocabulary import DEFAULT_INDEX_FORMAT, POLICY_DOC_TYPES, UNKNOWN_TYPE

if TYPE_CHECKING:
    from .history.ledger import Ledger
    from .yearly import YearlyReport

BEIJING = dt.timezone(dt.timedelta(hours=8), "+08:00")

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    severity: Severity
    code: str
    message: str

    def format(self) -> str:
        return f"{self.path}:{self.line}: {self.severity} {self.code}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }


@dataclass
class Organization:
    name: str
    code: str | None = None
    index_format: str = DEFAULT_INDEX_FORMAT


@dataclass
class Column:
    id: str
    title: str
    cadence: str = "none"
    inspection: str = "none"
    description: str = ""
    parent: str | None = None
    children: list[str] = field(default_factory=list)
    line: int = 1

    @property
    def url(self) -> str:
        return f"{self.id}/"


@dataclass
class Department:
    id: str
    name: str
    code: str | None = None
    line: int = 1

    @property
    def url(self) -> str:
        return f"departments/{self.id}/"


@dataclass
class Catalog:
    organization: Organization
    # Pre-order over the column tree, so iteration follows the catalog's own order.
    columns: dict[str, Column] = field(default_factory=dict)
    departments: dict[str, Department] = field(default_factory=dict)
    holidays: set[dt.date] = field(default_factory=set)
    workdays: set[dt.date] = field(default_factory=set)
    path: str = "content/catalog.yml"

    def roots(self) -> list[Column]:
        return [c for c in self.columns.values() if c.parent is None]

    def ancestors(self, column_id: str) -> list[str]:
        """Ids from the root down to (and including) ``column_id``."""
        chain: list[str] = []
        current: str | None = column_id
        while current is not None:
            chain.append(current)
            current = self.columns[current].parent
        return chain[::-1]

    def descendants(self, column_id: str) -> list[str]:
        """``column_id`` and every column below it, pre-order."""
        out = [column_id]
        for child in self.columns[column_id].children:
            out.extend(self.descendants(child))
        return out

    def department(self, ref: str) -> Department | None:
        """A department by id or by its exact name."""
        if ref in self.departments:
            return self.departments[ref]
        for dept in self.departments.values():
            if dept.name == ref:
                return dept
        return None

    def department_signed(self, name: str) -> Department | None:
        """The department a document's signature names: its exact name, else the one name that
        is the same once the county is left out (示例县财政局 and 县财政局 are both 财政局;
        人民政府 and 政府 are one).
        None when no department, or more than one, answers."""
        exact = self.department(name)
        if exact is not None or not name:
            return exact
        found = [d for d in self.departments.values() if self._local_name(d.name) == self._local_name(name)]
        return found[0] if len(found) == 1 else None

    def _local_name(self, name: str) -> str:
        county = self.organization.name
        for suffix in ("人民政府", "政府"):
            county = county.removesuffix(suffix)
        name = "".join(name.split()).replace("人民政府", "政府")  # 县人民政府办公室 = 县政府办公室
        if county and name.startswith(county):
            return name[len(county) :]
        return name[1:] if name[:1] in "县市区旗" else name

    def department_name(self, dept_id: str | None) -> str | None:
        """The name of the department with this id; None when there is none."""
        dept = self.departments.get(dept_id or "")
        return dept.name if dept is not None else None

    def code_for(self, dept_id: str | None) -> str | None:
        dept = self.departments.get(dept_id or "")
        if dept is not None and dept.code:
            return dept.code
        return self.organization.code


@dataclass
class Attachment:
    path: str  # relative to the content folder
    title: str
    line: int
    size: int | None = None  # bytes; None when the file is missing
    mime: str = UNKNOWN_TYPE
    reviewed: bool = False  # a person checked what the privacy guard cannot read (CONTRACT §1)

    @property
    def url(self) -> str:
        return self.path

    @property
    def ext(self) -> str:
        name = self.path.rsplit("/", 1)[-1]
        return name.rsplit(".", 1)[-1].upper() if "." in name else ""


@dataclass
class Item:
    path: str
    source: str
    title: str = ""
    date: dt.datetime | None = None  # aware, Beijing time
    columns: list[str] = field(default_factory=list)
    publisher: str | None = None  # department id
    written: dt.datetime | None = None
    doc_number: str | None = None
    index_no: str | None = None
    disclosure: str = "proactive"
    validity: str | None = None
    repealed_on: dt.datetime | None = None
    doc_type: str = "other"
    topics: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    interprets: str | None = None
    replaced_by: str | None = None
    attachments: list[Attachment] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    old_urls: list[str] = field(default_factory=list)  # a former portal's addresses, "/art/….html"
    summary: str | None = None
    draft: bool = False
    pii_allow: list[str] = field(default_factory=list)
    body: str = ""
    body_line: int = 1  # line of the body's first line in the source file
    lines: dict[str, int] = field(default_factory=dict)  # canonical key -> line
    front_matter_text: str = ""  # raw front matter, for the privacy guard
    digest: str = ""  # hash of the file's bytes, for caches

    @property
    def url(self) -> str:
        return url_for_path(self.path)

    @property
    def primary_column(self) -> str | None:
        return self.columns[0] if self.columns else None

    @property
    def is_policy(self) -> bool:
        return self.doc_type in POLICY_DOC_TYPES

    @property
    def day(self) -> dt.date | None:
        return self.date.date() if self.date else None

    def line_of(self, key: str) -> int:
        return self.lines.get(key, 1)


def page_count(total: int, page_size: int) -> int:
    """Listing pages for ``total`` entries: at least one, even for an empty column."""
    return max(1, -(-total // max(page_size, 1)))


def relative_posix(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` in POSIX form, or as given when it lies outside."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def url_for_path(path: str) -> str:
    """``fiscal/2017/q2.md`` -> ``fiscal/2017/q2/`` (CONTRACT §1)."""
    stem = path[:-3] if path.endswith(".md") else path
    return stem + "/"


def old_url_file(url: str) -> str:
    """The file that answers a former portal's address, relative to the site (CONTRACT §1
    ``old_urls``): ``/art/1/a.html`` → ``art/1/a.html``, ``/col/col12/`` and ``/col/col12`` →
    ``col/col12/index.html``."""
    rel = url.strip().lstrip("/")
    if not rel or rel.endswith("/"):
        return rel + "index.html"
    return rel if "." in rel.rsplit("/", 1)[-1] else rel + "/index.html"


def address_of_file(rel: str) -> str:
    """The address key of a site file as the address checks use it: ``a/index.html`` → ``a/``,
    ``a/b.html`` → ``a/b.html/``."""
    return rel[: -len("index.html")] if rel == "index.html" or rel.endswith("/index.html") else rel + "/"


def sort_key(item: Item) -> tuple[float, str]:
    """Newest ``date`` first, ties by path ascending (CONTRACT §3)."""
    stamp = item.date.timestamp() if item.date else float("-inf")
    return (-stamp, item.path)


def end_of_day(day: dt.date) -> dt.datetime:
    """The last moment of ``day`` in Beijing time: "as of a date" means that whole day."""
    return dt.datetime.combine(day, dt.time.max, tzinfo=BEIJING)


@dataclass
class Portal:
    """Everything loaded from one portal: the catalog, every item, the findings."""

    root: str
    content_dir: str  # relative to root, POSIX
    catalog: Catalog
    items: dict[str, Item]  # every item, by path, published or not
    published: list[Item]  # the disclosure gate's output, in contract order
    today: dt.date
    findings: list[Finding] = field(default_factory=list)
    # The build's moment (aware, Beijing time); None: the end of ``today`` (a report's as-of day).
    now: dt.datetime | None = None
    # Files under content/ that published items reference (attachments, links, images).
    copied_files: set[str] = field(default_factory=set)
    # The published items that reference each copied file (for the privacy guard's allow-lists).
    file_referrers: dict[str, list[str]] = field(default_factory=dict)
    # Relations among published items: policy path -> interpretation paths, etc.
    interpretations: dict[str, list[str]] = field(default_factory=dict)
    replaces: dict[str, list[str]] = field(default_factory=dict)
    # Derived views (listing rows…) computed once per load by opengov.core.views.
    view_cache: dict[str, Any] = field(default_factory=dict)
    # Per-item results a cache keeps between builds (core/derived.py): path -> (digest, memo).
    derived: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    # The publication ledger (core/history/), from the git history; None: not read.
    ledger: Ledger | None = None
    # The 政府网站工作年度报表 drafted from the office's YAML (core/yearly/); None: not asked for.
    yearly: YearlyReport | None = None

    @property
    def moment(self) -> dt.datetime:
        """The moment the disclosure gate judges dates against."""
        return self.now or end_of_day(self.today)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def is_published(self, path: str) -> bool:
        return path in self._published_paths

    def __post_init__(self) -> None:
        self.set_published(self.published)

    def set_published(self, published: list[Item]) -> None:
        """Fix the published set (already in contract order) and index it once."""
        self.published = published
        self._published_paths = {i.path for i in published}
        by_column: dict[str, list[Item]] = {}
        by_department: dict[str, list[Item]] = {}
        for item in published:
            # Each item once per column, even when two of its columns share an ancestor.
            seen: set[str] = set()
            for column in item.columns:
                if column in self.catalog.columns:
                    seen.update(self.catalog.ancestors(column))
            for column in seen:
                by_column.setdefault(column, []).append(item)
            if item.publisher:
                by_department.setdefault(item.publisher, []).append(item)
        self._by_column = by_column
        self._by_department = by_department

    def column_items(self, column_id: str) -> list[Item]:
        """Published items of a column and its descendants, each once, contract order."""
        return self._by_column.get(column_id, [])

    def department_items(self, dept_id: str) -> list[Item]:
        return self._by_department.get(dept_id, [])
