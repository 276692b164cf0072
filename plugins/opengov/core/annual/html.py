"""The annual report as an HTML fragment (tables in the template's order; no scripts).

The markup is ``templates/annual/report.html``; this module lays out the cells.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..tableheaders import with_linked_headers
from ..templating import render
from .computation import AnnualReport
from .layout import fees_sentence, paragraphs, row_cells, table2_rows
from .schema import APPLICANTS, REVIEW_RESULTS, REVIEW_ROWS, SECTION_TITLES, TABLE3_NOTE, TABLE3_ROWS


@dataclass(frozen=True)
class HeadCell:
    text: str
    scope: str
    colspan: int = 0
    rowspan: int = 0


@dataclass(frozen=True)
class ApplicationRow:
    heads: list[HeadCell]
    values: list[str]
    total: bool


def _application_rows(report: AnnualReport) -> list[ApplicationRow]:
    """Table 3's rows; a level's heading spans its rows and is printed on the first of them."""
    span1: dict[str, int] = {}
    span2: dict[tuple[str, str], int] = {}
    for _path, (l1, l2, _l3) in TABLE3_ROWS:
        span1[l1] = span1.get(l1, 0) + 1
        span2[(l1, l2)] = span2.get((l1, l2), 0) + 1
    done1: set[str] = set()
    done2: set[tuple[str, str]] = set()
    rows = []
    for key_path, (l1, l2, l3) in TABLE3_ROWS:
        heads = []
        if not l2:
            heads.append(HeadCell(l1, "row", colspan=3))
        else:
            if l1 not in done1:
                done1.add(l1)
                heads.append(HeadCell(l1, "rowgroup", rowspan=span1[l1]))
            if not l3:
                heads.append(HeadCell(l2, "row", colspan=2))
            else:
                if (l1, l2) not in done2:
                    done2.add((l1, l2))
                    heads.append(HeadCell(l2, "rowgroup", rowspan=span2[(l1, l2)]))
                heads.append(HeadCell(l3, "row"))
        values = row_cells(report, report.application_row(key_path), 7)
        rows.append(ApplicationRow(heads, values, total=key_path == ("results", "total")))
    return rows


def _with(paras: list[str], extra: str) -> list[str]:
    return [*paras, extra] if extra else paras


def annual_html(report: AnnualReport) -> str:
    """The report as a self-contained HTML fragment (tables in template order; no scripts).

    The fragment has no heading of its own: give the page ``report.title``.
    """
    html = render(
        "annual/report.html",
        titles=SECTION_TITLES,
        overview=paragraphs(report.overview),
        active=table2_rows(report),
        table3_note=TABLE3_NOTE,
        applicants=[cn for _, cn in APPLICANTS],
        applications=_application_rows(report),
        review_heads=([cn for _, cn in REVIEW_RESULTS] + ["总计"]) * 3,
        reviews=[v for key, _label in REVIEW_ROWS for v in row_cells(report, report.reviews.get(key), 5)],
        problems=paragraphs(report.problems),
        other_matters=_with(paragraphs(report.other_matters), fees_sentence(report.processing_fees)),
    )
    # Stacked column headings (申请人情况 › 法人或其他组织 › …): scope alone cannot name them.
    return with_linked_headers(html, f"og-annual-{report.year}")
