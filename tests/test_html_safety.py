"""HTML safety, spreadsheet-safe exports and the plugin options as MkDocs reads them (issue 13)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import feedparser
import lxml.html
from conftest import build, site_files
from factories import DEPT_CODE, MKDOCS_YML, ORG_CODE, item_md, make_portal
from lxml import etree

from opengov.core.csvsafe import safe_cell

FORMULAS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"]


def test_catalog_csv_cells_that_start_like_a_formula_are_quoted(tmp_path: Path) -> None:
    items = {
        f"content/news/f{i}.md": item_md(title=json.dumps(text), doc_number=json.dumps(text))
        for i, text in enumerate(FORMULAS)
    }
    root = make_portal(tmp_path, items)
    result = build(root)
    assert result.returncode == 0, result.stderr
    text = (root / "site/catalog.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    titles = {row[1] for row in rows[1:]}
    numbers = {row[5] for row in rows[1:]}
    assert titles == {"'" + t for t in FORMULAS} == numbers
    # The JSON export keeps the text as written.
    data = json.loads((root / "site/catalog.json").read_text(encoding="utf-8"))
    records = data["items"] if isinstance(data, dict) else data
    assert {r["title"] for r in records} == set(FORMULAS)


def test_tab_and_carriage_return_starts_are_quoted_too() -> None:
    # Titles lose leading whitespace when read, so these cells are shown on the rule itself.
    assert [safe_cell(v) for v in ("\tx", "\rx", "x=1", "", 3)] == ["'\tx", "'\rx", "x=1", "", 3]


# -- markup in every text field (CONTRACT §5 `unsafe-html`; issue 13) ----------------------------

PAYLOAD = '"><img src=x onerror=alert(1)><script>alert(1)</script>\'"><svg onload=alert(1)>'
Q = json.dumps(PAYLOAD, ensure_ascii=False)  # JSON strings are YAML double-quoted scalars


def _markup_portal(tmp_path: Path) -> Path:
    catalog = f"""\
organization:
  name: {Q}
  code: {ORG_CODE}
columns:
  - id: news
    title: {Q}
    description: {Q}
    children:
      - id: sub
        title: {Q}
        description: {Q}
  - id: policy
    title: 政策
departments:
  - id: czj
    name: {Q}
    code: {DEPT_CODE}
"""
    items = {
        f"content/news/a{i}.md": item_md(
            title=Q,
            category="sub" if i % 2 else "news",
            summary=Q,
            doc_number=Q,
            topics=[Q],
            keywords=[Q],
            attachments=[{"path": "data.csv", "title": Q}] if i == 0 else None,
            aliases=["old/a.md"] if i == 0 else None,
            body=f"正文 {PAYLOAD.replace('<', '&lt;')}\n",
        )
        for i in range(3)
    }
    items["content/news/data.csv"] = "a,b\n1,2\n"
    footer = {
        key: PAYLOAD for key in ("sponsor", "organizer", "contact", "site_code", "icp", "police_record")
    }
    footer.update(
        gov_badge_link='https://x.gov.cn/?a="><svg/onload=alert(1)>',
        error_report_url="https://x.gov.cn/report/?q=<svg>",
    )
    yml = MKDOCS_YML.replace("site_name: 某某县人民政府信息公开", f"site_name: {Q}")
    options = {"page_size": 2, "compliance_page": True, "footer": footer}
    body = "".join(f"      {k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in options.items())
    return make_portal(
        tmp_path, items, catalog=catalog, mkdocs_yml=yml.replace("  - opengov\n", "  - opengov:\n" + body)
    )


def _live_elements(html: str) -> list[str]:
    """Elements the payload would have made live: any on… handler, its img, script or svg."""
    tree = lxml.html.document_fromstring(html)
    found = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        handlers = [name for name in element.attrib if name.lower().startswith("on")]
        if handlers:
            found.append(f"<{element.tag} {handlers}>")
        if element.tag == "img" and element.get("src") == "x":
            found.append("<img src=x>")
        if element.tag == "script" and "alert(1)" in (element.text or ""):
            found.append("<script>alert(1)")
        if element.tag == "svg" and "onload" in element.attrib:
            found.append("<svg onload>")
    return found


def test_markup_in_every_text_field_is_printed_as_text_everywhere(tmp_path: Path) -> None:
    root = _markup_portal(tmp_path)
    result = build(root)
    assert result.returncode == 0, result.stderr
    files = site_files(root / "site")
    pages = {name: data.decode("utf-8") for name, data in files.items() if name.endswith(".html")}
    # Every page type is there: item, listings (page 2 too), catalogue, home, search, compliance,
    # departments, 404 and the redirects of an alias.
    expected = {
        "index.html",
        "news/index.html",
        "news/page/2/index.html",
        "sub/index.html",
        "catalog/index.html",
        "search/index.html",
        "compliance/index.html",
        "departments/index.html",
        "404.html",
        "old/a/index.html",
    }
    assert expected <= set(pages), sorted(pages)
    assert any(name.startswith("news/") and name.count("/") == 3 for name in pages)  # an item page
    live = {name: found for name, html in pages.items() if (found := _live_elements(html))}
    assert live == {}
    # The payload is shown as text: in the item page, its title, 文号, attachment, nav and footer.
    item = next(html for name, html in pages.items() if "a0" in name and "old" not in name)
    text = lxml.html.document_fromstring(item).text_content()
    assert text.count(PAYLOAD) >= 5
    head = lxml.html.document_fromstring(item).find(".//title")
    assert PAYLOAD in head.text
    # Feeds: well-formed XML whose titles are the text and whose HTML content has nothing live.
    for name, data in files.items():
        if name.endswith(("rss.xml", "atom.xml")):
            tree = etree.fromstring(data)
            html_nodes = tree.xpath(
                "//item/description | //*[local-name()='encoded']"
                " | //*[local-name()='entry']/*[@type='html' or @type='xhtml']"
            )
            assert html_nodes or "/" in name, name  # the site's feeds carry every item
            for node in html_nodes:
                assert _live_elements(f"<div>{node.text}</div>") == [], name
    parsed = feedparser.parse(files["rss.xml"])
    assert PAYLOAD in {entry.title for entry in parsed.entries}
    # The exports keep the text as written.
    rows = json.loads(files["catalog.json"])
    records = rows["items"] if isinstance(rows, dict) else rows
    assert {r["title"] for r in records} == {PAYLOAD}


def test_docs_page_titles_are_printed_as_text_in_every_page(tmp_path: Path) -> None:
    """A docs page's title, from its front matter or its first heading, is in every page's nav."""
    # A title from the heading is MkDocs' HTML of it (entities kept): shown as written, once.
    root = make_portal(
        tmp_path / "portal",
        {
            "content/news/a.md": item_md(),
            "docs/about.md": "---\ntitle: '<img src=x onerror=alert(1)>'\n---\n正文。\n",
            "docs/guide.md": "# 指南 &lt;svg onload=alert(1)&gt;\n\n正文。\n",
        },
    )
    result = build(root)
    assert result.returncode == 0, result.stderr
    pages = {n: d.decode("utf-8") for n, d in site_files(root / "site").items() if n.endswith(".html")}
    assert {"index.html", "about/index.html", "guide/index.html", "news/index.html"} <= set(pages)
    assert {name: found for name, html in pages.items() if (found := _live_elements(html))} == {}
    # The titles are still shown, as text.
    nav = lxml.html.document_fromstring(pages["news/index.html"]).text_content()
    assert "<img src=x onerror=alert(1)>" in nav
    assert "指南 <svg onload=alert(1)>" in nav
