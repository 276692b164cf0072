"""Listings as data: pagination, rows, breadcrumbs (pure functions of the published set)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypedDict, Unpack

from .dates import cn_day, iso_day
from .model import Catalog, Column, Department, Item, Portal, page_count
from .vocabulary import DOC_TYPES, LAPSED_VALIDITIES, VALIDITIES


@dataclass(frozen=True)
class Crumb:
    title: str
    url: str  # site-relative


@dataclass
class Row:
    """One listing row, rendered from front matter only."""

    title: str
    url: str
    date: str  # YYYY-MM-DD, always visible
    date_cn: str
    publisher: str
    doc_number: str | None
    validity: str | None  # Chinese word, or None
    column_titles: list[str]
    index_no: str | None = None
    written: str = ""  # YYYY-MM-DD or empty


@dataclass
class ListingPage:
    """One page of a column's or a department's listing."""

    kind: str  # "column" | "department"
    key: str  # column or department id
    title: str
    number: int
    count: int  # pages in all
    total: int  # items in all
    rows: list[Row]
    base_url: str  # first page's URL, e.g. "fiscal/"
    description: str = ""
    crumbs: list[Crumb] = field(default_factory=list)
    subcolumns: list[Crumb] = field(default_factory=list)

    @property
    def url(self) -> str:
        return page_url(self.base_url, self.number)

    @property
    def src_uri(self) -> str:
        return self.url + "index.md"

    @property
    def prev_url(self) -> str | None:
        return page_url(self.base_url, self.number - 1) if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return page_url(self.base_url, self.number + 1) if self.number < self.count else None


def page_url(base_url: str, number: int) -> str:
    return base_url if number <= 1 else f"{base_url}page/{number}/"


def row(item: Item, catalog: Catalog) -> Row:
    return Row(
        title=item.title,
        url=item.url,
        date=iso_day(item.date) or "",
        date_cn=cn_day(item.date),
        publisher=catalog.department_name(item.publisher) or "",
        doc_number=item.doc_number,
        validity=VALIDITIES.get(item.validity or ""),
        column_titles=[catalog.columns[c].title for c in item.columns if c in catalog.columns],
        index_no=item.index_no,
        written=iso_day(item.written) or "",
    )


def cached_row(portal: Portal, item: Item) -> Row:
    """One row per item per load: an item shows in several listings, the home page and relations."""
    rows: dict[str, Row] = portal.view_cache.setdefault("rows", {})
    made = rows.get(item.path)
    if made is None:
        made = rows[item.path] = row(item, portal.catalog)
    return made


class ListingExtras(TypedDict, total=False):
    """The fields of :class:`ListingPage` that only some listings fill in."""

    description: str
    crumbs: list[Crumb]
    subcolumns: list[Crumb]


def paginate(
    kind: str,
    key: str,
    title: str,
    base_url: str,
    items: list[Item],
    portal: Portal,
    page_size: int,
    **extra: Unpack[ListingExtras],
) -> list[ListingPage]:
    size = max(page_size, 1)
    count = page_count(len(items), size)
    pages = []
    for number in range(1, count + 1):
        chunk = items[(number - 1) * size : number * size]
        pages.append(
            ListingPage(
                kind=kind,
                key=key,
                title=title,
                number=number,
                count=count,
                total=len(items),
                rows=[cached_row(portal, i) for i in chunk],
                base_url=base_url,
                **extra,
            )
        )
    return pages


def crumbs_for_column(catalog: Catalog, column_id: str) -> list[Crumb]:
    return [Crumb(catalog.columns[c].title, catalog.columns[c].url) for c in catalog.ancestors(column_id)]


def column_pages(portal: Portal, column: Column, page_size: int) -> list[ListingPage]:
    catalog = portal.catalog
    return paginate(
        "column",
        column.id,
        column.title,
        column.url,
        portal.column_items(column.id),
        portal,
        page_size,
        description=column.description,
        crumbs=crumbs_for_column(catalog, column.id),
        subcolumns=[Crumb(catalog.columns[c].title, catalog.columns[c].url) for c in column.children],
    )


def department_pages(portal: Portal, dept: Department, page_size: int) -> list[ListingPage]:
    return paginate(
        "department",
        dept.id,
        dept.name,
        dept.url,
        portal.department_items(dept.id),
        portal,
        page_size,
        crumbs=[Crumb("发布机构", "departments/"), Crumb(dept.name, dept.url)],
    )


def all_listing_pages(portal: Portal, page_size: int) -> list[ListingPage]:
    pages: list[ListingPage] = []
    for column in portal.catalog.columns.values():
        pages.extend(column_pages(portal, column, page_size))
    for dept in portal.catalog.departments.values():
        pages.extend(department_pages(portal, dept, page_size))
    return pages


@dataclass
class ItemView:
    """What an item page shows around its body: metadata block and relations."""

    item: Item
    meta: list[tuple[str, str]]
    crumbs: list[Crumb]
    interprets: Row | None
    interpretations: list[Row]
    replaced_by: Row | None
    replaces: list[Row]
    banner: str | None  # 废止/失效 notice
    publisher_name: str | None = None  # the publisher's name from the catalog, for the search index


def item_view(portal: Portal, item: Item) -> ItemView:
    catalog = portal.catalog
    publisher_name = catalog.department_name(item.publisher)
    meta = [
        ("索引号", item.index_no or ""),
        ("主题分类", "、".join(item.topics) or "、".join(cached_row(portal, item).column_titles)),
        ("发布机构", publisher_name or ""),
        ("成文日期", cn_day(item.written)),
        ("发布日期", cn_day(item.date)),
        ("文号", item.doc_number or ""),
        ("有效性", VALIDITIES.get(item.validity or "", "")),
    ]
    if item.doc_type != "other":
        meta.append(("文件类型", DOC_TYPES[item.doc_type]))
    if item.keywords:
        meta.append(("主题词", "、".join(item.keywords)))

    def rel_row(path: str | None) -> Row | None:
        if path and portal.is_published(path):
            return cached_row(portal, portal.items[path])
        return None

    banner = None
    if item.validity in LAPSED_VALIDITIES:
        word = VALIDITIES[item.validity]
        when = f"已于{cn_day(item.repealed_on)}{word}" if item.repealed_on else f"已{word}"
        banner = f"本文件{when}，仅供查阅，不再作为执行依据。"
    primary = item.primary_column
    crumbs = crumbs_for_column(catalog, primary) if primary in catalog.columns else []
    return ItemView(
        item=item,
        meta=meta,
        crumbs=crumbs,
        interprets=rel_row(item.interprets),
        interpretations=[r for r in (rel_row(p) for p in portal.interpretations.get(item.path, [])) if r],
        replaced_by=rel_row(item.replaced_by),
        replaces=[r for r in (rel_row(p) for p in portal.replaces.get(item.path, [])) if r],
        banner=banner,
        publisher_name=publisher_name,
    )


def latest_by_root_column(portal: Portal, per_column: int = 5) -> list[tuple[Column, list[Row]]]:
    """For the home page: the newest items of each top-level column."""
    return [
        (column, [cached_row(portal, i) for i in portal.column_items(column.id)[:per_column]])
        for column in portal.catalog.roots()
    ]
