"""``old_urls`` (旧网址): a former portal's addresses keep working, each a redirect page at exactly that address."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

from conftest import build, check_cli, findings
from factories import item_md, make_portal


def redirect_target(site: Path, rel: str) -> str:
    """Where the page at ``rel`` sends its reader, as a site path."""
    page = (site / rel).read_text(encoding="utf-8")
    target = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', page)
    assert target, page
    return urljoin("https://example.gov.cn/" + rel, target.group(1)).removeprefix("https://example.gov.cn")


def test_each_old_address_answers_with_a_redirect_to_its_item(tmp_path: Path) -> None:
    root = make_portal(
        tmp_path,
        {
            "content/news/2017/plan.md": item_md(
                old_urls=[
                    "/art/2017/7/27/art_1234_56789.html",
                    "/col/col123/index.html",
                    "/col/col12/",
                    "http://www.old.gov.cn/art/2016/1/2/art_9_1.html",
                ]
            ),
            "content/news/draft.md": item_md(
                title="草稿", draft="true", 旧网址=["/art/2017/1/1/art_1_1.html"]
            ),
        },
    )
    result = build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    site = root / "site"
    for rel in (
        "art/2017/7/27/art_1234_56789.html",
        "col/col123/index.html",
        "col/col12/index.html",
        "art/2016/1/2/art_9_1.html",
    ):
        assert redirect_target(site, rel) == "/news/2017/plan/", rel
        assert '<link rel="canonical" href="https://example.gov.cn/news/2017/plan/">' in (
            site / rel
        ).read_text("utf-8")
    assert not (site / "art/2017/1/1").exists()  # an unpublished item's old address answers nothing


def test_old_addresses_that_cannot_work_or_collide_are_errors(tmp_path: Path) -> None:
    root = make_portal(
        tmp_path,
        {
            "content/news/a.md": item_md(
                old_urls=["art/1.html", "/col/../x/", "/list.jsp?id=5", "/art/same.html"]
            ),
            "content/news/b.md": item_md(title="乙", old_urls=["/art/same.html", "/news/a/"]),
        },
    )
    result = check_cli(root)
    assert result.returncode == 1
    heads = [line.split(": ", 2)[:2] for line in findings(result.stdout)]
    assert ["content/news/a.md:7", "error bad-value"] in heads
    assert ["content/news/a.md:8", "error bad-value"] in heads
    assert ["content/news/a.md:9", "error bad-path"] in heads
    conflicts = [line for line in findings(result.stdout) if "url-conflict" in line]
    assert any(
        line.startswith("content/news/b.md:7:") and "网址 /art/same.html 已被" in line for line in conflicts
    ), conflicts
    assert any(line.startswith("content/news/b.md:8:") and "/news/a/" in line for line in conflicts), (
        conflicts
    )
