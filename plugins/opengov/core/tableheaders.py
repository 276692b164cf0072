"""Explicit header cells for tables with several levels of headers (WCAG 1.3.1, technique H43).

``scope`` cannot say which of two stacked column headings a number belongs to (the annual
report's 申请人情况 › 法人或其他组织 › 商业企业): a screen reader then reads a bare number.
Every ``<th>`` gets an ``id`` and every ``<td>`` a ``headers`` list: the header cells of
its rows that stand to its left and those of its columns that stand above it, spans counted.
"""

from __future__ import annotations

import lxml.html
from lxml import etree

# HTML's own limits: a larger colspan/rowspan counts as these (and would otherwise cost memory).
SPAN_LIMITS = {"colspan": 1000, "rowspan": 65534}


def _span(cell: etree._Element, name: str) -> int:
    try:
        return min(max(1, int(cell.get(name) or 1)), SPAN_LIMITS[name])
    except ValueError:
        return 1


def _grid(table: etree._Element) -> list[tuple[etree._Element, int, int, int, int]]:
    """Each cell with its first row, first column and its spans, in document order."""
    placed: list[tuple[etree._Element, int, int, int, int]] = []
    taken: set[tuple[int, int]] = set()
    for row_index, row in enumerate(table.iter("tr")):
        column = 0
        for cell in row:
            if cell.tag not in ("th", "td"):
                continue
            while (row_index, column) in taken:
                column += 1
            rows, columns = _span(cell, "rowspan"), _span(cell, "colspan")
            for r in range(row_index, row_index + rows):
                for c in range(column, column + columns):
                    taken.add((r, c))
            placed.append((cell, row_index, column, rows, columns))
            column += columns
    return placed


def link_headers(table: etree._Element, prefix: str) -> None:
    """Give ``table``'s header cells ids (``prefix-1``…) and its data cells ``headers``."""
    cells = _grid(table)
    heads = [entry for entry in cells if entry[0].tag == "th"]
    for number, (cell, *_rest) in enumerate(heads, 1):
        if not cell.get("id"):
            cell.set("id", f"{prefix}-{number}")
    for cell, row, column, rows, columns in cells:
        if cell.tag != "td":
            continue
        ids = []
        for head, h_row, h_column, h_rows, h_columns in heads:
            same_rows = h_row < row + rows and row < h_row + h_rows
            same_columns = h_column < column + columns and column < h_column + h_columns
            left = same_rows and h_column + h_columns <= column
            above = same_columns and h_row + h_rows <= row
            if left or above:
                ids.append(head.get("id") or "")
        if ids:
            cell.set("headers", " ".join(ids))


def with_linked_headers(fragment: str, prefix: str) -> str:
    """``fragment`` (trusted HTML we rendered) with every table's cells linked to its headers."""
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    for number, table in enumerate(root.iter("table"), 1):
        link_headers(table, f"{prefix}-{number}")
    return (root.text or "") + "".join(
        etree.tostring(child, encoding="unicode", method="html") for child in root
    )
