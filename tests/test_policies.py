"""The current-policy library, ``/policies/`` and ``/policies.json`` (CONTRACT §3)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import LocalTab, build, check_cli, findings
from factories import item_md, make_portal

from opengov.browser import serve

ITEMS = {
    "content/policy/2023/old-rules.md": item_md(
        title="城乡低保审核确认办法",
        date="2023-03-15",
        category="policy",
        publisher="zfb",
        written="2023-03-07",
        doc_number="示府办发〔2023〕8号",
        doc_type="normative",
        validity="repealed",
        repealed_on="2025-06-01",
        replaced_by="policy/2025/new-rules.md",
    ),
    "content/policy/2025/new-rules.md": item_md(
        title="城乡低保审核确认办法（2025年修订）",
        date="2025-05-20",
        category="policy",
        publisher="zfb",
        doc_number="示府办发〔2025〕11号",
        doc_type="normative",
        validity="effective",
    ),
    "content/policy/2024/fees.md": item_md(
        title="行政事业性收费管理规定",
        date="2024-08-01",
        category="policy",
        publisher="czj",
        doc_type="regulation",
    ),
    "content/news/2025/new-rules-jd.md": item_md(
        title="一图读懂新版低保办法", date="2025-05-21", interprets="policy/2025/new-rules.md"
    ),
    "content/policy/2025/draft-rules.md": item_md(
        title="未公开的办法", date="2025-01-01", category="policy", doc_type="normative", draft="true"
    ),
    "content/news/2024/notice.md": item_md(title="一般通知", date="2024-01-01"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_portal(tmp_path_factory.mktemp("policies") / "portal", ITEMS)
    result = build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def test_policies_json_lists_published_policy_documents_in_force_first(site: Path) -> None:
    rows = json.loads((site / "policies.json").read_text(encoding="utf-8"))
    assert [r["path"] for r in rows] == [
        "policy/2025/new-rules.md",  # effective
        "policy/2024/fees.md",  # no validity stated: listed with those in force
        "policy/2023/old-rules.md",  # repealed, last
    ]
    new, _fees, old = rows
    assert new["interpretations"] == [
        {"url": "https://example.gov.cn/news/2025/new-rules-jd/", "title": "一图读懂新版低保办法"}
    ]
    assert (
        old["validity"] == "repealed"
        and old["repealed_on"] == "2025-06-01"
        and old["written"] == "2023-03-07"
    )
    assert old["replaced_by"] == {
        "url": "https://example.gov.cn/policy/2025/new-rules/",
        "title": "城乡低保审核确认办法（2025年修订）",
    }
    assert old["publisher_name"] == "县政府办公室" and old["doc_number"] == "示府办发〔2023〕8号"
    assert "未公开的办法" not in (site / "policies.json").read_text(encoding="utf-8")


def test_the_page_shows_when_and_by_what_a_document_was_repealed(site: Path) -> None:
    page = (site / "policies/index.html").read_text(encoding="utf-8")
    assert "共 3 件，其中现行有效 2 件" in page
    assert '<span class="og-badge og-badge--gone">废止</span>' in page and "2025-06-01废止" in page
    assert '被<a href="../policy/2025/new-rules/">示府办发〔2025〕11号</a>替代' in page
    assert '<a href="../news/2025/new-rules-jd/">一图读懂新版低保办法</a>' in page
    assert "未公开的办法" not in page and "一般通知" not in page
    assert "policies/" in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_policies_is_a_reserved_id(tmp_path: Path) -> None:
    catalog = "organization:\n  name: 示例县人民政府\ncolumns:\n  - id: policies\n    title: 政策\ndepartments:\n  - id: zfb\n    name: 县政府办公室\n"
    root = make_portal(
        tmp_path, {"content/policies/a.md": item_md(category="policies", publisher="zfb")}, catalog=catalog
    )
    result = check_cli(root)
    assert result.returncode == 1
    assert any(
        "url-conflict" in line and line.startswith("content/catalog.yml:4:")
        for line in findings(result.stdout)
    ), result.stdout


@pytest.fixture
def tab(browser: object, site: Path) -> Iterator[LocalTab]:
    httpd, base = serve(site)
    t = LocalTab(browser, base)
    yield t
    t.close()
    httpd.shutdown()
    httpd.server_close()


def test_the_form_filters_the_rows_in_the_page(tab: LocalTab) -> None:
    page = tab.page
    page.goto(tab.base + "/policies/")
    page.wait_for_selector("#og-policy-filter:not([hidden])")
    visible = "() => [...document.querySelectorAll('#og-policies tbody tr')].filter(r => !r.hidden).length"
    assert page.evaluate(visible) == 3
    page.select_option("#og-policy-filter select[name=validity]", "repealed")
    page.wait_for_function(f"({visible})() === 1")
    assert "1 件（共 3 件）" in page.inner_text("#og-policy-status")
    page.select_option("#og-policy-filter select[name=validity]", "")
    page.fill("#og-policy-filter input[name=q]", "收费")
    page.wait_for_function(f"({visible})() === 1")
    page.fill("#og-policy-filter input[name=q]", "〔2025〕11号")
    page.wait_for_function(f"({visible})() === 1")
    assert page.is_visible("text=城乡低保审核确认办法（2025年修订）")


def test_the_changes_feed_tells_when_a_rule_stops_applying(site: Path, atom_schema: object) -> None:
    import feedparser
    from lxml import etree

    for kind in ("rss", "atom"):
        data = (site / f"changes/{kind}.xml").read_bytes()
        feed = feedparser.parse(data)
        assert not feed.bozo, feed.get("bozo_exception")
        assert [e.title for e in feed.entries] == ["废止：城乡低保审核确认办法"]
        entry = feed.entries[0]
        assert entry.link == "https://example.gov.cn/policy/2023/old-rules/"
        assert "自2025年6月1日起废止，由《城乡低保审核确认办法（2025年修订）》替代" in entry.summary
        assert entry.published_parsed[:3] == (2025, 5, 31)  # 2025-06-01 00:00 Beijing time, in UTC
    atom = etree.fromstring((site / "changes/atom.xml").read_bytes())
    assert atom_schema.validate(atom), atom_schema.error_log  # type: ignore[attr-defined]
    # The entry is the change's own, not the item's entry again.
    item_ids = set(re.findall(r"<id>([^<]+)</id>", (site / "atom.xml").read_text(encoding="utf-8")))
    assert feed.entries[0].id not in item_ids
    opml = (site / "feeds.opml").read_text(encoding="utf-8")
    assert (
        'xmlUrl="https://example.gov.cn/changes/rss.xml"' in opml
        and 'xmlUrl="https://example.gov.cn/changes/atom.xml"' in opml
    )
    page = (site / "policies/index.html").read_text(encoding="utf-8")
    assert (
        'type="application/atom+xml" title="某某县人民政府信息公开 · 文件变更（Atom）" href="../changes/atom.xml"'
        in page
    )
