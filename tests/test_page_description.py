"""``<meta name="description">`` (issue 18): what a search engine shows under each page's title."""

from __future__ import annotations

from pathlib import Path

import lxml.html
from conftest import build
from factories import item_md, make_portal

from opengov.core.plaintext import first_paragraph_sentence

NOTICE = "各乡镇人民政府，县级各部门：\n\n现将2024年低保标准调整如下。每人每月提高50元。\n\n## 一、范围\n\n全县。\n"


def _description(site: Path, page: str) -> str | None:
    tree = lxml.html.parse(str(site / page / "index.html"))
    found = tree.xpath('//meta[@name="description"]/@content')
    assert len(found) == 1, found
    return str(found[0])


def test_items_listings_and_columns_describe_themselves(tmp_path: Path) -> None:
    root = make_portal(
        tmp_path,
        {
            "content/news/notice.md": item_md(title="关于调整低保标准的通知", body=NOTICE),
            "content/news/brief.md": item_md(title="简讯", summary="县政府召开常务会议<研究>预算。"),
        },
    )
    result = build(root)
    assert result.returncode == 0, result.stderr
    site = root / "site"
    # No summary: the first sentence of the body, past the 主送机关 line.
    assert _description(site, "news/notice") == "现将2024年低保标准调整如下。"
    # A summary is used as written (escaped once: the parser reads the text back).
    assert _description(site, "news/brief") == "县政府召开常务会议<研究>预算。"
    # A department listing says what it lists; the home page keeps the site's description.
    assert "公开的政府信息" in (_description(site, "departments/czj") or "")


def test_the_first_sentence_skips_headings_tables_and_is_cut_short() -> None:
    html = "<h2>一、总则</h2><table><tr><td>表</td></tr></table><p>" + "很长的句子" * 40 + "</p>"
    text = first_paragraph_sentence(html)
    assert text.startswith("很长的句子") and text.endswith("…") and len(text) == 121
    assert first_paragraph_sentence("<p>第一句！第二句。</p>") == "第一句！"
    assert first_paragraph_sentence("") == ""
