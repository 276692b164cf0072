"""Tables with stacked headings name each number's headings explicitly (WCAG 1.3.1, H43)."""

from __future__ import annotations

import lxml.html

from opengov.core.tableheaders import with_linked_headers

STACKED = """<p>前言</p><table><thead>
<tr><th rowspan="2">项目</th><th colspan="2">法人或其他组织</th><th rowspan="2">总计</th></tr>
<tr><th>商业企业</th><th>科研机构</th></tr>
</thead><tbody>
<tr><th>本年新收</th><td>1</td><td>2</td><td>3</td></tr>
<tr><th>上年结转</th><td>4</td><td>5</td><td>9</td></tr>
</tbody></table><p>后记 &amp; 说明</p>"""


def _cells(html: str) -> dict[str, list[str]]:
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    names = {th.get("id"): th.text_content() for th in root.iter("th")}
    return {
        f"{td.getparent()[0].text_content()}:{td.text_content()}": [
            names[i] for i in td.get("headers").split()
        ]
        for td in root.iter("td")
    }


def test_each_number_names_its_row_and_every_heading_above_it() -> None:
    html = with_linked_headers(STACKED, "t")
    cells = _cells(html)
    assert cells["本年新收:1"] == ["法人或其他组织", "商业企业", "本年新收"]
    assert cells["本年新收:2"] == ["法人或其他组织", "科研机构", "本年新收"]
    assert cells["上年结转:9"] == ["总计", "上年结转"]
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    ids = [th.get("id") for th in root.iter("th")]
    assert len(ids) == len(set(ids)) == 7 and all(i.startswith("t-1-") for i in ids)
    # What surrounds the table is kept as it was.
    assert html.startswith("<p>前言</p>") and html.endswith("<p>后记 &amp; 说明</p>")


def test_ids_already_given_are_kept_and_a_second_table_gets_its_own() -> None:
    html = with_linked_headers('<table><tr><th id="own">甲</th><td>1</td></tr></table>' + STACKED, "t")
    assert 'headers="own"' in html
    assert 'id="t-2-1"' in html and 'id="t-1-1"' not in html


def test_spans_beyond_html_limits_or_not_numbers_are_taken_as_html_takes_them() -> None:
    html = with_linked_headers(
        '<table><tr><th colspan="999999999">甲</th><th rowspan="x">乙</th></tr><tr><td>1</td></tr></table>',
        "t",
    )
    assert 'headers="t-1-1"' in html
