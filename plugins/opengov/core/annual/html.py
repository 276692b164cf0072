"""The annual report as an HTML fragment (tables in the template's order; no scripts)."""

from __future__ import annotations

import html

from .computation import AnnualReport
from .layout import fees_sentence, paragraphs, row_cells, table2_rows
from .schema import APPLICANTS, REVIEW_RESULTS, REVIEW_ROWS, SECTION_TITLES, TABLE3_NOTE, TABLE3_ROWS

_e = html.escape


def _text_section(title: str, text: str, extra: str = "") -> str:
    paras = paragraphs(text)
    if extra:
        paras.append(extra)
    body = "".join(f"<p>{_e(p)}</p>" for p in paras) or '<p class="og-annual-blank">（待填写）</p>'
    return f'<section class="og-annual-section"><h2>{_e(title)}</h2>{body}</section>'


def annual_html(report: AnnualReport) -> str:
    """The report as a self-contained HTML fragment (tables in template order; no scripts).

    The fragment has no heading of its own: give the page ``report.title``.
    """
    out = ['<div class="og-annual">']
    out.append(_text_section(SECTION_TITLES[0], report.overview))

    # 二
    out.append(f'<section class="og-annual-section"><h2>{_e(SECTION_TITLES[1])}</h2>')
    out.append('<table class="og-annual-table og-annual-active"><tbody>')
    for kind, cells in table2_rows(report):
        if kind == "group":
            out.append(f'<tr class="og-group"><th colspan="4" scope="colgroup">{_e(cells[0])}</th></tr>')
        elif kind == "head":
            span = "" if len(cells) == 4 else ' colspan="3"'
            out.append(
                '<tr><th scope="col">信息内容</th>'
                + "".join(f'<th scope="col"{span}>{_e(c)}</th>' for c in cells[1:])
                + "</tr>"
            )
        else:
            span = "" if len(cells) == 4 else ' colspan="3"'
            out.append(
                f'<tr><th scope="row">{_e(cells[0])}</th>'
                + "".join(f'<td class="og-num"{span}>{_e(c)}</td>' for c in cells[1:])
                + "</tr>"
            )
    out.append("</tbody></table></section>")

    # 三
    names = [cn for _, cn in APPLICANTS]
    out.append(f'<section class="og-annual-section"><h2>{_e(SECTION_TITLES[2])}</h2>')
    out.append('<table class="og-annual-table og-annual-applications"><thead>')
    out.append(
        f'<tr><th colspan="3" rowspan="3" scope="col">{_e(TABLE3_NOTE)}</th>'
        '<th colspan="7" scope="colgroup">申请人情况</th></tr>'
    )
    out.append(
        f'<tr><th rowspan="2" scope="col">{_e(names[0])}</th>'
        '<th colspan="5" scope="colgroup">法人或其他组织</th><th rowspan="2" scope="col">总计</th></tr>'
    )
    out.append("<tr>" + "".join(f'<th scope="col">{_e(n)}</th>' for n in names[1:]) + "</tr>")
    out.append("</thead><tbody>")
    span1: dict[str, int] = {}
    span2: dict[tuple[str, str], int] = {}
    for _path, (l1, l2, _l3) in TABLE3_ROWS:
        span1[l1] = span1.get(l1, 0) + 1
        span2[(l1, l2)] = span2.get((l1, l2), 0) + 1
    done1: set[str] = set()
    done2: set[tuple[str, str]] = set()
    for key_path, (l1, l2, l3) in TABLE3_ROWS:
        cells = []
        if not l2:
            cells.append(f'<th colspan="3" scope="row">{_e(l1)}</th>')
        else:
            if l1 not in done1:
                done1.add(l1)
                cells.append(f'<th rowspan="{span1[l1]}" scope="rowgroup">{_e(l1)}</th>')
            if not l3:
                cells.append(f'<th colspan="2" scope="row">{_e(l2)}</th>')
            else:
                if (l1, l2) not in done2:
                    done2.add((l1, l2))
                    cells.append(f'<th rowspan="{span2[(l1, l2)]}" scope="rowgroup">{_e(l2)}</th>')
                cells.append(f'<th scope="row">{_e(l3)}</th>')
        values = row_cells(report, report.application_row(key_path), 7)
        cells += [f'<td class="og-num">{_e(v)}</td>' for v in values]
        css = ' class="og-total"' if key_path == ("results", "total") else ""
        out.append(f"<tr{css}>" + "".join(cells) + "</tr>")
    out.append("</tbody></table></section>")

    # 四
    heads = [cn for _, cn in REVIEW_RESULTS] + ["总计"]
    out.append(f'<section class="og-annual-section"><h2>{_e(SECTION_TITLES[3])}</h2>')
    out.append('<table class="og-annual-table og-annual-reviews"><thead>')
    out.append(
        '<tr><th colspan="5" rowspan="2" scope="colgroup">行政复议</th>'
        '<th colspan="10" scope="colgroup">行政诉讼</th></tr>'
    )
    out.append(
        '<tr><th colspan="5" scope="colgroup">未经复议直接起诉</th>'
        '<th colspan="5" scope="colgroup">复议后起诉</th></tr>'
    )
    out.append("<tr>" + "".join(f'<th scope="col">{_e(h)}</th>' for h in heads * 3) + "</tr>")
    out.append("</thead><tbody><tr>")
    for key, _label in REVIEW_ROWS:
        out.extend(f'<td class="og-num">{_e(v)}</td>' for v in row_cells(report, report.reviews.get(key), 5))
    out.append("</tr></tbody></table></section>")

    out.append(_text_section(SECTION_TITLES[4], report.problems))
    out.append(_text_section(SECTION_TITLES[5], report.other_matters, fees_sentence(report.processing_fees)))
    out.append("</div>")
    return "\n".join(out)
