"""The annual report as CSV, rows in the template's order."""

from __future__ import annotations

import io

from ..csvsafe import SafeWriter
from .computation import AnnualReport
from .layout import fees_sentence, paragraphs, row_cells, table2_rows
from .schema import APPLICANTS, REVIEW_RESULTS, REVIEW_ROWS, SECTION_TITLES, TABLE3_NOTE, TABLE3_ROWS


def annual_csv(report: AnnualReport, *, bom: bool = False) -> str:
    """The report as CSV rows in the template's order (UTF-8 text; ``bom=True`` for Excel)."""
    buf = io.StringIO()
    w = SafeWriter(buf)
    w.writerow([report.title])
    w.writerow([SECTION_TITLES[0]])
    for p in paragraphs(report.overview):
        w.writerow([p])

    w.writerow([SECTION_TITLES[1]])
    for _kind, cells in table2_rows(report):
        w.writerow(cells)

    w.writerow([SECTION_TITLES[2]])
    names = [cn for _, cn in APPLICANTS]
    w.writerow([TABLE3_NOTE, "", "", "申请人情况"])
    w.writerow(["", "", "", names[0], "法人或其他组织", "", "", "", "", "总计"])
    w.writerow(["", "", "", "", *names[1:], ""])
    for key_path, labels in TABLE3_ROWS:
        w.writerow([*labels, *row_cells(report, report.application_row(key_path), 7)])

    w.writerow([SECTION_TITLES[3]])
    w.writerow(["行政复议", "", "", "", "", "行政诉讼"])
    w.writerow(["", "", "", "", "", "未经复议直接起诉", "", "", "", "", "复议后起诉"])
    heads = [cn for _, cn in REVIEW_RESULTS] + ["总计"]
    w.writerow(heads * 3)
    values: list[str] = []
    for key, _label in REVIEW_ROWS:
        values += row_cells(report, report.reviews.get(key), 5)
    w.writerow(values)

    w.writerow([SECTION_TITLES[4]])
    for p in paragraphs(report.problems):
        w.writerow([p])
    w.writerow([SECTION_TITLES[5]])
    for p in paragraphs(report.other_matters):
        w.writerow([p])
    if report.processing_fees:
        w.writerow([fees_sentence(report.processing_fees)])
    text = buf.getvalue()
    return ("\ufeff" + text) if bom else text
