"""Open-data exports of the published set: catalog.json, catalog.csv, sitemap.xml."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from typing import TypedDict
from urllib.parse import urljoin
from xml.sax.saxutils import escape

from .csvsafe import SafeWriter
from .dates import iso_day
from .links import absolute_url, ascii_uri
from .model import Portal
from .vocabulary import DISCLOSURES, DOC_TYPES, VALIDITIES


class CatalogRecord(TypedDict):
    """One row of ``catalog.json`` (CONTRACT §3): dates ``YYYY-MM-DD``, English enumerations."""

    url: str
    path: str
    title: str
    publisher: str | None
    publisher_name: str | None
    columns: list[str]
    date: str | None
    written: str | None
    index_no: str | None
    doc_number: str | None
    validity: str | None
    doc_type: str
    repealed_on: str | None
    topics: list[str]
    keywords: list[str]
    disclosure: str
    first_published: str | None  # ISO time of the publishing commit; null without git history


def catalog_records(portal: Portal, base_url: str | None = None) -> list[CatalogRecord]:
    """One object per published item (CONTRACT §3): dates ``YYYY-MM-DD``, English enumerations."""
    records: list[CatalogRecord] = []
    ledger = portal.ledger
    for item in portal.published:
        first = ledger.first_published(item.path) if ledger is not None else None
        records.append(
            {
                "url": absolute_url(base_url or "/", item.url),
                "path": item.path,
                "title": item.title,
                "publisher": item.publisher,
                "publisher_name": portal.catalog.department_name(item.publisher),
                "columns": list(item.columns),
                "date": iso_day(item.date),
                "written": iso_day(item.written),
                "index_no": item.index_no,
                "doc_number": item.doc_number,
                "validity": item.validity,
                "doc_type": item.doc_type,
                "repealed_on": iso_day(item.repealed_on),
                "topics": list(item.topics),
                "keywords": list(item.keywords),
                "disclosure": item.disclosure,
                "first_published": first.isoformat() if first is not None else None,
            }
        )
    return records


def catalog_json(records: list[CatalogRecord]) -> bytes:
    # Compact: the indenting encoder is pure Python and several times slower at 10,000 rows.
    return json.dumps(records, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


CSV_HEADER = (
    "索引号",
    "标题",
    "发布机构",
    "成文日期",
    "发布日期",
    "文号",
    "有效性",
    "栏目",
    "文件类型",
    "主题分类",
    "网址",
)


def catalog_csv(portal: Portal, records: list[CatalogRecord]) -> bytes:
    """The same rows in Chinese, UTF-8 with BOM so Excel opens it correctly."""
    titles = {c.id: c.title for c in portal.catalog.columns.values()}
    buffer = io.StringIO()
    writer = SafeWriter(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for rec in records:
        writer.writerow(
            (
                rec["index_no"] or "",
                rec["title"],
                rec["publisher_name"] or "",
                rec["written"] or "",
                rec["date"] or "",
                rec["doc_number"] or "",
                VALIDITIES.get(str(rec["validity"]), ""),
                "、".join(titles.get(str(c), str(c)) for c in rec["columns"]),
                DOC_TYPES.get(str(rec["doc_type"]), ""),
                "、".join(rec["topics"]),
                rec["url"],
            )
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def catalog_rows_compact(portal: Portal, records: list[CatalogRecord]) -> bytes:
    """Rows for the in-page catalogue filter: arrays, not objects, to stay light on phones.

    URLs are site-relative (``/fiscal/…``), whatever host ``records`` were made for.
    """
    dept_names = {d.id: d.name for d in portal.catalog.departments.values()}
    rows = [
        [
            "/" + item.url,
            rec["title"],
            rec["publisher"],
            rec["written"],
            rec["date"],
            rec["doc_number"],
            rec["validity"],
            rec["index_no"],
            rec["columns"],
        ]
        for item, rec in zip(portal.published, records, strict=True)
    ]
    meta = {
        "fields": [
            "url",
            "title",
            "publisher",
            "written",
            "date",
            "doc_number",
            "validity",
            "index_no",
            "columns",
        ],
        "departments": dept_names,
        "columns": {c.id: {"title": c.title, "parent": c.parent} for c in portal.catalog.columns.values()},
        "validity": VALIDITIES,
        "disclosure": DISCLOSURES,
    }
    return json.dumps({"meta": meta, "rows": rows}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def sitemap(urls: Iterable[tuple[str, str | None]], base_url: str) -> bytes:
    """``urls``: (site-relative URL, lastmod YYYY-MM-DD or None); ``./`` is the home page."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for url, lastmod in urls:
        entry = f"<url><loc>{escape(ascii_uri(urljoin(base_url, url)))}</loc>"
        if lastmod:
            entry += f"<lastmod>{lastmod}</lastmod>"
        out.append(entry + "</url>")
    out.append("</urlset>")
    return ("\n".join(out) + "\n").encode("utf-8")
